/**
 * A pool of worker threads that run a job module on each file: the batch checker reads and checks a
 * workbook inside a worker, so only the small result crosses the thread boundary (a WorkbookGrid
 * holds functions and could not be posted anyway).
 *
 * The job module exports `run(path: string): Promise<T>`, with T structured-cloneable. It may be a .js
 * file (compiled build) or a .ts file: the worker then loads it through ts-node (transpile-only, with
 * the tsconfig.json found from the job's folder) unless ts-node is already registered in the thread,
 * as it is when the parent runs under `node -r ts-node/register/transpile-only` (workers inherit
 * execArgv). The worker's entry is inline code, so it needs no file of its own in either layout, and a
 * parent under Jest (ts-jest) works the same way: the worker is a plain Node thread using ts-node.
 */
import * as os from "os";
import * as path from "path";
import { Worker } from "worker_threads";

export type JobResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

export interface PoolOptions<T = unknown> {
  /** Threads to start (default `os.availableParallelism()`; never more than there are files). */
  readonly workers?: number;
  /** Called after each file, in completion order. */
  readonly onProgress?: (done: number, total: number) => void;
  /** The job module's function to run (default `run`). */
  readonly entry?: string;
  /**
   * Each file's result as it comes, in completion order. With it the pool keeps no results: the
   * promise resolves to an empty array, so a batch of any size runs in bounded memory.
   */
  readonly onResult?: (index: number, result: JobResult<T>) => void;
}

type FromWorker =
  | { readonly type: "ready" }
  | { readonly type: "load-error"; readonly message: string }
  | { readonly type: "result"; readonly i: number; readonly ok: true; readonly value: unknown }
  | { readonly type: "result"; readonly i: number; readonly ok: false; readonly message: string };

/** The worker's entry, evaluated as CommonJS in the new thread. */
const WORKER_SOURCE = `
"use strict";
const { parentPort, workerData } = require("worker_threads");
const { job, tsNode, entry } = workerData;
const messageOf = (e) => (e instanceof Error ? e.message : String(e));
function load() {
  if (/\\.[cm]?tsx?$/i.test(job) && !require.extensions[".ts"]) {
    if (!tsNode) throw new Error("cannot load the TypeScript job " + job + ": ts-node is not installed");
    require(tsNode).register({ transpileOnly: true, projectSearchDir: require("path").dirname(job) });
  }
  const mod = require(job);
  if (typeof mod[entry] !== "function") throw new Error("the job module " + job + " exports no " + entry + "(path) function");
  return mod[entry];
}
let run;
try {
  run = load();
} catch (e) {
  parentPort.postMessage({ type: "load-error", message: e instanceof Error ? e.stack || e.message : String(e) });
}
if (run) {
  parentPort.on("message", async ({ i, path }) => {
    let reply;
    try {
      reply = { type: "result", i, ok: true, value: await run(path) };
    } catch (e) {
      reply = { type: "result", i, ok: false, message: messageOf(e) };
    }
    try {
      parentPort.postMessage(reply);
    } catch (e) {
      parentPort.postMessage({ type: "result", i, ok: false, message: "the job's result cannot be posted: " + messageOf(e) });
    }
  });
  parentPort.postMessage({ type: "ready" });
}
`;

function tsNodePath(): string | null {
  try {
    return require.resolve("ts-node");
  } catch {
    return null;
  }
}

/** What the pool keeps of a result it has handed to `onResult`: only that it came. */
const DELIVERED: JobResult<never> = { ok: false, message: "delivered" };

/** Files posted to a worker ahead of its results: a second one hides the message round trip and
 * the job's file I/O (measured 12% more files/s with 2 workers than with one file at a time). */
const PREFETCH = 2;

interface Slot {
  readonly worker: Worker;
  ready: boolean;
  readonly inFlight: Set<number>;
  /** Running a file that was in flight when a worker died: it runs alone, so that blame is certain. */
  suspect: boolean;
}

/**
 * Runs `run(path)` of the job module on every path in worker threads; the results come back in input
 * order. A job that throws gives `{ ok: false, message }` for its path. A worker that dies (a crash,
 * or `process.exit` in the job) is replaced; the file it was on fails — when it had two files in
 * flight, both are run again, each alone, and only the one that kills a worker again fails. A job
 * module that cannot be loaded is a programmer error: the promise rejects.
 */
export function runInWorkers<T>(
  paths: readonly string[],
  jobModulePath: string,
  options: PoolOptions<T> = {},
): Promise<JobResult<T>[]> {
  const requested = options.workers ?? os.availableParallelism();
  if (!Number.isInteger(requested) || requested < 1)
    throw new TypeError(`workers must be a positive integer, got ${requested}`);
  const total = paths.length;
  if (total === 0) return Promise.resolve([]);
  const job = path.resolve(jobModulePath);
  const tsNode = tsNodePath();
  const results: (JobResult<T> | undefined)[] = new Array<JobResult<T> | undefined>(total);

  return new Promise<JobResult<T>[]>((resolve, reject) => {
    const live = new Set<Slot>();
    /** Files that were in flight in a worker that died with more than one. */
    const suspects: number[] = [];
    let next = 0;
    let done = 0;
    let settled = false;

    const finish = (error?: Error): void => {
      if (settled) return;
      settled = true;
      for (const slot of live) void slot.worker.terminate();
      live.clear();
      if (error) reject(error);
      else resolve(options.onResult ? [] : (results as JobResult<T>[]));
    };

    const record = (i: number, result: JobResult<T>): void => {
      if (results[i] !== undefined) return;
      results[i] = options.onResult ? DELIVERED : result;
      options.onResult?.(i, result);
      done++;
      options.onProgress?.(done, total);
      if (done === total) finish();
    };

    const send = (slot: Slot, i: number): void => {
      slot.inFlight.add(i);
      slot.worker.postMessage({ i, path: paths[i] });
    };

    const feed = (slot: Slot): void => {
      if (settled || !slot.ready || slot.suspect) return;
      if (suspects.length > 0) {
        if (slot.inFlight.size > 0) return; // drain first: a suspect runs alone
        slot.suspect = true;
        send(slot, suspects.shift() as number);
        return;
      }
      while (slot.inFlight.size < PREFETCH && next < total) send(slot, next++);
      if (slot.inFlight.size === 0) {
        live.delete(slot);
        void slot.worker.terminate();
      }
    };

    const start = (): void => {
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { job, tsNode, entry: options.entry ?? "run" },
      });
      const slot: Slot = { worker, ready: false, inFlight: new Set(), suspect: false };
      live.add(slot);
      worker.on("message", (m: FromWorker) => {
        if (m.type === "ready") {
          slot.ready = true;
          feed(slot);
        } else if (m.type === "load-error") {
          finish(new Error(`job module failed to load in a worker: ${m.message}`));
        } else {
          slot.inFlight.delete(m.i);
          slot.suspect = false;
          record(m.i, m.ok ? { ok: true, value: m.value as T } : { ok: false, message: m.message });
          feed(slot);
        }
      });
      let lastError: Error | null = null;
      worker.on("error", (e: Error) => {
        lastError = e;
      });
      worker.on("exit", (code) => {
        const wasLive = live.delete(slot);
        if (settled || !wasLive) return;
        if (!slot.ready) {
          finish(new Error(`a worker exited (code ${code}) before its job module loaded: ${lastError?.message ?? ""}`));
          return;
        }
        const lost = [...slot.inFlight];
        slot.inFlight.clear();
        if (lost.length === 1) {
          record(lost[0], {
            ok: false,
            message: `工作线程意外退出（${lastError ? lastError.message : `退出码 ${code}`}）`,
          });
        } else {
          suspects.push(...lost);
        }
        if (!settled && (next < total || suspects.length > 0)) start();
      });
    };

    const n = Math.min(requested, total);
    for (let k = 0; k < n; k++) start();
  });
}
