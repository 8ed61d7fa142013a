/**
 * Test helper: the same forms written in the other formats they arrive in, by a real writer —
 * LibreOffice (Calc for .xls and PDF, Writer for .docx), through `convertWith` (one start-up for all
 * files, a fresh profile each time, so conversions in parallel Jest workers do not clash).
 */
import * as path from "path";
import type { MergedRange } from "../src/layout/grid";
import { convertWith } from "./standard-form";

export type Format = "xls" | "docx" | "pdf";

/**
 * The workbooks written as `format` into outDir, by LibreOffice: .xls (Excel 97-2003) and PDF by Calc;
 * .docx by Writer, from the sheet as a web page (Calc's HTML export: one table, merges as spans).
 */
export function convertWorkbooks(files: readonly string[], format: Format, outDir: string): string[] {
  switch (format) {
    case "xls":
      return convertWith(files, "xls:MS Excel 97", outDir);
    case "pdf":
      return convertWith(files, "pdf:calc_pdf_Export", outDir);
    case "docx": {
      const html = convertWith(files, "html:HTML (StarCalc)", path.join(outDir, "html"));
      return convertHtmlToDocx(html, outDir);
    }
  }
}

/** Web pages made into Word documents by LibreOffice Writer. */
export function convertHtmlToDocx(files: readonly string[], outDir: string): string[] {
  return convertWith(files, "docx:MS Word 2007 XML", outDir, ["--infilter=HTML (StarWriter)"]);
}

const escape = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\n/g, "<br>");

/**
 * A form as a unit pastes it into Word: its first lines (title, year, 填报单位) as paragraphs, the rest
 * as a table with merged cells — as a web page, for Writer to save as .docx. The table starts at the
 * first row with more than one filled cell.
 */
export function formAsWordPage(rows: readonly (readonly string[])[], merges: readonly MergedRange[]): string {
  const start = rows.findIndex((r) => r.filter((c) => c.trim() !== "").length > 1);
  const paragraphs = rows
    .slice(0, Math.max(0, start))
    .map((r) => r.filter((c) => c.trim() !== "").join(" "))
    .filter((t) => t !== "")
    .map((t) => `<p>${escape(t)}</p>`);
  const width = Math.max(...rows.map((r) => r.length));
  const covered = new Set<string>();
  const spanAt = new Map<string, { rows: number; cols: number }>();
  for (const m of merges) {
    if (m.from.row < start) continue;
    spanAt.set(`${m.from.row},${m.from.col}`, { rows: m.to.row - m.from.row + 1, cols: m.to.col - m.from.col + 1 });
    for (let r = m.from.row; r <= m.to.row; r++)
      for (let c = m.from.col; c <= m.to.col; c++) if (r !== m.from.row || c !== m.from.col) covered.add(`${r},${c}`);
  }
  const body: string[] = [];
  for (let r = Math.max(0, start); r < rows.length; r++) {
    const cells: string[] = [];
    for (let c = 0; c < width; c++) {
      if (covered.has(`${r},${c}`)) continue;
      const span = spanAt.get(`${r},${c}`);
      const attrs = span
        ? `${span.rows > 1 ? ` rowspan="${span.rows}"` : ""}${span.cols > 1 ? ` colspan="${span.cols}"` : ""}`
        : "";
      cells.push(`<td${attrs}>${escape(rows[r][c] ?? "")}</td>`);
    }
    body.push(`<tr>${cells.join("")}</tr>`);
  }
  return (
    `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>${paragraphs.join("")}` +
    `<table border="1" cellspacing="0">${body.join("")}</table></body></html>`
  );
}
