/**
 * The review summary as plain data: one row per checked form — who, which project, the money, the
 * score, how many problems and the worst one. The `zpb check --summary` workbook (src/xlsx/summary.ts)
 * and the add-in's 汇总 sheet (describeSummarySheet, written by src/excel/write-sheet.ts) both build
 * on it, so they say the same thing.
 */
import type { FindingJson, FormJson } from "./report";
import type { SheetGrid, WorkbookGrid } from "./grid";
import type { CellSpec, CellStyle, SheetDescription } from "./sheet";

export interface SummaryRow {
  readonly sheet: string;
  readonly unit: string | null;
  readonly project: string | null;
  readonly budget: number | null;
  readonly rate: number | null;
  readonly total: number | null;
  readonly grade: string | null;
  readonly errors: number;
  readonly warnings: number;
  /** The worst finding, `Sheet!A1 message`; null when there is none. */
  readonly first: string | null;
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

/** The worst finding (errors before warnings before notes, the first of equals), as one line; placed in a document's words when it has them. */
export function firstFinding(findings: readonly FindingJson[]): string | null {
  const first = [...findings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity])[0];
  return first ? `${first.location ?? first.cell ?? ""} ${first.message}`.trim() : null;
}

export function summaryRowOf(form: FormJson): SummaryRow {
  return {
    sheet: form.sheet,
    unit: form.unit,
    project: form.projectName,
    budget: form.annualBudget,
    rate: form.computed.executionRate,
    total: form.computed.totalScore,
    grade: form.computed.grade,
    errors: form.findings.filter((x) => x.severity === "error").length,
    warnings: form.findings.filter((x) => x.severity === "warning").length,
    first: firstFinding(form.findings),
  };
}

export interface SummaryColumn {
  readonly key: keyof SummaryRow;
  readonly header: string;
  /** Excel character units. */
  readonly width: number;
  readonly numberFormat?: string;
  /** What the column holds, for the 说明 sheet. */
  readonly meaning: string;
}

/** The columns of a summary row, in order. */
export const SUMMARY_COLUMNS: readonly SummaryColumn[] = [
  { key: "sheet", header: "工作表", width: 14, meaning: "表所在的工作表" },
  { key: "unit", header: "实施单位", width: 24, meaning: "表头“实施单位”所填内容" },
  { key: "project", header: "项目名称", width: 30, meaning: "表头“项目名称”所填内容" },
  {
    key: "budget",
    header: "全年预算数",
    width: 14,
    numberFormat: "#,##0.00",
    meaning: "自评表的全年预算数（申报表为年度资金申请总额），按表中所填",
  },
  {
    key: "rate",
    header: "执行率",
    width: 10,
    numberFormat: "0.00%",
    meaning: "按规则计算的预算执行率（全年执行数 ÷ 全年预算数）",
  },
  {
    key: "total",
    header: "总分",
    width: 9,
    numberFormat: "0.00",
    meaning: "按规则计算的总分（资金得分与各指标得分之和）",
  },
  { key: "grade", header: "等级", width: 6, meaning: "按总分评定的等级（优、良、中、差）" },
  { key: "errors", header: "错误", width: 6, numberFormat: "0", meaning: "检查发现的错误数：须改正" },
  { key: "warnings", header: "警告", width: 6, numberFormat: "0", meaning: "检查发现的警告数：请核对" },
  { key: "first", header: "首要问题", width: 60, meaning: "最严重的一条问题：单元格与说明" },
];

const HEADER_STYLE: CellStyle = {
  font: { bold: true },
  fill: "#DEECF9",
  border: true,
  horizontal: "center",
  vertical: "middle",
  wrap: true,
};

/**
 * The add-in's 汇总 sheet: a header row (frozen), then one row per form. Plain values only — the
 * writer sends text so that it stays text (`=…` included), so nothing a form holds becomes a formula.
 * @example describeSummarySheet(report.files.flatMap((f) => f.forms)).cells.length
 */
export function describeSummarySheet(forms: readonly FormJson[], sheetName = "汇总"): SheetDescription {
  const cells: CellSpec[] = SUMMARY_COLUMNS.map((c, col) => ({ row: 0, col, value: c.header, style: HEADER_STYLE }));
  forms.forEach((form, i) => {
    const row = summaryRowOf(form);
    SUMMARY_COLUMNS.forEach((c, col) => {
      const value = row[c.key];
      const style: CellStyle = { border: true, ...(c.numberFormat ? { numberFormat: c.numberFormat } : {}) };
      cells.push({ row: i + 1, col, value: value ?? null, style });
    });
  });
  const lastRow = Math.max(0, forms.length);
  const lastCol = SUMMARY_COLUMNS.length - 1;
  return {
    sheetName,
    columnWidths: SUMMARY_COLUMNS.map((c) => c.width),
    hiddenColumns: [],
    rowHeights: new Map(),
    cells,
    merges: [],
    validations: [],
    conditionalFormats: [],
    names: [],
    print: {
      paperSize: 9,
      orientation: "landscape",
      fitToWidth: 1,
      fitToHeight: 0,
      titleRows: [1, 1],
      margins: { left: 0.5, right: 0.5, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 },
      printArea: { from: { row: 0, col: 0 }, to: { row: lastRow, col: lastCol } },
    },
    frozenRows: 1,
  };
}

/** A 汇总 sheet this product wrote: its first row holds the summary's headers. */
export function isSummarySheet(sheet: SheetGrid): boolean {
  return SUMMARY_COLUMNS.every((c, col) => String(sheet.cell(0, col)?.value ?? "").trim() === c.header);
}

/** The workbook without the 汇总 sheets written before, whose rows must not be read as forms. */
export function withoutSummarySheets(workbook: WorkbookGrid): WorkbookGrid {
  return { ...workbook, sheets: workbook.sheets.filter((s) => !isSummarySheet(s)) };
}
