/**
 * Cell addresses. Inside the product an address is zero-based `{ row, col }`; "B7"-style text exists
 * only at the edges (messages, JSON, Office.js range strings).
 */

export interface CellAddress {
  readonly row: number;
  readonly col: number;
}

/** A cell on a named sheet: what a finding points at. */
export interface SheetCell extends CellAddress {
  readonly sheet: string;
}

/** Thrown when a programmer passes an address string that is not A1 notation. */
export class AddressSyntaxError extends Error {
  constructor(text: string) {
    super(`not an A1 address: ${JSON.stringify(text)}`);
    this.name = "AddressSyntaxError";
  }
}

/**
 * Column letters for a zero-based column index.
 * @example columnLetters(0) === "A"; columnLetters(27) === "AB"
 */
export function columnLetters(col: number): string {
  let n = col + 1;
  let out = "";
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/**
 * Parses "B7" (or "$B$7") into a zero-based address; throws on anything else, because callers pass
 * literals or addresses the product produced itself.
 * @example adr("B7") // { row: 6, col: 1 }
 */
export function adr(text: string): CellAddress {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/.exec(text.trim());
  if (!m) throw new AddressSyntaxError(text);
  let col = 0;
  for (const ch of m[1].toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]) - 1, col: col - 1 };
}

/**
 * A1 text of an address.
 * @example a1({ row: 6, col: 1 }) === "B7"
 */
export function a1(address: CellAddress): string {
  return `${columnLetters(address.col)}${address.row + 1}`;
}

/** A sheet cell from a sheet name and an A1 string. @example at("Sheet1", "I5") */
export function at(sheet: string, text: string): SheetCell {
  return { sheet, ...adr(text) };
}

/**
 * `Sheet!A1` text, with the sheet name quoted the way Excel quotes it when it holds spaces or
 * punctuation.
 * @example formatSheetCell({ sheet: "Sheet1", row: 4, col: 8 }) === "Sheet1!I5"
 */
export function formatSheetCell(cell: SheetCell): string {
  const plain = /^[\p{L}_][\p{L}\p{N}_.]*$/u.test(cell.sheet);
  const name = plain ? cell.sheet : `'${cell.sheet.replace(/'/g, "''")}'`;
  return `${name}!${a1(cell)}`;
}

/**
 * A1 text of a rectangle. @example rangeA1({ row: 0, col: 0 }, { row: 30, col: 8 }) === "A1:I31"
 */
export function rangeA1(topLeft: CellAddress, bottomRight: CellAddress): string {
  return `${a1(topLeft)}:${a1(bottomRight)}`;
}
