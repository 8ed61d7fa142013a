/**
 * 专家评分表 in the layouts bureaus use: the experts as columns (one column per expert, under 专家1…N or
 * under a 专家评分 heading over their names) or as rows (one row per expert under a 分值 row), with or
 * without 合计 and 平均分, the 一级/二级 merged over their items or repeated on every row. Read into the
 * same model as the product's own panel sheet, so the same checks run (EXPERT_*).
 */
import type { ExpertItem, ExpertScoringForm, Field } from "../../domain/model";
import { ABSENT } from "../../domain/model";
import { readNumber } from "../../domain/numbers";
import type { Anchor } from "./anchors";
import { FormReader, readTrailers, REASON, type Recognized } from "./form-reader";
import {
  expertHeaderOf,
  isAverageLabel,
  isBlockLabel,
  isExpertGroupHeader,
  isGradeLabel,
  isSumLabel,
  isTotalLabel,
  isTrailer,
  labelOf,
  tableColumnOf,
} from "./lexicon";
import type { Area, Cell, View } from "./view";

/** The item columns of a panel whose experts are columns. */
interface ColumnsLayout {
  readonly header: number;
  /** The row the data starts after (the experts' names under a 专家评分 heading). */
  readonly last: number;
  readonly level1: number | null;
  readonly level2: number | null;
  readonly level3: number;
  readonly weight: number;
  readonly experts: readonly Cell[];
  readonly sum: number | null;
  readonly average: number | null;
}

/** What names an item (三级) in a panel's header: its own labels besides the 自评表's. */
const isItemHeader = (key: string): boolean =>
  tableColumnOf(key) === "level3" ||
  ["评价指标", "指标", "评价内容", "考核内容", "评分项目", "指标内容"].includes(labelOf(key));
const isWeightHeader = (key: string): boolean =>
  tableColumnOf(key) === "weight" || ["标准分", "满分", "分值(分)", "指标分值", "标准分值"].includes(labelOf(key));

function findColumns(reader: FormReader): ColumnsLayout | null {
  const { area } = reader;
  for (let r = area.top; r <= area.bottom; r++) {
    const cells = reader.cells(r);
    const weight = cells.find((c) => isWeightHeader(c.key));
    const item = cells.find((c) => isItemHeader(c.key));
    if (!weight || !item) continue;
    let experts = cells.filter((c) => expertHeaderOf(c.key) !== null);
    let last = r;
    const group = cells.find((c) => isExpertGroupHeader(c.key));
    if (experts.length < 1 && group) {
      // `专家评分` over the experts' own names on the row below.
      const below = reader
        .cells(r + 1)
        .filter((c) => c.col >= group.col && c.col <= Math.max(group.lastCol, group.col));
      experts = below.filter((c) => !isSumLabel(c.key) && !isAverageLabel(c.key));
      last = r + 1;
    }
    if (experts.length < 1) continue;
    const labelCols = [...cells, ...(last > r ? reader.cells(last) : [])];
    const col = (test: (k: string) => boolean): number | null => labelCols.find((c) => test(c.key))?.col ?? null;
    for (const c of [...cells, ...(last > r ? reader.cells(last) : [])]) reader.label(c);
    return {
      header: r,
      last,
      level1: col((k) => tableColumnOf(k) === "level1"),
      level2: col((k) => tableColumnOf(k) === "level2"),
      level3: item.col,
      weight: weight.col,
      experts,
      sum: col((k) => isSumLabel(k) && !isTotalLabel(k)) ?? col(isSumLabel),
      average: col(isAverageLabel),
    };
  }
  return null;
}

/** A cell of a row at a column (the first cell of a merge counts only on its own row). */
const at = (cells: readonly Cell[], col: number | null): Cell | undefined =>
  col === null ? undefined : cells.find((c) => c.col === col);

function readByColumns(reader: FormReader, layout: ColumnsLayout): Omit<ExpertScoringForm, keyof BaseOf> {
  const fieldAt = (cells: readonly Cell[], row: number, col: number | null): Field => {
    const c = at(cells, col);
    return c ? reader.field(c) : col === null ? ABSENT : reader.blank(row, col);
  };
  const items: ExpertItem[] = [];
  let level1: Field = ABSENT;
  let level2: Field = ABSENT;
  let totals: { full: Field; experts: Field[]; sum: Field; average: Field } | null = null;
  let grade: Field | null = null;
  for (let r = layout.last + 1; r <= reader.area.bottom; r++) {
    // Not `free`: a 二级 named 绩效目标 is an item's category here, not a block label.
    const cells = reader.cells(r).filter((c) => !reader.consumed.has(c));
    if (cells.length === 0) continue;
    const first = cells[0];
    if (isGradeLabel(first.key)) {
      grade = reader.valueOf(first);
      continue;
    }
    if (isTotalLabel(first.key) || /^(总分|合计|总计)/.test(labelOf(first.key))) {
      reader.label(first);
      totals = {
        full: fieldAt(cells, r, layout.weight),
        experts: layout.experts.map((e) => fieldAt(cells, r, e.col)),
        sum: fieldAt(cells, r, layout.sum),
        average: fieldAt(cells, r, layout.average),
      };
      const g = cells.find((c) => isGradeLabel(c.key));
      if (g) grade = reader.valueOf(g);
      continue;
    }
    if (isTrailer(first.key)) {
      readTrailers(reader, r);
      break;
    }
    const name = at(cells, layout.level3);
    const weight = at(cells, layout.weight);
    // A 一级 or 二级 heading on its own line (or a 小计 line): categories, no item.
    const c1 = at(cells, layout.level1);
    const c2 = at(cells, layout.level2);
    if (c1) level1 = reader.field(c1);
    if (c2) level2 = reader.field(c2);
    else if (c1) level2 = ABSENT;
    if (!name && !weight) {
      for (const c of cells) if (/小计/.test(c.key)) reader.note(r, r);
      continue;
    }
    items.push({
      level1,
      level2,
      level3: fieldAt(cells, r, layout.level3),
      weight: fieldAt(cells, r, layout.weight),
      scores: layout.experts.map((e) => fieldAt(cells, r, e.col)),
      sum: layout.sum === null ? ABSENT : fieldAt(cells, r, layout.sum),
      average: layout.average === null ? ABSENT : fieldAt(cells, r, layout.average),
    });
  }
  return {
    experts: layout.experts.map((e) =>
      expertHeaderOf(e.key) ? { value: null, at: { row: e.row, col: e.col } } : reader.field(e),
    ),
    items,
    expertTotals: totals ? totals.experts : layout.experts.map(() => ABSENT),
    fullScore: totals?.full ?? ABSENT,
    totalSum: totals?.sum ?? ABSENT,
    averageTotal: totals?.average ?? ABSENT,
    grade,
    groups: [],
  };
}

type BaseOf = Pick<ExpertScoringForm, "kind" | "sheet" | "range" | "templateId" | "year" | "header">;

/** The rows of a panel whose experts are rows: the 分值 row, the heading rows above it, the experts below. */
interface RowsLayout {
  readonly weightRow: number;
  /** The heading rows above the 分值 row, top first: their last one names the items. */
  readonly headings: readonly number[];
  readonly labelCol: number;
  readonly itemCols: readonly number[];
  /** The 总分 column of each expert row, if any. */
  readonly totalCol: number | null;
  readonly experts: readonly number[];
  readonly sumRow: number | null;
  readonly averageRow: number | null;
}

function findRows(reader: FormReader): RowsLayout | null {
  const { area } = reader;
  for (let r = area.top; r <= area.bottom; r++) {
    const cells = reader.cells(r);
    const label = cells[0];
    if (!label || !isWeightHeader(label.key)) continue;
    const numbers = cells.slice(1).filter((c) => readNumber(c.grid.value).ok);
    if (numbers.length < 2) continue;
    const experts: number[] = [];
    let sumRow: number | null = null;
    let averageRow: number | null = null;
    for (let e = r + 1; e <= area.bottom; e++) {
      const first = reader.cells(e)[0];
      if (!first) continue;
      if (first.col !== label.col) break;
      if (isAverageLabel(first.key)) averageRow = e;
      else if (isSumLabel(first.key)) sumRow = e;
      else if (isGradeLabel(first.key) || isTrailer(first.key)) break;
      else experts.push(e);
    }
    if (experts.length < 1) continue;
    // Heading rows: the lines right above the 分值 row whose first cell is a heading (一级/二级/三级指标…).
    const headings: number[] = [];
    for (let h = r - 1; h >= area.top; h--) {
      const first = reader.cells(h)[0];
      if (!first || first.col !== label.col) break;
      if (!(
        tableColumnOf(first.key) !== null ||
        isItemHeader(first.key) ||
        isBlockLabel(first.key) ||
        /^(专家|评审专家|专家姓名)$/.test(labelOf(first.key))
      ))
        break;
      headings.unshift(h);
    }
    if (headings.length === 0) continue;
    const itemRow = headings[headings.length - 1];
    const total = reader
      .cells(itemRow)
      .find((c) => c.col > label.col && (isTotalLabel(c.key) || /^总分/.test(labelOf(c.key))));
    const itemCols = numbers.map((c) => c.col).filter((c) => total === undefined || c < total.col);
    return {
      weightRow: r,
      headings,
      labelCol: label.col,
      itemCols,
      totalCol: total?.col ?? null,
      experts,
      sumRow,
      averageRow,
    };
  }
  return null;
}

function readByRows(reader: FormReader, layout: RowsLayout): Omit<ExpertScoringForm, keyof BaseOf> {
  const cellAt = (row: number, col: number): Field => {
    const c = reader.cells(row).find((x) => x.col === col);
    return c ? reader.field(c) : reader.blank(row, col);
  };
  const optional = (row: number | null, col: number | null): Field =>
    row === null || col === null ? ABSENT : cellAt(row, col);
  for (const h of layout.headings) for (const c of reader.cells(h)) if (c.col === layout.labelCol) reader.label(c);
  reader.label(reader.cells(layout.weightRow)[0]);
  // A heading over several items is merged across them or written once: each item takes the heading
  // at or left of its column on each heading row.
  const headingOf = (row: number, col: number): Field => {
    let found: Cell | undefined;
    for (const c of reader.cells(row)) if (c.col > layout.labelCol && c.col <= col && c.lastCol >= col) found = c;
    if (!found) for (const c of reader.cells(row)) if (c.col > layout.labelCol && c.col <= col) found = c;
    if (!found) return ABSENT;
    reader.consumed.add(found);
    return { value: found.grid.value, at: { row: found.row, col: found.col } };
  };
  const itemRow = layout.headings[layout.headings.length - 1];
  const above = layout.headings.slice(0, -1);
  const [l1Row, l2Row] = above.length >= 2 ? above.slice(-2) : [above[0] ?? null, null];
  if (layout.totalCol !== null) for (const c of reader.cells(itemRow)) if (c.col === layout.totalCol) reader.label(c);
  const items: ExpertItem[] = layout.itemCols.map((col) => ({
    level1: l1Row === null ? ABSENT : headingOf(l1Row, col),
    level2: l2Row === null ? ABSENT : headingOf(l2Row, col),
    level3: cellAt(itemRow, col),
    weight: cellAt(layout.weightRow, col),
    scores: layout.experts.map((e) => cellAt(e, col)),
    sum: optional(layout.sumRow, col),
    average: optional(layout.averageRow, col),
  }));
  for (const row of [layout.sumRow, layout.averageRow]) if (row !== null) reader.label(reader.cells(row)[0]);
  return {
    experts: layout.experts.map((e) => {
      const c = reader.cells(e)[0];
      return expertHeaderOf(c.key)
        ? (reader.label(c), { value: null, at: { row: c.row, col: c.col } })
        : reader.field(c);
    }),
    items,
    expertTotals: layout.experts.map((e) => optional(e, layout.totalCol)),
    fullScore: optional(layout.weightRow, layout.totalCol),
    totalSum: optional(layout.sumRow, layout.totalCol),
    averageTotal: optional(layout.averageRow, layout.totalCol),
    grade: null,
    groups: [],
  };
}

/**
 * A 专家评分表 in any of these layouts, or null when the area holds no panel (its title was a mention).
 */
export function readExpertPanel(view: View, area: Area, anchor: Anchor): Recognized | null {
  const reader = new FormReader(view, area, anchor);
  const columns = findColumns(reader);
  const rows = columns ? null : findRows(reader);
  if (!columns && !rows) return null;
  const tableTop = columns ? columns.header : Math.min(...(rows as RowsLayout).headings);
  reader.readTop(anchor.name ? Math.min(anchor.name.row, tableTop) : tableTop);
  reader.regions.push({ row: area.top, reason: REASON.header });
  const header = reader.readHeader(area.top, tableTop, ["projectName", "department", "implementer", "unit"]);
  reader.regions.push({ row: tableTop, reason: REASON.table });
  const body = columns ? readByColumns(reader, columns) : readByRows(reader, rows as RowsLayout);
  let grade = body.grade;
  const end = columns
    ? null
    : Math.max(
        ...[
          (rows as RowsLayout).weightRow,
          ...(rows as RowsLayout).experts,
          (rows as RowsLayout).sumRow ?? 0,
          (rows as RowsLayout).averageRow ?? 0,
        ],
      );
  if (end !== null) {
    for (let r = end + 1; r <= area.bottom; r++) {
      const first = reader.cells(r).find((c) => !reader.consumed.has(c));
      if (first && isGradeLabel(first.key) && grade === null) grade = reader.valueOf(first);
    }
    readTrailers(reader, end + 1);
  }
  const form: ExpertScoringForm = {
    kind: "expert-scoring",
    sheet: view.sheet.name,
    range: reader.range(),
    templateId: null,
    year: reader.year,
    header: { projectName: header.projectName, department: header.department, implementer: header.implementer },
    ...body,
    grade,
  };
  return { form, unplaced: reader.unplaced() };
}
