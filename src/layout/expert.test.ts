/**
 * The standard 专家评分表 sheet: what the layout puts where (names, formulas, validation, highlights,
 * print setup), and reading it back — by names, through a row inserted by a user, with a formula typed
 * over. The formulas' results are checked on LibreOffice in test/expert-parity.test.ts.
 */
import { a1 } from "../domain/address";
import type { ExpertScoringForm } from "../domain/model";
import { builtinTemplate } from "../domain/templates/builtin";
import type { Template } from "../domain/templates/schema";
import { cellText } from "../domain/text";
import { fromDescriptions, insertRow, toGrid, typeInto } from "../../test/sheet-grid";
import { blankExpertScoring, layoutExpertScoring, type ExpertScoringData } from "./expert";
import { readStandardForms } from "./read-standard";

const T = builtinTemplate("expert-2020") as Template;

function filled(experts = 5): ExpertScoringData {
  const blank = blankExpertScoring(T, 2024, experts);
  return {
    ...blank,
    projectName: "社区养老服务补贴",
    department: "区民政局",
    implementer: "区养老服务指导中心",
    items: blank.items.map((it) => ({ ...it, scores: Array.from({ length: experts }, () => Number(it.weight) * 0.9) })),
  };
}

const formulaAt = (sheet: ReturnType<typeof layoutExpertScoring>["sheet"], address: string): string | undefined =>
  sheet.cells.find((c) => a1(c) === address && c.formula !== undefined)?.formula;

describe("layout", () => {
  const { sheet, map } = layoutExpertScoring(T, filled(), { formNo: 1, sheetName: "专家评分表" });

  test("a blank panel: the template's 18 items, 5 experts named 专家1…5", () => {
    const blank = blankExpertScoring(T, 2024);
    expect(blank.items).toHaveLength(18);
    expect(blank.experts).toEqual(["专家1", "专家2", "专家3", "专家4", "专家5"]);
    expect(blankExpertScoring(T, 2024, 7).experts).toHaveLength(7);
  });

  test("rows and columns: header on rows 5–6, items from row 7, 总分 and 等级 after them, 合计 and 平均分 after the experts", () => {
    expect(map).toMatchObject({
      headerRow: 4,
      expertRow: 5,
      firstItemRow: 6,
      totalRow: 24,
      gradeRow: 25,
      sumCol: 11,
      averageCol: 12,
    });
    expect(map.groupRows.map((g) => [g.level1, g.level2])).toEqual([
      ["决策", null],
      ["决策", "项目立项"],
      ["决策", "绩效目标"],
      ["决策", "资金投入"],
      ["过程", null],
      ["过程", "资金管理"],
      ["过程", "组织实施"],
      ["产出", null],
      ["产出", "产出数量"],
      ["产出", "产出质量"],
      ["产出", "产出时效"],
      ["产出", "产出成本"],
      ["效益", null],
      ["效益", "社会效益"],
      ["效益", "可持续影响"],
      ["效益", "满意度"],
    ]);
  });

  test("the formulas of an item, the 总分 line, the 等级, the 一级/二级 weights and a summary line", () => {
    expect(formulaAt(sheet, "L7")).toBe('IF(COUNT(G7:K7)<ROWS(G7:K7)*COLUMNS(G7:K7),"",SUM(G7:K7))');
    expect(formulaAt(sheet, "M7")).toBe(
      'IF(COUNT(G7:K7)<ROWS(G7:K7)*COLUMNS(G7:K7),"",ROUND(ROUND(SUM(G7:K7)/COLUMNS(G7:K7),9),2))',
    );
    expect(formulaAt(sheet, "F25")).toBe("SUM(F7:F24)");
    expect(formulaAt(sheet, "G25")).toBe('IF(COUNT(G7:G24)<ROWS(G7:G24)*COLUMNS(G7:G24),"",SUM(G7:G24))');
    expect(formulaAt(sheet, "M25")).toBe('IF(L25="","",ROUND(ROUND(L25/COLUMNS(G25:K25),9),2))');
    expect(formulaAt(sheet, "F26")).toBe(
      'IF(L25="","",IF(L25/COLUMNS(G25:K25)="","",IF(L25/COLUMNS(G25:K25)>=90,"优",IF(L25/COLUMNS(G25:K25)>=80,"良",IF(L25/COLUMNS(G25:K25)>=60,"中","差")))))',
    );
    expect(formulaAt(sheet, "B7")).toBe("SUM(F7:F12)");
    expect(formulaAt(sheet, "D7")).toBe("SUM(F7:F8)");
    const decision = map.groupRows[0].row + 1;
    expect(formulaAt(sheet, `F${decision}`)).toBe("SUM(F7:F12)");
    expect(formulaAt(sheet, `J${decision}`)).toBe(
      "IF(OR(COUNT(G7:K12)<ROWS(G7:K12)*COLUMNS(G7:K12),N(F" +
        decision +
        ')=0),"",ROUND(1-SUM(G7:K12)/COLUMNS(G7:K12)/F' +
        decision +
        ",4))",
    );
  });

  test("a ROUNDDOWN template rounds the averages down", () => {
    const down = { ...T, rounding: { fundingScore: "round" as const, indicatorScore: "rounddown" as const } };
    const s = layoutExpertScoring(down, filled(), { formNo: 1, sheetName: "x" }).sheet;
    expect(formulaAt(s, "M7")).toContain("ROUNDDOWN(ROUND(SUM(G7:K7)/COLUMNS(G7:K7),9),2)");
  });

  test("every score cell allows 0 to its item's 分值; highlights for scores out of range, disagreement, typed-over formulas", () => {
    expect(sheet.validations).toHaveLength(18);
    expect(sheet.validations[0]).toMatchObject({
      type: "decimal",
      min: 0,
      max: 2,
      range: { from: { row: 6, col: 6 }, to: { row: 6, col: 10 } },
    });
    expect(sheet.conditionalFormats.map((c) => c.meaning)).toEqual([
      "评分超过本项分值或为负数",
      "专家评分相差超过本项分值的一半，请专家组讨论",
      "计算单元格的公式被改写为数值，请核对或恢复公式",
      "计算单元格的公式被改写为数值，请核对或恢复公式",
    ]);
    expect(sheet.conditionalFormats[0].formula).toBe("AND(ISNUMBER(G7),OR(G7<0,G7>N($F7)))");
    expect(sheet.conditionalFormats[1].formula).toBe("AND(COUNT($G7:$K7)>=2,MAX($G7:$K7)-MIN($G7:$K7)>N($F7)/2)");
  });

  test("A4, portrait up to 7 experts and landscape beyond, the table header repeated on every page", () => {
    expect(sheet.print).toMatchObject({ paperSize: 9, orientation: "portrait", fitToWidth: 1, titleRows: [5, 6] });
    expect(layoutExpertScoring(T, filled(7), { formNo: 1, sheetName: "x" }).sheet.print.orientation).toBe("portrait");
    expect(layoutExpertScoring(T, filled(8), { formNo: 1, sheetName: "x" }).sheet.print.orientation).toBe("landscape");
  });

  test("names for every field the reader needs, unique per form", () => {
    const names = sheet.names.map((n) => n.name);
    for (const field of [
      "projectName",
      "department",
      "implementer",
      "year",
      "indicatorHeader",
      "expertNames",
      "fullScore",
      "expertTotals",
      "totalSum",
      "averageTotal",
      "grade",
      "groupsHeader",
      "groupsEnd",
      "templateId",
      "kind",
    ]) {
      expect(names).toContain(`zpb_${field}_1`);
    }
    expect(new Set(names).size).toBe(names.length);
  });
});

describe("reading it back", () => {
  const read = (wb: ReturnType<typeof fromDescriptions>): ExpertScoringForm => {
    const forms = readStandardForms(toGrid(wb));
    expect(forms).toHaveLength(1);
    expect(forms[0].missing).toEqual([]);
    return forms[0].form as ExpertScoringForm;
  };

  test("every value at its cell: header, experts, items with their scores, the 总分 line, the summary lines", () => {
    const { sheet } = layoutExpertScoring(T, filled(), { formNo: 1, sheetName: "专家评分表" });
    const form = read(fromDescriptions([sheet]));
    expect(form.kind).toBe("expert-scoring");
    expect(form.templateId).toBe("expert-2020");
    // From the title to the last 分项 line (the 16th under the header on row 29), across to 平均分.
    expect(form.range).toEqual({ from: { row: 0, col: 0 }, to: { row: 44, col: 12 } });
    expect(form.year).toBe(2024);
    expect(form.header.implementer).toMatchObject({ value: "区养老服务指导中心", at: { row: 3, col: 7 } });
    expect(form.experts.map((e) => e.value)).toEqual(["专家1", "专家2", "专家3", "专家4", "专家5"]);
    expect(form.items).toHaveLength(18);
    expect(form.items[6]).toMatchObject({
      level1: { value: "过程", at: { row: 12, col: 0 } },
      level2: { value: "资金管理", at: { row: 12, col: 2 } },
      level3: { value: "资金到位率", at: { row: 12, col: 4 } },
      weight: { value: 4, at: { row: 12, col: 5 } },
      sum: { at: { row: 12, col: 11 } },
      average: { at: { row: 12, col: 12 } },
    });
    expect(form.items[6].scores.map((s) => [s.value, s.at && a1(s.at)])).toEqual([
      [3.6, "G13"],
      [3.6, "H13"],
      [3.6, "I13"],
      [3.6, "J13"],
      [3.6, "K13"],
    ]);
    expect(form.expertTotals.map((t) => t.at && a1(t.at))).toEqual(["G25", "H25", "I25", "J25", "K25"]);
    expect([form.fullScore, form.totalSum, form.averageTotal, form.grade].map((f) => f?.at && a1(f.at))).toEqual([
      "F25",
      "L25",
      "M25",
      "F26",
    ]);
    expect(form.groups).toHaveLength(16);
    expect(form.groups[0].level2).toBeNull();
    expect(cellText(form.groups[1].level2?.value ?? null)).toBe("项目立项");
    expect(form.overwritten).toEqual([]);
  });

  test("an item row inserted by the user is read (its blank scores are findings), the 总分 line found where it moved", () => {
    const { sheet } = layoutExpertScoring(T, filled(3), { formNo: 1, sheetName: "评分" });
    const wb = fromDescriptions([sheet]);
    insertRow(wb, "评分", 9);
    typeInto(wb, "评分", { row: 9, col: 4 }, "新增指标");
    typeInto(wb, "评分", { row: 9, col: 5 }, 1);
    const form = read(wb);
    expect(form.items).toHaveLength(19);
    expect(form.items[3].level3.value).toBe("新增指标");
    expect(form.items[3].level1.value).toBe("决策");
    expect(form.fullScore.at).toEqual({ row: 25, col: 5 });
  });

  test("a formula typed over is reported, with what was typed", () => {
    const { sheet } = layoutExpertScoring(T, filled(), { formNo: 1, sheetName: "专家评分表" });
    const wb = fromDescriptions([sheet]);
    typeInto(wb, "专家评分表", { row: 24, col: 12 }, 95);
    typeInto(wb, "专家评分表", { row: 6, col: 11 }, 9);
    expect(read(wb).overwritten).toEqual([
      { field: "itemSum", at: { row: 6, col: 11 }, text: "9" },
      { field: "averageTotal", at: { row: 24, col: 12 }, text: "95" },
    ]);
  });
});
