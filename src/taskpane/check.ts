/**
 * What the 检查 and 填充 views show of a sheet, computed from what the gateway read: the template each
 * form is checked with, its evaluation, and its findings grouped for display. Pure: no React, no
 * gateway, so the rules for grouping and formatting are tested on their own.
 */
import {
  a1,
  builtinTemplate,
  cellText,
  countBySeverity,
  dec,
  defaultTemplateFor,
  evaluateForm,
  type Evaluation,
  type Finding,
  type Form,
  type Severity,
  type Template,
} from "../domain";
import type { ActiveSheet } from "./gateway";

/**
 * The template a form is checked with: the one the workbook carries for the id it names, else the
 * built-in of that id, else the kind's default.
 */
export interface TemplateChoice {
  readonly template: Template | null;
  /** The form names a template neither the workbook nor this pane has: checked with the default instead. */
  readonly unknownTemplateId: string | null;
}

/**
 * Picks the template of a form, the workbook's carried templates first.
 * @example chooseTemplate(makeForm(cleanSpec())).template?.id === "mof-2020"
 */
export function chooseTemplate(form: Form, carried: readonly Template[] = []): TemplateChoice {
  const id = form.templateId;
  const named =
    id === null ? undefined : (carried.find((t) => t.id === id && t.kind === form.kind) ?? builtinTemplate(id));
  if (named && named.kind === form.kind) return { template: named, unknownTemplateId: null };
  const fallback = defaultTemplateFor(form.kind);
  // Every kind has a built-in default; a kind without one would be shown, not checked.
  const template = fallback.kind === form.kind ? fallback : null;
  return { template, unknownTemplateId: id !== null && !named ? id : null };
}

export interface FormCheck {
  readonly form: Form;
  readonly choice: TemplateChoice;
  /** null when no template fits the kind of form. */
  readonly evaluation: Evaluation | null;
  readonly counts: Record<Severity, number>;
}

export interface SheetCheck {
  readonly sheet: ActiveSheet;
  readonly forms: readonly FormCheck[];
}

/** Checks every form of a sheet. */
export function checkSheet(sheet: ActiveSheet): SheetCheck {
  return {
    sheet,
    forms: sheet.forms.map((form) => {
      const choice = chooseTemplate(form, sheet.templates);
      const evaluation = choice.template ? evaluateForm(form, choice.template) : null;
      return { form, choice, evaluation, counts: countBySeverity(evaluation?.findings ?? []) };
    }),
  };
}

/** The project name of a form as typed, or a stand-in. */
export function formTitle(form: Form): string {
  const name = cellText(form.header.projectName.value).trim();
  return name === "" ? "（未填写项目名称）" : name;
}

export const KIND_LABEL: Record<Form["kind"], string> = {
  "self-evaluation": "绩效自评表",
  "target-declaration": "绩效目标申报表",
  "expert-scoring": "专家评分表",
};

export const SEVERITY_LABEL: Record<Severity, string> = { error: "错误", warning: "警告", info: "提示" };

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** The group of findings not about one indicator: the header and funding block, or the whole table. */
export const HEADER_GROUP = "表头与资金";
export const TABLE_GROUP = "整表";

/** Where a finding is listed: under its indicator, or in one of the two fixed groups. */
export function groupOf(f: Finding): string {
  if ("indicator" in f && typeof f.indicator === "string" && f.indicator !== "") return f.indicator;
  switch (f.code) {
    case "REQUIRED_MISSING":
    case "FUNDING_SUBTOTAL_MISMATCH":
    case "EXECUTION_EXCEEDS_BUDGET":
    case "EXECUTION_RATE_MISMATCH":
    case "FUNDING_SCORE_MISMATCH":
    case "SCORE_EXCEEDS_WEIGHT":
    case "DATE_ORDER":
      return HEADER_GROUP;
    case "NOT_A_NUMBER":
      return f.field === "fullScore" || f.field === "totalScore" ? TABLE_GROUP : HEADER_GROUP;
    case "ROUNDING_DIFFERENCE":
      return f.of === "executionRate" || f.of === "fundingScore" ? HEADER_GROUP : TABLE_GROUP;
    case "FORMULA_OVERWRITTEN":
      return f.field === "executionRate" || f.field === "fundingScore" ? HEADER_GROUP : TABLE_GROUP;
    // The findings about one indicator come here only when it has no name to group by.
    case "WEIGHT_TOTAL_MISMATCH":
    case "TOTAL_SCORE_MISMATCH":
    case "GRADE_MISMATCH":
    case "CATEGORY_INVALID":
    case "LEVEL1_MISSING":
    case "WEIGHTS_NONSTANDARD":
    case "GOAL_TEXT_IDENTICAL":
    case "DEVIATION_REASON_MISSING":
    case "OVER_ACHIEVEMENT_UNEXPLAINED":
    case "TARGET_NOT_MET_FULL_SCORE":
    case "SCORE_RULE_DEVIATION":
    case "QUALITATIVE_SCORE_OUT_OF_TIER":
    case "ACTUAL_NOT_A_VALUE":
    case "UNIT_MISMATCH":
    case "DUPLICATE_INDICATOR":
    case "EXPERT_SCORE_MISSING":
    case "EXPERT_SCORE_EXCEEDS_WEIGHT":
    case "EXPERT_DISAGREEMENT":
    case "EXPERT_SUM_MISMATCH":
    case "PLACEHOLDER_ROWS":
      return TABLE_GROUP;
    default: {
      const unreachable: never = f;
      return unreachable;
    }
  }
}

export interface FindingGroup {
  readonly title: string;
  readonly findings: readonly Finding[];
}

/**
 * Groups findings for display: 表头与资金 first, then each indicator in the order the findings name
 * them (the checks go down the table), then 整表; within a group, errors before warnings before hints.
 */
export function groupFindings(findings: readonly Finding[]): FindingGroup[] {
  const byGroup = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = groupOf(f);
    const list = byGroup.get(key);
    if (list) list.push(f);
    else byGroup.set(key, [f]);
  }
  const rank = (title: string): number => (title === HEADER_GROUP ? 0 : title === TABLE_GROUP ? 2 : 1);
  return [...byGroup.entries()]
    .map(([title, list], order) => ({ title, order, findings: list }))
    .sort((a, b) => rank(a.title) - rank(b.title) || a.order - b.order)
    .map(({ title, findings: list }) => ({
      title,
      findings: [...list].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]),
    }));
}

/** A fraction as a percentage with 2 decimals, rounded as Excel rounds: 0.99853 → "99.85%"; null → "—". */
export function formatPercent(fraction: number | null): string {
  return fraction === null ? "—" : `${dec(fraction).times(100).toFixed(2)}%`;
}

/** A score or amount with 2 decimals; null → "—". */
export function formatScore(value: number | null): string {
  return value === null ? "—" : dec(value).toFixed(2);
}

/** The A1 text of a finding's cell, or "" when it has none. */
export function cellLabel(f: Finding): string {
  return f.cell ? a1(f.cell) : "";
}
