/**
 * The in-memory workbook behind the stand-in: what Excel holds on its side of the wire. Cell contents
 * live in HyperFormula (one HF sheet per worksheet), so formulas compute; formats, merges, names,
 * validation, conditional formats, print setup, selection and the active sheet live here. Everything
 * the add-in does reaches this object only through a `context.sync()` (see proxy.ts); the test changes
 * it directly, as a user would (`typeInto`, `activate`), and reads it with the inspection methods.
 */
import { HyperFormula, type RawCellContent } from "hyperformula";
import {
  MAX_COLS,
  MAX_ROWS,
  contains,
  containsCell,
  intersect,
  isEntireColumns,
  isEntireRows,
  localAddress,
  nameFormula,
  parseLocal,
  rectCells,
  rectCols,
  rectRows,
  splitSheet,
  type Rect,
} from "./address";
import { NotImplementedError, OfficeError, notImplemented } from "./errors";

export type BorderEdge = "top" | "bottom" | "left" | "right";

export interface BorderFormat {
  style: string;
  weight: string;
  color: string;
}

/** A cell's format; what is not set reads as Excel's default. */
export interface CellFormat {
  numberFormat?: string;
  fontName?: string;
  fontSize?: number;
  fontBold?: boolean;
  fontItalic?: boolean;
  fontColor?: string;
  fill?: string;
  horizontalAlignment?: string;
  verticalAlignment?: string;
  wrapText?: boolean;
  locked?: boolean;
  borders?: Partial<Record<BorderEdge, BorderFormat>>;
}

export const DEFAULT_FORMAT = {
  numberFormat: "General",
  fontName: "等线",
  fontSize: 11,
  fontBold: false,
  fontItalic: false,
  fontColor: "#000000",
  fill: "#FFFFFF",
  horizontalAlignment: "General",
  verticalAlignment: "Bottom",
  wrapText: false,
  locked: true,
} as const;

/** Excel's default column width (8.43 characters, 64 px) and row height, in points. */
export const DEFAULT_COLUMN_WIDTH = 48;
export const DEFAULT_ROW_HEIGHT = 15;

export interface Validation {
  rect: Rect;
  rule: Record<string, unknown> | null;
  errorAlert: Record<string, unknown> | null;
  prompt: Record<string, unknown> | null;
  ignoreBlanks: boolean;
}

export interface ConditionalFormat {
  id: number;
  rect: Rect;
  type: string;
  formula: string | null;
  fill: string | null;
  fontColor: string | null;
  fontBold: boolean | null;
  stopIfTrue: boolean;
}

export interface NameEntry {
  name: string;
  /** The sheet it points into and where, for a name of a range; null for a constant or broken name. */
  target: { sheetId: string; rect: Rect } | null;
  /** The formula for a name that is not a range (`=#REF!`, `=0.5`). */
  formula: string | null;
  comment: string;
  visible: boolean;
  /** The sheet a sheet-scoped name belongs to; null for a workbook name. */
  scopeId: string | null;
}

export interface PageLayout {
  paperSize: string;
  orientation: string;
  zoom: Record<string, unknown>;
  margins: Record<string, number> | null;
  marginUnit: string | null;
  printTitleRows: string | null;
  printArea: string | null;
  centerHorizontally: boolean;
  centerVertically: boolean;
}

export type SheetVisibility = "Visible" | "Hidden" | "VeryHidden";

export class Sheet {
  readonly formats = new Map<number, CellFormat>();
  readonly formulaTexts = new Map<number, { text: string; hf: string }>();
  readonly colWidths = new Map<number, number>();
  readonly rowHeights = new Map<number, number>();
  readonly hiddenCols = new Set<number>();
  readonly hiddenRows = new Set<number>();
  readonly hyperlinks = new Map<number, Record<string, unknown>>();
  merges: Rect[] = [];
  validations: Validation[] = [];
  conditionalFormats: ConditionalFormat[] = [];
  frozenRows = 0;
  frozenColumns = 0;
  protected = false;
  /** `protect({ allowFormatCells: true })`: formats may change on the protected sheet. */
  allowFormatCells = false;
  tabColor = "";
  showGridlines = true;
  readonly pageLayout: PageLayout = {
    paperSize: "Letter",
    orientation: "Portrait",
    zoom: { scale: 100 },
    margins: null,
    marginUnit: null,
    printTitleRows: null,
    printArea: null,
    centerHorizontally: false,
    centerVertically: false,
  };

  constructor(
    readonly id: string,
    public name: string,
    public hfId: number,
    public visibility: SheetVisibility = "Visible",
  ) {}
}

/** A change the workbook reports through `onChanged`. */
export interface Change {
  readonly sheet: Sheet;
  readonly rect: Rect;
  readonly changeType: "RangeEdited" | "RowInserted" | "RowDeleted" | "ColumnInserted" | "ColumnDeleted";
  readonly triggerSource: "ThisLocalAddin" | "Unknown";
  readonly details?: Record<string, unknown>;
}

/** A cell as the inspection API reports it. */
export interface CellView {
  readonly value: string | number | boolean;
  readonly formula: string | null;
  readonly numberFormat: string;
  readonly text: string;
  readonly valueType: "Empty" | "String" | "Double" | "Boolean" | "Error";
  readonly quotePrefix: boolean;
}

const key = (row: number, col: number): number => row * MAX_COLS + col;
const unkey = (k: number): { row: number; col: number } => ({ row: Math.floor(k / MAX_COLS), col: k % MAX_COLS });

/** Cells the stand-in fills one by one; beyond this Excel would refuse the payload anyway. */
const MAX_CELL_OPERATION = 1_000_000;

/** Sheet names Excel refuses: `[]:*?/\`, a leading or trailing apostrophe, over 31 characters, "History". */
function checkSheetName(name: string): void {
  if (name === "" || name.length > 31 || /[[\]:*?/\\]/.test(name) || /^'|'$/.test(name) || /^history$/i.test(name))
    throw new OfficeError("InvalidArgument", `sheet name ${JSON.stringify(name)}`);
}

/** Excel's rules for defined names, as far as the add-in needs them. */
function checkDefinedName(name: string): void {
  if (!/^[\p{L}_\\][\p{L}\p{N}_.\\]*$/u.test(name) || /^[A-Z]{1,3}\d+$/i.test(name) || /^[RC]$/i.test(name))
    throw new OfficeError("InvalidArgument", `defined name ${JSON.stringify(name)}`);
}

/** Shifts an index range along one axis for `count` lines inserted (count > 0) or deleted (< 0) at `at`. */
function shiftSpan(a: number, b: number, at: number, count: number): [number, number] | null {
  if (count > 0) {
    if (a >= at) return [a + count, b + count];
    if (b >= at) return [a, b + count];
    return [a, b];
  }
  const n = -count;
  const end = at + n - 1;
  if (b < at) return [a, b];
  if (a > end) return [a - n, b - n];
  // Overlap: what is left of [a, b] outside the deleted lines, closed up.
  const keepBefore = Math.max(0, at - a);
  const keepAfter = Math.max(0, b - end);
  if (keepBefore + keepAfter === 0) return null;
  const start = Math.min(a, at);
  return [start, start + keepBefore + keepAfter - 1];
}

export type Axis = "rows" | "columns";

function shiftRect(r: Rect, axis: Axis, at: number, count: number): Rect | null {
  if (axis === "rows") {
    if (isEntireColumns(r)) return r;
    const s = shiftSpan(r.r1, r.r2, at, count);
    return s ? { ...r, r1: s[0], r2: Math.min(s[1], MAX_ROWS - 1) } : null;
  }
  if (isEntireRows(r)) return r;
  const s = shiftSpan(r.c1, r.c2, at, count);
  return s ? { ...r, c1: s[0], c2: Math.min(s[1], MAX_COLS - 1) } : null;
}

function shiftIndex(i: number, at: number, count: number): number | null {
  const s = shiftSpan(i, i, at, count);
  return s ? s[0] : null;
}

function shiftKeyed<V>(map: Map<number, V>, axis: Axis, at: number, count: number): void {
  const entries = [...map.entries()];
  map.clear();
  for (const [k, v] of entries) {
    const { row, col } = unkey(k);
    const moved = axis === "rows" ? shiftIndex(row, at, count) : shiftIndex(col, at, count);
    if (moved === null) continue;
    map.set(axis === "rows" ? key(moved, col) : key(row, moved), v);
  }
}

function shiftLines<V>(map: Map<number, V>, at: number, count: number): void {
  const entries = [...map.entries()];
  map.clear();
  for (const [i, v] of entries) {
    const moved = shiftIndex(i, at, count);
    if (moved !== null) map.set(moved, v);
  }
}

function shiftSet(set: Set<number>, at: number, count: number): void {
  const items = [...set];
  set.clear();
  for (const i of items) {
    const moved = shiftIndex(i, at, count);
    if (moved !== null) set.add(moved);
  }
}

/** A number as Excel's General format shows it: up to 11 significant characters. */
function generalText(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e11) return String(n);
  const p = Number(n.toPrecision(10));
  return String(p);
}

const group = (digits: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");

/**
 * The text Excel shows for a value in a number format, for the formats the add-in writes (General,
 * 0, 0.00, #,##0, #,##0.00, 0%, 0.00%, @); other formats fall back to General.
 */
export function formatText(value: string | number | boolean, format: string): string {
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "string") return value;
  const m = /^(#,##)?0(?:\.(0+))?(%)?$/.exec(format);
  if (!m) return generalText(value);
  const decimals = m[2]?.length ?? 0;
  const n = m[3] ? value * 100 : value;
  let text = Math.abs(n).toFixed(decimals);
  if (m[1]) {
    const [int, frac] = text.split(".");
    text = frac === undefined ? group(int) : `${group(int)}.${frac}`;
  }
  const negative = n < 0 && Number(text.replace(/,/g, "")) !== 0;
  return `${negative ? "-" : ""}${text}${m[3] ? "%" : ""}`;
}

export interface FakeWorkbookOptions {
  /** Sheet names at the start; one "Sheet1" when omitted. */
  readonly sheets?: readonly string[];
}

/** A listener for the workbook's events (registered by proxy.ts on behalf of the add-in's handlers). */
export type WorkbookListener = (event: WorkbookEvent) => void;

export type WorkbookEvent =
  | { readonly kind: "changed"; readonly change: Change }
  | { readonly kind: "activated"; readonly sheet: Sheet }
  | { readonly kind: "deactivated"; readonly sheet: Sheet }
  | { readonly kind: "added"; readonly sheet: Sheet; readonly source: "ThisLocalAddin" | "Unknown" }
  | { readonly kind: "deleted"; readonly sheetId: string; readonly source: "ThisLocalAddin" | "Unknown" }
  | { readonly kind: "selectionChanged"; readonly sheet: Sheet; readonly rect: Rect };

export class FakeWorkbook {
  readonly hf: HyperFormula;
  readonly sheets: Sheet[] = [];
  readonly names: NameEntry[] = [];
  activeSheetId: string;
  selection: { sheetId: string; rect: Rect };
  private nextSheetId = 1;
  private nextCfId = 1;
  private readonly listeners = new Set<WorkbookListener>();
  /** Where an add-in write is being applied (by a sync), so that its change events say so. */
  addinWriting = false;
  /** Changes made by the add-in during the current sync, reported when it answers. */
  readonly pendingEvents: WorkbookEvent[] = [];

  constructor(options: FakeWorkbookOptions = {}) {
    this.hf = HyperFormula.buildEmpty({
      licenseKey: "gpl-v3",
      // Excel's behaviour where HyperFormula's default differs (its "compatibility with Excel" settings).
      evaluateNullToZero: true,
      leapYear1900: true,
      nullDate: { year: 1899, month: 12, day: 30 },
      dateFormats: ["YYYY/MM/DD", "YYYY-MM-DD"],
      // Excel answers full doubles through the API (0.1+0.2 is 0.30000000000000004).
      smartRounding: false,
      maxRows: 65536,
    });
    for (const name of options.sheets ?? ["Sheet1"]) this.addSheet(name);
    this.activeSheetId = this.sheets[0].id;
    this.selection = { sheetId: this.sheets[0].id, rect: { r1: 0, c1: 0, r2: 0, c2: 0 } };
  }

  // ----- events -----

  subscribe(listener: WorkbookListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Events go out asynchronously, as Excel's do; an add-in write's go out when its sync answers. */
  emit(event: WorkbookEvent): void {
    if (this.addinWriting) {
      this.pendingEvents.push(event);
      return;
    }
    setTimeout(() => {
      for (const listener of [...this.listeners]) listener(event);
    }, 0);
  }

  flushPendingEvents(): void {
    const events = this.pendingEvents.splice(0);
    if (events.length === 0) return;
    setTimeout(() => {
      for (const event of events) for (const listener of [...this.listeners]) listener(event);
    }, 0);
  }

  private get source(): "ThisLocalAddin" | "Unknown" {
    return this.addinWriting ? "ThisLocalAddin" : "Unknown";
  }

  private changed(
    sheet: Sheet,
    rect: Rect,
    changeType: Change["changeType"] = "RangeEdited",
    details?: Change["details"],
  ) {
    this.emit({
      kind: "changed",
      change: { sheet, rect, changeType, triggerSource: this.source, ...(details ? { details } : {}) },
    });
  }

  // ----- sheets -----

  sheetByName(name: string): Sheet | undefined {
    const lower = name.toLowerCase();
    return this.sheets.find((s) => s.name.toLowerCase() === lower);
  }

  sheetById(id: string): Sheet | undefined {
    return this.sheets.find((s) => s.id === id);
  }

  /** A sheet by name or id, or ItemNotFound. */
  sheet(nameOrId: string): Sheet {
    const sheet = this.sheetByName(nameOrId) ?? this.sheetById(nameOrId);
    if (!sheet) throw new OfficeError("ItemNotFound", `worksheet ${JSON.stringify(nameOrId)}`);
    return sheet;
  }

  get activeSheet(): Sheet {
    return this.sheet(this.activeSheetId);
  }

  addSheet(name?: string): Sheet {
    let sheetName = name;
    if (sheetName === undefined) {
      let n = this.sheets.length + 1;
      while (this.sheetByName(`Sheet${n}`)) n++;
      sheetName = `Sheet${n}`;
    }
    checkSheetName(sheetName);
    if (this.sheetByName(sheetName))
      throw new OfficeError("ItemAlreadyExists", `worksheet ${JSON.stringify(sheetName)}`);
    const hfName = this.hf.addSheet(sheetName);
    const id = `{00000000-0001-0000-0000-${String(this.nextSheetId++).padStart(12, "0")}}`;
    const sheet = new Sheet(id, sheetName, this.hf.getSheetId(hfName) as number);
    this.sheets.push(sheet);
    if (this.listeners.size > 0) this.emit({ kind: "added", sheet, source: this.source });
    return sheet;
  }

  renameSheet(sheet: Sheet, name: string): void {
    if (name === sheet.name) return;
    checkSheetName(name);
    const other = this.sheetByName(name);
    if (other && other !== sheet) throw new OfficeError("ItemAlreadyExists", `worksheet ${JSON.stringify(name)}`);
    this.hf.renameSheet(sheet.hfId, name);
    sheet.name = name;
  }

  deleteSheet(sheet: Sheet): void {
    const visible = this.sheets.filter((s) => s.visibility === "Visible");
    if (visible.length === 1 && visible[0] === sheet)
      throw new OfficeError("InvalidOperation", "a workbook must keep one visible sheet");
    this.hf.removeSheet(sheet.hfId);
    this.sheets.splice(this.sheets.indexOf(sheet), 1);
    for (const n of this.names) if (n.target?.sheetId === sheet.id) this.breakName(n);
    for (let i = this.names.length - 1; i >= 0; i--) if (this.names[i].scopeId === sheet.id) this.names.splice(i, 1);
    if (this.activeSheetId === sheet.id) {
      const next = this.sheets.find((s) => s.visibility === "Visible") as Sheet;
      this.activeSheetId = next.id;
      this.selection = { sheetId: next.id, rect: { r1: 0, c1: 0, r2: 0, c2: 0 } };
      this.emit({ kind: "activated", sheet: next });
    }
    this.emit({ kind: "deleted", sheetId: sheet.id, source: this.source });
  }

  moveSheet(sheet: Sheet, position: number): void {
    if (position < 0 || position >= this.sheets.length) throw new OfficeError("InvalidArgument", "position");
    this.sheets.splice(this.sheets.indexOf(sheet), 1);
    this.sheets.splice(position, 0, sheet);
  }

  activate(sheet: Sheet): void {
    if (sheet.visibility !== "Visible") throw new OfficeError("InvalidOperation", "a hidden sheet cannot be activated");
    if (this.activeSheetId === sheet.id) return;
    const previous = this.sheetById(this.activeSheetId);
    this.activeSheetId = sheet.id;
    this.selection = { sheetId: sheet.id, rect: { r1: 0, c1: 0, r2: 0, c2: 0 } };
    if (previous) this.emit({ kind: "deactivated", sheet: previous });
    this.emit({ kind: "activated", sheet });
  }

  select(sheet: Sheet, rect: Rect): void {
    this.activate(sheet);
    this.selection = { sheetId: sheet.id, rect };
    this.emit({ kind: "selectionChanged", sheet, rect });
  }

  // ----- cells -----

  private ensureSize(rect: Rect): void {
    if (rect.r2 >= 65536) notImplemented(`cells below row 65536 (${localAddress(rect)})`);
  }

  /** The computed value as the API answers it: "" for empty, error text for errors. */
  value(sheet: Sheet, row: number, col: number): string | number | boolean {
    if (row >= 65536) return "";
    const v = this.hf.getCellValue({ sheet: sheet.hfId, row, col });
    if (v === null || v === undefined) return "";
    if (typeof v === "object") return (v as { value: string }).value;
    return v;
  }

  valueType(sheet: Sheet, row: number, col: number): CellView["valueType"] {
    if (row >= 65536) return "Empty";
    const v = this.hf.getCellValue({ sheet: sheet.hfId, row, col });
    if (v === null || v === undefined)
      return this.hf.doesCellHaveFormula({ sheet: sheet.hfId, row, col }) ? "String" : "Empty";
    if (typeof v === "object") return "Error";
    if (typeof v === "number") return "Double";
    if (typeof v === "boolean") return "Boolean";
    return "String";
  }

  /** The formula with "=" for a formula cell, else the value (what `Range.formulas` answers). */
  formula(sheet: Sheet, row: number, col: number): string | number | boolean {
    if (row >= 65536) return "";
    const address = { sheet: sheet.hfId, row, col };
    if (this.hf.doesCellHaveFormula(address)) {
      const hfText = this.hf.getCellFormula(address) as string;
      const written = sheet.formulaTexts.get(key(row, col));
      // As written while nothing moved it; HyperFormula's rendering once rows or copies changed it.
      return written && written.hf === hfText ? written.text : hfText;
    }
    return this.value(sheet, row, col);
  }

  quotePrefix(sheet: Sheet, row: number, col: number): boolean {
    if (row >= 65536) return false;
    const raw = this.hf.getCellSerialized({ sheet: sheet.hfId, row, col });
    return typeof raw === "string" && raw.startsWith("'");
  }

  format(sheet: Sheet, row: number, col: number): CellFormat {
    return sheet.formats.get(key(row, col)) ?? {};
  }

  numberFormat(sheet: Sheet, row: number, col: number): string {
    return this.format(sheet, row, col).numberFormat ?? DEFAULT_FORMAT.numberFormat;
  }

  text(sheet: Sheet, row: number, col: number): string {
    const v = this.value(sheet, row, col);
    return formatText(v, this.numberFormat(sheet, row, col));
  }

  private mutateFormat(sheet: Sheet, row: number, col: number, patch: (f: CellFormat) => void): void {
    const k = key(row, col);
    const f = { ...(sheet.formats.get(k) ?? {}) };
    patch(f);
    sheet.formats.set(k, f);
  }

  private forEachCell(rect: Rect, what: string, fn: (row: number, col: number) => void): void {
    if (rectCells(rect) > MAX_CELL_OPERATION) notImplemented(`${what} on ${rectCells(rect)} cells`);
    for (let r = rect.r1; r <= rect.r2; r++) for (let c = rect.c1; c <= rect.c2; c++) fn(r, c);
  }

  /** Refuses a write to locked cells of a protected sheet, as Excel does. */
  private checkWritable(sheet: Sheet, rect: Rect): void {
    if (!sheet.protected) return;
    this.forEachCell(rect, "protection check", (r, c) => {
      if (this.format(sheet, r, c).locked !== false) throw new OfficeError("AccessDenied", "the sheet is protected");
    });
  }

  /**
   * Refuses a format write to locked cells of a protected sheet unless it was protected with
   * `allowFormatCells` (https://learn.microsoft.com/javascript/api/excel/excel.worksheetprotectionoptions#excel-excel-worksheetprotectionoptions-allowformatcells-member).
   */
  private checkFormattable(sheet: Sheet, rect: Rect): void {
    if (!sheet.protected || sheet.allowFormatCells) return;
    this.forEachCell(rect, "protection check", (r, c) => {
      if (this.format(sheet, r, c).locked !== false)
        throw new OfficeError("AccessDenied", "the sheet is protected: its locked cells cannot be formatted");
    });
  }

  /**
   * Refuses content written into part of a merged area — Excel's "Cannot change part of a merged cell" —
   * unless the write is the area's top-left cell alone (where a merged area's value lives).
   */
  private checkMerges(sheet: Sheet, rect: Rect): void {
    for (const m of sheet.merges) {
      if (!intersect(m, rect)) continue;
      const whole = rect.r1 <= m.r1 && rect.c1 <= m.c1 && rect.r2 >= m.r2 && rect.c2 >= m.c2;
      const anchorOnly = rect.r1 === m.r1 && rect.c1 === m.c1 && rect.r2 === m.r1 && rect.c2 === m.c1;
      if (!whole && !anchorOnly)
        throw new OfficeError("InvalidOperation", `cannot change part of a merged cell (${localAddress(m)})`);
    }
  }

  /**
   * Sets cells as if typed (Office.js parses strings set through `values`/`formulas` the way Excel
   * parses typing): `=…` a formula, `'…` text with the quote-prefix flag, "12"/"92%"/"TRUE" a number,
   * percentage or boolean; a text-formatted (`@`) cell keeps what it gets as text. One value for a
   * multi-cell range goes into every cell.
   */
  setContents(sheet: Sheet, rect: Rect, input: unknown, property: string): void {
    this.ensureSize(rect);
    this.checkWritable(sheet, rect);
    this.checkMerges(sheet, rect);
    const rows = rectRows(rect);
    const cols = rectCols(rect);
    const at = (r: number, c: number): unknown => {
      if (!Array.isArray(input)) return input;
      return (input[r] as unknown[])[c];
    };
    if (Array.isArray(input)) {
      if (input.length !== rows || input.some((row) => !Array.isArray(row) || row.length !== cols))
        throw new OfficeError(
          "InvalidArgument",
          `${property}: the number of rows or columns in the input array doesn't match the size or dimensions of the range (${rows}×${cols})`,
        );
    }
    const before = rows * cols === 1 ? this.value(sheet, rect.r1, rect.c1) : undefined;
    const beforeType = rows * cols === 1 ? this.valueType(sheet, rect.r1, rect.c1) : undefined;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) this.setCell(sheet, rect.r1 + r, rect.c1 + c, at(r, c), property);
    }
    const details =
      rows * cols === 1
        ? {
            valueBefore: before,
            valueAfter: this.value(sheet, rect.r1, rect.c1),
            valueTypeBefore: beforeType,
            valueTypeAfter: this.valueType(sheet, rect.r1, rect.c1),
          }
        : undefined;
    this.changed(sheet, rect, "RangeEdited", details);
  }

  private setCell(sheet: Sheet, row: number, col: number, value: unknown, property: string): void {
    const address = { sheet: sheet.hfId, row, col };
    const k = key(row, col);
    // Office.js: null in a 2-D array leaves that cell as it is.
    if (value === null || value === undefined) return;
    sheet.formulaTexts.delete(k);
    let content: RawCellContent;
    if (typeof value === "number") {
      if (!Number.isFinite(value)) throw new OfficeError("InvalidArgument", `${property}: ${String(value)}`);
      content = value;
    } else if (typeof value === "boolean") content = value;
    else if (typeof value === "string") {
      if (value === "") content = null;
      else if (this.format(sheet, row, col).numberFormat === "@") content = value.startsWith("'") ? value : `'${value}`;
      else if (value.startsWith("=")) {
        if (!this.hf.validateFormula(value))
          throw new OfficeError("InvalidArgument", `${property}: HyperFormula cannot parse the formula ${value}`);
        content = value;
      } else if (/^\s*[-+]?\d{1,3}(,\d{3})+(\.\d+)?\s*$/.test(value)) {
        // "1,234.5": HyperFormula cannot take "," as both argument and thousands separator; Excel reads a number.
        content = Number(value.replace(/[,\s]/g, ""));
        if (this.numberFormat(sheet, row, col) === "General") {
          const decimals = /\.(\d+)/.exec(value)?.[1].length ?? 0;
          this.mutateFormat(sheet, row, col, (f) => (f.numberFormat = decimals > 0 ? "#,##0.00" : "#,##0"));
        }
      } else content = value;
    } else {
      throw new OfficeError("InvalidArgument", `${property}: a ${typeof value} is not a cell value`);
    }
    this.hf.setCellContents(address, content);
    if (typeof content === "string" && content.startsWith("=")) {
      sheet.formulaTexts.set(k, { text: content, hf: this.hf.getCellFormula(address) as string });
    }
    // Typing a percentage or a date gives the cell a number format, as Excel does.
    if (typeof content === "string" && !content.startsWith("=") && !content.startsWith("'")) {
      const detailed = this.hf.getCellValueDetailedType(address);
      const current = this.numberFormat(sheet, row, col);
      if (current === "General") {
        if (detailed === "NUMBER_PERCENT") this.mutateFormat(sheet, row, col, (f) => (f.numberFormat = "0%"));
        else if (detailed === "NUMBER_DATE") this.mutateFormat(sheet, row, col, (f) => (f.numberFormat = "yyyy/m/d"));
        else if (detailed === "NUMBER_CURRENCY") notImplemented(`typing a currency amount (${content})`);
      }
    }
  }

  /** Range.hyperlink: on every cell of the range; its text to display becomes the cell's value, as in Excel. */
  setHyperlink(sheet: Sheet, rect: Rect, link: unknown): void {
    if (link === null || typeof link !== "object") throw new OfficeError("InvalidArgument", "hyperlink");
    const h = link as Record<string, unknown>;
    const { address, documentReference, textToDisplay } = h;
    if (typeof address !== "string" && typeof documentReference !== "string")
      throw new OfficeError("InvalidArgument", "a hyperlink needs an address or a documentReference");
    this.forEachCell(rect, "hyperlink", (r, c) => sheet.hyperlinks.set(key(r, c), { ...h }));
    if (typeof textToDisplay === "string") this.setContents(sheet, rect, textToDisplay, "hyperlink");
  }

  hyperlink(sheet: Sheet, row: number, col: number): Record<string, unknown> | null {
    return sheet.hyperlinks.get(key(row, col)) ?? null;
  }

  setNumberFormat(sheet: Sheet, rect: Rect, input: unknown): void {
    this.ensureSize(rect);
    this.checkFormattable(sheet, rect);
    const rows = rectRows(rect);
    const cols = rectCols(rect);
    if (
      Array.isArray(input) &&
      (input.length !== rows || input.some((row) => !Array.isArray(row) || row.length !== cols))
    )
      throw new OfficeError("InvalidArgument", `numberFormat: the input array is not ${rows}×${cols}`);
    this.forEachCell(rect, "numberFormat", (r, c) => {
      const v = Array.isArray(input) ? (input[r - rect.r1] as unknown[])[c - rect.c1] : input;
      if (v === null || v === undefined) return;
      if (typeof v !== "string") throw new OfficeError("InvalidArgument", "numberFormat must be text");
      this.mutateFormat(sheet, r, c, (f) => (f.numberFormat = v));
    });
  }

  /** Sets one format property on every cell of the rectangle. */
  setFormat(sheet: Sheet, rect: Rect, patch: (f: CellFormat, row: number, col: number) => void, what: string): void {
    this.ensureSize(rect);
    this.checkFormattable(sheet, rect);
    this.forEachCell(rect, what, (r, c) => this.mutateFormat(sheet, r, c, (f) => patch(f, r, c)));
  }

  /** One format property over a rectangle: the common value, or null when the cells differ (as Excel answers). */
  readFormat<T>(sheet: Sheet, rect: Rect, read: (f: CellFormat, row: number, col: number) => T): T | null {
    const big = rectCells(rect) > MAX_CELL_OPERATION;
    const r2 = big ? Math.min(rect.r2, 65535) : rect.r2;
    let first: T | undefined;
    let same = true;
    for (let r = rect.r1; r <= r2 && same; r++) {
      for (let c = rect.c1; c <= rect.c2; c++) {
        const v = read(this.format(sheet, r, c), r, c);
        if (first === undefined) first = v;
        else if (JSON.stringify(first) !== JSON.stringify(v)) {
          same = false;
          break;
        }
      }
    }
    return same ? (first as T) : null;
  }

  clear(sheet: Sheet, rect: Rect, applyTo: string): void {
    const contents = applyTo === "All" || applyTo === "Contents";
    const formats = applyTo === "All" || applyTo === "Formats";
    if (!contents && !formats) notImplemented(`Range.clear("${applyTo}")`);
    if (contents) {
      this.checkWritable(sheet, rect);
      const r = { ...rect, r2: Math.min(rect.r2, 65535) };
      if (this.hf.getSheetDimensions(sheet.hfId).height > 0) {
        const dims = this.hf.getSheetDimensions(sheet.hfId);
        const clipped = intersect(r, {
          r1: 0,
          c1: 0,
          r2: Math.max(0, dims.height - 1),
          c2: Math.max(0, dims.width - 1),
        });
        if (clipped) {
          const empty = Array.from({ length: rectRows(clipped) }, () =>
            Array.from({ length: rectCols(clipped) }, () => null),
          );
          this.hf.setCellContents({ sheet: sheet.hfId, row: clipped.r1, col: clipped.c1 }, empty);
          for (const k of [...sheet.formulaTexts.keys()]) {
            const { row, col } = unkey(k);
            if (containsCell(clipped, row, col)) sheet.formulaTexts.delete(k);
          }
        }
      }
      this.changed(sheet, rect);
    }
    if (formats) {
      for (const k of [...sheet.formats.keys()]) {
        const { row, col } = unkey(k);
        if (containsCell(rect, row, col)) sheet.formats.delete(k);
      }
      sheet.merges = sheet.merges.filter((m) => !intersect(m, rect));
      sheet.conditionalFormats = sheet.conditionalFormats.filter((cf) => !contains(rect, cf.rect));
      if (applyTo === "All") {
        for (const k of [...sheet.hyperlinks.keys()]) {
          const { row, col } = unkey(k);
          if (containsCell(rect, row, col)) sheet.hyperlinks.delete(k);
        }
      }
      if (applyTo === "All") sheet.validations = sheet.validations.filter((v) => !contains(rect, v.rect));
    }
  }

  // ----- merges -----

  merge(sheet: Sheet, rect: Rect, across: boolean): void {
    const areas: Rect[] = across
      ? Array.from({ length: rectRows(rect) }, (_, i) => ({ ...rect, r1: rect.r1 + i, r2: rect.r1 + i }))
      : [rect];
    for (const area of areas) {
      if (rectCells(area) === 1) continue;
      // Excel merges the union with any merge it overlaps, and keeps only the top-left value.
      let united = area;
      for (const m of sheet.merges) {
        if (intersect(m, united)) {
          united = {
            r1: Math.min(m.r1, united.r1),
            c1: Math.min(m.c1, united.c1),
            r2: Math.max(m.r2, united.r2),
            c2: Math.max(m.c2, united.c2),
          };
        }
      }
      sheet.merges = sheet.merges.filter((m) => !intersect(m, united));
      let cleared = false;
      for (let r = united.r1; r <= united.r2; r++) {
        for (let c = united.c1; c <= united.c2; c++) {
          if (r === united.r1 && c === united.c1) continue;
          if (
            this.valueType(sheet, r, c) !== "Empty" ||
            this.hf.doesCellHaveFormula({ sheet: sheet.hfId, row: r, col: c })
          ) {
            this.hf.setCellContents({ sheet: sheet.hfId, row: r, col: c }, null);
            sheet.formulaTexts.delete(key(r, c));
            cleared = true;
          }
        }
      }
      if (cleared) this.changed(sheet, united);
      sheet.merges.push(united);
    }
  }

  unmerge(sheet: Sheet, rect: Rect): void {
    sheet.merges = sheet.merges.filter((m) => !intersect(m, rect));
  }

  mergedAreas(sheet: Sheet, rect: Rect): Rect[] {
    return sheet.merges.filter((m) => intersect(m, rect)).sort((a, b) => a.r1 - b.r1 || a.c1 - b.c1);
  }

  // ----- used range -----

  /** The bounding box of cells with values (or also formats, unless `valuesOnly`); null when none. */
  usedRect(sheet: Sheet, valuesOnly: boolean): Rect | null {
    let r1 = Infinity;
    let c1 = Infinity;
    let r2 = -1;
    let c2 = -1;
    const take = (row: number, col: number): void => {
      r1 = Math.min(r1, row);
      c1 = Math.min(c1, col);
      r2 = Math.max(r2, row);
      c2 = Math.max(c2, col);
    };
    const dims = this.hf.getSheetDimensions(sheet.hfId);
    if (dims.height > 0 && dims.width > 0) {
      const serialized = this.hf.getSheetSerialized(sheet.hfId);
      serialized.forEach((row, r) =>
        row.forEach((cell, c) => {
          if (cell !== null && cell !== undefined && cell !== "") take(r, c);
        }),
      );
    }
    if (!valuesOnly) {
      for (const k of sheet.formats.keys()) {
        const { row, col } = unkey(k);
        take(row, col);
      }
      for (const m of sheet.merges) {
        take(m.r1, m.c1);
        take(m.r2, m.c2);
      }
    }
    return r2 < 0 ? null : { r1, c1, r2, c2 };
  }

  // ----- rows and columns -----

  /** Inserts (count > 0) or deletes (count < 0) entire rows or columns, moving everything after them. */
  insertDelete(sheet: Sheet, axis: Axis, at: number, count: number): void {
    this.checkWritable(
      sheet,
      axis === "rows" ? { r1: at, r2: at, c1: 0, c2: MAX_COLS - 1 } : { r1: 0, r2: MAX_ROWS - 1, c1: at, c2: at },
    );
    if (axis === "rows") {
      if (count > 0) this.hf.addRows(sheet.hfId, [at, count]);
      else this.hf.removeRows(sheet.hfId, [at, -count]);
    } else if (count > 0) this.hf.addColumns(sheet.hfId, [at, count]);
    else this.hf.removeColumns(sheet.hfId, [at, -count]);
    shiftKeyed(sheet.formats, axis, at, count);
    shiftKeyed(sheet.formulaTexts, axis, at, count);
    shiftKeyed(sheet.hyperlinks, axis, at, count);
    if (axis === "rows") {
      shiftLines(sheet.rowHeights, at, count);
      shiftSet(sheet.hiddenRows, at, count);
    } else {
      shiftLines(sheet.colWidths, at, count);
      shiftSet(sheet.hiddenCols, at, count);
    }
    sheet.merges = sheet.merges
      .map((m) => shiftRect(m, axis, at, count))
      .filter((m): m is Rect => m !== null && rectCells(m) > 1);
    sheet.validations = sheet.validations
      .map((v) => ({ ...v, rect: shiftRect(v.rect, axis, at, count) }))
      .filter((v): v is Validation => v.rect !== null);
    sheet.conditionalFormats = sheet.conditionalFormats
      .map((cf) => ({ ...cf, rect: shiftRect(cf.rect, axis, at, count) }))
      .filter((cf): cf is ConditionalFormat => cf.rect !== null);
    for (const n of this.names) {
      if (n.target?.sheetId !== sheet.id) continue;
      const moved = shiftRect(n.target.rect, axis, at, count);
      if (moved) n.target = { sheetId: sheet.id, rect: moved };
      else this.breakName(n);
    }
    const rect: Rect =
      axis === "rows"
        ? { r1: at, r2: at + Math.abs(count) - 1, c1: 0, c2: MAX_COLS - 1 }
        : { r1: 0, r2: MAX_ROWS - 1, c1: at, c2: at + Math.abs(count) - 1 };
    const type =
      axis === "rows" ? (count > 0 ? "RowInserted" : "RowDeleted") : count > 0 ? "ColumnInserted" : "ColumnDeleted";
    this.changed(sheet, rect, type);
  }

  setColumnWidth(sheet: Sheet, rect: Rect, points: number): void {
    for (let c = rect.c1; c <= rect.c2; c++) sheet.colWidths.set(c, points);
  }

  setRowHeight(sheet: Sheet, rect: Rect, points: number): void {
    if (rectRows(rect) > MAX_CELL_OPERATION) notImplemented("rowHeight on every row");
    for (let r = rect.r1; r <= rect.r2; r++) sheet.rowHeights.set(r, points);
  }

  setHidden(sheet: Sheet, rect: Rect, axis: Axis, hidden: boolean): void {
    const set = axis === "columns" ? sheet.hiddenCols : sheet.hiddenRows;
    const [a, b] = axis === "columns" ? [rect.c1, rect.c2] : [rect.r1, rect.r2];
    if (b - a + 1 > MAX_CELL_OPERATION) notImplemented("hiding every row");
    for (let i = a; i <= b; i++) {
      if (hidden) set.add(i);
      else set.delete(i);
    }
  }

  // ----- copy -----

  /**
   * Range.copyFrom: contents with their relative references moved (HyperFormula's clipboard), and for
   * "All"/"Formats" the formats, merges, validation and conditional formats of the source.
   */
  copy(
    fromSheet: Sheet,
    from: Rect,
    toSheet: Sheet,
    to: Rect,
    copyType: string,
    skipBlanks: boolean,
    transpose: boolean,
  ): void {
    if (skipBlanks || transpose) notImplemented("Range.copyFrom with skipBlanks or transpose");
    if (!["All", "Formulas", "Values", "Formats"].includes(copyType)) notImplemented(`Range.copyFrom("${copyType}")`);
    const rows = rectRows(from);
    const cols = rectCols(from);
    const fits = (rectRows(to) === rows && rectCols(to) === cols) || rectCells(to) === 1;
    if (!fits) notImplemented("Range.copyFrom into a destination of another size (tiling)");
    this.ensureSize(from);
    const dest: Rect = { r1: to.r1, c1: to.c1, r2: to.r1 + rows - 1, c2: to.c1 + cols - 1 };
    this.ensureSize(dest);
    this.checkWritable(toSheet, dest);
    if (copyType === "All" || copyType === "Formulas") {
      this.hf.copy({
        start: { sheet: fromSheet.hfId, row: from.r1, col: from.c1 },
        end: { sheet: fromSheet.hfId, row: from.r2, col: from.c2 },
      });
      this.hf.paste({ sheet: toSheet.hfId, row: dest.r1, col: dest.c1 });
      this.hf.clearClipboard();
      for (let r = 0; r < rows; r++)
        for (let c = 0; c < cols; c++) toSheet.formulaTexts.delete(key(dest.r1 + r, dest.c1 + c));
    } else if (copyType === "Values") {
      const values = Array.from({ length: rows }, (_, r) =>
        Array.from({ length: cols }, (_, c) => {
          const v = this.value(fromSheet, from.r1 + r, from.c1 + c);
          return typeof v === "string" && v !== "" ? `'${v}` : v === "" ? null : v;
        }),
      );
      this.hf.setCellContents({ sheet: toSheet.hfId, row: dest.r1, col: dest.c1 }, values);
      for (let r = 0; r < rows; r++)
        for (let c = 0; c < cols; c++) toSheet.formulaTexts.delete(key(dest.r1 + r, dest.c1 + c));
    }
    if (copyType === "All" || copyType === "Formats") {
      const dr = dest.r1 - from.r1;
      const dc = dest.c1 - from.c1;
      const formats: [number, CellFormat][] = [];
      for (let r = from.r1; r <= from.r2; r++) {
        for (let c = from.c1; c <= from.c2; c++) {
          const f = fromSheet.formats.get(key(r, c));
          formats.push([key(r + dr, c + dc), f ? structuredClone(f) : {}]);
        }
      }
      for (const [k, f] of formats) toSheet.formats.set(k, f);
      const moved = (r: Rect): Rect => ({ r1: r.r1 + dr, c1: r.c1 + dc, r2: r.r2 + dr, c2: r.c2 + dc });
      for (const m of fromSheet.merges.filter((m) => contains(from, m))) this.merge(toSheet, moved(m), false);
      for (const v of fromSheet.validations) {
        const part = intersect(v.rect, from);
        if (part) toSheet.validations.push({ ...structuredClone(v), rect: moved(part) });
      }
      for (const cf of fromSheet.conditionalFormats) {
        const part = intersect(cf.rect, from);
        if (part) {
          // The formula is written for the format's top-left cell: moved to the copy's top-left, as Excel moves it.
          const rect = moved(part);
          const formula = cf.formula === null ? null : this.movedFormula(cf.formula, cf.rect, rect);
          toSheet.conditionalFormats.push({ ...cf, id: this.nextCfId++, rect, formula });
        }
      }
    }
    if (copyType !== "Formats") this.changed(toSheet, dest);
  }

  // ----- validation and conditional formats -----

  /** The validation entry for exactly this rectangle, made when first touched. */
  validationFor(sheet: Sheet, rect: Rect): Validation {
    let v = sheet.validations.find((x) => JSON.stringify(x.rect) === JSON.stringify(rect));
    if (!v) {
      // A new rule replaces the rules of the cells it covers.
      sheet.validations = sheet.validations.filter((x) => !contains(rect, x.rect));
      v = { rect, rule: null, errorAlert: null, prompt: null, ignoreBlanks: true };
      sheet.validations.push(v);
    }
    return v;
  }

  /** The validation that applies to the top-left cell of the rectangle, if any. */
  validationAt(sheet: Sheet, rect: Rect): Validation | null {
    for (let i = sheet.validations.length - 1; i >= 0; i--) {
      if (containsCell(sheet.validations[i].rect, rect.r1, rect.c1)) return sheet.validations[i];
    }
    return null;
  }

  clearValidation(sheet: Sheet, rect: Rect): void {
    sheet.validations = sheet.validations.filter((v) => !intersect(v.rect, rect));
  }

  addConditionalFormat(sheet: Sheet, rect: Rect, type: string): ConditionalFormat {
    if (type !== "Custom") notImplemented(`conditionalFormats.add("${type}")`);
    const cf: ConditionalFormat = {
      id: this.nextCfId++,
      rect,
      type,
      formula: null,
      fill: null,
      fontColor: null,
      fontBold: null,
      stopIfTrue: false,
    };
    sheet.conditionalFormats.push(cf);
    return cf;
  }

  private scratchSheet(): number {
    const scratchName = "__fake_scratch__";
    if (!this.hf.doesSheetExist(scratchName)) this.hf.addSheet(scratchName);
    return this.hf.getSheetId(scratchName) as number;
  }

  /** A formula written for `from`'s top-left cell, with its relative references moved to `to`'s. */
  movedFormula(formula: string, from: Rect, to: Rect): string {
    if (from.r1 === to.r1 && from.c1 === to.c1) return formula;
    const scratch = this.scratchSheet();
    const text = formula.startsWith("=") ? formula : `=${formula}`;
    this.hf.setCellContents({ sheet: scratch, row: from.r1, col: from.c1 }, text);
    this.hf.copy({
      start: { sheet: scratch, row: from.r1, col: from.c1 },
      end: { sheet: scratch, row: from.r1, col: from.c1 },
    });
    this.hf.paste({ sheet: scratch, row: to.r1, col: to.c1 });
    this.hf.clearClipboard();
    const moved = this.hf.getCellFormula({ sheet: scratch, row: to.r1, col: to.c1 }) ?? text;
    this.hf.setCellContents({ sheet: scratch, row: from.r1, col: from.c1 }, null);
    this.hf.setCellContents({ sheet: scratch, row: to.r1, col: to.c1 }, null);
    return formula.startsWith("=") ? moved : moved.replace(/^=/, "");
  }

  /**
   * Whether a custom conditional format applies to a cell: its formula, written for the top-left cell,
   * moved to the cell and computed on a scratch sheet. For tests that check what the user sees.
   */
  conditionalFormatApplies(sheet: Sheet, cf: ConditionalFormat, row: number, col: number): boolean {
    if (!cf.formula) return false;
    const scratch = this.scratchSheet();
    // Put the formula at the CF's top-left on a copy of the reference frame, then move it by copy/paste.
    const anchor = { sheet: sheet.hfId, row: cf.rect.r1, col: cf.rect.c1 };
    const qualified = cf.formula.replace(
      /(^|[^A-Za-z0-9_!$'"])(\$?[A-Z]{1,3}\$?\d+)(?![\w(!])/g,
      (m, pre: string, ref: string) => `${pre}'${sheet.name.replace(/'/g, "''")}'!${ref}`,
    );
    this.hf.setCellContents({ sheet: scratch, row: anchor.row, col: anchor.col }, qualified);
    this.hf.copy({
      start: { sheet: scratch, row: anchor.row, col: anchor.col },
      end: { sheet: scratch, row: anchor.row, col: anchor.col },
    });
    this.hf.paste({ sheet: scratch, row, col });
    const v = this.hf.getCellValue({ sheet: scratch, row, col });
    this.hf.setCellContents({ sheet: scratch, row: anchor.row, col: anchor.col }, null);
    this.hf.setCellContents({ sheet: scratch, row, col }, null);
    return v === true || (typeof v === "number" && v !== 0);
  }

  // ----- names -----

  private hfNameScope(entry: NameEntry): number | undefined {
    return entry.scopeId === null ? undefined : this.sheetById(entry.scopeId)?.hfId;
  }

  nameFormula(entry: NameEntry): string {
    if (entry.target) {
      const sheet = this.sheetById(entry.target.sheetId);
      if (sheet) return nameFormula(sheet.name, entry.target.rect);
    }
    return entry.formula ?? "=#REF!";
  }

  private breakName(entry: NameEntry): void {
    entry.target = null;
    entry.formula = "=#REF!";
  }

  /** Adds a name for a range (`target`) or a formula; the name is also given to HyperFormula when it accepts it. */
  addName(
    name: string,
    scopeId: string | null,
    target: NameEntry["target"],
    formula: string | null,
    comment = "",
  ): NameEntry {
    checkDefinedName(name);
    const lower = name.toLowerCase();
    if (this.names.some((n) => n.scopeId === scopeId && n.name.toLowerCase() === lower))
      throw new OfficeError("ItemAlreadyExists", `name ${JSON.stringify(name)}`);
    const entry: NameEntry = { name, target, formula, comment, visible: true, scopeId };
    if (formula !== null && target === null) {
      const local = splitSheet(formula);
      const rect = local.sheet !== null ? parseLocal(local.local) : null;
      const sheet = local.sheet !== null ? this.sheetByName(local.sheet) : undefined;
      if (rect && sheet) {
        entry.target = { sheetId: sheet.id, rect };
        entry.formula = null;
      }
    }
    this.names.push(entry);
    try {
      this.hf.addNamedExpression(name, this.nameFormula(entry), this.hfNameScope(entry));
    } catch {
      // HyperFormula refuses some names Excel takes (非 ASCII ones); formulas using them compute #NAME?.
    }
    return entry;
  }

  /** NamedItem.formula = "=Sheet!$A$1:$B$2" (or a constant formula). */
  setNameFormula(entry: NameEntry, formula: string): void {
    const text = formula.startsWith("=") ? formula : `=${formula}`;
    const local = splitSheet(text);
    const rect = local.sheet !== null ? parseLocal(local.local) : null;
    const sheet = local.sheet !== null ? this.sheetByName(local.sheet) : undefined;
    if (local.sheet !== null && (!rect || !sheet)) throw new OfficeError("InvalidArgument", `name formula ${formula}`);
    entry.target = rect && sheet ? { sheetId: sheet.id, rect } : null;
    entry.formula = entry.target ? null : text;
    try {
      this.hf.changeNamedExpression(entry.name, this.nameFormula(entry), this.hfNameScope(entry));
    } catch {
      // Not known to HyperFormula (see addName).
    }
  }

  deleteName(entry: NameEntry): void {
    this.names.splice(this.names.indexOf(entry), 1);
    try {
      this.hf.removeNamedExpression(entry.name, this.hfNameScope(entry));
    } catch {
      // Not known to HyperFormula.
    }
  }

  namesIn(scopeId: string | null): NameEntry[] {
    return this.names.filter((n) => n.scopeId === scopeId);
  }

  // ----- the test's side: a user at the keyboard -----

  /** Types into a cell as a user does: parsed like typing, with a change event from "Unknown". */
  typeInto(sheetName: string, address: string, value: string | number | boolean | null): void {
    const sheet = this.sheet(sheetName);
    const rect = parseLocal(address);
    if (!rect) throw new Error(`FakeExcel: not a range address: ${address}`);
    if (this.addinWriting) throw new Error("FakeExcel: typeInto during a sync");
    const v = value === null ? "" : value;
    this.setContents(sheet, rect, rectCells(rect) === 1 ? [[v]] : v, "typing");
  }

  // ----- inspection (for tests; no API counterpart) -----

  cell(sheetName: string, address: string): CellView {
    const sheet = this.sheet(sheetName);
    const rect = parseLocal(address);
    if (!rect) throw new Error(`FakeExcel: not a cell address: ${address}`);
    const { r1: row, c1: col } = rect;
    const f = this.formula(sheet, row, col);
    return {
      value: this.value(sheet, row, col),
      formula:
        typeof f === "string" && f.startsWith("=") && this.hf.doesCellHaveFormula({ sheet: sheet.hfId, row, col })
          ? f
          : null,
      numberFormat: this.numberFormat(sheet, row, col),
      text: this.text(sheet, row, col),
      valueType: this.valueType(sheet, row, col),
      quotePrefix: this.quotePrefix(sheet, row, col),
    };
  }

  /** Computed values of a rectangle, "" for empty. */
  values(sheetName: string, address: string): (string | number | boolean)[][] {
    const sheet = this.sheet(sheetName);
    const rect = parseLocal(address);
    if (!rect) throw new Error(`FakeExcel: not a range address: ${address}`);
    return Array.from({ length: rectRows(rect) }, (_, r) =>
      Array.from({ length: rectCols(rect) }, (_, c) => this.value(sheet, rect.r1 + r, rect.c1 + c)),
    );
  }

  /** Every formula of a sheet by address: `{ G10: "=ROUND(…)" }`. */
  formulas(sheetName: string): Record<string, string> {
    const sheet = this.sheet(sheetName);
    const out: Record<string, string> = {};
    const used = this.usedRect(sheet, true);
    if (!used) return out;
    for (let r = used.r1; r <= used.r2; r++) {
      for (let c = used.c1; c <= used.c2; c++) {
        if (this.hf.doesCellHaveFormula({ sheet: sheet.hfId, row: r, col: c }))
          out[localAddress({ r1: r, c1: c, r2: r, c2: c })] = this.formula(sheet, r, c) as string;
      }
    }
    return out;
  }

  sheetNames(): string[] {
    return this.sheets.map((s) => s.name);
  }

  /** The selected range as `Sheet!A1` (the sheet name unquoted). */
  selectedAddress(): string {
    const sheet = this.sheet(this.selection.sheetId);
    return `${sheet.name}!${localAddress(this.selection.rect)}`;
  }

  mergesOf(sheetName: string): string[] {
    return this.sheet(sheetName).merges.map((m) => localAddress(m));
  }

  definedNames(): { name: string; formula: string; scope: string | null }[] {
    return this.names.map((n) => ({
      name: n.name,
      formula: this.nameFormula(n),
      scope: n.scopeId === null ? null : (this.sheetById(n.scopeId)?.name ?? null),
    }));
  }

  /** The cells of a sheet a conditional format highlights, by address, with the format's fill. */
  highlighted(sheetName: string): Record<string, string> {
    const sheet = this.sheet(sheetName);
    const out: Record<string, string> = {};
    for (const cf of sheet.conditionalFormats) {
      for (let r = cf.rect.r1; r <= cf.rect.r2; r++) {
        for (let c = cf.rect.c1; c <= cf.rect.c2; c++) {
          const address = localAddress({ r1: r, c1: c, r2: r, c2: c });
          if (out[address] === undefined && this.conditionalFormatApplies(sheet, cf, r, c))
            out[address] = cf.fill ?? "";
        }
      }
    }
    return out;
  }
}

export { NotImplementedError };
