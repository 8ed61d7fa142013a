/**
 * Cell text normalisation shared by the value grammar and the label matching: full-width ASCII
 * (ＡＢＣ１２３（）％＞＝，．) becomes ASCII, and white space — including line breaks typed inside a
 * cell — is noise.
 */
import { remembered } from "./memo";

/** Maps the full-width ASCII block (U+FF01–U+FF5E) and the ideographic space to ASCII. */
export function toHalfWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E\u3000]/g, (ch) =>
    ch === "\u3000" ? " " : String.fromCharCode(ch.charCodeAt(0) - 0xfee0),
  );
}

/** Removes every white-space character, line breaks and no-break spaces included. */
export function stripSpaces(text: string): string {
  return text.replace(/[\s\u00A0\u2000-\u200B\u202F\u205F\u3000\uFEFF]+/g, "");
}

/**
 * The comparable form of a label or a short text: half-width, without spaces, quotes or brackets of
 * either width. Used to compare 预期目标 with 实际完成情况, indicator names, category names.
 * @example comparable("“分 值”") === "分值"
 */
export function comparable(text: string): string {
  return comparableOf(text);
}
const comparableOf = remembered((text: string) => stripSpaces(toHalfWidth(text)).replace(/["'“”‘’「」『』《》]/g, ""));

/** Text of a raw cell value as the user sees it (numbers in their shortest form). */
export function cellText(raw: unknown): string {
  if (raw === null || raw === undefined) return "";
  if (typeof raw === "string") return raw;
  if (typeof raw === "number" || typeof raw === "boolean") return String(raw);
  return "";
}

// The numbering a form puts before a label (`一、`, `（二）`, `3.`, `①`) and the weight it puts after one
// (`(50分)`, `（50）`, `50分`): decoration of the label, not part of it.
const LABEL_NUMBERING =
  /^(?:[一二三四五六七八九十]{1,3}[、.]|\([一二三四五六七八九十]{1,3}\)|\d{1,2}[、.](?!\d)|\(\d{1,2}\)|[\u2460-\u2473])/;
const LABEL_WEIGHT = /(?:\(?(?:分值|权重)?:?(?<![\d.])\d+(?:\.\d+)?分?\)|(?<![\d.])\d+(?:\.\d+)?分)$/;

/**
 * A label without its numbering and its weight, in `comparable` form: what says which label it is.
 * @example labelCore("一、产出指标（50分）") === "产出指标"
 * @example labelCore("执行率(%)") === "执行率(%)"
 */
export function labelCore(text: string): string {
  return labelCoreOfKey(comparable(text));
}

/** `labelCore` of a text already in `comparable` form (a reader's cell key): nothing normalised twice. */
export function labelCoreOfKey(comparableText: string): string {
  const key = comparableText.replace(/:+$/, "");
  const core = key.replace(LABEL_NUMBERING, "").replace(LABEL_WEIGHT, "").replace(/:+$/, "");
  return core === "" ? key : core;
}
