/**
 * Bench of the add-in (issue 4), on the Excel stand-in (test/fake-excel): for 自评表 of 10 and 200
 * indicators,
 *
 *   - round trips (`context.sync()`), API proxy objects and queued writes per layout (writeSheet of the
 *     form; and gateway.createForm of a new blank form), per live check (gateway.readActiveSheet, then
 *     evaluateForm) and per fill (gateway.planFill, then applyFill of the plan) — the goal being the
 *     same small number of round trips whatever the size;
 *   - the live check's compute time: evaluateForm over the form as read (median of many);
 *   - the task pane's JavaScript, gzipped (dist/taskpane.js of a production build, rebuilt when older
 *     than src/);
 *   - time to first render in Chromium: navigation start to the pane's first heading on screen, median
 *     of 5 loads of the production build served from 127.0.0.1 with the stand-in as office.js (so the
 *     real office.js download and Office's start-up are not in it).
 *
 * Run alone: node -r ts-node/register/transpile-only bench/addin.ts
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as http from "http";
import type { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";
import { performance } from "perf_hooks";
import * as zlib from "zlib";
import { a1, builtinTemplate, evaluateForm, type Template } from "../src/domain";
import { createOfficeGateway } from "../src/excel/gateway";
import { writeSheet } from "../src/excel/write-sheet";
import { COL, blankSelfEvaluation, layoutSelfEvaluation, type IndicatorData } from "../src/layout/standard";
import type { WorkbookGateway } from "../src/taskpane/gateway";
import { createFakeExcel, type FakeExcel } from "../test/fake-excel";

interface Row {
  readonly what: string;
  readonly figure: string;
}

const ROOT = path.resolve(__dirname, "..");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const TEMPLATE = builtinTemplate("sh-district-2023") as Template;
const SIZES = [10, 200] as const;

/** A 自评表 of `n` indicator rows: quantitative and qualitative, half of the scores left for 填充. */
function formData(n: number) {
  const data = blankSelfEvaluation(TEMPLATE, 2024);
  const defaults = data.indicators;
  const indicators: IndicatorData[] = Array.from({ length: n }, (_, i) => {
    const quantitative = i % 2 === 0;
    return {
      // Contiguous groups, as a real form has them.
      ...defaults[Math.floor((i * defaults.length) / n)],
      level3: `指标${i + 1}`,
      target: quantitative ? "≥100(人)" : "及时",
      actual: quantitative ? `${90 + (i % 15)}(人)` : "达成年度指标",
      weight: 90 / n,
      score: i % 4 === 0 ? null : 90 / n,
      deviation: null,
    };
  });
  const amounts = { initialBudget: 120, annualBudget: 120, executed: 111.6 };
  const zero = { initialBudget: 0, annualBudget: 0, executed: 0 };
  return {
    ...data,
    projectName: "职工技能培训",
    department: "区总工会",
    implementer: "区总工会",
    funding: { total: amounts, currentYear: amounts, carryOver: zero, other: zero },
    indicators,
  };
}

interface Counts {
  readonly syncs: number;
  readonly proxies: number;
  readonly writes: number;
}

async function counted(fake: FakeExcel, operation: () => Promise<unknown>): Promise<Counts> {
  fake.resetStats();
  await operation();
  // Events of the operation's writes go out after it; let them, so that they are not counted in the next.
  await new Promise((resolve) => setTimeout(resolve, 5));
  const { syncs, proxies, writes } = fake.stats;
  return { syncs, proxies, writes };
}

const show = (c: Counts): string => `${c.syncs} round trips, ${c.proxies} proxies, ${c.writes} writes`;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function gateway(fake: FakeExcel): WorkbookGateway {
  return createOfficeGateway({
    run: fake.Excel.run,
    supports: (v) => fake.Office.context.requirements.isSetSupported("ExcelApi", v),
    retryDelayMs: 10,
  });
}

/** Round trips, proxies and writes of each operation on a form of `n` indicators; the check's compute time. */
async function operations(n: number): Promise<Row[]> {
  const fake = createFakeExcel();
  const gw = gateway(fake);
  const { sheet, map } = layoutSelfEvaluation(TEMPLATE, formData(n), { formNo: 1, sheetName: "自评表" });
  const layout = await counted(fake, () =>
    fake.Excel.run((context) => writeSheet(context, sheet, { supports: () => true })),
  );

  let read: Awaited<ReturnType<WorkbookGateway["readActiveSheet"]>> | null = null;
  const check = await counted(fake, async () => {
    read = await gw.readActiveSheet();
    evaluateForm(read.forms[0], TEMPLATE);
  });
  if (!read) throw new Error("no read");
  const form = (read as { forms: Parameters<typeof evaluateForm>[0][] }).forms[0];
  const findings = evaluateForm(form, TEMPLATE).findings.length;

  // What the pane does after the user types into a cell: the change event names the sheet (one
  // round trip in the gateway), then the debounced check reads it.
  let heard: () => void = () => undefined;
  const unsubscribe = await gw.onSheetChanged(() => heard());
  const edit = await counted(fake, async () => {
    const changed = new Promise<void>((resolve) => (heard = resolve));
    fake.typeInto("自评表", a1({ row: map.firstIndicatorRow + 1, col: COL.score }), 90 / n / 2);
    await changed;
    evaluateForm((await gw.readActiveSheet()).forms[0], TEMPLATE);
  });
  unsubscribe();
  // The handlers' removal is one more round trip, not the fill's.
  await new Promise((resolve) => setTimeout(resolve, 20));

  let planned = 0;
  const fill = await counted(fake, async () => {
    const plan = await gw.planFill("自评表");
    planned = plan.length;
    await gw.applyFill("自评表", plan);
  });

  for (let i = 0; i < 20; i++) evaluateForm(form, TEMPLATE);
  const times: number[] = [];
  const runs = n >= 200 ? 200 : 1000;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    evaluateForm(form, TEMPLATE);
    times.push(performance.now() - t0);
  }

  return [
    { what: `add-in layout (writeSheet), ${n} indicators`, figure: show(layout) },
    { what: `add-in live check (read + evaluate), ${n} indicators`, figure: `${show(check)} (${findings} findings)` },
    { what: `add-in live check after a user's edit (event + read + evaluate), ${n} indicators`, figure: show(edit) },
    { what: `add-in fill (plan + apply), ${n} indicators`, figure: `${show(fill)} (${planned} cells filled)` },
    {
      what: `add-in live-check compute (evaluateForm), ${n} indicators`,
      figure: `${median(times).toFixed(3)} ms median of ${runs}`,
    },
  ];
}

/** The newest modification time of the files under a directory. */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return latest;
}

function webpack(args: readonly string[]): void {
  execFileSync(process.execPath, [path.join(ROOT, "node_modules", "webpack-cli", "bin", "cli.js"), ...args], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    timeout: 300_000,
  });
}

/** dist/taskpane.js of a production build that is not older than src/. */
function productionBundle(): string {
  const bundle = path.join(ROOT, "dist", "taskpane.js");
  const html = path.join(ROOT, "dist", "taskpane.html");
  const fresh =
    fs.existsSync(bundle) &&
    fs.existsSync(html) &&
    !fs.readFileSync(bundle, "utf8").includes("sourceMappingURL") &&
    fs.statSync(bundle).mtimeMs >= newest(path.join(ROOT, "src"));
  if (!fresh) webpack(["--mode", "production", "--no-stats"]);
  return bundle;
}

/** build/e2e/office.js: the stand-in for the browser. */
function standinBundle(): string {
  const file = path.join(ROOT, "build", "e2e", "office.js");
  if (!fs.existsSync(file) || fs.statSync(file).mtimeMs < newest(path.join(ROOT, "test", "fake-excel"))) {
    webpack(["--config", "test/e2e/webpack.e2e.js", "--no-stats"]);
  }
  return file;
}

function bundleSize(bundle: string): Row {
  const js = fs.readFileSync(bundle);
  const gz = zlib.gzipSync(js, { level: 9 });
  return {
    what: "task pane JavaScript (dist/taskpane.js, production)",
    figure: `${(gz.length / 1024).toFixed(0)} KiB gzipped (${(js.length / 1024).toFixed(0)} KiB raw)`,
  };
}

/** Navigation start → the pane's first heading on screen, median of `loads` fresh loads. */
async function firstRender(dist: string, standin: string, loads = 5): Promise<Row> {
  const what = "time to first render in Chromium (taskpane.html?view=check)";
  if (!fs.existsSync(CHROMIUM)) return { what, figure: `not measured: ${CHROMIUM} is missing` };
  const { chromium } = await import("playwright-core");
  const server = http.createServer((req, res) => {
    const file = path.resolve(dist, `.${decodeURIComponent(new URL(req.url ?? "/", "http://127.0.0.1").pathname)}`);
    if (!file.startsWith(dist) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    const type = file.endsWith(".html")
      ? "text/html; charset=utf-8"
      : file.endsWith(".js")
        ? "application/javascript"
        : "";
    res.writeHead(200, { ...(type ? { "Content-Type": type } : {}), "Cache-Control": "no-store" });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "zpb-bench-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
    viewport: { width: 380, height: 900 },
  });
  try {
    const office = fs.readFileSync(standin);
    await context.route("**/*", (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === "127.0.0.1") return route.continue();
      if (url.hostname === "appsforoffice.microsoft.com")
        return route.fulfill({ status: 200, contentType: "application/javascript", body: office });
      return route.abort();
    });
    // The moment the first heading is in the document, then the frame that paints it.
    await context.addInitScript(() => {
      const w = window as unknown as { __firstHeading?: number };
      const observer = new MutationObserver(() => {
        if (w.__firstHeading === undefined && document.querySelector("h1, h2")) {
          w.__firstHeading = -1;
          observer.disconnect();
          requestAnimationFrame(() => {
            // window's clock, not perf_hooks' (this function runs in the page).
            w.__firstHeading = window.performance.now();
          });
        }
      });
      observer.observe(document, { childList: true, subtree: true });
    });
    const times: number[] = [];
    for (let i = 0; i < loads + 1; i++) {
      const page = await context.newPage();
      await page.goto(`http://127.0.0.1:${port}/taskpane.html?view=check`);
      await page.waitForFunction(() => ((window as unknown as { __firstHeading?: number }).__firstHeading ?? -1) > 0);
      const t = await page.evaluate(() => (window as unknown as { __firstHeading: number }).__firstHeading);
      // The first load warms the browser up; it is not counted.
      if (i > 0) times.push(t);
      await page.close();
    }
    return {
      what,
      figure: `${median(times).toFixed(0)} ms median of ${loads} (${times.map((t) => t.toFixed(0)).join(", ")})`,
    };
  } finally {
    await context.close();
    server.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

export async function benchAddin(): Promise<Row[]> {
  const rows: Row[] = [];
  {
    const fake = createFakeExcel();
    const gw = gateway(fake);
    const created = await counted(fake, () =>
      gw.createForm(TEMPLATE, {
        year: 2024,
        projectName: "职工技能培训",
        department: "区总工会",
        implementer: "区总工会",
      }),
    );
    rows.push({ what: "add-in layout (gateway.createForm, a new blank form)", figure: show(created) });
  }
  for (const n of SIZES) rows.push(...(await operations(n)));
  const bundle = productionBundle();
  rows.push(bundleSize(bundle));
  rows.push(await firstRender(path.dirname(bundle), standinBundle()));
  return rows;
}

if (require.main === module) {
  benchAddin().then(
    (rows) => {
      const width = Math.max(...rows.map((r) => r.what.length));
      for (const r of rows) process.stdout.write(`${r.what.padEnd(width)}  ${r.figure}\n`);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
