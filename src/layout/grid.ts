/**
 * A read-only view of a workbook's cells, whatever they were read from: an .xlsx file (src/xlsx) or
 * Office.js (src/excel). The readers of forms work on this view, so one reader serves both.
 */
import type { CellAddress } from "../domain/address";
import type { Field } from "../domain/model";
import type { RawValue } from "../domain/numbers";

export interface GridCell {
  /** The cell's value: for a formula, its cached result; an error value is its text (`#DIV/0!`). */
  readonly value: RawValue;
  /** The formula without its leading `=`, when the cell has one. */
  readonly formula?: string;
  /** The number format code, when it is not General (`0.00%`, `0.00`). */
  readonly numberFormat?: string;
  /** The value is a spreadsheet error (`#DIV/0!`, `#N/A`, …). */
  readonly isError?: boolean;
}

export interface MergedRange {
  readonly from: CellAddress;
  readonly to: CellAddress;
}

export interface SheetGrid {
  readonly name: string;
  /** visible, hidden, or veryHidden (a sheet only code can show, such as a carried template). */
  readonly state: "visible" | "hidden" | "veryHidden";
  /** One past the last used row and column (0 and 0 for an empty sheet). */
  readonly rowCount: number;
  readonly colCount: number;
  /** The cell at a zero-based address, or undefined when it is empty. */
  cell(row: number, col: number): GridCell | undefined;
  /**
   * The non-empty cells of a row, by column, where the grid can list them without probing every
   * column (a reader that scans whole sheets uses it; `cell` is enough otherwise).
   */
  rowCells?(row: number): readonly (readonly [col: number, cell: GridCell])[];
  readonly merges: readonly MergedRange[];
}

export interface DefinedName {
  readonly name: string;
  /** The sheet the name is local to, or null for a workbook-wide name. */
  readonly scope: string | null;
  /** What it refers to, as written: `'自评表'!$C$3` or `Sheet1!$A$14:$H$19`. */
  readonly ref: string;
}

export interface WorkbookGrid {
  readonly sheets: readonly SheetGrid[];
  readonly definedNames: readonly DefinedName[];
  /**
   * Where a cell is in words, when the source is not a spreadsheet (a Word table: `表2 第5行第3列`; a
   * PDF: `第3页 …`); absent for workbooks, whose `Sheet!A1` says it. A function: never sent between threads.
   */
  readonly locate?: (cell: { readonly sheet: string; readonly row: number; readonly col: number }) => string | null;
}

/** Key of a cell in a Map: row-major, 16384 columns as in Excel. */
export const cellKey = (row: number, col: number): number => row * 16384 + col;

/** A SheetGrid over a Map of cells, for readers and tests. */
export function mapGrid(
  name: string,
  cells: ReadonlyMap<number, GridCell>,
  merges: readonly MergedRange[] = [],
  state: SheetGrid["state"] = "visible",
): SheetGrid {
  let rowCount = 0;
  let colCount = 0;
  for (const key of cells.keys()) {
    rowCount = Math.max(rowCount, Math.floor(key / 16384) + 1);
    colCount = Math.max(colCount, (key % 16384) + 1);
  }
  let byRow: Map<number, [number, GridCell][]> | null = null;
  const rowCells = (row: number): readonly (readonly [number, GridCell])[] => {
    if (byRow === null) {
      byRow = new Map();
      for (const [key, cell] of cells) {
        const r = Math.floor(key / 16384);
        const list = byRow.get(r) ?? [];
        list.push([key % 16384, cell]);
        byRow.set(r, list);
      }
      for (const list of byRow.values()) list.sort((a, b) => a[0] - b[0]);
    }
    return byRow.get(row) ?? [];
  };
  return { name, state, rowCount, colCount, merges, cell: (row, col) => cells.get(cellKey(row, col)), rowCells };
}

/** The cell of a merged area that holds its value: the top-left cell of the merge containing `at`. */
export function mergeAnchor(sheet: SheetGrid, at: CellAddress): CellAddress {
  for (const m of sheet.merges) {
    if (at.row >= m.from.row && at.row <= m.to.row && at.col >= m.from.col && at.col <= m.to.col) return m.from;
  }
  return at;
}

/** The field of a cell, read from the anchor of the merge it is in (the value and its number format). */
export function fieldAt(sheet: SheetGrid, at: CellAddress): Field {
  const anchor = mergeAnchor(sheet, at);
  const cell = sheet.cell(anchor.row, anchor.col);
  return { value: cell?.value ?? null, at: anchor, ...(cell?.numberFormat ? { numberFormat: cell.numberFormat } : {}) };
}
