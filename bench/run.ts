/**
 * `npm run bench`: throughput figures, printed as a table (no assertions: figures go in the notes).
 *
 * Domain engine: forms checked per second for 10- and 200-indicator forms; target strings parsed per
 * second; 专家评分表 checked per second (5 experts × 18 items, 20 × 200). Then `zpb check` as a whole
 * command against the floor (bench/cli.ts; `-- --huge` adds a 100,000-form batch), the batch reader and
 * the add-in's sync counts.
 */
import { performance } from "perf_hooks";
import { builtinTemplate, evaluateForm, parseActual, parseTarget, type Template } from "../src/domain";
import { blankExpertScoring, layoutExpertScoring } from "../src/layout/expert";
import { readStandardForms } from "../src/layout/read-standard";
import { cleanSpec, makeForm, type IndicatorSpec } from "../test/factories";
import { fromDescriptions, toGrid } from "../test/sheet-grid";
import { benchAddin } from "./addin";
import { benchCli } from "./cli";
import { benchFormats } from "./formats";
import { benchBatch } from "./xlsx-batch";

interface Row {
  readonly what: string;
  readonly figure: string;
}

/** Runs `fn` for about `ms` milliseconds after a warm-up and returns operations per second. */
function opsPerSecond(fn: () => void, ms = 1500): number {
  for (let i = 0; i < 200; i++) fn();
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 50; i++) fn();
    n += 50;
    now = performance.now();
  }
  return (n * 1000) / (now - start);
}

function formWith(indicators: number) {
  const base = cleanSpec();
  const rows: IndicatorSpec[] = [];
  for (let i = 0; i < indicators; i++) {
    const proto = base.indicators[i % base.indicators.length];
    rows.push([
      i % 6 === 0 ? proto[0] : "",
      proto[1],
      `${String(proto[2])}${i}`,
      proto[3],
      proto[4],
      proto[5],
      proto[6],
      proto[7],
    ]);
  }
  return makeForm({ ...base, indicators: rows });
}

const template = builtinTemplate("sh-district-2023") as Template;
const rows: Row[] = [];
for (const size of [10, 200]) {
  const form = formWith(size);
  const ops = opsPerSecond(() => evaluateForm(form, template));
  rows.push({
    what: `check one 自评表 of ${size} indicators`,
    figure: `${ops.toFixed(0)} forms/s (${(1000 / ops).toFixed(3)} ms each)`,
  });
}
// The expert panel (issue 7): a 5-expert panel on the built-in 18 items, and 20 experts on 200 items.
const expertTemplate = builtinTemplate("expert-2020") as Template;
for (const [experts, items] of [
  [5, 18],
  [20, 200],
] as const) {
  const blank = blankExpertScoring(expertTemplate, 2024, experts);
  const system = Array.from({ length: items }, (_, i) => ({
    ...blank.items[i % blank.items.length],
    level3: `项${i}`,
  }));
  const data = {
    ...blank,
    projectName: "基准",
    department: "区财政局",
    implementer: "区某中心",
    items: system.map((it, i) => ({
      ...it,
      scores: Array.from({ length: experts }, (_, e) => Number(it.weight) * (0.6 + ((i + e) % 5) * 0.1)),
    })),
  };
  const { sheet } = layoutExpertScoring(expertTemplate, data, { formNo: 1, sheetName: "专家评分表" });
  const form = readStandardForms(toGrid(fromDescriptions([sheet])))[0].form;
  const ops = opsPerSecond(() => evaluateForm(form, expertTemplate));
  rows.push({
    what: `check one 专家评分表 of ${experts} experts × ${items} items`,
    figure: `${ops.toFixed(0)} forms/s (${(1000 / ops).toFixed(3)} ms each)`,
  });
}

const strings = [
  "≥ 4500.00(名)",
  "=100.00(%)",
  "及时",
  "7-8月",
  "≤15.20(万元)",
  "建立健全、执行有效",
  "１，２３４．５０(元)",
  "约100-200人/场",
];
// Distinct strings (a number varied per copy): a target read once is remembered, and a bench of the
// same eight strings would time the memory, not the parser.
const distinct = Array.from({ length: 50000 }, (_, i) => strings[i % strings.length].replace(/\d+/, String(i)));
let at = 0;
const parses = opsPerSecond(() => {
  for (let k = 0; k < strings.length; k++) parseTarget(distinct[at++ % distinct.length]);
});
rows.push({
  what: "parse 年度指标值 strings (distinct)",
  figure: `${((parses * strings.length) / 1e6).toFixed(2)} M strings/s`,
});
const actuals = opsPerSecond(() => {
  for (const s of ["4944.00(名)", "达成指标", "部分达成年度指标并具有一定效果", ">=85"]) parseActual(s);
});
rows.push({ what: "parse 实际完成值 strings", figure: `${((actuals * 4) / 1e6).toFixed(2)} M strings/s` });

async function main(): Promise<void> {
  // `npm run bench -- --domain-only`: the engine's figures alone (seconds instead of minutes).
  if (!process.argv.includes("--domain-only")) await moreRows();
  const width = Math.max(...rows.map((r) => r.what.length));
  process.stdout.write(`绩效自评助手 benchmarks (node ${process.version}, ${new Date().toISOString()})\n`);
  for (const r of rows) process.stdout.write(`${r.what.padEnd(width)}  ${r.figure}\n`);
}

async function moreRows(): Promise<void> {
  const quick = process.argv.includes("--quick");
  // zpb check as a user runs it (issue 12): the whole command against the floor of the same run.
  rows.push(...benchCli({ files: quick ? 100 : 500, runs: quick ? 1 : 3, huge: process.argv.includes("--huge") }));
  // Batch reading of .xlsx files (issue 3): 500 files × 10 forms against the unzip+parse floor.
  const batch = await benchBatch({ files: quick ? 50 : 500, formsPerFile: 10 });
  rows.push(...batch.rows);
  // Each format's read and check time per form next to .xlsx (issue 15), on the corpus and Minhang.
  rows.push(...(await benchFormats()));

  // The add-in (issue 4): round trips, proxies and writes per layout, live check and fill, on the
  // in-memory Excel stand-in; the pane's bundle size and first render in Chromium.
  rows.push(...(await benchAddin()));
}

void main();
