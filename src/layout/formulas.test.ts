/**
 * expectedFormulas: on an untouched standard sheet it gives back, cell for cell, the formulas the
 * layout wrote (blank and filled forms, with and without the 建议得分 column, ROUND and ROUNDDOWN
 * templates, with and without 评分等级); after rows are inserted or deleted it gives the formulas for
 * the cells where they now are, over the current first to last indicator rows.
 */
import { a1, builtinTemplate, type SelfEvaluationForm, type Template } from "../domain";
import { dataOf } from "../../test/standard-form";
import { minhangForms } from "../../test/seed-forms";
import { deleteRow, fromDescriptions, insertRow, toGrid, typeInto } from "../../test/sheet-grid";
import { afterRowEdit, expectedFormulas, hasSuggestedColumn } from "./formulas";
import { readStandardForms } from "./read-standard";
import type { SheetDescription } from "./sheet";
import { COL, blankSelfEvaluation, layoutSelfEvaluation, type SelfEvaluationData } from "./standard";

const template = (id: string, patch: Partial<Template> = {}): Template => {
  const t = builtinTemplate(id);
  if (!t) throw new Error(id);
  return { ...t, ...patch };
};

const ROUNDDOWN = { fundingScore: "rounddown", indicatorScore: "rounddown" } as const;
const TEMPLATES: [string, Template][] = [
  ["mof-2020 (ROUND, no 评分等级)", template("mof-2020")],
  ["sh-district-2023 (评分等级)", template("sh-district-2023")],
  ["sh-district-2023 with 建议得分", template("sh-district-2023", { suggestedScoreColumn: true })],
  ["mof-2021 ROUNDDOWN with 建议得分", template("mof-2021", { rounding: ROUNDDOWN, suggestedScoreColumn: true })],
  [
    "bj-2020 ROUNDDOWN, 年初预算数 divisor",
    template("bj-2020", { rounding: ROUNDDOWN, executionRateDivisor: "initialBudget" }),
  ],
];

const filled = (): SelfEvaluationData => dataOf(minhangForms()[0]);

/** The formula cells of a description, as `A1 → formula`. */
const formulasOf = (sheet: SheetDescription): Record<string, string> =>
  Object.fromEntries(sheet.cells.filter((c) => c.formula !== undefined).map((c) => [a1(c), c.formula as string]));

const readBack = (sheet: SheetDescription) => {
  const grid = toGrid(fromDescriptions([sheet]));
  const [read] = readStandardForms(grid);
  return { form: read.form as SelfEvaluationForm, grid: grid.sheets[0] };
};

describe("expectedFormulas on an untouched layout", () => {
  describe.each(TEMPLATES)("%s", (_, t) => {
    it.each([
      ["blank", (): SelfEvaluationData => blankSelfEvaluation(t, 2024)],
      ["filled", filled],
    ])("%s form: every formula the layout wrote, and no other", (__, data) => {
      const { sheet } = layoutSelfEvaluation(t, data(), { formNo: 1, sheetName: "自评表" });
      const { form, grid } = readBack(sheet);
      expect(hasSuggestedColumn(grid, form)).toBe(t.suggestedScoreColumn);
      const expected = expectedFormulas(form, t, { suggestedColumn: hasSuggestedColumn(grid, form) });
      const got = Object.fromEntries(expected.map((e) => [a1(e.cell), e.formula]));
      expect(got).toEqual(formulasOf(sheet));
      // One entry per cell.
      expect(expected).toHaveLength(Object.keys(got).length);
    });
  });

  it("names each cell: 执行率 by funding row, indicator cells by their row in the table", () => {
    const t = template("sh-district-2023", { suggestedScoreColumn: true });
    const { sheet, map } = layoutSelfEvaluation(t, blankSelfEvaluation(t, 2024), { formNo: 1, sheetName: "自评表" });
    const { form } = readBack(sheet);
    const byCell = new Map(expectedFormulas(form, t, { suggestedColumn: true }).map((e) => [a1(e.cell), e.what]));
    expect(byCell.get(a1({ row: map.fundingRows.carryOver, col: COL.rate }))).toEqual({
      kind: "executionRate",
      key: "carryOver",
    });
    expect(byCell.get(a1({ row: map.totalRow, col: COL.score }))).toEqual({ kind: "totalScore" });
    expect(byCell.get(a1({ row: map.totalRow, col: COL.weight }))).toEqual({ kind: "fullScore" });
    expect(byCell.get(a1({ row: map.gradeRow ?? -1, col: 2 }))).toEqual({ kind: "grade" });
    expect(byCell.get(a1({ row: map.firstIndicatorRow + 2, col: COL.helperActual }))).toEqual({
      kind: "helperActual",
      index: 2,
    });
  });

  it("leaves out a cell whose name is gone", () => {
    const t = template("sh-district-2023");
    const { sheet } = layoutSelfEvaluation(t, blankSelfEvaluation(t, 2024), { formNo: 1, sheetName: "自评表" });
    const wb = fromDescriptions([sheet]);
    wb.names = wb.names.filter((n) => n.name !== "zpb_grade_1");
    const [read] = readStandardForms(toGrid(wb));
    const kinds = expectedFormulas(read.form as SelfEvaluationForm, t, { suggestedColumn: false }).map(
      (e) => e.what.kind,
    );
    expect(kinds).not.toContain("grade");
    expect(kinds).toContain("totalScore");
  });
});

describe("expectedFormulas after rows are inserted or deleted", () => {
  const t = template("sh-district-2023", { suggestedScoreColumn: true });
  const setup = () => {
    const { sheet, map } = layoutSelfEvaluation(t, filled(), { formNo: 1, sheetName: "自评表" });
    return { sheet, map, wb: fromDescriptions([sheet]) };
  };
  const formulaAt = (expected: ReturnType<typeof expectedFormulas>, kind: string) =>
    expected.find((e) => e.what.kind === kind);

  it("a row inserted right after the last indicator, and typed into, is inside 满分 and 总分", () => {
    const { map, wb } = setup();
    const last = map.totalRow - 1;
    insertRow(wb, "自评表", map.totalRow);
    typeInto(wb, "自评表", { row: map.totalRow, col: COL.level3 }, "新增指标");
    typeInto(wb, "自评表", { row: map.totalRow, col: COL.weight }, 2);
    const grid = toGrid(wb);
    const form = readStandardForms(grid)[0].form as SelfEvaluationForm;
    const expected = expectedFormulas(form, t, { suggestedColumn: hasSuggestedColumn(grid.sheets[0], form) });

    const newRow = map.totalRow + 1; // 1-based number of the inserted row
    const totalRow = map.totalRow + 2;
    const first = map.firstIndicatorRow + 1;
    expect(formulaAt(expected, "fullScore")).toMatchObject({
      cell: { row: map.totalRow + 1, col: COL.weight },
      formula: `ROUND(N(G${map.fundingRows.total + 1})+SUM(F${first}:F${newRow}),9)`,
    });
    expect(formulaAt(expected, "totalScore")).toMatchObject({
      cell: { row: map.totalRow + 1, col: COL.score },
      formula: `IF(I${map.fundingRows.total + 1}="","",ROUND(I${map.fundingRows.total + 1}+SUM(G${first}:G${newRow}),9))`,
    });
    expect(formulaAt(expected, "grade")?.formula).toContain(`G${totalRow}`);
    // The new row gets its 建议得分 and helper cells; the row above keeps its own.
    const rows = expected.filter((e) => e.what.kind === "suggestedScore").map((e) => e.cell.row);
    expect(rows).toContain(map.totalRow);
    expect(rows).toContain(last);
    expect(expected.find((e) => e.what.kind === "helperTarget" && e.cell.row === map.totalRow)?.formula).toContain(
      `D${newRow}`,
    );
  });

  it("a row deleted from the middle shrinks the ranges", () => {
    const { map, wb } = setup();
    deleteRow(wb, "自评表", map.firstIndicatorRow + 3);
    const grid = toGrid(wb);
    const form = readStandardForms(grid)[0].form as SelfEvaluationForm;
    const expected = expectedFormulas(form, t, { suggestedColumn: true });
    const lastNow = map.totalRow - 1; // 1-based: the 总分 row moved up one
    expect(formulaAt(expected, "fullScore")?.formula).toContain(`SUM(F${map.firstIndicatorRow + 1}:F${lastNow})`);
    expect(formulaAt(expected, "totalScore")?.cell).toEqual({ row: map.totalRow - 1, col: COL.score });
  });
});

describe("afterRowEdit", () => {
  const t = template("sh-district-2023", { suggestedScoreColumn: true });
  const { sheet, map } = layoutSelfEvaluation(t, filled(), { formNo: 1, sheetName: "自评表" });
  const form = readBack(sheet).form;

  it("an insert is what reading the sheet after Excel's insert gives", () => {
    const after = 4;
    const wb = fromDescriptions([sheet]);
    insertRow(wb, "自评表", map.firstIndicatorRow + after + 1);
    const read = readStandardForms(toGrid(wb))[0].form as SelfEvaluationForm;
    const edited = afterRowEdit(form, { kind: "insert", after });
    expect(edited.indicators).toHaveLength(form.indicators.length + 1);
    expect(edited.total).toEqual(read.total);
    expect(edited.grade).toEqual(read.grade);
    expect(edited.indicators.map((i) => i.level3.at)).toEqual(read.indicators.map((i) => i.level3.at));
    expect(edited.indicators[after + 1].level1).toEqual(form.indicators[after].level1);
    expect(edited.indicators[after + 1].score).toEqual({
      value: null,
      at: { row: map.firstIndicatorRow + after + 1, col: COL.score },
    });
    expect(edited.funding).toEqual(form.funding);
  });

  it("a delete is what reading the sheet after Excel's delete gives", () => {
    const index = 2;
    const wb = fromDescriptions([sheet]);
    deleteRow(wb, "自评表", map.firstIndicatorRow + index);
    const read = readStandardForms(toGrid(wb))[0].form as SelfEvaluationForm;
    const edited = afterRowEdit(form, { kind: "delete", index });
    expect(edited.total).toEqual(read.total);
    expect(edited.indicators.map((i) => i.weight)).toEqual(read.indicators.map((i) => i.weight));
    expect(edited.indicators).toHaveLength(form.indicators.length - 1);
  });
});
