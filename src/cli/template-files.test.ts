/**
 * Templates as files, end to end through `zpb`: `template validate` on good, bad, not-JSON and
 * missing files; `template new --from` output that validates and round-trips; and a workbook made
 * from a bureau's own template (not built in) checked with that template, which it carries.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { builtinTemplate, evaluateForm, validateTemplate, type Template, type TemplateInput } from "../domain";
import { readStandardForms } from "../layout/read-standard";
import { layoutSelfEvaluation } from "../layout/standard";
import { readWorkbookFile } from "../xlsx/fast-reader";
import { writeWorkbook } from "../xlsx/write";
import { templateSheet } from "../layout/carried-templates";
import { filledData } from "../../test/factories";
import type { Report } from "../layout/report";
import { jsonErrorOffset, lineColumn, parseTemplateText } from "./template-files";
import { HELP } from "./zpb";
import { zpb } from "../../test/run-zpb";

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "zpb-tpl-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const at = (name: string): string => path.join(dir, name);

const SH = builtinTemplate("sh-district-2023") as Template;

/** A bureau's own template: 满分 100, 优 ≥ 85 / 良 ≥ 75 / 中 ≥ 60, scores rounded down. */
const XH: TemplateInput = {
  schemaVersion: 1,
  id: "xh-2025",
  name: "某区 财政项目支出绩效自评表（2025）",
  kind: "self-evaluation",
  moneyUnit: "万元",
  headerFields: ["projectName", "department", "implementer"],
  categorySystem: "2020",
  categories: SH.categories,
  requiredLevel1: ["产出指标", "效益指标", "满意度指标"],
  gradeRow: true,
  standardWeights: SH.standardWeights,
  fullScore: 100,
  rounding: { fundingScore: "rounddown", indicatorScore: "rounddown" },
  gradeBands: [
    { grade: "优", min: 85 },
    { grade: "良", min: 75 },
    { grade: "中", min: 60 },
    { grade: "差", min: 0 },
  ],
};

describe("zpb template validate", () => {
  it("accepts a good file: exit 0, 模板有效 with its id and name", async () => {
    fs.writeFileSync(at("xh.json"), JSON.stringify(XH, null, 2));
    const r = await zpb("template", "validate", at("xh.json"));
    expect(r).toEqual({ code: 0, out: "模板有效：xh-2025（某区 财政项目支出绩效自评表（2025））\n", err: "" });
  });

  it("lists each problem of a bad template as path：message in Chinese, exit 2", async () => {
    fs.writeFileSync(at("bad.json"), JSON.stringify({ ...XH, id: "XH 2025", moneyUnit: "美元" }));
    const r = await zpb("template", "validate", at("bad.json"));
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toContain("有 2 处问题");
    expect(r.err).toContain("\n  id：模板编号只能包含小写字母、数字和连字符");
    expect(r.err).toMatch(/\n {2}moneyUnit：无效选项/);
    expect(r.err).not.toMatch(/Invalid|Expected|\bat \S+:\d+/);

    // Once the fields are of the right types, the rules between them are checked.
    const gradeBands = [
      { grade: "优", min: 60 },
      { grade: "良", min: 75 },
    ];
    fs.writeFileSync(at("bad2.json"), JSON.stringify({ ...XH, requiredLevel1: ["成本指标"], gradeBands }));
    const r2 = await zpb("template", "validate", at("bad2.json"));
    expect(r2.code).toBe(2);
    expect(r2.err).toContain("requiredLevel1.0：必需的一级指标“成本指标”不在 categories 中");
    expect(r2.err).toContain("gradeBands.1：评分等级须按分数下限从高到低排列");
  });

  it("says where JSON that does not parse goes wrong, by line and column", async () => {
    fs.writeFileSync(at("broken.json"), '{\n  "schemaVersion": 1,\n  "id": "x",\n  "name": }\n');
    const r = await zpb("template", "validate", at("broken.json"));
    expect(r.code).toBe(2);
    expect(r.err).toContain("不是有效的 JSON：第 4 行第 11 列");
  });

  it("reports a missing file, exit 2", async () => {
    const r = await zpb("template", "validate", at("nope.json"));
    expect(r.code).toBe(2);
    expect(r.err).toContain(`找不到文件：${at("nope.json")}`);
  });

  it("asks for exactly one file", async () => {
    expect((await zpb("template", "validate")).code).toBe(2);
  });
});

describe("JSON error positions", () => {
  it.each([
    ['{"a":}', 5],
    ["[1,2,]", 5],
    ['{"a":1', 6],
    ['{"a":tru}', 8],
    ['{"a":1} x', 8],
    ['"\\q"', 2],
  ])("%s goes wrong at %i", (text, offset) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(jsonErrorOffset(text)).toBe(offset);
  });

  it("finds nothing wrong in good JSON", () => {
    expect(jsonErrorOffset(JSON.stringify(SH, null, 2))).toBeNull();
    expect(jsonErrorOffset('{"a":[1,-2.5e3,true,false,null,"\\u00e9"]}')).toBeNull();
  });

  it("counts lines and columns from 1, and ignores a BOM", () => {
    expect(lineColumn("ab\ncd", 4)).toEqual({ line: 2, column: 2 });
    expect(parseTemplateText(`\uFEFF${JSON.stringify(XH)}`).ok).toBe(true);
  });
});

describe("zpb template new", () => {
  it("starts a template from a built-in: pretty JSON that validates and round-trips", async () => {
    const file = at("new.json");
    const r = await zpb("template", "new", "--from", "sh-district-2023", "--out", file);
    expect(r.code).toBe(0);
    expect(r.out).toContain(file);
    const text = fs.readFileSync(file, "utf8");
    expect(text).toMatch(/^\{\n {2}"schemaVersion": 1,\n/);
    const parsed = validateTemplate(JSON.parse(text));
    expect(parsed.ok && parsed.template).toEqual(SH);
    expect((await zpb("template", "validate", file)).code).toBe(0);
  });

  it("takes a new id and name, and refuses to overwrite without --force", async () => {
    const file = at("xh-new.json");
    const args = ["template", "new", "--from", "sh-district-2023", "--out", file, "--id", "xh-2025", "--name", "某区"];
    expect((await zpb(...args)).code).toBe(0);
    const parsed = validateTemplate(JSON.parse(fs.readFileSync(file, "utf8")));
    expect(parsed.ok && { ...parsed.template }).toEqual({ ...SH, id: "xh-2025", name: "某区" });
    const again = await zpb(...args);
    expect(again.code).toBe(2);
    expect(again.err).toContain("已存在");
    expect((await zpb(...args, "--force")).code).toBe(0);
  });

  it("refuses an unknown built-in, a bad new id, and a missing --out, in Chinese", async () => {
    const unknown = await zpb("template", "new", "--from", "no-such", "--out", at("x.json"));
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("没有编号为“no-such”的内置模板");
    const badId = await zpb("template", "new", "--from", "mof-2020", "--out", at("y.json"), "--id", "坏编号");
    expect(badId.code).toBe(2);
    expect(badId.err).toContain("id：模板编号只能包含");
    expect(fs.existsSync(at("y.json"))).toBe(false);
    expect((await zpb("template", "new", "--from", "mof-2020")).code).toBe(2);
  });

  it("leaves zpb template (the workbook) working, and the help lists both subcommands", async () => {
    const r = await zpb("template", "--template", "mof-2020", "--year", "2024", "--out", at("blank.xlsx"));
    expect(r.code).toBe(0);
    expect(fs.existsSync(at("blank.xlsx"))).toBe(true);
    expect(HELP).toContain("zpb template validate");
    expect(HELP).toContain("zpb template new --from");
  });
});

describe("a form made from a bureau's own template is checked with it", () => {
  /** The standard 自评表 of the factories, with scores that total 86. */
  const data = () => {
    const base = filledData("职工技能培训", 6);
    const full = { initialBudget: 100, annualBudget: 100, executed: 100 };
    return { ...base, funding: { ...base.funding, total: full, currentYear: full } };
  };

  it("zpb check uses the carried xh-2025, which is not built in: 86 is 优, where the built-in says 良", async () => {
    expect(builtinTemplate("xh-2025")).toBeUndefined();
    fs.writeFileSync(at("xh-form.json"), JSON.stringify(XH));
    const blank = at("xh-form.xlsx");
    expect((await zpb("template", "--template", at("xh-form.json"), "--out", blank)).code).toBe(0);

    // The form as a unit fills it in: the same layout, with values, and the carried template kept.
    const read = await readWorkbookFile(blank);
    if (!read.ok) throw new Error(read.error.message);
    expect(read.workbook.sheets.map((s) => [s.name, s.state])).toEqual([
      ["自评表", "visible"],
      ["zpb_templates", "veryHidden"],
    ]);
    const xh = validateTemplate(XH);
    if (!xh.ok) throw new Error("XH is invalid");
    const filled = at("xh-filled.xlsx");
    await writeWorkbook(
      [
        layoutSelfEvaluation(xh.template, data(), { formNo: 1, sheetName: "自评表" }).sheet,
        templateSheet([xh.template]),
      ],
      filled,
    );

    const r = await zpb("check", filled, "--json");
    const report = JSON.parse(r.out) as Report;
    expect(report.files[0].forms).toHaveLength(1);
    const form = report.files[0].forms[0];
    expect(form.template).toBe("xh-2025");
    expect(form.computed.totalScore).toBe(86);
    expect(form.computed.grade).toBe("优");

    // The built-in of the same shape grades the same form 良.
    const again = await readWorkbookFile(filled);
    if (!again.ok) throw new Error(again.error.message);
    const [{ form: parsed }] = readStandardForms(again.workbook);
    expect(evaluateForm(parsed, SH).computed.grade).toBe("良");
  });

  it("without the carried sheet the checker cannot know xh-2025 and falls back to the built-in by shape", async () => {
    const xh = validateTemplate(XH);
    if (!xh.ok) throw new Error("XH is invalid");
    const bare = at("xh-bare.xlsx");
    await writeWorkbook([layoutSelfEvaluation(xh.template, data(), { formNo: 1, sheetName: "自评表" }).sheet], bare);
    const report = JSON.parse((await zpb("check", bare, "--json")).out) as Report;
    expect(report.files[0].forms[0].template).toBe("sh-district-2023");
    expect(report.files[0].forms[0].computed.grade).toBe("良");
  });
});
