/**
 * `zpb check` over many files: in this process for a few, in reader threads (both cores) for many.
 * `checkFiles` gathers the reports (for the Chinese table and the summary workbook); `streamJsonReport`
 * writes `--json` file by file as the results come, in input order, keeping none of them: a batch of
 * any size runs in bounded memory, and each thread sends its file's report as one string.
 */
import * as path from "path";
import { summaryOf, type FileReport, type FileTally } from "../layout/report";
import { runInWorkers, type JobResult } from "../xlsx/pool";
import { run, runJson, type JsonFile } from "./check-job";

export interface CheckOptions {
  readonly workers?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

/** Below this many files a thread pool costs more than it saves. */
const POOL_THRESHOLD = 8;

const JOB = path.join(__dirname, `check-job${path.extname(__filename)}`);

/** A file a reader thread could not check: its error entry. */
const failed = (file: string, message: string): FileReport => ({
  path: file,
  error: { code: "DAMAGED", message: `读取时出错：${message}` },
  forms: [],
});

/**
 * Runs `job` on every file — here or in reader threads — and hands each result to `emit` in input
 * order, as soon as the files before it are done.
 */
async function inOrder<T>(
  files: readonly string[],
  options: CheckOptions,
  local: (file: string) => Promise<T>,
  entry: string,
  emit: (index: number, result: JobResult<T>) => void,
): Promise<void> {
  if (files.length < POOL_THRESHOLD || options.workers === 1) {
    for (const [i, file] of files.entries()) {
      emit(i, { ok: true, value: await local(file) });
      options.onProgress?.(i + 1, files.length);
    }
    return;
  }
  const waiting = new Map<number, JobResult<T>>();
  let next = 0;
  await runInWorkers<T>([...files], JOB, {
    workers: options.workers,
    onProgress: options.onProgress,
    entry,
    onResult: (i, result) => {
      waiting.set(i, result);
      for (let r = waiting.get(next); r !== undefined; r = waiting.get(next)) {
        waiting.delete(next);
        emit(next++, r);
      }
    },
  });
}

/** Checks files, results in input order. */
export async function checkFiles(files: readonly string[], options: CheckOptions = {}): Promise<FileReport[]> {
  const out: FileReport[] = [];
  await inOrder(files, options, run, "run", (i, r) => out.push(r.ok ? r.value : failed(files[i], r.message)));
  return out;
}

/**
 * Writes the report of `zpb check --json` — byte for byte `JSON.stringify(report, null, 2)` — file by
 * file; `extra` (inputs that were not found) come after the checked files. Returns every file's tally.
 */
export async function streamJsonReport(
  files: readonly string[],
  extra: readonly FileReport[],
  out: NodeJS.WritableStream,
  options: CheckOptions = {},
): Promise<FileTally[]> {
  const tallies: FileTally[] = [];
  let first = true;
  const put = (json: string): void => {
    out.write(`${first ? "\n" : ",\n"}    ${json.replace(/\n/g, "\n    ")}`);
    first = false;
  };
  out.write('{\n  "version": 1,\n  "files": [');
  await inOrder<JsonFile>(files, options, runJson, "runJson", (i, r) => {
    const file = r.ok ? r.value : { json: JSON.stringify(failed(files[i], r.message), null, 2), tally: null };
    put(file.json);
    tallies.push(file.tally ?? { forms: 0, errors: 0, warnings: 0, infos: 0, unreadable: true });
  });
  for (const report of extra) {
    put(JSON.stringify(report, null, 2));
    tallies.push({ forms: 0, errors: 0, warnings: 0, infos: 0, unreadable: report.error !== null });
  }
  const summary = JSON.stringify(summaryOf(tallies), null, 2).replace(/\n/g, "\n  ");
  out.write(`${first ? "]" : "\n  ]"},\n  "summary": ${summary}\n}\n`);
  return tallies;
}
