/**
 * Both sides of every tolerance and threshold of the checks (domain.md §5): a value just inside, where
 * the check stays quiet, and one just outside, where it fires. Moving any of them — widening the
 * full-precision tolerance, counting blank space as a reason, shifting a threshold by a cent — fails here.
 * Expectations are the rules applied by hand; the comment on each case says the arithmetic.
 */
import {
  agreement,
  builtinTemplate,
  dec,
  evaluateForm,
  formatSheetCell,
  type Finding,
  type FindingCode,
  type Template,
} from "./index";
import { cleanSpec, makeForm, withIndicator, type FormSpec } from "../../test/factories";

const SH = builtinTemplate("sh-district-2023") as Template;

const findingsOf = (spec: FormSpec, template: Template = SH): readonly Finding[] =>
  evaluateForm(makeForm(spec), template).findings;
const cellsOf = (findings: readonly Finding[], code: FindingCode): (string | null)[] =>
  findings.filter((f) => f.code === code).map((f) => (f.cell ? formatSheetCell(f.cell) : null));

describe("a value stored at full precision is exact within 1e-9 × (|value| + 1), and only with more than 9 decimals", () => {
  // exact 0.5: the tolerance is 1.5e-9.
  const exact = [dec("0.5")];
  test.each([
    ["0.5000000014", 10, "exact"], // 1.4e-9 off: inside
    ["0.4999999986", 10, "exact"], // 1.4e-9 below: inside
    ["0.5000000016", 10, "mismatch"], // 1.6e-9 off: outside
    ["0.4999999984", 10, "mismatch"], // 1.6e-9 below: outside
    ["0.500000001", 9, "mismatch"], // within the tolerance, but 9 decimals is typed, not stored
  ] as const)("%s (%i decimals) is %s", (stated, decimals, verdict) => {
    expect(agreement(dec(stated), decimals, exact, "round")).toBe(verdict);
  });

  // On a form: 101.8 / 101.95 = 0.998528690…; a stated rate off by 2e-6 is no binary noise.
  const withRate = (stated: number): FormSpec => {
    const s = cleanSpec();
    return {
      ...s,
      rateFormat: "0.00%",
      ratePercentHeader: false,
      funding: {
        ...s.funding,
        total: [104.08, 101.95, 101.8, 10, stated, 9.99],
        currentYear: [104.08, 101.95, 101.8, "-", stated, "-"],
      },
      total: [100, 99.99],
    };
  };
  test("on a form: the computed value is quiet, 2e-6 away is EXECUTION_RATE_MISMATCH", () => {
    const full = 101.8 / 101.95;
    expect(findingsOf(withRate(full))).toEqual([]);
    expect(cellsOf(findingsOf(withRate(full + 2e-6)), "EXECUTION_RATE_MISMATCH")).toEqual(["Sheet1!H7", "Sheet1!H8"]);
  });
});

describe("偏差原因: blank space is no reason", () => {
  // 培训合格率 (weight 15) scored 14.21: a reason is required (H15).
  const below = (reason: string): FormSpec => ({
    ...withIndicator(cleanSpec(), 1, { 4: "90.00(%)", 6: 14.21, 7: reason }),
    total: [100, 99.01],
  });
  test.each([
    ["a space", " "],
    ["full-width spaces", "\u3000\u3000"],
    ["a line break and a tab", "\n\t"],
    ["no-break spaces", "\u00a0\u00a0"],
    ["a zero-width space", "\u200b"],
  ])("%s: DEVIATION_REASON_MISSING", (_what, reason) => {
    expect(cellsOf(findingsOf(below(reason)), "DEVIATION_REASON_MISSING")).toEqual(["Sheet1!H15"]);
  });
  test("one character of text is a reason", () => {
    expect(findingsOf(below("略"))).toEqual([]);
  });
});

describe("得分 below 分值 by a cent needs a reason; equal does not", () => {
  // 培训合格率: target ≥95%, actual 98% (met), weight 15.
  const scored = (score: number, total: number): FormSpec => ({
    ...withIndicator(cleanSpec(), 1, { 6: score }),
    total: [100, total],
  });
  test("14.99 of 15: DEVIATION_REASON_MISSING", () => {
    expect(cellsOf(findingsOf(scored(14.99, 99.79)), "DEVIATION_REASON_MISSING")).toEqual(["Sheet1!H15"]);
  });
  test("15 of 15: quiet", () => {
    expect(findingsOf(scored(15, 99.8))).toEqual([]);
  });
  test("15.01 of 15: SCORE_EXCEEDS_WEIGHT (the cap on the other side)", () => {
    expect(cellsOf(findingsOf(scored(15.01, 99.81)), "SCORE_EXCEEDS_WEIGHT")).toEqual(["Sheet1!G15"]);
  });
});

describe("a target met by a cent, missed by a cent", () => {
  // 培训人数: target ≥100(人), full score 20.
  test("100(人): met, quiet", () => {
    expect(findingsOf(withIndicator(cleanSpec(), 0, { 4: "100(人)" }))).toEqual([]);
  });
  test("99.99(人): missed, so full marks are questioned and a reason is required", () => {
    const found = findingsOf(withIndicator(cleanSpec(), 0, { 4: "99.99(人)" }));
    expect(cellsOf(found, "TARGET_NOT_MET_FULL_SCORE")).toEqual(["Sheet1!G14"]);
    expect(cellsOf(found, "DEVIATION_REASON_MISSING")).toEqual(["Sheet1!H14"]);
  });
  test("a ≤ target: 5.00 against ≤5 is met, 5.01 is missed", () => {
    const le = (actual: string): FormSpec => withIndicator(cleanSpec(), 3, { 3: "≤5(起)", 4: actual });
    expect(findingsOf(le("5.00(起)"))).toEqual([]);
    expect(cellsOf(findingsOf(le("5.01(起)")), "TARGET_NOT_MET_FULL_SCORE")).toEqual(["Sheet1!G17"]);
  });
});

describe("over-achievement: from exactly 130% of the target", () => {
  // sh-district-2023: overAchievementRatio 1.3; 培训人数 ≥100(人).
  test("the template's ratio is 1.3", () => {
    expect(SH.overAchievementRatio).toBe(1.3);
  });
  test("130.00(人): OVER_ACHIEVEMENT_UNEXPLAINED; 129.99(人): quiet", () => {
    const at = (actual: string) => findingsOf(withIndicator(cleanSpec(), 0, { 4: actual }));
    expect(cellsOf(at("130.00(人)"), "OVER_ACHIEVEMENT_UNEXPLAINED")).toEqual(["Sheet1!H14"]);
    expect(at("129.99(人)")).toEqual([]);
  });
});

describe("the suggested score: within 0.5 is quiet, 0.51 away is SCORE_RULE_DEVIATION", () => {
  // 培训人数 ≥100(人), actual 90: suggested 20 × 90 / 100 = 18.00.
  const scoredAt = (score: number): readonly Finding[] => {
    const spec = withIndicator(cleanSpec(), 0, { 4: "90(人)", 6: score, 7: "报名不足" });
    // The total follows the score: 99.8 - 20 + score.
    return findingsOf({ ...spec, total: [100, Math.round((79.8 + score) * 100) / 100] });
  };
  test.each([17.5, 18.5])("%d (0.5 away): quiet", (score) => {
    expect(scoredAt(score)).toEqual([]);
  });
  test.each([17.49, 18.51])("%d (0.51 away): SCORE_RULE_DEVIATION", (score) => {
    expect(cellsOf(scoredAt(score), "SCORE_RULE_DEVIATION")).toEqual(["Sheet1!G14"]);
  });
});
