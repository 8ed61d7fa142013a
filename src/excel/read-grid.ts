/**
 * Reads a workbook, or one sheet, into the WorkbookGrid view (src/layout/grid.ts) with Office.js, so
 * that the readers of forms work the same on the add-in and on files, in bounded round trips (see
 * "Bounded reads" below): one sheet whose cells lie within A1:Z200 — any form — takes one round trip.
 */
import { adr, columnLetters } from "../domain/address";
import type { RawValue } from "../domain/numbers";
import { cellKey, mapGrid, type DefinedName, type GridCell, type MergedRange, type WorkbookGrid } from "../layout/grid";
import type { ApiSupport, SkippedFeature } from "./run";

export interface ReadGridOptions {
  readonly supports: ApiSupport;
}

export interface GridRead {
  readonly workbook: WorkbookGrid;
  /** Merged areas need ExcelApi 1.13; without it the sheets come back without merges. */
  readonly skipped: readonly SkippedFeature[];
}

/** The requests of one sheet, queued before the round trip that answers them. */
interface SheetLoad {
  readonly worksheet: Excel.Worksheet;
  readonly used: Excel.Range;
  readonly head: Excel.Range | null;
  readonly merged: Excel.RangeAreas | null;
  readonly names: Excel.NamedItemCollection;
}

const STATE = { Visible: "visible", Hidden: "hidden", VeryHidden: "veryHidden" } as const;

/**
 * Splits a RangeAreas address (`'自评 表'!A1:I1, '自评 表'!A2:I2` or `Sheet1!A1:B2,Sheet1!C3`) into
 * rectangles. Commas inside a quoted sheet name are not separators; the sheet part is dropped.
 * @example parseAreas("Sheet1!A1:I1,Sheet1!B3") // [{ from: A1, to: I1 }, { from: B3, to: B3 }]
 */
export function parseAreas(address: string): MergedRange[] {
  const parts: string[] = [];
  let current = "";
  let quoted = false;
  for (const ch of address) {
    if (ch === "'") quoted = !quoted;
    if (ch === "," && !quoted) {
      parts.push(current);
      current = "";
    } else current += ch;
  }
  parts.push(current);
  const out: MergedRange[] = [];
  for (const part of parts) {
    const local = part.slice(part.lastIndexOf("!") + 1).trim();
    const m = /^(\$?[A-Z]{1,3}\$?\d+)(?::(\$?[A-Z]{1,3}\$?\d+))?$/i.exec(local);
    if (!m) continue;
    const from = adr(m[1]);
    out.push({ from, to: m[2] ? adr(m[2]) : from });
  }
  return out;
}

/** A cell's value as the grid holds it: Excel's "" is null. */
function rawValue(value: unknown): RawValue {
  if (value === "" || value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  return String(value);
}

/** The cell properties every read loads. */
const CELL_PROPS = "values, formulas, numberFormat, valueTypes";

/**
 * Adds the cells of a loaded block to a grid. Office.js gives 2-D arrays from the block's top-left
 * corner (`top`, `left`), which need not be A1.
 */
function addCells(cells: Map<number, GridCell>, block: Excel.Range, top: number, left: number): void {
  block.values.forEach((row, r) =>
    row.forEach((value, c) => {
      const formulaText: unknown = block.formulas[r][c];
      const formula = typeof formulaText === "string" && formulaText.startsWith("=") ? formulaText.slice(1) : undefined;
      const isError = block.valueTypes[r][c] === "Error";
      const v = rawValue(value);
      if (v === null && formula === undefined) return;
      const numberFormat: unknown = block.numberFormat[r][c];
      cells.set(cellKey(top + r, left + c), {
        value: v,
        ...(formula !== undefined ? { formula } : {}),
        ...(typeof numberFormat === "string" && numberFormat !== "" && numberFormat !== "General"
          ? { numberFormat }
          : {}),
        ...(isError ? { isError: true } : {}),
      });
    }),
  );
}

// ---------------------------------------------------------------------------------------------------
// Bounded reads. Excel on the web refuses a response over 5 MB and a read of more than five million
// cells (https://learn.microsoft.com/office/dev/add-ins/concepts/resource-limits-and-performance-optimization#excel-add-ins).
// A form's cells come with the sheet's first round trip when they lie within HEAD; anything beyond is
// read in blocks of whole rows, at most CELLS_PER_ROUND_TRIP cells a round trip, and a block whose
// answer is still too heavy (long texts) is halved until it passes.

/** The window read with a sheet's first round trip: room for any form (the longest seen is ~60 rows). */
export const HEAD = { rows: 200, cols: 26 } as const;
/** Cells loaded in one round trip beyond the head: about 2 MB with the four properties of short cells. */
export const CELLS_PER_ROUND_TRIP = 40_000;

const PAYLOAD_TOO_LARGE = "ResponsePayloadSizeLimitExceeded";

/** A rectangle of one sheet to load, zero-based. */
interface Block {
  readonly sheet: number;
  readonly row: number;
  readonly col: number;
  readonly rows: number;
  readonly cols: number;
}

/** The used range's extent, as loaded. */
interface Extent {
  readonly row: number;
  readonly col: number;
  readonly rows: number;
  readonly cols: number;
}

const extentOf = (used: Excel.Range): Extent | null =>
  used.isNullObject ? null : { row: used.rowIndex, col: used.columnIndex, rows: used.rowCount, cols: used.columnCount };

/** The parts of an extent not covered by the head window, cut into blocks of at most `CELLS_PER_ROUND_TRIP` cells. */
function blocksBeyond(sheet: number, e: Extent, head: { rows: number; cols: number }): Block[] {
  const parts: Extent[] = [];
  const lastRow = e.row + e.rows - 1;
  const lastCol = e.col + e.cols - 1;
  // Right of the window, every used row; below the window, the window's columns.
  if (lastCol >= head.cols) {
    const col = Math.max(e.col, head.cols);
    parts.push({ row: e.row, col, rows: e.rows, cols: lastCol - col + 1 });
  }
  if (lastRow >= head.rows && e.col < head.cols) {
    const row = Math.max(e.row, head.rows);
    parts.push({ row, col: e.col, rows: lastRow - row + 1, cols: Math.min(lastCol, head.cols - 1) - e.col + 1 });
  }
  return parts.flatMap((p) => rowBlocks(sheet, p));
}

function rowBlocks(sheet: number, p: Extent): Block[] {
  const step = Math.max(1, Math.floor(CELLS_PER_ROUND_TRIP / p.cols));
  const out: Block[] = [];
  for (let r = 0; r < p.rows; r += step)
    out.push({ sheet, row: p.row + r, col: p.col, rows: Math.min(step, p.rows - r), cols: p.cols });
  return out;
}

const isPayloadError = (error: unknown): boolean =>
  typeof error === "object" && error !== null && (error as { code?: unknown }).code === PAYLOAD_TOO_LARGE;

/**
 * Loads blocks into their sheets' grids: packed into round trips of at most CELLS_PER_ROUND_TRIP
 * cells; a round trip whose answer Excel finds too large is split (blocks, then rows, then columns)
 * and tried again. A single cell too large fails as Excel failed.
 */
async function loadBlocks(
  context: Excel.RequestContext,
  worksheets: readonly Excel.Worksheet[],
  blocks: readonly Block[],
  into: readonly Map<number, GridCell>[],
): Promise<void> {
  const trips: Block[][] = [];
  let trip: Block[] = [];
  let cells = 0;
  for (const b of blocks) {
    const n = b.rows * b.cols;
    if (trip.length > 0 && cells + n > CELLS_PER_ROUND_TRIP) {
      trips.push(trip);
      trip = [];
      cells = 0;
    }
    trip.push(b);
    cells += n;
  }
  if (trip.length > 0) trips.push(trip);
  for (const t of trips) await loadTrip(context, worksheets, t, into);
}

async function loadTrip(
  context: Excel.RequestContext,
  worksheets: readonly Excel.Worksheet[],
  trip: readonly Block[],
  into: readonly Map<number, GridCell>[],
): Promise<void> {
  const ranges = trip.map((b) => worksheets[b.sheet].getRangeByIndexes(b.row, b.col, b.rows, b.cols).load(CELL_PROPS));
  try {
    await context.sync();
  } catch (error) {
    if (!isPayloadError(error)) throw error;
    if (trip.length > 1) {
      const half = Math.ceil(trip.length / 2);
      await loadTrip(context, worksheets, trip.slice(0, half), into);
      await loadTrip(context, worksheets, trip.slice(half), into);
      return;
    }
    const b = trip[0];
    if (b.rows === 1 && b.cols === 1) throw error;
    const halves: Block[] =
      b.rows > 1
        ? [
            { ...b, rows: Math.ceil(b.rows / 2) },
            { ...b, row: b.row + Math.ceil(b.rows / 2), rows: b.rows - Math.ceil(b.rows / 2) },
          ]
        : [
            { ...b, cols: Math.ceil(b.cols / 2) },
            { ...b, col: b.col + Math.ceil(b.cols / 2), cols: b.cols - Math.ceil(b.cols / 2) },
          ];
    for (const h of halves) await loadTrip(context, worksheets, [h], into);
    return;
  }
  ranges.forEach((range, i) => addCells(into[trip[i].sheet], range, trip[i].row, trip[i].col));
}

/** `=自评表!$C$3` → `自评表!$C$3`. */
const refOf = (formula: string): string => (formula.startsWith("=") ? formula.slice(1) : formula);

function namesOf(collection: Excel.NamedItemCollection, scope: string | null): DefinedName[] {
  return collection.items.map((n) => ({ name: n.name, scope, ref: refOf(n.formula) }));
}

/** The requests of one sheet: its extent and, when asked, the part of it within HEAD with its cells. */
function queueSheet(worksheet: Excel.Worksheet, merges: boolean, withHead: boolean): SheetLoad {
  // Values only: a sheet formatted far beyond its data would otherwise load every blank cell.
  const used = worksheet.getUsedRangeOrNullObject(true);
  used.load("rowIndex, columnIndex, rowCount, columnCount");
  const head = withHead ? used.getIntersectionOrNullObject(`A1:${columnLetters(HEAD.cols - 1)}${HEAD.rows}`) : null;
  if (head) head.load(`${CELL_PROPS}, rowIndex, columnIndex`);
  // Merged areas of the whole sheet, not of the used range: a merge may lie beyond the values.
  const merged = merges ? worksheet.getRange().getMergedAreasOrNullObject() : null;
  if (merged) merged.load("address");
  const names = worksheet.names;
  names.load("items/name, items/formula");
  return { worksheet, used, head, merged, names };
}

/** Builds the sheet grids once the loads are answered, reading what lies beyond the heads in bounded blocks. */
async function gridsOf(
  context: Excel.RequestContext,
  loads: readonly SheetLoad[],
): Promise<{ sheets: WorkbookGrid["sheets"]; names: DefinedName[] }> {
  const cells = loads.map(() => new Map<number, GridCell>());
  const blocks: Block[] = [];
  loads.forEach(({ used, head }, i) => {
    const extent = extentOf(used);
    if (!extent) return;
    if (head) {
      if (!head.isNullObject) addCells(cells[i], head, head.rowIndex, head.columnIndex);
      blocks.push(...blocksBeyond(i, extent, HEAD));
    } else {
      blocks.push(...blocksBeyond(i, extent, { rows: 0, cols: 0 }));
    }
  });
  await loadBlocks(
    context,
    loads.map((l) => l.worksheet),
    blocks,
    cells,
  );
  const sheets = loads.map(({ worksheet, merged }, i) =>
    mapGrid(
      worksheet.name,
      cells[i],
      merged && !merged.isNullObject ? parseAreas(merged.address) : [],
      STATE[worksheet.visibility],
    ),
  );
  const names = loads.flatMap(({ worksheet, names: local }) => namesOf(local, worksheet.name));
  return { sheets, names };
}

const mergesSkipped = (supported: boolean): SkippedFeature[] =>
  supported ? [] : [{ feature: "mergedAreas", requires: "1.13", count: 0 }];

/**
 * Reads every sheet of the workbook, with workbook and sheet-scoped defined names: the sheets and
 * names, then every sheet's extent, merged areas and own names, then the cells in bounded round trips
 * (three for a workbook of forms under 40,000 cells, one more per 40,000 cells).
 * @example const { workbook } = await excelRun((context) => readWorkbookGrid(context, { supports })); readStandardForms(workbook)
 */
export async function readWorkbookGrid(context: Excel.RequestContext, options: ReadGridOptions): Promise<GridRead> {
  const merges = options.supports("1.13");
  const worksheets = context.workbook.worksheets;
  worksheets.load("items/name, items/visibility");
  const workbookNames = context.workbook.names;
  workbookNames.load("items/name, items/formula");
  await context.sync();

  // Extents only: the heads of hundreds of sheets together could pass the response limit.
  const loads = worksheets.items.map((worksheet) => queueSheet(worksheet, merges, false));
  await context.sync();

  const { sheets, names } = await gridsOf(context, loads);
  return {
    workbook: { sheets, definedNames: [...namesOf(workbookNames, null), ...names] },
    skipped: mergesSkipped(merges),
  };
}

/**
 * Reads one sheet — by name, or the active one when `sheetName` is null — with the workbook's names
 * and the sheet's own, in one `context.sync()`. A missing sheet fails as `ItemNotFound`.
 * @example const { workbook } = await excelRun((context) => readSheetGrid(context, null, { supports }))
 */
export async function readSheetGrid(
  context: Excel.RequestContext,
  sheetName: string | null,
  options: ReadGridOptions,
): Promise<GridRead> {
  const merges = options.supports("1.13");
  const worksheet =
    sheetName === null
      ? context.workbook.worksheets.getActiveWorksheet()
      : context.workbook.worksheets.getItem(sheetName);
  worksheet.load("name, visibility");
  const workbookNames = context.workbook.names;
  workbookNames.load("items/name, items/formula");
  const load = queueSheet(worksheet, merges, true);
  await context.sync();

  // A form within the head window is read by now; cells beyond it take more round trips, bounded.
  const { sheets, names } = await gridsOf(context, [load]);
  return {
    workbook: { sheets, definedNames: [...namesOf(workbookNames, null), ...names] },
    skipped: mergesSkipped(merges),
  };
}
