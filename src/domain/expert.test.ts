/**
 * The 专家评分表's computations and checks (domain.md §2.3): table tests for every figure, and for each
 * check a form where it fires (at the right cell) and the same form corrected where it stays quiet.
 */
import { a1 } from "./address";
import { computeExpertScoring, checkExpertScoring, expertNames } from "./expert";
import type { Finding } from "./findings";
import { messageOf } from "./locale/zh-CN";
import type { ExpertScoringForm, Field } from "./model";
import type { RawValue } from "./numbers";
import { builtinTemplate } from "./templates/builtin";
import type { Template } from "./templates/schema";

const T = builtinTemplate("expert-2020") as Template;
const SHEET = "专家评分表";

/** An item: 一级, 二级, 三级, 分值, scores, and optionally the stated 合计 and 平均分. */
type ItemSpec = [string, string, string, RawValue, RawValue[], RawValue?, RawValue?];

interface PanelSpec {
  experts: RawValue[];
  items: ItemSpec[];
  expertTotals?: RawValue[];
  totalSum?: RawValue;
  averageTotal?: RawValue;
  fullScore?: RawValue;
  grade?: RawValue;
  groups?: [string, string | null, RawValue, RawValue, RawValue][];
  header?: Partial<Record<"projectName" | "department" | "implementer", RawValue>>;
}

/** Rows and columns as the standard layout puts them: items from row 7, experts from column G. */
const FIRST_ITEM_ROW = 6;
const FIRST_EXPERT_COL = 6;
const at = (row: number, col: number, value: RawValue | undefined): Field => ({
  value: value === undefined ? null : value,
  at: { row, col },
});

function makePanel(spec: PanelSpec): ExpertScoringForm {
  const n = spec.experts.length;
  const sumCol = FIRST_EXPERT_COL + n;
  const totalRow = FIRST_ITEM_ROW + spec.items.length;
  const groupRow0 = totalRow + 4;
  return {
    kind: "expert-scoring",
    sheet: SHEET,
    range: null,
    templateId: T.id,
    year: 2024,
    header: {
      projectName: at(2, 2, spec.header?.projectName ?? "社区养老服务补贴"),
      department: at(3, 2, spec.header?.department ?? "区民政局"),
      implementer: at(3, 7, spec.header?.implementer ?? "区养老服务指导中心"),
    },
    experts: spec.experts.map((name, e) => at(5, FIRST_EXPERT_COL + e, name)),
    items: spec.items.map(([l1, l2, l3, weight, scores, sum, average], i) => {
      const r = FIRST_ITEM_ROW + i;
      return {
        level1: at(r, 0, l1),
        level2: at(r, 2, l2),
        level3: at(r, 4, l3),
        weight: at(r, 5, weight),
        scores: Array.from({ length: n }, (_, e) => at(r, FIRST_EXPERT_COL + e, scores[e])),
        sum: at(r, sumCol, sum),
        average: at(r, sumCol + 1, average),
      };
    }),
    expertTotals: Array.from({ length: n }, (_, e) => at(totalRow, FIRST_EXPERT_COL + e, spec.expertTotals?.[e])),
    fullScore: at(totalRow, 5, spec.fullScore),
    totalSum: at(totalRow, sumCol, spec.totalSum),
    averageTotal: at(totalRow, sumCol + 1, spec.averageTotal),
    grade: at(totalRow + 1, 5, spec.grade),
    groups: (spec.groups ?? []).map(([l1, l2, weight, average, loss], i) => ({
      level1: at(groupRow0 + i, 0, l1),
      level2: l2 === null ? null : at(groupRow0 + i, 2, l2),
      weight: at(groupRow0 + i, 5, weight),
      average: at(groupRow0 + i, 6, average),
      lossRate: at(groupRow0 + i, 9, loss),
    })),
  };
}

/** A panel of 3 experts on a 100-point system of four items. */
function cleanPanel(): PanelSpec {
  return {
    experts: ["张三", "李四", "王五"],
    items: [
      ["决策", "项目立项", "立项依据充分性", 10, [9, 8, 10]],
      ["过程", "资金管理", "资金使用合规性", 20, [18, 17, 19]],
      ["产出", "产出数量", "实际完成率", 40, [36, 38, 35]],
      ["效益", "满意度", "服务对象满意度", 30, [27, 28, 26]],
    ],
  };
}

const computeOf = (spec: PanelSpec, template: Template = T) => computeExpertScoring(makePanel(spec), template);
const findingsOf = (spec: PanelSpec, template: Template = T): Finding[] =>
  checkExpertScoring(makePanel(spec), template).findings;
const where = (f: Finding): string => (f.cell ? `${f.cell.sheet}!${a1(f.cell)}` : "");
const codes = (spec: PanelSpec): [string, string][] => findingsOf(spec).map((f) => [f.code, where(f)]);

describe("computations", () => {
  test("合计, 平均分, each expert's 总分, the panel's 合计 and 平均总分, 满分 and 等级", () => {
    const c = computeOf(cleanPanel());
    expect(c.items.map((it) => [it.sum?.toNumber(), it.average?.toNumber()])).toEqual([
      [27, 9],
      [54, 18],
      [109, 36.33],
      [81, 27],
    ]);
    expect(c.expertTotals.map((t) => t?.toNumber())).toEqual([90, 91, 90]);
    expect(c.panelSum?.toNumber()).toBe(271);
    expect(c.averageTotal?.toFixed(2)).toBe("90.33");
    expect(c.fullScore?.toNumber()).toBe(100);
    expect(c.grade).toBe("优");
  });

  test("averages round like Excel's ROUND (x.xx5 up), or down with a ROUNDDOWN template", () => {
    // 3 experts: 2 + 2 + 2.005 (typed with 3 decimals) = 6.005 / 3 … use a sum ending in 5 at the third decimal.
    const spec: PanelSpec = { experts: ["甲", "乙"], items: [["产出", "产出数量", "实际完成率", 10, [9.985, 9.985]]] };
    expect(computeOf(spec).items[0].average?.toFixed(2)).toBe("9.99");
    const down: Template = { ...T, rounding: { fundingScore: "round", indicatorScore: "rounddown" } };
    expect(computeOf(spec, down).items[0].average?.toFixed(2)).toBe("9.98");
  });

  test("the 等级 is read from the unrounded 平均总分: 89.995 shows as 90.00 but is 良", () => {
    const spec: PanelSpec = {
      experts: ["甲", "乙"],
      items: [["效益", "满意度", "服务对象满意度", 100, [89.99, 90]]],
    };
    const c = computeOf(spec);
    expect(c.averageTotal?.toFixed(2)).toBe("90.00");
    expect(c.averageTotalExact?.toString()).toBe("89.995");
    expect(c.grade).toBe("良");
  });

  test.each([
    [90, "优"],
    [89.99, "良"],
    [80, "良"],
    [60, "中"],
    [59.99, "差"],
  ])("a panel average of %s is %s", (score, grade) => {
    const spec: PanelSpec = { experts: ["甲"], items: [["效益", "满意度", "服务对象满意度", 100, [score]]] };
    expect(computeOf(spec).grade).toBe(grade);
  });

  test("per 一级 and 二级: 分值, 平均得分 and 失分率 = 1 − 平均得分 ÷ 分值 (from the unrounded average)", () => {
    const spec: PanelSpec = {
      experts: ["甲", "乙", "丙"],
      items: [
        ["决策", "项目立项", "立项依据充分性", 2, [2, 1.5, 1]],
        ["决策", "项目立项", "立项程序规范性", 1, [1, 1, 0.5]],
        ["决策", "绩效目标", "绩效目标合理性", 2, [2, 2, 2]],
      ],
    };
    const groups = computeOf(spec).groups.map((g) => [
      g.level1,
      g.level2,
      g.weight?.toNumber(),
      g.average?.toFixed(2),
      g.lossRate?.toFixed(4),
    ]);
    expect(groups).toEqual([
      // (4.5 + 2.5 + 6) / 3 = 4.3333…; 1 − 4.3333/5 = 0.13333
      ["决策", null, 5, "4.33", "0.1333"],
      // 7 / 3 = 2.3333…; 1 − 2.3333/3 = 0.22222
      ["决策", "项目立项", 3, "2.33", "0.2222"],
      ["决策", "绩效目标", 2, "2.00", "0.0000"],
    ]);
  });

  test("a blank score: the item, the expert's 总分 and the panel's figures are not computed", () => {
    const spec = cleanPanel();
    spec.items[1][4] = [18, null, 19];
    const c = computeOf(spec);
    expect(c.items[1].sum).toBeNull();
    expect(c.items[0].sum?.toNumber()).toBe(27);
    expect(c.expertTotals.map((t) => t?.toNumber() ?? null)).toEqual([90, null, 90]);
    expect(c.averageTotal).toBeNull();
    expect(c.grade).toBeNull();
  });

  test("a fully blank row is spare room, not an item", () => {
    const spec = cleanPanel();
    spec.items.push(["效益", "满意度", "", null, []]);
    expect(computeOf(spec).items).toHaveLength(4);
  });

  test("experts are named as typed, or 专家1…N", () => {
    expect(expertNames(makePanel({ ...cleanPanel(), experts: ["张 三", null, ""] }))).toEqual([
      "张三",
      "专家2",
      "专家3",
    ]);
  });
});

describe("checks", () => {
  test("a clean panel has no findings", () => {
    expect(findingsOf(cleanPanel())).toEqual([]);
  });

  test("stated figures that agree (as the sheet's formulas give them) say nothing", () => {
    const spec = cleanPanel();
    spec.items = spec.items.map(([l1, l2, l3, weight, scores], i): ItemSpec => [
      l1,
      l2,
      l3,
      weight,
      scores,
      [27, 54, 109, 81][i],
      [9, 18, 36.33, 27][i],
    ]);
    Object.assign(spec, {
      expertTotals: [90, 91, 90],
      totalSum: 271,
      averageTotal: 90.33,
      fullScore: 100,
      grade: "优",
      groups: [["决策", null, 10, 9, 0.1]],
    });
    expect(findingsOf(spec)).toEqual([]);
  });

  test("REQUIRED_MISSING: the header and an item's 分值", () => {
    const spec = cleanPanel();
    spec.header = { implementer: "" };
    spec.items[0][3] = null;
    expect(codes(spec)).toEqual([
      ["REQUIRED_MISSING", "专家评分表!H4"],
      ["REQUIRED_MISSING", "专家评分表!F7"],
    ]);
  });

  test("EXPERT_SCORE_MISSING: the blank cell, with the expert's name; quiet once scored", () => {
    const spec = cleanPanel();
    spec.items[2][4] = [36, null, 35];
    const found = findingsOf(spec);
    expect(found.map((f) => [f.code, where(f)])).toEqual([["EXPERT_SCORE_MISSING", "专家评分表!H9"]]);
    expect(messageOf(found[0])).toBe("李四对指标“实际完成率”的评分未填写");
    spec.items[2][4] = [36, 38, 35];
    expect(findingsOf(spec)).toEqual([]);
  });

  test("NOT_A_NUMBER: a score typed as text", () => {
    const spec = cleanPanel();
    spec.items[0][4] = [9, "八", 10];
    expect(codes(spec)).toEqual([["NOT_A_NUMBER", "专家评分表!H7"]]);
  });

  test("EXPERT_SCORE_EXCEEDS_WEIGHT: above 分值 or negative; quiet at exactly 分值 and at 0", () => {
    const spec = cleanPanel();
    spec.items[0][4] = [10.5, 8, 10];
    spec.items[1][4] = [18, -1, 19];
    const found = findingsOf(spec).filter((f) => f.code === "EXPERT_SCORE_EXCEEDS_WEIGHT");
    expect(found.map(where)).toEqual(["专家评分表!G7", "专家评分表!H8"]);
    expect(found.map(messageOf)).toEqual([
      "张三对指标“立项依据充分性”的评分 10.5 超过分值 10",
      "李四对指标“资金使用合规性”的评分 -1 不能为负数",
    ]);
    spec.items[0][4] = [10, 8, 10];
    spec.items[1][4] = [18, 0, 19];
    expect(findingsOf(spec).filter((f) => f.code === "EXPERT_SCORE_EXCEEDS_WEIGHT")).toEqual([]);
  });

  test("EXPERT_DISAGREEMENT: a spread above half the 分值 (at the highest score); exactly half stays quiet", () => {
    const spec = cleanPanel();
    spec.items[2][4] = [36, 15.5, 35]; // spread 20.5 > 40 / 2
    const found = findingsOf(spec);
    expect(found.map((f) => [f.code, where(f)])).toEqual([["EXPERT_DISAGREEMENT", "专家评分表!G9"]]);
    expect(messageOf(found[0])).toBe(
      "专家对指标“实际完成率”的评分相差 20.5 分，超过分值 40 的一半（张三 36，李四 15.5）：请专家组讨论后确认",
    );
    spec.items[2][4] = [36, 16, 35]; // spread 20 = 40 / 2
    expect(findingsOf(spec)).toEqual([]);
  });

  test("EXPERT_SUM_MISMATCH: an item's 合计 and 平均分 that do not add up", () => {
    const spec = cleanPanel();
    spec.items[2][5] = 110;
    spec.items[2][6] = 36.67;
    const found = findingsOf(spec);
    expect(found.map((f) => [f.code, where(f)])).toEqual([
      ["EXPERT_SUM_MISMATCH", "专家评分表!J9"],
      ["EXPERT_SUM_MISMATCH", "专家评分表!K9"],
    ]);
    expect(found.map(messageOf)).toEqual([
      "指标“实际完成率”的合计填写为 110，按各专家评分之和应为 109.00",
      "指标“实际完成率”的平均分填写为 36.67，按合计 ÷ 专家人数应为 36.33",
    ]);
  });

  test("EXPERT_SUM_MISMATCH: an expert's 总分, the panel's 合计 and 平均总分", () => {
    const spec = cleanPanel();
    Object.assign(spec, { expertTotals: [90, 92, 90], totalSum: 270, averageTotal: 91 });
    expect(codes(spec)).toEqual([
      ["EXPERT_SUM_MISMATCH", "专家评分表!H11"],
      ["EXPERT_SUM_MISMATCH", "专家评分表!J11"],
      ["EXPERT_SUM_MISMATCH", "专家评分表!K11"],
    ]);
  });

  test("ROUNDING_DIFFERENCE: a 平均分 rounded down where the template rounds (36.333… as 36.3 or 36.33 is fine)", () => {
    const spec = cleanPanel();
    spec.items[2][6] = 36.3;
    const found = findingsOf(spec);
    expect(found.map((f) => [f.code, f.severity, where(f)])).toEqual([
      ["ROUNDING_DIFFERENCE", "info", "专家评分表!K9"],
    ]);
    expect(messageOf(found[0])).toBe("指标“实际完成率”的平均分填写为 36.30，按合计 ÷ 专家人数为 36.33（舍入规则不同）");
  });

  test("the summary lines: 分值, 平均得分 and 失分率 (as a fraction or as text with %)", () => {
    const spec = cleanPanel();
    spec.groups = [
      ["决策", null, 10, 9, 0.1],
      ["过程", "资金管理", 20, 18, "10.00%"],
      ["产出", null, 45, 36.33, 0.2],
    ];
    const found = findingsOf(spec);
    expect(found.map((f) => [f.code, where(f)])).toEqual([
      ["EXPERT_SUM_MISMATCH", "专家评分表!F17"],
      ["EXPERT_SUM_MISMATCH", "专家评分表!J17"],
    ]);
    expect(messageOf(found[1])).toBe("“产出”的失分率填写为 20.00%，按1 − 平均得分 ÷ 分值应为 9.17%");
  });

  test("WEIGHT_TOTAL_MISMATCH: items adding up to other than 满分", () => {
    const spec = cleanPanel();
    spec.items[3][3] = 25;
    spec.items[3][4] = [24, 23, 22];
    expect(codes(spec)).toEqual([["WEIGHT_TOTAL_MISMATCH", "专家评分表!F11"]]);
  });

  test("GRADE_MISMATCH: the stated 等级 against the 平均总分", () => {
    const spec = cleanPanel();
    spec.grade = "良";
    const found = findingsOf(spec);
    expect(found.map((f) => [f.code, where(f)])).toEqual([["GRADE_MISMATCH", "专家评分表!F12"]]);
    spec.grade = "优";
    expect(findingsOf(spec)).toEqual([]);
  });

  test("GRADE_MISMATCH stays quiet for either reading of 89.995 shown as 90.00 (良 from the exact, 优 from the shown)", () => {
    const spec: PanelSpec = {
      experts: ["甲", "乙"],
      items: [["效益", "满意度", "服务对象满意度", 100, [89.99, 90]]],
      averageTotal: 90,
    };
    for (const grade of ["良", "优"]) expect(findingsOf({ ...spec, grade })).toEqual([]);
    expect(codes({ ...spec, grade: "中" })).toEqual([["GRADE_MISMATCH", "专家评分表!F9"]]);
  });

  test("DUPLICATE_INDICATOR: the same item twice", () => {
    const spec = cleanPanel();
    spec.items[1][2] = "立项依据 充分性";
    expect(codes(spec)).toEqual([["DUPLICATE_INDICATOR", "专家评分表!E8"]]);
  });

  test("FORMULA_OVERWRITTEN: a computed cell of the standard sheet typed over", () => {
    const form = {
      ...makePanel(cleanPanel()),
      overwritten: [{ field: "averageTotal" as const, at: { row: 10, col: 10 }, text: "95" }],
    };
    const found = checkExpertScoring(form, T).findings;
    expect(found.map((f) => [f.code, where(f)])).toEqual([["FORMULA_OVERWRITTEN", "专家评分表!K11"]]);
    expect(messageOf(found[0])).toBe("平均总分单元格的公式被改写为“95”：请核对，或恢复公式");
  });
});
