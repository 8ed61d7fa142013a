/**
 * The standard 申报表: laid out, read back, checked; its totals are formulas.
 */
import { builtinTemplate, evaluateForm, formatSheetCell, type TargetDeclarationForm, type Template } from "../domain";
import { blankDeclaration, layoutDeclaration, type DeclarationData } from "./declaration";
import { readStandardForms } from "./read-standard";
import { layoutSelfEvaluation, blankSelfEvaluation } from "./standard";
import { fromDescriptions, toGrid, typeInto } from "../../test/sheet-grid";

const DECL = builtinTemplate("sh-2024-declaration") as Template;

const songjiang = (): DeclarationData => ({
  ...blankDeclaration(DECL, 2024),
  projectName: "编外人员工作经费",
  nature: "其他经常性项目",
  category: "特定目标类",
  department: "上海市松江区总工会",
  implementer: "上海市松江区工人文化宫",
  startDate: "2024-01-01",
  endDate: "2024-12-31",
  fiscal: 787088.5,
  projectOther: 0,
  currentYear: 787088.5,
  carryOver: 0,
  annualOther: 0,
  goals: { overall: "充分发挥工人文化宫阵地作用。", annual: "全方面丰富职工精神文化生活。" },
  indicators: [
    { level1: "成本指标", level2: "经济成本指标", level3: "指标1：非编人员人均工资福利费", target: "≤15.20(万元)" },
    { level1: "产出指标", level2: "数量指标", level3: "指标1：非编人员数", target: "≤5.00(人)" },
    { level1: "产出指标", level2: "质量指标", level3: "指标1：工资发放准确性", target: "准确" },
    { level1: "效益指标", level2: "社会效益指标", level3: "指标1：是否提升就业率", target: "是" },
    {
      level1: "满意度指标",
      level2: "服务对象满意度指标",
      level3: "指标1：职工群众对职工综合活动中心满意度",
      target: "≥80.00(%)",
    },
  ],
});

function readDecl(
  sheets: Parameters<typeof fromDescriptions>[0],
  edit?: (wb: ReturnType<typeof fromDescriptions>) => void,
): TargetDeclarationForm {
  const wb = fromDescriptions(sheets);
  edit?.(wb);
  const forms = readStandardForms(toGrid(wb)).map((r) => r.form);
  const decl = forms.find((f): f is TargetDeclarationForm => f.kind === "target-declaration");
  if (!decl) throw new Error("no declaration read");
  return decl;
}

test("a Songjiang-like declaration reads back whole and checks clean", () => {
  const sheet = layoutDeclaration(DECL, songjiang(), { formNo: 1, sheetName: "申报表" });
  const form = readDecl([sheet]);
  expect([form.templateId, form.year, form.header.projectName.value, form.header.startDate.value]).toEqual([
    "sh-2024-declaration",
    2024,
    "编外人员工作经费",
    "2024-01-01",
  ]);
  expect(form.indicators.map((i) => [i.level1.value, i.level2.value, i.level3.value, i.target.value])).toEqual(
    songjiang().indicators.map((i) => [i.level1, i.level2, i.level3, i.target]),
  );
  expect(evaluateForm(form, DECL).findings).toEqual([]);
});

test("the two totals are formulas over their parts", () => {
  const sheet = layoutDeclaration(DECL, songjiang(), { formNo: 1, sheetName: "申报表" });
  const formulas = sheet.cells.filter((c) => c.formula).map((c) => c.formula);
  expect(formulas).toEqual(["N(C7)+N(C9)", "N(E7)+N(E8)+N(E9)"]);
});

test("dates in the wrong order are found on the start date's cell", () => {
  const sheet = layoutDeclaration(
    DECL,
    { ...songjiang(), startDate: "2025-01-01" },
    { formNo: 1, sheetName: "申报表" },
  );
  const findings = evaluateForm(readDecl([sheet]), DECL).findings;
  expect(findings.map((f) => [f.code, f.cell ? formatSheetCell(f.cell) : null])).toEqual([["DATE_ORDER", "申报表!B5"]]);
});

test("a declaration and a self-evaluation in one workbook are read as their own kinds", () => {
  const t = builtinTemplate("sh-district-2023") as Template;
  const a = layoutSelfEvaluation(t, blankSelfEvaluation(t, 2024), { formNo: 1, sheetName: "自评表" }).sheet;
  const b = layoutDeclaration(DECL, blankDeclaration(DECL, 2024), { formNo: 2, sheetName: "申报表" });
  expect(readStandardForms(toGrid(fromDescriptions([a, b]))).map((r) => [r.form.sheet, r.form.kind])).toEqual([
    ["自评表", "self-evaluation"],
    ["申报表", "target-declaration"],
  ]);
});

test("a target typed into a blank row is read", () => {
  const sheet = layoutDeclaration(DECL, blankDeclaration(DECL, 2024), { formNo: 1, sheetName: "申报表" });
  const form = readDecl([sheet], (wb) => typeInto(wb, "申报表", { row: 12, col: 3 }, "指标1：服务人数"));
  expect(form.indicators[0].level3.value).toBe("指标1：服务人数");
  expect(
    evaluateForm(form, DECL)
      .findings.filter((f) => f.code === "REQUIRED_MISSING")
      .map((f) => (f.cell ? formatSheetCell(f.cell) : null)),
  ).toEqual(["申报表!B3", "申报表!B4", "申报表!E4", "申报表!E13"]);
});
