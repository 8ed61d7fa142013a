/**
 * Checking one workbook file: read it (the fast path), find its forms, check them. Runs in the CLI's
 * process or in a reader thread; its result is plain data.
 */
import { readWorkbookFile } from "../xlsx/fast-reader";
import { checkWorkbook, type FileReport } from "../layout/report";

export async function run(file: string): Promise<FileReport> {
  const read = await readWorkbookFile(file);
  if (!read.ok) return { path: file, error: read.error, forms: [] };
  return checkWorkbook(file, read.workbook);
}
