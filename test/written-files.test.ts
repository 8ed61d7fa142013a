/**
 * Every kind of file the product writes opens in Excel without repair: each is checked with
 * ../shared/ooxml-validate/validate (the ECMA-376 schemas and the package and workbook rules a schema
 * cannot express) — templates of each kind, forms filled with hostile text (control characters pasted
 * from Word, text that starts like a formula, emoji and CJK Extension B, 31-character names with
 * apostrophes, a project named like the product's own hidden sheet), `zpb import` and `zpb convert`
 * output, and the review summary with its chart.
 */
import { execFileSync } from "child_process";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { builtinTemplate, type Template } from "../src/domain";
import { layoutSelfEvaluation } from "../src/layout/standard";
import { writeWorkbook } from "../src/xlsx/write";
import { filledData } from "./factories";
import { fixtureRows, writeRowsWorkbook } from "./fixture-workbooks";
import { PANEL_COLUMNS } from "./expert-panels";
import { zpb } from "./run-zpb";

const VALIDATE = path.resolve(__dirname, "..", "..", "shared", "ooxml-validate", "validate");
const SH = builtinTemplate("sh-district-2023") as Template;

/** Names a hostile user could give a project: each must still make a well-formed, openable file. */
const HOSTILE = [
  "职工\u000b培训\u0001项目", // a vertical tab and a control character pasted from Word
  "职工_x000B_服务_x0001_", // the same as Excel stores them in a cell: read back as the characters
  '=HYPERLINK("http://x","y")',
  "+1-1",
  "@SUM(A1)",
  "-2",
  "职工服务😀𠀀𠀁𠀂", // an emoji and CJK Extension B (each two UTF-16 units)
  "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十'尾", // an apostrophe at character 31
  "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十😀", // an emoji across the 31st unit
  "zpb_templates", // the product's own very hidden sheet
  "'引号'开头",
];

let dir: string;
const at = (name: string): string => path.join(dir, name);

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "zpb-written-"));
  // Templates of each kind.
  for (const [kind, extra] of [
    ["自评表", []],
    ["申报表", []],
    ["专家评分表", []],
    ["专家评分表", ["--experts", "10"]],
  ] as const) {
    const out = at(`template-${kind}-${extra.length}.xlsx`);
    expect((await zpb("template", "--kind", kind, ...extra, "--out", out)).code).toBe(0);
  }
  // Standard forms filled with hostile names, one workbook each, then checked with a summary.
  fs.mkdirSync(at("hostile"));
  for (const [i, name] of HOSTILE.entries()) {
    const data = { ...filledData(name), implementer: name, goals: { expected: name, actual: `${name} 完成` } };
    await writeWorkbook(
      [layoutSelfEvaluation(SH, data, { formNo: 1, sheetName: "自评表" }).sheet],
      at(`hostile/${i}.xlsx`),
    );
  }
  await zpb("check", at("hostile"), "--summary", at("summary.xlsx"), "--no-progress");
  // Forms in another layout, named hostile, through zpb import; the Songjiang 申报表 through zpb convert.
  // Names as Excel writes a vertical tab pasted into a cell (`_x000B_`, read back as the character).
  const rows = fixtureRows("minhang");
  let k = 0;
  const renamed = rows.map((r) =>
    r.map((c, j) => (j > 0 && r[0].trim() === "项目名称" && c.trim() !== "" ? HOSTILE[k++ % HOSTILE.length] : c)),
  );
  await writeRowsWorkbook(
    [
      { rows: renamed, name: "原表" },
      { rows: PANEL_COLUMNS, name: "评分" },
    ],
    at("foreign.xlsx"),
  );
  expect((await zpb("import", at("foreign.xlsx"), "--out", at("imported.xlsx"))).err).toBe("");
  await zpb("check", at("foreign.xlsx"), "--summary", at("summary-foreign.xlsx"), "--no-progress");
  await writeRowsWorkbook([{ rows: fixtureRows("songjiang"), name: "申报" }], at("declarations.xlsx"));
  expect((await zpb("convert", at("declarations.xlsx"), "--out", at("converted.xlsx"))).err).toBe("");
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test("every file written validates against ECMA-376 and the package rules: no problem at all", () => {
  const files = [
    ...fs.readdirSync(dir).filter((f) => f.endsWith(".xlsx") && f !== "foreign.xlsx" && f !== "declarations.xlsx"),
    ...fs.readdirSync(at("hostile")).map((f) => `hostile/${f}`),
  ].map(at);
  expect(files.length).toBe(4 + 2 + 2 + HOSTILE.length);
  let output = "";
  try {
    output = execFileSync(VALIDATE, files, { encoding: "utf8" });
  } catch (e) {
    output = String((e as { stdout?: string }).stdout ?? e);
  }
  expect(
    output
      .trim()
      .split("\n")
      .filter((l) => !/: \d+ files, 0 problems$/.test(l)),
  ).toEqual([]);
});

test("the foreign forms' names reach the summary as read: a vertical tab stored as _x000B_ is one", async () => {
  const { out } = await zpb("check", "--json", at("foreign.xlsx"), "--no-progress");
  const report = JSON.parse(out) as { files: { forms: { projectName: string | null }[] }[] };
  expect(report.files[0].forms.some((f) => (f.projectName ?? "").includes("\u000b"))).toBe(true);
});

test("the validator does report a broken file (it is not silent)", () => {
  const broken = at("broken.xlsx");
  const good = fs.readFileSync(at("summary.xlsx"));
  // The same package with a control character planted in its chart.
  const parts = unzipSync(good);
  const chart = Object.keys(parts).find((p) => p.startsWith("xl/charts/chart")) as string;
  parts[chart] = strToU8(strFromU8(parts[chart]).replace("<c:v>", "<c:v>\u0001"));
  fs.writeFileSync(broken, zipSync(parts));
  let status = 0;
  try {
    execFileSync(VALIDATE, [broken], { encoding: "utf8" });
  } catch (e) {
    status = (e as { status: number }).status;
  }
  expect(status).toBe(1);
});
