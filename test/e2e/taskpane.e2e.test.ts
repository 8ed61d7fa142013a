/**
 * End to end: the task pane's production bundle, as a district deploys it, in headless Chromium (Debian's, through playwright-core), on the
 * in-memory Excel stand-in served where taskpane.html loads Microsoft's office.js. A user lays out a
 * form in 新建, types into the sheet while 检查 finds problems and points at their cells, clicks a
 * finding to be taken to its cell, previews and confirms 填充, and keeps checking through cell-edit
 * mode; the workbook is never written during live checking, and nothing leaves the machine. Then the
 * same on a host at ExcelApi 1.7, the manifest's floor: 生成 says which features it left out. Each
 * state of the pane is saved to build/e2e/screens/.
 *
 * Slow (two webpack builds, a browser): about a minute.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as http from "http";
import type { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import type { AxeResults } from "axe-core";
import type { FakeHandle } from "./office-standin";

/** axe-core's browser build, injected into the page under test (no CDN). */
const AXE_SOURCE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const ROOT = path.resolve(__dirname, "..", "..");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const STANDIN = path.join(ROOT, "build", "e2e", "office.js");
const SCREENS = path.join(ROOT, "build", "e2e", "screens");
const OFFICE_CDN = "appsforoffice.microsoft.com";
/** The task pane's width in Excel on Windows, about. */
const VIEWPORT = { width: 380, height: 900 };

jest.setTimeout(300_000);

/** Chromium's flags for a sandboxed, offline, quiet run. */
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--lang=zh-CN",
];

/** Runs webpack with the project's CLI; rejects with its output when it fails. */
function webpack(args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [path.join(ROOT, "node_modules", "webpack-cli", "bin", "cli.js"), ...args],
      { cwd: ROOT, timeout: 240_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) =>
        error ? reject(new Error(`webpack ${args.join(" ")}:\n${stdout}\n${stderr}`)) : resolve(),
    );
  });
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "application/javascript; charset=utf-8",
  ".png": "image/png",
  ".xml": "application/xml",
  ".map": "application/json",
};

/** A static server for a directory on 127.0.0.1, on a free port. */
async function serve(dir: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? "/", "http://127.0.0.1").pathname);
    const file = path.resolve(dir, `.${pathname}`);
    if (!file.startsWith(dir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      "Content-Type": TYPES[path.extname(file)] ?? "application/octet-stream",
      "Cache-Control": "no-store",
    });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * A browser page whose only network is the local server and the stand-in: office.js's CDN URL is
 * answered with build/e2e/office.js, every other request off 127.0.0.1 is aborted and recorded.
 */
async function offlineBrowser(
  profile: string,
  standin: string,
): Promise<{ context: BrowserContext; page: Page; external: string[] }> {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: VIEWPORT,
    locale: "zh-CN",
  });
  const external: string[] = [];
  await context.route("**/*", async (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === "127.0.0.1") return route.continue();
    if (url.hostname === OFFICE_CDN) {
      return route.fulfill({ status: 200, contentType: "application/javascript", body: fs.readFileSync(standin) });
    }
    external.push(url.href);
    return route.abort();
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page, external };
}

/** Whether the suite runs: Chromium is needed; missing, it is a failure under CI and a skip elsewhere. */
const chromiumThere = fs.existsSync(CHROMIUM);
if (!chromiumThere && !process.env.CI) {
  console.warn(
    `taskpane e2e: skipped — ${CHROMIUM} is missing; run scripts/ensure-deps.sh (apt-get install chromium). Under CI this is a failure.`,
  );
}

if (!chromiumThere && process.env.CI) {
  describe("task pane end to end", () => {
    it("needs Chromium", () => {
      throw new Error(`${CHROMIUM} is missing: scripts/ensure-deps.sh installs it (apt-get install chromium)`);
    });
  });
}

(chromiumThere ? describe : describe.skip)("task pane end to end (Chromium, Excel stand-in)", () => {
  let work: string;
  let server: { url: string; close: () => Promise<void> };
  let context: BrowserContext;
  let page: Page;
  let external: string[];
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];
  const shots: string[] = [];
  let liveCheckWrites = 0;

  const fake = <T>(fn: (f: FakeHandle) => T): Promise<T> =>
    page.evaluate((source) => {
      // The function travels as text: it runs in the page, on window.__fake.
      const f = new Function("f", `return (${source})(f);`) as (f: FakeHandle) => T;
      return f(window.__fake);
    }, fn.toString());
  const type = (cells: Record<string, string | number | null>): Promise<void> =>
    page.evaluate((c) => {
      for (const [address, value] of Object.entries(c)) window.__fake.typeInto("自评表", address, value);
    }, cells);
  const shot = async (name: string): Promise<void> => {
    const file = path.join(SCREENS, `${name}.png`);
    // Transitions finished, so that a button just enabled does not look disabled.
    await page.screenshot({ path: file, fullPage: true, animations: "disabled" });
    shots.push(file);
  };
  /** The findings listed in the pane whose text matches. */
  const finding = (text: string | RegExp) => page.locator('[role="list"] li').filter({ hasText: text });

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "zpb-e2e-"));
    fs.rmSync(SCREENS, { recursive: true, force: true });
    fs.mkdirSync(SCREENS, { recursive: true });
    const dist = path.join(work, "dist");
    await Promise.all([
      // The production bundle, as a district deploys it (docs/部署.md).
      webpack(["--mode", "production", "--output-path", dist, "--no-stats"]),
      webpack(["--config", "test/e2e/webpack.e2e.js", "--no-stats"]),
    ]);
    server = await serve(dist);
    ({ context, page, external } = await offlineBrowser(path.join(work, "profile"), STANDIN));
    page.on("pageerror", (error) => pageErrors.push(String(error)));
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(message.text());
    });
  }, 300_000);

  afterAll(async () => {
    await context?.close();
    await server?.close();
    if (work) fs.rmSync(work, { recursive: true, force: true });
    if (shots.length > 0) console.log(`taskpane e2e screenshots:\n${shots.join("\n")}`);
  });

  it("新建: the pane opens on ?view=new; 生成 lays the form out on a new sheet, with its formulas", async () => {
    await page.goto(`${server.url}taskpane.html?view=new`);
    await page.getByRole("heading", { name: "新建表格" }).waitFor();
    await shot("01-new-form");

    // Required fields are checked in the pane, before anything reaches the workbook.
    await page.getByLabel("年度").fill("");
    await page.getByRole("button", { name: "生成" }).click();
    await page.getByText("请填写项目名称").waitFor();
    await shot("02-new-form-required");
    expect(await fake((f) => f.stats().writes)).toBe(0);

    await page.getByLabel("年度").fill("2024");
    const fields: Record<string, string> = {
      项目名称: "职工技能培训",
      主管部门: "区总工会",
      实施单位: "区总工会职工服务中心",
      项目负责人: "张三",
      联系电话: "021-12345678",
    };
    for (const [label, value] of Object.entries(fields)) {
      const input = page.getByRole("textbox", { name: new RegExp(`^${label}`) });
      if ((await input.count()) > 0) await input.fill(value);
    }
    await page.getByRole("button", { name: "生成" }).click();
    await page.getByText("已生成", { exact: true }).waitFor();
    await shot("03-form-created");

    expect(await fake((f) => f.sheetNames())).toEqual(expect.arrayContaining(["Sheet1", "自评表"]));
    expect(await fake((f) => f.activeSheet())).toBe("自评表");
    // The computed cells are the sheet's own formulas: 执行率, 资金得分, 满分, 总分.
    const formulas = await fake((f) => f.formulas("自评表"));
    expect(formulas).toMatchObject({
      H6: expect.stringMatching(/^=IF\(/),
      I6: expect.stringMatching(/ROUND/),
      F19: expect.stringMatching(/SUM\(F13:F18\)/),
      G19: expect.stringMatching(/SUM\(G13:G18\)/),
    });
    expect(await fake((f) => f.cell("自评表", "C3").value)).toBe("职工技能培训");
    expect(await fake((f) => f.stats())).toMatchObject({ runs: expect.any(Number), syncs: expect.any(Number) });
    expect((await fake((f) => f.stats())).writes).toBeGreaterThan(100);
  });

  it("检查: findings follow the user's typing and point at their cells; a click selects the cell; nothing is written", async () => {
    // The baseline is taken before 检查 first reads the sheet: a write on the first read only would clear
    // the user's undo history the moment the tab opens, and must fail here.
    liveCheckWrites = await fake((f) => f.stats().writes);
    await page.getByRole("tab", { name: "检查" }).click();
    await page.getByRole("heading", { name: "工作表“自评表”" }).waitFor();
    await page.getByText("全年预算数未填写").first().waitFor();
    await shot("04-check-blank-form");
    expect(await fake((f) => f.stats().writes)).toBe(liveCheckWrites);

    await type({
      D6: 100,
      E6: 100,
      F6: 95,
      C13: "培训人数",
      D13: "≥100(人)",
      E13: "80(人)",
      F13: 20,
      C14: "培训合格率",
      D14: "≥90%",
      E14: "95%",
      F14: 20,
      G14: 25,
      C15: "完成及时性",
      D15: "及时",
      E15: "部分达成年度指标并具有一定效果",
      F15: 10,
      G15: 6,
      C16: "职工技能提升",
      D16: "有效提升",
      E16: "达成年度指标",
      F16: 20,
      G16: 20,
      C17: "培训长效机制",
      D17: "建立健全",
      E17: "达成年度指标",
      F17: 10,
      G17: 10,
      C18: "参训职工满意度",
      D18: "≥90%",
      E18: "92(%)",
      F18: 10,
    });
    const over = finding("超过分值");
    const deviation = finding(/完成及时性.*请填写偏差原因/);
    await over.first().waitFor();
    await deviation.first().waitFor();
    expect(await over.first().textContent()).toContain("G14");
    expect(await deviation.first().textContent()).toMatch(/H15/);
    // The sheet's own formulas computed the 执行率 the pane shows.
    expect(await fake((f) => f.cell("自评表", "H6").value)).toBe(0.95);
    await expect(page.getByText("95.00%").first().isVisible()).resolves.toBe(true);
    await shot("05-check-findings");

    // The user fixes the score: its finding goes, the other stays.
    await type({ G14: 18 });
    await over.first().waitFor({ state: "detached" });
    await expect(deviation.count()).resolves.toBe(1);
    await shot("06-check-fixed");

    // A click takes the user to the cell.
    await deviation.first().getByRole("button").click();
    await page.waitForFunction(() => window.__fake.selection() === "自评表!H15");
    await shot("07-finding-selected");

    // The user switches to another sheet and back: the pane follows.
    await fake((f) => f.activate("Sheet1"));
    await page.getByRole("heading", { name: "工作表“Sheet1”" }).waitFor();
    await page.getByText("此工作表中没有自评表或申报表").waitFor();
    await shot("08-other-sheet");
    await fake((f) => f.activate("自评表"));
    await page.getByRole("heading", { name: "工作表“自评表”" }).waitFor();
    await deviation.first().waitFor();

    const stats = await fake((f) => f.stats());
    expect(stats.writes).toBe(liveCheckWrites);
    expect(stats.uiOps).toBeGreaterThan(0);
    expect(await fake((f) => f.writeLog().length)).toBe(liveCheckWrites);
  });

  it("填充: 预览 shows the planned scores without writing; 确认填充 writes them and the results follow", async () => {
    await page.getByRole("tab", { name: "填充" }).click();
    const preview = page.getByRole("button", { name: "预览" });
    // Enabled once the sheet is read.
    await page.getByRole("combobox", { name: "指标（三级指标）" }).waitFor();
    await page.waitForFunction(() => {
      const button = [...document.querySelectorAll("button")].find((b) => b.textContent === "预览");
      return button !== undefined && !button.disabled && button.getAttribute("aria-disabled") !== "true";
    });
    await shot("09-fill-view");
    await preview.click();
    const list = page.getByRole("list", { name: /计划更改/ });
    await list.waitFor();
    const rows = list.getByRole("listitem");
    await expect(rows.count()).resolves.toBe(2);
    const planned = await rows.allTextContents();
    expect(planned[0]).toMatch(/^指标“培训人数”的得分.*G13.*（空）.*16/);
    expect(planned[1]).toMatch(/^指标“参训职工满意度”的得分.*G18.*（空）.*10/);
    await shot("10-fill-preview");
    expect(await fake((f) => f.stats().writes)).toBe(liveCheckWrites);

    await page.getByRole("button", { name: "确认填充" }).click();
    await page.getByText("已填充").waitFor();
    expect(await fake((f) => [f.cell("自评表", "G13").value, f.cell("自评表", "G18").value])).toEqual([16, 10]);
    expect(await fake((f) => f.stats().writes)).toBe(liveCheckWrites + 2);
    // The sheet's 总分 formula and the pane's summary agree: 9.5 + 16 + 18 + 6 + 20 + 10 + 10.
    expect(await fake((f) => f.cell("自评表", "G19").value)).toBe(89.5);
    await page.getByText("89.50 / 100.00").waitFor();
    await shot("11-fill-done");
  });

  it("检查 keeps working through cell-edit mode: the check waits and its result arrives", async () => {
    await page.getByRole("tab", { name: "检查" }).click();
    await finding(/完成及时性.*请填写偏差原因/)
      .first()
      .waitFor();
    const before = await fake((f) => f.stats().writes);
    await type({ H15: "场地调整，两期培训延后" });
    await fake((f) => f.setCellEditMode(true));
    await page.waitForTimeout(1200);
    await shot("12-cell-edit-mode");
    await fake((f) => f.setCellEditMode(false));
    await finding(/完成及时性.*请填写偏差原因/)
      .first()
      .waitFor({ state: "detached", timeout: 15_000 });
    await shot("13-after-cell-edit-mode");
    expect(await fake((f) => f.stats().writes)).toBe(before);
    await expect(page.getByRole("alert").count()).resolves.toBe(0);
  });

  // Excel stores "95%" typed into 实际完成值 as 0.95 in a "0%" format; the engine reads the format, so
  // it is 95% against a target of ≥90(%) — no false 未达到 finding, and 填充 suggests full marks.
  it("a percentage typed as 95% in 实际完成值 counts as 95%, not 0.95", async () => {
    await page.getByRole("tab", { name: "检查" }).click();
    await page.getByRole("heading", { name: "工作表“自评表”" }).waitFor();
    await page.waitForTimeout(800);
    expect(await fake((f) => f.cell("自评表", "E14"))).toMatchObject({ value: 0.95, numberFormat: "0%", text: "95%" });
    await finding(/培训合格率.*建议得分/)
      .first()
      .waitFor();
    await expect(finding(/培训合格率.*建议得分为 0\.21/).count()).resolves.toBe(0);
  });

  it("由申报表生成自评表: a 申报表 made in 新建 and typed in becomes the year's 自评表 on a new sheet; the 申报表 is untouched", async () => {
    await page.getByRole("tab", { name: "新建" }).click();
    await page.getByRole("combobox", { name: "模板" }).selectOption("builtin:sh-2024-declaration");
    await page.getByLabel("年度").fill("2024");
    const header: Record<string, string> = {
      项目名称: "职工帮困慰问",
      主管部门: "区总工会",
      实施单位: "区总工会（本级）",
    };
    for (const [label, value] of Object.entries(header)) {
      await page.getByRole("textbox", { name: new RegExp(`^${label}`) }).fill(value);
    }
    await page.getByRole("button", { name: "生成" }).click();
    await page.waitForFunction(() => window.__fake.activeSheet() === "申报表");
    // The user fills the 申报表 in: amounts in 元, the year's goal, and the indicators as units number them.
    await page.evaluate(
      (cells) => {
        for (const [address, value] of Object.entries(cells)) window.__fake.typeInto("申报表", address, value);
      },
      {
        C7: 2323000,
        C9: 0,
        E7: 2323000,
        E8: 0,
        E9: 0,
        D11: "做好困难职工帮扶和节日慰问",
        D13: "指标1：送温暖人数",
        E13: "≥605(人)",
        D14: "指标1：慰问品发放准确率",
        E14: "≥99(%)",
        D15: "指标1：发放及时性",
        E15: "及时",
        D16: "指标1：人均慰问金额",
        E16: "≤500(元)",
        D17: "指标1：困难职工生活改善",
        E17: "改善",
        D18: "指标1：慰问对象满意度",
        E18: "≥85(%)",
      },
    );
    const declaration = await fake((f) => f.values("申报表", "A1:I20"));

    await page.getByRole("tab", { name: "检查" }).click();
    await page.getByRole("heading", { name: "工作表“申报表”" }).waitFor();
    const button = page.getByRole("button", { name: "由申报表生成自评表" });
    await button.waitFor();
    await shot("14-declaration-check");
    const writesBefore = await fake((f) => f.writeLog().length);
    await button.click();
    await page.getByText("已生成自评表", { exact: true }).waitFor();
    await page.getByRole("heading", { name: "工作表“职工帮困慰问自评表”" }).waitFor();
    await page.getByText("全年预算数未填写").first().waitFor();
    await shot("15-self-evaluation-from-declaration");

    expect(await fake((f) => f.activeSheet())).toBe("职工帮困慰问自评表");
    const notes = await page.getByRole("list", { name: "工作表“职工帮困慰问自评表”的说明" }).textContent();
    expect(notes).toContain("年初预算数 2323000 元 → 232.3 万元");
    expect(notes).toContain("已归入“产出指标/成本指标”");
    const sheet = "职工帮困慰问自评表";
    const cell = (address: string): Promise<unknown> =>
      page.evaluate(([s, a]) => window.__fake.cell(s, a).value, [sheet, address]);
    expect(await cell("A2")).toBe("（2024年度）");
    expect(await cell("C3")).toBe("职工帮困慰问");
    expect(await cell("D6")).toBe(232.3);
    expect(await cell("B11")).toBe("做好困难职工帮扶和节日慰问");
    const table = await page.evaluate((s) => window.__fake.values(s, "C13:F18"), sheet);
    expect(table.map((row) => [row[0], row[1], row[3]])).toEqual([
      ["送温暖人数", "≥605(人)", 12.5],
      ["慰问品发放准确率", "≥99(%)", 12.5],
      ["发放及时性", "及时", 12.5],
      ["人均慰问金额", "≤500(元)", 12.5],
      ["困难职工生活改善", "改善", 30],
      ["慰问对象满意度", "≥85(%)", 10],
    ]);
    // The sheet's own 满分 formula: 资金 10 + the proposed 分值.
    expect(await cell("F19")).toBe(100);
    // Only new sheets were written; the 申报表 is as the user left it.
    const written = (await fake((f) => f.writeLog())).slice(writesBefore);
    expect(written.filter((w) => w.includes("申报表!"))).toEqual([]);
    expect(await fake((f) => f.values("申报表", "A1:I20"))).toEqual(declaration);
  });

  it("on a host at ExcelApi 1.7 (the manifest's floor): 生成 says what it left out, and 检查 works without writing", async () => {
    const older = await offlineBrowser(path.join(work, "profile-1.7"), STANDIN);
    try {
      const p = older.page;
      const errors: string[] = [];
      p.on("pageerror", (error) => errors.push(String(error)));
      await p.addInitScript(() => {
        window.__fakeOptions = { excelApi: "1.7" };
      });
      await p.goto(`${server.url}taskpane.html?view=new`);
      await p.getByRole("heading", { name: "新建表格" }).waitFor();
      for (const [label, value] of [
        ["项目名称", "职工技能培训"],
        ["主管部门", "区总工会"],
        ["实施单位", "区总工会职工服务中心"],
      ]) {
        await p.getByRole("textbox", { name: new RegExp(`^${label}`) }).fill(value);
      }
      await p.getByRole("button", { name: "生成" }).click();
      await p.getByText("已生成", { exact: true }).waitFor();
      const unavailable = p.getByRole("list", { name: "此版本的 Excel 中不可用的功能" });
      await unavailable.waitFor();
      const items = await unavailable.getByRole("listitem").allTextContents();
      expect(items).toEqual([
        expect.stringMatching(
          /^此版本的 Excel 不支持下拉列表和输入限制（数据验证）（需要 ExcelApi 1\.8），已跳过 \d+ 项$/,
        ),
        "此版本的 Excel 不支持打印设置（A4、页边距、打印标题）（需要 ExcelApi 1.9），已跳过",
      ]);
      const file = path.join(SCREENS, "16-excel-api-1.7-created.png");
      await p.screenshot({ path: file, fullPage: true, animations: "disabled" });
      shots.push(file);

      const run = <T>(fn: (f: FakeHandle) => T): Promise<T> =>
        p.evaluate((source) => {
          const f = new Function("f", `return (${source})(f);`) as (f: FakeHandle) => T;
          return f(window.__fake);
        }, fn.toString());
      const sheet = await run((f) => f.activeSheet());
      const writes = await run((f) => f.stats().writes);
      await p.getByRole("tab", { name: "检查" }).click();
      await p.getByRole("heading", { name: `工作表“${sheet}”` }).waitFor();
      await p.evaluate((name) => {
        window.__fake.typeInto(name, "C13", "培训人数");
        window.__fake.typeInto(name, "F13", 20);
        window.__fake.typeInto(name, "G13", 25);
      }, sheet);
      await p.locator('[role="list"] li').filter({ hasText: "超过分值" }).first().waitFor();
      expect(await run((f) => f.stats().writes)).toBe(writes);
      expect(older.external).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await older.context.close();
    }
  });

  it("keyboard only, a screen reader's view (axe), 200% zoom and forced colours", async () => {
    const a11y = await offlineBrowser(path.join(work, "profile-a11y"), STANDIN);
    const walkLog: string[] = [];
    try {
      const p = a11y.page;
      const errors: string[] = [];
      p.on("pageerror", (error) => errors.push(String(error)));
      const run = <T>(fn: (f: FakeHandle) => T): Promise<T> =>
        p.evaluate((source) => {
          const f = new Function("f", `return (${source})(f);`) as (f: FakeHandle) => T;
          return f(window.__fake);
        }, fn.toString());
      const violations: string[] = [];
      /** axe-core's WCAG 2.1 A/AA rules on the pane as it is now. */
      const axe = async (state: string): Promise<void> => {
        if (!(await p.evaluate(() => "axe" in window))) await p.addScriptTag({ content: AXE_SOURCE });
        // Colours are measured at rest: Fluent fades a button between states (a disabled 预览 turning
        // enabled, a pressed 生成), and mid-fade colours are not what the user reads.
        await p.waitForFunction(() => document.getAnimations().every((a) => a.playState !== "running"), undefined, {
          timeout: 5000,
        });
        const found = await p.evaluate(async () => {
          const w = window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<AxeResults> } };
          const results = await w.axe.run(document, {
            runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
          });
          // Tabster (Fluent's focus manager) puts focusable, aria-hidden "dummy" elements at the edges of
          // focus groups on purpose (they redirect Tab); axe reports them as aria-hidden-focus, a known
          // false positive of Fluent UI v9. Only that rule, only on those elements, is set aside.
          const tabsterDummy = (v: AxeResults["violations"][number], n: { html: string }): boolean =>
            v.id === "aria-hidden-focus" && n.html.includes("data-tabster-dummy");
          return results.violations
            .map((v) => ({ ...v, nodes: v.nodes.filter((n) => !tabsterDummy(v, n)) }))
            .filter((v) => v.nodes.length > 0)
            .map(
              (v) =>
                `${v.id}: ${v.nodes.map((n) => `${n.target.join(" ")} ${n.html} ${n.failureSummary ?? ""}`).join(", ")}`,
            );
        });
        violations.push(...found.map((v) => `${state} — ${v}`));
      };
      const focusedOnBody = (): Promise<boolean> =>
        p.evaluate(() => document.activeElement === null || document.activeElement === document.body);
      const focusedName = (): Promise<string> =>
        p.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          if (!el) return "";
          const label = el.getAttribute("aria-label") ?? "";
          const labelled = el.id ? (document.querySelector(`label[for="${el.id}"]`)?.textContent ?? "") : "";
          const role = el.getAttribute("role") ?? "";
          return `${el.tagName} ${role} ${label} ${labelled} ${el.textContent ?? ""}`.replace(/\s+/g, " ").trim();
        });
      const walk = walkLog;
      /** Presses a key as the user would, and fails if focus falls to the page. */
      const press = async (key: string): Promise<void> => {
        await p.keyboard.press(key);
        walk.push(`${key} → ${await focusedName()}`);
        if (await focusedOnBody())
          throw new Error(`focus fell to the page after ${key}: ${walk.slice(-6).join(" | ")}`);
      };
      /** Tab (or Shift+Tab) until focus is on what matches, at most 30 presses. */
      const tabTo = async (what: RegExp, back = false): Promise<void> => {
        for (let i = 0; i < 30; i++) {
          await press(back ? "Shift+Tab" : "Tab");
          if (what.test(await focusedName())) return;
        }
        throw new Error(`Tab never reached ${what}: ${walk.slice(-30).join(" | ")}`);
      };
      const noSidewaysScroll = async (state: string): Promise<void> => {
        const { scroll, width, wide } = await p.evaluate(() => {
          const w = document.documentElement.clientWidth;
          // What sticks out, for the failure message.
          const out = [...document.querySelectorAll<HTMLElement>("#container *")]
            .filter((el) => el.getBoundingClientRect().right > w + 0.5)
            .slice(0, 5)
            .map(
              (el) =>
                `${el.tagName}.${[...el.classList].filter((c) => c.startsWith("fui-")).join(".")} ${Math.round(el.getBoundingClientRect().right)}`,
            );
          return { scroll: document.documentElement.scrollWidth, width: w, wide: out };
        });
        expect({ state, scroll, wide }).toEqual({ state, scroll: Math.min(scroll, width), wide: [] });
      };
      const shotA11y = async (name: string): Promise<void> => {
        const file = path.join(SCREENS, `${name}.png`);
        await p.screenshot({ path: file, fullPage: true, animations: "disabled" });
        shots.push(file);
      };

      // 新建, by keyboard alone: a refusal puts focus on the wrong field, 生成 on its result.
      await p.goto(`${server.url}taskpane.html?view=new`);
      await p.getByRole("heading", { name: "新建表格" }).waitFor();
      await axe("新建");
      await tabTo(/项目名称/);
      await p.keyboard.type("职工技能培训");
      await tabTo(/^BUTTON.*生成$/);
      await press("Enter");
      await p.getByText("请填写主管部门").waitFor();
      expect(await focusedName()).toMatch(/主管部门/);
      await axe("新建, refused");
      await p.keyboard.type("区总工会");
      await tabTo(/实施单位/);
      await p.keyboard.type("区总工会职工服务中心");
      await tabTo(/^BUTTON.*生成$/);
      await press("Enter");
      await p.getByText("已生成", { exact: true }).waitFor();
      expect(await focusedName()).toMatch(/已生成/);
      await axe("新建, generated");

      // 检查: back to the tabs, to 检查, to the first finding; Enter takes the user to its cell.
      const sheet = await run((f) => f.activeSheet());
      await p.evaluate((name) => {
        window.__fake.typeInto(name, "C13", "培训人数");
        window.__fake.typeInto(name, "D13", "≥100(人)");
        window.__fake.typeInto(name, "E13", "80(人)");
        window.__fake.typeInto(name, "F13", 20);
      }, sheet);
      await tabTo(/^BUTTON tab 新建$/, true);
      await press("ArrowRight");
      await press("Enter");
      await p.getByRole("heading", { name: `工作表“${sheet}”` }).waitFor();
      await p.locator("[data-finding-key]").first().waitFor();
      await tabTo(/单元格|^BUTTON.*[A-Z]+\d+$/);
      const selectedBefore = await run((f) => f.selection());
      await press("Enter");
      await p.waitForFunction((before) => window.__fake.selection() !== before, selectedBefore);
      await axe("检查");
      await shotA11y("20-a11y-check");

      // 填充: 预览, then 确认填充; focus on the plan, then on 已填充.
      await tabTo(/^BUTTON tab 检查$/, true);
      await press("ArrowRight");
      await press("Enter");
      await p.getByRole("button", { name: "预览" }).waitFor();
      await tabTo(/^BUTTON.*预览$/);
      await press("Enter");
      await p.getByRole("button", { name: "确认填充" }).waitFor();
      expect(await focusedName()).toMatch(/计划更改/);
      await axe("填充, preview");
      await tabTo(/^BUTTON.*确认填充$/);
      await press("Enter");
      await p.getByText("已填充", { exact: true }).waitFor();
      expect(await focusedName()).toMatch(/已填充/);
      await axe("填充, filled");

      // 200% zoom of a 320 px pane: 160 CSS px, every view (on the workbook just made) without sideways scrolling.
      const LABEL = { new: "新建", check: "检查", fill: "填充" } as const;
      const show = async (view: keyof typeof LABEL): Promise<void> => {
        await p.getByRole("tab", { name: LABEL[view] }).click();
        await p.locator("h2").first().waitFor();
        await p.waitForTimeout(500);
      };
      await p.setViewportSize({ width: 160, height: 700 });
      for (const view of ["new", "check", "fill"] as const) {
        await show(view);
        await noSidewaysScroll(`${view} at 160 px`);
        await shotA11y(`21-a11y-160px-${view}`);
      }
      await p.setViewportSize(VIEWPORT);

      // Forced colours (Windows high contrast): screenshots of each view; a focused finding shows a ring.
      await p.emulateMedia({ forcedColors: "active" });
      for (const view of ["new", "check", "fill"] as const) {
        await show(view);
        await shotA11y(`22-a11y-forced-colors-${view}`);
      }
      await show("check");
      await p.locator("[data-finding-key]").first().waitFor();
      await p.locator("[data-finding-key]").first().focus();
      await p.keyboard.press("Shift+Tab");
      await p.keyboard.press("Tab");
      const ring = await p.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
      expect(ring).not.toBe("none");
      await shotA11y("23-a11y-forced-colors-focus");
      await axe("检查, forced colours");
      await p.emulateMedia({ forcedColors: "none" });

      expect(violations).toEqual([]);
      expect(errors).toEqual([]);
      expect(a11y.external).toEqual([]);
    } catch (error) {
      // Where the walk was when it failed, and what the pane looked like.
      await a11y.page
        .screenshot({ path: path.join(SCREENS, "a11y-failure.png"), fullPage: true })
        .catch(() => undefined);
      throw new Error(`${String(error)}\nkeyboard walk so far:\n${walkLog.slice(-12).join("\n")}`);
    } finally {
      await a11y.context.close();
    }
  });

  it("nothing left the machine, and the page threw nothing", async () => {
    expect(external).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(consoleErrors.filter((m) => /FakeExcel|not implemented|Uncaught/.test(m))).toEqual([]);
  });
});
