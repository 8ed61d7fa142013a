/**
 * `zpb convert` on the Songjiang fixture as a real .xlsx file (and on its standard sheets made by
 * `zpb import`): every 申报表 becomes a 自评表 that reads back with the header, 年初预算数 in 万元, every
 * indicator and target (numbering removed), 分值 adding up to the template's standard per 一级 and blank
 * actuals and scores; `zpb check` asks for what the user fills in and finds nothing the conversion
 * caused. The input is never written, and the refusals are those of `zpb import`.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { builtinTemplate, dec, formatSheetCell, type Field, type SelfEvaluationForm, type Template } from "../domain";
import type { TargetDeclarationForm } from "../domain/model";
import { cellText } from "../domain/text";
import { readCarriedTemplates } from "../layout/carried-templates";
import { withoutIndicatorPrefix } from "../layout/from-declaration";
import { readStandardForms } from "../layout/read-standard";
import { recognizeForms } from "../layout/recognize";
import { readWorkbookFile } from "../xlsx/fast-reader";
import { fixtureRows, gridOf, writeFixtureWorkbook, writeRowsWorkbook } from "../../test/fixture-workbooks";
import { checkWorkbook } from "../layout/report";
import { HELP } from "./zpb";
import { zpb } from "../../test/run-zpb";

const SH = builtinTemplate("sh-district-2023") as Template;

let dir: string;
let input: string;
let before: { bytes: Buffer; mtime: number };
const file = (name: string): string => path.join(dir, name);

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "zpb-convert-"));
  input = file("松江申报表.xlsx");
  await writeFixtureWorkbook("songjiang", input);
  before = { bytes: fs.readFileSync(input), mtime: fs.statSync(input).mtimeMs };
});
afterEach(() => {
  // Whatever a test did, the input is as it was written.
  expect(fs.readFileSync(input).equals(before.bytes)).toBe(true);
  expect(fs.statSync(input).mtimeMs).toBe(before.mtime);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The fixture's declarations as the recognizer reads them. */
const declarations = (): TargetDeclarationForm[] =>
  recognizeForms(gridOf(fixtureRows("songjiang"), { name: "松江" })).map(({ form }) => form as TargetDeclarationForm);

/** The 自评表 of an output file, and the workbook they were read from. */
async function readOutput(out: string) {
  const read = await readWorkbookFile(out);
  if (!read.ok) throw new Error(read.error.message);
  const forms = readStandardForms(read.workbook).map(({ form }) => {
    if (form.kind !== "self-evaluation") throw new Error(`expected a 自评表, got ${form.kind}`);
    return form;
  });
  return { workbook: read.workbook, forms };
}

const value = (f: Field): string => cellText(f.value).trim();
const cellOf = (form: SelfEvaluationForm, f: Field): string =>
  f.at ? formatSheetCell({ sheet: form.sheet, ...f.at }) : "?";

describe("zpb convert on the Songjiang declarations", () => {
  let out: string;
  let run: { code: number; out: string; err: string };
  beforeAll(async () => {
    out = file("自评表.xlsx");
    run = await zpb("convert", input, "--out", out);
  });

  test("exits 0 and prints a Chinese summary: per form its sheet, project, indicators, 分值 per 一级 and notes", () => {
    expect([run.code, run.err]).toEqual([0, ""]);
    const lines = run.out.split("\n");
    expect(lines[0]).toBe(
      `已由 ${input} 中的 4 张申报表生成 4 张自评表，写入 ${out}（模板：上海市区级 财政项目支出绩效自评表（2023/2024））：`,
    );
    expect(run.out).toContain("  1. 工作表“编外人员工作经费”：编外人员工作经费，2024年度，来自 松江!");
    expect(run.out).toContain("转入 5 个指标");
    expect(run.out).toContain(
      "     建议分值：产出指标 50 分 → 3 个指标（前 2 个各 16.67 分，其余 1 个各 16.66 分）；效益指标 30 分 → 1 个指标（各 30 分）；满意度指标 10 分 → 1 个指标（各 10 分）",
    );
    expect(run.out).toContain("  2. 工作表“编外人员工作经费(2)”");
    expect(run.out).toContain(
      "     · 金额单位由申报表的元换算为模板的万元（除以 10000，精确换算，未舍入）：年初预算数 615848 元 → 61.5848 万元",
    );
    expect(run.out).toContain("已归入“产出指标/成本指标”（原二级指标：经济成本指标）");
    expect(run.out).toContain("  4. 工作表“职工服务”：职工服务，2024年度");
    expect(run.out).toContain(
      "产出指标 50 分 → 14 个指标（前 2 个各 3.58 分，其余 12 个各 3.57 分）；效益指标 30 分 → 7 个指标（前 4 个各 4.29 分，其余 3 个各 4.28 分）",
    );
    expect(run.out).toContain("分值是按模板标准分值在各一级指标内平均分配的建议值（资金分值 10 分），可直接修改");
    expect(lines[lines.length - 2]).toBe(`原文件 ${input} 未作任何改动。`);
  });

  test("every 申报表 is a 自评表 with its header, year, 年初预算数 in 万元 and goal; the rest blank", async () => {
    const { forms, workbook } = await readOutput(out);
    const decls = declarations();
    expect(forms.map((f) => f.sheet)).toEqual(["编外人员工作经费", "编外人员工作经费(2)", "帮困慰问", "职工服务"]);
    forms.forEach((form, i) => {
      const decl = decls[i];
      expect([form.templateId, form.year, form.moneyUnit]).toEqual(["sh-district-2023", 2024, "万元"]);
      expect([value(form.header.projectName), value(form.header.department), value(form.header.implementer)]).toEqual([
        value(decl.header.projectName),
        value(decl.header.department),
        value(decl.header.implementer),
      ]);
      const wan = (f: Field): number | null => (f.value === null ? null : dec(f.value as number).toNumber());
      expect(wan(form.funding.total.initialBudget)).toBe(
        dec(decl.funding.annualTotal.value as number)
          .div(10000)
          .toNumber(),
      );
      expect(wan(form.funding.currentYear.initialBudget)).toBe(
        dec(decl.funding.currentYear.value as number)
          .div(10000)
          .toNumber(),
      );
      for (const key of ["total", "currentYear", "carryOver", "other"] as const) {
        expect([form.funding[key].annualBudget.value, form.funding[key].executed.value]).toEqual([null, null]);
      }
      expect(form.funding.total.weight.value).toBe(10);
      expect(value(form.goals.expected)).toBe(value(decl.goals.annual));
      expect(form.goals.actual.value).toBeNull();
    });
    // The output carries its template, so that checking it does not depend on the checker's.
    expect([...readCarriedTemplates(workbook).keys()]).toEqual(["sh-district-2023"]);
  });

  test("every indicator and target is carried over, numbering removed; 分值 add up to the standard per 一级", async () => {
    const { forms } = await readOutput(out);
    const decls = declarations();
    forms.forEach((form, i) => {
      const carried = form.indicators.map((r) => `${value(r.level3)} ${value(r.target)}`);
      const declared = decls[i].indicators.map((r) => `${withoutIndicatorPrefix(value(r.level3))} ${value(r.target)}`);
      expect([...carried].sort()).toEqual([...declared].sort());
      for (const row of form.indicators) {
        expect(value(row.level3)).not.toMatch(/^指标\s*\d/);
        expect([row.actual.value, row.score.value, row.deviation.value]).toEqual([null, null, null]);
      }
      const sums = new Map<string, number>();
      for (const row of form.indicators) {
        const l1 = value(row.level1);
        sums.set(
          l1,
          dec(sums.get(l1) ?? 0)
            .plus(row.weight.value as number)
            .toNumber(),
        );
      }
      expect(Object.fromEntries(sums)).toEqual(SH.standardWeights.level1);
    });
    // The 成本指标 一级 of the second declaration is under 产出指标/成本指标 (the template is 2020-system).
    const cost = forms[1].indicators.find((r) => value(r.level3) === "非编人员人均工资福利费");
    expect([
      value(cost?.level1 ?? { value: null, at: null }),
      value(cost?.level2 ?? { value: null, at: null }),
    ]).toEqual(["产出指标", "成本指标"]);
  });

  test("zpb check asks for what the user fills in at the year's end, and nothing the conversion caused", async () => {
    const { forms, workbook } = await readOutput(out);
    const report = checkWorkbook(out, workbook);
    expect(report.forms).toHaveLength(4);
    report.forms.forEach((json, i) => {
      const form = forms[i];
      const codes = json.findings.map((f) => f.code);
      for (const code of [
        "WEIGHTS_NONSTANDARD",
        "WEIGHT_TOTAL_MISMATCH",
        "CATEGORY_INVALID",
        "LEVEL1_MISSING",
        "FUNDING_SUBTOTAL_MISMATCH",
        "FORMULA_OVERWRITTEN",
      ]) {
        expect(codes).not.toContain(code);
      }
      const missing = json.findings.filter((f) => f.code === "REQUIRED_MISSING").map((f) => f.cell);
      expect(missing).toEqual([
        cellOf(form, form.funding.total.annualBudget),
        cellOf(form, form.funding.total.executed),
        ...form.indicators.map((r) => cellOf(form, r.score)),
      ]);
      expect(json.computed.fullScore).toBe(100);
      expect(json.computed.totalScore).toBeNull();
    });
  });
});

describe("options", () => {
  test("--year sets every form's year and says so; --template mof-2021 keeps 成本指标 a 一级", async () => {
    const out = file("自评表-2025-mof2021.xlsx");
    const run = await zpb("convert", input, "--out", out, "--year", "2025", "--template", "mof-2021");
    expect(run.code).toBe(0);
    expect(run.out).toContain("· 年度按指定的 2025 年填写（申报表为 2024 年度）");
    expect(run.out).toContain("模板要求的一级指标“成本指标”在申报表中没有指标，其标准分值 10 分未分配");
    const { forms } = await readOutput(out);
    expect(forms.map((f) => [f.year, f.templateId])).toEqual(Array(4).fill([2025, "mof-2021"]));
    const cost = forms[1].indicators.filter((r) => value(r.level1) === "成本指标");
    expect(cost.map((r) => [value(r.level2), r.weight.value])).toEqual([["经济成本指标", 10]]);
  });

  test("a 申报表 template, a bad year and a missing --out are refused in Chinese with exit 2", async () => {
    const out = file("never.xlsx");
    const declTemplate = await zpb("convert", input, "--out", out, "--template", "sh-2024-declaration");
    expect([declTemplate.code, declTemplate.err]).toEqual([
      2,
      "zpb：模板“sh-2024-declaration”不是自评表模板；convert 生成自评表，请用自评表模板（见 zpb templates）\n",
    ]);
    expect((await zpb("convert", input, "--out", out, "--year", "24")).err).toContain(
      "--year 应为 2000 到 2100 之间的年份，现为“24”",
    );
    expect((await zpb("convert", input)).err).toMatch(/请用 --out 给出输出文件/);
    expect((await zpb("convert")).err).toMatch(/请给出含申报表的工作簿/);
    expect((await zpb("convert", input, input, "--out", out)).code).toBe(2);
    expect(fs.existsSync(out)).toBe(false);
  });

  test("standard 申报表 sheets (made by zpb import) convert the same way", async () => {
    const standard = file("标准申报表.xlsx");
    expect((await zpb("import", input, "--out", standard)).code).toBe(0);
    const out = file("自评表-由标准表.xlsx");
    const run = await zpb("convert", standard, "--out", out);
    expect(run.code).toBe(0);
    expect(run.out).toContain("（标准表）");
    const fromStandard = await readOutput(out);
    const fromForeign = await readOutput(file("自评表.xlsx"));
    const rows = (forms: SelfEvaluationForm[]) =>
      forms.map((f) => [
        value(f.header.projectName),
        f.funding.total.initialBudget.value,
        ...f.indicators.map((r) => [
          value(r.level1),
          value(r.level2),
          value(r.level3),
          value(r.target),
          r.weight.value,
        ]),
      ]);
    expect(rows(fromStandard.forms)).toEqual(rows(fromForeign.forms));
  });

  test("自评表 in the input are not converted, and the summary says so", async () => {
    const both = file("闵行与松江.xlsx");
    await writeRowsWorkbook(
      [
        { rows: fixtureRows("minhang"), name: "闵行" },
        { rows: fixtureRows("songjiang"), name: "松江" },
      ],
      both,
    );
    const run = await zpb("convert", both, "--out", file("自评表-混合.xlsx"));
    expect(run.code).toBe(0);
    expect(run.out).toContain("中的 4 张申报表生成 4 张自评表");
    expect(run.out).toContain("输入中的 11 张自评表未转换：convert 只由申报表生成自评表。");
  });
});

describe("zpb convert refuses what would lose data", () => {
  test("OUT is IN, by path or by another spelling; --force does not help", async () => {
    for (const out of [input, `${dir}${path.sep}.${path.sep}松江申报表.xlsx`]) {
      for (const force of [[], ["--force"]]) {
        const run = await zpb("convert", input, "--out", out, ...force);
        expect([run.code, run.out]).toEqual([2, ""]);
        expect(run.err).toMatch(/^zpb：输出文件不能是输入文件本身/);
      }
    }
  });

  test("an existing OUT is kept without --force, replaced with it; no temporary file is left", async () => {
    const out = file("existing.xlsx");
    fs.writeFileSync(out, "keep me");
    const refused = await zpb("convert", input, "--out", out);
    expect([refused.code, refused.err]).toEqual([2, `zpb：输出文件已存在：${out}（如要覆盖，请加 --force）\n`]);
    expect(fs.readFileSync(out, "utf8")).toBe("keep me");
    expect((await zpb("convert", input, "--out", out, "--force")).code).toBe(0);
    expect((await readOutput(out)).forms).toHaveLength(4);
    expect(fs.readdirSync(dir).filter((n) => n.startsWith(".~zpb-convert"))).toEqual([]);
  });

  test("only .xlsx is written; an unreadable or missing input is exit 2", async () => {
    const xls = await zpb("convert", input, "--out", file("自评表.xls"));
    expect([xls.code, xls.err]).toEqual([2, `zpb：输出文件应以 .xlsx 结尾，现为“${file("自评表.xls")}”\n`]);
    const damaged = file("damaged.xlsx");
    fs.writeFileSync(damaged, before.bytes.subarray(0, before.bytes.length / 2));
    const bad = await zpb("convert", damaged, "--out", file("damaged-out.xlsx"));
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^zpb：无法读取 .*damaged\.xlsx：/);
    expect((await zpb("convert", file("nowhere.xlsx"), "--out", file("x.xlsx"))).err).toMatch(/找不到输入文件/);
  });

  test("a workbook without any 申报表 is exit 1 and writes nothing; its 自评表 are counted", async () => {
    const minhang = file("闵行.xlsx");
    await writeFixtureWorkbook("minhang", minhang);
    const out = file("闵行-自评表.xlsx");
    const run = await zpb("convert", minhang, "--out", out);
    expect([run.code, run.err]).toEqual([
      1,
      `zpb：${minhang} 中没有找到绩效目标申报表（有 11 张自评表，convert 只由申报表生成自评表），未生成 ${out}\n`,
    ]);
    expect(fs.existsSync(out)).toBe(false);
  });

  test("the help lists convert in Chinese and English", async () => {
    const help = await zpb("convert", "--help");
    expect([help.code, help.out]).toEqual([0, HELP]);
    expect(help.out).toContain(
      "zpb convert 申报表.xlsx --out 自评表.xlsx [--template 编号|文件.json] [--year 年度] [--force]",
    );
    expect(help.out).toContain("Make the year's self-evaluation forms from target declarations");
  });
});
