/**
 * From a 绩效目标申报表 to the year's 自评表 (domain.md §2.2: "a 自评表 for the year is normally built from
 * this declaration: same indicators and targets, plus 分值, 实际完成值, 得分, 偏差原因"). The declaration
 * may be a standard sheet read back or a form of any layout found by the recognizer; the result is the
 * data of the standard 自评表 sheet (`layoutSelfEvaluation`) and, in Chinese, what was changed or
 * assumed on the way, so that nothing happens to the user's figures unseen:
 *
 * - header (项目名称, 主管部门, 实施单位) as typed; the year the declaration's unless the caller gives one;
 * - 年度资金申请总额 and its parts (当年财政拨款, 上年结转资金, 其他资金) become the 年初预算数 of the matching
 *   rows, converted exactly from the declaration's unit to the template's (元 → 万元 is ÷ 10000, never
 *   rounded: the cell shows two decimals, the value keeps them all); 全年预算数 and 全年执行数 stay blank;
 * - 年度总体目标 becomes 预期目标; 实际完成情况 stays blank;
 * - every indicator and target is carried over, the `指标1：` numbering removed from 三级指标 (the rest
 *   as typed), 一级/二级 spelled as the template spells them, rows ordered by the template's categories;
 *   a 成本指标 一级 (2021 system) goes under 产出指标/成本指标 in a 2020 template, and the other way;
 * - 分值 proposed from the template's standard weights (`splitWeights`); 实际完成值, 得分 and 偏差原因 blank.
 *
 * Pure: no Node I/O, no Office, no xlsx library.
 */
import { categoryKey } from "../domain/checks";
import { dec, type Dec } from "../domain/decimal";
import type { DeclaredIndicator, Field, FundingRowKey, TargetDeclarationForm } from "../domain/model";
import { readNumber, type RawValue } from "../domain/numbers";
import { builtinTemplate } from "../domain/templates/builtin";
import type { Template } from "../domain/templates/schema";
import { cellText } from "../domain/text";
import type { IndicatorData, SelfEvaluationData } from "./standard";

/** The 自评表 template a declaration is converted with when the caller names none. */
export const DEFAULT_CONVERT_TEMPLATE_ID = "sh-district-2023";

/** Thrown when a declaration is converted with a template that is not for 自评表: a programmer error. */
export class NotSelfEvaluationTemplateError extends Error {
  constructor(id: string) {
    super(`template ${id} is not a self-evaluation template`);
    this.name = "NotSelfEvaluationTemplateError";
  }
}

/** The built-in default template for conversions (sh-district-2023). */
export function defaultConvertTemplate(): Template {
  const t = builtinTemplate(DEFAULT_CONVERT_TEMPLATE_ID);
  if (!t) throw new NotSelfEvaluationTemplateError(DEFAULT_CONVERT_TEMPLATE_ID);
  return t;
}

export interface ConvertOptions {
  /** The 自评表's year; the declaration's when undefined (null leaves it blank). */
  readonly year?: number | null;
}

/** The 分值 proposed for one 一级 of the 自评表. */
export interface Level1Weights {
  /** The 一级 as written on the 自评表. */
  readonly level1: string;
  /** Its standard weight in the template; null when the template has none (its rows' 分值 are blank). */
  readonly standard: number | null;
  /** The proposed 分值 of its rows, in row order; null when there is no standard weight. */
  readonly weights: readonly number[] | null;
}

export interface SelfEvaluationFromDeclaration {
  readonly data: SelfEvaluationData;
  /** What was changed or assumed, in Chinese, for the user. */
  readonly notes: readonly string[];
  /** The 分值 proposed per 一级, in the order of the table (for summaries). */
  readonly level1: readonly Level1Weights[];
}

/**
 * Splits a 一级's standard weight over its `rows` indicator rows so that they add up to it exactly:
 * equal shares in cents (hundredths; finer only when the weight itself has more decimals), the cents
 * that do not divide evenly given one each to the first rows. Shares come out as whole numbers when
 * the weight divides evenly into whole numbers, with two decimals otherwise. Deterministic: the same
 * weight and row count always give the same list.
 * @example splitWeights(50, 5) // [10, 10, 10, 10, 10]
 * @example splitWeights(50, 3) // [16.67, 16.67, 16.66]
 * @example splitWeights(30, 7) // [4.29, 4.29, 4.29, 4.29, 4.28, 4.28, 4.28]
 * @example splitWeights(10, 4) // [2.5, 2.5, 2.5, 2.5]
 */
export function splitWeights(total: number, rows: number): number[] {
  if (!Number.isInteger(rows) || rows <= 0) return [];
  const whole = dec(total);
  const places = Math.max(2, whole.decimalPlaces());
  const unit = dec(10).pow(-places);
  const units = whole.dividedBy(unit);
  const share = units.dividedToIntegerBy(rows);
  const extra = units.minus(share.times(rows)).toNumber();
  return Array.from({ length: rows }, (_, i) =>
    share
      .plus(i < extra ? 1 : 0)
      .times(unit)
      .toNumber(),
  );
}

/**
 * A 三级指标 without its `指标1：` numbering (the prefix `indicatorKey` ignores when it compares names):
 * spaces, full-width digits and either colon tolerated, the rest kept as typed.
 * @example withoutIndicatorPrefix("指标1：非编人员数") === "非编人员数"
 * @example withoutIndicatorPrefix("指标 12: 送清凉人数") === "送清凉人数"
 */
export function withoutIndicatorPrefix(text: string): string {
  return text.replace(/^\s*指\s*标\s*[0-9０-９]+\s*[:：]\s*/, "");
}

type Unit = "元" | "万元";

/** A value for a cell: booleans (which no form field holds) as their text. */
const typed = (value: RawValue): string | number | null =>
  typeof value === "boolean" ? (value ? "TRUE" : "FALSE") : value;

const text = (f: Field): string => cellText(f.value).trim();

/** Digits as a person writes an amount: no exponent, no trailing zeros. */
const shown = (d: Dec): string => d.toFixed();

/** The amount of a field as a decimal; null when blank or a placeholder; the text when it is not a number. */
function amountOf(field: Field): Dec | null | { readonly text: string } {
  const r = readNumber(field.value);
  if (r.ok) return r.percent ? { text: cellText(field.value) } : r.value;
  if (r.reason === "blank" || r.reason === "placeholder") return null;
  return { text: cellText(field.value) };
}

const isDec = (v: Dec | null | { readonly text: string }): v is Dec => v !== null && !("text" in v);

/** An amount from one unit to the other, exactly. */
function convert(value: Dec, from: Unit, to: Unit): Dec {
  if (from === to) return value;
  return from === "元" ? value.dividedBy(10000) : value.times(10000);
}

/** Where each row of the 自评表 goes, before ordering and weighting. */
interface MappedRow {
  readonly level1: string;
  readonly level2: string;
  readonly level3: RawValue;
  readonly target: RawValue;
  /** The position of its 一级 and 二级 in the template (unknown ones after, in order of appearance). */
  readonly order1: number;
  readonly order2: number;
  readonly index: number;
}

/**
 * The year's 自评表 from a 申报表, with the notes of what was changed or assumed.
 * @example
 * const { data, notes } = selfEvaluationFromDeclaration(declaration, builtinTemplate("sh-district-2023")!);
 * layoutSelfEvaluation(template, data, { formNo: 1, sheetName: "自评表" });
 */
export function selfEvaluationFromDeclaration(
  decl: TargetDeclarationForm,
  template: Template,
  options: ConvertOptions = {},
): SelfEvaluationFromDeclaration {
  if (template.kind !== "self-evaluation") throw new NotSelfEvaluationTemplateError(template.id);
  const notes: string[] = [];

  // Year.
  const year = options.year !== undefined ? options.year : decl.year;
  if (options.year !== undefined && options.year !== null && decl.year !== null && options.year !== decl.year) {
    notes.push(`年度按指定的 ${options.year} 年填写（申报表为 ${decl.year} 年度）`);
  } else if (year === null) {
    notes.push("申报表没有写明年度，自评表的年度留空，请填写");
  }

  // Header.
  const headerFields = template.headerFields;
  const extra = (["manager", "phone"] as const).filter((f) => headerFields.includes(f));
  if (extra.length > 0) {
    const names = { manager: "项目负责人", phone: "联系电话" };
    notes.push(`申报表没有${extra.map((f) => names[f]).join("、")}，请在自评表中填写`);
  }

  // Funding: the declaration's 年度资金申请总额 and its parts as 年初预算数, in the template's unit.
  const from: Unit = decl.moneyUnit ?? "元";
  const to: Unit = template.moneyUnit;
  if (decl.moneyUnit === null) notes.push("申报表没有注明金额单位，按元处理");
  const parts: Record<Exclude<FundingRowKey, "total">, Field> = {
    currentYear: decl.funding.currentYear,
    carryOver: decl.funding.carryOver,
    other: decl.funding.annualOther,
  };
  const partAmounts = Object.fromEntries(Object.entries(parts).map(([k, f]) => [k, amountOf(f)] as const)) as Record<
    keyof typeof parts,
    ReturnType<typeof amountOf>
  >;
  let totalAmount = amountOf(decl.funding.annualTotal);
  const partSum = Object.values(partAmounts)
    .filter(isDec)
    .reduce<Dec>((a, b) => a.plus(b), dec(0));
  const anyPart = Object.values(partAmounts).some(isDec);
  if (totalAmount === null && anyPart) {
    totalAmount = partSum;
    // A standard 申报表's total is a formula of its parts, blank in a file no spreadsheet has recalculated.
    if (decl.templateId === null) {
      notes.push(
        "申报表没有填写年度资金申请总额，年度资金总额的年初预算数按当年财政拨款、上年结转资金、其他资金之和填写",
      );
    }
  } else if (isDec(totalAmount) && anyPart && !totalAmount.minus(partSum).abs().lessThan("0.005")) {
    notes.push(
      `申报表的年度资金申请总额 ${shown(totalAmount)} ${from} 与其组成部分之和 ${shown(partSum)} ${from} 不符，已按原数转入，请核对`,
    );
  }
  const unconvertible: string[] = [];
  const cellValue = (amount: ReturnType<typeof amountOf>, label: string): RawValue => {
    if (amount === null) return null;
    if (!isDec(amount)) {
      unconvertible.push(`${label}“${amount.text}”`);
      return amount.text;
    }
    return convert(amount, from, to).toNumber();
  };
  const blankMoney = { annualBudget: null, executed: null };
  const funding: SelfEvaluationData["funding"] = {
    total: { initialBudget: cellValue(totalAmount, "年度资金申请总额"), ...blankMoney },
    currentYear: { initialBudget: cellValue(partAmounts.currentYear, "当年财政拨款"), ...blankMoney },
    carryOver: { initialBudget: cellValue(partAmounts.carryOver, "上年结转资金"), ...blankMoney },
    other: { initialBudget: cellValue(partAmounts.other, "其他资金"), ...blankMoney },
  };
  if (from !== to && isDec(totalAmount)) {
    const how = from === "元" ? "除以 10000" : "乘以 10000";
    notes.push(
      `金额单位由申报表的${from}换算为模板的${to}（${how}，精确换算，未舍入）：年初预算数 ${shown(totalAmount)} ${from} → ${shown(convert(totalAmount, from, to))} ${to}`,
    );
  }
  if (unconvertible.length > 0) {
    notes.push(`${unconvertible.join("、")}不是数字，未能换算，已按原样填入年初预算数，请核对`);
  }

  // Goals.
  let expected = typed(decl.goals.annual.value);
  if (text(decl.goals.annual) === "" && text(decl.goals.overall) !== "") {
    expected = typed(decl.goals.overall.value);
    notes.push("申报表的年度总体目标为空，预期目标取自项目总目标");
  }

  // Indicators.
  const rows = mapIndicators(decl.indicators, template, notes);
  const { indicators, level1 } = weighIndicators(rows, template, notes);
  if (indicators.length === 0) notes.push("申报表中没有绩效指标，自评表按模板预置了空白指标行，请填写");

  const data: SelfEvaluationData = {
    year,
    projectName: typed(decl.header.projectName.value),
    department: typed(decl.header.department.value),
    implementer: typed(decl.header.implementer.value),
    manager: null,
    phone: null,
    funding,
    fundingWeight: template.standardWeights.funding,
    goals: { expected, actual: null },
    indicators,
  };
  return { data, notes, level1 };
}

/** Each declared indicator with its 一级/二级 as the template has them; notes what moved or was renamed. */
function mapIndicators(declared: readonly DeclaredIndicator[], template: Template, notes: string[]): MappedRow[] {
  const categories = template.categories;
  const byKey = new Map(categories.map((c, i) => [categoryKey(c.name), { category: c, order: i }]));
  const costKey = categoryKey("成本指标");
  // 2020 system: 成本 is a 二级 under some 一级 (产出指标); 2021+: 成本指标 is a 一级.
  const costUnder = categories
    .map((c, i) => ({ category: c, order: i, level2: c.level2.findIndex((l2) => categoryKey(l2) === costKey) }))
    .find((c) => c.level2 >= 0 && categoryKey(c.category.name) !== costKey);
  const costLevel1 = byKey.get(costKey);

  const unknown1: string[] = [];
  const unknown2 = new Map<string, string[]>();
  const renamed = new Map<string, string>();
  const movedDown: string[] = [];
  const movedUp: string[] = [];
  let prefixes = 0;
  let blanks = 0;
  const out: MappedRow[] = [];

  declared.forEach((row, index) => {
    const level3Raw = typed(row.level3.value);
    const target = typed(row.target.value);
    if (text(row.level3) === "" && text(row.target) === "") {
      blanks++;
      return;
    }
    let level3: RawValue = level3Raw;
    if (typeof level3Raw === "string") {
      const stripped = withoutIndicatorPrefix(level3Raw);
      if (stripped !== level3Raw) prefixes++;
      level3 = stripped;
    }
    const l1 = text(row.level1);
    const l2 = text(row.level2);
    const found = byKey.get(categoryKey(l1));
    const place = (level1: string, order1: number, level2: string, order2: number): void => {
      out.push({ level1, level2, level3, target, order1, order2, index });
    };
    const level2Of = (category: Template["categories"][number]): number =>
      category.level2.findIndex((name) => categoryKey(name) === categoryKey(l2));

    // A 2020-system 产出指标/成本指标 row in a template where 成本指标 is a 一级 of its own.
    const moveUp =
      found !== undefined &&
      costLevel1 !== undefined &&
      found.category !== costLevel1.category &&
      categoryKey(l2) === costKey &&
      level2Of(found.category) < 0;
    if (found && !moveUp) {
      const { category, order } = found;
      if (l1 !== category.name) renamed.set(l1, category.name);
      const i2 = level2Of(category);
      if (i2 >= 0) {
        if (l2 !== category.level2[i2]) renamed.set(l2, category.level2[i2]);
        place(category.name, order, category.level2[i2], i2);
      } else {
        const list = unknown2.get(category.name) ?? [];
        if (!list.includes(l2)) list.push(l2);
        unknown2.set(category.name, list);
        place(category.name, order, l2, category.level2.length);
      }
      return;
    }
    if (categoryKey(l1) === costKey && costUnder) {
      // A 2021-system 成本指标 row in a 2020 template: under 产出指标/成本指标.
      movedDown.push(l2);
      place(costUnder.category.name, costUnder.order, costUnder.category.level2[costUnder.level2], costUnder.level2);
      return;
    }
    if (moveUp && costLevel1) {
      // Under 成本指标 and its first 二级 (经济成本指标): a guess the note asks the user to check.
      movedUp.push(level3 === null ? "" : cellText(level3));
      place(costLevel1.category.name, costLevel1.order, costLevel1.category.level2[0], 0);
      return;
    }
    if (!unknown1.includes(l1)) unknown1.push(l1);
    place(l1, categories.length, l2, 0);
  });

  if (prefixes > 0) notes.push(`${prefixes} 个三级指标去掉了“指标1：”式的编号，其余文字照原样保留`);
  if (blanks > 0) notes.push(`申报表中有 ${blanks} 个三级指标和指标值都空白的行，未转入`);
  for (const [was, now] of renamed) notes.push(`“${was}”按模板写作“${now}”`);
  if (movedDown.length > 0 && costUnder) {
    const originals = [...new Set(movedDown.filter((l) => l !== ""))];
    notes.push(
      `模板“${template.id}”采用 2020 年指标体系，成本指标不单列为一级指标：申报表中一级指标“成本指标”下的 ${movedDown.length} 个指标` +
        `已归入“${costUnder.category.name}/${costUnder.category.level2[costUnder.level2]}”` +
        (originals.length > 0 ? `（原二级指标：${originals.join("、")}）` : ""),
    );
  }
  if (movedUp.length > 0 && costLevel1) {
    notes.push(
      `模板“${template.id}”中成本指标单列为一级指标：申报表“产出指标/成本指标”下的 ${movedUp.length} 个指标已归入` +
        `“${costLevel1.category.name}/${costLevel1.category.level2[0]}”，请核对二级指标`,
    );
  }
  for (const l1 of unknown1) {
    notes.push(
      l1 === ""
        ? "有指标没有一级指标，已按原样转入，请补填一级指标"
        : `一级指标“${l1}”不在模板“${template.id}”中（可用：${categories.map((c) => c.name).join("、")}），已按原样转入`,
    );
  }
  for (const [l1, list] of unknown2) {
    notes.push(
      `二级指标${list.map((l) => `“${l}”`).join("、")}不属于模板中的“${l1}”，已按原样转入，请改为：${byKey.get(categoryKey(l1))?.category.level2.join("、")}`,
    );
  }
  return out;
}

/** Orders the rows by the template's categories and proposes their 分值; notes the 一级 without a standard weight or without rows. */
function weighIndicators(
  rows: readonly MappedRow[],
  template: Template,
  notes: string[],
): { indicators: IndicatorData[]; level1: Level1Weights[] } {
  // Unknown 一级/二级 keep their order of appearance, after the template's own.
  const firstSeen = new Map<string, number>();
  rows.forEach((r) => {
    const key = `${r.order1}:${r.level1}`;
    if (!firstSeen.has(key)) firstSeen.set(key, r.index);
  });
  const sorted = [...rows].sort(
    (a, b) =>
      a.order1 - b.order1 ||
      (firstSeen.get(`${a.order1}:${a.level1}`) ?? 0) - (firstSeen.get(`${b.order1}:${b.level1}`) ?? 0) ||
      a.order2 - b.order2 ||
      a.index - b.index,
  );
  if (sorted.some((r, i) => r !== rows[i])) notes.push("指标按模板中一级、二级指标的顺序重新排列");

  const standardOf = (level1: string): number | null => {
    const entry = Object.entries(template.standardWeights.level1).find(([k]) => categoryKey(k) === categoryKey(level1));
    return entry ? entry[1] : null;
  };
  const groups: { level1: string; rows: MappedRow[] }[] = [];
  for (const row of sorted) {
    const last = groups[groups.length - 1];
    if (last && last.level1 === row.level1) last.rows.push(row);
    else groups.push({ level1: row.level1, rows: [row] });
  }
  const indicators: IndicatorData[] = [];
  const level1: Level1Weights[] = [];
  for (const group of groups) {
    const standard = standardOf(group.level1);
    const weights = standard === null ? null : splitWeights(standard, group.rows.length);
    level1.push({ level1: group.level1, standard, weights });
    if (standard === null && group.level1 !== "") {
      notes.push(`一级指标“${group.level1}”在模板中没有标准分值，其 ${group.rows.length} 个指标的分值留空，请填写`);
    }
    group.rows.forEach((row, i) =>
      indicators.push({
        level1: row.level1,
        level2: row.level2,
        level3: row.level3,
        target: row.target,
        actual: null,
        weight: weights ? weights[i] : null,
        score: null,
        deviation: null,
      }),
    );
  }

  // 一级 the template requires or weighs that the declaration has no row under.
  const present = new Set(groups.map((g) => categoryKey(g.level1)));
  for (const category of template.categories) {
    if (present.has(categoryKey(category.name)) || rows.length === 0) continue;
    const standard = standardOf(category.name);
    const required = template.requiredLevel1.some((l) => categoryKey(l) === categoryKey(category.name));
    if (!required && (standard === null || standard === 0)) continue;
    notes.push(
      `${required ? "模板要求的" : "模板中有标准分值的"}一级指标“${category.name}”在申报表中没有指标` +
        (standard !== null && standard > 0
          ? `，其标准分值 ${standard} 分未分配，请补充指标并填写分值`
          : "，请补充指标"),
    );
  }
  return { indicators, level1 };
}
