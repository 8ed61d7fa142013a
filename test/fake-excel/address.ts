/**
 * Addresses as the Excel JS API writes them — `A1`, `A1:C3`, `A:C`, `3:5`, `'自评表 (2)'!A1:C3` — for the
 * in-memory workbook: parsed into zero-based rectangles, and written back the way Excel answers
 * `Range.address` (sheet-qualified, relative) and `NamedItem.formula` (sheet-qualified, absolute).
 */
import { a1, adr, columnLetters } from "../../src/domain/address";

/** Excel's grid. */
export const MAX_ROWS = 1048576;
export const MAX_COLS = 16384;

/** A zero-based, inclusive rectangle of cells. */
export interface Rect {
  readonly r1: number;
  readonly c1: number;
  readonly r2: number;
  readonly c2: number;
}

export const rectRows = (r: Rect): number => r.r2 - r.r1 + 1;
export const rectCols = (r: Rect): number => r.c2 - r.c1 + 1;
export const rectCells = (r: Rect): number => rectRows(r) * rectCols(r);
export const isEntireRows = (r: Rect): boolean => r.c1 === 0 && r.c2 === MAX_COLS - 1;
export const isEntireColumns = (r: Rect): boolean => r.r1 === 0 && r.r2 === MAX_ROWS - 1;

export function intersect(a: Rect, b: Rect): Rect | null {
  const r1 = Math.max(a.r1, b.r1);
  const c1 = Math.max(a.c1, b.c1);
  const r2 = Math.min(a.r2, b.r2);
  const c2 = Math.min(a.c2, b.c2);
  return r1 <= r2 && c1 <= c2 ? { r1, c1, r2, c2 } : null;
}

export const contains = (outer: Rect, inner: Rect): boolean =>
  inner.r1 >= outer.r1 && inner.r2 <= outer.r2 && inner.c1 >= outer.c1 && inner.c2 <= outer.c2;

export const containsCell = (r: Rect, row: number, col: number): boolean =>
  row >= r.r1 && row <= r.r2 && col >= r.c1 && col <= r.c2;

/** Splits `'a b'!A1:B2` into the sheet name (unquoted) and the local part. */
export function splitSheet(address: string): { sheet: string | null; local: string } {
  const text = address.trim().replace(/^=/, "");
  const bang = text.lastIndexOf("!");
  if (bang < 0) return { sheet: null, local: text };
  let sheet = text.slice(0, bang);
  if (sheet.startsWith("'") && sheet.endsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
  return { sheet, local: text.slice(bang + 1) };
}

const CELL = /^\$?([A-Z]{1,3})\$?(\d{1,7})$/i;
const COLS = /^\$?([A-Z]{1,3})$/i;
const ROWS = /^\$?(\d{1,7})$/;

function colIndex(letters: string): number {
  return adr(`${letters.toUpperCase()}1`).col;
}

/**
 * A local address (`A1`, `A1:C3`, `A:C`, `3:5`, with or without `$`) as a rectangle; null when it is not
 * one (a name, `#REF!`, several areas).
 */
export function parseLocal(local: string): Rect | null {
  const parts = local.trim().split(":");
  if (parts.length < 1 || parts.length > 2) return null;
  const [p1, p2 = p1] = parts;
  let m1 = CELL.exec(p1);
  let m2 = CELL.exec(p2);
  if (m1 && m2) {
    const a = adr(`${m1[1].toUpperCase()}${m1[2]}`);
    const b = adr(`${m2[1].toUpperCase()}${m2[2]}`);
    return norm({ r1: a.row, c1: a.col, r2: b.row, c2: b.col });
  }
  if (parts.length !== 2) return null;
  m1 = COLS.exec(p1);
  m2 = COLS.exec(p2);
  if (m1 && m2) return norm({ r1: 0, c1: colIndex(m1[1]), r2: MAX_ROWS - 1, c2: colIndex(m2[1]) });
  m1 = ROWS.exec(p1);
  m2 = ROWS.exec(p2);
  if (m1 && m2) return norm({ r1: Number(m1[1]) - 1, c1: 0, r2: Number(m2[1]) - 1, c2: MAX_COLS - 1 });
  return null;
}

function norm(r: Rect): Rect | null {
  const out = {
    r1: Math.min(r.r1, r.r2),
    r2: Math.max(r.r1, r.r2),
    c1: Math.min(r.c1, r.c2),
    c2: Math.max(r.c1, r.c2),
  };
  if (out.r1 < 0 || out.c1 < 0 || out.r2 >= MAX_ROWS || out.c2 >= MAX_COLS) return null;
  return out;
}

/** `A1:C3`, `C3` for one cell, `A:C` for entire columns, `3:5` for entire rows; `$` on request. */
export function localAddress(r: Rect, absolute = false): string {
  const d = absolute ? "$" : "";
  if (isEntireColumns(r) && !isEntireRows(r)) return `${d}${columnLetters(r.c1)}:${d}${columnLetters(r.c2)}`;
  if (isEntireRows(r)) return `${d}${r.r1 + 1}:${d}${r.r2 + 1}`;
  const cell = (row: number, col: number): string =>
    absolute ? `$${columnLetters(col)}$${row + 1}` : a1({ row, col });
  return r.r1 === r.r2 && r.c1 === r.c2 ? cell(r.r1, r.c1) : `${cell(r.r1, r.c1)}:${cell(r.r2, r.c2)}`;
}

/**
 * A sheet name as Excel writes it before `!`: bare when it is only letters (any script), digits and
 * underscores and does not start with a digit; otherwise quoted, with quotes doubled.
 */
export function quoteSheet(name: string): string {
  return /^[\p{L}_][\p{L}\p{N}_.]*$/u.test(name) && !/^[A-Z]{1,3}\d+$/i.test(name)
    ? name
    : `'${name.replace(/'/g, "''")}'`;
}

/** `自评表!A1:C3`: what `Range.address` answers. */
export const sheetAddress = (sheet: string, r: Rect): string => `${quoteSheet(sheet)}!${localAddress(r)}`;

/** `=自评表!$C$3`: what `NamedItem.formula` answers for a name of a range. */
export const nameFormula = (sheet: string, r: Rect): string => `=${quoteSheet(sheet)}!${localAddress(r, true)}`;
