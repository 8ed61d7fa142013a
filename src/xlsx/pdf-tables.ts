/**
 * Tables from the ruling lines of a PDF page: the rules are joined where they continue each other,
 * grouped where they cross or touch (one group, one table), and each table's vertical rules give its
 * column boundaries and its horizontal rules its row boundaries. A grid cell with no rule between it
 * and its neighbour is one cell with it: such cells make a merged area (in both directions).
 */
import type { Rule } from "./pdf-extract";

/** Two positions closer than this (pt) are one boundary: the two sides of a 0.6 pt border, rounding. */
export const TOLERANCE = 2;
/** Collinear pieces closer than this (pt) are one rule: dashed borders, rules drawn cell by cell. */
const JOIN_GAP = 4;
/** A smaller group of rules is a box or a check mark, not a table. */
const MIN_TABLE_WIDTH = 40;
const MIN_TABLE_HEIGHT = 8;

/** A table as drawn on one page. */
export interface TablePart {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
  /** Column boundaries, left to right, from its vertical rules and its outer edges. */
  readonly xs: readonly number[];
  /** Row boundaries, top to bottom, from its horizontal rules and its outer edges. */
  readonly ys: readonly number[];
  readonly h: readonly Rule[];
  readonly v: readonly Rule[];
}

/** A cell of a table part: a rectangle of grid cells (rows r0..r1, columns c0..c1, inclusive). */
export interface Region {
  readonly r0: number;
  readonly r1: number;
  readonly c0: number;
  readonly c1: number;
  /** No rule along its top (bottom) edge: it goes on from the page before (onto the next page). */
  readonly openTop: boolean;
  readonly openBottom: boolean;
}

/** Collinear rules that overlap or nearly touch, joined. */
export function joinRules(rules: readonly Rule[]): Rule[] {
  const out: Rule[] = [];
  for (const dir of ["h", "v"] as const) {
    const sorted = rules.filter((r) => r.dir === dir).sort((p, q) => p.at - q.at || p.a - q.a);
    // Group by position, then join along the line.
    const groups: Rule[][] = [];
    for (const r of sorted) {
      const g = groups[groups.length - 1];
      if (g && Math.abs(g[0].at - r.at) <= TOLERANCE / 2) g.push(r);
      else groups.push([r]);
    }
    for (const g of groups) {
      const at = g.reduce((s, r) => s + r.at, 0) / g.length;
      const pieces = [...g].sort((p, q) => p.a - q.a);
      let cur = { a: pieces[0].a, b: pieces[0].b };
      for (const p of pieces.slice(1)) {
        if (p.a <= cur.b + JOIN_GAP) cur.b = Math.max(cur.b, p.b);
        else {
          out.push({ dir, at, ...cur });
          cur = { a: p.a, b: p.b };
        }
      }
      out.push({ dir, at, ...cur });
    }
  }
  return out;
}

const touches = (h: Rule, v: Rule): boolean =>
  v.at >= h.a - TOLERANCE && v.at <= h.b + TOLERANCE && h.at >= v.a - TOLERANCE && h.at <= v.b + TOLERANCE;

/** Positions within TOLERANCE of each other, as one (their mean), sorted. */
export function clusterPositions(values: readonly number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const out: number[][] = [];
  for (const v of sorted) {
    const g = out[out.length - 1];
    if (g && v - g[g.length - 1] <= TOLERANCE) g.push(v);
    else out.push([v]);
  }
  return out.map((g) => g.reduce((s, v) => s + v, 0) / g.length);
}

class UnionFind {
  private readonly parent: number[];
  constructor(n: number) {
    this.parent = Array.from({ length: n }, (_, i) => i);
  }
  find(i: number): number {
    while (this.parent[i] !== i) {
      this.parent[i] = this.parent[this.parent[i]];
      i = this.parent[i];
    }
    return i;
  }
  union(a: number, b: number): void {
    this.parent[this.find(a)] = this.find(b);
  }
}

/** The tables of a page: its rules grouped where they touch, each group wide and tall enough. */
export function findTables(rules: readonly Rule[]): TablePart[] {
  const joined = joinRules(rules);
  const h = joined.filter((r) => r.dir === "h");
  const v = joined.filter((r) => r.dir === "v");
  const uf = new UnionFind(joined.length);
  for (let i = 0; i < h.length; i++)
    for (let j = 0; j < v.length; j++) if (touches(h[i], v[j])) uf.union(i, h.length + j);
  const groups = new Map<number, { h: Rule[]; v: Rule[] }>();
  [...h, ...v].forEach((r, i) => {
    const root = uf.find(i);
    const g = groups.get(root) ?? { h: [], v: [] };
    (r.dir === "h" ? g.h : g.v).push(r);
    groups.set(root, g);
  });
  const all = [...groups.values()];
  // A column whose cell runs through the whole part (open at the top and the bottom: a merged cell cut
  // by both page breaks) has rules that touch no horizontal rule: they belong to the table they run
  // along, from its top to its bottom.
  const lone = all.filter((g) => g.h.length === 0).flatMap((g) => g.v);
  for (const r of lone) {
    const g = all.find(
      (t) =>
        t.h.length > 0 &&
        Math.abs(r.a - Math.min(...t.v.map((x) => x.a))) <= TOLERANCE &&
        Math.abs(r.b - Math.max(...t.v.map((x) => x.b))) <= TOLERANCE,
    );
    if (g) g.v.push(r);
  }
  const tables: TablePart[] = [];
  for (const g of all) {
    if (g.h.length === 0 || g.v.length === 0) continue; // lone underlines and separators
    const left = Math.min(...g.h.map((r) => r.a), ...g.v.map((r) => r.at));
    const right = Math.max(...g.h.map((r) => r.b), ...g.v.map((r) => r.at));
    const top = Math.min(...g.v.map((r) => r.a), ...g.h.map((r) => r.at));
    const bottom = Math.max(...g.v.map((r) => r.b), ...g.h.map((r) => r.at));
    if (right - left < MIN_TABLE_WIDTH || bottom - top < MIN_TABLE_HEIGHT) continue;
    // The outer edges count even where no rule runs along them (a table open at a page break).
    const xs = clusterPositions([left, right, ...g.v.map((r) => r.at)]);
    const ys = clusterPositions([top, bottom, ...g.h.map((r) => r.at)]);
    if (xs.length < 2 || ys.length < 2) continue;
    tables.push({ left, right, top, bottom, xs, ys, h: g.h, v: g.v });
  }
  return tables.sort((a, b) => a.top - b.top || a.left - b.left);
}

/** A rule at `at` covering the middle half of the span [from, to]: a border between two grid cells. */
function ruled(rules: readonly Rule[], at: number, from: number, to: number): boolean {
  const mid = (from + to) / 2;
  const q = (to - from) / 4;
  return rules.some((r) => Math.abs(r.at - at) <= TOLERANCE && r.a <= mid - q && r.b >= mid + q);
}

/**
 * The cells of a table part laid on the columns `xs` (the part's own, or those of the whole table when
 * it goes on over several pages): grid cells with no rule between them are one cell. An area that is
 * not a rectangle (a rule missing inside) is left as its grid cells.
 */
export function regionsOf(part: TablePart, xs: readonly number[]): Region[] {
  const ys = part.ys;
  const nr = ys.length - 1;
  const nc = xs.length - 1;
  const uf = new UnionFind(nr * nc);
  for (let r = 0; r < nr; r++)
    for (let c = 0; c < nc; c++) {
      if (c + 1 < nc && !ruled(part.v, xs[c + 1], ys[r], ys[r + 1])) uf.union(r * nc + c, r * nc + c + 1);
      if (r + 1 < nr && !ruled(part.h, ys[r + 1], xs[c], xs[c + 1])) uf.union(r * nc + c, (r + 1) * nc + c);
    }
  const areas = new Map<number, { r0: number; r1: number; c0: number; c1: number; n: number }>();
  for (let r = 0; r < nr; r++)
    for (let c = 0; c < nc; c++) {
      const root = uf.find(r * nc + c);
      const a = areas.get(root);
      if (a) {
        a.r0 = Math.min(a.r0, r);
        a.r1 = Math.max(a.r1, r);
        a.c0 = Math.min(a.c0, c);
        a.c1 = Math.max(a.c1, c);
        a.n++;
      } else areas.set(root, { r0: r, r1: r, c0: c, c1: c, n: 1 });
    }
  const rects: { r0: number; r1: number; c0: number; c1: number }[] = [];
  for (const [root, a] of areas) {
    if ((a.r1 - a.r0 + 1) * (a.c1 - a.c0 + 1) === a.n) rects.push(a);
    else
      for (let r = a.r0; r <= a.r1; r++)
        for (let c = a.c0; c <= a.c1; c++) if (uf.find(r * nc + c) === root) rects.push({ r0: r, r1: r, c0: c, c1: c });
  }
  return rects
    .sort((a, b) => a.r0 - b.r0 || a.c0 - b.c0)
    .map((a) => ({
      ...a,
      openTop: !ruled(part.h, ys[a.r0], xs[a.c0], xs[a.c1 + 1]),
      openBottom: !ruled(part.h, ys[a.r1 + 1], xs[a.c0], xs[a.c1 + 1]),
    }));
}

/** The index of the interval of `bounds` holding `at`, or -1 outside them (with TOLERANCE). */
export function intervalOf(bounds: readonly number[], at: number): number {
  if (at < bounds[0] - TOLERANCE || at > bounds[bounds.length - 1] + TOLERANCE) return -1;
  for (let i = bounds.length - 2; i >= 0; i--) if (at >= bounds[i]) return i;
  return 0;
}

/**
 * The second part goes on with the columns of the first: the same outer edges, and every boundary of
 * the part with fewer of them is one of the other's (a continued table may not use every column).
 */
export function sameColumns(a: TablePart, b: TablePart): boolean {
  const tol = 2 * TOLERANCE;
  if (Math.abs(a.left - b.left) > tol || Math.abs(a.right - b.right) > tol) return false;
  const [few, many] = a.xs.length <= b.xs.length ? [a.xs, b.xs] : [b.xs, a.xs];
  return few.every((x) => many.some((y) => Math.abs(x - y) <= tol));
}
