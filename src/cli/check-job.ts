/**
 * Checking one workbook file: read it (the fast path), find its forms, check them. Runs in the CLI's
 * process or in a reader thread; its result is plain data — the file's report, or (`runJson`) that
 * report already as the text of `zpb check --json` with its tally, which crosses the thread boundary
 * as one string instead of a cloned tree of objects.
 */
import { readWorkbookFile } from "../xlsx/fast-reader";
import { checkWorkbook, tallyOf, type FileReport, type FileTally } from "../layout/report";

export async function run(file: string): Promise<FileReport> {
  const read = await readWorkbookFile(file);
  if (!read.ok) return { path: file, error: read.error, forms: [] };
  return checkWorkbook(file, read.workbook);
}

/** A file's report as JSON text (as `JSON.stringify(report, null, 2)` nests it in `files`) and its tally. */
export interface JsonFile {
  readonly json: string;
  readonly tally: FileTally;
}

export async function runJson(file: string): Promise<JsonFile> {
  const report = await run(file);
  return { json: JSON.stringify(report, null, 2), tally: tallyOf(report) };
}
