/**
 * Exact decimal arithmetic for money and scores. Binary floating point turns 9.985 into
 * 9.98499999…, so ROUND(9.985, 2) would give 9.98; Excel's ROUND gives 9.99, and so must we.
 */
import Decimal from "decimal.js";
import { remembered } from "./memo";

/** A private Decimal constructor so that no other library's global settings leak in. */
export const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -30, toExpPos: 40 });
export type Dec = InstanceType<typeof Dec>;

/** ROUND (half away from zero, as Excel) or ROUNDDOWN (toward zero, as Excel). */
export type RoundingMode = "round" | "rounddown";

/**
 * A decimal from a JavaScript number or numeric string. A number is taken by its shortest
 * round-trip text (0.1 → "0.1"), which is what the user typed or what the cell shows.
 * @example dec(9.985).toString() === "9.985"
 */
export function dec(value: number | string | Dec): Dec {
  return value instanceof Dec ? value : decOf(value);
}
// Decimals are immutable: the constants and amounts the checks build again and again are built once.
const decOf = remembered((value: number | string) => new Dec(value));

/**
 * Rounds like Excel's ROUND or ROUNDDOWN to `places` decimals.
 * @example roundTo(dec("9.985"), 2, "round").toFixed(2) === "9.99"
 * @example roundTo(dec("9.989"), 2, "rounddown").toFixed(2) === "9.98"
 */
export function roundTo(value: Dec, places: number, mode: RoundingMode): Dec {
  return value.toDecimalPlaces(places, mode === "round" ? Dec.ROUND_HALF_UP : Dec.ROUND_DOWN);
}

/** Equal to the cent: a sum computed in a spreadsheet may carry float noise such as 0.30000000000000004. */
export function sameCents(a: Dec, b: Dec): boolean {
  return a.minus(b).abs().lessThan("0.005");
}

/** Decimal places of a number's shortest text form. @example decimalsOf(dec("9.70")) === 1 */
export function decimalsOf(value: Dec): number {
  return value.decimalPlaces();
}

/** Plain JavaScript number, for JSON output (rates as fractions, scores with their decimals). */
export function toNumber(value: Dec): number {
  return value.toNumber();
}
