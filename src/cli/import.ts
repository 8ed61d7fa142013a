/**
 * `zpb import IN.xlsx --out OUT.xlsx`: every 自评表, 申报表 and 专家评分表 of a workbook, in whatever layout, written
 * as standard sheets (one per form, named after the project) that the add-in and `zpb check` read by
 * their names. Every value is carried over as typed; a computed value the original states differently
 * from the formula is kept as a typed value over the formula; what could not be placed is listed.
 * The input file is only ever read.
 */
import * as fs from "fs";
import * as path from "path";
import { a1, formatSheetCell, type CellAddress } from "../domain/address";
import type { Form } from "../domain/model";
import type { Template } from "../domain/templates/schema";
import { cellText } from "../domain/text";
import { readCarriedTemplates, templateSheet } from "../layout/carried-templates";
import { readStandardForms } from "../layout/read-standard";
import { sheetNames } from "../layout/sheet-names";
import { recognizeWorkbook, type Unplaced } from "../layout/recognize";
import type { SheetDescription } from "../layout/sheet";
import {
  importTemplateFor,
  standardSheetOf,
  type Dropped,
  type Override,
  type OverrideField,
} from "../layout/to-standard";
import { readWorkbookFile } from "../xlsx/fast-reader";
import { writeWorkbook } from "../xlsx/write";

type ImportableForm = Form;

export interface ImportedForm {
  /** The sheet it was written to. */
  readonly sheet: string;
  readonly kind: ImportableForm["kind"];
  readonly projectName: string | null;
  /** Where it was in the input: `Sheet1!A3:I25`. */
  readonly source: string;
  /** It was a standard sheet already (copied as standard). */
  readonly standard: boolean;
  readonly template: string;
  /** Stated computed values kept over their formulas, with the output cell (`Sheet!A1`). */
  readonly overrides: readonly (Override & { readonly cell: string })[];
  /** Values the standard layout has no cell for. */
  readonly dropped: readonly (Dropped & { readonly cell: string | null })[];
  /** Cells of the input's form that the recognizer could not place. */
  readonly unplaced: readonly { readonly cell: string; readonly text: string; readonly reason: string }[];
}

export type ImportFailure =
  "NOT_FOUND" | "SAME_FILE" | "OUT_EXISTS" | "BAD_OUT" | "UNREADABLE" | "NO_FORMS" | "WRITE_FAILED";

export type ImportOutcome =
  | { readonly ok: true; readonly forms: readonly ImportedForm[] }
  | { readonly ok: false; readonly code: ImportFailure; readonly message: string };

export interface ImportOptions {
  /** A template for every form of its kind; the others get importTemplateFor's choice. */
  readonly template?: Template;
  /** Overwrite an existing output file (never the input). */
  readonly force?: boolean;
}

/** Whether two paths name one file: the same path, or (both existing) the same device and inode. */
export function sameFile(a: string, b: string): boolean {
  if (path.resolve(a) === path.resolve(b)) return true;
  try {
    const sa = fs.statSync(a);
    const sb = fs.statSync(b);
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return false;
  }
}

const KIND_NAME: Record<ImportableForm["kind"], string> = {
  "self-evaluation": "自评表",
  "target-declaration": "申报表",
  "expert-scoring": "专家评分表",
};

const fail = (code: ImportFailure, message: string): ImportOutcome => ({ ok: false, code, message });

/** Why a command that reads `input` and writes a new workbook may not write `output`; null when it may. */
export function outputRefusal(
  input: string,
  output: string,
  force: boolean,
  verb: string,
): { readonly code: "NOT_FOUND" | "SAME_FILE" | "BAD_OUT" | "OUT_EXISTS"; readonly message: string } | null {
  if (!fs.existsSync(input) || !fs.statSync(input).isFile())
    return { code: "NOT_FOUND", message: `找不到输入文件：${input}` };
  if (sameFile(input, output)) {
    return {
      code: "SAME_FILE",
      message: `输出文件不能是输入文件本身（${output}）：${verb}从不改写原文件，请用 --out 另给一个文件名`,
    };
  }
  if (!/\.xlsx$/i.test(output)) return { code: "BAD_OUT", message: `输出文件应以 .xlsx 结尾，现为“${output}”` };
  if (fs.existsSync(output)) {
    if (!force) return { code: "OUT_EXISTS", message: `输出文件已存在：${output}（如要覆盖，请加 --force）` };
    if (!fs.statSync(output).isFile()) return { code: "BAD_OUT", message: `输出路径不是文件：${output}` };
  }
  return null;
}

/**
 * Writes sheets as a workbook to `output` through a temporary file beside it and a rename, so that a
 * failed write leaves no half-written output. Returns the error's message, or null when written.
 */
export async function writeThroughTemp(output: string, sheets: readonly SheetDescription[]): Promise<string | null> {
  const temp = path.join(path.dirname(path.resolve(output)), `.~zpb-${process.pid}-${Date.now()}.xlsx`);
  try {
    const bytes = await writeWorkbook(sheets);
    fs.writeFileSync(temp, bytes, { flag: "wx" });
    fs.renameSync(temp, output);
    return null;
  } catch (error) {
    fs.rmSync(temp, { force: true });
    return (error as Error).message;
  }
}

interface Found {
  readonly form: ImportableForm;
  readonly unplaced: readonly Unplaced[];
  readonly standard: boolean;
}

/**
 * Reads `input`, recognizes its forms and writes them to `output` as standard sheets. Refuses to
 * write the input (whatever the options) and an existing output without `force`; writes through a
 * temporary file, so a failed write leaves no half-written output.
 */
export async function importWorkbook(
  input: string,
  output: string,
  options: ImportOptions = {},
): Promise<ImportOutcome> {
  const refusal = outputRefusal(input, output, options.force ?? false, "导入");
  if (refusal) return fail(refusal.code, refusal.message);

  const read = await readWorkbookFile(input);
  if (!read.ok) return fail("UNREADABLE", `无法读取 ${input}：${read.error.message}`);

  const found: Found[] = [
    ...readStandardForms(read.workbook).map(({ form }) => ({ form, unplaced: [], standard: true })),
    ...recognizeWorkbook(read.workbook).map(({ form, unplaced }) => ({ form, unplaced, standard: false })),
  ];
  if (found.length === 0) return fail("NO_FORMS", `${input} 中没有找到自评表、申报表或专家评分表，未生成 ${output}`);

  const names = sheetNames(
    found.map(({ form }) => cellText(form.header.projectName.value).trim() || null),
    found.map(({ form }) => KIND_NAME[form.kind]),
  );
  const carried = readCarriedTemplates(read.workbook);
  const sheets: SheetDescription[] = [];
  const templates: Template[] = [];
  const forms: ImportedForm[] = [];
  found.forEach(({ form, unplaced, standard }, i) => {
    const formNo = i + 1;
    const sheetName = names[i];
    // A form that carries its own template keeps it, unless the caller chose one for its kind.
    const own = form.templateId === null ? undefined : carried.get(form.templateId);
    const template =
      options.template?.kind !== form.kind && own?.kind === form.kind ? own : importTemplateFor(form, options.template);
    templates.push(template);
    const { sheet, placed, missing, dropped } = standardSheetOf(form, template, formNo, sheetName);
    sheets.push(sheet);
    // A document's cells in its own words (`表1 第5行第3列`), a workbook's as `Sheet!A1`.
    const locate = read.workbook.locate;
    const where = (at: CellAddress): string =>
      locate?.({ sheet: form.sheet, ...at }) ?? formatSheetCell({ sheet: form.sheet, ...at });
    const inInput = (at: CellAddress | null): string | null => (at ? where(at) : null);
    forms.push({
      sheet: sheetName,
      kind: form.kind,
      projectName: cellText(form.header.projectName.value).trim() || null,
      source: !form.range
        ? form.sheet
        : locate
          ? `${where(form.range.from)} 至 ${where(form.range.to)}`
          : `${formatSheetCell({ sheet: form.sheet, ...form.range.from })}:${a1(form.range.to)}`,
      standard,
      template: template.id,
      overrides: placed.map(({ override, at }) => ({
        ...override,
        cell: formatSheetCell({ sheet: sheetName, ...at }),
      })),
      dropped: [
        ...dropped.map((d) => ({ ...d, cell: inInput(d.from) })),
        // A computed cell the layout of this template does not have (cannot happen with the built-ins).
        ...missing.map((o) => ({
          what: FIELD_NAMES[o.field],
          value: String(o.value),
          from: o.from,
          cell: inInput(o.from),
        })),
      ],
      unplaced: unplaced.map((u) => ({
        cell: where(u.at),
        text: u.text,
        reason: u.reason,
      })),
    });
  });

  const failed = await writeThroughTemp(output, [...sheets, templateSheet(templates)]);
  if (failed !== null) return fail("WRITE_FAILED", `无法写入 ${output}：${failed}`);
  return { ok: true, forms };
}

export const FIELD_NAMES: Record<OverrideField, string> = {
  total_rate: "执行率（年度资金总额）",
  currentYear_rate: "执行率（当年财政拨款）",
  carryOver_rate: "执行率（上年结转资金）",
  other_rate: "执行率（其他资金）",
  fundingScore: "资金得分",
  fullScore: "满分",
  totalScore: "总分",
  grade: "评分等级",
  projectTotal: "项目资金总额",
  annualTotal: "年度资金申请总额",
  itemSum: "合计（专家评分之和）",
  itemAverage: "平均分",
  expertTotal: "专家总分",
  panelSum: "合计（全部评分之和）",
  averageTotal: "平均总分",
};

const quote = (s: string): string => {
  const one = s.replace(/\s+/g, " ").trim();
  return `“${one.length > 30 ? `${one.slice(0, 30)}…` : one}”`;
};

/** The Chinese summary `zpb import` prints. */
export function importSummary(input: string, output: string, forms: readonly ImportedForm[]): string {
  const count = (kind: ImportableForm["kind"]): number => forms.filter((f) => f.kind === kind).length;
  const lines = [
    `已从 ${input} 识别出 ${forms.length} 张表（自评表 ${count("self-evaluation")} 张，申报表 ${count("target-declaration")} 张` +
      `${count("expert-scoring") > 0 ? `，专家评分表 ${count("expert-scoring")} 张` : ""}），写入 ${output}：`,
  ];
  forms.forEach((f, i) => {
    lines.push(
      `  ${i + 1}. 工作表“${f.sheet}”：${KIND_NAME[f.kind]}，来自 ${f.source}${f.standard ? "（标准表）" : ""}，模板 ${f.template}`,
    );
    for (const o of f.overrides) {
      lines.push(
        `     ${FIELD_NAMES[o.field]} ${o.cell} 保留原表填写的 ${quote(String(o.value))}（公式结果为 ${o.computed ?? "空"}，原值已写为数值，检查时将提示“公式被改写”）`,
      );
    }
    for (const d of f.dropped) {
      lines.push(`     未写入：${d.what} ${quote(d.value)}${d.cell ? `（${d.cell}）` : ""}，标准表没有对应的单元格`);
    }
  });
  const unplaced = forms.flatMap((f) => f.unplaced);
  if (unplaced.length === 0) {
    lines.push("原表中的内容均已放入标准表。");
  } else {
    lines.push(`原表中有 ${unplaced.length} 个单元格未能放入标准表，请核对：`);
    for (const u of unplaced) lines.push(`  ${u.cell} ${quote(u.text)}：${u.reason}`);
  }
  lines.push(`原文件 ${input} 未作任何改动。`);
  return `${lines.join("\n")}\n`;
}
