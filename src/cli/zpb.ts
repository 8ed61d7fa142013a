/**
 * `zpb`: the command-line companion. Makes template workbooks, checks any number of filled ones,
 * imports forms in other layouts as standard sheets, and makes the year's 自评表 from 申报表.
 * Every failure the user can cause gets a Chinese message and an exit code; none gets a stack trace.
 *
 * Each command loads what it needs when it runs (`await import`): `zpb --help` loads nothing, and a
 * check never loads the xlsx writer (ExcelJS alone takes 180 ms to load) unless it writes a summary.
 */
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import type { Template } from "../domain/templates/schema";
import type { FileReport } from "../layout/report";

export const HELP = `zpb — 绩效自评助手命令行工具 / Performance Self-Evaluation Assistant CLI

用法 Usage:
  zpb template [--template 编号|文件.json] [--kind 自评表|申报表|专家评分表] [--year 年度] [--experts N] [--out 文件.xlsx]
      生成空白模板工作簿（模板随工作簿保存，检查时按表自带的模板）。
      Make a blank template workbook (it carries its template; checking uses the form's own).
  zpb template validate 模板.json
      检查模板文件，逐条列出问题（格式见 docs/模板格式.md）。Validate a template file, listing each problem.
  zpb template new --from 编号 --out 模板.json [--id 新编号] [--name 名称]
      以内置模板为底稿新建模板文件。Start a template file from a built-in template.
  zpb check 文件或文件夹... [--json] [--summary 汇总.xlsx] [--workers N]
      检查填好的表：Excel 工作簿（.xlsx .xlsm .xls .et）、Word 文档（.docx）、有文字层的 PDF；
      文件夹中的这些文件会被逐个检查。Check filled forms in workbooks, Word documents and PDFs.
  zpb import 原表.xlsx --out 标准表.xlsx [--template 编号|文件.json] [--force]
      把其他格式的自评表/申报表转为标准表，每张表一个工作表，原文件不作改动（未找到任何表时退出码为 1）。
      Convert forms in other layouts to standard sheets, one sheet per form; the input is never written.
  zpb convert 申报表.xlsx --out 自评表.xlsx [--template 编号|文件.json] [--year 年度] [--force]
      由绩效目标申报表生成当年的自评表，每张申报表一个工作表：指标、指标值和建议分值已填好，原文件不作改动（未找到申报表时退出码为 1）。
      Make the year's self-evaluation forms from target declarations, one sheet each; the input is never written.
  zpb templates
      列出内置模板。List the built-in templates.
  zpb --help | --version

选项 Options:
  --template ID|FILE  模板编号（见 zpb templates）或模板 JSON 文件 / a built-in template id or a template JSON file
  --from ID           template new：作为底稿的内置模板编号 / the built-in template to start from
  --id ID --name 名称 template new：新模板的编号和名称 / the new template's id and name
  --kind KIND         自评表（默认）、申报表 或 专家评分表 / self-evaluation (default), target declaration or expert panel
  --experts N         专家评分表的专家人数（默认 5）/ experts on an expert-panel sheet (default 5)
  --year N            年度，如 2024 / the year shown on the form
  --out FILE          输出文件 / output workbook
  --json              按 JSON 契约输出 / print the JSON report (shared/spec/cli-json.md)
  --summary FILE      另写一份汇总工作簿 / also write a review summary workbook
  --force             导入、转换时覆盖已存在的输出文件（从不覆盖原文件）/ import, convert: overwrite an existing output (never the input)
  --workers N         并行读取的线程数（默认为 CPU 核数）/ reader threads (default: CPU count)
  --no-progress       不显示进度条 / no progress bar

退出码 Exit status:
  0  所有文件均已读取，且没有错误 / every file read, no form has an error finding
  1  有表存在错误 / some form has an error finding
  2  有文件无法读取，或命令行有误 / some file could not be read, or the command line was wrong
`;

class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** A template by id or from a JSON file; UsageError with Chinese reasons when it is neither. */
async function loadTemplate(spec: string | undefined, kind: Template["kind"]): Promise<Template> {
  const { BUILTIN_TEMPLATES, builtinTemplate } = await import("../domain/templates/builtin");
  const { issueLines, readTemplateFile } = await import("./template-files");
  if (spec === undefined) {
    const id =
      kind === "target-declaration"
        ? "sh-2024-declaration"
        : kind === "expert-scoring"
          ? "expert-2020"
          : "sh-district-2023";
    return builtinTemplate(id) as Template;
  }
  const builtin = builtinTemplate(spec);
  if (builtin) return builtin;
  if (!fs.existsSync(spec)) {
    throw new UsageError(
      `找不到模板“${spec}”：既不是内置模板编号（${BUILTIN_TEMPLATES.map((t) => t.id).join("、")}），也不是文件`,
    );
  }
  const result = readTemplateFile(spec);
  if (!result.ok) throw new UsageError(`模板文件 ${spec} 有误：\n${issueLines(result.issues).trimEnd()}`);
  return result.template;
}

const KINDS: Record<string, Template["kind"]> = {
  自评表: "self-evaluation",
  "self-evaluation": "self-evaluation",
  申报表: "target-declaration",
  "target-declaration": "target-declaration",
  专家评分表: "expert-scoring",
  "expert-scoring": "expert-scoring",
};

/** The Chinese name of each kind of form. */
export const KIND_NAMES: Record<Template["kind"], string> = {
  "self-evaluation": "自评表",
  "target-declaration": "申报表",
  "expert-scoring": "专家评分表",
};

async function templateCommand(args: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      template: { type: "string" },
      kind: { type: "string" },
      year: { type: "string" },
      out: { type: "string" },
      experts: { type: "string" },
    },
    allowPositionals: false,
  });
  const asked = values.kind === undefined ? undefined : KINDS[values.kind];
  if (values.kind !== undefined && !asked)
    throw new UsageError(`--kind 只能是 自评表、申报表 或 专家评分表，现为“${values.kind}”`);
  let year: number | null = null;
  if (values.year !== undefined) {
    year = Number(values.year);
    if (!Number.isInteger(year) || year < 2000 || year > 2100)
      throw new UsageError(`--year 应为 2000 到 2100 之间的年份，现为“${values.year}”`);
  }
  // Without --kind, a template given by --template says the kind itself.
  const template = await loadTemplate(values.template, asked ?? "self-evaluation");
  const kind = asked ?? template.kind;
  if (template.kind !== kind)
    throw new UsageError(`模板“${template.id}”用于${KIND_NAMES[template.kind]}，与 --kind 不符`);
  let experts: number | undefined;
  if (values.experts !== undefined) {
    experts = Number(values.experts);
    if (kind !== "expert-scoring") throw new UsageError("--experts 只用于专家评分表（--kind 专家评分表）");
    if (!Number.isInteger(experts) || experts < 1 || experts > 20)
      throw new UsageError(`--experts 应为 1 到 20 之间的整数，现为“${values.experts}”`);
  }
  const file = values.out ?? `${KIND_NAMES[kind]}模板-${template.id}${year ? `-${year}` : ""}.xlsx`;
  const { makeTemplateWorkbook } = await import("./template");
  await makeTemplateWorkbook(template, year ?? template.year, file, experts);
  out.write(`已生成 ${file}（模板：${template.name}）\n`);
  return 0;
}

/** `zpb template validate FILE`: 0 and the template's id and name, or 2 and every problem. */
async function templateValidateCommand(
  args: string[],
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Promise<number> {
  const { issueLines, readTemplateFile } = await import("./template-files");
  const { positionals } = parseArgs({ args, options: {}, allowPositionals: true });
  if (positionals.length !== 1) throw new UsageError("请给出一个模板文件，例如：zpb template validate 模板.json");
  const file = positionals[0];
  const result = readTemplateFile(file);
  if (!result.ok) {
    const what =
      result.code === "INVALID" ? `模板文件 ${file} 有 ${result.issues.length} 处问题：` : `模板文件 ${file} 无效：`;
    err.write(`zpb：${what}\n${issueLines(result.issues)}`);
    return 2;
  }
  const t = result.template;
  out.write(`模板有效：${t.id}（${t.name}）\n`);
  return 0;
}

/** `zpb template new --from ID --out FILE.json [--id NEW_ID] [--name 名称]`. */
async function templateNewCommand(args: string[], out: NodeJS.WritableStream): Promise<number> {
  const { BUILTIN_TEMPLATES, builtinTemplate } = await import("../domain/templates/builtin");
  const { issueLines, newTemplateText } = await import("./template-files");
  const { values, positionals } = parseArgs({
    args,
    options: {
      from: { type: "string" },
      out: { type: "string" },
      id: { type: "string" },
      name: { type: "string" },
      force: { type: "boolean", default: false },
    },
    allowPositionals: true,
  });
  if (positionals.length > 0) throw new UsageError(`多余的参数：${positionals.join(" ")}`);
  const ids = BUILTIN_TEMPLATES.map((t) => t.id).join("、");
  if (values.from === undefined) throw new UsageError(`请用 --from 给出作为底稿的内置模板编号（${ids}）`);
  const from = builtinTemplate(values.from);
  if (!from) throw new UsageError(`没有编号为“${values.from}”的内置模板；可用：${ids}`);
  if (values.out === undefined)
    throw new UsageError("请用 --out 给出模板文件，例如：zpb template new --from mof-2020 --out 模板.json");
  if (fs.existsSync(values.out) && !values.force) throw new UsageError(`${values.out} 已存在；要覆盖请加 --force`);
  const made = newTemplateText(from, { id: values.id, name: values.name });
  if (!made.ok || made.text === undefined) {
    throw new UsageError(`新模板有误：\n${issueLines(made.ok ? [] : made.issues).trimEnd()}`);
  }
  fs.writeFileSync(values.out, made.text, "utf8");
  out.write(`已生成 ${values.out}（模板：${made.template.id}，以 ${from.id} 为底稿）\n`);
  return 0;
}

async function checkCommand(
  args: string[],
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream & { isTTY?: boolean },
): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      json: { type: "boolean", default: false },
      summary: { type: "string" },
      workers: { type: "string" },
      "no-progress": { type: "boolean", default: false },
    },
    allowPositionals: true,
  });
  if (positionals.length === 0) throw new UsageError("请给出要检查的文件或文件夹，例如：zpb check 提交/");
  const workers = values.workers === undefined ? undefined : Number(values.workers);
  if (workers !== undefined && (!Number.isInteger(workers) || workers < 1 || workers > 64)) {
    throw new UsageError(`--workers 应为 1 到 64 之间的整数，现为“${values.workers}”`);
  }
  const { expandInputs } = await import("./files");
  const { checkFiles, streamJsonReport } = await import("./check");
  const { exitCodeOf, exitCodeOfTallies, makeReport } = await import("../layout/report");
  const { files, missing } = expandInputs(positionals);
  const showProgress = !values["no-progress"] && err.isTTY === true && files.length > 1;
  const progress = (done: number, total: number): void => {
    if (!showProgress) return;
    const width = 30;
    const filled = Math.round((done / total) * width);
    err.write(`\r检查中 [${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total}`);
    if (done === total) err.write("\n");
  };
  const notFound: FileReport[] = missing.map((m) => ({
    path: m,
    error: { code: "NOT_FOUND", message: `找不到文件或文件夹：${m}` },
    forms: [],
  }));
  // JSON alone is written as the files are checked, none of them kept: any batch in bounded memory.
  if (values.json && !values.summary)
    return exitCodeOfTallies(await streamJsonReport(files, notFound, out, { workers, onProgress: progress }));
  const reports: FileReport[] = [...(await checkFiles(files, { workers, onProgress: progress })), ...notFound];
  const report = makeReport(reports);
  out.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : (await import("./human")).humanReport(report));
  if (values.summary) {
    const { writeSummary } = await import("../xlsx/summary");
    await writeSummary(report, values.summary);
    if (!values.json) out.write(`汇总已写入 ${values.summary}\n`);
  }
  return exitCodeOf(report);
}

async function importCommand(args: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      out: { type: "string" },
      template: { type: "string" },
      force: { type: "boolean", default: false },
    },
    allowPositionals: true,
  });
  if (positionals.length === 0)
    throw new UsageError("请给出要导入的工作簿，例如：zpb import 原表.xlsx --out 标准表.xlsx");
  if (positionals.length > 1) {
    throw new UsageError(`一次只能导入一个工作簿，现有 ${positionals.length} 个：${positionals.join("、")}`);
  }
  if (values.out === undefined)
    throw new UsageError("请用 --out 给出输出文件，例如：zpb import 原表.xlsx --out 标准表.xlsx");
  // A template is for one kind of form; the forms of the other kind get their own default.
  const template = values.template === undefined ? undefined : await loadTemplate(values.template, "self-evaluation");
  const { importSummary, importWorkbook } = await import("./import");
  const result = await importWorkbook(positionals[0], values.out, { template, force: values.force });
  if (!result.ok) {
    err.write(`zpb：${result.message}\n`);
    return result.code === "NO_FORMS" ? 1 : 2;
  }
  out.write(importSummary(positionals[0], values.out, result.forms));
  return 0;
}

/** A --year value: an integer from 2000 to 2100, or UsageError. */
function yearOption(value: string): number {
  const year = Number(value);
  if (!Number.isInteger(year) || year < 2000 || year > 2100)
    throw new UsageError(`--year 应为 2000 到 2100 之间的年份，现为“${value}”`);
  return year;
}

async function convertCommand(args: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      out: { type: "string" },
      template: { type: "string" },
      year: { type: "string" },
      force: { type: "boolean", default: false },
    },
    allowPositionals: true,
  });
  if (positionals.length === 0)
    throw new UsageError("请给出含申报表的工作簿，例如：zpb convert 申报表.xlsx --out 自评表.xlsx");
  if (positionals.length > 1) {
    throw new UsageError(`一次只能转换一个工作簿，现有 ${positionals.length} 个：${positionals.join("、")}`);
  }
  if (values.out === undefined)
    throw new UsageError("请用 --out 给出输出文件，例如：zpb convert 申报表.xlsx --out 自评表.xlsx");
  const year = values.year === undefined ? undefined : yearOption(values.year);
  const template = await loadTemplate(values.template, "self-evaluation");
  if (template.kind !== "self-evaluation") {
    throw new UsageError(`模板“${template.id}”不是自评表模板；convert 生成自评表，请用自评表模板（见 zpb templates）`);
  }
  const { convertSummary, convertWorkbook } = await import("./convert");
  const result = await convertWorkbook(positionals[0], values.out, { template, year, force: values.force });
  if (!result.ok) {
    err.write(`zpb：${result.message}\n`);
    return result.code === "NO_FORMS" ? 1 : 2;
  }
  out.write(convertSummary(positionals[0], values.out, result.template, result.forms, result.ignored));
  return 0;
}

async function templatesCommand(out: NodeJS.WritableStream): Promise<number> {
  const { BUILTIN_TEMPLATES } = await import("../domain/templates/builtin");
  for (const t of BUILTIN_TEMPLATES) out.write(`${t.id.padEnd(22)} ${t.name}\n`);
  return 0;
}

/** Runs the CLI; returns the exit status. Streams are parameters so tests can capture them. */
export async function main(
  argv: readonly string[],
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr,
): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case "help":
      case "--help":
      case "-h":
        out.write(HELP);
        return command === undefined ? 2 : 0;
      case "--version":
      case "-v":
        out.write(`${readVersion()}\n`);
        return 0;
      case "template":
        if (rest.includes("--help") || rest.includes("-h")) return (void out.write(HELP), 0);
        if (rest[0] === "validate") return await templateValidateCommand(rest.slice(1), out, err);
        if (rest[0] === "new") return await templateNewCommand(rest.slice(1), out);
        return await templateCommand(rest, out);
      case "check":
        if (rest.includes("--help") || rest.includes("-h")) return (void out.write(HELP), 0);
        return await checkCommand(rest, out, err);
      case "import":
        if (rest.includes("--help") || rest.includes("-h")) return (void out.write(HELP), 0);
        return await importCommand(rest, out, err);
      case "convert":
        if (rest.includes("--help") || rest.includes("-h")) return (void out.write(HELP), 0);
        return await convertCommand(rest, out, err);
      case "templates":
        return await templatesCommand(out);
      default:
        throw new UsageError(`未知的命令“${command}”。用 zpb --help 查看用法。`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      err.write(`zpb：${error.message}\n`);
      return 2;
    }
    if (String((error as { code?: unknown }).code ?? "").startsWith("ERR_PARSE_ARGS")) {
      err.write(`zpb：命令行有误：${(error as Error).message}\n用 zpb --help 查看用法。\n`);
      return 2;
    }
    // A bug: say so plainly; the stack only when asked for.
    err.write(
      `zpb：内部错误：${(error as Error).message}\n请把这条信息和所用文件发给开发人员。${process.env.ZPB_DEBUG ? `\n${(error as Error).stack}` : ""}\n`,
    );
    return 2;
  }
}

/** The package's version, from its package.json: two folders up from src/cli, three from build/cli/cli. */
function readVersion(): string {
  for (const up of [
    ["..", ".."],
    ["..", "..", ".."],
  ]) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, ...up, "package.json"), "utf8")) as {
        name?: string;
        version: string;
      };
      if (pkg.name === "zpb-self-evaluation-assistant") return pkg.version;
    } catch {
      // not this folder
    }
  }
  return "unknown";
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
