/**
 * The computations of domain.md §4 at their edges.
 */
import {
  builtinTemplate,
  computeSelfEvaluation,
  dec,
  executionRate,
  fundingScore,
  gradeOf,
  isTargetMet,
  roundTo,
  scoreInTier,
  suggestedScore,
  tierRange,
  type Comparator,
  type Template,
} from "./index";
import { cleanSpec, makeForm, withIndicator } from "../../test/factories";

const SH = builtinTemplate("sh-district-2023") as Template;

describe("exact decimal rounding, like Excel", () => {
  test.each([
    ["9.985", "round", "9.99"],
    ["9.985", "rounddown", "9.98"],
    ["2.675", "round", "2.68"], // 2.675 is 2.67499… in binary floating point
    ["1.005", "round", "1.01"],
    ["-1.005", "round", "-1.01"], // half away from zero, as Excel
    ["9.989", "rounddown", "9.98"],
    ["0.125", "round", "0.13"],
  ] as const)("%s with %s gives %s", (value, mode, expected) => {
    expect(roundTo(dec(value), 2, mode).toFixed(2)).toBe(expected);
  });
  test("a JavaScript number is taken as the text it shows", () => {
    expect(roundTo(dec(9.985), 2, "round").toFixed(2)).toBe("9.99");
    expect((9.985).toFixed(2)).toBe("9.98"); // what binary floating point would have given
  });
});

describe("执行率 and 资金得分", () => {
  test("a zero budget gives no rate", () => {
    expect(executionRate(dec(5), dec(0))).toBeNull();
  });
  test.each([
    // executed, budget, weight, ROUND, ROUNDDOWN
    ["101.80", "101.95", "10", "9.99", "9.98"], // 99.8528…%
    ["1905", "1980", "10", "9.62", "9.62"], // 96.2121…%
    ["26.04", "26.82", "10", "9.71", "9.70"], // 97.0917…%
    ["105", "100", "10", "10.00", "10.00"], // execution above budget is capped at 100%
    ["0", "100", "10", "0.00", "0.00"],
    ["99.85", "100", "10", "9.99", "9.98"], // exactly 9.985
  ])("%s ÷ %s × %s → %s (ROUND) / %s (ROUNDDOWN)", (executed, budget, weight, round, down) => {
    const rate = executionRate(dec(executed), dec(budget)) ?? dec(Number.NaN);
    expect(fundingScore(rate, dec(weight), "round").toFixed(2)).toBe(round);
    expect(fundingScore(rate, dec(weight), "rounddown").toFixed(2)).toBe(down);
  });
  test("blank budget: the form computes no rate, score, total or grade", () => {
    const s = cleanSpec();
    const c = computeSelfEvaluation(
      makeForm({ ...s, funding: { ...s.funding, total: [100, null, 98, 10, 98, 9.8] } }),
      SH,
    );
    expect([c.executionRate, c.fundingScore, c.totalScore, c.grade]).toEqual([null, null, null, null]);
  });
  test("the 年初预算数 divisor of a template that uses it", () => {
    const s = cleanSpec();
    const form = makeForm({ ...s, funding: { ...s.funding, total: [120, 100, 96, 10, 80, 8] } });
    expect(
      computeSelfEvaluation(form, { ...SH, executionRateDivisor: "initialBudget" }).executionRate?.toString(),
    ).toBe("0.8");
    expect(computeSelfEvaluation(form, SH).executionRate?.toString()).toBe("0.96");
  });
});

describe("suggested score of a quantitative indicator", () => {
  const q = (comparator: Comparator, number: string, unit: string | null = null) => ({ comparator, number, unit });
  test.each([
    // comparator, target, actual, weight, expected
    [">=", "350", "223", "5", "3.19"], // the Minhang training-subsidy indicator
    [">=", "100", "100", "10", "10.00"],
    [">=", "100", "150", "10", "10.00"],
    [">", "100", "99", "10", "9.90"],
    ["=", "100", "95", "10", "9.50"], // equal, target > 0: scored like positive
    ["=", "100", "120", "10", "10.00"],
    ["=", "0", "0", "5", "5.00"], // `=0(起)` accidents: none happened
    ["=", "0", "1", "5", "0.00"], // one happened
    ["<=", "15.2", "15.2", "10", "10.00"], // reverse, at target
    ["<=", "10", "15", "10", "5.00"], // halfway to 2× target
    ["<=", "10", "20", "10", "0.00"], // at 2× target
    ["<=", "10", "25", "10", "0.00"], // beyond 2× target
    ["<=", "0", "1", "10", "0.00"], // a reverse target of 0 cannot be scaled
    ["<", "10", "10.5", "10", "9.50"],
    [">=", "100", "-5", "10", "0.00"], // a negative actual counts as 0
    ["<=", "10", "-5", "10", "10.00"],
    [">=", "0", "0", "5", "5.00"], // `≥0.00(%)` with 0.00(%)
    [">=", "3", "2", "10", "6.67"],
  ] as const)("%s%s, actual %s, 分值 %s → %s", (comparator, target, actual, weight, expected) => {
    expect(suggestedScore(q(comparator, target), dec(actual), dec(weight), "round").toFixed(2)).toBe(expected);
  });
  test("ROUNDDOWN where the template says so", () => {
    expect(suggestedScore(q(">=", "3"), dec(2), dec(10), "rounddown").toFixed(2)).toBe("6.66");
  });
  test.each([
    [">=", "85", "85", true],
    [">=", "85", "84.99", false],
    [">", "95", "95", false],
    ["<=", "15.2", "15.3", false],
    ["<", "5", "4", true],
    ["=", "0", "0", true],
    ["=", "0", "-1", true],
    ["=", "4", "4", true],
    ["=", "4", "3", false],
  ] as const)("is %s%s met by %s? %s", (comparator, target, actual, met) => {
    expect(isTargetMet(q(comparator, target), dec(actual))).toBe(met);
  });
});

describe("qualitative tiers", () => {
  const tiers = { achieved: 0.8, partial: 0.6 };
  test.each([
    ["achieved", "8", "10", true], // exactly 80%
    ["achieved", "7.99", "10", false],
    ["achieved", "10", "10", true],
    ["partial", "8", "10", false], // 80% belongs to 达成
    ["partial", "6", "10", true], // exactly 60%
    ["partial", "5.99", "10", false],
    ["not-achieved", "6", "10", false], // 60% belongs to 部分达成
    ["not-achieved", "5.99", "10", true],
    ["not-achieved", "0", "10", true],
    ["achieved", "6", "7.5", true], // 80% of 7.5, exactly
    ["partial", "4.5", "7.5", true], // 60% of 7.5, exactly
  ] as const)("%s: %s of %s in range? %s", (tier, score, weight, inRange) => {
    expect(scoreInTier(dec(score), dec(weight), tierRange(tier, tiers))).toBe(inRange);
  });
});

describe("评分等级 on the unrounded 总分", () => {
  test.each([
    ["100", "优"],
    ["90", "优"],
    ["89.995", "良"],
    ["89.99", "良"],
    ["80", "良"],
    ["79.999", "中"],
    ["60", "中"],
    ["59.99", "差"],
    ["0", "差"],
  ])("%s → %s", (total, grade) => {
    expect(gradeOf(dec(total), SH.gradeBands)).toBe(grade);
  });
});

describe("computeSelfEvaluation", () => {
  test("the figures of the clean form", () => {
    const c = computeSelfEvaluation(makeForm(cleanSpec()), SH);
    expect({
      executionRate: c.executionRate?.toString(),
      fundingScore: c.fundingScore?.toFixed(2),
      indicatorScore: c.indicatorScore?.toString(),
      totalScore: c.totalScore?.toString(),
      fullScore: c.fullScore?.toString(),
      grade: c.grade,
    }).toEqual({
      executionRate: "0.98",
      fundingScore: "9.80",
      indicatorScore: "90",
      totalScore: "99.8",
      fullScore: "100",
      grade: "优",
    });
  });
  test("suggested scores for quantitative rows only", () => {
    const c = computeSelfEvaluation(makeForm(withIndicator(cleanSpec(), 0, { 4: "90(人)" })), SH);
    expect(c.indicators.map((i) => i.suggested?.toFixed(2) ?? null)).toEqual([
      "18.00",
      "15.00",
      null,
      "15.00",
      null,
      "10.00",
    ]);
  });
  test("Beijing-style 不涉及此项内容 rows are not indicators", () => {
    const spec = cleanSpec();
    const form = makeForm({
      ...spec,
      indicators: [...spec.indicators, ["", "", "不涉及此项内容", "", "", null, null, ""]],
    });
    const c = computeSelfEvaluation(form, SH);
    expect(c.indicators[6].suggested).toBeNull();
    expect(c.fullScore?.toString()).toBe("100");
  });
});
