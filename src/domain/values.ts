/**
 * The value grammar of 年度指标值 (targets) and 实际完成值 (actuals), domain.md §3.
 *
 * A target is `[comparator][number][unit]` or a qualitative phrase; an actual is a number with its
 * unit, a qualitative result with a tier, or — wrongly — a comparison. Parsing never throws: every
 * string has a result, and a unit we have not seen before is kept as typed.
 */
import { stripSpaces, toHalfWidth } from "./text";
import { remembered } from "./memo";

export type Comparator = ">=" | "<=" | "=" | ">" | "<";

/** 正向 (more is better), 反向 (less is better: costs, accidents, complaints) or 等于. */
export type Direction = "positive" | "reverse" | "equal";

/** 达成 / 部分达成 / 未达成 (domain.md §3.2). */
export type Tier = "achieved" | "partial" | "not-achieved";

export interface Quantity {
  readonly comparator: Comparator;
  /** The number as typed, canonical: ASCII digits, no separators, decimals kept ("85.00"). */
  readonly number: string;
  /** The unit as typed ("%", "名/天", "万元"), or null when there is none. */
  readonly unit: string | null;
}

export type TargetValue = ({ readonly kind: "quantitative" } & Quantity) | QualitativeText;

export interface QualitativeText {
  readonly kind: "qualitative";
  /** The text without white space. */
  readonly text: string;
}

export type ActualValue =
  | { readonly kind: "quantitative"; readonly number: string; readonly unit: string | null }
  | (QualitativeText & { readonly tier: Tier | null })
  | ({ readonly kind: "comparison" } & Quantity);

/** Why a cell has no value: empty, or a placeholder dash such as `—` or `/`. */
export type NoValueReason = "blank" | "placeholder";

export type ValueResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: NoValueReason };

const SYMBOLS: ReadonlyArray<readonly [string, Comparator]> = [
  [">=", ">="],
  ["=>", ">="],
  ["≥", ">="],
  ["≧", ">="],
  ["⩾", ">="],
  ["<=", "<="],
  ["=<", "<="],
  ["≤", "<="],
  ["≦", "<="],
  ["⩽", "<="],
  ["==", "="],
  ["=", "="],
  // Export systems' look-alikes of =: the box-drawing ═ (U+2550) and the small ﹦ (U+FE66).
  ["═", "="],
  ["﹦", "="],
  [">", ">"],
  ["<", "<"],
];

/** Chinese comparative words that stand where a symbol would. */
const WORDS: ReadonlyArray<readonly [string, Comparator]> = [
  ["不低于", ">="],
  ["不少于", ">="],
  ["不小于", ">="],
  ["至少", ">="],
  ["不高于", "<="],
  ["不超过", "<="],
  ["不多于", "<="],
  ["不大于", "<="],
  ["至多", "<="],
  ["大于", ">"],
  ["高于", ">"],
  ["超过", ">"],
  ["小于", "<"],
  ["低于", "<"],
  ["少于", "<"],
  ["等于", "="],
];

const SUFFIX_WORDS: ReadonlyArray<readonly [string, Comparator]> = [
  ["及以上", ">="],
  ["以上", ">="],
  ["及以下", "<="],
  ["以下", "<="],
  ["以内", "<="],
  // `3天内`, `5个工作日内`: within.
  ["内", "<="],
];

const PLACEHOLDERS = new Set(["-", "--", "—", "——", "–", "/", "\\", "－", "~"]);

/** A unit: letters of any script, %, ‰, degree signs, `/` and `·`; short, no digits or punctuation. */
const UNIT = /^[\p{L}%‰℃°/·²³]{1,8}$/u;
/** Words of time limits and ranges (`12月底前`, `7月至年底`): what follows the number is not a unit. */
const NOT_A_UNIT = /[前后底至到止]/;

/**
 * Whether a text can be a unit after a number.
 * @example isUnit("名/天") === true; isUnit("月底前") === false
 */
export function isUnit(text: string): boolean {
  return UNIT.test(text) && !NOT_A_UNIT.test(text);
}
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)/;

const SYMBOL_TEXT: Record<Comparator, string> = { ">=": "≥", "<=": "≤", "=": "=", ">": ">", "<": "<" };

interface Scan {
  readonly comparator: Comparator | null;
  readonly number: string;
  readonly unit: string | null;
}

/** Half-width, no spaces, no thousands separators: the form the grammar reads. */
const prepare = remembered((raw: string): string =>
  stripSpaces(toHalfWidth(raw)).replace(/(\d),(?=\d{3}(?!\d))/g, "$1"),
);

function canonicalNumber(text: string): string {
  let t = text.startsWith("+") ? text.slice(1) : text;
  const negative = t.startsWith("-");
  if (negative) t = t.slice(1);
  if (t.startsWith(".")) t = `0${t}`;
  if (t.endsWith(".")) t = t.slice(0, -1);
  return negative ? `-${t}` : t;
}

/** Reads `[comparator][number][unit][以上]`, or returns null when the text is not of that shape. */
function scanQuantity(text: string): Scan | null {
  let rest = text;
  let comparator: Comparator | null = null;
  for (const [token, cmp] of [...SYMBOLS, ...WORDS]) {
    if (rest.startsWith(token)) {
      comparator = cmp;
      rest = rest.slice(token.length);
      break;
    }
  }
  const m = NUMBER.exec(rest);
  if (!m) return null;
  const number = canonicalNumber(m[0]);
  rest = rest.slice(m[0].length);

  for (const [token, cmp] of SUFFIX_WORDS) {
    if (rest.endsWith(token)) {
      // `≥85%以上` says the same thing twice: the symbol wins.
      comparator = comparator ?? cmp;
      rest = rest.slice(0, -token.length);
      break;
    }
  }

  let unit: string | null = null;
  if (rest.startsWith("%") && rest.length > 1) {
    // "100%(人次)" is not a shape real forms use; "100%" alone is handled as a unit below.
    return null;
  }
  if (rest.length > 0) {
    const bracketed = /^\((.*)\)$/.exec(rest);
    const candidate = bracketed ? bracketed[1] : rest;
    if (!isUnit(candidate)) return null;
    unit = candidate;
  }
  return { comparator, number, unit };
}

function noValue(prepared: string): NoValueReason | null {
  if (prepared === "") return "blank";
  if (PLACEHOLDERS.has(prepared)) return "placeholder";
  return null;
}

/**
 * Parses a 年度指标值.
 * @example parseTarget("≥ 4500.00(名)") // { ok: true, value: { kind: "quantitative", comparator: ">=", number: "4500.00", unit: "名" } }
 * @example parseTarget("及时") // { ok: true, value: { kind: "qualitative", text: "及时" } }
 * @example parseTarget("7-8月") // qualitative: a range is not a single target
 */
export function parseTarget(raw: string): ValueResult<TargetValue> {
  return targetOf(raw);
}
// A form's targets are read by several checks; a target's reading is the same each time.
const targetOf = remembered((raw: string): ValueResult<TargetValue> => readTarget(raw));

function readTarget(raw: string): ValueResult<TargetValue> {
  const prepared = prepare(raw);
  const none = noValue(prepared);
  if (none) return { ok: false, reason: none };
  const scan = scanQuantity(prepared);
  if (scan) {
    return {
      ok: true,
      value: { kind: "quantitative", comparator: scan.comparator ?? "=", number: scan.number, unit: scan.unit },
    };
  }
  return { ok: true, value: { kind: "qualitative", text: stripSpaces(raw) } };
}

/**
 * The qualitative tier of a result text, or null when the words say none (domain.md §3.2). "未达成"
 * is tested before "达成", which it contains.
 * @example tierOf("部分达成年度指标并具有一定效果") === "partial"
 */
export function tierOf(text: string, targetText?: string): Tier | null {
  const t = prepare(text);
  if (/未[^,;，；。]{0,4}?(达成|完成|达到|实现|达标)|效果较差|没有(达成|完成|达到|达标)/.test(t)) return "not-achieved";
  if (/部分(达成|完成|实现|达到|达标)|基本(达成|完成|实现|达到|达标)/.test(t)) return "partial";
  if (/^(已)?(全部|全面|按时|如期)?(达成|完成|达到|实现|满足|符合|达标)/.test(t)) return "achieved";
  if (targetText !== undefined && prepare(targetText) === t) return "achieved";
  return null;
}

/**
 * Parses a 实际完成值. Pass the target so that a result that repeats a qualitative target's words
 * (`及时` for `及时`) counts as achieved.
 * @example parseActual("4944.00(名)") // { ok: true, value: { kind: "quantitative", number: "4944.00", unit: "名" } }
 * @example parseActual(">=85") // a comparison, not a value: ACTUAL_NOT_A_VALUE
 */
export function parseActual(raw: string, target?: TargetValue): ValueResult<ActualValue> {
  const prepared = prepare(raw);
  const none = noValue(prepared);
  if (none) return { ok: false, reason: none };
  const scan = scanQuantity(prepared);
  if (scan && scan.comparator !== null) {
    return {
      ok: true,
      value: { kind: "comparison", comparator: scan.comparator, number: scan.number, unit: scan.unit },
    };
  }
  if (scan) return { ok: true, value: { kind: "quantitative", number: scan.number, unit: scan.unit } };
  const text = stripSpaces(raw);
  const targetText = target?.kind === "qualitative" ? target.text : undefined;
  return { ok: true, value: { kind: "qualitative", text, tier: tierOf(text, targetText) } };
}

/**
 * The canonical text of a target; `parseTarget(formatTarget(v))` gives `v` back.
 * @example formatTarget({ kind: "quantitative", comparator: ">=", number: "85.00", unit: "%" }) === "≥85.00(%)"
 */
export function formatTarget(value: TargetValue): string {
  if (value.kind === "qualitative") return value.text;
  return `${SYMBOL_TEXT[value.comparator]}${value.number}${value.unit === null ? "" : `(${value.unit})`}`;
}

/**
 * The canonical text of an actual; `parseActual(formatActual(v))` gives `v` back.
 * @example formatActual({ kind: "quantitative", number: "100.00", unit: "%" }) === "100.00(%)"
 */
export function formatActual(value: ActualValue): string {
  switch (value.kind) {
    case "qualitative":
      return value.text;
    case "comparison":
      return formatTarget({ ...value, kind: "quantitative" });
    case "quantitative":
      return `${value.number}${value.unit === null ? "" : `(${value.unit})`}`;
  }
}

/** 正向/反向/等于 of a comparator. */
export function directionOf(comparator: Comparator): Direction {
  if (comparator === ">=" || comparator === ">") return "positive";
  if (comparator === "<=" || comparator === "<") return "reverse";
  return "equal";
}

/**
 * Whether two units are the same unit, once written the same way; a missing unit matches any.
 * @example sameUnit("％", "%") === true
 */
export function sameUnit(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return true;
  return unitKey(a) === unitKey(b);
}

/** `200万` and `195.5万元` are both in 万元; `2.6亿` and `2.45亿元` both in 亿元. */
const unitKey = (unit: string): string => prepare(unit).replace(/^(万|亿)$/, "$1元");
