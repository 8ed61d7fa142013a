/**
 * planFill: blank 得分 of quantitative indicators get the engine's suggested score (typed scores are
 * never touched), computed cells that lost their formula — typed over, deleted, or over a stale range
 * after a row went in — get it back, each with a Chinese label and the cell's current text.
 */
import { builtinTemplate, indicatorSuggestion, type SelfEvaluationForm, type Template } from "../domain";
import { fromDescriptions, insertRow, toGrid, typeInto, type EditableWorkbook } from "../../test/sheet-grid";
import { cellKey } from "./grid";
import { cellBefore, planFill } from "./fill";
import { readStandardForms } from "./read-standard";
import {
  COL,
  blankSelfEvaluation,
  layoutSelfEvaluation,
  type IndicatorData,
  type SelfEvaluationData,
} from "./standard";

const SH = builtinTemplate("sh-district-2023") as Template;

const row = (
  level2: string,
  level3: string,
  target: string,
  actual: string,
  weight: number,
  score: number | string | null,
  level1 = "产出指标",
): IndicatorData => ({ level1, level2, level3, target, actual, weight, score, deviation: null });

/** A 自评表 with amounts, two quantitative rows without a score, one typed, and qualitative rows. */
function data(t: Template): SelfEvaluationData {
  const blank = blankSelfEvaluation(t, 2024);
  return {
    ...blank,
    projectName: "职工职业培训",
    funding: {
      ...blank.funding,
      total: { initialBudget: 100, annualBudget: 100, executed: 98 },
      currentYear: { initialBudget: 100, annualBudget: 100, executed: 98 },
    },
    indicators: [
      row("数量指标", "培训人数", "≥350(人)", "223(人)", 20, null),
      row("数量指标", "培训场次", "≥10(场)", "12(场)", 10, 9.5),
      row("质量指标", "培训合格率", "≥90%", "60%", 10, null),
      row("时效指标", "完成及时性", "及时", "达成年度指标", 10, null),
      row("社会效益指标", "职工技能提升", "有所提升", "达成年度指标", 30, 28, "效益指标"),
      row("服务对象满意度指标", "参训职工满意度", "≥90%", "95%", 10, "—", "满意度指标"),
    ],
  };
}

function setup(t: Template = SH) {
  const { sheet, map } = layoutSelfEvaluation(t, data(t), { formNo: 1, sheetName: "自评表" });
  return { map, wb: fromDescriptions([sheet]) };
}

function plan(wb: EditableWorkbook, t: Template = SH, formulas?: "exact" | "references" | "none") {
  const grid = toGrid(wb);
  const form = readStandardForms(grid)[0].form as SelfEvaluationForm;
  return { form, changes: planFill(form, t, grid.sheets[0], formulas ? { formulas } : {}) };
}

describe("planFill: suggested scores", () => {
  it("fills the blank 得分 of quantitative rows with the engine's suggestion, and nothing else on an intact sheet", () => {
    const { map, wb } = setup();
    const { form, changes } = plan(wb);
    const first = map.firstIndicatorRow;
    expect(changes).toEqual([
      {
        cell: { sheet: "自评表", row: first, col: COL.score },
        label: "指标“培训人数”的得分",
        before: "",
        after: { value: 12.74 },
        reason: "suggested-score",
      },
      {
        cell: { sheet: "自评表", row: first + 2, col: COL.score },
        label: "指标“培训合格率”的得分",
        before: "",
        after: { value: 6.67 },
        reason: "suggested-score",
      },
    ]);
    expect(indicatorSuggestion(form.indicators[0], SH)?.toNumber()).toBe(12.74);
  });

  it("never replaces a typed score, a dash, a 0 or a formula of the user's", () => {
    const { map, wb } = setup();
    typeInto(wb, "自评表", { row: map.firstIndicatorRow, col: COL.score }, 0);
    wb.sheets[0].cells.set(cellKey(map.firstIndicatorRow + 2, COL.score), { value: 9, formula: "F16*0.9" });
    const { changes } = plan(wb);
    expect(changes).toEqual([]);
  });

  it("rounds down with a ROUNDDOWN template", () => {
    const t = { ...SH, rounding: { fundingScore: "rounddown", indicatorScore: "rounddown" } } as const;
    const { wb } = setup(t);
    expect(plan(wb, t).changes.map((c) => c.after)).toEqual([{ value: 12.74 }, { value: 6.66 }]);
  });

  it("a row without a name is named by its position", () => {
    const { map, wb } = setup();
    wb.sheets[0].cells.delete(cellKey(map.firstIndicatorRow + 2, COL.level3));
    expect(plan(wb).changes[1].label).toBe("第 3 行指标的得分");
  });
});

describe("planFill: formulas to restore", () => {
  it("a 总分 typed over and a 资金得分 deleted get their formulas back, with what the cells hold now", () => {
    const { map, wb } = setup();
    typeInto(wb, "自评表", { row: map.totalRow, col: COL.score }, 95);
    wb.sheets[0].cells.delete(cellKey(map.fundingRows.total, COL.fundingScore));
    const restores = plan(wb).changes.filter((c) => c.reason === "restore-formula");
    const t = map.fundingRows.total + 1;
    expect(restores).toEqual([
      {
        cell: { sheet: "自评表", row: map.fundingRows.total, col: COL.fundingScore },
        label: "资金得分",
        before: "",
        after: { formula: `IF(H${t}="","",ROUND(ROUND(MIN(H${t},1)*G${t},9),2))` },
        reason: "restore-formula",
      },
      {
        cell: { sheet: "自评表", row: map.totalRow, col: COL.score },
        label: "总分",
        before: "95",
        after: { formula: `IF(I${t}="","",ROUND(I${t}+SUM(G${map.firstIndicatorRow + 1}:G${map.totalRow}),9))` },
        reason: "restore-formula",
      },
    ]);
  });

  it("labels 执行率 cells by their funding row, and 评分等级", () => {
    const { map, wb } = setup();
    typeInto(wb, "自评表", { row: map.fundingRows.currentYear, col: COL.rate }, "98%");
    typeInto(wb, "自评表", { row: map.fundingRows.total, col: COL.rate }, null);
    typeInto(wb, "自评表", { row: map.gradeRow ?? -1, col: 2 }, "优");
    const restores = plan(wb).changes.filter((c) => c.reason === "restore-formula");
    expect(restores.map((c) => [c.label, c.before])).toEqual([
      ["年度资金总额的执行率", ""],
      ["当年财政拨款的执行率", "98%"],
      ["评分等级", "优"],
    ]);
  });

  it("after a row went in under the last indicator, 满分 and 总分 are planned over the new row", () => {
    const { map, wb } = setup();
    insertRow(wb, "自评表", map.totalRow);
    typeInto(wb, "自评表", { row: map.totalRow, col: COL.level3 }, "新增指标");
    const { changes } = plan(wb);
    const byLabel = new Map(changes.map((c) => [c.label, c]));
    const first = map.firstIndicatorRow + 1;
    const last = map.totalRow + 1;
    expect(byLabel.get("满分")).toMatchObject({
      cell: { row: map.totalRow + 1, col: COL.weight },
      before: `=ROUND(N(G${map.fundingRows.total + 1})+SUM(F${first}:F${last - 1}),9)`,
      after: { formula: `ROUND(N(G${map.fundingRows.total + 1})+SUM(F${first}:F${last}),9)` },
    });
    expect(byLabel.get("总分")?.after).toEqual({
      formula: expect.stringContaining(`SUM(G${first}:G${last})`) as unknown as string,
    });
  });

  it("with the 建议得分 column, a row's missing helper cells come back", () => {
    const t = { ...SH, suggestedScoreColumn: true };
    const { map, wb } = setup(t);
    wb.sheets[0].cells.delete(cellKey(map.firstIndicatorRow + 1, COL.helperComparator));
    typeInto(wb, "自评表", { row: map.firstIndicatorRow + 1, col: COL.suggested }, 10);
    const restores = plan(wb, t).changes.filter((c) => c.reason === "restore-formula");
    expect(restores.map((c) => [c.label, c.before])).toEqual([
      ["指标“培训场次”的建议得分", "10"],
      ["指标“培训场次”的建议得分计算列（比较符号）", ""],
    ]);
  });

  it("compares formulas without regard to spaces, $ and letter case", () => {
    const { map, wb } = setup();
    const cell = wb.sheets[0].cells.get(cellKey(map.totalRow, COL.weight));
    const formula = (cell?.formula ?? "")
      .replace(/G(\d+)/, "$$G$$$1")
      .replace("ROUND", "round")
      .replace("+", " + ");
    wb.sheets[0].cells.set(cellKey(map.totalRow, COL.weight), { value: 100, formula });
    expect(plan(wb).changes.filter((c) => c.reason === "restore-formula")).toEqual([]);
  });

  it("for a template the pane does not have, only a formula over other cells counts (references)", () => {
    const { map, wb } = setup();
    const other = { ...SH, rounding: { fundingScore: "rounddown", indicatorScore: "round" } } as const;
    expect(plan(wb, other, "exact").changes.map((c) => c.label)).toContain("资金得分");
    expect(plan(wb, other, "references").changes.map((c) => c.label)).not.toContain("资金得分");
    insertRow(wb, "自评表", map.totalRow);
    expect(plan(wb, other, "references").changes.map((c) => c.label)).toEqual(expect.arrayContaining(["满分", "总分"]));
  });

  it("with formulas: none, only suggested scores are planned (a form the product did not lay out)", () => {
    const { map, wb } = setup();
    typeInto(wb, "自评表", { row: map.totalRow, col: COL.score }, 95);
    expect(plan(wb, SH, "none").changes.every((c) => c.reason === "suggested-score")).toBe(true);
  });

  it("cellBefore: a formula with its =, a value as text, blank as empty", () => {
    const { map, wb } = setup();
    const sheet = toGrid(wb).sheets[0];
    expect(cellBefore(sheet, { row: map.totalRow, col: COL.weight })).toMatch(/^=ROUND\(/);
    expect(cellBefore(sheet, { row: map.firstIndicatorRow + 1, col: COL.score })).toBe("9.5");
    expect(cellBefore(sheet, { row: map.firstIndicatorRow, col: COL.score })).toBe("");
  });
});
