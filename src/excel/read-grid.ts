/**
 * Reads a workbook, or one sheet, into the WorkbookGrid view (src/layout/grid.ts) with Office.js, so
 * that the readers of forms work the same on the add-in and on files. The whole workbook takes two
 * round trips whatever its size — the sheets and names first, then every sheet's used range, merged
 * areas and sheet-scoped names together; one sheet takes one.
 */
import { adr } from "../domain/address";
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

/**
 * The grid of one loaded used range. Office.js gives 2-D arrays from the used range's top-left
 * corner (`rowIndex`, `columnIndex`), which need not be A1.
 */
function cellsOf(used: Excel.Range): Map<number, GridCell> {
  const cells = new Map<number, GridCell>();
  if (used.isNullObject) return cells;
  const top = used.rowIndex;
  const left = used.columnIndex;
  used.values.forEach((row, r) =>
    row.forEach((value, c) => {
      const formulaText: unknown = used.formulas[r][c];
      const formula = typeof formulaText === "string" && formulaText.startsWith("=") ? formulaText.slice(1) : undefined;
      const isError = used.valueTypes[r][c] === "Error";
      const v = rawValue(value);
      if (v === null && formula === undefined) return;
      const numberFormat: unknown = used.numberFormat[r][c];
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
  return cells;
}

/** `=自评表!$C$3` → `自评表!$C$3`. */
const refOf = (formula: string): string => (formula.startsWith("=") ? formula.slice(1) : formula);

function namesOf(collection: Excel.NamedItemCollection, scope: string | null): DefinedName[] {
  return collection.items.map((n) => ({ name: n.name, scope, ref: refOf(n.formula) }));
}

/** Queues the loads of one sheet; nothing is read until the next sync. */
function queueSheet(worksheet: Excel.Worksheet, merges: boolean): SheetLoad {
  // Values only: a sheet formatted far beyond its data would otherwise load every blank cell.
  const used = worksheet.getUsedRangeOrNullObject(true);
  used.load("values, formulas, numberFormat, valueTypes, rowIndex, columnIndex");
  // Merged areas of the whole sheet, not of the used range: a merge may lie beyond the values.
  const merged = merges ? worksheet.getRange().getMergedAreasOrNullObject() : null;
  if (merged) merged.load("address");
  const names = worksheet.names;
  names.load("items/name, items/formula");
  return { worksheet, used, merged, names };
}

/** Builds the sheet grids once the loads are answered. */
function gridsOf(loads: readonly SheetLoad[]): { sheets: WorkbookGrid["sheets"]; names: DefinedName[] } {
  const sheets = loads.map(({ worksheet, used, merged }) =>
    mapGrid(
      worksheet.name,
      cellsOf(used),
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
 * Reads every sheet of the workbook, with workbook and sheet-scoped defined names. Two
 * `context.sync()` calls whatever the number and size of the sheets.
 * @example const { workbook } = await excelRun((context) => readWorkbookGrid(context, { supports })); readStandardForms(workbook)
 */
export async function readWorkbookGrid(context: Excel.RequestContext, options: ReadGridOptions): Promise<GridRead> {
  const merges = options.supports("1.13");
  const worksheets = context.workbook.worksheets;
  worksheets.load("items/name, items/visibility");
  const workbookNames = context.workbook.names;
  workbookNames.load("items/name, items/formula");
  await context.sync();

  const loads = worksheets.items.map((worksheet) => queueSheet(worksheet, merges));
  await context.sync();

  const { sheets, names } = gridsOf(loads);
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
  const load = queueSheet(worksheet, merges);
  await context.sync();

  const { sheets, names } = gridsOf([load]);
  return {
    workbook: { sheets, definedNames: [...namesOf(workbookNames, null), ...names] },
    skipped: mergesSkipped(merges),
  };
}
