/**
 * The pool under Jest: the test runs through ts-jest, but each worker is a plain Node thread, which
 * loads the TypeScript job module (pool.fixture-job.ts) through ts-node, transpile-only.
 */
import ExcelJS from "exceljs";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { FixtureSummary } from "./pool.fixture-job";
import { runInWorkers } from "./pool";

const JOB = path.join(__dirname, "pool.fixture-job.ts");
let dir: string;
let good: Buffer;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "zpb-pool-"));
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("自评表");
  ws.getCell("A1").value = "项目名称";
  ws.getCell("B1").value = 100;
  ws.mergeCells("A2:B2");
  ws.getCell("A2").value = "合并";
  wb.addWorksheet("第二张").getCell("C3").value = { formula: "1+1", result: 2 };
  good = Buffer.from(await wb.xlsx.writeBuffer());
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const write = (name: string, data: string | Buffer): string => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, data);
  return p;
};

test("reads in two threads, results in input order, progress for each file", async () => {
  // Slow jobs (300 ms each, two at a time per thread), so that the second thread has joined before
  // the first is through.
  const files = Array.from({ length: 16 }, (_, i) =>
    i === 5 ? write(`${i}-slow-bad.xlsx`, "不是工作簿") : write(`${i}-slow.xlsx`, good),
  );
  const progress: number[] = [];
  const results = await runInWorkers<FixtureSummary>(files, JOB, {
    workers: 2,
    onProgress: (done, total) => {
      expect(total).toBe(16);
      progress.push(done);
    },
  });
  expect(progress).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
  expect(results).toHaveLength(16);
  results.forEach((r, i) => {
    if (!r.ok) throw new Error(r.message);
    if (i === 5) expect(r.value).toMatchObject({ error: "NOT_A_WORKBOOK", sheets: [] });
    else expect(r.value).toMatchObject({ error: null, sheets: ["自评表", "第二张"], cells: 4 });
  });
  const threads = new Set(results.map((r) => (r.ok ? r.value.threadId : 0)));
  expect(threads.size).toBe(2);
  expect(threads.has(0)).toBe(false); // never the main thread
}, 60_000);

test("a job that throws, one whose result cannot be posted, one that kills its worker: the rest go on", async () => {
  const files = [
    write("a.xlsx", good),
    write("throw.xlsx", good),
    write("b.xlsx", good),
    write("unclonable.xlsx", good),
    write("exit.xlsx", good),
    write("c.xlsx", good),
    write("d.xlsx", good),
  ];
  const results = await runInWorkers<FixtureSummary>(files, JOB, { workers: 2 });
  expect(results.map((r) => r.ok)).toEqual([true, false, true, false, false, true, true]);
  expect(results[1]).toEqual({ ok: false, message: "故意失败：throw.xlsx" });
  expect(results[3]).toMatchObject({ ok: false, message: expect.stringContaining("cannot be posted") });
  expect(results[4]).toMatchObject({ ok: false, message: expect.stringMatching(/工作线程意外退出/) });
}, 60_000);

test("the file posted along with one that kills its worker is run again alone, and succeeds", async () => {
  // One worker, two files in flight: exit-first.xlsx and x.xlsx die together; each is rerun alone.
  const files = [write("exit-first.xlsx", good), write("x.xlsx", good), write("y.xlsx", good)];
  const results = await runInWorkers<FixtureSummary>(files, JOB, { workers: 1 });
  expect(results.map((r) => r.ok)).toEqual([false, true, true]);
  expect(results[0]).toMatchObject({ ok: false, message: expect.stringMatching(/退出码 3/) });
}, 60_000);

test("a plain .js job module (a compiled build) needs no ts-node", async () => {
  const job = write("job.js", "exports.run = async (p) => ({ base: require('path').basename(p) });");
  const results = await runInWorkers<{ base: string }>(["x/1.xlsx", "x/2.xlsx", "x/3.xlsx"], job, { workers: 3 });
  expect(results).toEqual([
    { ok: true, value: { base: "1.xlsx" } },
    { ok: true, value: { base: "2.xlsx" } },
    { ok: true, value: { base: "3.xlsx" } },
  ]);
}, 30_000);

test("more workers than files; no files at all", async () => {
  const job = write("job2.js", "exports.run = async (p) => p.length;");
  expect(await runInWorkers<number>(["abc"], job, { workers: 8 })).toEqual([{ ok: true, value: 3 }]);
  expect(await runInWorkers<number>([], job)).toEqual([]);
}, 30_000);

test("a job module that cannot be loaded rejects (a programmer error)", async () => {
  const noRun = write("no-run.js", "exports.other = 1;");
  await expect(runInWorkers(["a"], noRun, { workers: 1 })).rejects.toThrow(/no run\(path\)/);
  await expect(runInWorkers(["a"], path.join(dir, "missing-job.js"), { workers: 1 })).rejects.toThrow(/failed to load/);
  expect(() => runInWorkers(["a"], noRun, { workers: 0 })).toThrow(TypeError);
}, 30_000);
