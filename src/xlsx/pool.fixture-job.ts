/**
 * A job module for the pool's tests (pool.test.ts): reads the workbook and returns a small summary,
 * or misbehaves on purpose when the file name asks for it.
 */
import * as path from "path";
import { threadId } from "worker_threads";
import { readWorkbookFile } from "./fast-reader";

export interface FixtureSummary {
  readonly threadId: number;
  readonly sheets: readonly string[];
  readonly cells: number;
  readonly error: string | null;
}

export async function run(file: string): Promise<FixtureSummary> {
  const base = path.basename(file);
  if (base.includes("throw")) throw new Error(`故意失败：${base}`);
  if (base.includes("exit")) process.exit(3);
  if (base.includes("slow")) await new Promise((r) => setTimeout(r, 300));
  if (base.includes("unclonable")) return { toString: () => "x" } as unknown as FixtureSummary;
  const read = await readWorkbookFile(file);
  if (!read.ok) return { threadId, sheets: [], cells: 0, error: read.error.code };
  let cells = 0;
  for (const s of read.workbook.sheets)
    for (let r = 0; r < s.rowCount; r++) for (let c = 0; c < s.colCount; c++) if (s.cell(r, c)) cells++;
  return { threadId, sheets: read.workbook.sheets.map((s) => s.name), cells, error: null };
}
