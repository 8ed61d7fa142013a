/**
 * Test helper: the same forms written in the other formats they arrive in, by a real writer —
 * LibreOffice (Calc for .xls and PDF, Writer for .docx), through `convertWith` (one start-up for all
 * files, a fresh profile each time, so conversions in parallel Jest workers do not clash).
 */
import ExcelJS from "exceljs";
import * as fs from "fs";
import * as path from "path";
import type { MergedRange } from "../src/layout/grid";
import { convertWith } from "./standard-form";

export type Format = "xls" | "docx" | "pdf";

/**
 * The workbooks written as `format` into outDir, by LibreOffice: .xls (Excel 97-2003) and PDF by Calc
 * (printed as units print them: borders, wrapped text, A4 landscape one page wide); .docx by Writer,
 * from the sheet as a web page (Calc's HTML export: one table, merges as spans).
 */
export async function convertWorkbooks(files: readonly string[], format: Format, outDir: string): Promise<string[]> {
  switch (format) {
    case "xls":
      return convertWith(files, "xls:MS Excel 97", outDir);
    case "pdf":
      return printed(files, outDir);
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

/** Text width in Excel column units, near enough to size rows: CJK about 2, Latin about 1. */
const textWidth = (s: string): number =>
  [...s].reduce((w, ch) => w + ((ch.codePointAt(0) ?? 0) <= 0xff ? 1.1 : 2.1), 0);

/**
 * The workbook as a unit prints it: thin borders on every cell of the table (from its first row of
 * two cells), wrapped text, rows tall enough for it, columns wide enough for their numbers, A4
 * landscape fitted to one page wide. A text too long for its column even in the tallest row Excel
 * allows (409 pt) would be cut off on paper: its columns are widened until it fits, as a unit does.
 */
export async function printable(src: string, dest: string): Promise<void> {
  // LibreOffice's metrics for the default 11 pt font: lines 16 pt apart, a column unit about 7 pt, a
  // CJK glyph 11 pt (about 1.6 units; `textWidth` counts 2.1) and a Latin one about 7 pt (1.1 counted),
  // so that the measure errs on the tall side.
  const LINE = 16;
  const PADDING = 6;
  const MAX_ROW = 409;
  const DEFAULT_WIDTH = 8.43;
  /** Lines of a text wrapped in a cell `width` units wide: a Latin word or number is not broken. */
  const linesIn = (text: string, width: number): number => {
    const room = Math.max(1, width - 1);
    let lines = 0;
    for (const paragraph of text.split(/\r?\n/)) {
      lines++;
      let x = 0;
      for (const word of paragraph.match(/[A-Za-z0-9.,:;%()/+-]+|./gu) ?? []) {
        const w = textWidth(word);
        if (x > 0 && x + w > room) {
          lines++;
          x = word.trim() === "" ? 0 : w;
        } else x += w;
        for (; x > room; x -= room) lines++;
      }
    }
    return lines;
  };
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(src);
  for (const ws of wb.worksheets) {
    const at = (r: number, c: number): ExcelJS.Cell => ws.getCell(r, c);
    const widthOf = (c: number): number => ws.getColumn(c).width ?? DEFAULT_WIDTH;
    let top = -1;
    ws.eachRow((row, r) => {
      let n = 0;
      row.eachCell((cell) => {
        if (!cell.isMerged || cell.master === cell) n++;
      });
      if (top < 0 && n >= 2) top = r;
    });
    // A number too wide for its column prints as ###: a unit widens the column before printing.
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        if (typeof cell.value !== "number" || (cell.isMerged && cell.master !== cell)) return;
        const wide = textWidth(cell.value.toFixed(2)) + 3;
        if (widthOf(Number(cell.col)) < wide) ws.getColumn(cell.col).width = wide;
      }),
    );
    // The table's cells with text, each with the columns it spans.
    const texts: { r: number; cols: number[]; text: string }[] = [];
    for (let r = Math.max(top, 1); r <= ws.rowCount; r++)
      for (let c = 1; c <= ws.columnCount; c++) {
        const cell = at(r, c);
        if (cell.isMerged && cell.master !== cell) continue;
        const cols = [c];
        for (let k = c + 1; k <= ws.columnCount && at(r, k).isMerged && at(r, k).master === cell; k++) cols.push(k);
        if ((cell.text ?? "").trim() !== "") texts.push({ r, cols, text: cell.text });
      }
    const heightOf = (t: (typeof texts)[number]): number =>
      linesIn(
        t.text,
        t.cols.reduce((w, c) => w + widthOf(c), 0),
      ) *
        LINE +
      PADDING;
    for (const t of texts)
      while (heightOf(t) > MAX_ROW) for (const c of t.cols) ws.getColumn(c).width = Math.ceil(widthOf(c) * 1.1 + 1);
    const thin = { style: "thin" as const };
    for (let r = 1; r <= ws.rowCount; r++) {
      ws.getRow(r).height = LINE + PADDING;
      if (r < top) continue;
      for (let c = 1; c <= ws.columnCount; c++) {
        at(r, c).border = { top: thin, left: thin, bottom: thin, right: thin };
        at(r, c).alignment = { wrapText: true, vertical: "middle" };
      }
    }
    for (const t of texts) ws.getRow(t.r).height = Math.max(ws.getRow(t.r).height ?? 0, heightOf(t));
    ws.pageSetup = {
      ...ws.pageSetup,
      orientation: "landscape",
      paperSize: 9,
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
    };
  }
  await wb.xlsx.writeFile(dest);
}

/** The workbooks printed to PDF as units print them (`printable`), named as the workbooks. */
async function printed(files: readonly string[], outDir: string): Promise<string[]> {
  const dir = path.join(outDir, "print");
  fs.mkdirSync(dir, { recursive: true });
  const copies: string[] = [];
  for (const f of files) {
    const copy = path.join(dir, path.basename(f));
    await printable(f, copy);
    copies.push(copy);
  }
  return convertWith(copies, "pdf:calc_pdf_Export", outDir);
}
