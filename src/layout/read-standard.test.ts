/**
 * The standard sheet round trip: lay a form out, read it back (as from a file or from Office.js), and
 * keep reading it right after the edits users make: rows inserted and deleted, labels respaced,
 * formulas typed over.
 */
import {
  builtinTemplate,
  evaluateForm,
  formatSheetCell,
  messageOf,
  type SelfEvaluationForm,
  type Template,
} from "../domain";
import { adr } from "../domain/address";
import { readStandardForms, resolveRef } from "./read-standard";
import { layoutSelfEvaluation, blankSelfEvaluation, type SelfEvaluationData } from "./standard";
import { deleteRow, fromDescriptions, insertRow, toGrid, typeInto } from "../../test/sheet-grid";
import { filledData } from "../../test/factories";

const SH = builtinTemplate("sh-district-2023") as Template;

const filled = (): SelfEvaluationData => filledData();

/** The self-evaluation forms of a workbook (the kind is asserted, so the test can read its fields). */
function readSelf(
  grid: Parameters<typeof readStandardForms>[0],
): { form: SelfEvaluationForm; missing: readonly string[] }[] {
  return readStandardForms(grid).map((r) => {
    if (r.form.kind !== "self-evaluation") throw new Error(`expected a 自评表, got ${r.form.kind}`);
    return { form: r.form, missing: r.missing };
  });
}

const lay = (data: SelfEvaluationData, formNo = 1, sheetName = "自评表") =>
  layoutSelfEvaluation(SH, data, { formNo, sheetName });

test("resolveRef reads quoted and plain references, and refuses broken ones", () => {
  expect(resolveRef("'自评 表'!$C$3")).toEqual({ sheet: "自评 表", from: adr("C3"), to: adr("C3") });
  expect(resolveRef("Sheet1!$A$14:$I$19")).toEqual({ sheet: "Sheet1", from: adr("A14"), to: adr("I19") });
  expect(resolveRef("'O''Brien'!B2")).toEqual({ sheet: "O'Brien", from: adr("B2"), to: adr("B2") });
  expect(resolveRef("#REF!")).toBeNull();
  expect(resolveRef("'自评表'!#REF!")).toBeNull();
});

test("a filled form reads back with every value at its cell, and checks clean", () => {
  const { sheet, map } = lay(filled());
  const [read] = readSelf(toGrid(fromDescriptions([sheet])));
  const form = read.form;
  expect(read.missing).toEqual([]);
  expect([form.sheet, form.year, form.templateId, form.moneyUnit]).toEqual([
    "自评表",
    2023,
    "sh-district-2023",
    "万元",
  ]);
  expect(form.header.projectName).toEqual({ value: "职工技能培训", at: adr("C3") });
  expect(form.funding.total.annualBudget).toEqual({
    value: 100,
    at: { row: map.fundingRows.total, col: 4 },
    numberFormat: "#,##0.00",
  });
  expect(form.indicators.map((i) => [i.level1.value, i.level2.value, i.level3.value])).toEqual(
    filled().indicators.map((i) => [i.level1, i.level2, i.level3]),
  );
  // 一级 cells are merged: every row of a group points at the group's first cell.
  expect(form.indicators[2].level1.at).toEqual({ row: map.firstIndicatorRow, col: 0 });
  expect(form.overwritten).toEqual([]);
  expect(evaluateForm(form, SH).findings).toEqual([]);
});

test("two forms in one workbook, one per sheet, are told apart by their names", () => {
  const a = lay(filled(), 1, "培训");
  const b = lay({ ...filled(), projectName: "劳模慰问" }, 2, "慰问");
  const reads = readStandardForms(toGrid(fromDescriptions([a.sheet, b.sheet])));
  expect(reads.map((r) => [r.form.sheet, r.form.header.projectName.value])).toEqual([
    ["培训", "职工技能培训"],
    ["慰问", "劳模慰问"],
  ]);
});

test("an inserted indicator row is read, and one typed below the table's last row too", () => {
  const { sheet, map } = lay(filled());
  const wb = fromDescriptions([sheet]);
  insertRow(wb, "自评表", map.firstIndicatorRow + 1);
  typeInto(wb, "自评表", { row: map.firstIndicatorRow + 1, col: 2 }, "培训场次");
  typeInto(wb, "自评表", { row: map.firstIndicatorRow + 1, col: 3 }, "≥10(场)");
  const [read] = readSelf(toGrid(wb));
  expect(read.form.indicators.map((i) => i.level3.value)).toEqual([
    "培训人数",
    "培训场次",
    "培训合格率",
    "补贴发放及时性",
    "有责投诉发生数",
    "长效管理机制",
    "服务对象满意度",
  ]);
  // The new row has no 分值/得分 yet: the checks say so, on the new row's cells.
  const findings = evaluateForm(read.form, SH).findings.filter((f) => f.code === "REQUIRED_MISSING");
  expect(findings.map((f) => (f.cell ? formatSheetCell(f.cell) : null))).toEqual(["自评表!F14", "自评表!G14"]);
});

test("a deleted indicator row is gone, and the 总分 is found where it moved", () => {
  const { sheet, map } = lay(filled());
  const wb = fromDescriptions([sheet]);
  deleteRow(wb, "自评表", map.firstIndicatorRow + 5);
  const [read] = readSelf(toGrid(wb));
  expect(read.form.indicators).toHaveLength(5);
  expect(read.form.total.score.at).toEqual({ row: map.totalRow - 1, col: 6 });
  expect(evaluateForm(read.form, SH).findings.map((f) => f.code)).toContain("LEVEL1_MISSING");
});

test("respaced header labels still find their columns", () => {
  const { sheet, map } = lay(filled());
  const wb = fromDescriptions([sheet]);
  typeInto(wb, "自评表", { row: map.indicatorHeaderRow, col: 5 }, "分 值");
  typeInto(wb, "自评表", { row: map.indicatorHeaderRow, col: 6 }, " 得  分 ");
  const [read] = readSelf(toGrid(wb));
  expect(read.form.indicators[0].weight.value).toBe(20);
  expect(evaluateForm(read.form, SH).findings).toEqual([]);
});

test("a computed cell typed over is a finding, not a crash", () => {
  const { sheet, map } = lay(filled());
  const wb = fromDescriptions([sheet]);
  typeInto(wb, "自评表", { row: map.fundingRows.total, col: 8 }, 9.5);
  typeInto(wb, "自评表", { row: map.totalRow, col: 6 }, "九十九");
  const [read] = readSelf(toGrid(wb));
  const findings = evaluateForm(read.form, SH).findings;
  expect(findings.map((f) => [f.code, f.cell ? formatSheetCell(f.cell) : null, messageOf(f)])).toEqual([
    ["FUNDING_SCORE_MISMATCH", "自评表!I6", "资金得分填写为 9.50，按执行率 98.00% × 10 计算应为 9.80"],
    ["NOT_A_NUMBER", "自评表!G19", "总分应为数字，现为“九十九”"],
    ["FORMULA_OVERWRITTEN", "自评表!I6", "资金得分单元格的公式被改写为“9.5”：请核对，或用“填充”恢复公式"],
    ["FORMULA_OVERWRITTEN", "自评表!G19", "总分单元格的公式被改写为“九十九”：请核对，或用“填充”恢复公式"],
  ]);
});

test("a deleted named cell (a #REF! name) reads as missing, and the checks report the blank", () => {
  const { sheet } = lay(filled());
  const wb = fromDescriptions([sheet]);
  wb.names = wb.names.filter((n) => n.name !== "zpb_projectName_1");
  const [read] = readSelf(toGrid(wb));
  expect(read.missing).toEqual(["projectName"]);
  expect(evaluateForm(read.form, SH).findings.map((f) => [f.code, f.cell])).toEqual([["REQUIRED_MISSING", null]]);
});

test("a blank template reads as a form with its default rows; what is missing is reported, nothing crashes", () => {
  const { sheet } = lay(blankSelfEvaluation(SH, 2024));
  const [read] = readSelf(toGrid(fromDescriptions([sheet])));
  expect(read.form.year).toBe(2024);
  expect(read.form.indicators.map((i) => `${String(i.level1.value)}/${String(i.level2.value)}`)).toEqual([
    "产出指标/数量指标",
    "产出指标/质量指标",
    "产出指标/时效指标",
    "效益指标/社会效益指标",
    "效益指标/可持续影响指标",
    "满意度指标/服务对象满意度指标",
  ]);
  const codes = new Set(evaluateForm(read.form, SH).findings.map((f) => f.code));
  // Blank rows are not indicators yet, so the 分值 add up to the 资金 10 alone.
  expect(codes).toEqual(
    new Set(["REQUIRED_MISSING", "LEVEL1_MISSING", "WEIGHTS_NONSTANDARD", "WEIGHT_TOTAL_MISMATCH"]),
  );
});
