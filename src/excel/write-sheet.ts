/**
 * Renders a SheetDescription (src/layout/sheet.ts) onto a new worksheet with Office.js, in two round
 * trips whatever the form's size: one to look at the workbook (which sheet names and defined names
 * are taken, whether a sheet asked to be replaced is empty), one that queues every write and sends
 * them together. Cells go out as 2-D blocks (rows of the same column span stacked into rectangles),
 * styles as one set of requests per rectangle of identically styled cells. Features above the
 * manifest's ExcelApi 1.7 are tested with the injected `supports` and skipped, and reported, when the
 * host lacks them.
 */
import { a1, columnLetters, rangeA1 } from "../domain/address";
import type { CellSpec, CellStyle, RangeSpec, SheetDescription, ValidationSpec } from "../layout/sheet";
import { ExcelOperationError, type ApiSupport, type SkippedFeature } from "./run";

export interface WriteSheetOptions {
  readonly supports: ApiSupport;
  /** The sheet's name; the description's when omitted. A taken name gets a suffix: `自评表 (2)`. */
  readonly sheetName?: string;
  /** Write onto an existing sheet of that name, but only when it is empty (no values, no formats). */
  readonly replace?: boolean;
}

export interface SheetWriteReport {
  /** The name the sheet got. */
  readonly sheetName: string;
  /** An existing empty sheet was written on (`replace: true`). */
  readonly replaced: boolean;
  readonly written: {
    readonly cells: number;
    /** 2-D range writes of values and formulas. */
    readonly blocks: number;
    /** Merge requests: one-row merges of the same columns on consecutive rows go as one `merge(true)`. */
    readonly mergeRequests: number;
    /** Rectangles that received a style. */
    readonly styleRanges: number;
    readonly merges: number;
    /** Validation rules set (adjacent ranges with the same rule set once). */
    readonly validations: number;
    /** List validations Excel cannot hold (a list over 255 characters, or a choice with a comma). */
    readonly validationsLeftOut: number;
    readonly conditionalFormats: number;
    readonly names: number;
    readonly columnWidths: number;
    readonly rowHeights: number;
    readonly hiddenColumns: number;
    readonly print: boolean;
    readonly frozenRows: number;
  };
  readonly skipped: readonly SkippedFeature[];
}

/** Excel's limit on sheet names. */
const MAX_SHEET_NAME = 31;

/**
 * A name Excel accepts: no `[]:*?/\`, no leading or trailing apostrophe, 1 to 31 characters.
 * @example safeSheetName("自评表/2024") === "自评表_2024"
 */
export function safeSheetName(name: string): string {
  const cleaned = name
    .replace(/[[\]:*?/\\]/g, "_")
    .replace(/^'+|'+$/g, "")
    .trim()
    .slice(0, MAX_SHEET_NAME);
  return cleaned === "" ? "自评表" : cleaned;
}

/**
 * The first of `name`, `name (2)`, `name (3)`… not taken, compared as Excel does (case-insensitive),
 * shortened so that the suffix fits in 31 characters.
 * @example freeSheetName("自评表", ["自评表", "自评表 (2)"]) === "自评表 (3)"
 */
export function freeSheetName(name: string, taken: readonly string[]): string {
  const used = new Set(taken.map((t) => t.toLowerCase()));
  const base = safeSheetName(name);
  if (!used.has(base.toLowerCase())) return base;
  for (let n = 2; ; n++) {
    const suffix = ` (${n})`;
    const candidate = `${base.slice(0, MAX_SHEET_NAME - suffix.length)}${suffix}`;
    if (!used.has(candidate.toLowerCase())) return candidate;
  }
}

/**
 * Column width in points for Office.js (`format.columnWidth`) from Excel's character units (the
 * unit of xlsx files and of SheetDescription). Excel draws a column of w characters
 * `trunc(w × 7 + 5)` pixels wide — 7 px being the widest digit of the default 11-pt font, 5 px the
 * cell padding and grid line (ECMA-376 §18.3.1.13) — and a pixel is 0.75 pt at 96 dpi; so the default
 * 8.43 characters is 64 px, 48 pt. With another default font the digit width, hence the result, differs.
 * @example columnWidthPoints(8.43) === 48
 */
export function columnWidthPoints(chars: number): number {
  return Math.trunc(chars * 7 + 5) * 0.75;
}

/** What Excel would read as a number, percentage, date or time: digits with only their punctuation. */
const NUMBER_LIKE = /^[\s\d０-９.,，%％$¥￥€£()（）/:：年月日号时分秒-]+$/;

/**
 * A constant as it must be sent so that Excel keeps it as typed: Office.js parses strings set through
 * `values`/`formulas` as if typed in a cell (`=…` becomes a formula, `2024` a number, `92%` 0.92,
 * `3月5日` a date, `TRUE` a boolean, `#N/A` an error), so such a string gets the apostrophe prefix,
 * which Excel keeps as the cell's quote-prefix flag, not as part of the value. Other text
 * (`≥100(人)`, `（2024年度）`) goes as it is, without the flag.
 */
export function typedConstant(value: string | number | null | undefined): string | number {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return value;
  const parsed =
    /^[=+\-@#']/.test(value) ||
    (/[\d０-９]/.test(value) && NUMBER_LIKE.test(value)) ||
    /^\s*(true|false)\s*$/i.test(value);
  return parsed ? `'${value}` : value;
}

/** A rectangle of cells and the items in it, row by row. */
interface Block<T> {
  readonly r1: number;
  readonly c1: number;
  r2: number;
  readonly c2: number;
  readonly rows: T[][];
}

/**
 * Groups cells into rectangles: runs of adjacent cells in a row, then runs of the same column span in
 * consecutive rows stacked into one block. A form's body becomes a handful of blocks, so the number of
 * requests grows with the shape of the form, not with its cell count.
 */
function blocksOf<T extends { readonly row: number; readonly col: number }>(cells: readonly T[]): Block<T>[] {
  const sorted = [...cells].sort((a, b) => a.row - b.row || a.col - b.col);
  const runs: { row: number; c1: number; c2: number; items: T[] }[] = [];
  for (const cell of sorted) {
    const last = runs[runs.length - 1];
    if (last && last.row === cell.row && last.c2 === cell.col - 1) {
      last.c2 = cell.col;
      last.items.push(cell);
    } else if (!(last && last.row === cell.row && last.c2 === cell.col)) {
      runs.push({ row: cell.row, c1: cell.col, c2: cell.col, items: [cell] });
    }
  }
  const blocks: Block<T>[] = [];
  const open = new Map<string, Block<T>>();
  for (const run of runs) {
    const key = `${run.c1}:${run.c2}`;
    const block = open.get(key);
    if (block && block.r2 === run.row - 1) {
      block.r2 = run.row;
      block.rows.push(run.items);
    } else {
      const fresh: Block<T> = { r1: run.row, c1: run.c1, r2: run.row, c2: run.c2, rows: [run.items] };
      blocks.push(fresh);
      open.set(key, fresh);
    }
  }
  return blocks;
}

const blockAddress = (b: Block<unknown>): string => rangeA1({ row: b.r1, col: b.c1 }, { row: b.r2, col: b.c2 });
/** `C3` for one cell, `A14:I19` for more: the way Excel writes them, in names too. */
const rangeAddress = (r: RangeSpec): string =>
  r.from.row === r.to.row && r.from.col === r.to.col ? a1(r.from) : rangeA1(r.from, r.to);

/** Consecutive indexes with the same value, as [first, last, value] runs. */
function runsOf<V>(entries: readonly (readonly [number, V])[]): [number, number, V][] {
  const sorted = [...entries].sort((a, b) => a[0] - b[0]);
  const out: [number, number, V][] = [];
  for (const [i, v] of sorted) {
    const last = out[out.length - 1];
    if (last && last[1] === i - 1 && last[2] === v) last[1] = i;
    else out.push([i, i, v]);
  }
  return out;
}

/** JSON with keys in order, so that equal styles built in different orders group together. */
function canonical(value: unknown): string {
  if (typeof value !== "object" || value === null) return JSON.stringify(value);
  const entries = Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
}

/** The style without its number format (written with the values), as a grouping key; null when empty. */
function styleKey(style: CellStyle | undefined): string | null {
  if (!style) return null;
  const { numberFormat: _numberFormat, ...rest } = style;
  const key = canonical(rest);
  return key === "{}" ? null : key;
}

const HORIZONTAL = { left: "Left", center: "Center", right: "Right" } as const;
const VERTICAL = { top: "Top", middle: "Center", bottom: "Bottom" } as const;
const ERROR_STYLE = { stop: "Stop", warning: "Warning", information: "Information" } as const;
const ERROR_TITLE = { stop: "输入有误", warning: "请核对", information: "提示" } as const;
/** Excel refuses longer validation messages, and longer literal lists. */
const MAX_MESSAGE = 255;
const MAX_TITLE = 32;

function applyStyle(range: Excel.Range, style: CellStyle, multiRow: boolean, multiCol: boolean): void {
  const format = range.format;
  if (style.font) {
    if (style.font.name !== undefined) format.font.name = style.font.name;
    if (style.font.size !== undefined) format.font.size = style.font.size;
    if (style.font.bold !== undefined) format.font.bold = style.font.bold;
    if (style.font.color !== undefined) format.font.color = style.font.color;
  }
  if (style.horizontal) format.horizontalAlignment = HORIZONTAL[style.horizontal];
  if (style.vertical) format.verticalAlignment = VERTICAL[style.vertical];
  if (style.wrap !== undefined) format.wrapText = style.wrap;
  if (style.fill) format.fill.color = style.fill;
  if (style.border) {
    const edges: ("EdgeTop" | "EdgeBottom" | "EdgeLeft" | "EdgeRight" | "InsideHorizontal" | "InsideVertical")[] = [
      "EdgeTop",
      "EdgeBottom",
      "EdgeLeft",
      "EdgeRight",
    ];
    if (multiRow) edges.push("InsideHorizontal");
    if (multiCol) edges.push("InsideVertical");
    for (const edge of edges) {
      const border = format.borders.getItem(edge);
      border.style = "Continuous";
      border.weight = "Thin";
      border.color = "#000000";
    }
  }
  // Input cells stay editable if the user protects the sheet.
  if (style.input) format.protection.locked = false;
}

function validationRule(v: ValidationSpec): Excel.DataValidationRule | null {
  if (v.type === "list") {
    const source = v.values.join(",");
    // Excel refuses a literal list longer than 255 characters; so does Office.js.
    if (source.length > MAX_MESSAGE || v.values.some((x) => x.includes(","))) return null;
    return { list: { inCellDropDown: true, source } };
  }
  if (v.min !== null && v.max !== null) {
    return { decimal: { operator: "Between", formula1: v.min, formula2: v.max } };
  }
  if (v.min !== null) return { decimal: { operator: "GreaterThanOrEqualTo", formula1: v.min } };
  if (v.max !== null) return { decimal: { operator: "LessThanOrEqualTo", formula1: v.max } };
  // Any number: the rule still refuses text.
  return { decimal: { operator: "GreaterThanOrEqualTo", formula1: -1e307 } };
}

/**
 * Merge requests: one-row merges of the same columns on consecutive rows (the 偏差原因 cell of every
 * indicator row) become one `merge(true)`, which merges each row of the range on its own.
 */
function mergeGroups(merges: readonly RangeSpec[]): { range: RangeSpec; across: boolean }[] {
  const out: { range: RangeSpec; across: boolean }[] = [];
  const sorted = [...merges].sort((a, b) => a.from.col - b.from.col || a.to.col - b.to.col || a.from.row - b.from.row);
  for (const m of sorted) {
    const last = out[out.length - 1];
    const oneRow = m.from.row === m.to.row;
    const lastOneRow = last !== undefined && (last.across || last.range.from.row === last.range.to.row);
    if (
      last &&
      oneRow &&
      lastOneRow &&
      last.range.from.col === m.from.col &&
      last.range.to.col === m.to.col &&
      last.range.to.row === m.from.row - 1
    ) {
      out[out.length - 1] = { range: { from: last.range.from, to: m.to }, across: true };
    } else out.push({ range: m, across: false });
  }
  return out;
}

/**
 * The same validation on vertically adjacent ranges of the same columns (the 实际完成值 drop-down of
 * consecutive qualitative rows) as one rule on their union.
 */
function coalesceValidations(validations: readonly ValidationSpec[]): ValidationSpec[] {
  const out: ValidationSpec[] = [];
  const ruleKey = (v: ValidationSpec): string => canonical({ ...v, range: null });
  for (const v of validations) {
    const last = out[out.length - 1];
    if (
      last &&
      ruleKey(last) === ruleKey(v) &&
      last.range.from.col === v.range.from.col &&
      last.range.to.col === v.range.to.col &&
      last.range.to.row === v.range.from.row - 1
    ) {
      out[out.length - 1] = { ...last, range: { from: last.range.from, to: v.range.to } };
    } else out.push(v);
  }
  return out;
}

const PAPER = { 9: "A4" } as const;

/**
 * Writes a sheet description onto a new worksheet and activates it. Never writes over a sheet that
 * holds anything: a taken name gets a suffix, and `replace` is honoured only for an empty sheet.
 * Two `context.sync()` calls whatever the size: one read, one write.
 * @example
 * const { sheet } = layoutSelfEvaluation(t, blankSelfEvaluation(t, 2024), { formNo: 1, sheetName: "自评表" });
 * const report = await excelRun((context) => writeSheet(context, sheet, { supports: officeApiSupport }));
 */
export async function writeSheet(
  context: Excel.RequestContext,
  sheet: SheetDescription,
  options: WriteSheetOptions,
): Promise<SheetWriteReport> {
  const [report] = await writeSheets(context, [{ sheet, sheetName: options.sheetName, replace: options.replace }], {
    supports: options.supports,
  });
  return report;
}

/** One sheet of a `writeSheets` call. */
export interface SheetToWrite {
  readonly sheet: SheetDescription;
  /** The sheet's name; the description's when omitted. A taken name gets a suffix: `自评表 (2)`. */
  readonly sheetName?: string;
  /** Write onto an existing sheet of that name, but only when it is empty (no values, no formats). */
  readonly replace?: boolean;
  /** More writes on the new worksheet (links, say), queued into the same round trip as the sheet. */
  readonly also?: (worksheet: Excel.Worksheet, sheetName: string) => void;
}

export interface WriteSheetsOptions {
  readonly supports: ApiSupport;
  /** Other writes of the operation (the carried templates), queued into the same round trip. */
  readonly alsoQueue?: () => void;
}

/**
 * Writes several sheet descriptions onto new worksheets in two round trips whatever their number: one
 * read, then ONE write carrying every sheet and the operation's other writes. An operation whose only
 * write is this round trip is safe to run again when Excel refuses a request (cell-edit mode): Excel
 * refuses the whole batch before doing any of it, so a retry never finds half of its own work done and
 * never makes `汇总 (2)` or a second copy of a form. The last visible sheet is left active.
 */
export async function writeSheets(
  context: Excel.RequestContext,
  items: readonly SheetToWrite[],
  options: WriteSheetsOptions,
): Promise<SheetWriteReport[]> {
  // Round trip 1: what is taken.
  const worksheets = context.workbook.worksheets;
  worksheets.load("items/name");
  const workbookNames = context.workbook.names;
  workbookNames.load("items/name");
  const targets = items.map((item) => {
    const wanted = safeSheetName(item.sheetName ?? item.sheet.sheetName);
    // An *OrNullObject chain stays null when the sheet does not exist; nothing fails.
    const target = item.replace ? worksheets.getItemOrNullObject(wanted) : null;
    const used = target ? target.getUsedRangeOrNullObject(false) : null;
    if (used) used.load("address");
    return { wanted, target, used };
  });
  await context.sync();

  const takenNames = new Set(workbookNames.items.map((n) => n.name.toLowerCase()));
  for (const { sheet } of items) {
    const conflict = sheet.names.find((n) => takenNames.has(n.name.toLowerCase()));
    if (conflict) {
      throw new ExcelOperationError(
        "ItemAlreadyExists",
        null,
        `工作簿中已有名称“${conflict.name}”，同一编号的表单不能再建一份；请换一个表单编号`,
      );
    }
    for (const n of sheet.names) takenNames.add(n.name.toLowerCase());
  }

  // Round trip 2: the operation's other writes, then every write of every sheet, queued.
  options.alsoQueue?.();
  const takenSheets = worksheets.items.map((w) => w.name);
  const reports = items.map((item, i) => {
    const { wanted, target, used } = targets[i];
    const replaced = target !== null && used !== null && !target.isNullObject && used.isNullObject;
    const sheetName = replaced ? wanted : freeSheetName(wanted, takenSheets);
    takenSheets.push(sheetName);
    const ws = replaced && target ? target : worksheets.add(sheetName);
    const report = queueSheet(context, ws, item.sheet, options.supports, sheetName, replaced);
    item.also?.(ws, sheetName);
    return report;
  });
  await context.sync();
  return reports;
}

/** Queues every write of one sheet description onto `ws`; nothing is sent. */
function queueSheet(
  context: Excel.RequestContext,
  ws: Excel.Worksheet,
  sheet: SheetDescription,
  supports: ApiSupport,
  sheetName: string,
  replaced: boolean,
): SheetWriteReport {
  const options = { supports };
  const skipped: SkippedFeature[] = [];

  // Columns and rows.
  const widthRuns = runsOf(sheet.columnWidths.map((w, i) => [i, w] as const));
  for (const [c1, c2, width] of widthRuns) {
    ws.getRange(`${columnLetters(c1)}:${columnLetters(c2)}`).format.columnWidth = columnWidthPoints(width);
  }
  const hiddenRuns = runsOf(sheet.hiddenColumns.map((c) => [c, true] as const));
  for (const [c1, c2] of hiddenRuns) ws.getRange(`${columnLetters(c1)}:${columnLetters(c2)}`).columnHidden = true;
  const heightRuns = runsOf([...sheet.rowHeights.entries()]);
  for (const [r1, r2, height] of heightRuns) ws.getRange(`${r1 + 1}:${r2 + 1}`).format.rowHeight = height;

  // Values and formulas, then number formats (after, so that a text format cannot turn a formula into text).
  const byCell = new Map<string, CellSpec>();
  for (const cell of sheet.cells) byCell.set(`${cell.row},${cell.col}`, cell);
  const cells = [...byCell.values()];
  const contentBlocks = blocksOf(cells);
  for (const block of contentBlocks) {
    const range = ws.getRange(blockAddress(block));
    range.formulas = block.rows.map((row) =>
      row.map((c) => (c.formula !== undefined ? `=${c.formula}` : typedConstant(c.value))),
    );
    if (block.rows.some((row) => row.some((c) => c.style?.numberFormat))) {
      range.numberFormat = block.rows.map((row) => row.map((c) => c.style?.numberFormat ?? "General"));
    }
  }

  // Styles: one set of requests per rectangle of identically styled cells.
  const byStyle = new Map<string, { style: CellStyle; cells: CellSpec[] }>();
  for (const cell of cells) {
    const key = styleKey(cell.style);
    if (key === null || !cell.style) continue;
    const group = byStyle.get(key) ?? { style: cell.style, cells: [] };
    group.cells.push(cell);
    byStyle.set(key, group);
  }
  let styleRanges = 0;
  for (const { style, cells: group } of byStyle.values()) {
    for (const block of blocksOf(group)) {
      applyStyle(ws.getRange(blockAddress(block)), style, block.r2 > block.r1, block.c2 > block.c1);
      styleRanges++;
    }
  }

  const mergeRequests = mergeGroups(sheet.merges);
  for (const m of mergeRequests) ws.getRange(rangeAddress(m.range)).merge(m.across);

  // Data validation: ExcelApi 1.8.
  let validations = 0;
  let validationsLeftOut = 0;
  if (options.supports("1.8")) {
    for (const v of coalesceValidations(sheet.validations)) {
      const rule = validationRule(v);
      if (!rule) {
        validationsLeftOut++;
        continue;
      }
      const dv = ws.getRange(rangeAddress(v.range)).dataValidation;
      dv.ignoreBlanks = true;
      dv.rule = rule;
      dv.errorAlert = {
        showAlert: true,
        style: ERROR_STYLE[v.errorStyle],
        title: ERROR_TITLE[v.errorStyle].slice(0, MAX_TITLE),
        message: v.error.slice(0, MAX_MESSAGE),
      };
      if (v.prompt) dv.prompt = { showPrompt: true, title: "", message: v.prompt.slice(0, MAX_MESSAGE) };
      validations++;
    }
  } else if (sheet.validations.length > 0) {
    skipped.push({ feature: "dataValidation", requires: "1.8", count: sheet.validations.length });
  }

  // Conditional formats: ExcelApi 1.6 (below the manifest's 1.7, tested all the same).
  let conditionalFormats = 0;
  if (options.supports("1.6")) {
    for (const cf of sheet.conditionalFormats) {
      const format = ws.getRange(rangeAddress(cf.range)).conditionalFormats.add("Custom");
      format.custom.rule.formula = `=${cf.formula}`;
      format.custom.format.fill.color = cf.fill;
      if (cf.fontColor) format.custom.format.font.color = cf.fontColor;
      conditionalFormats++;
    }
  } else if (sheet.conditionalFormats.length > 0) {
    skipped.push({ feature: "conditionalFormats", requires: "1.6", count: sheet.conditionalFormats.length });
  }

  // Workbook-wide names: the description's are unique per form (zpb_projectName_3).
  for (const n of sheet.names) context.workbook.names.add(n.name, ws.getRange(rangeAddress(n.range)));

  // Print setup: ExcelApi 1.9.
  const print = options.supports("1.9");
  if (print) {
    const p = sheet.print;
    const layout = ws.pageLayout;
    layout.paperSize = PAPER[p.paperSize];
    layout.orientation = p.orientation === "portrait" ? "Portrait" : "Landscape";
    // One page wide, as many tall as needed (0 = automatic).
    layout.zoom = { horizontalFitToPages: p.fitToWidth, verticalFitToPages: p.fitToHeight };
    layout.setPrintMargins("Inches", { ...p.margins });
    layout.setPrintTitleRows(`$${p.titleRows[0]}:$${p.titleRows[1]}`);
    layout.setPrintArea(rangeAddress(p.printArea));
  } else {
    skipped.push({ feature: "pageLayout", requires: "1.9", count: 0 });
  }

  if (sheet.frozenRows > 0) ws.freezePanes.freezeRows(sheet.frozenRows);
  // A hidden sheet (the carried templates) is hidden, not activated: Excel cannot hide the active sheet.
  const state = sheet.state ?? "visible";
  if (state === "visible") ws.activate();
  else ws.visibility = state === "veryHidden" ? "VeryHidden" : "Hidden";

  return {
    sheetName,
    replaced,
    written: {
      cells: cells.length,
      blocks: contentBlocks.length,
      styleRanges,
      merges: sheet.merges.length,
      mergeRequests: mergeRequests.length,
      validations,
      validationsLeftOut,
      conditionalFormats,
      names: sheet.names.length,
      columnWidths: sheet.columnWidths.length,
      rowHeights: sheet.rowHeights.size,
      hiddenColumns: sheet.hiddenColumns.length,
      print,
      frozenRows: sheet.frozenRows,
    },
    skipped,
  };
}
