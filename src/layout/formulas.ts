/**
 * The formulas the computed cells of a standard 自评表 should hold where they are now. The layout
 * (standard.ts) writes them once; rows inserted or deleted afterwards move the cells, and a range
 * such as SUM(F14:F19) is not stretched by Excel when a row goes in right after its last row. Given
 * the form as read back (every field at its current address), this gives each computed cell's
 * formula again, built with the layout's own builders, so 填充 can restore a deleted, typed-over or
 * stale formula and the row commands can fix what a row edit left behind.
 */
import { a1, type CellAddress } from "../domain/address";
import type { Field, FundingRowKey, Indicator, SelfEvaluationForm } from "../domain/model";
import { FUNDING_ROW_KEYS } from "../domain/model";
import type { Template } from "../domain/templates/schema";
import { cellText, comparable } from "../domain/text";
import type { SheetGrid } from "./grid";
import { COL, gradeFormula, numberPart, rounded, suggestedFormula } from "./standard";

/** Which computed cell a formula belongs to. Indicator cells carry their row's index in the table. */
export type ComputedCell =
  | { readonly kind: "executionRate"; readonly key: FundingRowKey }
  | { readonly kind: "fundingScore" }
  | { readonly kind: "fullScore" }
  | { readonly kind: "totalScore" }
  | { readonly kind: "grade" }
  | {
      readonly kind: "suggestedScore" | "helperTarget" | "helperComparator" | "helperActual";
      readonly index: number;
    };

export interface ExpectedFormula {
  readonly cell: CellAddress;
  readonly what: ComputedCell;
  /** Without the leading `=`, exactly as the layout writes it. */
  readonly formula: string;
}

export interface FormulaOptions {
  /** The sheet has the 建议得分 column (and its hidden helper columns K:M). */
  readonly suggestedColumn: boolean;
}

const ref = (at: CellAddress): string => a1(at);

/**
 * Whether a standard sheet was laid out with the 建议得分 column: the table's header (the row above
 * the first indicator row) says so in column I. Without indicator rows there is nothing to compute.
 * @example hasSuggestedColumn(sheet, form) // true for a template with suggestedScoreColumn
 */
export function hasSuggestedColumn(sheet: SheetGrid, form: SelfEvaluationForm): boolean {
  const first = form.indicators[0]?.level3.at;
  if (!first || first.row === 0) return false;
  return comparable(cellText(sheet.cell(first.row - 1, COL.suggested)?.value ?? null)) === "建议得分";
}

/** The row of an indicator: its 三级指标 cell is never merged over rows. */
const rowOf = (indicator: Indicator): number | null => indicator.level3.at?.row ?? null;

/**
 * Every computed cell of a standard 自评表 with the formula it should hold at its current address:
 * the four 执行率, 资金得分, 满分 and 总分 over the current first to last indicator rows, 评分等级 where
 * the sheet has it, and with the 建议得分 column each row's 建议得分 and helper cells K, L and M.
 * Cells whose address is unknown (a deleted name) are left out.
 * @example expectedFormulas(readStandardForms(grid)[0].form as SelfEvaluationForm, t, { suggestedColumn: false })
 */
export function expectedFormulas(
  form: SelfEvaluationForm,
  template: Template,
  options: FormulaOptions,
): ExpectedFormula[] {
  const out: ExpectedFormula[] = [];
  const mode = template.rounding;
  const total = form.funding.total;

  for (const key of FUNDING_ROW_KEYS) {
    const row = form.funding[key];
    const divisor = template.executionRateDivisor === "annualBudget" ? row.annualBudget.at : row.initialBudget.at;
    if (!row.rate.at || !row.executed.at || !divisor) continue;
    const d = ref(divisor);
    const e = ref(row.executed.at);
    out.push({
      cell: row.rate.at,
      what: { kind: "executionRate", key },
      formula: `IF(OR(N(${d})=0,NOT(ISNUMBER(${e}))),"",${e}/${d})`,
    });
  }

  if (total.score.at && total.rate.at && total.weight.at) {
    const rate = ref(total.rate.at);
    out.push({
      cell: total.score.at,
      what: { kind: "fundingScore" },
      formula: `IF(${rate}="","",${rounded(`MIN(${rate},1)*${ref(total.weight.at)}`, mode.fundingScore)})`,
    });
  }

  const first = form.indicators[0];
  const last = form.indicators[form.indicators.length - 1];
  if (first && last) {
    const sum = (pick: (i: Indicator) => Field): string | null => {
      const from = pick(first).at;
      const to = pick(last).at;
      return from && to ? `SUM(${ref(from)}:${ref(to)})` : null;
    };
    const weights = sum((i) => i.weight);
    const scores = sum((i) => i.score);
    if (form.total.fullScore.at && total.weight.at && weights) {
      out.push({
        cell: form.total.fullScore.at,
        what: { kind: "fullScore" },
        formula: `ROUND(N(${ref(total.weight.at)})+${weights},9)`,
      });
    }
    if (form.total.score.at && total.score.at && scores) {
      const fundingScore = ref(total.score.at);
      out.push({
        cell: form.total.score.at,
        what: { kind: "totalScore" },
        formula: `IF(${fundingScore}="","",ROUND(${fundingScore}+${scores},9))`,
      });
    }
  }

  if (form.grade?.at && form.total.score.at) {
    out.push({
      cell: form.grade.at,
      what: { kind: "grade" },
      formula: gradeFormula(ref(form.total.score.at), template.gradeBands),
    });
  }

  if (options.suggestedColumn) {
    form.indicators.forEach((indicator, index) => {
      const r = rowOf(indicator);
      if (r === null) return;
      const target = ref({ row: r, col: COL.target });
      const actual = ref({ row: r, col: COL.actual });
      out.push(
        {
          cell: { row: r, col: COL.suggested },
          what: { kind: "suggestedScore", index },
          formula: suggestedFormula(r, mode.indicatorScore),
        },
        {
          cell: { row: r, col: COL.helperTarget },
          what: { kind: "helperTarget", index },
          formula: numberPart(target, true),
        },
        {
          cell: { row: r, col: COL.helperComparator },
          what: { kind: "helperComparator", index },
          formula: `IF(ISNUMBER(${target}),"=",LEFT(SUBSTITUTE(${target}," ",""),1))`,
        },
        {
          cell: { row: r, col: COL.helperActual },
          what: { kind: "helperActual", index },
          formula: `IF(ISNUMBER(${actual}),${actual},${numberPart(actual, false)})`,
        },
      );
    });
  }
  return out;
}

/** A whole-row edit of the indicator table, as Excel's Insert or Delete of a sheet row. */
export type RowEdit =
  /** A new blank indicator row after the `after`-th (0-based), in the same 一级/二级 group. */
  | { readonly kind: "insert"; readonly after: number }
  /** The `index`-th indicator row removed. */
  | { readonly kind: "delete"; readonly index: number };

/**
 * The form as it will be read after a row edit: every address below the edit moved by a row, the
 * new row's fields blank at their new address (its 一级/二级 those of the row above, whose merged
 * cells the row commands extend over it), a deleted row's fields gone. A deleted row that heads its
 * 一级/二级 group hands the group's value to the next row, where the row commands write it.
 * @example afterRowEdit(form, { kind: "insert", after: 2 }).indicators.length === form.indicators.length + 1
 */
export function afterRowEdit(form: SelfEvaluationForm, edit: RowEdit): SelfEvaluationForm {
  const anchor = edit.kind === "insert" ? form.indicators[edit.after] : form.indicators[edit.index];
  const editRow = anchor ? rowOf(anchor) : null;
  if (!anchor || editRow === null) return form;
  // Inserting puts the new row right under the chosen one; what is at or below it moves down.
  const at = edit.kind === "insert" ? editRow + 1 : editRow;
  const delta = edit.kind === "insert" ? 1 : -1;
  const moved = (address: CellAddress): CellAddress =>
    address.row > at || (delta > 0 && address.row === at) ? { row: address.row + delta, col: address.col } : address;
  const move = (field: Field): Field => (field.at ? { ...field, at: moved(field.at) } : field);
  const moveRow = (row: Indicator): Indicator => ({
    level1: move(row.level1),
    level2: move(row.level2),
    level3: move(row.level3),
    target: move(row.target),
    actual: move(row.actual),
    weight: move(row.weight),
    score: move(row.score),
    deviation: move(row.deviation),
  });

  let indicators: Indicator[];
  if (edit.kind === "insert") {
    const blank = (field: Field): Field => ({ value: null, at: field.at ? { row: at, col: field.at.col } : null });
    const row: Indicator = {
      level1: move(anchor.level1),
      level2: move(anchor.level2),
      level3: blank(anchor.level3),
      target: blank(anchor.target),
      actual: blank(anchor.actual),
      weight: blank(anchor.weight),
      score: blank(anchor.score),
      deviation: blank(anchor.deviation),
    };
    indicators = form.indicators.map(moveRow);
    indicators.splice(edit.after + 1, 0, row);
  } else {
    indicators = form.indicators.filter((_, i) => i !== edit.index).map(moveRow);
  }

  const funding = Object.fromEntries(
    FUNDING_ROW_KEYS.map((key) => {
      const f = form.funding[key];
      return [
        key,
        {
          initialBudget: move(f.initialBudget),
          annualBudget: move(f.annualBudget),
          executed: move(f.executed),
          weight: move(f.weight),
          rate: move(f.rate),
          score: move(f.score),
        },
      ];
    }),
  ) as unknown as SelfEvaluationForm["funding"];

  return {
    ...form,
    range: form.range ? { from: moved(form.range.from), to: moved(form.range.to) } : null,
    header: {
      projectName: move(form.header.projectName),
      department: move(form.header.department),
      implementer: move(form.header.implementer),
      manager: move(form.header.manager),
      phone: move(form.header.phone),
    },
    funding,
    goals: { expected: move(form.goals.expected), actual: move(form.goals.actual) },
    indicators,
    total: { fullScore: move(form.total.fullScore), score: move(form.total.score) },
    grade: form.grade ? move(form.grade) : null,
    ...(form.overwritten ? { overwritten: form.overwritten.map((o) => ({ ...o, at: moved(o.at) })) } : {}),
  };
}
