/**
 * Findings are data (domain.md §5): a discriminated union on `code`, each carrying its parameters.
 * Rules never build display strings; the locale module turns a finding into Chinese.
 */
import type { SheetCell } from "./address";
import type { ComputedField, FundingRowKey } from "./model";
import type { Tier } from "./values";

export type Severity = "error" | "warning" | "info";

/** The cells REQUIRED_MISSING can be about. */
export type RequiredField =
  | "projectName"
  | "department"
  | "implementer"
  | "manager"
  | "phone"
  | "initialBudget"
  | "annualBudget"
  | "executed"
  | "level3"
  | "weight"
  | "score"
  | "target";

/** The numeric cells NOT_A_NUMBER can be about. */
export type NumericField =
  | "initialBudget"
  | "annualBudget"
  | "executed"
  | "fundingWeight"
  | "executionRate"
  | "fundingScore"
  | "weight"
  | "score"
  | "fullScore"
  | "totalScore"
  | "projectTotal"
  | "fiscal"
  | "projectOther"
  | "annualTotal"
  | "currentYear"
  | "carryOver"
  | "annualOther"
  | "sum"
  | "average"
  | "lossRate";

/** The money columns whose sub-rows must add up. */
export type SubtotalColumn = "initialBudget" | "annualBudget" | "executed" | "projectTotal" | "annualTotal";

/**
 * The figures of a 专家评分表 that add up: an item's 合计 and 平均分, an expert's 总分, the panel's
 * 合计 and 平均总分, a 一级/二级 line's 分值, 平均得分 and 失分率.
 */
export type ExpertSum =
  "itemSum" | "itemAverage" | "expertTotal" | "panelSum" | "averageTotal" | "groupWeight" | "groupAverage" | "lossRate";

/** What an EXPERT_SUM_MISMATCH is about: the item (三级指标) or 一级/二级 name, or the expert, where one applies. */
export interface ExpertSumParams {
  readonly stated: number;
  readonly computed: number;
  readonly indicator: string | null;
  readonly expert: string | null;
}

/** What a finding is about when it is about one indicator: its 三级指标 name, or its row when unnamed. */
export interface IndicatorRef {
  readonly indicator: string;
}

/** The parameters each code carries. Numbers are plain numbers: rates as fractions, money and scores as amounts. */
export interface FindingParams {
  REQUIRED_MISSING: {
    readonly field: RequiredField;
    /** `column`: the form's table has no column for this field at all (reported once, without a cell). */
    readonly reason: "blank" | "zero" | "column";
    readonly indicator: string | null;
  };
  NOT_A_NUMBER: {
    readonly field: NumericField;
    readonly text: string;
    readonly errorValue: boolean;
    readonly indicator: string | null;
  };
  FUNDING_SUBTOTAL_MISMATCH: { readonly column: SubtotalColumn; readonly stated: number; readonly computed: number };
  EXECUTION_EXCEEDS_BUDGET: { readonly executed: number; readonly budget: number };
  EXECUTION_RATE_MISMATCH: { readonly row: FundingRowKey; readonly stated: number; readonly computed: number };
  FUNDING_SCORE_MISMATCH: {
    readonly stated: number;
    readonly computed: number;
    readonly rate: number;
    readonly weight: number;
  };
  ROUNDING_DIFFERENCE:
    | { readonly of: "executionRate"; readonly row: FundingRowKey; readonly stated: number; readonly computed: number }
    | {
        readonly of: "fundingScore";
        readonly stated: number;
        readonly computed: number;
        readonly rate: number;
        readonly weight: number;
      }
    | { readonly of: "totalScore"; readonly stated: number; readonly computed: number }
    | ({ readonly of: ExpertSum } & ExpertSumParams);
  SCORE_EXCEEDS_WEIGHT: { readonly indicator: string | null; readonly score: number; readonly weight: number };
  WEIGHT_TOTAL_MISMATCH: { readonly stated: number; readonly computed: number };
  TOTAL_SCORE_MISMATCH: { readonly stated: number; readonly computed: number };
  GRADE_MISMATCH: { readonly stated: string; readonly expected: string; readonly total: number };
  DEVIATION_REASON_MISSING: IndicatorRef & {
    readonly reason: "score-below-weight" | "target-not-met";
    readonly score: number | null;
    readonly weight: number | null;
  };
  OVER_ACHIEVEMENT_UNEXPLAINED: IndicatorRef & {
    readonly target: string;
    readonly actual: string;
    readonly ratio: number;
    readonly threshold: number;
  };
  TARGET_NOT_MET_FULL_SCORE: IndicatorRef & {
    readonly target: string;
    readonly actual: string;
    readonly score: number;
  };
  SCORE_RULE_DEVIATION: IndicatorRef & { readonly stated: number; readonly suggested: number };
  QUALITATIVE_SCORE_OUT_OF_TIER: IndicatorRef & {
    readonly actual: string;
    readonly tier: Tier;
    readonly score: number;
    readonly weight: number;
    /** The tier's score range as fractions of 分值: [min, max] or [min, max). */
    readonly min: number;
    readonly max: number;
    readonly maxInclusive: boolean;
  };
  ACTUAL_NOT_A_VALUE: IndicatorRef & { readonly reason: "comparison" | "blank"; readonly text: string };
  UNIT_MISMATCH: IndicatorRef & {
    readonly reason: "target-actual" | "rate-unit";
    readonly targetUnit: string | null;
    readonly actualUnit: string | null;
  };
  CATEGORY_INVALID: { readonly level1: string; readonly level2: string | null; readonly allowed: readonly string[] };
  LEVEL1_MISSING: { readonly level1: string };
  WEIGHTS_NONSTANDARD: {
    readonly categories: readonly { readonly level1: string; readonly stated: number; readonly standard: number }[];
  };
  DUPLICATE_INDICATOR: IndicatorRef & { readonly firstCell: SheetCell | null };
  GOAL_TEXT_IDENTICAL: Record<string, never>;
  FORMULA_OVERWRITTEN: { readonly field: ComputedField; readonly text: string };
  EXPERT_SCORE_MISSING: { readonly indicator: string; readonly expert: string };
  EXPERT_SCORE_EXCEEDS_WEIGHT: {
    readonly indicator: string;
    readonly expert: string;
    readonly score: number;
    readonly weight: number;
  };
  EXPERT_DISAGREEMENT: {
    readonly indicator: string;
    readonly weight: number;
    readonly low: number;
    readonly lowExpert: string;
    readonly high: number;
    readonly highExpert: string;
  };
  EXPERT_SUM_MISMATCH: { readonly of: ExpertSum } & ExpertSumParams;
  DATE_ORDER:
    | { readonly reason: "start-after-end"; readonly start: string; readonly end: string }
    | { readonly reason: "not-a-date"; readonly field: "startDate" | "endDate"; readonly text: string };
  /** Template rows never filled in: how many, and the first one's cell (the finding's own cell). */
  PLACEHOLDER_ROWS: { readonly count: number };
}

export type FindingCode = keyof FindingParams;

/** Every code's severity: part of the contract, like the code itself. */
export const SEVERITY: { readonly [C in FindingCode]: Severity } = {
  REQUIRED_MISSING: "error",
  NOT_A_NUMBER: "error",
  FUNDING_SUBTOTAL_MISMATCH: "error",
  EXECUTION_EXCEEDS_BUDGET: "warning",
  EXECUTION_RATE_MISMATCH: "error",
  FUNDING_SCORE_MISMATCH: "error",
  ROUNDING_DIFFERENCE: "info",
  SCORE_EXCEEDS_WEIGHT: "error",
  WEIGHT_TOTAL_MISMATCH: "error",
  TOTAL_SCORE_MISMATCH: "error",
  GRADE_MISMATCH: "error",
  DEVIATION_REASON_MISSING: "error",
  OVER_ACHIEVEMENT_UNEXPLAINED: "warning",
  TARGET_NOT_MET_FULL_SCORE: "warning",
  SCORE_RULE_DEVIATION: "warning",
  QUALITATIVE_SCORE_OUT_OF_TIER: "error",
  ACTUAL_NOT_A_VALUE: "warning",
  UNIT_MISMATCH: "warning",
  CATEGORY_INVALID: "error",
  LEVEL1_MISSING: "warning",
  WEIGHTS_NONSTANDARD: "info",
  DUPLICATE_INDICATOR: "warning",
  GOAL_TEXT_IDENTICAL: "warning",
  FORMULA_OVERWRITTEN: "warning",
  EXPERT_SCORE_MISSING: "error",
  EXPERT_SCORE_EXCEEDS_WEIGHT: "error",
  EXPERT_DISAGREEMENT: "warning",
  EXPERT_SUM_MISMATCH: "error",
  DATE_ORDER: "error",
  PLACEHOLDER_ROWS: "info",
};

export const FINDING_CODES = Object.keys(SEVERITY) as FindingCode[];

type FindingOf<C extends FindingCode> = {
  readonly code: C;
  readonly severity: Severity;
  readonly cell: SheetCell | null;
} & FindingParams[C];

export type Finding = { [C in FindingCode]: FindingOf<C> }[FindingCode];

/**
 * Builds a finding with its code's severity.
 * @example finding("GOAL_TEXT_IDENTICAL", at("Sheet1", "E14"), {})
 */
export function finding<C extends FindingCode>(code: C, cell: SheetCell | null, params: FindingParams[C]): Finding {
  return { code, severity: SEVERITY[code], cell, ...params } as FindingOf<C> as Finding;
}

/** Counts by severity. */
export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/** A form with no error finding can be submitted (domain.md §5). */
export function isSubmittable(findings: readonly Finding[]): boolean {
  return findings.every((f) => f.severity !== "error");
}
