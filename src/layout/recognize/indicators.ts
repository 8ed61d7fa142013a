/**
 * The 绩效指标 table: its columns found by the header lexicon in whatever order the form puts them (分值
 * before 年度指标值, a target split over 指标性质 | 指标值 | 度量单位, a second header row under 年度指标值),
 * each row placed under the headers (trying small shifts, as hand-typed rows drift), 一级/二级 read down
 * their merged cells, and the rows that are not indicators told apart: notes and sign-offs
 * (`其他需要说明事项`, `评价结论`) and template rows never filled in (`指标2：`, `……`, a bare 二级).
 */
import type { CellAddress } from "../../domain/address";
import type { DeclaredIndicator, Field, Indicator } from "../../domain/model";
import { ABSENT } from "../../domain/model";
import { readNumber } from "../../domain/numbers";
import type { FormReader } from "./form-reader";
import {
  belongsElsewhere,
  categoryLevel,
  isBlockLabel,
  isFullCategory,
  isPlaceholderText,
  isTrailer,
  labelOf,
  tableColumnOf,
  type TableField,
} from "./lexicon";
import type { Cell } from "./view";

/** The row shifts tried when a row's cells do not sit under their headers (hand-typed rows drift by one or two). */
const SHIFTS = [0, 1, -1, 2, -2];

export interface Column {
  readonly field: TableField;
  readonly from: number;
  readonly to: number;
}

export interface TableHeader {
  /** The header row, and the row of sub-headers under it (a split 年度指标值), if any. */
  readonly row: number;
  readonly subRow: number | null;
  readonly columns: readonly Column[];
}

/** The columns of header cells: each covers the columns up to the next header (merged labels). */
function columnsOf(cells: readonly Cell[], right: number): Column[] {
  const heads = cells.flatMap((c) => {
    const field = tableColumnOf(c.key);
    return field ? [{ field, cell: c }] : [];
  });
  const seen = new Set<TableField>();
  const out: Column[] = [];
  heads.forEach((h, i) => {
    if (seen.has(h.field) && h.field !== "note") return;
    seen.add(h.field);
    const next = heads[i + 1];
    const to = next ? Math.max(h.cell.lastCol, next.cell.col - 1) : Math.min(h.cell.lastCol, right);
    out.push({ field: h.field, from: h.cell.col, to });
  });
  return out;
}

const TARGET_PARTS: readonly TableField[] = ["targetComparator", "target", "targetUnit"];

/**
 * The 绩效指标 table header in rows [from, to]: the first row naming a target (or its parts) and a
 * 一级 or 三级 column. A merged 年度指标值 over a row of 指标性质 | 指标值 | 度量单位 gives those sub-columns.
 */
export function findTableHeader(reader: FormReader, from: number, to: number): TableHeader | null {
  for (let r = from; r <= to; r++) {
    const cells = reader.cells(r);
    const fields = cells.map((c) => tableColumnOf(c.key));
    const hasTarget = fields.some((f) => f !== null && TARGET_PARTS.includes(f));
    if (!hasTarget || !(fields.includes("level1") || fields.includes("level3"))) continue;
    let columns = columnsOf(cells, reader.area.right);
    // A header over two rows: 实际完成值, 分值, 得分… merged down from the row above, over a row of
    // 一级/二级/三级 and the parts of the target.
    const above = r - 1 >= from ? reader.cells(r - 1) : [];
    if (above.length > 0 && above.every((c) => tableColumnOf(c.key) !== null || isBlockLabel(c.key))) {
      const upper = columnsOf(above, reader.area.right).filter(
        (u) =>
          !columns.some((c) => c.field === u.field || (u.from <= c.to && c.from <= u.to)) &&
          !(TARGET_PARTS.includes(u.field) && columns.some((c) => TARGET_PARTS.includes(c.field))),
      );
      if (upper.length > 0) {
        columns = [...columns, ...upper].sort((a, b) => a.from - b.from);
        for (const c of above) reader.label(c);
      }
    }
    let subRow: number | null = null;
    const below = reader.cells(r + 1);
    const subs = columnsOf(below, reader.area.right).filter((c) => TARGET_PARTS.includes(c.field));
    if (subs.length >= 2 && below.every((c) => tableColumnOf(c.key) !== null)) {
      const span = columns.find((c) => c.field === "target");
      const inside = subs.filter((s) => !span || (s.from >= span.from && s.from <= span.to));
      if (inside.length >= 2) {
        subRow = r + 1;
        const last = inside[inside.length - 1];
        const rest = columns.filter((c) => c.field !== "target");
        const end = span ? span.to : last.to;
        columns = [...rest, ...inside.map((s, i) => ({ ...s, to: i === inside.length - 1 ? end : s.to }))].sort(
          (a, b) => a.from - b.from,
        );
        for (const c of below) reader.label(c);
      }
    }
    for (const c of cells) if (tableColumnOf(c.key) || isBlockLabel(c.key)) reader.label(c);
    return { row: r, subRow, columns };
  }
  return null;
}

interface Placement {
  readonly shift: number;
  readonly at: Map<TableField, Cell>;
  /** Cells under columns the model has no field for (绩效标准, long-term indicators). */
  readonly notes: Cell[];
  readonly extra: Cell[];
}

function place(cells: readonly Cell[], columns: readonly Column[], shift: number): Placement {
  const at = new Map<TableField, Cell>();
  const notes: Cell[] = [];
  const extra: Cell[] = [];
  for (const c of cells) {
    const col = c.col - shift;
    const column = columns.find((k) => col >= k.from && col <= k.to);
    if (column?.field === "note") notes.push(c);
    else if (column && !at.has(column.field)) at.set(column.field, c);
    else extra.push(c);
  }
  return { shift, at, notes, extra };
}

const isZero = (c: Cell): boolean => {
  if (c.numeric !== 1) return false;
  const r = readNumber(c.grid.value);
  return r.ok && r.value.isZero();
};

const isNumeric = (c: Cell | undefined): number => (c ? c.numeric : 0);

/** How well a row's cells sit under the headers with a shift: 分值/得分 numbers, names that are not numbers. */
function plausibility(p: Placement): number {
  let s = p.at.size - 2 * p.extra.length;
  for (const f of ["weight", "score"] as const) {
    const n = isNumeric(p.at.get(f));
    s += n > 0 ? 3 : n < 0 ? -4 : 0;
  }
  if (isNumeric(p.at.get("deviation")) > 0) s -= 3;
  // An indicator's name is never a number: a row read one column off would name it `100`.
  if (isNumeric(p.at.get("level3")) > 0) s -= 4;
  for (const f of ["level1", "level2"] as const) {
    const c = p.at.get(f);
    if (c && categoryLevel(c.key) !== null) s += 1;
    if (c && isNumeric(c) > 0) s -= 3;
  }
  const target = p.at.get("target");
  if (target && isFullCategory(target.key)) s -= 2;
  return s;
}

function bestPlacement(cells: readonly Cell[], columns: readonly Column[]): Placement {
  let best = place(cells, columns, 0);
  // Every cell under a header, 分值 and 得分 numbers, a name that is not: no shift can do better.
  if (
    best.extra.length === 0 &&
    best.at.get("weight")?.numeric === 1 &&
    best.at.get("score")?.numeric === 1 &&
    (best.at.get("level3")?.numeric ?? -1) !== 1 &&
    (best.at.get("deviation")?.numeric ?? -1) !== 1
  )
    return best;
  let bestScore = plausibility(best);
  for (const k of SHIFTS.slice(1)) {
    const p = place(cells, columns, k);
    const s = plausibility(p);
    if (s > bestScore) [best, bestScore] = [p, s];
  }
  return best;
}

interface Categories {
  level1: Field;
  level2: Field;
}

/**
 * The 一级/二级 of a row from the cells left of its 三级: by their names where they are category names
 * (so a 二级 typed in the 一级 column is still a 二级), by position otherwise; empty cells inherit.
 */
function applyCategories(
  reader: FormReader,
  left: readonly Cell[],
  inLevel1Column: (c: Cell) => boolean,
  current: Categories,
): Categories {
  if (left.length === 0) return current;
  if (left.length >= 2) {
    const [a, b] = left.slice(-2);
    return { level1: reader.field(a), level2: reader.field(b) };
  }
  const c = left[0];
  const level = categoryLevel(c.key);
  const asLevel1 = level === 1 || ((level === "either" || level === null) && inLevel1Column(c));
  return asLevel1 ? { level1: reader.field(c), level2: ABSENT } : { level1: current.level1, level2: reader.field(c) };
}

const isInColumn = (c: Cell, column: Column | undefined, shift: number): boolean =>
  !!column && c.col - shift >= column.from && c.col - shift <= column.to;

/** A comparator as a 指标性质 cell writes it: a symbol, or 大于等于/不低于 in words. */
const COMPARATOR_WORDS: readonly (readonly [RegExp, string])[] = [
  [/^(大于等于|不低于|不少于|至少|≥|>=|≧)$/, "≥"],
  [/^(小于等于|不高于|不多于|不超过|至多|≤|<=|≦)$/, "≤"],
  [/^(等于|=|==|﹦|＝|═)$/, "="],
  [/^(大于|高于|>)$/, ">"],
  [/^(小于|低于|<)$/, "<"],
];

function comparatorText(text: string): string | null {
  const t = text.replace(/\s+/g, "");
  for (const [re, symbol] of COMPARATOR_WORDS) if (re.test(t)) return symbol;
  return null;
}

/**
 * The target of a row whose 年度指标值 is split over 指标性质 | 指标值 | 度量单位: one value, `≥ | 100 | %`
 * read as `≥100%`, at the 指标值 cell (or the first part there is). A 指标性质 of 定性/定量 or 正向/反向
 * names the kind of indicator, not a comparator, and is left out.
 */
function joinTarget(reader: FormReader, at: Map<TableField, Cell>): Field | null {
  const comparator = at.get("targetComparator");
  const value = at.get("target");
  const unit = at.get("targetUnit");
  if (!comparator && !unit) return null;
  const parts = [comparator, value, unit].filter((c): c is Cell => c !== undefined);
  if (parts.length === 0) return null;
  for (const c of parts) reader.consumed.add(c);
  const symbol = comparator ? comparatorText(comparator.text) : null;
  const number = value ? value.text : "";
  const numeric = readNumber(value?.grid.value ?? null);
  const unitText = unit ? unit.text.trim() : "";
  const head = value ?? parts[0];
  if (!value) return { value: null, at: { row: head.row, col: head.col } };
  // A qualitative 指标值 (`及时`, `健全`) keeps its own words; a number gets its comparator and unit.
  const text = numeric.ok
    ? `${symbol ?? ""}${number}${unitText !== "" && !number.endsWith(unitText) ? unitText : ""}`
    : number;
  return {
    value: text,
    at: { row: head.row, col: head.col },
    ...(value.grid.numberFormat ? { numberFormat: value.grid.numberFormat } : {}),
  };
}

/**
 * A row holding only a category (a bare 二级), kept until an indicator is seen to read its categories
 * from it; one that none does was a template row never filled in.
 */
class BareCategory {
  private pending: { at: CellAddress; field: Field } | null = null;

  constructor(private readonly reader: FormReader) {}

  /** A bare category row: the one before it, if nothing used it, was a template row. */
  open(at: CellAddress, cats: Categories): void {
    this.settle();
    this.pending = { at, field: cats.level2.at ? cats.level2 : cats.level1 };
  }

  /** A row with these categories uses the bare row if it reads them from it. */
  use(cats: Categories): void {
    if (this.pending && (cats.level1 === this.pending.field || cats.level2 === this.pending.field)) this.pending = null;
  }

  settle(): void {
    if (this.pending) this.reader.placeholders.push(this.pending.at);
    this.pending = null;
  }
}

/**
 * The indicator rows of a 自评表 between its header and `end` (exclusive). Notes and sign-offs are
 * read as such; placeholders go to the reader's list.
 */
export function readSelfTable(reader: FormReader, header: TableHeader, end: number): Indicator[] {
  const { columns } = header;
  const col = (f: TableField): Column | undefined => columns.find((c) => c.field === f);
  const level1Col = col("level1");
  const out: Indicator[] = [];
  let cats: Categories = { level1: ABSENT, level2: ABSENT };
  const bare = new BareCategory(reader);
  for (let r = (header.subRow ?? header.row) + 1; r < end; r++) {
    const cells = reader.free(r);
    if (cells.length === 0) continue;
    if (isTrailer(cells[0].key)) {
      reader.note(r, r);
      continue;
    }
    const best = bestPlacement(cells, columns);
    const k = best.shift;
    // A detail line of the indicator above (`其中桃树种植面积`): its 分值 and 得分 are that indicator's,
    // merged down over it — not an indicator of its own.
    const merged = (f: TableField): boolean => {
      const c = col(f);
      return !c || reader.view.mergedFrom(r, c.from + k) !== null;
    };
    if (col("weight") && merged("weight") && merged("score")) {
      reader.note(r, r);
      continue;
    }
    for (const c of best.notes) reader.label(c);
    const target = joinTarget(reader, best.at);
    const valueFields: TableField[] = ["target", "actual", "weight", "score", "deviation"];
    const values = [...valueFields, "targetComparator" as const, "targetUnit" as const].flatMap((f) => {
      const c = best.at.get(f);
      return c ? [c] : [];
    });
    const anchorCol = values.length > 0 ? Math.min(...values.map((c) => c.col)) : Infinity;
    const leftOf = cells.filter((c) => c.col < anchorCol && !values.includes(c));
    let level3 = best.at.get("level3") ?? null;
    if (level3 && !leftOf.includes(level3)) level3 = null;
    if (!level3) {
      const names = leftOf.filter((c) => categoryLevel(c.key) === null);
      level3 = names.length > 0 ? names[names.length - 1] : null;
    }
    const left = leftOf.filter((c) => c !== level3 && (!level3 || c.col < level3.col));
    const inLevel1 = (c: Cell): boolean => !!level1Col && c.col - k >= level1Col.from && c.col - k <= level1Col.to;
    const before = cats;
    cats = applyCategories(reader, left, inLevel1, cats);
    // A 二级 that belongs to another 一级 than the one it would inherit, with its own 一级 cell blank
    // (not merged down from above): its 一级 is not known, rather than wrong.
    if (
      left.length === 1 &&
      cats.level2.at?.row === r &&
      cats.level1.at !== null &&
      cats.level1.at.row !== r &&
      level1Col &&
      reader.view.mergedFrom(r, level1Col.from + k) === null &&
      belongsElsewhere(String(cats.level2.value ?? ""), String(cats.level1.value ?? ""))
    ) {
      cats = { level1: ABSENT, level2: cats.level2 };
    }
    bare.use(cats);
    const filledValues = values.filter((c) => !isPlaceholderText(c.key) && !isZero(c));
    const placeholderName = level3 !== null && isPlaceholderText(labelOf(level3.key));
    if ((!level3 || placeholderName) && filledValues.length === 0) {
      // Nothing but categories, or a name like `指标2：` / `……` with nothing filled in beside it.
      if (level3) reader.label(level3);
      for (const c of values) reader.label(c);
      if (placeholderName && level3) {
        reader.placeholders.push({ row: level3.row, col: level3.col });
      } else if (cats !== before) {
        bare.open({ row: left[0].row, col: left[0].col }, cats);
      }
      continue;
    }
    bare.settle();
    const fieldOf = (f: TableField, c: Cell | null | undefined): Field => {
      if (c) return reader.field(c);
      const h = col(f);
      return h ? reader.blank(r, h.from + k) : ABSENT;
    };
    out.push({
      level1: cats.level1,
      level2: cats.level2,
      level3: fieldOf("level3", level3),
      target: target ?? fieldOf("target", best.at.get("target")),
      actual: fieldOf("actual", best.at.get("actual")),
      weight: fieldOf("weight", best.at.get("weight")),
      score: fieldOf("score", best.at.get("score")),
      deviation: fieldOf("deviation", best.at.get("deviation")),
    });
  }
  bare.settle();
  return out;
}

/** The indicator rows of a 申报表 between its header and `end` (inclusive). */
export function readDeclTable(reader: FormReader, header: TableHeader, end: number): DeclaredIndicator[] {
  const { columns } = header;
  const col = (f: TableField): Column | undefined => columns.find((c) => c.field === f);
  const out: DeclaredIndicator[] = [];
  let cats: Categories = { level1: ABSENT, level2: ABSENT };
  const bare = new BareCategory(reader);
  const noteColumns = columns.filter((c) => c.field === "note");
  for (let r = (header.subRow ?? header.row) + 1; r <= end; r++) {
    const all = reader.free(r);
    if (all.length === 0) continue;
    if (isTrailer(all[0].key)) {
      reader.note(r, r);
      continue;
    }
    const cells = all.filter((c) => !noteColumns.some((n) => c.col >= n.from && c.col <= n.to));
    for (const c of all) if (!cells.includes(c)) reader.label(c);
    if (cells.length === 0) continue;
    if (cells.every((c) => categoryLevel(c.key) !== null)) {
      cats = applyCategories(reader, cells.slice(0, 2), (c) => isInColumn(c, col("level1"), 0), cats);
      bare.use(cats);
      bare.open({ row: cells[0].row, col: cells[0].col }, cats);
      continue;
    }
    // The target is the row's last cell, its 三级 the nearest cell left of it.
    let target: Cell | null = cells[cells.length - 1];
    const targetCol = col("target");
    const nonCategory = cells.filter((c) => categoryLevel(c.key) === null);
    if (nonCategory.length === 1 && target === nonCategory[0] && targetCol && target.col < targetCol.from - 1) {
      target = null; // a 三级 with its target not filled in
    }
    const beforeTarget = target ? cells.slice(0, -1) : cells;
    let level3: Cell | null = beforeTarget.length > 0 ? beforeTarget[beforeTarget.length - 1] : null;
    if (level3 && isFullCategory(level3.key)) level3 = null;
    const left = beforeTarget.filter((c) => c !== level3 && (!level3 || c.col < level3.col));
    const shift = target && targetCol ? target.col - targetCol.from : 0;
    cats = applyCategories(reader, left, (c) => isInColumn(c, col("level1"), shift), cats);
    bare.use(cats);
    // `指标2：` with no target, or a lone `……`: a template row never filled in.
    const name = level3 ?? (target && nonCategory.length === 1 ? target : null);
    if (name && isPlaceholderText(labelOf(name.key)) && (name === target || !target || isPlaceholderText(target.key))) {
      reader.label(level3);
      reader.label(target);
      reader.placeholders.push({ row: name.row, col: name.col });
      continue;
    }
    bare.settle();
    const fieldOf = (f: TableField, c: Cell | null): Field => {
      if (c) return reader.field(c);
      const h = col(f);
      return h ? reader.blank(r, h.from + shift) : ABSENT;
    };
    out.push({
      level1: cats.level1,
      level2: cats.level2,
      level3: fieldOf("level3", level3),
      target: fieldOf("target", target),
    });
  }
  bare.settle();
  return out;
}
