/**
 * Finding the forms on a sheet: each starts at a title (or, without one, at its 项目名称 label), with
 * the captions above it (`附件3`, a unit's caption); each covers the rows down to the next form in its
 * columns and the columns up to the next form beside it. A title with neither a 项目名称 nor any block
 * below it is a mention of the form (an instructions sheet), not a form.
 */
import {
  categoryLevel,
  declFundingOf,
  expertHeaderOf,
  fundingColumnOf,
  isAttachmentCaption,
  isKnownLabel,
  isYearLine,
  labelOf,
  MAX_TITLE,
  tableColumnOf,
  titleKind,
  type Kind,
} from "./lexicon";
import type { Area, Cell, View } from "./view";

/** How many columns apart two forms must start to be side by side rather than one above the other. */
export const SIDE_GAP = 5;

export interface Anchor {
  kind: Kind | null;
  readonly title: Cell | null;
  readonly name: Cell | null;
  readonly captions: readonly Cell[];
  /** The project name alone on the line above a label whose row is empty (the 政府雇员 case). */
  readonly top: number;
  readonly left: number;
}

/** The columns a form's own lines are looked at in before its area is known: a form is about 9 wide. */
const roughBand = (view: View, row: number, left: number): Cell[] => view.cells(row, left, left + 2 * SIDE_GAP + 1);

const isNameLabel = (c: Cell): boolean => labelOf(c.key) === "项目名称" || /^项目名称:./.test(c.key);

export function findAnchors(view: View): Anchor[] {
  const titles: { cell: Cell; kind: Kind }[] = [];
  const names: Cell[] = [];
  for (const row of view.rows) {
    for (const c of row) {
      const kind = titleKind(c.key);
      if (kind) titles.push({ cell: c, kind });
      else if (isNameLabel(c)) names.push(c);
    }
  }
  const claimed = new Set<Cell>();
  const anchors: Anchor[] = [];
  for (const t of titles) {
    let best: Cell | null = null;
    for (const n of names) {
      // Below its title, in the title's columns: a title stands over its form, at most a few columns
      // right of the form's first (a title typed in the middle of the width, unmerged).
      if (claimed.has(n) || n.row <= t.cell.row || n.row > t.cell.row + 8) continue;
      if (n.col > t.cell.col + 2 || n.col < t.cell.col - SIDE_GAP) continue;
      const between = titles.some(
        (o) =>
          o !== t && o.cell.row > t.cell.row && o.cell.row < n.row && Math.abs(o.cell.col - t.cell.col) <= SIDE_GAP,
      );
      if (between) continue;
      if (!best || n.row < best.row || (n.row === best.row && n.col > best.col)) best = n;
    }
    if (best) claimed.add(best);
    const left = best ? Math.min(best.col, t.cell.col) : t.cell.col;
    const captions: Cell[] = [];
    for (let r = t.cell.row - 1; r >= Math.max(0, t.cell.row - 3); r--) {
      const cells = roughBand(view, r, left);
      if (cells.length === 0) continue;
      if (cells.length !== 1) break;
      const k = cells[0].key;
      const caption =
        isAttachmentCaption(k) ||
        /^报表编号:/.test(k) ||
        (/表(\(.*\))?$/.test(k) && k.length <= MAX_TITLE && !titleKind(k) && !isKnownLabel(k));
      if (!caption) break;
      captions.push(cells[0]);
    }
    const top = captions.length > 0 ? captions[captions.length - 1].row : t.cell.row;
    anchors.push({ kind: t.kind, title: t.cell, name: best, captions, top, left });
  }
  for (const n of names) {
    if (claimed.has(n)) continue;
    const above = loneLineAbove(view, n, n.col);
    anchors.push({ kind: null, title: null, name: n, captions: [], top: above ? above.row : n.row, left: n.col });
  }
  return anchors.sort((a, b) => a.top - b.top || a.left - b.left);
}

/** A project name alone on the line above its label, when the label's own row has nothing after it. */
export function loneLineAbove(view: View, label: Cell, left: number, area?: Area): Cell | null {
  const right = area ? area.right : left + 2 * SIDE_GAP + 1;
  if (view.cells(label.row, label.col + 1, right).length > 0 || labelOf(label.key) !== "项目名称") return null;
  if (area && label.row - 1 < area.top) return null;
  const above = view.cells(label.row - 1, area ? area.left : left, right);
  if (above.length !== 1) return null;
  const k = above[0].key;
  if (isKnownLabel(k) || titleKind(k) || isYearLine(k) || k.includes("汇总")) return null;
  return above[0];
}

export function computeAreas(view: View, anchors: readonly Anchor[]): Area[] {
  const lastRow = view.rowCount - 1;
  const lastCol = Math.max(0, view.colCount - 1);
  const bottoms = anchors.map((f) => {
    const next = anchors.filter((g) => g !== f && g.top > f.top && Math.abs(g.left - f.left) <= SIDE_GAP);
    return next.length > 0 ? Math.min(...next.map((g) => g.top)) - 1 : lastRow;
  });
  const overlaps = (i: number, j: number): boolean => anchors[i].top <= bottoms[j] && anchors[j].top <= bottoms[i];
  const rights = anchors.map((f, i) => {
    const lefts = anchors.flatMap((g, j) => (g.left > f.left + SIDE_GAP && overlaps(i, j) ? [g.left] : []));
    return lefts.length > 0 ? Math.min(...lefts) - 1 : lastCol;
  });
  return anchors.map((f, i) => {
    const lefts = anchors.flatMap((g, j) => (g.left < f.left - SIDE_GAP && overlaps(i, j) ? [rights[j] + 1] : []));
    return { top: f.top, bottom: bottoms[i], left: lefts.length > 0 ? Math.max(...lefts) : 0, right: rights[i] };
  });
}

/** A form without a title is one only when the blocks follow its 项目名称; its kind is what they look like. */
export function guessKind(view: View, area: Area): Kind | null {
  let self = 0;
  let decl = 0;
  let blocks = 0;
  let expertRows = 0;
  for (let r = area.top; r <= area.bottom; r++) {
    const keys = view.cells(r, area.left, area.right).map((c) => c.key);
    // Experts as columns (专家1 | 专家2 | …) or as rows (专家1 … on the lines under a 分值 line).
    if (keys.filter((k) => expertHeaderOf(k) !== null).length >= 2) return "expert-scoring";
    if (keys.length > 2 && expertHeaderOf(keys[0]) !== null && ++expertRows >= 2) return "expert-scoring";
    const fields = keys.map(tableColumnOf);
    if (fields.includes("target") && (fields.includes("level1") || fields.includes("level3"))) blocks++;
    if (keys.filter((k) => fundingColumnOf(k) !== null).length >= 2) blocks++;
    for (const k of keys) {
      const label = labelOf(k);
      if (["年初预算数", "全年预算数", "全年执行数", "实际完成情况", "评分等级"].includes(label)) self++;
      if (tableColumnOf(k) === "actual" || label === "得分") self++;
      if (["项目性质", "项目类别", "计划开始日期", "计划完成日期", "项目总目标"].includes(label)) decl++;
      const d = declFundingOf(k);
      if (d === "annualTotal" || d === "projectTotal" || d === "fiscal") decl++;
    }
  }
  if (blocks === 0) return null;
  return decl > self ? "target-declaration" : "self-evaluation";
}

/** Whether a row holds nothing but category names (a 一级/二级 on a line of its own). */
export const onlyCategories = (cells: readonly Cell[]): boolean =>
  cells.length > 0 && cells.every((c) => categoryLevel(c.key) !== null);
