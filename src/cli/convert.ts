/**
 * `zpb convert IN.xlsx --out OUT.xlsx`: the year's 自评表 from every 绩效目标申报表 of a workbook, whether a
 * standard sheet this product made or a form in any other layout. Each 申报表 becomes one standard 自评表
 * sheet (named after the project) with the header, the 年初预算数 in the template's unit, the goal, every
 * indicator and target, and the proposed 分值; 实际完成值, 得分 and 偏差原因 are left for the user. What the
 * conversion changed or assumed is listed per form. 自评表 in the input are not converted (and said so).
 * The input file is only ever read; the refusals are those of `zpb import`.
 */
import { a1, formatSheetCell } from "../domain/address";
import type { TargetDeclarationForm } from "../domain/model";
import type { Template } from "../domain/templates/schema";
import { cellText } from "../domain/text";
import { templateSheet } from "../layout/carried-templates";
import { defaultConvertTemplate, selfEvaluationFromDeclaration, type Level1Weights } from "../layout/from-declaration";
import { readStandardForms } from "../layout/read-standard";
import { recognizeWorkbook, type Unplaced } from "../layout/recognize";
import type { SheetDescription } from "../layout/sheet";
import { layoutSelfEvaluation } from "../layout/standard";
import { readWorkbookFile } from "../xlsx/fast-reader";
import { sheetNames } from "../layout/sheet-names";
import { outputRefusal, writeThroughTemp } from "./import";

export interface ConvertedForm {
  /** The sheet the 自评表 was written to. */
  readonly sheet: string;
  readonly projectName: string | null;
  /** Where the 申报表 was in the input: `松江!A3:F19`. */
  readonly source: string;
  /** The 申报表 was a standard sheet of this product. */
  readonly standard: boolean;
  readonly year: number | null;
  /** Indicator rows carried over. */
  readonly indicators: number;
  /** 分值 proposed per 一级. */
  readonly level1: readonly Level1Weights[];
  /** What was changed or assumed, in Chinese. */
  readonly notes: readonly string[];
  /** Cells of the input's form that the recognizer could not place. */
  readonly unplaced: readonly { readonly cell: string; readonly text: string; readonly reason: string }[];
}

export type ConvertFailure =
  "NOT_FOUND" | "SAME_FILE" | "OUT_EXISTS" | "BAD_OUT" | "UNREADABLE" | "NO_FORMS" | "WRITE_FAILED";

export type ConvertOutcome =
  | {
      readonly ok: true;
      readonly template: Template;
      readonly forms: readonly ConvertedForm[];
      /** 自评表 found in the input and not converted. */
      readonly ignored: number;
    }
  | { readonly ok: false; readonly code: ConvertFailure; readonly message: string };

export interface ConvertOptions {
  /** The 自评表 template (sh-district-2023 when omitted). */
  readonly template?: Template;
  /** The 自评表's year; each declaration's own when omitted. */
  readonly year?: number;
  /** Overwrite an existing output file (never the input). */
  readonly force?: boolean;
}

const fail = (code: ConvertFailure, message: string): ConvertOutcome => ({ ok: false, code, message });

interface Found {
  readonly form: TargetDeclarationForm;
  readonly unplaced: readonly Unplaced[];
  readonly standard: boolean;
}

/**
 * Reads `input` and writes a 自评表 for each of its 申报表 to `output`. Refuses to write the input
 * (whatever the options) and an existing output without `force`; writes through a temporary file, so a
 * failed write leaves no half-written output.
 */
export async function convertWorkbook(
  input: string,
  output: string,
  options: ConvertOptions = {},
): Promise<ConvertOutcome> {
  const refusal = outputRefusal(input, output, options.force ?? false, "转换");
  if (refusal) return fail(refusal.code, refusal.message);

  const read = await readWorkbookFile(input);
  if (!read.ok) return fail("UNREADABLE", `无法读取 ${input}：${read.error.message}`);

  const all = [
    ...readStandardForms(read.workbook).map(({ form }) => ({
      form,
      unplaced: [] as readonly Unplaced[],
      standard: true,
    })),
    ...recognizeWorkbook(read.workbook).map(({ form, unplaced }) => ({ form, unplaced, standard: false })),
  ];
  const found: Found[] = all.flatMap((f) => (f.form.kind === "target-declaration" ? [{ ...f, form: f.form }] : []));
  const ignored = all.filter((f) => f.form.kind === "self-evaluation").length;
  if (found.length === 0) {
    return fail(
      "NO_FORMS",
      `${input} 中没有找到绩效目标申报表${ignored > 0 ? `（有 ${ignored} 张自评表，convert 只由申报表生成自评表）` : ""}，未生成 ${output}`,
    );
  }

  const template = options.template ?? defaultConvertTemplate();
  const names = sheetNames(
    found.map(({ form }) => cellText(form.header.projectName.value).trim() || null),
    found.map(() => "自评表"),
  );
  const sheets: SheetDescription[] = [];
  const forms: ConvertedForm[] = found.map(({ form, unplaced, standard }, i) => {
    const result = selfEvaluationFromDeclaration(
      form,
      template,
      options.year === undefined ? {} : { year: options.year },
    );
    sheets.push(layoutSelfEvaluation(template, result.data, { formNo: i + 1, sheetName: names[i] }).sheet);
    return {
      sheet: names[i],
      projectName: cellText(form.header.projectName.value).trim() || null,
      source: form.range
        ? `${formatSheetCell({ sheet: form.sheet, ...form.range.from })}:${a1(form.range.to)}`
        : form.sheet,
      standard,
      year: result.data.year,
      indicators: result.data.indicators.length,
      level1: result.level1,
      notes: result.notes,
      unplaced: unplaced.map((u) => ({
        cell: formatSheetCell({ sheet: form.sheet, ...u.at }),
        text: u.text,
        reason: u.reason,
      })),
    };
  });

  const failed = await writeThroughTemp(output, [...sheets, templateSheet([template])]);
  if (failed !== null) return fail("WRITE_FAILED", `无法写入 ${output}：${failed}`);

  return { ok: true, template, forms, ignored };
}

const quote = (s: string): string => {
  const one = s.replace(/\s+/g, " ").trim();
  return `“${one.length > 30 ? `${one.slice(0, 30)}…` : one}”`;
};

/**
 * `产出指标 50 分 → 3 个指标（前 2 个各 16.67 分，其余 1 个各 16.66 分）`, `效益指标 30 分 → 1 个指标（各 30 分）`, or
 * the 一级 without a standard weight. splitWeights gives at most two values, the larger first.
 */
function weightLine(l: Level1Weights): string {
  if (l.weights === null || l.standard === null) return `${l.level1 || "（无一级指标）"}：模板无标准分值，分值留空`;
  const n = l.weights.length;
  const first = l.weights[0];
  const larger = l.weights.filter((w) => w === first).length;
  const shares =
    larger === n ? `各 ${first} 分` : `前 ${larger} 个各 ${first} 分，其余 ${n - larger} 个各 ${l.weights[n - 1]} 分`;
  return `${l.level1} ${l.standard} 分 → ${n} 个指标（${shares}）`;
}

/** The Chinese summary `zpb convert` prints. */
export function convertSummary(
  input: string,
  output: string,
  template: Template,
  forms: readonly ConvertedForm[],
  ignored: number,
): string {
  const lines = [
    `已由 ${input} 中的 ${forms.length} 张申报表生成 ${forms.length} 张自评表，写入 ${output}（模板：${template.name}）：`,
  ];
  forms.forEach((f, i) => {
    lines.push(
      `  ${i + 1}. 工作表“${f.sheet}”：${f.projectName ?? "（未填写项目名称）"}，${f.year === null ? "年度未填" : `${f.year}年度`}，` +
        `来自 ${f.source}${f.standard ? "（标准表）" : ""}，转入 ${f.indicators} 个指标`,
    );
    if (f.level1.length > 0) lines.push(`     建议分值：${f.level1.map(weightLine).join("；")}`);
    for (const note of f.notes) lines.push(`     · ${note}`);
    if (f.unplaced.length > 0) {
      lines.push(`     原表中有 ${f.unplaced.length} 个单元格未能读入，请核对：`);
      for (const u of f.unplaced) lines.push(`       ${u.cell} ${quote(u.text)}：${u.reason}`);
    }
  });
  lines.push(
    `分值是按模板标准分值在各一级指标内平均分配的建议值（资金分值 ${template.standardWeights.funding} 分），可直接修改；` +
      "全年预算数、全年执行数、实际完成值、得分和偏差原因分析及改进措施留空，待填写。",
  );
  if (ignored > 0) lines.push(`输入中的 ${ignored} 张自评表未转换：convert 只由申报表生成自评表。`);
  lines.push(`原文件 ${input} 未作任何改动。`);
  return `${lines.join("\n")}\n`;
}
