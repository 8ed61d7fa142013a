/**
 * `zpb check` over many files: in this process for a few, in reader threads (both cores) for many.
 */
import * as path from "path";
import { runInWorkers } from "../xlsx/pool";
import { run } from "./check-job";
import type { FileReport } from "../layout/report";

export interface CheckOptions {
  readonly workers?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

/** Below this many files a thread pool costs more than it saves. */
const POOL_THRESHOLD = 8;

/** Checks files, results in input order. */
export async function checkFiles(files: readonly string[], options: CheckOptions = {}): Promise<FileReport[]> {
  if (files.length < POOL_THRESHOLD || options.workers === 1) {
    const out: FileReport[] = [];
    for (const [i, file] of files.entries()) {
      out.push(await run(file));
      options.onProgress?.(i + 1, files.length);
    }
    return out;
  }
  const job = path.join(__dirname, `check-job${path.extname(__filename)}`);
  const results = await runInWorkers<FileReport>([...files], job, {
    workers: options.workers,
    onProgress: options.onProgress,
  });
  return results.map((r, i) =>
    r.ok ? r.value : { path: files[i], error: { code: "DAMAGED", message: `读取时出错：${r.message}` }, forms: [] },
  );
}
