/**
 * Bench of the batch path's .xlsx reading: N copies of one workbook of M realistic 自评表 sheets, read
 *
 *   (a) the floor: unzip (yauzl directory, zlib inflate) and XML-parse (saxes, no-op handlers) every
 *       sheet and sharedStrings.xml, reading each file from disk, one thread — the same libraries the
 *       reader uses, doing nothing with what they parse;
 *   (b) readWorkbookFile, one thread, into a WorkbookGrid;
 *   (c) runInWorkers with 2 threads, each reading with readWorkbookFile and posting back a small summary
 *       (this module is the job: it exports `run`); also the pool's start-up alone (2 files), which
 *       under ts-node is mostly each worker loading the TypeScript compiler;
 *   (ref) a full ExcelJS load of a sample, for scale.
 *
 * Run alone: node -r ts-node/register/transpile-only bench/xlsx-batch.ts [--files 500] [--forms 10]
 * The generated files are cached in os.tmpdir()/zpb-bench-<files>-<forms>.
 */
import type ExcelJS from "exceljs";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { performance } from "perf_hooks";
import { SaxesParser } from "saxes";
import * as yauzl from "yauzl";
import * as zlib from "zlib";
import { readWorkbookFile } from "../src/xlsx/fast-reader";
import { runInWorkers } from "../src/xlsx/pool";

interface Row {
  readonly what: string;
  readonly figure: string;
}

export interface BatchSummary {
  readonly sheets: number;
  readonly merges: number;
  readonly error: string | null;
}

/** The job each worker runs, and what (b) runs in this thread: read, and return a small summary. */
export async function run(file: string): Promise<BatchSummary> {
  const r = await readWorkbookFile(file);
  if (!r.ok) return { sheets: 0, merges: 0, error: r.error.code };
  return {
    sheets: r.workbook.sheets.length,
    merges: r.workbook.sheets.reduce((n, s) => n + s.merges.length, 0),
    error: null,
  };
}

// ---------------------------------------------------------------------------------------------------
// The workbooks

const INDICATORS: readonly [string, string, string, string, string][] = [
  ["产出指标", "数量指标", "培训人数", "≥ 4500(名)", "4944(名)"],
  ["产出指标", "数量指标", "举办场次", "≥ 30(场)", "32(场)"],
  ["产出指标", "数量指标", "覆盖街镇数", "= 14(个)", "14(个)"],
  ["产出指标", "质量指标", "培训合格率", "≥ 95(%)", "97.5(%)"],
  ["产出指标", "质量指标", "资料归档完整率", "= 100(%)", "100(%)"],
  ["产出指标", "时效指标", "项目完成时间", "12月底前", "12月20日"],
  ["产出指标", "成本指标", "人均培训成本", "≤ 300(元)", "286.4(元)"],
  ["效益指标", "社会效益指标", "职工技能提升", "有效提升", "达成指标"],
  ["效益指标", "社会效益指标", "工会服务覆盖面", "逐步扩大", "达成指标"],
  ["效益指标", "可持续影响指标", "长效机制建设", "建立健全", "部分达成"],
  ["满意度指标", "服务对象满意度指标", "参训职工满意度", "≥ 90(%)", "93.2(%)"],
  ["满意度指标", "服务对象满意度指标", "用人单位满意度", "≥ 85(%)", "88(%)"],
];

/** One 自评表 of 40 rows × 9 columns: title, header, funding block, goals, 24 indicator rows, totals. */
function addForm(wb: ExcelJS.Workbook, no: number): void {
  const name = `自评表${no}`;
  const ws = wb.addWorksheet(name);
  const put = (a1: string, value: ExcelJS.CellValue, numFmt?: string): void => {
    const c = ws.getCell(a1);
    c.value = value;
    if (numFmt) c.numFmt = numFmt;
  };
  ws.mergeCells("A1:I1");
  put("A1", "项目支出绩效自评表");
  ws.mergeCells("A2:I2");
  put("A2", "（2023年度）");
  const header: [string, string][] = [
    ["项目名称", `职工技能培训补贴项目（第${no}批）`],
    ["主管部门", "上海市闵行区总工会"],
    ["实施单位", `闵行区第${no}街道总工会`],
    ["项目负责人", "王某某 021-6412xxxx"],
  ];
  header.forEach(([label, value], i) => {
    const r = 3 + i;
    ws.mergeCells(`A${r}:B${r}`);
    put(`A${r}`, label);
    ws.mergeCells(`C${r}:I${r}`);
    put(`C${r}`, value);
  });
  ws.mergeCells("A7:B10");
  put("A7", "项目资金（万元）");
  ["", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"].forEach((h, i) =>
    put(`${String.fromCharCode(67 + i)}7`, h || "资金来源"),
  );
  [
    ["年度资金总额", 120 + no, 118.5 + no, 117.3 + no],
    ["其中：当年财政拨款", 100 + no, 98.5, 97.3],
    ["其他资金", 20, 20, 20],
  ].forEach(([label, a, b, c], i) => {
    const r = 8 + i;
    put(`C${r}`, label as string);
    put(`D${r}`, a as number, "#,##0.00");
    put(`E${r}`, b as number, "#,##0.00");
    put(`F${r}`, c as number, "#,##0.00");
    if (i === 0) {
      put(`G${r}`, 10);
      put(`H${r}`, { formula: `IF(E${r}=0,0,F${r}/E${r})`, result: (c as number) / (b as number) }, "0.00%");
      put(`I${r}`, { formula: `ROUND(G${r}*H${r},2)`, result: 9.9 }, "0.00");
    }
  });
  ws.mergeCells("A11:A12");
  put("A11", "年度总体目标");
  ws.mergeCells("B11:E11");
  put("B11", "预期目标：开展职工技能培训，提升职工职业技能水平，扩大工会服务覆盖面。");
  ws.mergeCells("F11:I11");
  put("F11", "实际完成情况：全年完成培训 4944 人次，覆盖 14 个街镇，职工满意度 93.2%。");
  ws.mergeCells("B12:I12");
  put("B12", "（对照年度目标，逐项说明完成情况）");
  ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"].forEach(
    (h, i) => put(`${String.fromCharCode(65 + i)}13`, h),
  );
  ws.mergeCells("H13:I13");
  const first = 14;
  for (let k = 0; k < 24; k++) {
    const r = first + k;
    const [l1, l2, l3, target, actual] = INDICATORS[k % INDICATORS.length];
    put(`A${r}`, l1);
    put(`B${r}`, l2);
    put(`C${r}`, `${l3}${k >= INDICATORS.length ? "（二）" : ""}`);
    put(`D${r}`, target);
    put(`E${r}`, actual);
    put(`F${r}`, 4 - (k % 2) * 0.5, "0.00");
    put(`G${r}`, 3.5 - (k % 3) * 0.25, "0.00");
    ws.mergeCells(`H${r}:I${r}`);
    if (k % 5 === 2) put(`H${r}`, "受疫情影响部分场次延期，已于四季度补办。");
  }
  ws.mergeCells(`A${first}:A${first + 13}`);
  ws.mergeCells(`A${first + 14}:A${first + 23}`);
  const total = first + 24;
  ws.mergeCells(`A${total}:E${total}`);
  put(`A${total}`, "总分");
  put(`F${total}`, { formula: `SUM(F${first}:F${total - 1})+G8`, result: 100 }, "0.00");
  put(`G${total}`, { formula: `SUM(G${first}:G${total - 1})+I8`, result: 90.9 }, "0.00");
  ws.mergeCells(`A${total + 1}:E${total + 1}`);
  put(`A${total + 1}`, "评分等级");
  put(`F${total + 1}`, "优");
  ws.mergeCells(`A${total + 2}:I${total + 2}`);
  put(`A${total + 2}`, "填表人：张某某    填表日期：2024年1月15日    联系电话：021-6412xxxx");
  for (const [n, ref] of [
    ["projectName", "$C$3"],
    ["total", `$G$${total}`],
    ["fundingTotal", "$D$8:$F$8"],
  ])
    wb.definedNames.add(`'${name}'!${ref}`, `zpb_${n}_${no}`);
}

async function makeWorkbook(forms: number): Promise<Buffer> {
  // Loaded here, not at the top: the workers load this module as their job and need no ExcelJS.
  const { Workbook } = await import("exceljs");
  const wb = new Workbook();
  for (let i = 1; i <= forms; i++) addForm(wb, i);
  const meta = wb.addWorksheet("zpb_meta");
  meta.state = "veryHidden";
  meta.getCell("A1").value = "sh-district-2023";
  wb.definedNames.add("'zpb_meta'!$A$1", "zpb_template");
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function prepare(files: number, forms: number, dir: string): Promise<{ paths: string[]; generated: boolean }> {
  const paths = Array.from({ length: files }, (_, i) => path.join(dir, `form-${String(i).padStart(5, "0")}.xlsx`));
  const marker = path.join(dir, ".complete");
  if (fs.existsSync(marker) && paths.every((n) => fs.existsSync(n))) return { paths, generated: false };
  fs.mkdirSync(dir, { recursive: true });
  const buf = await makeWorkbook(forms);
  for (const n of paths) fs.writeFileSync(n, buf);
  fs.writeFileSync(marker, "");
  return { paths, generated: true };
}

// ---------------------------------------------------------------------------------------------------
// The measurements

/** (a): the same libraries, doing nothing with what they parse. */
async function floorRead(file: string): Promise<number> {
  const buf = await fs.promises.readFile(file);
  const zip = await yauzl.fromBufferPromise(buf, { lazyEntries: true });
  const parts: yauzl.Entry[] = [];
  for await (const e of zip.eachEntry())
    if (/^xl\/(worksheets\/[^/]+|sharedStrings)\.xml$/i.test(e.fileName)) parts.push(e);
  let events = 0;
  const count = (): void => {
    events++;
  };
  for (const e of parts) {
    const { fileDataStart } = await zip.readLocalFileHeaderPromise(e, { minimal: true });
    const xml = zlib.inflateRawSync(buf.subarray(fileDataStart, fileDataStart + e.compressedSize)).toString("utf8");
    const p = new SaxesParser({ xmlns: false, position: false });
    p.on("opentag", count);
    p.on("text", count);
    p.on("closetag", count);
    p.write(xml).close();
  }
  return events;
}

class RssSampler {
  peak = process.memoryUsage().rss;
  private readonly timer = setInterval(() => this.sample(), 20);
  sample(): void {
    this.peak = Math.max(this.peak, process.memoryUsage().rss);
  }
  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return this.peak;
  }
}

interface Timing {
  readonly seconds: number;
  readonly peakRss: number;
}

async function measure(repeat: number, fn: () => Promise<void>): Promise<Timing> {
  let best = Infinity;
  const rss = new RssSampler();
  for (let i = 0; i < repeat; i++) {
    const t = performance.now();
    await fn();
    best = Math.min(best, (performance.now() - t) / 1000);
  }
  return { seconds: best, peakRss: rss.stop() };
}

const MB = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

export async function benchBatch(opts: {
  files: number;
  formsPerFile: number;
  dir?: string;
  /** Runs of each measurement; the best is reported (default 3). */
  repeat?: number;
}): Promise<{ rows: Row[] }> {
  const { files, formsPerFile: forms } = opts;
  const repeat = opts.repeat ?? 3;
  const dir = opts.dir ?? path.join(os.tmpdir(), `zpb-bench-${files}-${forms}`);
  const t0 = performance.now();
  const { paths, generated } = await prepare(files, forms, dir);
  const prepared = (performance.now() - t0) / 1000;
  const size = fs.statSync(paths[0]).size;

  // Warm-up (JIT) on a few files, then check that everything reads.
  for (const p of paths.slice(0, 20)) {
    await floorRead(p);
    await run(p);
  }
  const check = await run(paths[0]);
  if (check.error !== null || check.sheets !== forms + 1)
    throw new Error(`bench workbook misread: ${JSON.stringify(check)}`);

  const a = await measure(repeat, async () => {
    for (const p of paths) await floorRead(p);
  });
  const b = await measure(repeat, async () => {
    for (const p of paths) await run(p);
  });
  const job = __filename;
  const startup = await measure(repeat, async () => {
    await runInWorkers<BatchSummary>(paths.slice(0, 2), job, { workers: 2 });
  });
  let failures = 0;
  const c = await measure(repeat, async () => {
    const results = await runInWorkers<BatchSummary>(paths, job, { workers: 2 });
    failures = results.filter((r) => !r.ok || r.value.error !== null).length;
  });
  if (failures > 0) throw new Error(`${failures} files failed in the pool`);
  // For scale: a full ExcelJS load, on a sample (it is an order of magnitude slower).
  const sample = paths.slice(0, Math.min(files, 25));
  const { Workbook } = await import("exceljs");
  const ref = await measure(1, async () => {
    for (const p of sample) await new Workbook().xlsx.readFile(p);
  });
  const refPerFile = ref.seconds / sample.length;
  const maxRss = process.resourceUsage().maxRSS * 1024;

  const rate = (t: Timing): string =>
    `${(files / t.seconds).toFixed(0)} files/s = ${((files * forms) / t.seconds).toFixed(0)} forms/s (${t.seconds.toFixed(2)} s)`;
  const steady = Math.max(1e-9, c.seconds - startup.seconds);
  return {
    rows: [
      {
        what: "xlsx batch: workbooks",
        figure: `${files} files × ${forms} forms of 40×9 (${(size / 1024).toFixed(0)} KB each) in ${dir}${
          generated ? `, generated in ${prepared.toFixed(1)} s` : " (cached)"
        }; best of ${repeat}, ${os.availableParallelism()} cores`,
      },
      {
        what: "xlsx batch (a) floor: unzip + XML-parse sheets and sharedStrings, 1 thread",
        figure: `${rate(a)}, peak RSS ${MB(a.peakRss)}`,
      },
      {
        what: "xlsx batch (b) readWorkbookFile into a WorkbookGrid, 1 thread",
        figure: `${rate(b)}, ${(b.seconds / a.seconds).toFixed(2)}× the floor, peak RSS ${MB(b.peakRss)}`,
      },
      {
        what: "xlsx batch (c) runInWorkers, 2 threads, read and summarise in the worker",
        figure: `${rate(c)}, ${(c.seconds / a.seconds).toFixed(2)}× the floor, peak RSS ${MB(c.peakRss)}`,
      },
      {
        what: "xlsx batch (c) less the pool's start-up (2 threads, 2 files)",
        figure: `start-up ${startup.seconds.toFixed(2)} s; the rest ${(files / steady).toFixed(0)} files/s, ${(
          steady / a.seconds
        ).toFixed(2)}× the floor`,
      },
      {
        what: `xlsx batch (ref) ExcelJS xlsx.readFile, 1 thread, ${sample.length} files`,
        figure: `${(1 / refPerFile).toFixed(0)} files/s, ${(refPerFile / (a.seconds / files)).toFixed(1)}× the floor`,
      },
      { what: "xlsx batch: process maxRSS (resourceUsage, whole run)", figure: MB(maxRss) },
    ],
  };
}

if (require.main === module) {
  const arg = (name: string, fallback: number): number => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? Number(process.argv[i + 1]) : fallback;
  };
  benchBatch({ files: arg("files", 500), formsPerFile: arg("forms", 10), repeat: arg("repeat", 3) }).then(
    ({ rows }) => {
      const width = Math.max(...rows.map((r) => r.what.length));
      process.stdout.write(`xlsx batch bench (node ${process.version}, ${new Date().toISOString()})\n`);
      for (const r of rows) process.stdout.write(`${r.what.padEnd(width)}  ${r.figure}\n`);
    },
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
