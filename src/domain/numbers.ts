/**
 * Reading numeric cells (budgets, 分值, 得分, 总分, 执行率) the way finance staff type them: numbers,
 * text with thousands separators or full-width digits, a trailing `%`, a placeholder dash on rows that
 * have no value, or a spreadsheet error such as `#DIV/0!`.
 */
import { Dec, dec } from "./decimal";
import { remembered } from "./memo";
import { stripSpaces, toHalfWidth } from "./text";

/** What a cell may hold once read: text, a number, a boolean, or nothing. */
export type RawValue = string | number | boolean | null;

export type NumberReading =
  | {
      readonly ok: true;
      readonly value: Dec;
      /** The text ended in `%` (the number is as typed: "85.19%" gives 85.19 with percent true). */
      readonly percent: boolean;
      /** Decimal places as shown: "9.70" has 2, the number 9.7 has 1. */
      readonly decimals: number;
    }
  | {
      readonly ok: false;
      readonly reason: "blank" | "placeholder" | "not-a-number" | "error-value";
      readonly text: string;
    };

const PLACEHOLDER = /^(-|--|—|——|–|－|\/|\\|不适用|无)$/;
const ERROR_VALUE =
  /^#(DIV\/0!|N\/A|NAME\?|NULL!|NUM!|REF!|VALUE!|SPILL!|CALC!|GETTING_DATA|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!)$/i;
// A money unit or 分 typed after the number (`150万`, `195.5万元`, `99.55分`) is the column's own unit.
const NUMERIC = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(%?)(?:万元|万|元|分)?$/;

/**
 * Reads a numeric cell.
 * @example readNumber("1,980.00") // { ok: true, value: 1980.00, percent: false, decimals: 2 }
 * @example readNumber("#DIV/0!") // { ok: false, reason: "error-value", text: "#DIV/0!" }
 */
export function readNumber(raw: RawValue | undefined): NumberReading {
  if (raw === null || raw === undefined) return BLANK;
  if (typeof raw === "boolean") return readUncached(raw);
  return readRemembered(raw);
}

const BLANK: NumberReading = Object.freeze({ ok: false, reason: "blank", text: "" });
// The same amounts and scores recur in every form (`10.00`, `100`): each is parsed into a decimal once.
const readRemembered = remembered((raw: string | number) => Object.freeze(readUncached(raw)));

function readUncached(raw: string | number | boolean): NumberReading {
  if (typeof raw === "number") {
    if (!Number.isFinite(raw)) return { ok: false, reason: "not-a-number", text: String(raw) };
    const value = dec(raw);
    return { ok: true, value, percent: false, decimals: value.decimalPlaces() };
  }
  if (typeof raw === "boolean") return { ok: false, reason: "not-a-number", text: raw ? "TRUE" : "FALSE" };
  const text = stripSpaces(toHalfWidth(raw)).replace(/(\d),(?=\d{3}(?!\d))/g, "$1");
  if (text === "") return { ok: false, reason: "blank", text: raw };
  if (PLACEHOLDER.test(text)) return { ok: false, reason: "placeholder", text: raw };
  if (ERROR_VALUE.test(text)) return { ok: false, reason: "error-value", text: raw };
  const m = NUMERIC.exec(text);
  if (!m) return { ok: false, reason: "not-a-number", text: raw };
  const dot = m[1].indexOf(".");
  const decimals = dot < 0 ? 0 : m[1].length - dot - 1;
  return { ok: true, value: new Dec(m[1].endsWith(".") ? m[1].slice(0, -1) : m[1]), percent: m[2] === "%", decimals };
}

/** A calendar date. */
export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** Excel's serial day 0 is 1899-12-30 once its 1900 leap-year bug is accounted for. */
const EXCEL_EPOCH_UTC = Date.UTC(1899, 11, 30);

/**
 * Reads a date typed as text (`2024-01-01`, `2024/1/1`, `2024.01.01`, `2024年1月1日`, or a month alone:
 * `2023.07`, `202307`, taken as its first day — its last with `end`) or stored as an Excel serial
 * number; null when it is not a real date.
 * @example readDate("2024年1月1日") // { year: 2024, month: 1, day: 1 }
 */
export function readDate(raw: RawValue | undefined, end = false): CalendarDate | null {
  if (typeof raw === "number") {
    if (!Number.isFinite(raw) || raw < 1 || raw > 2958465) return null;
    const d = new Date(EXCEL_EPOCH_UTC + Math.floor(raw) * 86400000);
    return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
  }
  if (typeof raw !== "string") return null;
  const text = stripSpaces(toHalfWidth(raw));
  // A month alone (`2023.07`, `2023年7月`, `202307`): its first day, or its last when it ends a period.
  const monthOnly = /^(\d{4})(?:[-/.年](\d{1,2})月?|(\d{2}))$/.exec(text);
  if (monthOnly) {
    const [year, month] = [Number(monthOnly[1]), Number(monthOnly[2] ?? monthOnly[3])];
    if (month < 1 || month > 12) return null;
    return { year, month, day: end ? new Date(Date.UTC(year, month, 0)).getUTCDate() : 1 };
  }
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return null;
  return { year, month, day };
}

/** Orders two dates: negative when a is earlier. */
export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}
