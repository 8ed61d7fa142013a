/**
 * A form read from any layout (the recognizer's model, or a standard sheet read back) turned into the
 * data of the standard sheets, for `zpb import`: every value carried over as typed (text stays text,
 * numbers stay numbers), 一级/二级 per row from the merged fields, `不涉及此项内容` rows kept.
 *
 * The standard sheets compute 执行率, 资金得分, 满分, 总分 and 评分等级 (and a 申报表's two totals) with
 * formulas. Where the original states in such a cell a value the formula would not give, that stated
 * value is what the form says and must not be lost: it comes back as an override, which the importer
 * writes as a typed value over the formula. Checking the standard sheet then reports the cell as
 * FORMULA_OVERWRITTEN, and the finding the original had there (a mismatch, a rounding difference)
 * stays the same. Where the stated value agrees, the formula stays.
 *
 * "Agrees" is decided by the engine with the template's rounding, as the checks decide it: a stated
 * value the checks would call exact agrees; one they would call a rounding difference or a mismatch
 * does not. A blank or a placeholder (`-`) agrees with anything (nothing typed, nothing lost), and so
 * does a 0 where the formula shows nothing (a 执行率 of 0.00 on a row with no budget). A 执行率 the
 * original means as a percent without a `%` (99.85 under `执行率(%)`) is written with its `%`, because
 * the standard cell holds a fraction shown as a percentage.
 *
 * Pure: no Node I/O, no xlsx library.
 */
import type { CellAddress } from "../domain/address";
import { agreement, categoryKey } from "../domain/checks";
import { computeSelfEvaluation, fundingScoreExact, gradeOf, numberIn } from "../domain/compute";
import { dec, roundTo, sameCents, type Dec } from "../domain/decimal";
import type { Field, Form, FundingRowKey, SelfEvaluationForm, TargetDeclarationForm } from "../domain/model";
import { FUNDING_ROW_KEYS } from "../domain/model";
import { readNumber, type RawValue } from "../domain/numbers";
import { builtinTemplate, defaultTemplateFor } from "../domain/templates/builtin";
import type { Template } from "../domain/templates/schema";
import { cellText, comparable } from "../domain/text";
import { layoutDeclaration, type DeclarationData } from "./declaration";
import { expertSheetOf } from "./expert-to-standard";
import type { SheetDescription } from "./sheet";
import { NAME_PREFIX, layoutSelfEvaluation, type SelfEvaluationData } from "./standard";

/** The computed cells an override can replace, by the standard layout's field names (`zpb_<field>_<n>`). */
export type OverrideField =
  | `${FundingRowKey}_rate`
  | "fundingScore"
  | "fullScore"
  | "totalScore"
  | "grade"
  | "projectTotal"
  | "annualTotal"
  // A 专家评分表's figures (expert-to-standard.ts).
  | "itemSum"
  | "itemAverage"
  | "expertTotal"
  | "panelSum"
  | "averageTotal";

/** A stated value written over a formula of the standard sheet. */
export interface Override {
  readonly field: OverrideField;
  /**
   * As typed in the original; a 执行率 that the original means as a percent without saying so (99.85
   * under `执行率(%)`) gets its `%` (`99.85%`), since the standard cell holds a fraction shown as a
   * percentage: the checks then read it exactly as they read the original.
   */
  readonly value: string | number;
  /** Where the value stood in the original. */
  readonly from: CellAddress | null;
  /** What the formula gives instead, as the sheet would show it; null when it gives nothing. */
  readonly computed: string | null;
}

/** A value of the original that the standard layout has no cell for (reported, never dropped silently). */
export interface Dropped {
  /** What it is, in Chinese (shown to the user). */
  readonly what: string;
  readonly value: string;
  readonly from: CellAddress | null;
}

export interface StandardSelfEvaluation {
  readonly data: SelfEvaluationData;
  readonly overrides: readonly Override[];
  readonly dropped: readonly Dropped[];
}

export interface StandardDeclaration {
  readonly data: DeclarationData;
  readonly overrides: readonly Override[];
  readonly dropped: readonly Dropped[];
}

const text = (f: Field): string => cellText(f.value).trim();

/** Nothing typed, or a placeholder such as `-` or `—`: it says nothing a formula could contradict. */
function isBlankish(f: Field): boolean {
  const r = readNumber(f.value);
  return !r.ok && (r.reason === "blank" || r.reason === "placeholder");
}

/** A value for a cell: booleans (which no form field holds) as their text. */
const typed = (value: RawValue): string | number | null =>
  typeof value === "boolean" ? (value ? "TRUE" : "FALSE") : value;

const shown = (d: Dec): string => roundTo(d, 2, "round").toFixed(2);

/**
 * The built-in template a form is imported (and checked) with: the caller's choice when it is for the
 * form's kind, the form's own when this installation has it, otherwise by what the form has. Its
 * category system first — both are in use (domain.md §2.1), and a form that follows one is not wrong
 * under the other: 成本指标 as a 一级 is the 2021 system, 成本指标 under 产出指标 the 2020 one. Then a
 * 申报表 gets sh-2024-declaration (2021) or mof-2020-declaration; a 2021 自评表 mof-2021; a 自评表 with a
 * 评分等级 row sh-district-2023; one with 项目负责人 and 联系电话 bj-2020 (so they are not lost); any
 * other mof-2020.
 * @example importTemplateFor(form).id === "sh-district-2023"
 */
export function importTemplateFor(form: Form, chosen?: Template): Template {
  if (chosen && chosen.kind === form.kind) return chosen;
  const own = form.templateId ? builtinTemplate(form.templateId) : undefined;
  if (own && own.kind === form.kind) return own;
  if (form.kind === "expert-scoring") return defaultTemplateFor("expert-scoring");
  const pick = (id: string): Template => {
    const t = builtinTemplate(id);
    if (!t) throw new Error(`built-in template ${id} is missing`);
    return t;
  };
  const system = categorySystemOf(form.indicators);
  if (form.kind === "target-declaration")
    return pick(system === "2020" ? "mof-2020-declaration" : "sh-2024-declaration");
  if (system === "2021") return pick("mof-2021");
  if (form.grade !== null) return pick("sh-district-2023");
  if (text(form.header.manager) !== "" && text(form.header.phone) !== "") return pick("bj-2020");
  return pick("mof-2020");
}

/** The category system a form's rows follow, by where they put 成本指标; null when they do not say. */
function categorySystemOf(rows: readonly { level1: Field; level2: Field }[]): "2020" | "2021" | null {
  const cost = categoryKey("成本指标");
  if (rows.some((r) => categoryKey(cellText(r.level1.value)) === cost)) return "2021";
  if (rows.some((r) => categoryKey(cellText(r.level2.value)) === cost)) return "2020";
  return null;
}

interface RateReading {
  readonly fraction: Dec;
  readonly percentDecimals: number;
  /** Read as a percent although the value has no `%` of its own. */
  readonly impliedPercent: boolean;
}

/**
 * The ways the checks read a stated 执行率, in their order (as in checks.ts): `85%` text as a percent,
 * a number in a percent-formatted cell as a fraction, otherwise both, the percent first under `执行率(%)`.
 */
function rateReadings(form: SelfEvaluationForm, field: Field): RateReading[] {
  const r = readNumber(field.value);
  if (!r.ok) return [];
  const asPercent = { fraction: r.value.dividedBy(100), percentDecimals: r.decimals, impliedPercent: !r.percent };
  const asFraction = { fraction: r.value, percentDecimals: Math.max(0, r.decimals - 2), impliedPercent: false };
  if (r.percent) return [asPercent];
  if (field.numberFormat?.includes("%")) return [asFraction];
  return form.ratePercentHeader ? [asPercent, asFraction] : [asFraction, asPercent];
}

/**
 * A stated 执行率 for the standard cell (a fraction formatted as a percentage), so that it reads as the
 * original was read: a percent without its `%` gets it, as text with the digits as typed (which keeps
 * the decimals the rounding rule looks at); anything else stays as typed.
 */
function rateValue(value: string | number, used: RateReading | undefined): string | number {
  if (!used?.impliedPercent) return value;
  return `${typeof value === "number" ? String(value) : value.trim()}%`;
}

/** The computed cells of a 自评表 an override can stand for (the others belong to other kinds of form). */
const OVERRIDABLE: Readonly<Record<string, true>> = {
  fundingScore: true,
  fullScore: true,
  totalScore: true,
  grade: true,
  suggestedScore: true,
};

/** The computed cells of a standard sheet that hold a typed value, by override field (and 建议得分). */
function standardOverwritten(form: SelfEvaluationForm): Set<OverrideField | "suggestedScore"> {
  const out = new Set<OverrideField | "suggestedScore">();
  const same = (a: CellAddress | null, b: CellAddress): boolean => !!a && a.row === b.row && a.col === b.col;
  for (const o of form.overwritten ?? []) {
    if (o.field === "executionRate") {
      const key = FUNDING_ROW_KEYS.find((k) => same(form.funding[k].rate.at, o.at));
      if (key) out.add(`${key}_rate`);
    } else if (o.field in OVERRIDABLE) {
      out.add(o.field as OverrideField | "suggestedScore");
    }
  }
  return out;
}

/**
 * A 自评表 as the data of the standard sheet, with the stated computed values that disagree with the
 * formulas as overrides, and the values the layout has no cell for.
 * @example toStandardData(recognized.form, builtinTemplate("sh-district-2023")!).overrides
 */
export function toStandardData(form: SelfEvaluationForm, template: Template): StandardSelfEvaluation {
  const v = (f: Field): RawValue => typed(f.value);
  const funding = Object.fromEntries(
    FUNDING_ROW_KEYS.map((k) => {
      const row = form.funding[k];
      return [k, { initialBudget: v(row.initialBudget), annualBudget: v(row.annualBudget), executed: v(row.executed) }];
    }),
  ) as SelfEvaluationData["funding"];
  const data: SelfEvaluationData = {
    year: form.year,
    projectName: v(form.header.projectName),
    department: v(form.header.department),
    implementer: v(form.header.implementer),
    manager: v(form.header.manager),
    phone: v(form.header.phone),
    funding,
    // A blank 分值 is read by the checks as the template's standard; the layout writes that standard.
    ...(isBlankish(form.funding.total.weight) ? {} : { fundingWeight: v(form.funding.total.weight) }),
    goals: { expected: v(form.goals.expected), actual: v(form.goals.actual) },
    indicators: form.indicators.map((row) => ({
      level1: cellText(row.level1.value),
      level2: cellText(row.level2.value),
      level3: v(row.level3),
      target: v(row.target),
      actual: v(row.actual),
      weight: v(row.weight),
      score: v(row.score),
      deviation: v(row.deviation),
    })),
  };

  const dropped: Dropped[] = [];
  const drop = (what: string, f: Field): void => {
    if (!isBlankish(f)) dropped.push({ what, value: cellText(f.value), from: f.at });
  };
  const ROW_NAMES: Record<FundingRowKey, string> = {
    total: "年度资金总额",
    currentYear: "当年财政拨款",
    carryOver: "上年结转资金",
    other: "其他资金",
  };
  for (const k of ["currentYear", "carryOver", "other"] as const) {
    // The standard sheet shows 分值 and 得分 on the 年度资金总额 row only.
    drop(`${ROW_NAMES[k]}行的分值`, form.funding[k].weight);
    drop(`${ROW_NAMES[k]}行的得分`, form.funding[k].score);
  }
  if (!template.headerFields.includes("manager")) drop("项目负责人", form.header.manager);
  if (!template.headerFields.includes("phone")) drop("联系电话", form.header.phone);
  if (!template.gradeRow && form.grade) drop("评分等级", form.grade);

  const overrides: Override[] = [];
  const override = (
    field: OverrideField,
    f: Field,
    computed: string | null,
    as: (v: string | number) => string | number = (v) => v,
  ): void => {
    const value = typed(f.value);
    if (value === null) return;
    overrides.push({ field, value: as(value), from: f.at, computed });
  };
  const computed = computeSelfEvaluation(form, template);
  const mode = template.rounding;
  // A standard sheet read back says itself which computed cells lost their formulas: those, and only
  // those, stay typed (a recalculated formula caches 99.85294…%, which is not a stated value).
  const typedOver = form.overwritten ? standardOverwritten(form) : null;
  if (typedOver?.has("suggestedScore")) {
    for (const o of form.overwritten ?? []) {
      if (o.field === "suggestedScore") dropped.push({ what: "建议得分", value: o.text, from: o.at });
    }
  }
  const disagrees = (field: OverrideField, agrees: boolean): boolean => (typedOver ? typedOver.has(field) : !agrees);

  // 执行率 of each row: the formula gives 全年执行数 ÷ divisor, or nothing without both.
  let statedRate: Dec | null = null;
  for (const key of FUNDING_ROW_KEYS) {
    const row = form.funding[key];
    if (isBlankish(row.rate)) continue;
    const executed = numberIn(row.executed);
    const divisor = numberIn(template.executionRateDivisor === "annualBudget" ? row.annualBudget : row.initialBudget);
    const exact = executed !== null && divisor !== null && !divisor.isZero() ? executed.dividedBy(divisor) : null;
    const readings = rateReadings(form, row.rate);
    if (exact === null) {
      if (disagrees(`${key}_rate`, readings.length > 0 && readings[0].fraction.isZero())) {
        override(`${key}_rate`, row.rate, null, (v) => rateValue(v, readings[0]));
      }
      continue;
    }
    // The checks take the first reading that is not a mismatch, and report the first when all are.
    const verdicts = readings.map((r) =>
      agreement(r.fraction.times(100), r.percentDecimals, [exact.times(100)], "round"),
    );
    const usable = verdicts.findIndex((x) => x !== "mismatch");
    if (key === "total" && usable >= 0) statedRate = readings[usable].fraction;
    if (disagrees(`${key}_rate`, usable >= 0 && verdicts[usable] === "exact")) {
      const used = readings[Math.max(0, usable)];
      override(`${key}_rate`, row.rate, `${shown(exact.times(100))}%`, (v) => rateValue(v, used));
    }
  }

  // 资金得分: ROUND(MIN(执行率, 1) × 分值, 2) with the template's rounding; the checks also accept the
  // score worked out from the rate as stated.
  const total = form.funding.total;
  const weight = computed.fundingWeight;
  const exactRate = computed.executionRate;
  let fundingValue: Dec | null = computed.fundingScore;
  if (!isBlankish(total.score)) {
    const stated = readNumber(total.score.value);
    let agrees = false;
    if (stated.ok && exactRate !== null && weight !== null) {
      const bases = [fundingScoreExact(exactRate, weight)];
      if (statedRate !== null) bases.push(fundingScoreExact(statedRate, weight));
      agrees = agreement(stated.value, stated.decimals, bases, mode.fundingScore) === "exact";
    }
    if (disagrees("fundingScore", agrees)) {
      override("fundingScore", total.score, computed.fundingScore === null ? null : shown(computed.fundingScore));
      fundingValue = stated.ok ? stated.value : null;
    }
  }

  // 满分: 资金分值 + Σ 分值.
  if (!isBlankish(form.total.fullScore)) {
    const stated = readNumber(form.total.fullScore.value);
    const full = computed.fullScore;
    if (disagrees("fullScore", stated.ok && full !== null && sameCents(stated.value, full))) {
      override("fullScore", form.total.fullScore, full === null ? null : shown(full));
    }
  }

  // 总分: the 资金得分 cell (typed or computed) + Σ 得分.
  const totalFormula =
    fundingValue !== null && computed.indicatorScore !== null ? fundingValue.plus(computed.indicatorScore) : null;
  let totalValue = totalFormula;
  if (!isBlankish(form.total.score)) {
    const stated = readNumber(form.total.score.value);
    const agrees =
      stated.ok &&
      totalFormula !== null &&
      agreement(stated.value, stated.decimals, [totalFormula], mode.indicatorScore) === "exact";
    if (disagrees("totalScore", agrees)) {
      override("totalScore", form.total.score, totalFormula === null ? null : shown(totalFormula));
      totalValue = stated.ok ? stated.value : null;
    }
  }

  // 评分等级: the band of the 总分 cell.
  if (template.gradeRow && form.grade && !isBlankish(form.grade)) {
    const expected = totalValue !== null ? gradeOf(totalValue, template.gradeBands) : null;
    if (disagrees("grade", expected !== null && comparable(text(form.grade)) === comparable(expected))) {
      override("grade", form.grade, expected);
    }
  }

  return { data, overrides, dropped };
}

/**
 * A 申报表 as the data of the standard sheet. Its two totals are formulas (财政资金 + 其他资金; 当年财政拨款
 * + 上年结转资金 + 其他资金); a stated total that is not that sum comes back as an override.
 * @example toDeclarationData(recognized.form).data.indicators.length
 */
export function toDeclarationData(form: TargetDeclarationForm): StandardDeclaration {
  const v = (f: Field): RawValue => typed(f.value);
  const h = form.header;
  const f = form.funding;
  const data: DeclarationData = {
    year: form.year,
    projectName: v(h.projectName),
    nature: v(h.nature),
    category: v(h.category),
    department: v(h.department),
    implementer: v(h.implementer),
    startDate: v(h.startDate),
    endDate: v(h.endDate),
    fiscal: v(f.fiscal),
    projectOther: v(f.projectOther),
    currentYear: v(f.currentYear),
    carryOver: v(f.carryOver),
    annualOther: v(f.annualOther),
    goals: { overall: v(form.goals.overall), annual: v(form.goals.annual) },
    indicators: form.indicators.map((row) => ({
      level1: cellText(row.level1.value),
      level2: cellText(row.level2.value),
      level3: v(row.level3),
      target: v(row.target),
    })),
  };
  const overrides: Override[] = [];
  const check = (field: "projectTotal" | "annualTotal", stated: Field, parts: readonly Field[]): void => {
    if (isBlankish(stated)) return;
    const value = typed(stated.value);
    if (value === null) return;
    // The formula is N(a)+N(b)…: a blank part counts as 0.
    const sum = parts.reduce<Dec>((acc, p) => acc.plus(numberIn(p) ?? 0), dec(0));
    const n = readNumber(stated.value);
    if (!(n.ok && sameCents(n.value, sum))) {
      overrides.push({ field, value, from: stated.at, computed: shown(sum) });
    }
  };
  check("projectTotal", f.projectTotal, [f.fiscal, f.projectOther]);
  check("annualTotal", f.annualTotal, [f.currentYear, f.carryOver, f.annualOther]);
  return { data, overrides, dropped: [] };
}

/**
 * The sheet with each override typed over its formula: the cell is found by the layout's defined name
 * (`zpb_<field>_<formNo>`) and keeps its style.
 * Overrides whose cell the sheet does not have are returned as `missing`.
 */
export function applyOverrides(
  sheet: SheetDescription,
  formNo: number,
  overrides: readonly Override[],
): { sheet: SheetDescription; placed: { override: Override; at: CellAddress }[]; missing: Override[] } {
  const byName = new Map(sheet.names.map((n) => [n.name, n.range.from]));
  const at = new Map<string, Override>();
  const placed: { override: Override; at: CellAddress }[] = [];
  const missing: Override[] = [];
  for (const o of overrides) {
    const cell = byName.get(`${NAME_PREFIX}${o.field}_${formNo}`);
    if (!cell) {
      missing.push(o);
      continue;
    }
    at.set(`${cell.row}:${cell.col}`, o);
    placed.push({ override: o, at: cell });
  }
  const cells = sheet.cells.map((c) => {
    const o = at.get(`${c.row}:${c.col}`);
    if (!o) return c;
    return { row: c.row, col: c.col, value: o.value, ...(c.style ? { style: c.style } : {}) };
  });
  return { sheet: { ...sheet, cells }, placed, missing };
}

/** One form brought into the standard layout, with what the conversion could not keep. */
export interface StandardSheet {
  readonly sheet: SheetDescription;
  readonly placed: readonly { readonly override: Override; readonly at: CellAddress }[];
  readonly missing: readonly Override[];
  readonly dropped: readonly Dropped[];
}

/**
 * A form of any layout as a standard sheet: its values carried over, the stated computed values that
 * disagree with the formulas typed over them. Shared by `zpb import` and the add-in's 规范化.
 */
export function standardSheetOf(form: Form, template: Template, formNo: number, sheetName: string): StandardSheet {
  if (form.kind === "expert-scoring") return expertSheetOf(form, template, formNo, sheetName);
  const converted = form.kind === "self-evaluation" ? toStandardData(form, template) : toDeclarationData(form);
  const laid =
    form.kind === "self-evaluation"
      ? layoutSelfEvaluation(template, (converted as StandardSelfEvaluation).data, { formNo, sheetName }).sheet
      : layoutDeclaration(template, (converted as StandardDeclaration).data, { formNo, sheetName });
  const { sheet, placed, missing } = applyOverrides(laid, formNo, converted.overrides);
  return { sheet, placed, missing, dropped: converted.dropped };
}
