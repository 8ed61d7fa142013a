/**
 * The bureau's review summary (`zpb check … --summary 汇总.xlsx`): one row per form, filters on, the
 * worst findings first-hand, and a link back to each file. Text from the checked files is written
 * as text that cannot turn into a formula.
 */
import ExcelJS from "exceljs";
import * as path from "path";
import type { Report } from "../cli/report";

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

/**
 * Text that a spreadsheet could take for a formula when someone edits the cell (`=`, `+`, `-`, `@`,
 * tab, carriage return at the start) is given a leading apostrophe-like guard: a zero-width space.
 * @example safeText("=HYPERLINK(\"http://x\")") // "\u200B=HYPERLINK(…)"
 */
export function safeText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `\u200B${text}` : text;
}

export async function writeSummary(report: Report, file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "绩效自评助手";
  const ws = wb.addWorksheet("汇总", { views: [{ state: "frozen", ySplit: 1 }] });
  ws.columns = [
    { header: "文件", key: "file", width: 30 },
    { header: "工作表", key: "sheet", width: 14 },
    { header: "实施单位", key: "unit", width: 24 },
    { header: "项目名称", key: "project", width: 30 },
    { header: "全年预算数", key: "budget", width: 14, style: { numFmt: "#,##0.00" } },
    { header: "执行率", key: "rate", width: 10, style: { numFmt: "0.00%" } },
    { header: "总分", key: "total", width: 9, style: { numFmt: "0.00" } },
    { header: "等级", key: "grade", width: 6 },
    { header: "错误", key: "errors", width: 6 },
    { header: "警告", key: "warnings", width: 6 },
    { header: "首要问题", key: "first", width: 60 },
  ];
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDEECF9" } };
  const dir = path.dirname(path.resolve(file));
  for (const f of report.files) {
    const link = path.relative(dir, path.resolve(f.path)).split(path.sep).join("/");
    const fileCell = { text: safeText(path.basename(f.path)), hyperlink: encodeURI(link) };
    if (f.error) {
      ws.addRow({ file: fileCell, first: safeText(`无法读取：${f.error.message}`) });
      continue;
    }
    for (const form of f.forms) {
      const first = [...form.findings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity])[0];
      ws.addRow({
        file: fileCell,
        sheet: safeText(form.sheet),
        unit: form.unit === null ? null : safeText(form.unit),
        project: form.projectName === null ? null : safeText(form.projectName),
        budget: form.annualBudget,
        rate: form.computed.executionRate,
        total: form.computed.totalScore,
        grade: form.computed.grade,
        errors: form.findings.filter((x) => x.severity === "error").length,
        warnings: form.findings.filter((x) => x.severity === "warning").length,
        first: first ? safeText(`${first.cell ?? ""} ${first.message}`.trim()) : null,
      });
    }
  }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, ws.rowCount), column: ws.columnCount } };
  await wb.xlsx.writeFile(file);
}
