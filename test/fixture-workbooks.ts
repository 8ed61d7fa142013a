/**
 * Test helper: the fixture TSVs (and the layout variants of tsv-grid.ts) written as real .xlsx files
 * with ExcelJS — one line a row, one TAB-separated field a cell — so that the CLI reads forms the way
 * units send them: through the fast reader, not through a SheetGrid built in memory.
 *
 * The cells and merges written are exactly those of `tsvGrid` with the same options, so a test can
 * compare what the file reads as with what the in-memory grid reads as:
 * - `merged`: label cells merged over the empty cells that follow them on their row (tsv-grid's
 *   `mergeLabels`), as the published forms show them;
 * - `numbersAsText`: every cell as the text of the TSV (`9.00` stays text, as in a sheet pasted from
 *   a web page); by default cells that read as plain numbers are stored as numbers with a number
 *   format (`0.00`, `#,##0.00`), as in a workbook typed in Excel.
 */
import ExcelJS from "exceljs";
import type { SheetGrid } from "../src/layout/grid";
import { MINHANG, readSeed, SONGJIANG } from "./fixtures";
import { tsvGrid, type Rows } from "./tsv-grid";

export interface WorkbookSheetOptions {
  /** The worksheet's name (default `Sheet1`). */
  readonly name?: string;
  readonly merged?: boolean;
  readonly numbersAsText?: boolean;
}

export interface WorkbookSheet extends WorkbookSheetOptions {
  readonly rows: Rows;
}

/** The SheetGrid a sheet written with these options reads as: the same cells, values and merges. */
export function gridOf(rows: Rows, options: WorkbookSheetOptions = {}): SheetGrid {
  return tsvGrid(rows, {
    name: options.name ?? "Sheet1",
    mergeLabels: options.merged === true,
    numbers: options.numbersAsText !== true,
  });
}

/** Adds one worksheet holding the grid's cells, number formats and merges; returns it. */
export function addGrid(workbook: ExcelJS.Workbook, grid: SheetGrid): ExcelJS.Worksheet {
  const ws = workbook.addWorksheet(grid.name);
  for (let r = 0; r < grid.rowCount; r++) {
    for (let c = 0; c < grid.colCount; c++) {
      const cell = grid.cell(r, c);
      if (!cell || cell.value === null) continue;
      const target = ws.getCell(r + 1, c + 1);
      target.value = typeof cell.value === "boolean" ? String(cell.value) : cell.value;
      if (cell.numberFormat) target.numFmt = cell.numberFormat;
    }
  }
  for (const m of grid.merges) ws.mergeCells(m.from.row + 1, m.from.col + 1, m.to.row + 1, m.to.col + 1);
  return ws;
}

/**
 * Writes sheets of TSV rows as one .xlsx file; returns the grids the sheets read as.
 * @example await writeRowsWorkbook([{ rows: readSeed(MINHANG), name: "闵行", merged: true }], "闵行.xlsx")
 */
export async function writeRowsWorkbook(sheets: readonly WorkbookSheet[], file: string): Promise<SheetGrid[]> {
  const workbook = new ExcelJS.Workbook();
  const grids = sheets.map((s) => gridOf(s.rows, s));
  for (const grid of grids) addGrid(workbook, grid);
  await workbook.xlsx.writeFile(file);
  return grids;
}

export type Fixture = "minhang" | "songjiang";

/** The rows of a fixture TSV (a fresh copy each time). */
export function fixtureRows(which: Fixture): Rows {
  return readSeed(which === "minhang" ? MINHANG : SONGJIANG);
}

/**
 * Writes one fixture as a one-sheet workbook (sheet `闵行` or `松江` unless named); returns its grid.
 * @example await writeFixtureWorkbook("minhang", "闵行.xlsx", { merged: true })
 */
export async function writeFixtureWorkbook(
  which: Fixture,
  file: string,
  options: WorkbookSheetOptions = {},
): Promise<SheetGrid> {
  const name = options.name ?? (which === "minhang" ? "闵行" : "松江");
  const [grid] = await writeRowsWorkbook([{ ...options, name, rows: fixtureRows(which) }], file);
  return grid;
}
