/**
 * What 填充 would change on a 自评表, planned from what was read and shown to the user before anything
 * is written: the suggested 得分 of quantitative indicators whose 得分 is blank (a score the user
 * typed is never replaced), and the formula of every computed cell that lost it — typed over,
 * deleted, or left over a stale range by a row edit. Pure: the plan is data; the Office adapter
 * writes it only when the user confirms.
 */
import type { CellAddress, SheetCell } from "../domain/address";
import { isNotApplicable, indicatorSuggestion } from "../domain/compute";
import { toNumber } from "../domain/decimal";
import type { SelfEvaluationForm } from "../domain/model";
import type { RawValue } from "../domain/numbers";
import type { Template } from "../domain/templates/schema";
import { cellText } from "../domain/text";
import { expectedFormulas, hasSuggestedColumn, type ComputedCell } from "./formulas";
import type { SheetGrid } from "./grid";
import { FUNDING_LABELS } from "./standard";

/** A change 填充 proposes: a suggested 得分 where it is blank, or a typed-over formula restored. */
export interface PlannedChange {
  readonly cell: SheetCell;
  /** What the cell is, in Chinese: “指标“培训人数”的得分”, “资金得分”. */
  readonly label: string;
  /** The cell's current text ("" when blank). */
  readonly before: string;
  /** The value to write, or the formula (without `=`) to restore. */
  readonly after: { readonly value: RawValue } | { readonly formula: string };
  readonly reason: "suggested-score" | "restore-formula";
}

/**
 * How a computed cell's formula is compared with the one it should hold:
 * - `exact`: any difference counts (spaces, `$` and letter case aside);
 * - `references`: only the cells and ranges it refers to — for a form whose template the pane does
 *   not have, whose rounding or grade bands may differ from the template planned with;
 * - `none`: formulas are not looked at (a form the product did not lay out has no known formulas).
 */
export type FormulaCheck = "exact" | "references" | "none";

export interface FillOptions {
  /** Default `exact`. */
  readonly formulas?: FormulaCheck;
}

/**
 * A cell's current content as the plan shows it and as applying it checks it again: the formula with
 * its `=` for a formula cell, otherwise the value's text; "" for a blank cell.
 * @example cellBefore(sheet, adr("G20")) // "=IF(I8=\"\",\"\",ROUND(I8+SUM(G14:G19),9))"
 */
export function cellBefore(sheet: SheetGrid, at: CellAddress): string {
  const cell = sheet.cell(at.row, at.col);
  if (!cell) return "";
  return cell.formula !== undefined ? `=${cell.formula}` : cellText(cell.value);
}

/** The formula outside its string literals, without spaces and `$`, in capitals; literals kept as they are. */
function normalized(formula: string): string {
  return formula
    .replace(/^=/, "")
    .split(/("(?:[^"]|"")*")/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/[\s$]+/g, "").toUpperCase()))
    .join("");
}

/** The cell references and ranges of a formula, in order (string literals left out). */
function references(formula: string): string[] {
  const code = normalized(formula)
    .split(/("(?:[^"]|"")*")/)
    .filter((_, i) => i % 2 === 0)
    .join(" ");
  return code.match(/(?<![A-Z0-9_.])[A-Z]{1,3}\d+(?::[A-Z]{1,3}\d+)?(?![A-Z0-9_(])/g) ?? [];
}

function sameFormula(current: string, expected: string, check: FormulaCheck): boolean {
  if (check === "references") return references(current).join(",") === references(expected).join(",");
  return normalized(current) === normalized(expected);
}

/** The name of an indicator row as the user knows it. */
function indicatorName(form: SelfEvaluationForm, index: number): string {
  const name = cellText(form.indicators[index]?.level3.value ?? null).trim();
  return name === "" ? `第 ${index + 1} 行指标` : `指标“${name}”`;
}

/** What a computed cell is, in Chinese. */
function computedLabel(form: SelfEvaluationForm, what: ComputedCell): string {
  switch (what.kind) {
    case "executionRate":
      return `${FUNDING_LABELS[what.key].replace(/^其中：/, "")}的执行率`;
    case "fundingScore":
      return "资金得分";
    case "fullScore":
      return "满分";
    case "totalScore":
      return "总分";
    case "grade":
      return "评分等级";
    case "suggestedScore":
      return `${indicatorName(form, what.index)}的建议得分`;
    case "helperTarget":
      return `${indicatorName(form, what.index)}的建议得分计算列（年度指标值的数值）`;
    case "helperComparator":
      return `${indicatorName(form, what.index)}的建议得分计算列（比较符号）`;
    case "helperActual":
      return `${indicatorName(form, what.index)}的建议得分计算列（实际完成值的数值）`;
    default: {
      const never: never = what;
      return never;
    }
  }
}

/**
 * Plans 填充 for one 自评表 as read from `sheet`: suggested 得分 for blank scores of quantitative
 * indicators, and formulas to restore in computed cells (for a standard form). In sheet order.
 * @example planFill(form, builtinTemplate("sh-district-2023")!, grid.sheets[0]).map((c) => c.label) // ["总分", …]
 */
export function planFill(
  form: SelfEvaluationForm,
  template: Template,
  sheet: SheetGrid,
  options: FillOptions = {},
): PlannedChange[] {
  const check = options.formulas ?? "exact";
  const changes: PlannedChange[] = [];

  form.indicators.forEach((row, index) => {
    const at = row.score.at;
    if (!at || isNotApplicable(row)) return;
    // Blank means nothing at all: a typed 0, a dash or a formula of the user's is theirs.
    if (cellBefore(sheet, at).trim() !== "") return;
    const suggested = indicatorSuggestion(row, template);
    if (suggested === null) return;
    changes.push({
      cell: { sheet: form.sheet, ...at },
      label: `${indicatorName(form, index)}的得分`,
      before: cellBefore(sheet, at),
      after: { value: toNumber(suggested) },
      reason: "suggested-score",
    });
  });

  if (check !== "none") {
    const suggestedColumn = hasSuggestedColumn(sheet, form);
    for (const expected of expectedFormulas(form, template, { suggestedColumn })) {
      const cell = sheet.cell(expected.cell.row, expected.cell.col);
      if (cell?.formula !== undefined && sameFormula(cell.formula, expected.formula, check)) continue;
      changes.push({
        cell: { sheet: form.sheet, ...expected.cell },
        label: computedLabel(form, expected.what),
        before: cellBefore(sheet, expected.cell),
        after: { formula: expected.formula },
        reason: "restore-formula",
      });
    }
  }

  return changes.sort((a, b) => a.cell.row - b.cell.row || a.cell.col - b.cell.col);
}
