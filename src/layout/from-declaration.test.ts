/**
 * From a 申报表 to the year's 自评表: the weight split, the prefix rule, the fixture's four declarations
 * (recognized from the Songjiang TSV) under the 2020 and the 2021 systems, every note, and the laid-out
 * sheet read back and checked — the conversion itself causes no weight or category finding.
 */
import fc from "fast-check";
import {
  builtinTemplate,
  dec,
  evaluateForm,
  validateTemplate,
  type SelfEvaluationForm,
  type TargetDeclarationForm,
  type Template,
  type TemplateInput,
} from "../domain";
import { indicatorKey } from "../domain/checks";
import { cellText } from "../domain/text";
import { cleanDeclarationSpec, makeDeclaration, type DeclarationSpec } from "../../test/factories";
import { fixtureRows, gridOf } from "../../test/fixture-workbooks";
import { fromDescriptions, toGrid } from "../../test/sheet-grid";
import {
  DEFAULT_CONVERT_TEMPLATE_ID,
  NotSelfEvaluationTemplateError,
  defaultConvertTemplate,
  selfEvaluationFromDeclaration,
  splitWeights,
  withoutIndicatorPrefix,
} from "./from-declaration";
import { readStandardForms } from "./read-standard";
import { recognizeForms } from "./recognize";
import { layoutSelfEvaluation } from "./standard";

const SH = builtinTemplate("sh-district-2023") as Template;
const MOF2021 = builtinTemplate("mof-2021") as Template;
const DECL = builtinTemplate("sh-2024-declaration") as Template;

function custom(input: Partial<TemplateInput>): Template {
  const parsed = validateTemplate({ ...SH, id: "custom-test", ...input });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.template;
}

const declaration = (edit: (spec: DeclarationSpec) => DeclarationSpec = (s) => s): TargetDeclarationForm =>
  makeDeclaration(edit(cleanDeclarationSpec()));

/** The Songjiang fixture's four 申报表, recognized as the CLI and the add-in recognize them. */
const songjiang = (): TargetDeclarationForm[] =>
  recognizeForms(gridOf(fixtureRows("songjiang"), { name: "松江" })).map(({ form }) => {
    if (form.kind !== "target-declaration") throw new Error("expected a 申报表");
    return form;
  });

/** Rows as [一级, 二级, 三级, 年度指标值, 分值]. */
const rowsOf = (result: ReturnType<typeof selfEvaluationFromDeclaration>) =>
  result.data.indicators.map((r) => [r.level1, r.level2, r.level3, r.target, r.weight]);

/** The laid-out 自评表 read back as a form, as zpb check and the add-in read it. */
function laidOut(result: ReturnType<typeof selfEvaluationFromDeclaration>, template: Template): SelfEvaluationForm {
  const { sheet } = layoutSelfEvaluation(template, result.data, { formNo: 1, sheetName: "自评表" });
  const [read] = readStandardForms(toGrid(fromDescriptions([sheet])));
  if (read.form.kind !== "self-evaluation") throw new Error("expected a 自评表");
  return read.form;
}

describe("splitWeights", () => {
  test.each([
    [50, 5, [10, 10, 10, 10, 10]],
    [50, 3, [16.67, 16.67, 16.66]],
    [30, 7, [4.29, 4.29, 4.29, 4.29, 4.28, 4.28, 4.28]],
    [10, 4, [2.5, 2.5, 2.5, 2.5]],
    [50, 4, [12.5, 12.5, 12.5, 12.5]],
    [30, 1, [30]],
    [10, 3, [3.34, 3.33, 3.33]],
    [0, 2, [0, 0]],
    [0.05, 3, [0.02, 0.02, 0.01]],
    [12.345, 2, [6.173, 6.172]],
    [10, 0, []],
  ])("%p over %p rows is %p", (total, rows, expected) => {
    expect(splitWeights(total, rows)).toEqual(expected);
  });

  test("the shares add up exactly, differ by at most a cent, and the larger come first", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10000 }), fc.integer({ min: 1, max: 60 }), (cents, rows) => {
        const total = cents / 100;
        const shares = splitWeights(total, rows);
        expect(shares).toHaveLength(rows);
        expect(shares.reduce((a, b) => a.plus(b), dec(0)).equals(dec(total))).toBe(true);
        expect(
          dec(shares[0])
            .minus(shares[rows - 1])
            .lte("0.01"),
        ).toBe(true);
        for (let i = 1; i < rows; i++) expect(shares[i]).toBeLessThanOrEqual(shares[i - 1]);
        for (const s of shares) expect(dec(s).decimalPlaces()).toBeLessThanOrEqual(2);
      }),
    );
  });
});

describe("withoutIndicatorPrefix", () => {
  test.each([
    ["指标1：非编人员数", "非编人员数"],
    ["指标1:工资发放准确性", "工资发放准确性"],
    ["指标 12 ： 送清凉人数", "送清凉人数"],
    ["指标１：全角数字", "全角数字"],
    ["非编人员数", "非编人员数"],
    ["指标：没有编号", "指标：没有编号"],
    ["培训指标1：不在开头", "培训指标1：不在开头"],
    ["指标2：“公益乐学”开展培训场次总次数 ", "“公益乐学”开展培训场次总次数 "],
  ])("%p → %p, matching indicatorKey", (raw, expected) => {
    expect(withoutIndicatorPrefix(raw)).toBe(expected);
    expect(indicatorKey(withoutIndicatorPrefix(raw))).toBe(indicatorKey(raw));
  });
});

describe("selfEvaluationFromDeclaration", () => {
  test("a clean 申报表 under sh-district-2023: header, amounts in 万元, goal, indicators, weights, notes", () => {
    const result = selfEvaluationFromDeclaration(declaration(), SH);
    const { data } = result;
    expect([data.year, data.projectName, data.department, data.implementer]).toEqual([
      2024,
      "编外人员工作经费",
      "上海市松江区总工会",
      "上海市松江区总工会(本级)",
    ]);
    expect(data.funding).toEqual({
      total: { initialBudget: 61.5848, annualBudget: null, executed: null },
      currentYear: { initialBudget: 61.5848, annualBudget: null, executed: null },
      carryOver: { initialBudget: 0, annualBudget: null, executed: null },
      other: { initialBudget: 0, annualBudget: null, executed: null },
    });
    expect(data.fundingWeight).toBe(10);
    expect(data.goals).toEqual({ expected: "保障区总工会非编人员的劳动权益。", actual: null });
    expect(rowsOf(result)).toEqual([
      ["产出指标", "数量指标", "非编人员数", "=4.00(人)", 16.67],
      ["产出指标", "质量指标", "工资发放准确性", "准确", 16.67],
      ["产出指标", "时效指标", "工资发放及时性", "及时", 16.66],
      ["效益指标", "社会效益指标", "是否提升就业率", "是", 30],
      ["满意度指标", "服务对象满意度指标", "职工群众对区总工会满意度", "≥80.00(%)", 10],
    ]);
    for (const row of data.indicators) expect([row.actual, row.score, row.deviation]).toEqual([null, null, null]);
    expect(result.level1).toEqual([
      { level1: "产出指标", standard: 50, weights: [16.67, 16.67, 16.66] },
      { level1: "效益指标", standard: 30, weights: [30] },
      { level1: "满意度指标", standard: 10, weights: [10] },
    ]);
    expect(result.notes).toEqual([
      "金额单位由申报表的元换算为模板的万元（除以 10000，精确换算，未舍入）：年初预算数 615848 元 → 61.5848 万元",
      "5 个三级指标去掉了“指标1：”式的编号，其余文字照原样保留",
    ]);
  });

  test("the default template is sh-district-2023; a template for another kind is a programmer error", () => {
    expect(defaultConvertTemplate().id).toBe(DEFAULT_CONVERT_TEMPLATE_ID);
    expect(DEFAULT_CONVERT_TEMPLATE_ID).toBe("sh-district-2023");
    expect(() => selfEvaluationFromDeclaration(declaration(), DECL)).toThrow(NotSelfEvaluationTemplateError);
  });

  test("every indicator and target of the four Songjiang declarations is carried over, prefix removed", () => {
    const forms = songjiang();
    expect(forms).toHaveLength(4);
    for (const decl of forms) {
      const result = selfEvaluationFromDeclaration(decl, SH);
      const carried = result.data.indicators.map((r) => [cellText(r.level3), r.target]);
      const declared = decl.indicators.map((r) => [withoutIndicatorPrefix(cellText(r.level3.value)), r.target.value]);
      expect([...carried].sort()).toEqual([...declared].sort());
      for (const [level3] of carried) expect(level3).not.toMatch(/^指标\d/);
      // Per 一级, the proposed 分值 add up to the template's standard weight, to the cent.
      for (const { level1, standard, weights } of result.level1) {
        expect(standard).toBe(SH.standardWeights.level1[level1]);
        const sum = (weights ?? []).reduce((a, b) => a.plus(b), dec(0));
        expect(sum.toNumber()).toBe(standard);
      }
    }
  });

  test("职工服务: 25 indicators, 产出 50 over 14 rows and 效益 30 over 7 rows with the remainder cents first", () => {
    const result = selfEvaluationFromDeclaration(songjiang()[3], SH);
    expect(result.data.funding.total.initialBudget).toBe(2104.510818);
    expect(result.level1.map((l) => [l.level1, l.weights])).toEqual([
      ["产出指标", [3.58, 3.58, ...Array<number>(12).fill(3.57)]],
      ["效益指标", [4.29, 4.29, 4.29, 4.29, 4.28, 4.28, 4.28]],
      ["满意度指标", [2.5, 2.5, 2.5, 2.5]],
    ]);
    expect(result.notes).toEqual([
      "金额单位由申报表的元换算为模板的万元（除以 10000，精确换算，未舍入）：年初预算数 21045108.18 元 → 2104.510818 万元",
      "25 个三级指标去掉了“指标1：”式的编号，其余文字照原样保留",
    ]);
  });

  test("a 2021-system 成本指标 一级 goes under 产出指标/成本指标 in a 2020 template, and says so", () => {
    const result = selfEvaluationFromDeclaration(songjiang()[1], SH);
    expect(rowsOf(result)).toEqual([
      ["产出指标", "数量指标", "非编人员数", "≤5.00(人)", 12.5],
      ["产出指标", "质量指标", "工资发放准确性", "准确", 12.5],
      ["产出指标", "时效指标", "工资发放及时性", "及时", 12.5],
      ["产出指标", "成本指标", "非编人员人均工资福利费", "≤15.20(万元)", 12.5],
      ["效益指标", "社会效益指标", "是否提升就业率", "是", 30],
      ["满意度指标", "服务对象满意度指标", "职工群众对职工综合活动中心满意度", "≥80.00(%)", 10],
    ]);
    expect(result.notes).toEqual([
      "金额单位由申报表的元换算为模板的万元（除以 10000，精确换算，未舍入）：年初预算数 787088.5 元 → 78.70885 万元",
      "6 个三级指标去掉了“指标1：”式的编号，其余文字照原样保留",
      "模板“sh-district-2023”采用 2020 年指标体系，成本指标不单列为一级指标：申报表中一级指标“成本指标”下的 1 个指标已归入“产出指标/成本指标”（原二级指标：经济成本指标）",
      "指标按模板中一级、二级指标的顺序重新排列",
    ]);
  });

  test("under the 2021 system 成本指标 stays a 一级 with its own standard weight", () => {
    const result = selfEvaluationFromDeclaration(songjiang()[1], MOF2021);
    expect(result.level1).toEqual([
      { level1: "产出指标", standard: 40, weights: [13.34, 13.33, 13.33] },
      { level1: "成本指标", standard: 10, weights: [10] },
      { level1: "效益指标", standard: 30, weights: [30] },
      { level1: "满意度指标", standard: 10, weights: [10] },
    ]);
    expect(result.data.indicators[3]).toMatchObject({ level1: "成本指标", level2: "经济成本指标" });
    expect(selfEvaluationFromDeclaration(songjiang()[0], MOF2021).notes).toContain(
      "模板要求的一级指标“成本指标”在申报表中没有指标，其标准分值 10 分未分配，请补充指标并填写分值",
    );
  });

  test("a 2020-system 产出指标/成本指标 row goes under the 2021 template's 成本指标, to be checked", () => {
    const decl = declaration((s) => ({
      ...s,
      indicators: [
        ...s.indicators.slice(0, 3),
        ["", "成本指标", "指标1：人均经费", "≤15.20(万元)"],
        ...s.indicators.slice(3),
      ],
    }));
    const result = selfEvaluationFromDeclaration(decl, MOF2021);
    expect(rowsOf(result).map((r) => r.slice(0, 3))).toEqual([
      ["产出指标", "数量指标", "非编人员数"],
      ["产出指标", "质量指标", "工资发放准确性"],
      ["产出指标", "时效指标", "工资发放及时性"],
      ["成本指标", "经济成本指标", "人均经费"],
      ["效益指标", "社会效益指标", "是否提升就业率"],
      ["满意度指标", "服务对象满意度指标", "职工群众对区总工会满意度"],
    ]);
    expect(result.notes).toContain(
      "模板“mof-2021”中成本指标单列为一级指标：申报表“产出指标/成本指标”下的 1 个指标已归入“成本指标/经济成本指标”，请核对二级指标",
    );
  });

  test("a 一级 without a standard weight gets blank 分值 and a note; a required 一级 missing is noted", () => {
    const noSatisfaction = custom({ standardWeights: { funding: 10, level1: { 产出指标: 60, 效益指标: 30 } } });
    const blank = selfEvaluationFromDeclaration(declaration(), noSatisfaction);
    expect(blank.data.indicators.map((r) => r.weight)).toEqual([20, 20, 20, 30, null]);
    expect(blank.notes).toContain("一级指标“满意度指标”在模板中没有标准分值，其 1 个指标的分值留空，请填写");

    const withoutSatisfaction = declaration((s) => ({ ...s, indicators: s.indicators.slice(0, 4) }));
    const missing = selfEvaluationFromDeclaration(withoutSatisfaction, SH);
    expect(missing.notes).toContain(
      "模板要求的一级指标“满意度指标”在申报表中没有指标，其标准分值 10 分未分配，请补充指标并填写分值",
    );
  });

  test("categories spelled otherwise are written as the template spells them; unknown ones are kept and noted", () => {
    const decl = declaration((s) => ({
      ...s,
      indicators: [
        ["产出", "数量 指标", "指标1:非编人员数", "=4.00(人)"],
        ["", "规模指标", "指标2:覆盖街镇数", "≥10(个)"],
        ["管理指标", "制度指标", "指标1:制度健全性", "健全"],
        ["", "", null, null],
        ...s.indicators.slice(3),
      ],
    }));
    const result = selfEvaluationFromDeclaration(decl, SH);
    expect(rowsOf(result)).toEqual([
      ["产出指标", "数量指标", "非编人员数", "=4.00(人)", 25],
      ["产出指标", "规模指标", "覆盖街镇数", "≥10(个)", 25],
      ["效益指标", "社会效益指标", "是否提升就业率", "是", 30],
      ["满意度指标", "服务对象满意度指标", "职工群众对区总工会满意度", "≥80.00(%)", 10],
      ["管理指标", "制度指标", "制度健全性", "健全", null],
    ]);
    expect(result.notes.slice(1)).toEqual([
      "5 个三级指标去掉了“指标1：”式的编号，其余文字照原样保留",
      "申报表中有 1 个三级指标和指标值都空白的行，未转入",
      "“产出”按模板写作“产出指标”",
      "“数量 指标”按模板写作“数量指标”",
      "一级指标“管理指标”不在模板“sh-district-2023”中（可用：产出指标、效益指标、满意度指标），已按原样转入",
      "二级指标“规模指标”不属于模板中的“产出指标”，已按原样转入，请改为：数量指标、质量指标、时效指标、成本指标",
      "指标按模板中一级、二级指标的顺序重新排列",
      "一级指标“管理指标”在模板中没有标准分值，其 1 个指标的分值留空，请填写",
    ]);
  });

  test("amounts: same unit kept, 万元 to 元 multiplied, a blank total summed from its parts, text kept as typed", () => {
    const yuan = custom({ moneyUnit: "元" });
    const same = selfEvaluationFromDeclaration(declaration(), yuan);
    expect(same.data.funding.total.initialBudget).toBe(615848);
    expect(same.notes.some((n) => n.includes("换算"))).toBe(false);

    const inWan = { ...declaration(), moneyUnit: "万元" as const };
    expect(selfEvaluationFromDeclaration(inWan, yuan).data.funding.total.initialBudget).toBe(6158480000);

    const parts = declaration((s) => ({
      ...s,
      funding: { ...s.funding, annualTotal: null, currentYear: "600,000.00", carryOver: "15,848.05", annualOther: "-" },
    }));
    const summed = selfEvaluationFromDeclaration(parts, SH);
    expect(summed.data.funding.total.initialBudget).toBe(61.584805);
    expect(summed.data.funding.other.initialBudget).toBeNull();
    expect(summed.notes[0]).toBe(
      "申报表没有填写年度资金申请总额，年度资金总额的年初预算数按当年财政拨款、上年结转资金、其他资金之和填写",
    );
    // A standard 申报表's total is a formula, blank until a spreadsheet calculates it: summed without a note.
    const standard = selfEvaluationFromDeclaration({ ...parts, templateId: "sh-2024-declaration" }, SH);
    expect(standard.data.funding.total.initialBudget).toBe(61.584805);
    expect(standard.notes.some((n) => n.includes("年度资金申请总额"))).toBe(false);

    const odd = declaration((s) => ({
      ...s,
      funding: { ...s.funding, annualTotal: "615,848.00", currentYear: "六十万", carryOver: "15,848.00" },
    }));
    const kept = selfEvaluationFromDeclaration(odd, SH);
    expect(kept.data.funding.currentYear.initialBudget).toBe("六十万");
    expect(kept.notes).toEqual(
      expect.arrayContaining([
        "申报表的年度资金申请总额 615848 元 与其组成部分之和 15848 元 不符，已按原数转入，请核对",
        "当年财政拨款“六十万”不是数字，未能换算，已按原样填入年初预算数，请核对",
      ]),
    );
  });

  test("the year: the declaration's, or the one asked for, or blank with a note", () => {
    expect(selfEvaluationFromDeclaration(declaration(), SH, { year: 2024 }).notes).toHaveLength(2);
    const asked = selfEvaluationFromDeclaration(declaration(), SH, { year: 2025 });
    expect(asked.data.year).toBe(2025);
    expect(asked.notes[0]).toBe("年度按指定的 2025 年填写（申报表为 2024 年度）");
    const none = selfEvaluationFromDeclaration({ ...declaration(), year: null }, SH);
    expect(none.data.year).toBeNull();
    expect(none.notes[0]).toBe("申报表没有写明年度，自评表的年度留空，请填写");
  });

  test("a template asking for 项目负责人/联系电话 says the declaration has none; a blank 年度总体目标 takes 项目总目标", () => {
    const bj = builtinTemplate("bj-2020") as Template;
    const decl = declaration((s) => ({ ...s, goals: ["项目总目标的文字", null] }));
    const result = selfEvaluationFromDeclaration(decl, bj);
    expect(result.data.goals.expected).toBe("项目总目标的文字");
    expect(result.notes).toEqual(
      expect.arrayContaining([
        "申报表没有项目负责人、联系电话，请在自评表中填写",
        "申报表的年度总体目标为空，预期目标取自项目总目标",
      ]),
    );
  });

  test("a declaration without indicators gets the template's blank rows and a note", () => {
    const result = selfEvaluationFromDeclaration(
      declaration((s) => ({ ...s, indicators: [] })),
      SH,
    );
    expect(result.data.indicators).toEqual([]);
    expect(result.notes).toContain("申报表中没有绩效指标，自评表按模板预置了空白指标行，请填写");
  });

  test.each([
    ["sh-district-2023", SH, [0, 1, 2, 3]],
    // Only the second declaration has the 成本指标 the 2021 system requires (the others get a note).
    ["mof-2021", MOF2021, [1]],
  ])(
    "laid out and read back (%s), the converted forms cause no weight, total or category finding",
    (_id, template, which) => {
      for (const decl of songjiang().filter((_, i) => which.includes(i))) {
        const result = selfEvaluationFromDeclaration(decl, template);
        const form = laidOut(result, template);
        expect(cellText(form.header.projectName.value)).toBe(cellText(decl.header.projectName.value));
        expect(form.year).toBe(2024);
        expect(form.indicators).toHaveLength(decl.indicators.length);
        const codes = new Set(evaluateForm(form, template).findings.map((f) => f.code));
        for (const code of [
          "WEIGHTS_NONSTANDARD",
          "WEIGHT_TOTAL_MISMATCH",
          "CATEGORY_INVALID",
          "LEVEL1_MISSING",
          "FUNDING_SUBTOTAL_MISMATCH",
          "DUPLICATE_INDICATOR",
        ]) {
          expect([code, codes.has(code as never)]).toEqual([code, false]);
        }
        // What the user fills in at the year's end is asked for.
        expect(codes.has("REQUIRED_MISSING")).toBe(true);
      }
    },
  );
});
