/**
 * The variations of domain.md §2.4 applied to a corpus form (its rows and merges): labels with their
 * weight or numbering, labels cut short, synonyms, columns in another order, template rows never
 * filled in, and forms stacked or side by side. Each keeps what the form says, so its findings must
 * stay the same, cells aside.
 */
import type { MergedRange } from "../../src/layout/grid";
import { categoryLevel, tableColumnOf } from "../../src/layout/recognize/lexicon";
import { comparable } from "../../src/domain/text";
import type { Rows } from "../tsv-grid";

export interface Layout {
  readonly rows: Rows;
  readonly merges: readonly MergedRange[];
}

const key = (text: string): string => comparable(text).replace(/:+$/, "");

/** Every cell whose text is (once respaced) one of `from` becomes `to`. */
export function relabel(layout: Layout, map: Readonly<Record<string, string>>): Layout {
  const byKey = new Map(Object.entries(map).map(([from, to]) => [key(from), to]));
  return { ...layout, rows: layout.rows.map((r) => r.map((c) => byKey.get(key(c)) ?? c)) };
}

/** The row of the indicator table's header: the first naming a target and a 三级 (or 一级). */
export function tableHeaderRow(layout: Layout): number {
  return layout.rows.findIndex((r) => {
    const fields = r.map((c) => tableColumnOf(key(c)));
    return (
      fields.some((f) => f === "target" || f === "targetComparator") &&
      (fields.includes("level3") || fields.includes("level1"))
    );
  });
}

/** 一级 names below the table header get a weight (`产出指标(50分)`) or a numbering (`一、产出指标`). */
export function decorateLevel1(layout: Layout, how: "weight" | "numbering"): Layout {
  const header = tableHeaderRow(layout);
  const column = header < 0 ? -1 : layout.rows[header].findIndex((c) => tableColumnOf(key(c)) === "level1");
  const numerals = ["一", "二", "三", "四", "五"];
  let n = 0;
  const rows = layout.rows.map((r, i) =>
    i <= header
      ? r
      : r.map((c, j) => {
          const k = key(c);
          if (j !== column || !k.endsWith("指标") || categoryLevel(k) !== 1) return c;
          return how === "weight" ? `${c}（${10 * (2 + (n++ % 3))}分）` : `${numerals[n++ % 5]}、${c}`;
        }),
  );
  return { ...layout, rows };
}

/** Blank rows inserted before row `at` (its merges moved down, merges across it grown). */
export function insertRows(layout: Layout, at: number, added: Rows): Layout {
  const k = added.length;
  const rows = [...layout.rows.slice(0, at), ...added, ...layout.rows.slice(at)];
  const merges = layout.merges.map((m) => {
    if (m.from.row >= at) return { from: { ...m.from, row: m.from.row + k }, to: { ...m.to, row: m.to.row + k } };
    if (m.to.row >= at) return { from: m.from, to: { ...m.to, row: m.to.row + k } };
    return m;
  });
  return { rows, merges };
}

/**
 * Template rows never filled in (`指标2：`, `……`) put after the last indicator row, in the 三级 column;
 * null when the form has no table or no 三级 column to put them in.
 */
export function withPlaceholders(layout: Layout): Layout | null {
  const header = tableHeaderRow(layout);
  if (header < 0) return null;
  const level3 = layout.rows[header].findIndex((c) => tableColumnOf(key(c)) === "level3");
  if (level3 < 0) return null;
  // The last row of the table before its 总分 (or its end).
  let last = header;
  for (let i = header + 1; i < layout.rows.length; i++) {
    const first = key(layout.rows[i].find((c) => c.trim() !== "") ?? "");
    if (/^(总分|合计|总计|评分等级|其他需要说明|说明|备注|填报|填表|项目负责人|评价结论|偏差大)/.test(first)) break;
    if (layout.rows[i].some((c) => c.trim() !== "")) last = i;
  }
  const blank = (text: string): string[] => layout.rows[header].map((_, c) => (c === level3 ? text : ""));
  return insertRows(layout, last + 1, [blank("指标2："), blank("……")]);
}

/**
 * Two columns of the indicator table swapped (分值 before 年度指标值), from its header down; null when a
 * merge touches either column there (the swap would cut it).
 */
export function swapTableColumns(layout: Layout, a: string, b: string): Layout | null {
  const header = tableHeaderRow(layout);
  if (header < 0) return null;
  const ca = layout.rows[header].findIndex((c) => tableColumnOf(key(c)) === a);
  const cb = layout.rows[header].findIndex((c) => tableColumnOf(key(c)) === b);
  if (ca < 0 || cb < 0) return null;
  const touches = layout.merges.some(
    (m) =>
      m.to.row >= header &&
      [ca, cb].some((c) => m.from.col <= c && c <= m.to.col) &&
      !(m.from.col === m.to.col && m.from.col === ca) &&
      !(m.from.col === m.to.col && m.from.col === cb),
  );
  if (touches) return null;
  const rows = layout.rows.map((r, i) => {
    if (i < header) return r;
    const out = [...r];
    while (out.length <= Math.max(ca, cb)) out.push("");
    [out[ca], out[cb]] = [out[cb], out[ca]];
    return out;
  });
  const merges = layout.merges.map((m) => {
    if (m.to.row < header || m.from.col !== m.to.col) return m;
    const col = m.from.col === ca ? cb : m.from.col === cb ? ca : m.from.col;
    return { from: { ...m.from, col }, to: { ...m.to, col } };
  });
  return { rows, merges };
}

const shift = (m: MergedRange, dr: number, dc: number): MergedRange => ({
  from: { row: m.from.row + dr, col: m.from.col + dc },
  to: { row: m.to.row + dr, col: m.to.col + dc },
});

/** Two forms one above the other, `gap` blank rows between. */
export function stacked(top: Layout, bottom: Layout, gap = 2): Layout {
  const offset = top.rows.length + gap;
  return {
    rows: [...top.rows, ...Array.from({ length: gap }, () => []), ...bottom.rows],
    merges: [...top.merges, ...bottom.merges.map((m) => shift(m, offset, 0))],
  };
}

/** Two forms side by side, the right one `gap` empty columns after the left one's last column. */
export function besides(left: Layout, right: Layout, gap = 6): Layout {
  const width = Math.max(...left.rows.map((r) => r.length));
  const col = width + gap;
  const n = Math.max(left.rows.length, right.rows.length);
  const rows: Rows = [];
  for (let i = 0; i < n; i++) {
    const l = [...(left.rows[i] ?? [])];
    const r = right.rows[i] ?? [];
    if (r.length > 0) {
      while (l.length < col) l.push("");
      l.push(...r);
    }
    rows.push(l);
  }
  return { rows, merges: [...left.merges, ...right.merges.map((m) => shift(m, 0, col))] };
}
