/**
 * The checks of domain.md §5. Each rule reads the form model and the template and returns findings as
 * data; a check whose inputs are missing says nothing (the missing input has its own finding).
 */
import type { SheetCell } from "./address";
import {
  activeIndicators,
  computeSelfEvaluation,
  fundingScoreExact,
  gradeOf,
  isTargetMet,
  numberIn,
  scoreInTier,
  suggestedScore,
  tierRange,
  executionRate,
  valueText,
  type SelfEvaluationComputation,
} from "./compute";
import { Dec, dec, roundTo, sameCents, type RoundingMode } from "./decimal";
import { finding, type Finding, type NumericField, type RequiredField, type SubtotalColumn } from "./findings";
import type {
  ExpertScoringForm,
  Field,
  Form,
  FundingRowKey,
  Indicator,
  SelfEvaluationForm,
  TargetDeclarationForm,
} from "./model";
import { FUNDING_ROW_KEYS } from "./model";
import { compareDates, readDate, readNumber, type CalendarDate } from "./numbers";
import type { Template } from "./templates/schema";
import { cellText, comparable, labelCore, stripSpaces } from "./text";
import { directionOf, formatActual, formatTarget, parseActual, parseTarget, sameUnit } from "./values";
import { remembered } from "./memo";

export type Sink = Finding[];

/** Where a field is, on the form's sheet. */
export function cellOf(form: Form, field: Field): SheetCell | null {
  return field.at ? { sheet: form.sheet, row: field.at.row, col: field.at.col } : null;
}

function textOf(field: Field): string {
  return stripSpaces(cellText(field.value));
}

/** An indicator's name for messages: its 三级指标, or its row number when that is blank. */
function indicatorName(row: Indicator | { level3: Field }): string {
  const name = cellText(row.level3.value).trim();
  if (name !== "") return name.replace(/\s+/g, " ");
  return row.level3.at ? `第 ${row.level3.at.row + 1} 行的指标` : "未命名指标";
}

/**
 * The key a category name is matched by: `数量指标`, `数量 指标` and `数量` are one category, and so are
 * `产出指标(50分)` and `一、产出指标`.
 */
export function categoryKey(name: string): string {
  return categoryKeyOf(name);
}
const categoryKeyOf = remembered((name: string): string => {
  // A cell with only a weight (`(50分)`: the name lost from a vertical label) names no category.
  if (/^\(?\d+(\.\d+)?分?\)?$/.test(comparable(name))) return "";
  // `服务对象满意度指标等`: the 等 of a template's wording is not part of the category's name.
  return labelCore(name).replace(/等$/, "").replace(/指标$/, "");
});

/** The key an indicator name is matched by: `指标1：非编人员数` and `非编人员数` are one indicator. */
export function indicatorKey(name: string): string {
  return comparable(name).replace(/^指标\d+[:：]/, "");
}

const num = (d: Dec): number => d.toNumber();

/**
 * Reads a numeric field. Blank and placeholders give null silently (or REQUIRED_MISSING when
 * `required`); text that is not a number gives NOT_A_NUMBER.
 */
export function readRequiredNumber(
  form: Form,
  field: Field,
  numeric: NumericField,
  sink: Sink,
  required: RequiredField | null,
  indicator: string | null = null,
): Dec | null {
  const r = readNumber(field.value);
  if (r.ok) return r.value;
  if (r.reason === "not-a-number" || r.reason === "error-value") {
    sink.push(
      finding("NOT_A_NUMBER", cellOf(form, field), {
        field: numeric,
        text: r.text,
        errorValue: r.reason === "error-value",
        indicator,
      }),
    );
  } else if (required) {
    sink.push(finding("REQUIRED_MISSING", cellOf(form, field), { field: required, reason: "blank", indicator }));
  }
  return null;
}

/** REQUIRED_MISSING when a text field is blank. */
export function requireText(
  form: Form,
  field: Field,
  name: RequiredField,
  sink: Sink,
  indicator: string | null = null,
): void {
  if (textOf(field) === "")
    sink.push(finding("REQUIRED_MISSING", cellOf(form, field), { field: name, reason: "blank", indicator }));
}

export type Agreement = "exact" | "rounding" | "mismatch";

/**
 * How a stated value compares with computed ones (domain.md §5): equal to the template's own rounding
 * to 2 decimals is exact; equal to any exact value rounded half-up or down, to 2 decimals or to the
 * stated value's own decimals (1 or more), or — for a whole number — rounded half-up to a whole
 * number, is a rounding difference; anything else is a mismatch.
 * @example agreement(dec("9.98"), 2, [dec("9.98528")], "round") === "rounding"
 */
export function agreement(stated: Dec, statedDecimals: number, exacts: readonly Dec[], mode: RoundingMode): Agreement {
  let best: Agreement = "mismatch";
  for (const exact of exacts) {
    // A value a spreadsheet computed and stored at full precision (0.99852869…) is the exact value
    // up to binary noise, not a rounding of it.
    if (statedDecimals > 9 && stated.minus(exact).abs().lte(exact.abs().plus(1).times("1e-9"))) return "exact";
    if (stated.eq(roundTo(exact, 2, mode))) return "exact";
    for (const places of statedDecimals >= 1 ? [2, statedDecimals] : [2]) {
      for (const m of ["round", "rounddown"] as const) {
        if (stated.eq(roundTo(exact, places, m))) best = "rounding";
      }
    }
    // A whole number (9 for 8.62, 60% for 59.58%) is rounding when it is the half-up rounding only:
    // ROUNDDOWN(9.8, 0) = 9 loses most of a point, which is not a rounding rule any district uses.
    if (statedDecimals === 0 && stated.eq(roundTo(exact, 0, "round"))) best = "rounding";
  }
  return best;
}

interface RateReading {
  readonly fraction: Dec;
  readonly percentDecimals: number;
  /** A fraction typed with fewer decimals than a percentage shows (`0.1` for 14.46%): its own decimals. */
  readonly fractionDecimals?: number;
}

/** The ways a stated 执行率 can be read: a percent-formatted fraction, a number under `执行率(%)`, or `85.19%` text. */
function rateReadings(form: SelfEvaluationForm, field: Field): RateReading[] | null {
  const r = readNumber(field.value);
  if (!r.ok) return null;
  const asPercent = { fraction: r.value.dividedBy(100), percentDecimals: r.decimals };
  const asFraction = { fraction: r.value, percentDecimals: Math.max(0, r.decimals - 2) };
  if (r.percent) return [asPercent];
  if (field.numberFormat?.includes("%")) return [asFraction];
  // Shown as a fraction (`0.1`): rounded, it may have fewer decimals than any percentage shows.
  if (r.decimals < 2) {
    const shown = { ...asFraction, fractionDecimals: r.decimals };
    return form.ratePercentHeader ? [asPercent, shown] : [shown, asPercent];
  }
  return form.ratePercentHeader ? [asPercent, asFraction] : [asFraction, asPercent];
}

const ROW_DIVISOR = { annualBudget: "annualBudget", initialBudget: "initialBudget" } as const;

/**
 * Checks one funding row's stated 执行率. Returns the stated rate, and whether it agrees with the
 * amounts (the 资金得分 check works from it either way).
 */
function checkRate(
  form: SelfEvaluationForm,
  key: FundingRowKey,
  template: Template,
  sink: Sink,
): { rate: Dec; agrees: boolean } | null {
  const row = form.funding[key];
  const executed = numberIn(row.executed);
  const divisor = numberIn(row[ROW_DIVISOR[template.executionRateDivisor]]);
  const readings = rateReadings(form, row.rate);
  if (executed === null || divisor === null || readings === null) return null;
  const rate = executionRate(executed, divisor);
  if (rate === null) return null;
  const percentExact = rate.times(100);
  for (const reading of readings) {
    let verdict = agreement(reading.fraction.times(100), reading.percentDecimals, [percentExact], "round");
    // `0.1` for 0.1446: the fraction rounded to its own one decimal (half up only for a whole number).
    const d = reading.fractionDecimals;
    if (verdict === "mismatch" && d !== undefined) {
      const modes = d === 0 ? (["round"] as const) : (["round", "rounddown"] as const);
      if (modes.some((m) => reading.fraction.eq(roundTo(rate, d, m)))) verdict = "rounding";
    }
    if (verdict === "mismatch") continue;
    if (verdict === "rounding") {
      sink.push(
        finding("ROUNDING_DIFFERENCE", cellOf(form, row.rate), {
          of: "executionRate",
          row: key,
          stated: num(reading.fraction),
          computed: num(roundTo(rate, 4, "round")),
        }),
      );
    }
    return { rate: reading.fraction, agrees: true };
  }
  sink.push(
    finding("EXECUTION_RATE_MISMATCH", cellOf(form, row.rate), {
      row: key,
      stated: num(readings[0].fraction),
      computed: num(roundTo(rate, 4, "round")),
    }),
  );
  return { rate: readings[0].fraction, agrees: false };
}

const SUBTOTAL_COLUMNS = ["initialBudget", "annualBudget", "executed"] as const;

function checkFunding(
  form: SelfEvaluationForm,
  template: Template,
  computed: SelfEvaluationComputation,
  sink: Sink,
): void {
  const total = form.funding.total;
  const initial = readRequiredNumber(form, total.initialBudget, "initialBudget", sink, null);
  const budget = readRequiredNumber(form, total.annualBudget, "annualBudget", sink, "annualBudget");
  const executed = readRequiredNumber(form, total.executed, "executed", sink, "executed");
  readRequiredNumber(form, total.weight, "fundingWeight", sink, null);
  const statedScore = readNumber(total.score.value);
  if (!statedScore.ok) readRequiredNumber(form, total.score, "fundingScore", sink, null);
  const rateReading = readNumber(total.rate.value);
  if (!rateReading.ok) readRequiredNumber(form, total.rate, "executionRate", sink, null);

  const divisorIsInitial = template.executionRateDivisor === "initialBudget";
  const divisor = divisorIsInitial ? initial : budget;
  if (divisor !== null && divisor.isZero()) {
    const field = divisorIsInitial ? total.initialBudget : total.annualBudget;
    sink.push(
      finding("REQUIRED_MISSING", cellOf(form, field), {
        field: divisorIsInitial ? "initialBudget" : "annualBudget",
        reason: "zero",
        indicator: null,
      }),
    );
  }

  for (const row of [
    ...FUNDING_ROW_KEYS.filter((k) => k !== "total").map((k) => form.funding[k]),
    ...(form.extraFunding ?? []),
  ]) {
    for (const column of SUBTOTAL_COLUMNS) readRequiredNumber(form, row[column], column, sink, null);
  }
  for (const column of SUBTOTAL_COLUMNS) {
    const stated = numberIn(total[column]);
    const parts = [
      ...(["currentYear", "carryOver", "other"] as const).map((k) => form.funding[k]),
      ...(form.extraFunding ?? []),
    ].map((row) => numberIn(row[column]));
    if (stated === null || parts.every((p) => p === null)) continue;
    const sum = parts.reduce<Dec>((acc, p) => acc.plus(p ?? 0), dec(0));
    if (!sameCents(stated, sum)) {
      sink.push(
        finding("FUNDING_SUBTOTAL_MISMATCH", cellOf(form, total[column]), {
          column,
          stated: num(stated),
          computed: num(sum),
        }),
      );
    }
  }

  if (executed !== null && budget !== null && executed.gt(budget)) {
    sink.push(
      finding("EXECUTION_EXCEEDS_BUDGET", cellOf(form, total.executed), {
        executed: num(executed),
        budget: num(budget),
      }),
    );
  }

  const statedRate = checkRate(form, "total", template, sink);
  for (const key of ["currentYear", "carryOver", "other"] as const) {
    const sub = numberIn(form.funding[key][ROW_DIVISOR[template.executionRateDivisor]]);
    if (sub !== null && sub.gt(0)) checkRate(form, key, template, sink);
  }

  const weight = computed.fundingWeight;
  if (statedScore.ok && weight !== null) {
    if (statedScore.value.gt(weight) || statedScore.value.isNegative()) {
      sink.push(
        finding("SCORE_EXCEEDS_WEIGHT", cellOf(form, total.score), {
          indicator: null,
          score: num(statedScore.value),
          weight: num(weight),
        }),
      );
    }
    const rate = computed.executionRate;
    if (rate !== null && computed.fundingScore !== null) {
      // A district may work the score out from the rate as shown (99.85%) rather than the exact one.
      const bases = [fundingScoreExact(rate, weight)];
      if (statedRate?.agrees) bases.push(fundingScoreExact(statedRate.rate, weight));
      const verdict = agreement(statedScore.value, statedScore.decimals, bases, template.rounding.fundingScore);
      // A score worked out right from a wrong rate is that rate's mistake, reported once (at the rate).
      const fromWrongRate =
        statedRate !== null &&
        !statedRate.agrees &&
        agreement(
          statedScore.value,
          statedScore.decimals,
          [fundingScoreExact(statedRate.rate, weight)],
          template.rounding.fundingScore,
        ) !== "mismatch";
      const params = {
        stated: num(statedScore.value),
        computed: num(computed.fundingScore),
        rate: num(rate),
        weight: num(weight),
      };
      if (verdict === "mismatch" && !fromWrongRate)
        sink.push(finding("FUNDING_SCORE_MISMATCH", cellOf(form, total.score), params));
      if (verdict === "rounding")
        sink.push(finding("ROUNDING_DIFFERENCE", cellOf(form, total.score), { of: "fundingScore", ...params }));
    }
  }
}

/** 率/度 indicators measure a rate: their unit should be %. */
function namesARate(name: string): boolean {
  return /[率度]$/.test(comparable(name).replace(/\(.*\)$/, ""));
}

function checkIndicator(form: SelfEvaluationForm, row: Indicator, template: Template, sink: Sink): void {
  const name = indicatorName(row);
  requireText(form, row.level3, "level3", sink, name);
  // A column the form's table does not have is reported once for the form (checkColumns), not per row.
  const weight = readRequiredNumber(form, row.weight, "weight", sink, row.weight.at ? "weight" : null, name);
  const score = readRequiredNumber(form, row.score, "score", sink, row.score.at ? "score" : null, name);
  // A form without a 偏差原因 column has nowhere to explain: the checks that ask for one cannot run.
  const deviationBlank = row.deviation.at !== null && textOf(row.deviation) === "";

  if (score !== null && weight !== null && (score.gt(weight) || score.isNegative())) {
    sink.push(
      finding("SCORE_EXCEEDS_WEIGHT", cellOf(form, row.score), {
        indicator: name,
        score: num(score),
        weight: num(weight),
      }),
    );
  }

  const target = parseTarget(valueText(row.target));
  const actual = parseActual(valueText(row.actual), target.ok ? target.value : undefined);
  const scored = weight !== null && weight.gt(0);

  if (!actual.ok && scored && row.actual.at !== null) {
    sink.push(
      finding("ACTUAL_NOT_A_VALUE", cellOf(form, row.actual), {
        indicator: name,
        reason: "blank",
        text: cellText(row.actual.value),
      }),
    );
  } else if (actual.ok && actual.value.kind === "comparison") {
    sink.push(
      finding("ACTUAL_NOT_A_VALUE", cellOf(form, row.actual), {
        indicator: name,
        reason: "comparison",
        text: cellText(row.actual.value),
      }),
    );
  }

  let targetNotMet = false;
  let unitReported = false;
  if (target.ok && target.value.kind === "quantitative" && actual.ok && actual.value.kind === "quantitative") {
    const t = target.value;
    const a = actual.value;
    if (!sameUnit(t.unit, a.unit)) {
      unitReported = true;
      sink.push(
        finding("UNIT_MISMATCH", cellOf(form, row.actual), {
          indicator: name,
          reason: "target-actual",
          targetUnit: t.unit,
          actualUnit: a.unit,
        }),
      );
    } else {
      const actualNumber = dec(a.number);
      const targetNumber = dec(t.number);
      const met = isTargetMet(t, actualNumber);
      targetNotMet = !met;
      const shown = { indicator: name, target: formatTarget(t), actual: formatActual(a) };
      if (!met && score !== null && weight !== null && score.gte(weight)) {
        sink.push(finding("TARGET_NOT_MET_FULL_SCORE", cellOf(form, row.score), { ...shown, score: num(score) }));
      }
      // The 10号 rule: a result far above a positive target means the target was set too low — explain it.
      // A target of 0 (`≥0.00(%)`) has no meaningful ratio, so it is left out.
      const threshold = dec(template.overAchievementRatio);
      if (
        directionOf(t.comparator) === "positive" &&
        targetNumber.gt(0) &&
        actualNumber.gte(targetNumber.times(threshold)) &&
        deviationBlank
      ) {
        sink.push(
          finding("OVER_ACHIEVEMENT_UNEXPLAINED", cellOf(form, row.deviation), {
            ...shown,
            ratio: num(actualNumber.dividedBy(targetNumber)),
            threshold: num(threshold),
          }),
        );
      }
      if (score !== null && weight !== null) {
        const suggested = suggestedScore(t, actualNumber, weight, template.rounding.indicatorScore);
        if (score.minus(suggested).abs().gt("0.5")) {
          sink.push(
            finding("SCORE_RULE_DEVIATION", cellOf(form, row.score), {
              indicator: name,
              stated: num(score),
              suggested: num(suggested),
            }),
          );
        }
      }
    }
  }

  if (
    !unitReported &&
    target.ok &&
    target.value.kind === "quantitative" &&
    target.value.unit !== null &&
    namesARate(name)
  ) {
    const unit = target.value.unit;
    if (!sameUnit(unit, "%") && unit !== "‰") {
      const actualUnit = actual.ok && actual.value.kind !== "qualitative" ? actual.value.unit : null;
      sink.push(
        finding("UNIT_MISMATCH", cellOf(form, row.target), {
          indicator: name,
          reason: "rate-unit",
          targetUnit: unit,
          actualUnit,
        }),
      );
    }
  }

  if (
    actual.ok &&
    actual.value.kind === "qualitative" &&
    actual.value.tier !== null &&
    score !== null &&
    weight !== null &&
    weight.gt(0)
  ) {
    const range = tierRange(actual.value.tier, template.qualitativeTiers);
    if (!scoreInTier(score, weight, range)) {
      sink.push(
        finding("QUALITATIVE_SCORE_OUT_OF_TIER", cellOf(form, row.score), {
          indicator: name,
          actual: actual.value.text,
          tier: actual.value.tier,
          score: num(score),
          weight: num(weight),
          min: num(range.min),
          max: num(range.max),
          maxInclusive: range.maxInclusive,
        }),
      );
    }
  }

  if (deviationBlank) {
    if (score !== null && weight !== null && score.lt(weight)) {
      sink.push(
        finding("DEVIATION_REASON_MISSING", cellOf(form, row.deviation), {
          indicator: name,
          reason: "score-below-weight",
          score: num(score),
          weight: num(weight),
        }),
      );
    } else if (targetNotMet) {
      sink.push(
        finding("DEVIATION_REASON_MISSING", cellOf(form, row.deviation), {
          indicator: name,
          reason: "target-not-met",
          score: score === null ? null : num(score),
          weight: weight === null ? null : num(weight),
        }),
      );
    }
  }
}

/** REQUIRED_MISSING once for a required column (分值, 得分) the form's indicator table does not have at all. */
function checkColumns(form: SelfEvaluationForm, rows: readonly Indicator[], sink: Sink): void {
  if (rows.length === 0) return;
  for (const field of ["weight", "score"] as const) {
    if (rows.every((row) => row[field].at === null))
      sink.push(finding("REQUIRED_MISSING", null, { field, reason: "column", indicator: null }));
  }
}

/** PLACEHOLDER_ROWS once for the template rows a form left unfilled, at the first of them. */
export function reportPlaceholders(form: SelfEvaluationForm | TargetDeclarationForm, sink: Sink): void {
  const rows = form.placeholderRows ?? [];
  if (rows.length === 0) return;
  sink.push(finding("PLACEHOLDER_ROWS", { sheet: form.sheet, ...rows[0] }, { count: rows.length }));
}

/** CATEGORY_INVALID, once per merged category cell. */
function checkCategories(
  form: Form,
  rows: readonly { level1: Field; level2: Field }[],
  template: Template,
  sink: Sink,
): void {
  const byKey = new Map(template.categories.map((c) => [categoryKey(c.name), c]));
  const seen = new Set<string>();
  const once = (field: Field, text: string): boolean => {
    const key = field.at ? `${field.at.row}:${field.at.col}` : `text:${text}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
  for (const row of rows) {
    const l1 = cellText(row.level1.value).trim();
    if (l1 === "" || categoryKey(l1) === "") continue;
    const category = byKey.get(categoryKey(l1));
    if (!category) {
      if (once(row.level1, l1)) {
        sink.push(
          finding("CATEGORY_INVALID", cellOf(form, row.level1), {
            level1: l1,
            level2: null,
            allowed: template.categories.map((c) => c.name),
          }),
        );
      }
      continue;
    }
    const l2 = cellText(row.level2.value).trim();
    if (l2 === "" || category.level2.some((name) => categoryKey(name) === categoryKey(l2))) continue;
    if (once(row.level2, `${l1}/${l2}`)) {
      sink.push(
        finding("CATEGORY_INVALID", cellOf(form, row.level2), {
          level1: category.name,
          level2: l2,
          allowed: category.level2,
        }),
      );
    }
  }
}

export function checkDuplicates(form: Form, rows: readonly { level3: Field }[], sink: Sink): void {
  const first = new Map<string, Field>();
  for (const row of rows) {
    const key = indicatorKey(cellText(row.level3.value));
    if (key === "") continue;
    const earlier = first.get(key);
    if (earlier) {
      sink.push(
        finding("DUPLICATE_INDICATOR", cellOf(form, row.level3), {
          indicator: indicatorName(row),
          firstCell: cellOf(form, earlier),
        }),
      );
    } else {
      first.set(key, row.level3);
    }
  }
}

function checkLevel1Present(rows: readonly { level1: Field }[], template: Template, sink: Sink): void {
  const present = new Set(rows.map((r) => categoryKey(cellText(r.level1.value))));
  for (const l1 of template.requiredLevel1) {
    if (!present.has(categoryKey(l1))) sink.push(finding("LEVEL1_MISSING", null, { level1: l1 }));
  }
}

function checkWeights(form: SelfEvaluationForm, rows: readonly Indicator[], template: Template, sink: Sink): void {
  const sums = new Map<string, { sum: Dec; first: Field }>();
  // A 一级 with a blank 分值 has its own REQUIRED_MISSING; its sum is unknown, the others are still compared.
  const unknown = new Set<string>();
  for (const row of rows) {
    const key = categoryKey(cellText(row.level1.value));
    const w = numberIn(row.weight);
    if (w === null) {
      unknown.add(key);
      continue;
    }
    const entry = sums.get(key);
    if (entry) entry.sum = entry.sum.plus(w);
    else sums.set(key, { sum: w, first: row.weight });
  }
  if (rows.length > 0 && rows.every((row) => row.weight.at === null)) return;
  const differing = Object.entries(template.standardWeights.level1)
    .filter(([level1]) => !unknown.has(categoryKey(level1)))
    .map(([level1, standard]) => ({ level1, stated: sums.get(categoryKey(level1))?.sum ?? dec(0), standard }))
    .filter((c) => !sameCents(c.stated, dec(c.standard)));
  if (differing.length === 0) return;
  const firstField = sums.get(categoryKey(differing[0].level1))?.first;
  sink.push(
    finding("WEIGHTS_NONSTANDARD", firstField ? cellOf(form, firstField) : null, {
      categories: differing.map((c) => ({ level1: c.level1, stated: num(c.stated), standard: c.standard })),
    }),
  );
}

function checkTotals(
  form: SelfEvaluationForm,
  rows: readonly Indicator[],
  template: Template,
  computed: SelfEvaluationComputation,
  sink: Sink,
): void {
  const statedFull = readRequiredNumber(form, form.total.fullScore, "fullScore", sink, null);
  const statedTotal = readNumber(form.total.score.value);
  if (!statedTotal.ok) readRequiredNumber(form, form.total.score, "totalScore", sink, null);

  // Over the rows that were read: a blank 分值 or 得分 has its own finding, and then the sum of the
  // others is wrong only if it already exceeds what is stated (the blank can only add to it).
  const read = (pick: (row: Indicator) => Field): { sum: Dec; complete: boolean; any: boolean } => {
    let sum = dec(0);
    let complete = true;
    let any = false;
    for (const row of rows) {
      const v = numberIn(pick(row));
      if (v === null) complete = false;
      else [sum, any] = [sum.plus(v), true];
    }
    return { sum, complete, any };
  };
  const weights = read((row) => row.weight);
  if (computed.fundingWeight !== null && (weights.complete || weights.any)) {
    const expected = statedFull ?? dec(template.fullScore);
    const full = computed.fundingWeight.plus(weights.sum);
    if (weights.complete ? !sameCents(expected, full) : full.minus(expected).gte("0.005")) {
      sink.push(
        finding("WEIGHT_TOTAL_MISMATCH", cellOf(form, form.total.fullScore), {
          stated: num(expected),
          computed: num(full),
        }),
      );
    }
  }

  const fundingStated = numberIn(form.funding.total.score);
  const funding = fundingStated ?? computed.fundingScore;
  const scores = read((row) => row.score);
  if (statedTotal.ok && funding !== null && scores.any && rows.length > 0) {
    const own = funding.plus(scores.sum);
    const verdict = agreement(statedTotal.value, statedTotal.decimals, [own], template.rounding.indicatorScore);
    const params = { stated: num(statedTotal.value), computed: num(own) };
    if (scores.complete) {
      if (verdict === "mismatch") sink.push(finding("TOTAL_SCORE_MISMATCH", cellOf(form, form.total.score), params));
      if (verdict === "rounding")
        sink.push(finding("ROUNDING_DIFFERENCE", cellOf(form, form.total.score), { of: "totalScore", ...params }));
    } else if (verdict === "mismatch" && own.gt(statedTotal.value)) {
      sink.push(finding("TOTAL_SCORE_MISMATCH", cellOf(form, form.total.score), params));
    }
  }

  if (form.grade !== null && textOf(form.grade) !== "") {
    const total = statedTotal.ok ? statedTotal.value : computed.totalScore;
    if (total !== null) {
      const expected = gradeOf(total, template.gradeBands);
      const stated = textOf(form.grade);
      if (comparable(stated) !== comparable(expected)) {
        sink.push(finding("GRADE_MISMATCH", cellOf(form, form.grade), { stated, expected, total: num(total) }));
      }
    }
  }
}

/** 预期目标 and 实际完成情况, compared without white space and quotes. */
function checkGoals(form: SelfEvaluationForm, sink: Sink): void {
  const expected = comparable(cellText(form.goals.expected.value));
  const actual = comparable(cellText(form.goals.actual.value));
  if (expected !== "" && expected === actual)
    sink.push(finding("GOAL_TEXT_IDENTICAL", cellOf(form, form.goals.actual), {}));
}

/**
 * All checks of a 自评表.
 * @example checkSelfEvaluation(form, builtinTemplate("sh-district-2023")!).findings.map((f) => f.code)
 */
export function checkSelfEvaluation(
  form: SelfEvaluationForm,
  template: Template,
): { computed: SelfEvaluationComputation; findings: Finding[] } {
  const sink: Sink = [];
  const computed = computeSelfEvaluation(form, template);
  requireText(form, form.header.projectName, "projectName", sink);
  requireText(form, form.header.department, "department", sink);
  requireText(form, form.header.implementer, "implementer", sink);
  if (template.headerFields.includes("manager")) requireText(form, form.header.manager, "manager", sink);
  if (template.headerFields.includes("phone")) requireText(form, form.header.phone, "phone", sink);

  checkFunding(form, template, computed, sink);
  const rows = activeIndicators(form);
  for (const row of rows) checkIndicator(form, row, template, sink);
  checkColumns(form, rows, sink);
  checkCategories(form, rows, template, sink);
  checkDuplicates(form, rows, sink);
  // Without a 分值 column, every named row counts: nothing says it is not scored.
  const noWeights = rows.length > 0 && rows.every((r) => r.weight.at === null);
  const scoredRows = rows.filter((r) => (noWeights ? textOf(r.level3) !== "" : (numberIn(r.weight) ?? dec(0)).gt(0)));
  checkLevel1Present(scoredRows, template, sink);
  checkWeights(form, rows, template, sink);
  checkTotals(form, rows, template, computed, sink);
  checkGoals(form, sink);
  reportPlaceholders(form, sink);
  reportOverwritten(form, sink);
  return { computed, findings: sink };
}

/** FORMULA_OVERWRITTEN for each computed cell of a standard sheet that holds a typed value. */
export function reportOverwritten(form: SelfEvaluationForm | ExpertScoringForm, sink: Sink): void {
  for (const cell of form.overwritten ?? []) {
    sink.push(
      finding("FORMULA_OVERWRITTEN", cellOf(form, { value: null, at: cell.at }), {
        field: cell.field,
        text: cell.text,
      }),
    );
  }
}

/** What the product computes for a 申报表. */
export interface DeclarationComputation {
  readonly projectTotal: Dec | null;
  readonly annualTotal: Dec | null;
}

function dateIn(form: Form, field: Field, name: "startDate" | "endDate", sink: Sink): CalendarDate | null {
  const text = cellText(field.value).trim();
  if (text === "") return null;
  const date = readDate(field.value, name === "endDate");
  if (date === null) sink.push(finding("DATE_ORDER", cellOf(form, field), { reason: "not-a-date", field: name, text }));
  return date;
}

function formatDate(d: CalendarDate): string {
  return `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;
}

/**
 * All checks of a 申报表: header, the two funding identities, dates, categories and indicators.
 */
export function checkDeclaration(
  form: TargetDeclarationForm,
  template: Template,
): { computed: DeclarationComputation; findings: Finding[] } {
  const sink: Sink = [];
  requireText(form, form.header.projectName, "projectName", sink);
  requireText(form, form.header.department, "department", sink);
  requireText(form, form.header.implementer, "implementer", sink);

  const f = form.funding;
  const read = (field: Field, name: NumericField): Dec | null => readRequiredNumber(form, field, name, sink, null);
  const projectTotal = read(f.projectTotal, "projectTotal");
  const fiscal = read(f.fiscal, "fiscal");
  const projectOther = read(f.projectOther, "projectOther");
  const annualTotal = read(f.annualTotal, "annualTotal");
  const currentYear = read(f.currentYear, "currentYear");
  const carryOver = read(f.carryOver, "carryOver");
  const annualOther = read(f.annualOther, "annualOther");
  const identity = (column: SubtotalColumn, field: Field, total: Dec | null, parts: (Dec | null)[]): void => {
    if (total === null || parts.every((p) => p === null)) return;
    const sum = parts.reduce<Dec>((acc, p) => acc.plus(p ?? 0), dec(0));
    if (!sameCents(total, sum))
      sink.push(
        finding("FUNDING_SUBTOTAL_MISMATCH", cellOf(form, field), { column, stated: num(total), computed: num(sum) }),
      );
  };
  identity("projectTotal", f.projectTotal, projectTotal, [fiscal, projectOther]);
  identity("annualTotal", f.annualTotal, annualTotal, [currentYear, carryOver, annualOther]);

  const start = dateIn(form, form.header.startDate, "startDate", sink);
  const end = dateIn(form, form.header.endDate, "endDate", sink);
  if (start && end && compareDates(start, end) > 0) {
    sink.push(
      finding("DATE_ORDER", cellOf(form, form.header.startDate), {
        reason: "start-after-end",
        start: formatDate(start),
        end: formatDate(end),
      }),
    );
  }

  const rows = form.indicators.filter((r) => [r.level3, r.target].some((fld) => textOf(fld) !== ""));
  for (const row of rows) {
    const name = indicatorName(row);
    requireText(form, row.level3, "level3", sink, name);
    requireText(form, row.target, "target", sink, name);
    const target = parseTarget(valueText(row.target));
    if (
      target.ok &&
      target.value.kind === "quantitative" &&
      target.value.unit !== null &&
      namesARate(indicatorKey(name))
    ) {
      if (!sameUnit(target.value.unit, "%") && target.value.unit !== "‰") {
        sink.push(
          finding("UNIT_MISMATCH", cellOf(form, row.target), {
            indicator: name,
            reason: "rate-unit",
            targetUnit: target.value.unit,
            actualUnit: null,
          }),
        );
      }
    }
  }
  checkCategories(form, rows, template, sink);
  checkDuplicates(form, rows, sink);
  checkLevel1Present(rows, template, sink);
  reportPlaceholders(form, sink);
  return { computed: { projectTotal, annualTotal }, findings: sink };
}
