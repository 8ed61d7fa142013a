/**
 * Test helper: a WorkbookGrid straight from sheet descriptions, as a writer then a reader would give
 * it (formula cells carry their formula and, unless given, no cached value), and edits a user makes
 * in Excel: inserting or deleting rows (names and merges move with them), typing over a cell.
 */
import { a1 } from "../src/domain/address";
import type { RawValue } from "../src/domain/numbers";
import {
  cellKey,
  mapGrid,
  type DefinedName,
  type GridCell,
  type MergedRange,
  type WorkbookGrid,
} from "../src/layout/grid";
import type { SheetDescription } from "../src/layout/sheet";

export interface EditableSheet {
  name: string;
  cells: Map<number, GridCell>;
  merges: MergedRange[];
}

export interface EditableWorkbook {
  sheets: EditableSheet[];
  names: { name: string; sheet: string; from: { row: number; col: number }; to: { row: number; col: number } }[];
}

export function fromDescriptions(descriptions: readonly SheetDescription[]): EditableWorkbook {
  const wb: EditableWorkbook = { sheets: [], names: [] };
  for (const d of descriptions) {
    const cells = new Map<number, GridCell>();
    for (const c of d.cells) {
      if (c.formula === undefined && (c.value === undefined || c.value === null)) continue;
      cells.set(cellKey(c.row, c.col), {
        value: c.formula !== undefined ? null : (c.value ?? null),
        ...(c.formula !== undefined ? { formula: c.formula } : {}),
        ...(c.style?.numberFormat ? { numberFormat: c.style.numberFormat } : {}),
      });
    }
    wb.sheets.push({ name: d.sheetName, cells, merges: d.merges.map((m) => ({ from: m.from, to: m.to })) });
    for (const n of d.names) wb.names.push({ name: n.name, sheet: d.sheetName, from: n.range.from, to: n.range.to });
  }
  return wb;
}

const quote = (sheet: string): string => `'${sheet.replace(/'/g, "''")}'`;

export function toGrid(wb: EditableWorkbook): WorkbookGrid {
  const definedNames: DefinedName[] = wb.names.map((n) => ({
    name: n.name,
    scope: null,
    ref:
      n.from.row === n.to.row && n.from.col === n.to.col
        ? `${quote(n.sheet)}!$${a1(n.from).replace(/(\d+)/, "$$$1")}`
        : `${quote(n.sheet)}!${a1(n.from)}:${a1(n.to)}`,
  }));
  return { sheets: wb.sheets.map((s) => mapGrid(s.name, s.cells, s.merges)), definedNames };
}

/** Types a value over a cell (a formula there is lost, as in Excel). */
export function typeInto(
  wb: EditableWorkbook,
  sheet: string,
  address: { row: number; col: number },
  value: RawValue,
): void {
  const s = wb.sheets.find((x) => x.name === sheet);
  if (!s) throw new Error(sheet);
  s.cells.set(cellKey(address.row, address.col), { value });
}

/** Shifts everything at or below `row` by `delta` rows (insert with +1, delete with -1 after clearing). */
function shift(wb: EditableWorkbook, sheet: string, row: number, delta: number): void {
  const s = wb.sheets.find((x) => x.name === sheet);
  if (!s) throw new Error(sheet);
  const moved = new Map<number, GridCell>();
  for (const [key, cell] of s.cells) {
    const r = Math.floor(key / 16384);
    const c = key % 16384;
    moved.set(cellKey(r >= row ? r + delta : r, c), cell);
  }
  s.cells = moved;
  const mv = (p: { row: number; col: number }) => (p.row >= row ? { row: p.row + delta, col: p.col } : p);
  s.merges = s.merges.map((m) => ({ from: mv(m.from), to: m.to.row >= row ? mv(m.to) : m.to }));
  for (const n of wb.names)
    if (n.sheet === sheet) Object.assign(n, { from: mv(n.from), to: n.to.row >= row ? mv(n.to) : n.to });
}

/** Inserts an empty row before `row`, as Excel's Insert Row does. */
export function insertRow(wb: EditableWorkbook, sheet: string, row: number): void {
  shift(wb, sheet, row, 1);
}

/** Deletes a row, as Excel's Delete Row does (merges that covered it shrink). */
export function deleteRow(wb: EditableWorkbook, sheet: string, row: number): void {
  const s = wb.sheets.find((x) => x.name === sheet);
  if (!s) throw new Error(sheet);
  for (const key of [...s.cells.keys()]) if (Math.floor(key / 16384) === row) s.cells.delete(key);
  s.merges = s.merges.filter((m) => !(m.from.row === row && m.to.row === row));
  shift(wb, sheet, row + 1, -1);
}
