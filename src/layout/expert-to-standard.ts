/**
 * A 专家评分表 of any layout as the product's standard panel sheet: header, experts' names, every item
 * with its 分值 and scores carried over; a stated 合计, 平均分, 总分, 平均总分 or 等级 that is not what the
 * sheet's formula will show is typed over that formula, so that checking the new sheet reports it
 * (FORMULA_OVERWRITTEN, and the original's EXPERT_SUM_MISMATCH or ROUNDING_DIFFERENCE) instead of
 * losing it. Shared by `zpb import` and the add-in's 规范化 through `standardSheetOf`.
 */
import type { CellAddress } from "../domain/address";
import { numberIn } from "../domain/compute";
import { roundTo, type Dec } from "../domain/decimal";
import { computeExpertScoring } from "../domain/expert";
import type { ExpertScoringForm, Field } from "../domain/model";
import type { Template } from "../domain/templates/schema";
import { cellText } from "../domain/text";
import { ECOL, layoutExpertScoring } from "./expert";
import type { SheetDescription } from "./sheet";
import type { Override, StandardSheet } from "./to-standard";

const text = (f: Field): string => cellText(f.value).trim();

/**
 * The standard panel sheet of a recognized panel.
 * @example expertSheetOf(form, builtinTemplate("expert-2020")!, 1, "专家评分表").sheet.cells.length > 0
 */
export function expertSheetOf(
  form: ExpertScoringForm,
  template: Template,
  formNo: number,
  sheetName: string,
): StandardSheet {
  const { sheet, map } = layoutExpertScoring(
    template,
    {
      year: form.year,
      projectName: form.header.projectName.value,
      department: form.header.department.value,
      implementer: form.header.implementer.value,
      experts: form.experts.map((f) => (text(f) === "" ? null : f.value)),
      items: form.items.map((item) => ({
        level1: text(item.level1),
        level2: text(item.level2),
        level3: item.level3.value,
        weight: item.weight.value,
        scores: item.scores.map((s) => s.value),
      })),
    },
    { formNo, sheetName },
  );
  const computed = computeExpertScoring(form, template);
  const mode = template.rounding.indicatorScore;
  const n = form.experts.length;
  const overrides: { override: Override; at: CellAddress }[] = [];
  /** A stated figure that is not what the formula shows (rounded as the template rounds it). */
  const typeOver = (field: Override["field"], stated: Field, exact: Dec | null, row: number, col: number): void => {
    const value = numberIn(stated);
    if (value === null) return;
    const shown = exact === null ? null : roundTo(exact, 2, mode);
    if (shown !== null && value.eq(shown)) return;
    overrides.push({
      override: {
        field,
        value: Number(value.toString()),
        from: stated.at,
        computed: shown === null ? null : shown.toFixed(2),
      },
      at: { row, col },
    });
  };
  form.items.forEach((item, i) => {
    const it = computed.items.find((c) => c.item === item);
    const row = map.firstItemRow + i;
    typeOver("itemSum", item.sum, it?.sum ?? null, row, map.sumCol);
    typeOver("itemAverage", item.average, it?.sum && n > 0 ? it.sum.div(n) : null, row, map.averageCol);
  });
  form.expertTotals.forEach((total, e) =>
    typeOver("expertTotal", total, computed.expertTotals[e] ?? null, map.totalRow, ECOL.firstExpert + e),
  );
  typeOver("panelSum", form.totalSum, computed.panelSum, map.totalRow, map.sumCol);
  typeOver("averageTotal", form.averageTotal, computed.averageTotalExact, map.totalRow, map.averageCol);
  if (
    form.grade !== null &&
    text(form.grade) !== "" &&
    computed.grade !== null &&
    text(form.grade) !== computed.grade
  ) {
    overrides.push({
      override: { field: "grade", value: text(form.grade), from: form.grade.at, computed: computed.grade },
      at: { row: map.gradeRow, col: ECOL.weight },
    });
  }
  return { sheet: typedOver(sheet, overrides), placed: overrides, missing: [], dropped: [] };
}

/** The sheet with each override's value typed over the formula of its cell. */
function typedOver(
  sheet: SheetDescription,
  overrides: readonly { override: Override; at: CellAddress }[],
): SheetDescription {
  const at = new Map(overrides.map((o) => [`${o.at.row}:${o.at.col}`, o.override]));
  const cells = sheet.cells.map((c) => {
    const o = at.get(`${c.row}:${c.col}`);
    return o ? { row: c.row, col: c.col, value: o.value, ...(c.style ? { style: c.style } : {}) } : c;
  });
  return { ...sheet, cells };
}
