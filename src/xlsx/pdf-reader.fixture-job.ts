/**
 * A job module for the PDF reader's tests (pdf-reader.test.ts), run in a worker thread by the pool:
 * Jest cannot load pdf.js (an ES module) through require() on Node 20, a plain Node thread can. Returns
 * the grid as plain data — each cell with its place in words — and the checker's report of it.
 */
import { promises as fsp } from "fs";
import { checkWorkbook, type FileReport } from "../layout/report";
import { readPdfGrid, PDF_SHEET } from "./pdf-reader";

export interface PdfDump {
  readonly code: string | null;
  readonly message: string | null;
  readonly cells: readonly {
    readonly row: number;
    readonly col: number;
    readonly text: string;
    readonly at: string | null;
  }[];
  readonly merges: readonly (readonly [number, number, number, number])[];
  readonly report: FileReport | null;
}

async function dump(file: string, maxPages?: number): Promise<PdfDump> {
  const read = await readPdfGrid(await fsp.readFile(file), maxPages === undefined ? {} : { maxPages });
  if (!read.ok) return { code: read.code, message: read.message, cells: [], merges: [], report: null };
  const sheet = read.workbook.sheets[0];
  const cells: PdfDump["cells"][number][] = [];
  for (let row = 0; row < sheet.rowCount; row++)
    for (const [col, cell] of sheet.rowCells?.(row) ?? [])
      cells.push({
        row,
        col,
        text: String(cell.value),
        at: read.workbook.locate?.({ sheet: PDF_SHEET, row, col }) ?? null,
      });
  const merges = sheet.merges.map((m) => [m.from.row, m.from.col, m.to.row, m.to.col] as const);
  return { code: null, message: null, cells, merges, report: checkWorkbook(file, read.workbook) };
}

export const run = (file: string): Promise<PdfDump> => dump(file);
/** With a limit of one page. */
export const runOnePage = (file: string): Promise<PdfDump> => dump(file, 1);
