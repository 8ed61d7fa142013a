/**
 * The funding blocks. A 自评表's 项目资金 is a header row of amount columns (年初预算数, 全年预算数,
 * 全年执行数, 分值, 执行率, 得分 — cut short or in other words) over the rows 年度资金总额, 其中：当年财政拨款,
 * 上年结转资金, 其他资金: rows are known by their labels, and by their order where an exporting system cut
 * the labels past recognition. A 申报表's amounts stand each beside its label.
 */
import type { Field, FundingRow, FundingRowKey } from "../../domain/model";
import { ABSENT, FUNDING_ROW_KEYS } from "../../domain/model";
import type { FormReader } from "./form-reader";
import {
  declFundingOf,
  fundingColumnOf,
  fundingRowOf,
  isBlockLabel,
  isFundingNoteColumn,
  isKnownLabel,
  labelOf,
  weightIn,
  type DeclFunding,
  type FundingColumn,
} from "./lexicon";
import type { Cell } from "./view";

const SHIFTS = [0, 1, -1, 2, -2];

const BLANK_ROW: FundingRow = {
  initialBudget: ABSENT,
  annualBudget: ABSENT,
  executed: ABSENT,
  weight: ABSENT,
  rate: ABSENT,
  score: ABSENT,
};

/** The funding header row in [from, to): two or more amount columns. */
export function findFundingHeader(reader: FormReader, from: number, to: number): number {
  for (let r = from; r < to; r++) {
    const n = reader.cells(r).filter((c) => {
      const f = fundingColumnOf(c.key);
      return f === "initialBudget" || f === "annualBudget" || f === "executed";
    }).length;
    if (n >= 2) return r;
  }
  return -1;
}

export interface SelfFunding {
  readonly funding: Record<FundingRowKey, FundingRow>;
  /** Further sub-rows of the total (Sichuan's 财政专户管理资金, 单位资金). */
  readonly extra: FundingRow[];
  readonly unit: "万元" | "元" | null;
  readonly ratePercent: boolean;
}

export function readFundingRows(reader: FormReader, headerRow: number, end: number): SelfFunding {
  const funding = Object.fromEntries(FUNDING_ROW_KEYS.map((k) => [k, BLANK_ROW])) as Record<FundingRowKey, FundingRow>;
  const extra: FundingRow[] = [];
  if (headerRow < 0) return { funding, extra, unit: null, ratePercent: false };
  const headerCells = reader.cells(headerRow);
  const columns: { field: FundingColumn; col: number; cell: Cell }[] = [];
  let noteCol: number | null = null;
  for (const c of headerCells) {
    const field = fundingColumnOf(c.key);
    if (field && !columns.some((x) => x.field === field)) columns.push({ field, col: c.col, cell: c });
    if (!field && isFundingNoteColumn(c.key)) noteCol = c.col;
    if (field || isBlockLabel(c.key) || c.key.startsWith("项目资金") || isFundingNoteColumn(c.key)) reader.label(c);
  }
  // Only a 年初预算数 (`年初预算数(A)`, with 执行率 = B/A): it is the budget the rate is measured against.
  const initial = columns.find((c) => c.field === "initialBudget");
  if (initial && !columns.some((c) => c.field === "annualBudget"))
    columns.splice(columns.indexOf(initial), 1, { ...initial, field: "annualBudget" });
  const unit = reader.moneyUnit(headerCells) ?? reader.unitAbove(headerRow);
  const rate = columns.find((c) => c.field === "rate");
  const ratePercent = !!rate && rate.cell.key.includes("%");
  const firstAmount = Math.min(...columns.map((c) => c.col));
  const order: FundingRowKey[] = [...FUNDING_ROW_KEYS];
  const taken = new Set<FundingRowKey>();
  for (let r = headerRow + 1; r < end; r++) {
    const cells = reader.free(r);
    if (cells.length === 0) continue;
    // The label: a cell the lexicon knows (cut labels too, since a label stands here), else the text
    // left of the amount columns, taken as the next row in the block's order.
    let labelIndex = cells.findIndex((c) => fundingRowOf(c.key, true) !== null);
    let key: FundingRowKey | "extra" | null = labelIndex >= 0 ? fundingRowOf(cells[labelIndex].key, true) : null;
    if (labelIndex < 0) {
      const lead = cells.findIndex((c) => c.col < firstAmount && c.numeric !== 1);
      const hasAmounts = cells.some((c) => c.col >= firstAmount - 1 && c.numeric === 1);
      if (lead < 0 || !hasAmounts) continue;
      labelIndex = lead;
      key = order.find((k) => !taken.has(k)) ?? null;
      if (key === null) continue;
    }
    const label = cells[labelIndex];
    reader.label(label);
    // Labels before this one in the row (`其中：` in a cell of its own, a block label) are labels too.
    for (const c of cells.slice(0, labelIndex)) if (isKnownLabel(c.key) || labelOf(c.key) === "其中") reader.label(c);
    const values = cells
      .slice(labelIndex + 1)
      .filter((c) => !isKnownLabel(c.key) && (noteCol === null || c.col < noteCol));
    if (noteCol !== null) for (const c of cells) if (c.col >= noteCol) reader.label(c);
    const assigned = new Map<FundingColumn, Cell>();
    let shift = 0;
    if (values.length === columns.length) {
      // A shifted row: its cells in order are the columns in order.
      values.forEach((v, i) => assigned.set(columns[i].field, v));
    } else {
      let best = 0;
      let hits = -1;
      for (const k of SHIFTS) {
        const n = values.filter((v) => columns.some((c) => c.col === v.col - k)).length;
        if (n > hits) [best, hits] = [k, n];
      }
      shift = best;
      for (const v of values) {
        const c = columns.find((x) => x.col === v.col - best);
        if (c && !assigned.has(c.field)) assigned.set(c.field, v);
      }
    }
    const fieldOf = (f: FundingColumn): Field => {
      const v = assigned.get(f);
      if (v) return reader.field(v);
      const c = columns.find((x) => x.field === f);
      return c ? reader.blank(r, c.col + shift) : ABSENT;
    };
    const row: FundingRow = {
      initialBudget: fieldOf("initialBudget"),
      annualBudget: fieldOf("annualBudget"),
      executed: fieldOf("executed"),
      weight: fieldOf("weight"),
      rate: fieldOf("rate"),
      score: fieldOf("score"),
    };
    if (key === "extra") {
      extra.push(row);
      continue;
    }
    if (key === null || taken.has(key)) continue; // the first row of a label wins; a repeat is reported
    taken.add(key);
    funding[key] = row;
  }
  // No 分值 column, but a label that says it: `预算执行情况（万元）（20分）`, `得分（20分*执行率）`.
  if (!columns.some((c) => c.field === "weight") && funding.total !== BLANK_ROW) {
    const labelled = headerCells.find((c) => weightIn(c.key) !== null);
    if (labelled) {
      funding.total = {
        ...funding.total,
        weight: { value: weightIn(labelled.key), at: { row: labelled.row, col: labelled.col } },
      };
    }
  }
  return { funding, extra, unit, ratePercent };
}

/** A 申报表 without its funding block. */
export const NO_DECLARATION_FUNDING: Readonly<Record<DeclFunding, Field>> = {
  projectTotal: ABSENT,
  fiscal: ABSENT,
  projectOther: ABSENT,
  annualTotal: ABSENT,
  currentYear: ABSENT,
  carryOver: ABSENT,
  annualOther: ABSENT,
};

/** A 申报表's 项目资金: each amount beside its label; the two 其他资金 told apart by the column they stand in. */
export function readDeclarationFunding(
  reader: FormReader,
  fundRow: number,
  end: number,
): { funding: Record<DeclFunding, Field>; unit: "万元" | "元" | null } {
  const funding: Record<DeclFunding, Field> = { ...NO_DECLARATION_FUNDING };
  const labels: { key: DeclFunding | "other" | "grant"; cell: Cell }[] = [];
  const blockCells: Cell[] = [];
  for (let r = fundRow; r < end; r++) {
    for (const c of reader.cells(r)) {
      const key = declFundingOf(c.key);
      if (key) labels.push({ key, cell: c });
      else if (c.key.startsWith("项目资金") || c.key.includes("单位")) blockCells.push(c);
    }
  }
  const unit = reader.moneyUnit(blockCells) ?? reader.unitAbove(fundRow);
  blockCells.forEach((c) => reader.label(c));
  const project = labels.find((l) => l.key === "projectTotal")?.cell;
  const annual = labels.find((l) => l.key === "annualTotal")?.cell;
  for (const l of labels) reader.label(l.cell);
  for (const l of labels) {
    const pair = { other: ["projectOther", "annualOther"], grant: ["fiscal", "currentYear"] } as const;
    let key: DeclFunding = l.key === "other" ? "annualOther" : l.key === "grant" ? "currentYear" : l.key;
    if ((l.key === "other" || l.key === "grant") && project) {
      const [ofProject, ofYear] = pair[l.key];
      if (annual && annual.col === project.col) {
        // Both totals in one column, one block above the other: the label belongs to the total above it.
        const underProject = l.cell.row > project.row && (annual.row < project.row || l.cell.row < annual.row);
        key = underProject ? ofProject : ofYear;
      } else {
        const dp = Math.abs(l.cell.col - project.col);
        const da = annual ? Math.abs(l.cell.col - annual.col) : Infinity;
        key = dp < da ? ofProject : ofYear;
      }
    }
    if (funding[key] !== ABSENT) continue;
    funding[key] = reader.valueOf(l.cell);
  }
  return { funding, unit };
}
