/**
 * The computations of domain.md §4, in exact decimal arithmetic with the template's options.
 */
import { Dec, dec, roundTo, type RoundingMode } from "./decimal";
import type { Field, Indicator, SelfEvaluationForm } from "./model";
import { readNumber } from "./numbers";
import type { Template } from "./templates/schema";
import { cellText } from "./text";
import { directionOf, parseActual, parseTarget, sameUnit, type Quantity, type Tier } from "./values";

const ZERO = dec(0);
const ONE = dec(1);

/**
 * The text a field shows, as the value grammar reads it: a number in a percent-formatted cell (Excel
 * stores a typed "95%" as 0.95 with the format `0%`) reads as "95%".
 * @example valueText({ value: 0.95, at: null, numberFormat: "0%" }) === "95%"
 */
export function valueText(field: Field): string {
  if (typeof field.value === "number" && field.numberFormat?.includes("%"))
    return `${dec(field.value).times(100).toString()}%`;
  return cellText(field.value);
}

/** The number in a field, or null when it holds none. */
export function numberIn(field: Field): Dec | null {
  const r = readNumber(field.value);
  return r.ok ? r.value : null;
}

/**
 * 执行率 = 全年执行数 ÷ 全年预算数 (or ÷ 年初预算数, a template option); null when the divisor is zero.
 * @example executionRate(dec("101.80"), dec("101.95"))?.toFixed(6) === "0.998529"
 */
export function executionRate(executed: Dec, divisor: Dec): Dec | null {
  if (divisor.isZero()) return null;
  return executed.dividedBy(divisor);
}

/** min(执行率, 100%) × 分值, before rounding. */
export function fundingScoreExact(rate: Dec, weight: Dec): Dec {
  return Dec.min(rate, ONE).times(weight);
}

/**
 * 资金得分 = min(执行率, 100%) × 分值, rounded to 2 decimals by the template's mode.
 * @example fundingScore(dec("0.9985"), dec(10), "round").toFixed(2) === "9.99"
 */
export function fundingScore(rate: Dec, weight: Dec, mode: RoundingMode): Dec {
  return roundTo(fundingScoreExact(rate, weight), 2, mode);
}

/** Negative actuals count as 0 (domain.md §4). */
function clampActual(actual: Dec): Dec {
  return actual.isNegative() ? ZERO : actual;
}

/**
 * Whether a quantitative target is met by an actual value.
 * @example isTargetMet({ comparator: ">=", number: "350", unit: "家" }, dec(223)) === false
 */
export function isTargetMet(target: Quantity, actual: Dec): boolean {
  const t = dec(target.number);
  const a = clampActual(actual);
  switch (target.comparator) {
    case ">=":
      return a.gte(t);
    case ">":
      return a.gt(t);
    case "<=":
      return a.lte(t);
    case "<":
      return a.lt(t);
    case "=":
      return t.isZero() ? a.lte(0) : a.gte(t);
  }
}

/**
 * The suggested score of a quantitative indicator (财预〔2020〕10号: full marks when the target is met,
 * otherwise in proportion), before rounding.
 */
export function suggestedScoreExact(target: Quantity, actual: Dec, weight: Dec): Dec {
  const t = dec(target.number);
  const a = clampActual(actual);
  const direction = directionOf(target.comparator);
  if (direction === "reverse") {
    if (a.lte(t)) return weight;
    // A reverse target of 0 (accidents, complaints) cannot be scaled: any occurrence loses the points.
    if (t.lte(0) || a.gte(t.times(2))) return ZERO;
    return ONE.minus(a.minus(t).dividedBy(t)).times(weight);
  }
  if (direction === "equal" && t.isZero()) return a.lte(0) ? weight : ZERO;
  if (a.gte(t) || t.lte(0)) return weight;
  return a.dividedBy(t).times(weight);
}

/**
 * The suggested score, rounded to 2 decimals by the template's mode.
 * @example suggestedScore({ comparator: ">=", number: "350.00", unit: "家" }, dec(223), dec(5), "round").toFixed(2) === "3.19"
 */
export function suggestedScore(target: Quantity, actual: Dec, weight: Dec, mode: RoundingMode): Dec {
  return roundTo(suggestedScoreExact(target, actual, weight), 2, mode);
}

export interface TierRange {
  /** Fractions of 分值. */
  readonly min: Dec;
  readonly max: Dec;
  readonly maxInclusive: boolean;
}

/**
 * The score range of a qualitative tier: 达成 [80%, 100%], 部分达成 [60%, 80%), 未达成 [0, 60%), with the
 * template's bounds.
 */
export function tierRange(tier: Tier, tiers: Template["qualitativeTiers"]): TierRange {
  switch (tier) {
    case "achieved":
      return { min: dec(tiers.achieved), max: ONE, maxInclusive: true };
    case "partial":
      return { min: dec(tiers.partial), max: dec(tiers.achieved), maxInclusive: false };
    case "not-achieved":
      return { min: ZERO, max: dec(tiers.partial), maxInclusive: false };
  }
}

/** Whether a score lies in a tier's range; the bounds are compared exactly (4.00 of 5 is exactly 80%). */
export function scoreInTier(score: Dec, weight: Dec, range: TierRange): boolean {
  const low = weight.times(range.min);
  const high = weight.times(range.max);
  return score.gte(low) && (range.maxInclusive ? score.lte(high) : score.lt(high));
}

/**
 * 评分等级 of a 总分, on the unrounded total: 89.995 is 良, not 优.
 * @example gradeOf(dec("89.995"), template.gradeBands) === "良"
 */
export function gradeOf(total: Dec, bands: Template["gradeBands"]): string {
  for (const band of bands) if (total.gte(band.min)) return band.grade;
  return bands[bands.length - 1].grade;
}

/** A row that is not an indicator: Beijing-style `不涉及此项内容` rows, or a row with nothing in it. */
export function isNotApplicable(row: Indicator): boolean {
  const texts = [row.level3, row.target, row.actual].map((f) => cellText(f.value));
  if (texts.some((t) => t.includes("不涉及"))) return readNumber(row.weight.value).ok === false;
  const all = [row.level3, row.target, row.actual, row.weight, row.score, row.deviation].map((f) =>
    cellText(f.value).trim(),
  );
  return all.every((t) => t === "");
}

/** The rows that are indicators. */
export function activeIndicators(form: SelfEvaluationForm): Indicator[] {
  return form.indicators.filter((row) => !isNotApplicable(row));
}

export interface IndicatorComputation {
  /** Suggested 得分 of a quantitative indicator; null for qualitative ones or when inputs are missing. */
  readonly suggested: Dec | null;
}

/** What the product computes from the entered numbers; null where it cannot be computed. */
export interface SelfEvaluationComputation {
  readonly executionRate: Dec | null;
  readonly fundingWeight: Dec | null;
  readonly fundingScore: Dec | null;
  /** Σ of the stated indicator 得分; null while any is missing. */
  readonly indicatorScore: Dec | null;
  readonly totalScore: Dec | null;
  /** 资金分值 + Σ 分值; null while any is missing. */
  readonly fullScore: Dec | null;
  readonly grade: string | null;
  /** One per row of `form.indicators` (not-applicable rows get null). */
  readonly indicators: readonly IndicatorComputation[];
}

/** The suggested score of one row, or null. */
export function indicatorSuggestion(row: Indicator, template: Template): Dec | null {
  const weight = numberIn(row.weight);
  const target = parseTarget(valueText(row.target));
  if (weight === null || !target.ok || target.value.kind !== "quantitative") return null;
  const actual = parseActual(valueText(row.actual), target.value);
  if (!actual.ok || actual.value.kind !== "quantitative") return null;
  if (!sameUnit(target.value.unit, actual.value.unit)) return null;
  return suggestedScore(target.value, dec(actual.value.number), weight, template.rounding.indicatorScore);
}

/**
 * Computes 执行率, 资金得分, 总分, 满分 and 评分等级 of a 自评表.
 * @example computeSelfEvaluation(form, builtinTemplate("sh-district-2023")!).fundingScore?.toFixed(2)
 */
export function computeSelfEvaluation(form: SelfEvaluationForm, template: Template): SelfEvaluationComputation {
  const total = form.funding.total;
  const executed = numberIn(total.executed);
  const divisor = numberIn(template.executionRateDivisor === "annualBudget" ? total.annualBudget : total.initialBudget);
  const rate = executed !== null && divisor !== null ? executionRate(executed, divisor) : null;
  const fundingWeight = numberIn(total.weight) ?? dec(template.standardWeights.funding);
  const fScore = rate !== null ? fundingScore(rate, fundingWeight, template.rounding.fundingScore) : null;

  const rows = activeIndicators(form);
  let indicatorScore: Dec | null = ZERO;
  let weights: Dec | null = ZERO;
  for (const row of rows) {
    const s = numberIn(row.score);
    const w = numberIn(row.weight);
    indicatorScore = indicatorScore !== null && s !== null ? indicatorScore.plus(s) : null;
    weights = weights !== null && w !== null ? weights.plus(w) : null;
  }
  const totalScore = fScore !== null && indicatorScore !== null ? fScore.plus(indicatorScore) : null;
  return {
    executionRate: rate,
    fundingWeight,
    fundingScore: fScore,
    indicatorScore,
    totalScore,
    fullScore: weights !== null ? weights.plus(fundingWeight) : null,
    grade: totalScore !== null ? gradeOf(totalScore, template.gradeBands) : null,
    indicators: form.indicators.map((row) => ({
      suggested: isNotApplicable(row) ? null : indicatorSuggestion(row, template),
    })),
  };
}
