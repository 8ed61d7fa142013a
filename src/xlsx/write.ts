/**
 * The .xlsx writer of a sheet description (src/layout/sheet.ts), with ExcelJS: a thin adapter that
 * renders what the layout decided — values, formulas, styles, merges, widths, validation, conditional
 * formats, defined names and print setup — and computes nothing. The Office.js writer (src/excel)
 * renders the same description in the add-in, so a file and a sheet made in Excel look and compute
 * alike.
 *
 * Where the file format differs from what one types in Excel, the writer adapts:
 * - functions newer than Excel 2007 (ISFORMULA…) carry the `_xlfn.` prefix the format requires;
 * - a drop-down list is stored as a literal `"a,b,c"`, which Excel caps at 255 characters and which
 *   cannot hold a comma inside a choice: such a list is left out of the file (the cell accepts any
 *   input, and the checks still report a wrong value), as the Office.js writer does;
 * - formulas are written without cached results, and the workbook asks for a full calculation on
 *   load, so Excel and LibreOffice compute every formula when the file is opened.
 */
import ExcelJS from "exceljs";
import { writeFile } from "fs/promises";
import { a1, columnLetters, rangeA1 } from "../domain/address";
import type { CellStyle, ConditionalFormatSpec, RangeSpec, SheetDescription, ValidationSpec } from "../layout/sheet";

/** The fill of cells the user types into, when the style gives none. */
export const INPUT_FILL = "#F7FBFF";

/** The column width ExcelJS does not write (it takes it for the default). */
const EXCELJS_DEFAULT_WIDTH = 9;

/** Excel refuses longer validation messages and literal lists, and longer message titles. */
const MAX_TEXT = 255;
const MAX_TITLE = 32;
const ERROR_TITLE = { stop: "输入有误", warning: "请核对", information: "提示" } as const;

/**
 * Functions added after Excel 2007: in a file they are stored as `_xlfn.NAME(`, or Excel shows #NAME?.
 */
const FUTURE_FUNCTIONS = [
  "AGGREGATE",
  "CONCAT",
  "DAYS",
  "FILTER",
  "FORMULATEXT",
  "IFNA",
  "IFS",
  "ISFORMULA",
  "LET",
  "MAXIFS",
  "MINIFS",
  "NUMBERVALUE",
  "SEQUENCE",
  "SHEET",
  "SHEETS",
  "SORT",
  "SWITCH",
  "TEXTJOIN",
  "UNIQUE",
  "XLOOKUP",
  "XMATCH",
  "XOR",
];
const FUTURE = new RegExp(`(?<![\\w.])(${FUTURE_FUNCTIONS.join("|")})\\(`, "gi");

/**
 * A formula as the file format stores it: newer functions get their `_xlfn.` prefix, outside string
 * literals only.
 * @example fileFormula('IF(ISFORMULA(H7),"ISFORMULA(",1)') === 'IF(_xlfn.ISFORMULA(H7),"ISFORMULA(",1)'
 */
export function fileFormula(formula: string): string {
  return formula
    .split('"')
    .map((part, i) => (i % 2 === 0 ? part.replace(FUTURE, (_m, fn: string) => `_xlfn.${fn.toUpperCase()}(`) : part))
    .join('"');
}

/**
 * The literal list of a drop-down (`"a,b,c"`), or null when Excel cannot hold it: over 255
 * characters, or a choice that contains a comma or a double quote.
 * @example listFormula(["优", "良"]) === '"优,良"'
 */
export function listFormula(values: readonly string[]): string | null {
  const source = values.join(",");
  if (source.length > MAX_TEXT || values.some((v) => /[,"]/.test(v))) return null;
  return `"${source}"`;
}

const argb = (hex: string): string => `FF${hex.replace(/^#/, "").toUpperCase()}`;

const THIN: Partial<ExcelJS.Border> = { style: "thin", color: { argb: "FF000000" } };
const VERTICAL = { top: "top", middle: "middle", bottom: "bottom" } as const;

/** The ExcelJS style of a cell style; a new object each time, so that no two cells share one. */
function excelStyle(style: CellStyle): Partial<ExcelJS.Style> {
  const out: Partial<ExcelJS.Style> = {};
  if (style.font) {
    const font: Partial<ExcelJS.Font> = {};
    if (style.font.name !== undefined) font.name = style.font.name;
    if (style.font.size !== undefined) font.size = style.font.size;
    if (style.font.bold !== undefined) font.bold = style.font.bold;
    if (style.font.color !== undefined) font.color = { argb: argb(style.font.color) };
    out.font = font;
  }
  if (style.horizontal || style.vertical || style.wrap !== undefined) {
    const alignment: Partial<ExcelJS.Alignment> = {};
    if (style.horizontal) alignment.horizontal = style.horizontal;
    if (style.vertical) alignment.vertical = VERTICAL[style.vertical];
    if (style.wrap !== undefined) alignment.wrapText = style.wrap;
    out.alignment = alignment;
  }
  if (style.border) out.border = { top: THIN, bottom: THIN, left: THIN, right: THIN };
  const fill = style.fill ?? (style.input ? INPUT_FILL : undefined);
  if (fill) out.fill = { type: "pattern", pattern: "solid", fgColor: { argb: argb(fill) } };
  if (style.numberFormat) out.numFmt = style.numberFormat;
  if (style.input) out.protection = { locked: false };
  return out;
}

const rangeText = (r: RangeSpec): string =>
  r.from.row === r.to.row && r.from.col === r.to.col ? a1(r.from) : rangeA1(r.from, r.to);

/** `'自评表'!$C$3` or `'自评表'!$A$14:$I$21`, apostrophes in the sheet name doubled. */
function absoluteRef(sheetName: string, r: RangeSpec): string {
  const abs = (row: number, col: number): string => `$${columnLetters(col)}$${row + 1}`;
  const sheet = `'${sheetName.replace(/'/g, "''")}'`;
  const single = r.from.row === r.to.row && r.from.col === r.to.col;
  return single
    ? `${sheet}!${abs(r.from.row, r.from.col)}`
    : `${sheet}!${abs(r.from.row, r.from.col)}:${abs(r.to.row, r.to.col)}`;
}

function excelValidation(v: ValidationSpec): ExcelJS.DataValidation | null {
  const common = {
    allowBlank: true,
    showErrorMessage: true,
    errorStyle: v.errorStyle,
    errorTitle: ERROR_TITLE[v.errorStyle].slice(0, MAX_TITLE),
    error: v.error.slice(0, MAX_TEXT),
    ...(v.prompt ? { showInputMessage: true, prompt: v.prompt.slice(0, MAX_TEXT) } : {}),
  };
  if (v.type === "list") {
    const list = listFormula(v.values);
    return list === null ? null : { ...common, type: "list", formulae: [list] };
  }
  if (v.min !== null && v.max !== null) {
    return { ...common, type: "decimal", operator: "between", formulae: [v.min, v.max] };
  }
  if (v.min !== null) return { ...common, type: "decimal", operator: "greaterThanOrEqual", formulae: [v.min] };
  if (v.max !== null) return { ...common, type: "decimal", operator: "lessThanOrEqual", formulae: [v.max] };
  // Any number: the rule still refuses text.
  return { ...common, type: "decimal", operator: "greaterThanOrEqual", formulae: [-1e307] };
}

function conditionalFormat(cf: ConditionalFormatSpec, priority: number): ExcelJS.ConditionalFormattingOptions {
  const style: Partial<ExcelJS.Style> = {
    // A differential fill is drawn with its background colour.
    fill: { type: "pattern", pattern: "solid", bgColor: { argb: argb(cf.fill) } },
  };
  if (cf.fontColor) style.font = { color: { argb: argb(cf.fontColor) } };
  return {
    ref: rangeText(cf.range),
    rules: [{ type: "expression", priority, formulae: [fileFormula(cf.formula)], style }],
  };
}

/**
 * Adds a sheet description to a workbook as a new worksheet. Defined names go to the workbook.
 * @example
 * const wb = new ExcelJS.Workbook();
 * addSheet(wb, layoutSelfEvaluation(t, blankSelfEvaluation(t), { formNo: 1, sheetName: "自评表" }).sheet);
 */
export function addSheet(workbook: ExcelJS.Workbook, sheet: SheetDescription): ExcelJS.Worksheet {
  const ws = workbook.addWorksheet(sheet.sheetName);

  sheet.columnWidths.forEach((width, i) => {
    // ExcelJS takes a width of exactly 9 for its default and leaves the column out of the file
    // (Excel then draws 8.43); a millionth more is the same 68 pixels on screen and in print.
    ws.getColumn(i + 1).width = width === EXCELJS_DEFAULT_WIDTH ? width + 1e-6 : width;
  });
  for (const col of sheet.hiddenColumns) ws.getColumn(col + 1).hidden = true;
  for (const [row, height] of sheet.rowHeights) ws.getRow(row + 1).height = height;

  for (const spec of sheet.cells) {
    const cell = ws.getCell(spec.row + 1, spec.col + 1);
    if (spec.formula !== undefined) cell.value = { formula: fileFormula(spec.formula) } as ExcelJS.CellFormulaValue;
    else cell.value = spec.value ?? null;
    if (spec.style) cell.style = excelStyle(spec.style);
  }

  // Every cell of a merged block carries its own style (borders all round), so merging keeps them.
  for (const m of sheet.merges) ws.mergeCellsWithoutStyle(m.from.row + 1, m.from.col + 1, m.to.row + 1, m.to.col + 1);

  for (const v of sheet.validations) {
    const rule = excelValidation(v);
    if (!rule) continue;
    // By its range, not cell by cell: ExcelJS regroups per-cell rules by sorting addresses as text
    // (G10 before G9), which makes overlapping ranges of one rule — LibreOffice and Numbers then apply
    // only the first. A range is written as it is.
    // (`dataValidations` is ExcelJS's own model of them; its typings leave it out.)
    (ws as unknown as RangeValidations).dataValidations.add(rangeA1(v.range.from, v.range.to), rule);
  }

  sheet.conditionalFormats.forEach((cf, i) => ws.addConditionalFormatting(conditionalFormat(cf, i + 1)));

  for (const n of sheet.names) workbook.definedNames.add(absoluteRef(sheet.sheetName, n.range), n.name);

  const p = sheet.print;
  ws.pageSetup = {
    ...ws.pageSetup,
    paperSize: p.paperSize,
    orientation: p.orientation,
    fitToPage: true,
    fitToWidth: p.fitToWidth,
    fitToHeight: p.fitToHeight,
    margins: { ...p.margins },
  };
  // ExcelJS writes the print area and title rows as names that quote the sheet name without
  // doubling an apostrophe in it, which no reader can parse: a sheet named so gets neither (it
  // still prints one page wide; the hidden helper columns do not print).
  // A very hidden sheet (the carried templates) gets no print area: LibreOffice prints a hidden sheet
  // that has one, which put the template JSON on a second page of every blank form.
  if (!sheet.sheetName.includes("'") && sheet.state !== "veryHidden") {
    // ExcelJS puts `$` before each end: `A$1` becomes the absolute `$A$1` Excel itself writes.
    ws.pageSetup.printArea = [p.printArea.from, p.printArea.to]
      .map((c) => `${columnLetters(c.col)}$${c.row + 1}`)
      .join(":");
    ws.pageSetup.printTitlesRow = `${p.titleRows[0]}:${p.titleRows[1]}`;
  }

  if (sheet.frozenRows > 0) ws.views = [{ state: "frozen", ySplit: sheet.frozenRows }];
  // A very hidden sheet (the carried templates) is listed by no menu of Excel's.
  if (sheet.state !== undefined && sheet.state !== "visible") ws.state = sheet.state;
  return ws;
}

interface RangeValidations {
  readonly dataValidations: { add(address: string, rule: ExcelJS.DataValidation): void };
}

/** A new workbook with one worksheet per description, in order. */
export function buildWorkbook(sheets: readonly SheetDescription[]): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "绩效自评助手";
  // No cached results are written: have Excel and LibreOffice compute every formula on opening.
  workbook.calcProperties = { ...workbook.calcProperties, fullCalcOnLoad: true };
  for (const sheet of sheets) addSheet(workbook, sheet);
  return workbook;
}

/**
 * Writes sheet descriptions as an .xlsx file when given a path; always returns the file's bytes.
 * @example await writeWorkbook([sheet], "自评表.xlsx")
 */
export async function writeWorkbook(sheets: readonly SheetDescription[], path?: string): Promise<Buffer> {
  const buffer = Buffer.from(await buildWorkbook(sheets).xlsx.writeBuffer());
  if (path !== undefined) await writeFile(path, buffer);
  return buffer;
}
