/**
 * Every check code of domain.md §5: a form where it fires, on the right cell, and the same form
 * corrected, where it stays quiet.
 */
import { readFileSync } from "fs";
import {
  FINDING_CODES,
  adr,
  builtinTemplate,
  computeSelfEvaluation,
  evaluateForm,
  formatSheetCell,
  messageOf,
  type Finding,
  type FindingCode,
  type Template,
} from "./index";
import {
  cleanDeclarationSpec,
  cleanSpec,
  makeDeclaration,
  makeForm,
  withIndicator,
  type DeclarationSpec,
  type FormSpec,
} from "../../test/factories";

const SH = builtinTemplate("sh-district-2023") as Template;
const BJ = builtinTemplate("bj-2020") as Template;
const MOF2021 = builtinTemplate("mof-2021") as Template;
const DECL = builtinTemplate("sh-2024-declaration") as Template;

const findingsOf = (spec: FormSpec, template: Template = SH): readonly Finding[] =>
  evaluateForm(makeForm(spec), template).findings;
const declFindingsOf = (spec: DeclarationSpec): readonly Finding[] =>
  evaluateForm(makeDeclaration(spec), DECL).findings;
const where = (f: Finding): string | null => (f.cell ? formatSheetCell(f.cell) : null);
const withCode = (findings: readonly Finding[], code: FindingCode): Finding[] =>
  findings.filter((f) => f.code === code);

/** Asserts exactly one finding of `code`, on `cell` (A1 on Sheet1, or null for the whole form), and returns it. */
function expectOne(findings: readonly Finding[], code: FindingCode, cell: string | null, sheet = "Sheet1"): Finding {
  const hits = withCode(findings, code);
  expect(hits.map(where)).toEqual([cell === null ? null : `${sheet}!${cell}`]);
  return hits[0];
}

const quiet = (findings: readonly Finding[], code: FindingCode): void => expect(withCode(findings, code)).toEqual([]);

test("the clean form has no finding at all", () => {
  expect(findingsOf(cleanSpec())).toEqual([]);
  expect(declFindingsOf(cleanDeclarationSpec())).toEqual([]);
});

describe("REQUIRED_MISSING", () => {
  test.each([
    ["项目名称", (s: FormSpec): FormSpec => ({ ...s, projectName: "  " }), "C3", "项目名称未填写"],
    ["主管部门", (s: FormSpec): FormSpec => ({ ...s, department: null }), "C4", "主管部门未填写"],
    ["实施单位", (s: FormSpec): FormSpec => ({ ...s, implementer: "" }), "F4", "实施单位未填写"],
    [
      "全年预算数",
      (s: FormSpec): FormSpec => ({ ...s, funding: { ...s.funding, total: [100, null, 98, 10, 98, 9.8] } }),
      "E7",
      "全年预算数未填写",
    ],
    [
      "全年执行数",
      (s: FormSpec): FormSpec => ({ ...s, funding: { ...s.funding, total: [100, 100, "—", 10, 98, 9.8] } }),
      "F7",
      "全年执行数未填写",
    ],
    [
      "三级指标",
      (s: FormSpec): FormSpec => withIndicator(s, 0, { 2: "" }),
      "C14",
      "指标“第 14 行的指标”的三级指标未填写",
    ],
    ["分值", (s: FormSpec): FormSpec => withIndicator(s, 1, { 5: null }), "F15", "指标“培训合格率”的分值未填写"],
    ["得分", (s: FormSpec): FormSpec => withIndicator(s, 1, { 6: "" }), "G15", "指标“培训合格率”的得分未填写"],
  ])("fires for a blank %s", (_name, change, cell, message) => {
    const f = expectOne(findingsOf(change(cleanSpec())), "REQUIRED_MISSING", cell);
    expect(messageOf(f)).toBe(message);
  });

  test("fires for a zero 全年预算数: no rate can be computed", () => {
    const spec = cleanSpec();
    const f = expectOne(
      findingsOf({ ...spec, funding: { ...spec.funding, total: [0, 0, 0, 10, 0, 0] } }),
      "REQUIRED_MISSING",
      "E7",
    );
    expect(messageOf(f)).toBe("全年预算数为 0，无法计算执行率");
  });

  test("项目负责人 and 联系电话 are required only where the template has them", () => {
    quiet(findingsOf(cleanSpec(), SH), "REQUIRED_MISSING");
    const bj = findingsOf(cleanSpec(), BJ);
    expect(withCode(bj, "REQUIRED_MISSING").map(where)).toEqual(["Sheet1!C5", "Sheet1!F5"]);
    quiet(findingsOf({ ...cleanSpec(), manager: "张三", phone: "021-12345678" }, BJ), "REQUIRED_MISSING");
  });
});

describe("NOT_A_NUMBER", () => {
  test("text in a 得分 cell", () => {
    const f = expectOne(findingsOf(withIndicator(cleanSpec(), 0, { 6: "二十" })), "NOT_A_NUMBER", "G14");
    expect(messageOf(f)).toBe("指标“培训人数”的得分应为数字，现为“二十”");
  });
  test("a spreadsheet error value in the 执行率 cell", () => {
    const spec = cleanSpec();
    const f = expectOne(
      findingsOf({ ...spec, funding: { ...spec.funding, total: [100, 100, 98, 10, "#DIV/0!", 9.8] } }),
      "NOT_A_NUMBER",
      "H7",
    );
    expect(messageOf(f)).toBe("执行率是错误值“#DIV/0!”，请检查公式或改填数字");
  });
  test("quiet for numbers typed as text, thousands separators and full-width digits", () => {
    const spec = cleanSpec();
    const typed = {
      ...spec,
      funding: {
        ...spec.funding,
        total: ["1,00", "１００.００", " 98 ", "10.00", "98.00", "9.80"] as FormSpec["funding"]["total"],
      },
    };
    // "1,00" is not a thousands separator: that one is a real finding.
    expectOne(findingsOf(typed), "NOT_A_NUMBER", "D7");
    const fixed = {
      ...typed,
      funding: {
        ...typed.funding,
        total: ["100", "１００.００", " 98 ", "10.00", "98.00", "9.80"] as FormSpec["funding"]["total"],
      },
    };
    quiet(findingsOf(fixed), "NOT_A_NUMBER");
    expect(findingsOf(fixed)).toEqual([]);
  });
});

describe("FUNDING_SUBTOTAL_MISMATCH", () => {
  const broken = (): FormSpec => {
    const s = cleanSpec();
    return {
      ...s,
      funding: { ...s.funding, currentYear: [100, 90, 88, "-", 97.78, "-"], carryOver: [0, 0, 0, "-", 0, "-"] },
    };
  };
  test("fires per column where the sub-rows do not add up", () => {
    const findings = findingsOf(broken());
    expect(withCode(findings, "FUNDING_SUBTOTAL_MISMATCH").map(where)).toEqual(["Sheet1!E7", "Sheet1!F7"]);
    expect(messageOf(withCode(findings, "FUNDING_SUBTOTAL_MISMATCH")[0])).toBe(
      "全年预算数：年度资金总额应等于当年财政拨款、上年结转资金、其他资金之和：填写为 100.00，分项合计为 90.00",
    );
  });
  test("quiet once 上年结转资金 carries the difference", () => {
    const s = broken();
    const fixed = {
      ...s,
      funding: { ...s.funding, carryOver: [0, 10, 10, "-", 100, "-"] as FormSpec["funding"]["total"] },
    };
    expect(findingsOf(fixed)).toEqual([]);
  });
  test("quiet when no sub-row is filled", () => {
    const s = cleanSpec();
    const blank: FormSpec["funding"]["total"] = [null, null, null, null, null, null];
    expect(findingsOf({ ...s, funding: { ...s.funding, currentYear: blank, carryOver: blank, other: blank } })).toEqual(
      [],
    );
  });
});

describe("EXECUTION_EXCEEDS_BUDGET", () => {
  const over = (executed: number, rate: number): FormSpec => {
    const s = cleanSpec();
    return {
      ...s,
      funding: {
        ...s.funding,
        total: [100, 100, executed, 10, rate, 10],
        currentYear: [100, 100, executed, "-", rate, "-"],
      },
    };
  };
  test("fires on the 全年执行数 cell, and the 资金得分 is capped at 分值", () => {
    const findings = findingsOf({ ...over(105, 105), total: [100, 100] });
    const f = expectOne(findings, "EXECUTION_EXCEEDS_BUDGET", "F7");
    expect(f.severity).toBe("warning");
    expect(messageOf(f)).toBe("全年执行数 105.00 超过全年预算数 100.00，请核实");
    quiet(findings, "FUNDING_SCORE_MISMATCH");
  });
  test("quiet at exactly the budget", () => {
    expect(findingsOf({ ...over(100, 100), total: [100, 100] })).toEqual([]);
  });
});

describe("EXECUTION_RATE_MISMATCH", () => {
  const rate = (value: FormSpec["funding"]["total"][4], extra: Partial<FormSpec> = {}): FormSpec => {
    const s = cleanSpec();
    return {
      ...s,
      ...extra,
      funding: { ...s.funding, total: [100, 100, 98, 10, value, 9.8], currentYear: [100, 100, 98, "-", value, "-"] },
    };
  };
  test("fires when the stated rate is not the computed one", () => {
    const findings = findingsOf(rate(97));
    expect(withCode(findings, "EXECUTION_RATE_MISMATCH").map(where)).toEqual(["Sheet1!H7", "Sheet1!H8"]);
    const f = findings[0];
    expect(messageOf(f)).toBe("年度资金总额的执行率填写为 97.00%，按全年执行数 ÷ 全年预算数计算应为 98.00%");
  });
  test.each([
    ["a number under 执行率(%)", rate(98)],
    ["a fraction formatted as a percentage", rate(0.98, { rateFormat: "0.00%", ratePercentHeader: false })],
    ["text with a % sign", rate("98.00%", { ratePercentHeader: false })],
    ["a fraction under 执行率(%) without a format", rate(0.98)],
  ])("quiet for %s", (_name, spec) => {
    expect(findingsOf(spec)).toEqual([]);
  });
  test("quiet for a rate a spreadsheet computed and saved at full precision", () => {
    const s = cleanSpec();
    const full = 101.8 / 101.95; // 0.99852869…, as Excel stores the formula's result
    const spec: FormSpec = {
      ...s,
      rateFormat: "0.00%",
      ratePercentHeader: false,
      funding: {
        ...s.funding,
        total: [104.08, 101.95, 101.8, 10, full, 9.99],
        currentYear: [104.08, 101.95, 101.8, "-", full, "-"],
      },
      total: [100, 99.99],
    };
    expect(findingsOf(spec)).toEqual([]);
  });
  test("checks the sub-rows' rates too", () => {
    const s = cleanSpec();
    expectOne(
      findingsOf({ ...s, funding: { ...s.funding, currentYear: [100, 100, 98, "-", 100, "-"] } }),
      "EXECUTION_RATE_MISMATCH",
      "H8",
    );
  });
});

describe("FUNDING_SCORE_MISMATCH", () => {
  const score = (total: FormSpec["funding"]["total"], totalScore: number): FormSpec => {
    const s = cleanSpec();
    return {
      ...s,
      funding: { ...s.funding, total, currentYear: [total[0], total[1], total[2], "-", total[4], "-"] },
      total: [100, totalScore],
    };
  };
  test("fires beyond rounding", () => {
    const f = expectOne(findingsOf(score([100, 100, 98, 10, 98, 9.5], 99.5)), "FUNDING_SCORE_MISMATCH", "I7");
    expect(messageOf(f)).toBe("资金得分填写为 9.50，按执行率 98.00% × 10 计算应为 9.80");
  });
  test("9.9 where the amounts give exactly 10 is a mismatch, not rounding", () => {
    const findings = findingsOf(score([10, 10, 10, 10, 100, 9.9], 99.9));
    expectOne(findings, "FUNDING_SCORE_MISMATCH", "I7");
    quiet(findings, "ROUNDING_DIFFERENCE");
  });
  test("quiet when it matches", () => {
    expect(findingsOf(score([10, 10, 10, 10, 100, 10], 100))).toEqual([]);
  });
});

describe("ROUNDING_DIFFERENCE", () => {
  const minhang = (stated: number): FormSpec => {
    const s = cleanSpec();
    return {
      ...s,
      funding: {
        ...s.funding,
        total: [104.08, 101.95, 101.8, 10, 99.85, stated],
        currentYear: [104.08, 101.95, 101.8, "-", 99.85, "-"],
      },
      total: [100, stated + 90],
    };
  };
  test("a 资金得分 rounded down (9.98 for 9.985…) is info, with the message of the contract", () => {
    const findings = findingsOf(minhang(9.98));
    const f = expectOne(findings, "ROUNDING_DIFFERENCE", "I7");
    expect(f.severity).toBe("info");
    expect(messageOf(f)).toBe("资金得分填写为 9.98，按执行率 99.85% × 10 计算为 9.99（舍入规则不同）");
    quiet(findings, "FUNDING_SCORE_MISMATCH");
  });
  test("nothing at all when it equals the template's own rounding", () => {
    expect(findingsOf(minhang(9.99))).toEqual([]);
  });
  test("a 执行率 of 95.3678% shown as 95.36 is rounding; 95.37 is the template's own", () => {
    const s = cleanSpec();
    const at = (shown: number): FormSpec => ({
      ...s,
      funding: {
        ...s.funding,
        total: [100, 100, 95.3678, 10, shown, 9.54],
        currentYear: [100, 100, 95.3678, "-", 95.37, "-"],
      },
      total: [100, 99.54],
    });
    const f = expectOne(findingsOf(at(95.36)), "ROUNDING_DIFFERENCE", "H7");
    expect(messageOf(f)).toBe("年度资金总额的执行率填写为 95.36%，计算为 95.37%（舍入规则不同）");
    expect(findingsOf(at(95.37))).toEqual([]);
  });
  test("a 总分 rounded down from the sum of 3-decimal scores", () => {
    const spec = withIndicator(cleanSpec(), 0, { 6: 19.995, 7: "个别学员未参加考核" });
    expect(findingsOf({ ...spec, total: [100, 99.8] })).toEqual([]);
    const f = expectOne(findingsOf({ ...spec, total: [100, 99.79] }), "ROUNDING_DIFFERENCE", "G20");
    expect(messageOf(f)).toBe("总分填写为 99.79，资金得分与各指标得分之和为 99.80（舍入规则不同）");
  });
});

describe("SCORE_EXCEEDS_WEIGHT", () => {
  test.each([
    [21, "指标“培训人数”的得分 21.00 超过分值 20"],
    [-1, "指标“培训人数”的得分 -1.00 不能为负数"],
  ])("fires for a 得分 of %p", (score, message) => {
    const spec = withIndicator(cleanSpec(), 0, { 6: score, 7: "说明" });
    const f = expectOne(findingsOf({ ...spec, total: [100, 79.8 + score] }), "SCORE_EXCEEDS_WEIGHT", "G14");
    expect(messageOf(f)).toBe(message);
  });
  test("fires for a 资金得分 above its 分值", () => {
    const s = cleanSpec();
    expectOne(
      findingsOf({ ...s, funding: { ...s.funding, total: [100, 100, 98, 10, 98, 11] }, total: [100, 101] }),
      "SCORE_EXCEEDS_WEIGHT",
      "I7",
    );
  });
  test("quiet at exactly the 分值", () => {
    quiet(findingsOf(withIndicator(cleanSpec(), 0, { 6: 20 })), "SCORE_EXCEEDS_WEIGHT");
  });
});

describe("WEIGHT_TOTAL_MISMATCH", () => {
  test("fires on the 满分 cell when the 分值 do not add up", () => {
    const spec = withIndicator(cleanSpec(), 4, { 5: 10, 6: 10 });
    const f = expectOne(findingsOf({ ...spec, total: [100, 94.8] }), "WEIGHT_TOTAL_MISMATCH", "F20");
    expect(messageOf(f)).toBe("各项分值合计为 95，与满分 100 不一致");
  });
  test("quiet when the stated 满分 is the sum", () => {
    const spec = withIndicator(cleanSpec(), 4, { 5: 10, 6: 10 });
    quiet(findingsOf({ ...spec, total: [95, 94.8] }), "WEIGHT_TOTAL_MISMATCH");
  });
});

describe("TOTAL_SCORE_MISMATCH", () => {
  test("fires when 总分 is not 资金得分 + Σ 得分", () => {
    const f = expectOne(findingsOf({ ...cleanSpec(), total: [100, 98] }), "TOTAL_SCORE_MISMATCH", "G20");
    expect(messageOf(f)).toBe("总分填写为 98，资金得分与各指标得分之和应为 99.80");
  });
  test("uses the form's own 资金得分: a wrong 资金得分 has its own finding", () => {
    const s = cleanSpec();
    const findings = findingsOf({
      ...s,
      funding: { ...s.funding, total: [100, 100, 98, 10, 98, 9] },
      total: [100, 99],
    });
    expectOne(findings, "FUNDING_SCORE_MISMATCH", "I7");
    quiet(findings, "TOTAL_SCORE_MISMATCH");
  });
});

describe("GRADE_MISMATCH", () => {
  test("fires when the grade is not the band of 总分", () => {
    const f = expectOne(findingsOf({ ...cleanSpec(), grade: "良" }), "GRADE_MISMATCH", "C21");
    expect(messageOf(f)).toBe("评分等级填写为“良”，总分 99.80 对应的等级应为“优”");
  });
  test("quiet for the right grade, and when the form has no grade row", () => {
    quiet(findingsOf({ ...cleanSpec(), grade: " 优 " }), "GRADE_MISMATCH");
    quiet(findingsOf({ ...cleanSpec(), grade: null }), "GRADE_MISMATCH");
  });
});

describe("DEVIATION_REASON_MISSING", () => {
  test("fires when 得分 < 分值 and no reason is given", () => {
    const spec = withIndicator(cleanSpec(), 1, { 4: "90.00(%)", 6: 14.21 });
    const findings = findingsOf({ ...spec, total: [100, 99.01] });
    const f = expectOne(findings, "DEVIATION_REASON_MISSING", "H15");
    expect(messageOf(f)).toBe("指标“培训合格率”得分 14.21 低于分值 15，请填写偏差原因分析及改进措施");
  });
  test("fires when a quantitative target is not met, even with full marks", () => {
    const f = expectOne(findingsOf(withIndicator(cleanSpec(), 0, { 4: "99(人)" })), "DEVIATION_REASON_MISSING", "H14");
    expect(messageOf(f)).toBe("指标“培训人数”未达到年度指标值，请填写偏差原因分析及改进措施");
  });
  test("quiet once the reason is written", () => {
    const spec = withIndicator(cleanSpec(), 1, { 4: "90.00(%)", 6: 14.21, 7: "部分学员缺考，下年度加强考前辅导" });
    expect(findingsOf({ ...spec, total: [100, 99.01] })).toEqual([]);
  });
});

describe("OVER_ACHIEVEMENT_UNEXPLAINED", () => {
  test("fires at 130% of a positive target", () => {
    const f = expectOne(
      findingsOf(withIndicator(cleanSpec(), 0, { 4: "130(人)" })),
      "OVER_ACHIEVEMENT_UNEXPLAINED",
      "H14",
    );
    expect(f.severity).toBe("warning");
    expect(messageOf(f)).toBe(
      "指标“培训人数”实际完成值 130(人) 达到年度指标值 ≥100(人) 的 130.00%（不低于 130.00%），请在偏差原因中说明目标设定是否偏低",
    );
  });
  test("quiet below 130%, or with a reason", () => {
    expect(findingsOf(withIndicator(cleanSpec(), 0, { 4: "129.99(人)" }))).toEqual([]);
    expect(findingsOf(withIndicator(cleanSpec(), 0, { 4: "200(人)", 7: "需求激增，已追加培训场次" }))).toEqual([]);
  });
  test("quiet for a target of 0, where no ratio means anything", () => {
    quiet(findingsOf(withIndicator(cleanSpec(), 1, { 3: "≥0.00(%)", 4: "70.00(%)" })), "OVER_ACHIEVEMENT_UNEXPLAINED");
  });
});

describe("TARGET_NOT_MET_FULL_SCORE", () => {
  test("fires when the target is missed but the score is full", () => {
    const f = expectOne(
      findingsOf(withIndicator(cleanSpec(), 0, { 4: "90(人)", 7: "报名不足" })),
      "TARGET_NOT_MET_FULL_SCORE",
      "G14",
    );
    expect(messageOf(f)).toBe("指标“培训人数”实际完成值 90(人) 未达到年度指标值 ≥100(人)，却得满分 20.00");
  });
  test("quiet with the proportional score", () => {
    const spec = withIndicator(cleanSpec(), 0, { 4: "90(人)", 6: 18, 7: "报名不足" });
    expect(findingsOf({ ...spec, total: [100, 97.8] })).toEqual([]);
  });
});

describe("SCORE_RULE_DEVIATION", () => {
  test("fires more than 0.5 away from the suggested score, and says the suggestion", () => {
    const spec = withIndicator(cleanSpec(), 0, { 4: "90(人)", 6: 10, 7: "报名不足" });
    const f = expectOne(findingsOf({ ...spec, total: [100, 89.8] }), "SCORE_RULE_DEVIATION", "G14");
    expect(messageOf(f)).toBe("指标“培训人数”得分 10.00，按完成比例计算的建议得分为 18.00");
  });
  test("quiet within 0.5", () => {
    const spec = withIndicator(cleanSpec(), 0, { 4: "90(人)", 6: 17.5, 7: "报名不足" });
    quiet(findingsOf({ ...spec, total: [100, 97.3] }), "SCORE_RULE_DEVIATION");
  });
});

describe("QUALITATIVE_SCORE_OUT_OF_TIER", () => {
  const tiered = (actual: string, score: number): FormSpec => {
    const spec = withIndicator(cleanSpec(), 2, { 4: actual, 6: score, 7: score < 15 ? "部分补贴延后发放" : "" });
    return { ...spec, total: [100, 84.8 + score] };
  };
  test.each([
    ["达成指标", 11.99, "指标“补贴发放及时性”实际完成值为“达成指标”（达成），得分应在 12.00～15.00 分，现为 11.99"],
    [
      "部分达成年度指标并具有一定效果",
      12,
      "指标“补贴发放及时性”实际完成值为“部分达成年度指标并具有一定效果”（部分达成），得分应在 9.00 分以上、低于 12.00 分，现为 12.00",
    ],
    [
      "未达成年度指标且效果较差",
      9,
      "指标“补贴发放及时性”实际完成值为“未达成年度指标且效果较差”（未达成），得分应在 0.00 分以上、低于 9.00 分，现为 9.00",
    ],
  ])("fires for %s with %p", (actual, score, message) => {
    const f = expectOne(findingsOf(tiered(actual, score)), "QUALITATIVE_SCORE_OUT_OF_TIER", "G16");
    expect(messageOf(f)).toBe(message);
  });
  test.each([
    ["达成指标", 12],
    ["达成指标", 15],
    ["部分达成年度指标并具有一定效果", 9],
    ["部分达成指标并具有一定效果", 11.99],
    ["未达成年度指标且效果较差", 8.99],
    ["未达成", 0],
    ["及时", 15],
  ])("quiet for %s with %p (bounds: 80%% and 60%%)", (actual, score) => {
    quiet(findingsOf(tiered(actual, score)), "QUALITATIVE_SCORE_OUT_OF_TIER");
  });
  test("the 50% bound of a template that uses it", () => {
    const half = { ...SH, qualitativeTiers: { achieved: 0.8, partial: 0.5 } };
    quiet(findingsOf(tiered("部分达成指标并具有一定效果", 7.5), half), "QUALITATIVE_SCORE_OUT_OF_TIER");
    expectOne(findingsOf(tiered("部分达成指标并具有一定效果", 7.49), half), "QUALITATIVE_SCORE_OUT_OF_TIER", "G16");
  });
});

describe("ACTUAL_NOT_A_VALUE", () => {
  test("fires for a comparison instead of a value", () => {
    const f = expectOne(findingsOf(withIndicator(cleanSpec(), 5, { 4: ">=85%" })), "ACTUAL_NOT_A_VALUE", "E19");
    expect(messageOf(f)).toBe("指标“服务对象满意度”的实际完成值“>=85%”是比较式，请填写实际达到的数值");
  });
  test("fires for a blank actual on a scored row", () => {
    const f = expectOne(findingsOf(withIndicator(cleanSpec(), 5, { 4: "" })), "ACTUAL_NOT_A_VALUE", "E19");
    expect(messageOf(f)).toBe("指标“服务对象满意度”的实际完成值未填写");
  });
  test("quiet for a value", () => {
    expect(findingsOf(withIndicator(cleanSpec(), 5, { 4: "95.5%" }))).toEqual([]);
  });
});

describe("percent-formatted cells", () => {
  test("an actual typed as 95% (stored 0.95 with a % format) reads as 95%, not 0.95", () => {
    const form = makeForm(withIndicator(cleanSpec(), 5, { 4: 0.9 }));
    const actual = { ...form.indicators[5].actual, numberFormat: "0%" };
    const fixed = { ...form, indicators: form.indicators.map((row, i) => (i === 5 ? { ...row, actual } : row)) };
    expect(evaluateForm(fixed, SH).findings).toEqual([]);
    expect(computeSelfEvaluation(fixed, SH).indicators[5].suggested?.toFixed(2)).toBe("10.00");
  });
});

describe("UNIT_MISMATCH", () => {
  test("fires when target and actual units differ", () => {
    const f = expectOne(findingsOf(withIndicator(cleanSpec(), 0, { 4: "120(名)" })), "UNIT_MISMATCH", "E14");
    expect(messageOf(f)).toBe("指标“培训人数”的实际完成值单位“名”与年度指标值单位“人”不一致");
  });
  test("fires for a rate measured in 名 (the 政府雇员 example)", () => {
    const f = expectOne(
      findingsOf(withIndicator(cleanSpec(), 1, { 3: "=2.00(名)", 4: "2.00(名)" })),
      "UNIT_MISMATCH",
      "D15",
    );
    expect(messageOf(f)).toBe("指标“培训合格率”是比率类指标，年度指标值的单位应为 %，现为“名”");
  });
  test("quiet for full-width ％ against %", () => {
    expect(findingsOf(withIndicator(cleanSpec(), 1, { 4: "98.00（％）" }))).toEqual([]);
  });
});

describe("CATEGORY_INVALID", () => {
  test("fires for a 二级 not allowed under its 一级", () => {
    const f = expectOne(findingsOf(withIndicator(cleanSpec(), 3, { 1: "数量指标" })), "CATEGORY_INVALID", "B17");
    expect(messageOf(f)).toBe(
      "二级指标“数量指标”不属于一级指标“效益指标”（可选：经济效益指标、社会效益指标、生态效益指标、可持续影响指标）",
    );
  });
  test("成本指标 as its own 一级 is invalid in the 2020 system and valid in 2021+", () => {
    const spec = withIndicator(withIndicator(cleanSpec(), 3, { 0: "成本指标", 1: "经济成本指标" }), 4, {
      0: "效益指标",
      1: "社会效益指标",
    });
    expectOne(findingsOf(spec), "CATEGORY_INVALID", "A17");
    quiet(findingsOf(spec, MOF2021), "CATEGORY_INVALID");
  });
  test("quiet for respaced names and a missing 指标 suffix", () => {
    quiet(findingsOf(withIndicator(cleanSpec(), 3, { 0: "效益 指标", 1: "社会效益" })), "CATEGORY_INVALID");
  });
});

describe("LEVEL1_MISSING", () => {
  test("fires when 满意度 has no scored indicator", () => {
    const spec = withIndicator(cleanSpec(), 5, { 0: "效益指标", 1: "社会效益指标" });
    const f = expectOne(findingsOf(spec), "LEVEL1_MISSING", null);
    expect(f.severity).toBe("warning");
    expect(messageOf(f)).toBe("缺少一级指标“满意度指标”下的计分指标");
  });
  test("quiet in the clean form", () => {
    quiet(findingsOf(cleanSpec()), "LEVEL1_MISSING");
  });
});

describe("WEIGHTS_NONSTANDARD", () => {
  test("fires (info) when 一级 weights differ from 50/30/10", () => {
    const spec = withIndicator(withIndicator(cleanSpec(), 0, { 5: 10, 6: 10 }), 5, { 5: 20, 6: 20 });
    const f = expectOne(findingsOf(spec), "WEIGHTS_NONSTANDARD", "F14");
    expect(f.severity).toBe("info");
    expect(messageOf(f)).toBe("一级指标分值与标准分值不同：产出指标 40（标准 50），满意度指标 20（标准 10）");
  });
  test("quiet at the standard", () => {
    quiet(findingsOf(cleanSpec()), "WEIGHTS_NONSTANDARD");
  });
});

describe("DUPLICATE_INDICATOR", () => {
  test("fires on the second occurrence, naming the first", () => {
    const f = expectOne(findingsOf(withIndicator(cleanSpec(), 1, { 2: "培训 人数" })), "DUPLICATE_INDICATOR", "C15");
    expect(messageOf(f)).toBe("三级指标“培训 人数”重复（第一次出现在 C14）");
  });
  test("quiet for distinct names", () => {
    quiet(findingsOf(cleanSpec()), "DUPLICATE_INDICATOR");
  });
});

describe("GOAL_TEXT_IDENTICAL", () => {
  test("fires when 实际完成情况 repeats 预期目标 (spaces and quotes aside)", () => {
    const s = cleanSpec();
    const f = expectOne(
      findingsOf({ ...s, goals: [s.goals[0], `“${String(s.goals[0])}  ”`] }),
      "GOAL_TEXT_IDENTICAL",
      "F12",
    );
    expect(messageOf(f)).toBe("实际完成情况与预期目标完全相同：请写明实际完成了什么");
  });
  test("quiet for a described result", () => {
    quiet(findingsOf(cleanSpec()), "GOAL_TEXT_IDENTICAL");
  });
});

describe("FORMULA_OVERWRITTEN", () => {
  test("fires for a computed cell of a standard sheet that holds a typed value", () => {
    const form = {
      ...makeForm(cleanSpec()),
      overwritten: [{ field: "fundingScore" as const, at: adr("I7"), text: "9.8" }],
    };
    const f = expectOne(evaluateForm(form, SH).findings, "FORMULA_OVERWRITTEN", "I7");
    expect(f.severity).toBe("warning");
    expect(messageOf(f)).toBe("资金得分单元格的公式被改写为“9.8”：请核对，或用“填充”恢复公式");
  });
  test("quiet when the formulas are intact", () => {
    quiet(evaluateForm({ ...makeForm(cleanSpec()), overwritten: [] }, SH).findings, "FORMULA_OVERWRITTEN");
  });
});

describe("申报表 checks", () => {
  test("DATE_ORDER fires when the start is after the end", () => {
    const s = cleanDeclarationSpec();
    const f = expectOne(
      declFindingsOf({ ...s, header: { ...s.header, startDate: "2024年12月31日", endDate: "2024/1/1" } }),
      "DATE_ORDER",
      "B6",
      "申报表",
    );
    expect(messageOf(f)).toBe("计划开始日期 2024-12-31 晚于计划完成日期 2024-01-01");
  });
  test("DATE_ORDER fires for a date that does not exist", () => {
    const s = cleanDeclarationSpec();
    const f = expectOne(
      declFindingsOf({ ...s, header: { ...s.header, endDate: "2024-02-30" } }),
      "DATE_ORDER",
      "E6",
      "申报表",
    );
    expect(messageOf(f)).toBe("计划完成日期“2024-02-30”不是有效日期");
  });
  test("DATE_ORDER is quiet for Excel serial dates in order", () => {
    const s = cleanDeclarationSpec();
    quiet(declFindingsOf({ ...s, header: { ...s.header, startDate: 45292, endDate: 45657 } }), "DATE_ORDER");
  });
  test("FUNDING_SUBTOTAL_MISMATCH checks both identities", () => {
    const s = cleanDeclarationSpec();
    const findings = declFindingsOf({ ...s, funding: { ...s.funding, fiscal: "600,000.00", carryOver: "1.00" } });
    expect(withCode(findings, "FUNDING_SUBTOTAL_MISMATCH").map(where)).toEqual(["申报表!C7", "申报表!E7"]);
    expect(findings.map((f) => messageOf(f))).toEqual([
      "项目资金总额应等于财政资金与其他资金之和：填写为 615848.00，分项合计为 600000.00",
      "年度资金申请总额应等于当年财政拨款、上年结转资金、其他资金之和：填写为 615848.00，分项合计为 615849.00",
    ]);
  });
  test("REQUIRED_MISSING for a blank 年度指标值; DUPLICATE_INDICATOR across 指标N： prefixes", () => {
    const s = cleanDeclarationSpec();
    const indicators: DeclarationSpec["indicators"] = [...s.indicators, ["", "", "指标2：非编人员数", ""]];
    const findings = declFindingsOf({ ...s, indicators });
    expect(findings.map((f) => [f.code, where(f)])).toEqual([
      ["REQUIRED_MISSING", "申报表!E19"],
      ["DUPLICATE_INDICATOR", "申报表!D19"],
    ]);
  });
  test("CATEGORY_INVALID uses the 2021+ system of the declaration template", () => {
    const s = cleanDeclarationSpec();
    const indicators: DeclarationSpec["indicators"] = [
      ["成本指标", "经济成本指标", "指标1：人均工资福利费", "≤15.20(万元)"],
      ...s.indicators,
    ];
    expect(declFindingsOf({ ...s, indicators })).toEqual([]);
    const wrong: DeclarationSpec["indicators"] = [
      ["成本指标", "数量指标", "指标1：人均工资福利费", "≤15.20(万元)"],
      ...s.indicators,
    ];
    expect(declFindingsOf({ ...s, indicators: wrong }).map((f) => [f.code, where(f)])).toEqual([
      ["CATEGORY_INVALID", "申报表!C14"],
    ]);
  });
});

test("every code has a test above that makes it fire", () => {
  // Keeps this file (and the expert panel's, expert.test.ts) honest when a code is added to findings.ts.
  const source =
    readFileSync(__filename, "utf8") + readFileSync(__filename.replace(/checks\.test\.ts$/, "expert.test.ts"), "utf8");
  for (const code of FINDING_CODES) {
    expect(source.includes(`"${code}"`)).toBe(true);
  }
});

describe("forms as they really arrive (domain.md §2.4)", () => {
  const funded = (executed: number, rate: number | string, score: number, total: number): FormSpec => {
    const s = cleanSpec();
    return {
      ...s,
      funding: {
        ...s.funding,
        total: [100, 100, executed, 10, rate, score],
        currentYear: [100, 100, executed, "-", rate, "-"],
      },
      total: [100, total],
    };
  };

  test.each([
    // 资金得分 as a whole number: the half-up rounding of the exact score is rounding, anything else a mismatch.
    ["9 for 8.62", funded(86.2, 86.2, 9, 99), "I7", "ROUNDING_DIFFERENCE"],
    ["9 for exactly 8.5 (half up)", funded(85, 85, 9, 99), "I7", "ROUNDING_DIFFERENCE"],
    ["9 for 8.49 (rounds to 8)", funded(84.9, 84.9, 9, 99), "I7", "FUNDING_SCORE_MISMATCH"],
    ["9 for 9.8 (rounded down)", funded(98, 98, 9, 99), "I7", "FUNDING_SCORE_MISMATCH"],
    // 执行率 as a whole percentage.
    ["60% for 59.58%", funded(59.58, "60%", 5.96, 95.96), "H7", "ROUNDING_DIFFERENCE"],
    ["60% for 59.50% (half up)", funded(59.5, "60%", 5.95, 95.95), "H7", "ROUNDING_DIFFERENCE"],
    ["60% for 59.49%", funded(59.49, "60%", 5.95, 95.95), "H7", "EXECUTION_RATE_MISMATCH"],
    ["59% for 59.58% (rounded down)", funded(59.58, "59%", 5.96, 95.96), "H7", "EXECUTION_RATE_MISMATCH"],
  ])("a whole number: %s", (_what, spec, cell, code) => {
    const findings = findingsOf(spec).filter((f) => f.cell?.row === adr(cell).row);
    expect(findings.map((f) => `${f.code} ${where(f)}`)).toContain(`${code} Sheet1!${cell}`);
    expect(findings.filter((f) => f.severity === "error" && f.code !== code)).toEqual([]);
  });

  test("PLACEHOLDER_ROWS: once for the form, at the first template row, with the count", () => {
    const form = { ...makeForm(cleanSpec()), placeholderRows: [adr("C16"), adr("C19"), adr("B20")] };
    const f = expectOne(evaluateForm(form, SH).findings, "PLACEHOLDER_ROWS", "C16");
    expect(f.severity).toBe("info");
    expect(messageOf(f)).toBe(
      "表中有 3 行模板行未填写（如“指标2：”“……”或只有二级指标的行），未作为指标检查；不需要的行可删除",
    );
    expect(evaluateForm(makeForm(cleanSpec()), SH).findings).toEqual([]);
  });

  test("a blank 得分 is reported once and does not switch off the 总分 check", () => {
    const spec = withIndicator(cleanSpec(), 0, { 6: null });
    // Read: 9.8 + 15 + 15 + 15 + 15 + 10 = 79.8; the blank can only add to it.
    const quietAt = (total: number): void => {
      const findings = findingsOf({ ...spec, total: [100, total] });
      expectOne(findings, "REQUIRED_MISSING", "G14");
      quiet(findings, "TOTAL_SCORE_MISMATCH");
    };
    quietAt(99.8);
    quietAt(79.8); // just inside: the blank may be 0
    const f = expectOne(findingsOf({ ...spec, total: [100, 79.79] }), "TOTAL_SCORE_MISMATCH", "G20");
    expect(messageOf(f)).toBe("总分填写为 79.79，资金得分与各指标得分之和应为 79.80");
  });

  test("a blank 分值 is reported once and does not switch off the 满分 and standard-weight checks", () => {
    const spec = withIndicator(withIndicator(cleanSpec(), 0, { 5: null }), 3, { 5: 25, 6: 25 });
    // Read: 10 + 15 + 15 + 25 + 15 + 10 = 90 with 产出 unknown; 效益 is 25 + 15 = 40 against 30.
    const findings = findingsOf({ ...spec, total: [100, 109.8] });
    expectOne(findings, "REQUIRED_MISSING", "F14");
    quiet(findings, "WEIGHT_TOTAL_MISMATCH");
    const w = expectOne(findings, "WEIGHTS_NONSTANDARD", "F17");
    expect(messageOf(w)).toContain("效益指标");
    expect(messageOf(w)).not.toContain("产出指标");
    quiet(findingsOf({ ...spec, total: [90, 109.8] }), "WEIGHT_TOTAL_MISMATCH"); // just inside: 90 ≤ 90
    expectOne(findingsOf({ ...spec, total: [89, 109.8] }), "WEIGHT_TOTAL_MISMATCH", "F20");
  });

  test("a 分值 column the table lacks is one REQUIRED_MISSING without a cell, not one per row", () => {
    const form = makeForm(cleanSpec());
    const noWeights = {
      ...form,
      indicators: form.indicators.map((row) => ({ ...row, weight: { value: null, at: null } })),
    };
    const findings = evaluateForm(noWeights, SH).findings;
    const f = expectOne(findings, "REQUIRED_MISSING", null);
    expect(messageOf(f)).toBe("表中没有“分值”一栏，无法检查各指标的分值");
    quiet(findings, "WEIGHTS_NONSTANDARD");
  });

  test("no 偏差原因 column: nowhere to explain, so no DEVIATION_REASON_MISSING", () => {
    const spec = withIndicator(cleanSpec(), 0, { 6: 15 });
    const form = makeForm({ ...spec, total: [100, 94.8] });
    expectOne(evaluateForm(form, SH).findings, "DEVIATION_REASON_MISSING", "H14");
    const without = {
      ...form,
      indicators: form.indicators.map((row) => ({ ...row, deviation: { value: null, at: null } })),
    };
    quiet(evaluateForm(without, SH).findings, "DEVIATION_REASON_MISSING");
  });

  test("further funding sub-rows (财政专户管理资金, 单位资金) count in the total's sum", () => {
    const s = cleanSpec();
    const spec: FormSpec = {
      ...s,
      funding: { ...s.funding, currentYear: [80, 80, 78, "-", 97.5, "-"] },
    };
    const form = makeForm(spec);
    expect(withCode(evaluateForm(form, SH).findings, "FUNDING_SUBTOTAL_MISMATCH").map(where)).toEqual([
      "Sheet1!D7",
      "Sheet1!E7",
      "Sheet1!F7",
    ]);
    const extra = { ...form.funding.other, initialBudget: { value: 20, at: adr("D11") } };
    const withExtra = {
      ...form,
      extraFunding: [
        { ...extra, annualBudget: { value: 20, at: adr("E11") }, executed: { value: 20, at: adr("F11") } },
      ],
    };
    quiet(evaluateForm(withExtra, SH).findings, "FUNDING_SUBTOTAL_MISMATCH");
  });
});
