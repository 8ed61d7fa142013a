/**
 * Sheet names made from what users typed (a project's name): Excel refuses `[ ] : * ? / \`, a name
 * longer than 31 characters (UTF-16 units: an emoji or a CJK Extension B character counts two), a name
 * that starts or ends with an apostrophe, and `History`; XML refuses control characters; and the
 * product's own very hidden sheet (`zpb_templates`) must keep its name.
 */
import { TEMPLATE_SHEET } from "./carried-templates";

const FORBIDDEN = /[[\]:*?/\\]/g;
// C0 controls and DEL: not allowed in an XML attribute, and meaningless in a name (a tab pasted from Word).
const CONTROL = /[\u0000-\u001f\u007f]/g; // eslint-disable-line no-control-regex
export const MAX_SHEET_NAME = 31;
const RESERVED = new Set(["history", TEMPLATE_SHEET.toLowerCase()]);

/** At most `units` UTF-16 units of `text`, never half of a surrogate pair. */
export function cutUnits(text: string, units: number): string {
  let out = "";
  for (const ch of text) {
    if (out.length + ch.length > units) break;
    out += ch;
  }
  return out;
}

/** `text` as a sheet name's stem of at most `units` units, or `fallback` when nothing is left of it. */
export function sheetNameStem(text: string | null, fallback: string, units = MAX_SHEET_NAME): string {
  const clean = (s: string): string =>
    s
      .replace(CONTROL, " ")
      .replace(FORBIDDEN, "_")
      .replace(/\s+/g, " ")
      .trim()
      .replace(/^'+|'+$/g, "");
  let stem = clean(cutUnits(clean(text ?? ""), units));
  if (stem === "") stem = cutUnits(fallback, units);
  if (RESERVED.has(stem.toLowerCase())) stem = `${cutUnits(stem, units - 1)}_`;
  return stem;
}

/**
 * Sheet names for the forms: each project's name made safe, unique (case-insensitively, as Excel
 * compares them, and apart from the product's hidden sheet), the kind's name when blank.
 * @example sheetNames(["a/b", "a/b", null], ["自评表", "自评表", "申报表"]) // ["a_b", "a_b(2)", "申报表"]
 */
export function sheetNames(names: readonly (string | null)[], fallbacks: readonly string[]): string[] {
  const used = new Set<string>([TEMPLATE_SHEET.toLowerCase()]);
  return names.map((raw, i) => {
    const base = sheetNameStem(raw, fallbacks[i]);
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n++) {
      const suffix = `(${n})`;
      name = `${sheetNameStem(base, fallbacks[i], MAX_SHEET_NAME - suffix.length)}${suffix}`;
    }
    used.add(name.toLowerCase());
    return name;
  });
}
