/**
 * `zpb` end to end on real files: templates it makes, forms filled in them, and every kind of bad
 * input a bureau receives. Each bad file gets its error entry, the run goes on, and no stack trace
 * reaches the user.
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { builtinTemplate, type Template } from "../domain";
import { blankExpertScoring, layoutExpertScoring } from "../layout/expert";
import { layoutSelfEvaluation, type SelfEvaluationData } from "../layout/standard";
import { templateSheet } from "../layout/carried-templates";
import { writeWorkbook } from "../xlsx/write";
import { HELP } from "./zpb";
import type { Report } from "../layout/report";
import { filledData } from "../../test/factories";
import { zpb } from "../../test/run-zpb";

const SH = builtinTemplate("sh-district-2023") as Template;

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "zpb-cli-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const filled = (projectName: string, score = 20): SelfEvaluationData => filledData(projectName, score);

async function writeForm(file: string, data: SelfEvaluationData): Promise<string> {
  const full = path.join(dir, file);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  await writeWorkbook([layoutSelfEvaluation(SH, data, { formNo: 1, sheetName: "自评表" }).sheet], full);
  return full;
}

const noStack = (text: string): void => expect(text).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);

describe("help and usage", () => {
  test("--help is in Chinese and English", async () => {
    const r = await zpb("--help");
    expect(r.code).toBe(0);
    expect(r.out).toBe(HELP);
    expect(r.out).toContain("用法 Usage");
    expect(r.out).toContain("Check filled forms in workbooks, Word documents and PDFs");
  });
  test("no command prints the help and exits 2", async () => {
    expect((await zpb()).code).toBe(2);
  });
  test.each([
    [["frobnicate"], "未知的命令“frobnicate”"],
    [["check"], "请给出要检查的文件或文件夹"],
    [["check", "x.xlsx", "--workers", "0"], "--workers 应为 1 到 64 之间的整数"],
    [["template", "--kind", "清单"], "--kind 只能是 自评表、申报表 或 专家评分表"],
    [["template", "--year", "二〇二四"], "--year 应为 2000 到 2100 之间的年份"],
    [["template", "--template", "no-such"], "既不是内置模板编号"],
    [["check", "--frobnicate"], "命令行有误"],
  ])("%j says what is wrong in Chinese and exits 2", async (args, message) => {
    const r = await zpb(...args);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    noStack(r.err);
  });
  test("a template file with mistakes lists them in Chinese", async () => {
    const file = path.join(dir, "bad-template.json");
    fs.writeFileSync(file, JSON.stringify({ ...SH, id: "Bad Id", fullScore: 90 }));
    const r = await zpb("template", "--template", file, "--out", path.join(dir, "never.xlsx"));
    expect(r.code).toBe(2);
    expect(r.err).toContain("模板编号只能包含小写字母、数字和连字符");
    expect(r.err).toContain("标准分值合计 100 与满分 90 不一致");
    expect(fs.existsSync(path.join(dir, "never.xlsx"))).toBe(false);
  });
});

describe("zpb template", () => {
  test("makes a blank 自评表 that zpb check reads, with its missing fields as errors", async () => {
    const out = path.join(dir, "blank.xlsx");
    const made = await zpb("template", "--template", "sh-district-2023", "--year", "2024", "--out", out);
    expect(made.code).toBe(0);
    expect(made.out).toContain("已生成");
    const r = await zpb("check", out, "--json");
    const report = JSON.parse(r.out) as Report;
    expect(r.code).toBe(1);
    expect(report.files[0].forms.map((f) => [f.sheet, f.kind, f.template, f.year])).toEqual([
      ["自评表", "self-evaluation", "sh-district-2023", 2024],
    ]);
    expect(report.files[0].forms[0].findings.filter((f) => f.code === "REQUIRED_MISSING").map((f) => f.cell)).toEqual(
      expect.arrayContaining(["自评表!C3", "自评表!C4", "自评表!G4"]),
    );
  });
  test("makes a 申报表 with --kind 申报表", async () => {
    const out = path.join(dir, "decl.xlsx");
    expect((await zpb("template", "--kind", "申报表", "--out", out)).code).toBe(0);
    const report = JSON.parse((await zpb("check", out, "--json")).out) as Report;
    expect(report.files[0].forms.map((f) => [f.kind, f.template])).toEqual([
      ["target-declaration", "sh-2024-declaration"],
    ]);
  });
  test("makes a 专家评分表 for --experts N; zpb check reports it as expert-scoring with every blank score", async () => {
    const out = path.join(dir, "panel.xlsx");
    const made = await zpb("template", "--kind", "专家评分表", "--experts", "7", "--year", "2024", "--out", out);
    expect(made.code).toBe(0);
    const report = JSON.parse((await zpb("check", out, "--json")).out) as Report;
    const form = report.files[0].forms[0];
    expect([form.sheet, form.kind, form.template, form.year]).toEqual([
      "专家评分表",
      "expert-scoring",
      "expert-2020",
      2024,
    ]);
    const missing = form.findings.filter((f) => f.code === "EXPERT_SCORE_MISSING");
    expect(missing).toHaveLength(18 * 7);
    expect(missing[0]).toMatchObject({ cell: "专家评分表!G7", message: "专家1对指标“立项依据充分性”的评分未填写" });
    expect(missing[missing.length - 1].cell).toBe("专家评分表!M24");
    expect(form.computed).toEqual({
      executionRate: null,
      fundingScore: null,
      indicatorScore: null,
      totalScore: null,
      fullScore: 100,
      grade: null,
    });
  });
  test("a filled panel: its figures in computed, its problems on their cells", async () => {
    const t = builtinTemplate("expert-2020") as Template;
    const blank = blankExpertScoring(t, 2024, 3);
    const items = blank.items.map((it, i) => ({
      ...it,
      scores: [Number(it.weight), Number(it.weight) * 0.9, i === 0 ? 0 : Number(it.weight) * 0.8],
    }));
    items[12] = { ...items[12], scores: [10, 11, 9] };
    const data = {
      ...blank,
      projectName: "社区养老服务补贴",
      department: "区民政局",
      implementer: "区养老服务指导中心",
      items,
    };
    const file = path.join(dir, "panel-filled.xlsx");
    await writeWorkbook(
      [layoutExpertScoring(t, data, { formNo: 1, sheetName: "评分" }).sheet, templateSheet([t])],
      file,
    );
    const r = await zpb("check", file, "--json");
    expect(r.code).toBe(1);
    const form = (JSON.parse(r.out) as Report).files[0].forms[0];
    expect(form.kind).toBe("expert-scoring");
    expect(form.findings.map((f) => [f.code, f.cell])).toEqual([
      ["EXPERT_DISAGREEMENT", "评分!G7"],
      ["EXPERT_SCORE_EXCEEDS_WEIGHT", "评分!H19"],
    ]);
    // (100 + 92 + 79.4) / 3 = 90.466…
    expect(form.computed.totalScore).toBe(90.47);
    expect(form.computed.grade).toBe("优");
    const human = await zpb("check", file);
    expect(human.out).toContain("专家评分表");
  });
});

describe("zpb check", () => {
  test("the JSON report follows the contract", async () => {
    const file = await writeForm("contract/clean.xlsx", filled("职工技能培训"));
    const r = await zpb("check", file, "--json");
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as Report;
    expect(Object.keys(report)).toEqual(["version", "files", "summary"]);
    expect(report.version).toBe(1);
    const form = report.files[0].forms[0];
    expect(report.files[0]).toMatchObject({ path: file, error: null });
    expect(form).toMatchObject({
      sheet: "自评表",
      kind: "self-evaluation",
      template: "sh-district-2023",
      year: 2023,
      projectName: "职工技能培训",
    });
    expect(form.range).toMatch(/^A1:[A-Z]+\d+$/);
    expect(form.computed).toEqual({
      executionRate: 0.98,
      fundingScore: 9.8,
      indicatorScore: 90,
      totalScore: 99.8,
      fullScore: 100,
      grade: "优",
    });
    expect(report.summary).toEqual({ files: 1, forms: 1, errors: 0, warnings: 0, infos: 0 });
  });

  test("findings carry code, severity, cell and a Chinese message; exit 1 on an error", async () => {
    const file = await writeForm("errors/over.xlsx", filled("职工技能培训", 25));
    const r = await zpb("check", file, "--json");
    expect(r.code).toBe(1);
    const f = (JSON.parse(r.out) as Report).files[0].forms[0].findings[0];
    expect(f).toMatchObject({
      code: "SCORE_EXCEEDS_WEIGHT",
      severity: "error",
      cell: "自评表!G13",
      message: "指标“培训人数”的得分 25.00 超过分值 20",
    });
  });

  test("the human report is a readable Chinese table", async () => {
    const file = await writeForm("human/over.xlsx", filled("职工技能培训", 25));
    const r = await zpb("check", file);
    expect(r.out).toContain("检查了 1 个文件、1 张表：错误 1");
    expect(r.out).toContain("项目名称");
    expect(r.out).toContain("▸ 自评表 · 职工技能培训");
    expect(r.out).toContain("[错误] G13");
    expect(r.out).toContain("有表存在错误，修改后才能提交。");
  });

  test("bad files get their error entry and the run goes on (exit 2, no stack trace)", async () => {
    const bad = path.join(dir, "bad");
    fs.mkdirSync(bad, { recursive: true });
    await writeForm("bad/a-good.xlsx", filled("职工技能培训"));
    fs.writeFileSync(path.join(bad, "b-text.xlsx"), "这不是工作簿");
    const good = fs.readFileSync(path.join(bad, "a-good.xlsx"));
    fs.writeFileSync(path.join(bad, "c-truncated.xlsx"), good.subarray(0, Math.floor(good.length / 2)));
    fs.writeFileSync(
      path.join(bad, "d-encrypted.xlsx"),
      Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(4096)]),
    );
    fs.writeFileSync(path.join(bad, "~$lock.xlsx"), "lock");
    const r = await zpb("check", bad, path.join(dir, "missing.xlsx"), "--json");
    expect(r.code).toBe(2);
    noStack(r.out + r.err);
    const report = JSON.parse(r.out) as Report;
    expect(report.files.map((f) => [path.basename(f.path), f.error?.code ?? null, f.forms.length])).toEqual([
      ["a-good.xlsx", null, 1],
      ["b-text.xlsx", "NOT_A_WORKBOOK", 0],
      ["c-truncated.xlsx", "DAMAGED", 0],
      ["d-encrypted.xlsx", expect.stringMatching(/ENCRYPTED|LEGACY_XLS/), 0],
      ["missing.xlsx", "NOT_FOUND", 0],
    ]);
    for (const f of report.files.slice(1)) expect(f.error?.message).toMatch(/[\u4e00-\u9fff]/);
  });

  test("error values and text in number cells are findings on their cells, not crashes", async () => {
    const data = filled("职工技能培训");
    const file = await writeForm("values/odd.xlsx", {
      ...data,
      funding: { ...data.funding, total: { initialBudget: 100, annualBudget: "#DIV/0!", executed: "九十八" } },
      indicators: data.indicators.map((row, i) => (i === 1 ? { ...row, score: "十五分" } : row)),
    });
    const r = await zpb("check", file, "--json");
    expect(r.code).toBe(1);
    const findings = (JSON.parse(r.out) as Report).files[0].forms[0].findings.filter((f) => f.code === "NOT_A_NUMBER");
    expect(findings.map((f) => [f.cell, f.message])).toEqual([
      ["自评表!E6", "全年预算数是错误值“#DIV/0!”，请检查公式或改填数字"],
      ["自评表!F6", "全年执行数应为数字，现为“九十八”"],
      ["自评表!G14", "指标“培训合格率”的得分应为数字，现为“十五分”"],
    ]);
  });

  test("a carried template that is not valid is noted for the file, and the form is checked with a built-in", async () => {
    const form = layoutSelfEvaluation(SH, filled("职工技能培训"), { formNo: 1, sheetName: "自评表" }).sheet;
    const carried = templateSheet([SH]);
    const broken = {
      ...carried,
      cells: carried.cells.map((c) => (c.row === 1 && c.col === 1 ? { ...c, value: '{"schemaVersion": 1}' } : c)),
    };
    const file = path.join(dir, "carried-bad.xlsx");
    await writeWorkbook([form, broken], file);
    const r = await zpb("check", file, "--json");
    const report = JSON.parse(r.out) as Report;
    expect(report.files[0].notes?.[0]).toMatch(
      /^工作簿自带的模板“sh-district-2023”（zpb_templates 第 2 行）无效，未使用：/,
    );
    expect(report.files[0].forms[0].template).toBe("sh-district-2023");
    expect((await zpb("check", file)).out).toContain("注意：工作簿自带的模板");
  });

  test("many files are read in threads and reported in order", async () => {
    const files: string[] = [];
    for (let i = 0; i < 10; i++)
      files.push(await writeForm(`many/${String(i).padStart(2, "0")}.xlsx`, filled(`项目${i}`, i % 2 === 0 ? 20 : 25)));
    const r = await zpb("check", path.join(dir, "many"), "--json", "--workers", "2");
    const report = JSON.parse(r.out) as Report;
    expect(report.files.map((f) => f.forms[0].projectName)).toEqual(files.map((_, i) => `项目${i}`));
    expect(report.summary).toMatchObject({ files: 10, forms: 10, errors: 5 });
    expect(r.code).toBe(1);
    // Each reader thread loads ts-node before its first file: seconds on a busy 2-core machine.
  }, 120_000);

  test("--summary writes a review workbook", async () => {
    const file = await writeForm("summary/one.xlsx", filled("职工技能培训"));
    const out = path.join(dir, "汇总.xlsx");
    expect((await zpb("check", file, "--summary", out)).code).toBe(0);
    expect(fs.statSync(out).size).toBeGreaterThan(1000);
  });
});

test("the installed command runs (bin/zpb.js)", () => {
  const out = execFileSync(process.execPath, [path.join(__dirname, "..", "..", "bin", "zpb.js"), "templates"], {
    encoding: "utf8",
  });
  expect(out).toContain("sh-district-2023");
});

test("the installed command runs compiled JavaScript: no ts-node, no TypeScript, in any thread", async () => {
  // Ten files: enough for the reader threads to start.
  const files = await Promise.all(
    Array.from({ length: 10 }, (_, i) => writeForm(`compiled/${i}.xlsx`, filled(`项目${i}`))),
  );
  const log = path.join(dir, "loaded.log");
  fs.writeFileSync(log, "");
  const root = path.join(__dirname, "..", "..");
  const run = spawnSync(
    process.execPath,
    [
      "-r",
      path.join(root, "test", "no-ts-node.js"),
      path.join(root, "bin", "zpb.js"),
      "check",
      "--json",
      "--workers",
      "2",
      ...files,
    ],
    { encoding: "utf8", env: { ...process.env, ZPB_LOADED_LOG: log } },
  );
  expect(run.status).toBe(0);
  expect((JSON.parse(run.stdout) as Report).summary.forms).toBe(10);
  expect(fs.readFileSync(log, "utf8")).toBe("");
  // The helper does see a load when there is one: the same preload on ts-node's own entry logs it.
  spawnSync(process.execPath, ["-r", path.join(root, "test", "no-ts-node.js"), "-e", 'require("ts-node")'], {
    env: { ...process.env, ZPB_LOADED_LOG: log },
  });
  expect(fs.readFileSync(log, "utf8")).toBe("ts-node\n");
});
