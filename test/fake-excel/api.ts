/**
 * The Excel JS API types the stand-in emulates, described as data for proxy.ts: each type's
 * properties (getters answer from the workbook at load time; setters are queued writes), navigation
 * properties, methods and events. Only what the add-in uses, and a little around it; the rest throws
 * "FakeExcel: not implemented". ExcelApi versions (`since`) are checked against the host's, so a test
 * can run the add-in on an older Excel.
 */
import {
  MAX_COLS,
  MAX_ROWS,
  intersect,
  isEntireColumns,
  isEntireRows,
  localAddress,
  parseLocal,
  rectCells,
  rectCols,
  rectRows,
  sheetAddress,
  splitSheet,
  type Rect,
} from "./address";
import { OfficeError, notImplemented } from "./errors";
import {
  Core,
  FakeRequestContext,
  NULL,
  defineType,
  typeSpec,
  type EventSpec,
  type Host,
  type MethodCall,
} from "./proxy";
import {
  DEFAULT_COLUMN_WIDTH,
  DEFAULT_FORMAT,
  DEFAULT_ROW_HEIGHT,
  type BorderEdge,
  type BorderFormat,
  type CellFormat,
  type ConditionalFormat,
  type FakeWorkbook,
  type NameEntry,
  Sheet,
  type WorkbookEvent,
} from "./workbook";

interface RangeT {
  readonly sheet: Sheet;
  readonly rect: Rect;
}
interface BorderT extends RangeT {
  readonly edge: string;
}
interface NamesT {
  readonly scope: Sheet | null;
}
interface CfT {
  readonly sheet: Sheet;
  readonly cf: ConditionalFormat;
}
interface AreasT {
  readonly sheet: Sheet;
  readonly rects: readonly Rect[];
}

/** Above this many cells a load fails, as Excel's response size limit makes it fail. */
const MAX_LOAD_CELLS = 1_000_000;

const wb = (host: Host): FakeWorkbook => host.workbook;

function liveSheet(sheet: Sheet, host: Host): void {
  if (!wb(host).sheets.includes(sheet))
    throw new OfficeError("ItemNotFound", `the worksheet ${sheet.name} was deleted`);
}

const rangeLabel = (t: RangeT): string => `Range(${sheetAddress(t.sheet.name, t.rect)})`;

/** A range address given to a worksheet: local, sheet-qualified (same sheet), or a defined name. */
function rectOf(sheet: Sheet, address: string, host: Host): Rect {
  const { sheet: named, local } = splitSheet(address);
  if (named !== null && named.toLowerCase() !== sheet.name.toLowerCase())
    throw new OfficeError("InvalidArgument", `${address} is not on ${sheet.name}`);
  const rect = parseLocal(local);
  if (rect) return rect;
  const lower = local.toLowerCase();
  const name =
    wb(host).names.find((n) => n.scopeId === sheet.id && n.name.toLowerCase() === lower) ??
    wb(host).names.find((n) => n.scopeId === null && n.name.toLowerCase() === lower);
  if (name?.target && name.target.sheetId === sheet.id) return name.target.rect;
  if (local.includes(",")) notImplemented(`getRange("${address}"): several areas (use getRanges)`);
  throw new OfficeError("InvalidArgument", `getRange("${address}")`);
}

/** A rectangle moved/resized, refused when it leaves the grid. */
function checked(r: Rect): Rect {
  if (r.r1 < 0 || r.c1 < 0 || r.r2 >= MAX_ROWS || r.c2 >= MAX_COLS || r.r2 < r.r1 || r.c2 < r.c1)
    throw new OfficeError("InvalidArgument", "the range would leave the sheet");
  return r;
}

function grid<T>(t: RangeT, host: Host, cell: (row: number, col: number) => T): T[][] {
  if (rectCells(t.rect) > MAX_LOAD_CELLS)
    throw new OfficeError("ResponsePayloadSizeLimitExceeded", `${rectCells(t.rect)} cells of ${localAddress(t.rect)}`);
  return Array.from({ length: rectRows(t.rect) }, (_, r) =>
    Array.from({ length: rectCols(t.rect) }, (_, c) => cell(t.rect.r1 + r, t.rect.c1 + c)),
  );
}

/** A format property read/written on every cell of the range. */
function cellFormatProp<K extends keyof CellFormat>(
  field: K,
  fallback: NonNullable<CellFormat[K]>,
  normalize: (v: unknown) => CellFormat[K] = (v) => v as CellFormat[K],
) {
  return {
    get: (t: RangeT, host: Host) => wb(host).readFormat(t.sheet, t.rect, (f) => f[field] ?? fallback),
    set: (t: RangeT, value: unknown, host: Host) =>
      wb(host).setFormat(t.sheet, t.rect, (f) => (f[field] = normalize(value)), String(field)),
  };
}

const color = (v: unknown): string => {
  if (typeof v !== "string") throw new OfficeError("InvalidArgument", "a color is text");
  return /^#[0-9a-f]{6}$/i.test(v) ? v.toUpperCase() : v;
};

function changedArgs(t: unknown, event: WorkbookEvent, host: Host): Record<string, unknown> {
  if (event.kind !== "changed") throw new Error("FakeExcel internal: not a change");
  const { change } = event;
  const args: Record<string, unknown> = {
    type: "WorksheetChanged",
    source: "Local",
    changeType: change.changeType,
    address: localAddress(change.rect),
    worksheetId: change.sheet.id,
    getRange: (ctx: FakeRequestContext) => rangeProxy(ctx, change.sheet, change.rect),
    getRangeOrNullObject: (ctx: FakeRequestContext) => rangeProxy(ctx, change.sheet, change.rect),
  };
  if (host.excelApi && versionAtLeastSafe(host, "1.14")) args.triggerSource = change.triggerSource;
  if (change.details && versionAtLeastSafe(host, "1.12")) args.details = change.details;
  void t;
  return args;
}

function versionAtLeastSafe(host: Host, need: string): boolean {
  const a = host.excelApi.split(".").map(Number);
  const b = need.split(".").map(Number);
  return a[0] > b[0] || (a[0] === b[0] && (a[1] ?? 0) >= (b[1] ?? 0));
}

/** A Range proxy for an event's getRange(context). */
function rangeProxy(ctx: FakeRequestContext, sheet: Sheet, rect: Rect): Excel.Range {
  const core = new Core(ctx, typeSpec("Range"), null);
  core.target = { sheet, rect } satisfies RangeT;
  return core.proxy as Excel.Range;
}

const sheetEvents = (scope: "sheet" | "all"): Record<string, EventSpec> => {
  const onSheet = (t: Sheet | FakeWorkbook, sheet: Sheet): boolean => scope === "all" || t === sheet;
  const events: Record<string, EventSpec> = {
    onChanged: {
      since: "1.7",
      filter: (t: Sheet | FakeWorkbook, e) => e.kind === "changed" && onSheet(t, e.change.sheet),
      args: (t, e, host) => changedArgs(t, e, host),
    },
    onActivated: {
      since: "1.7",
      filter: (t: Sheet | FakeWorkbook, e) => e.kind === "activated" && onSheet(t, e.sheet),
      args: (_t, e) => ({ type: "WorksheetActivated", worksheetId: e.kind === "activated" ? e.sheet.id : "" }),
    },
    onDeactivated: {
      since: "1.7",
      filter: (t: Sheet | FakeWorkbook, e) => e.kind === "deactivated" && onSheet(t, e.sheet),
      args: (_t, e) => ({ type: "WorksheetDeactivated", worksheetId: e.kind === "deactivated" ? e.sheet.id : "" }),
    },
    onSelectionChanged: {
      since: "1.7",
      filter: (t: Sheet | FakeWorkbook, e) => e.kind === "selectionChanged" && onSheet(t, e.sheet),
      args: (_t, e) =>
        e.kind === "selectionChanged"
          ? { type: "WorksheetSelectionChanged", address: localAddress(e.rect), worksheetId: e.sheet.id }
          : {},
    },
  };
  if (scope === "all") {
    events.onAdded = {
      since: "1.7",
      filter: (_t, e) => e.kind === "added",
      args: (_t, e) => (e.kind === "added" ? { type: "WorksheetAdded", source: "Local", worksheetId: e.sheet.id } : {}),
    };
    events.onDeleted = {
      since: "1.7",
      filter: (_t, e) => e.kind === "deleted",
      args: (_t, e) =>
        e.kind === "deleted" ? { type: "WorksheetDeleted", source: "Local", worksheetId: e.sheetId } : {},
    };
  }
  return events;
};

/** Range arguments: a Range of the same context, or an address on the same sheet. */
function rangeArg(m: MethodCall, t: RangeT, arg: unknown, what: string): RangeT {
  if (typeof arg === "string") return { sheet: t.sheet, rect: rectOf(t.sheet, arg, m.host) };
  const core = m.argument(arg, what);
  const target = core.resolve();
  if (target === NULL) throw new OfficeError("ItemNotFound", `${what} is a null object`);
  return target as RangeT;
}

function usedWithin(host: Host, t: RangeT, valuesOnly: unknown): Rect | null {
  const used = wb(host).usedRect(t.sheet, valuesOnly === true);
  return used ? intersect(used, t.rect) : null;
}

const BORDER_EDGES: Record<string, (r: Rect) => [Rect, BorderEdge][]> = {
  EdgeTop: (r) => [[{ ...r, r2: r.r1 }, "top"]],
  EdgeBottom: (r) => [[{ ...r, r1: r.r2 }, "bottom"]],
  EdgeLeft: (r) => [[{ ...r, c2: r.c1 }, "left"]],
  EdgeRight: (r) => [[{ ...r, c1: r.c2 }, "right"]],
  InsideHorizontal: (r) =>
    r.r2 > r.r1
      ? [
          [{ ...r, r2: r.r2 - 1 }, "bottom"],
          [{ ...r, r1: r.r1 + 1 }, "top"],
        ]
      : [],
  InsideVertical: (r) =>
    r.c2 > r.c1
      ? [
          [{ ...r, c2: r.c2 - 1 }, "right"],
          [{ ...r, c1: r.c1 + 1 }, "left"],
        ]
      : [],
};

const DEFAULT_BORDER: BorderFormat = { style: "None", weight: "Thin", color: "#000000" };

function borderProp(field: keyof BorderFormat, normalize: (v: unknown) => string = (v) => String(v)) {
  return {
    get: (t: BorderT, host: Host) => {
      const parts = BORDER_EDGES[t.edge](t.rect);
      if (parts.length === 0) return DEFAULT_BORDER[field];
      const [rect, side] = parts[0];
      return wb(host).readFormat(t.sheet, rect, (f) => (f.borders?.[side] ?? DEFAULT_BORDER)[field]);
    },
    set: (t: BorderT, value: unknown, host: Host) => {
      for (const [rect, side] of BORDER_EDGES[t.edge](t.rect)) {
        wb(host).setFormat(
          t.sheet,
          rect,
          (f) => {
            const borders = { ...(f.borders ?? {}) };
            borders[side] = { ...(borders[side] ?? DEFAULT_BORDER), [field]: normalize(value) };
            f.borders = borders;
          },
          `border ${t.edge}`,
        );
      }
    },
  };
}

function cfFormatProp(field: "fill" | "fontColor" | "fontBold") {
  return {
    get: (t: CfT) => t.cf[field],
    set: (t: CfT, value: unknown) => {
      (t.cf as unknown as Record<string, unknown>)[field] = field === "fontBold" ? Boolean(value) : color(value);
    },
  };
}

const nameType = (n: NameEntry): string => (n.target ? "Range" : n.formula === "=#REF!" ? "Error" : "String");

let defined = false;

/** Registers the API's types with proxy.ts (once). */
export function defineExcelTypes(): void {
  if (defined) return;
  defined = true;

  defineType({
    name: "Workbook",
    describe: () => "Workbook",
    props: {
      name: { get: () => "Book1.xlsx" },
      readOnly: { get: () => false },
    },
    nav: {
      worksheets: { type: "WorksheetCollection", derive: (t: FakeWorkbook) => t },
      names: { type: "NamedItemCollection", derive: () => ({ scope: null }) satisfies NamesT },
      application: { type: "Application", derive: (t: FakeWorkbook) => t },
    },
    methods: {
      getSelectedRange: (m: MethodCall) =>
        m.child("Range", (t: FakeWorkbook) => ({ sheet: t.sheet(t.selection.sheetId), rect: t.selection.rect })),
      getActiveCell: (m: MethodCall) =>
        m.child("Range", (t: FakeWorkbook) => {
          const r = t.selection.rect;
          return { sheet: t.sheet(t.selection.sheetId), rect: { r1: r.r1, c1: r.c1, r2: r.r1, c2: r.c1 } };
        }),
    },
  });

  defineType({
    name: "Application",
    props: { calculationMode: { get: () => "Automatic" } },
    methods: {
      calculate: (m: MethodCall) => m.other(() => undefined),
      suspendApiCalculationUntilNextSync: (m: MethodCall) => m.other(() => undefined),
      suspendScreenUpdatingUntilNextSync: (m: MethodCall) => m.other(() => undefined),
    },
  });

  defineType({
    name: "WorksheetCollection",
    describe: () => "Worksheets",
    props: {},
    collection: { itemType: "Worksheet", items: (t: FakeWorkbook) => [...t.sheets] },
    methods: {
      add: (m: MethodCall, name?: string) =>
        m.child("Worksheet", (t: FakeWorkbook) => t.addSheet(name), { write: `add(${name ?? ""})` }),
      getItem: (m: MethodCall, key: string) => m.child("Worksheet", (t: FakeWorkbook) => t.sheet(key)),
      getItemOrNullObject: (m: MethodCall, key: string) =>
        m.child("Worksheet", (t: FakeWorkbook) => t.sheetByName(key) ?? t.sheetById(key) ?? NULL, { orNull: true }),
      getActiveWorksheet: (m: MethodCall) => m.child("Worksheet", (t: FakeWorkbook) => t.activeSheet),
      getFirst: (m: MethodCall, visibleOnly?: boolean) =>
        m.child(
          "Worksheet",
          (t: FakeWorkbook) => (visibleOnly ? t.sheets.filter((s) => s.visibility === "Visible") : t.sheets)[0],
        ),
      getLast: (m: MethodCall, visibleOnly?: boolean) =>
        m.child("Worksheet", (t: FakeWorkbook) => {
          const list = visibleOnly ? t.sheets.filter((s) => s.visibility === "Visible") : t.sheets;
          return list[list.length - 1];
        }),
      getCount: (m: MethodCall, visibleOnly?: boolean) =>
        m.result(
          (t: FakeWorkbook) => (visibleOnly ? t.sheets.filter((s) => s.visibility === "Visible") : t.sheets).length,
        ),
    },
    events: sheetEvents("all"),
  });

  defineType({
    name: "Worksheet",
    describe: (t: Sheet) => `Worksheet(${t.name})`,
    live: (t: Sheet, host: Host) => liveSheet(t, host),
    props: {
      name: {
        get: (t: Sheet) => t.name,
        set: (t: Sheet, v: unknown, host: Host) => wb(host).renameSheet(t, String(v)),
      },
      id: { get: (t: Sheet) => t.id },
      position: {
        get: (t: Sheet, host: Host) => wb(host).sheets.indexOf(t),
        set: (t: Sheet, v: unknown, host: Host) => wb(host).moveSheet(t, Number(v)),
      },
      visibility: {
        get: (t: Sheet) => t.visibility,
        set: (t: Sheet, v: unknown, host: Host) => {
          if (v !== "Visible" && v !== "Hidden" && v !== "VeryHidden")
            throw new OfficeError("InvalidArgument", "visibility");
          if (v !== "Visible" && wb(host).sheets.filter((s) => s.visibility === "Visible" && s !== t).length === 0)
            throw new OfficeError("InvalidOperation", "a workbook must keep one visible sheet");
          t.visibility = v;
        },
      },
      tabColor: { get: (t: Sheet) => t.tabColor, set: (t: Sheet, v: unknown) => (t.tabColor = String(v)) },
      showGridlines: {
        since: "1.8",
        get: (t: Sheet) => t.showGridlines,
        set: (t: Sheet, v: unknown) => (t.showGridlines = Boolean(v)),
      },
      standardWidth: { get: () => 8.43 },
    },
    nav: {
      names: { type: "NamedItemCollection", derive: (t: Sheet) => ({ scope: t }) satisfies NamesT, since: "1.4" },
      pageLayout: { type: "PageLayout", derive: (t: Sheet) => t, since: "1.9" },
      freezePanes: { type: "WorksheetFreezePanes", derive: (t: Sheet) => t, since: "1.7" },
      protection: { type: "WorksheetProtection", derive: (t: Sheet) => t, since: "1.2" },
    },
    methods: {
      getRange: (m: MethodCall, address?: string) =>
        m.child("Range", (t: Sheet) => ({
          sheet: t,
          rect:
            address === undefined || address === ""
              ? { r1: 0, c1: 0, r2: MAX_ROWS - 1, c2: MAX_COLS - 1 }
              : rectOf(t, address, m.host),
        })),
      getRangeByIndexes: (m: MethodCall, row: number, col: number, rows: number, cols: number) =>
        m.child("Range", (t: Sheet) => ({
          sheet: t,
          rect: checked({ r1: row, c1: col, r2: row + rows - 1, c2: col + cols - 1 }),
        })),
      getCell: (m: MethodCall, row: number, col: number) =>
        m.child("Range", (t: Sheet) => ({ sheet: t, rect: checked({ r1: row, c1: col, r2: row, c2: col }) })),
      getUsedRange: (m: MethodCall, valuesOnly?: boolean) =>
        m.child("Range", (t: Sheet) => ({
          sheet: t,
          rect: wb(m.host).usedRect(t, valuesOnly === true) ?? { r1: 0, c1: 0, r2: 0, c2: 0 },
        })),
      getUsedRangeOrNullObject: (m: MethodCall, valuesOnly?: boolean) =>
        m.child(
          "Range",
          (t: Sheet) => {
            const rect = wb(m.host).usedRect(t, valuesOnly === true);
            return rect ? { sheet: t, rect } : NULL;
          },
          { orNull: true },
        ),
      activate: (m: MethodCall) => m.ui((t: Sheet) => wb(m.host).activate(t)),
      delete: (m: MethodCall) => m.write("delete()", (t: Sheet) => wb(m.host).deleteSheet(t)),
      calculate: (m: MethodCall) => m.other(() => undefined),
    },
    events: sheetEvents("sheet"),
  });

  defineType({
    name: "Range",
    describe: (t: RangeT) => rangeLabel(t),
    live: (t: RangeT, host: Host) => liveSheet(t.sheet, host),
    props: {
      address: { get: (t: RangeT) => sheetAddress(t.sheet.name, t.rect) },
      addressLocal: { get: (t: RangeT) => sheetAddress(t.sheet.name, t.rect) },
      rowIndex: { get: (t: RangeT) => t.rect.r1 },
      columnIndex: { get: (t: RangeT) => t.rect.c1 },
      rowCount: { get: (t: RangeT) => rectRows(t.rect) },
      columnCount: { get: (t: RangeT) => rectCols(t.rect) },
      cellCount: { get: (t: RangeT) => rectCells(t.rect) },
      isEntireRow: { get: (t: RangeT) => isEntireRows(t.rect) },
      isEntireColumn: { get: (t: RangeT) => isEntireColumns(t.rect) },
      values: {
        get: (t: RangeT, host: Host) => grid(t, host, (r, c) => wb(host).value(t.sheet, r, c)),
        set: (t: RangeT, v: unknown, host: Host) => wb(host).setContents(t.sheet, t.rect, v, "values"),
      },
      formulas: {
        get: (t: RangeT, host: Host) => grid(t, host, (r, c) => wb(host).formula(t.sheet, r, c)),
        set: (t: RangeT, v: unknown, host: Host) => wb(host).setContents(t.sheet, t.rect, v, "formulas"),
      },
      formulasLocal: {
        get: (t: RangeT, host: Host) => grid(t, host, (r, c) => wb(host).formula(t.sheet, r, c)),
        set: (t: RangeT, v: unknown, host: Host) => wb(host).setContents(t.sheet, t.rect, v, "formulasLocal"),
      },
      numberFormat: {
        get: (t: RangeT, host: Host) => grid(t, host, (r, c) => wb(host).numberFormat(t.sheet, r, c)),
        set: (t: RangeT, v: unknown, host: Host) => wb(host).setNumberFormat(t.sheet, t.rect, v),
      },
      numberFormatLocal: {
        get: (t: RangeT, host: Host) => grid(t, host, (r, c) => wb(host).numberFormat(t.sheet, r, c)),
        set: (t: RangeT, v: unknown, host: Host) => wb(host).setNumberFormat(t.sheet, t.rect, v),
      },
      valueTypes: { get: (t: RangeT, host: Host) => grid(t, host, (r, c) => wb(host).valueType(t.sheet, r, c)) },
      hyperlink: {
        since: "1.7",
        get: (t: RangeT, host: Host) => wb(host).hyperlink(t.sheet, t.rect.r1, t.rect.c1),
        set: (t: RangeT, v: unknown, host: Host) => wb(host).setHyperlink(t.sheet, t.rect, v),
      },
      text: { get: (t: RangeT, host: Host) => grid(t, host, (r, c) => wb(host).text(t.sheet, r, c)) },
      columnHidden: {
        get: (t: RangeT) => hiddenState(t.sheet.hiddenCols, t.rect.c1, t.rect.c2),
        set: (t: RangeT, v: unknown, host: Host) => wb(host).setHidden(t.sheet, t.rect, "columns", Boolean(v)),
      },
      rowHidden: {
        get: (t: RangeT) => hiddenState(t.sheet.hiddenRows, t.rect.r1, Math.min(t.rect.r2, 65535)),
        set: (t: RangeT, v: unknown, host: Host) => wb(host).setHidden(t.sheet, t.rect, "rows", Boolean(v)),
      },
    },
    nav: {
      format: { type: "RangeFormat", derive: (t: RangeT) => t },
      dataValidation: { type: "DataValidation", derive: (t: RangeT) => t, since: "1.8" },
      conditionalFormats: { type: "ConditionalFormatCollection", derive: (t: RangeT) => t, since: "1.6" },
      worksheet: { type: "Worksheet", derive: (t: RangeT) => t.sheet },
    },
    methods: {
      getCell: (m: MethodCall, row: number, col: number) =>
        m.child("Range", (t: RangeT) => ({
          sheet: t.sheet,
          rect: checked({ r1: t.rect.r1 + row, c1: t.rect.c1 + col, r2: t.rect.r1 + row, c2: t.rect.c1 + col }),
        })),
      getRow: (m: MethodCall, i: number) =>
        m.child("Range", (t: RangeT) => ({
          sheet: t.sheet,
          rect: checked({ ...t.rect, r1: t.rect.r1 + i, r2: t.rect.r1 + i }),
        })),
      getColumn: (m: MethodCall, i: number) =>
        m.child("Range", (t: RangeT) => ({
          sheet: t.sheet,
          rect: checked({ ...t.rect, c1: t.rect.c1 + i, c2: t.rect.c1 + i }),
        })),
      getLastRow: (m: MethodCall) =>
        m.child("Range", (t: RangeT) => ({ sheet: t.sheet, rect: { ...t.rect, r1: t.rect.r2 } })),
      getLastColumn: (m: MethodCall) =>
        m.child("Range", (t: RangeT) => ({ sheet: t.sheet, rect: { ...t.rect, c1: t.rect.c2 } })),
      getLastCell: (m: MethodCall) =>
        m.child("Range", (t: RangeT) => ({ sheet: t.sheet, rect: { ...t.rect, r1: t.rect.r2, c1: t.rect.c2 } })),
      getResizedRange: (m: MethodCall, rows: number, cols: number) =>
        m.child("Range", (t: RangeT) => ({
          sheet: t.sheet,
          rect: checked({ ...t.rect, r2: t.rect.r2 + rows, c2: t.rect.c2 + cols }),
        })),
      getOffsetRange: (m: MethodCall, rows: number, cols: number) =>
        m.child("Range", (t: RangeT) => ({
          sheet: t.sheet,
          rect: checked({ r1: t.rect.r1 + rows, c1: t.rect.c1 + cols, r2: t.rect.r2 + rows, c2: t.rect.c2 + cols }),
        })),
      getEntireRow: (m: MethodCall) =>
        m.child("Range", (t: RangeT) => ({ sheet: t.sheet, rect: { ...t.rect, c1: 0, c2: MAX_COLS - 1 } })),
      getEntireColumn: (m: MethodCall) =>
        m.child("Range", (t: RangeT) => ({ sheet: t.sheet, rect: { ...t.rect, r1: 0, r2: MAX_ROWS - 1 } })),
      getIntersection: (m: MethodCall, other: unknown) =>
        m.child("Range", (t: RangeT) => {
          const o = rangeArg(m, t, other, "getIntersection");
          const rect = o.sheet === t.sheet ? intersect(t.rect, o.rect) : null;
          if (!rect) throw new OfficeError("ItemNotFound", "the ranges do not intersect");
          return { sheet: t.sheet, rect };
        }),
      getIntersectionOrNullObject: (m: MethodCall, other: unknown) =>
        m.child(
          "Range",
          (t: RangeT) => {
            const o = rangeArg(m, t, other, "getIntersectionOrNullObject");
            const rect = o.sheet === t.sheet ? intersect(t.rect, o.rect) : null;
            return rect ? { sheet: t.sheet, rect } : NULL;
          },
          { orNull: true },
        ),
      getBoundingRect: (m: MethodCall, other: unknown) =>
        m.child("Range", (t: RangeT) => {
          const o = rangeArg(m, t, other, "getBoundingRect");
          if (o.sheet !== t.sheet) throw new OfficeError("InvalidArgument", "ranges on different sheets");
          return {
            sheet: t.sheet,
            rect: {
              r1: Math.min(t.rect.r1, o.rect.r1),
              c1: Math.min(t.rect.c1, o.rect.c1),
              r2: Math.max(t.rect.r2, o.rect.r2),
              c2: Math.max(t.rect.c2, o.rect.c2),
            },
          };
        }),
      getUsedRange: (m: MethodCall, valuesOnly?: boolean) =>
        m.child("Range", (t: RangeT) => {
          const rect = usedWithin(m.host, t, valuesOnly);
          if (!rect) throw new OfficeError("ItemNotFound", "no used cells in the range");
          return { sheet: t.sheet, rect };
        }),
      getUsedRangeOrNullObject: (m: MethodCall, valuesOnly?: boolean) =>
        m.child(
          "Range",
          (t: RangeT) => {
            const rect = usedWithin(m.host, t, valuesOnly);
            return rect ? { sheet: t.sheet, rect } : NULL;
          },
          { orNull: true },
        ),
      getMergedAreasOrNullObject: (m: MethodCall) => {
        if (!versionAtLeastSafe(m.host, "1.13")) {
          m.other(() => {
            throw new OfficeError(
              "ApiNotFound",
              `getMergedAreasOrNullObject needs ExcelApi 1.13; the host has ${m.host.excelApi}`,
            );
          });
        }
        return m.child(
          "RangeAreas",
          (t: RangeT) => {
            const rects = wb(m.host).mergedAreas(t.sheet, t.rect);
            return rects.length > 0 ? ({ sheet: t.sheet, rects } satisfies AreasT) : NULL;
          },
          { orNull: true },
        );
      },
      insert: (m: MethodCall, shift: string) =>
        m.child(
          "Range",
          (t: RangeT) => {
            if (shift === "Down" && isEntireRows(t.rect))
              wb(m.host).insertDelete(t.sheet, "rows", t.rect.r1, rectRows(t.rect));
            else if (shift === "Right" && isEntireColumns(t.rect))
              wb(m.host).insertDelete(t.sheet, "columns", t.rect.c1, rectCols(t.rect));
            else
              notImplemented(
                `Range.insert("${shift}") on ${localAddress(t.rect)}: only entire rows down or columns right`,
              );
            return t;
          },
          { write: `insert(${shift})` },
        ),
      delete: (m: MethodCall, shift: string) =>
        m.write(`delete(${shift})`, (t: RangeT) => {
          if (shift === "Up" && isEntireRows(t.rect))
            wb(m.host).insertDelete(t.sheet, "rows", t.rect.r1, -rectRows(t.rect));
          else if (shift === "Left" && isEntireColumns(t.rect))
            wb(m.host).insertDelete(t.sheet, "columns", t.rect.c1, -rectCols(t.rect));
          else
            notImplemented(`Range.delete("${shift}") on ${localAddress(t.rect)}: only entire rows up or columns left`);
        }),
      merge: (m: MethodCall, across?: boolean) =>
        m.write(`merge(${across === true})`, (t: RangeT) => wb(m.host).merge(t.sheet, t.rect, across === true)),
      unmerge: (m: MethodCall) => m.write("unmerge()", (t: RangeT) => wb(m.host).unmerge(t.sheet, t.rect)),
      clear: (m: MethodCall, applyTo?: string) =>
        m.write(`clear(${applyTo ?? "All"})`, (t: RangeT) => wb(m.host).clear(t.sheet, t.rect, applyTo ?? "All")),
      copyFrom: (m: MethodCall, source: unknown, copyType?: string, skipBlanks?: boolean, transpose?: boolean) => {
        if (!versionAtLeastSafe(m.host, "1.9")) notImplemented("copyFrom on a host below ExcelApi 1.9");
        m.write(`copyFrom(${copyType ?? "All"})`, (t: RangeT) => {
          const from = rangeArg(m, t, source, "copyFrom source");
          wb(m.host).copy(
            from.sheet,
            from.rect,
            t.sheet,
            t.rect,
            copyType ?? "All",
            skipBlanks === true,
            transpose === true,
          );
        });
      },
      select: (m: MethodCall) => m.ui((t: RangeT) => wb(m.host).select(t.sheet, t.rect)),
      activate: (m: MethodCall) => m.ui((t: RangeT) => wb(m.host).select(t.sheet, t.rect)),
      calculate: (m: MethodCall) => m.other(() => undefined),
    },
  });

  defineType({
    name: "RangeAreas",
    props: {
      address: { get: (t: AreasT) => t.rects.map((r) => sheetAddress(t.sheet.name, r)).join(",") },
      addressLocal: { get: (t: AreasT) => t.rects.map((r) => sheetAddress(t.sheet.name, r)).join(",") },
      areaCount: { get: (t: AreasT) => t.rects.length },
      cellCount: { get: (t: AreasT) => t.rects.reduce((n, r) => n + rectCells(r), 0) },
    },
  });

  defineType({
    name: "RangeFormat",
    describe: (t: RangeT) => `${rangeLabel(t)}.format`,
    props: {
      columnWidth: {
        get: (t: RangeT) => common(t.rect.c1, t.rect.c2, (c) => t.sheet.colWidths.get(c) ?? DEFAULT_COLUMN_WIDTH),
        set: (t: RangeT, v: unknown, host: Host) => wb(host).setColumnWidth(t.sheet, t.rect, Number(v)),
      },
      rowHeight: {
        get: (t: RangeT) =>
          common(t.rect.r1, Math.min(t.rect.r2, 65535), (r) => t.sheet.rowHeights.get(r) ?? DEFAULT_ROW_HEIGHT),
        set: (t: RangeT, v: unknown, host: Host) => wb(host).setRowHeight(t.sheet, t.rect, Number(v)),
      },
      wrapText: cellFormatProp("wrapText", DEFAULT_FORMAT.wrapText, (v) => Boolean(v)),
      horizontalAlignment: cellFormatProp("horizontalAlignment", DEFAULT_FORMAT.horizontalAlignment, (v) => String(v)),
      verticalAlignment: cellFormatProp("verticalAlignment", DEFAULT_FORMAT.verticalAlignment, (v) => String(v)),
    },
    nav: {
      font: { type: "RangeFont", derive: (t: RangeT) => t },
      fill: { type: "RangeFill", derive: (t: RangeT) => t },
      borders: { type: "RangeBorderCollection", derive: (t: RangeT) => t },
      protection: { type: "FormatProtection", derive: (t: RangeT) => t, since: "1.2" },
    },
    methods: {
      autofitColumns: (m: MethodCall) => m.write("autofitColumns()", () => undefined),
      autofitRows: (m: MethodCall) => m.write("autofitRows()", () => undefined),
    },
  });

  defineType({
    name: "RangeFont",
    describe: (t: RangeT) => `${rangeLabel(t)}.format.font`,
    props: {
      name: cellFormatProp("fontName", DEFAULT_FORMAT.fontName, (v) => String(v)),
      size: cellFormatProp("fontSize", DEFAULT_FORMAT.fontSize, (v) => Number(v)),
      bold: cellFormatProp("fontBold", DEFAULT_FORMAT.fontBold, (v) => Boolean(v)),
      italic: cellFormatProp("fontItalic", DEFAULT_FORMAT.fontItalic, (v) => Boolean(v)),
      color: cellFormatProp("fontColor", DEFAULT_FORMAT.fontColor, color),
    },
  });

  defineType({
    name: "RangeFill",
    describe: (t: RangeT) => `${rangeLabel(t)}.format.fill`,
    props: { color: cellFormatProp("fill", DEFAULT_FORMAT.fill, color) },
    methods: {
      clear: (m: MethodCall) =>
        m.write("clear()", (t: RangeT) => wb(m.host).setFormat(t.sheet, t.rect, (f) => delete f.fill, "fill.clear")),
    },
  });

  defineType({
    name: "RangeBorderCollection",
    props: {},
    methods: {
      getItem: (m: MethodCall, edge: string) => {
        if (!(edge in BORDER_EDGES)) notImplemented(`borders.getItem("${edge}")`);
        return m.child("RangeBorder", (t: RangeT) => ({ ...t, edge }) satisfies BorderT);
      },
    },
  });

  defineType({
    name: "RangeBorder",
    describe: (t: BorderT) => `${rangeLabel(t)}.border(${t.edge})`,
    props: {
      sideIndex: { get: (t: BorderT) => t.edge },
      style: borderProp("style"),
      weight: borderProp("weight"),
      color: borderProp("color", color),
    },
  });

  defineType({
    name: "FormatProtection",
    describe: (t: RangeT) => `${rangeLabel(t)}.format.protection`,
    props: {
      locked: cellFormatProp("locked", DEFAULT_FORMAT.locked, (v) => Boolean(v)),
      formulaHidden: { get: () => false, set: () => notImplemented("formulaHidden") },
    },
  });

  defineType({
    name: "DataValidation",
    describe: (t: RangeT) => `${rangeLabel(t)}.dataValidation`,
    props: {
      rule: {
        get: (t: RangeT, host: Host) => wb(host).validationAt(t.sheet, t.rect)?.rule ?? {},
        set: (t: RangeT, v: unknown, host: Host) => {
          if (!v || typeof v !== "object") throw new OfficeError("InvalidArgument", "dataValidation.rule");
          const rule = v as Record<string, Record<string, unknown>>;
          const kinds = Object.keys(rule).filter((k) => rule[k] !== undefined && rule[k] !== null);
          if (kinds.length !== 1) throw new OfficeError("InvalidArgument", "a rule has one kind");
          if (kinds[0] === "list" && String(rule.list.source ?? "").length > 255)
            throw new OfficeError("InvalidArgument", "a list source over 255 characters");
          wb(host).validationFor(t.sheet, t.rect).rule = structuredClone(rule);
        },
      },
      errorAlert: {
        get: (t: RangeT, host: Host) => wb(host).validationAt(t.sheet, t.rect)?.errorAlert ?? null,
        set: (t: RangeT, v: unknown, host: Host) => {
          const alert = v as Record<string, unknown>;
          if (typeof alert.message === "string" && alert.message.length > 255)
            throw new OfficeError("InvalidArgument", "an error message over 255 characters");
          if (typeof alert.title === "string" && alert.title.length > 32)
            throw new OfficeError("InvalidArgument", "an error title over 32 characters");
          wb(host).validationFor(t.sheet, t.rect).errorAlert = structuredClone(alert);
        },
      },
      prompt: {
        get: (t: RangeT, host: Host) => wb(host).validationAt(t.sheet, t.rect)?.prompt ?? null,
        set: (t: RangeT, v: unknown, host: Host) => {
          const prompt = v as Record<string, unknown>;
          if (typeof prompt.message === "string" && prompt.message.length > 255)
            throw new OfficeError("InvalidArgument", "a prompt over 255 characters");
          wb(host).validationFor(t.sheet, t.rect).prompt = structuredClone(prompt);
        },
      },
      ignoreBlanks: {
        get: (t: RangeT, host: Host) => wb(host).validationAt(t.sheet, t.rect)?.ignoreBlanks ?? true,
        set: (t: RangeT, v: unknown, host: Host) => (wb(host).validationFor(t.sheet, t.rect).ignoreBlanks = Boolean(v)),
      },
      type: {
        get: (t: RangeT, host: Host) => {
          const rule = wb(host).validationAt(t.sheet, t.rect)?.rule;
          if (!rule) return "None";
          const kind = Object.keys(rule)[0];
          return kind === "wholeNumber" ? "WholeNumber" : kind.charAt(0).toUpperCase() + kind.slice(1);
        },
      },
      valid: { get: () => notImplemented("dataValidation.valid") },
    },
    methods: {
      clear: (m: MethodCall) => m.write("clear()", (t: RangeT) => wb(m.host).clearValidation(t.sheet, t.rect)),
    },
  });

  defineType({
    name: "ConditionalFormatCollection",
    describe: (t: RangeT) => `${rangeLabel(t)}.conditionalFormats`,
    props: {},
    collection: {
      itemType: "ConditionalFormat",
      items: (t: RangeT) =>
        t.sheet.conditionalFormats.filter((cf) => intersect(cf.rect, t.rect)).map((cf) => ({ sheet: t.sheet, cf })),
    },
    methods: {
      add: (m: MethodCall, type: string) =>
        m.child(
          "ConditionalFormat",
          (t: RangeT) => ({ sheet: t.sheet, cf: wb(m.host).addConditionalFormat(t.sheet, t.rect, type) }) satisfies CfT,
          { write: `add(${type})` },
        ),
      getCount: (m: MethodCall) =>
        m.result((t: RangeT) => t.sheet.conditionalFormats.filter((cf) => intersect(cf.rect, t.rect)).length),
      clearAll: (m: MethodCall) =>
        m.write("clearAll()", (t: RangeT) => {
          t.sheet.conditionalFormats = t.sheet.conditionalFormats.filter((cf) => !intersect(cf.rect, t.rect));
        }),
    },
  });

  defineType({
    name: "ConditionalFormat",
    describe: (t: CfT) => `ConditionalFormat(${sheetAddress(t.sheet.name, t.cf.rect)})`,
    props: {
      type: { get: (t: CfT) => t.cf.type },
      id: { get: (t: CfT) => String(t.cf.id) },
      priority: { get: (t: CfT) => t.sheet.conditionalFormats.indexOf(t.cf) },
      stopIfTrue: { get: (t: CfT) => t.cf.stopIfTrue, set: (t: CfT, v: unknown) => (t.cf.stopIfTrue = Boolean(v)) },
    },
    nav: {
      custom: { type: "CustomConditionalFormat", derive: (t: CfT) => t },
    },
    methods: {
      getRange: (m: MethodCall) => m.child("Range", (t: CfT) => ({ sheet: t.sheet, rect: t.cf.rect })),
      delete: (m: MethodCall) =>
        m.write("delete()", (t: CfT) => {
          t.sheet.conditionalFormats = t.sheet.conditionalFormats.filter((cf) => cf !== t.cf);
        }),
    },
  });

  defineType({
    name: "CustomConditionalFormat",
    props: {},
    nav: {
      rule: { type: "ConditionalFormatRule", derive: (t: CfT) => t },
      format: { type: "ConditionalRangeFormat", derive: (t: CfT) => t },
    },
  });

  defineType({
    name: "ConditionalFormatRule",
    describe: (t: CfT) => `ConditionalFormat(${sheetAddress(t.sheet.name, t.cf.rect)}).rule`,
    props: {
      formula: {
        get: (t: CfT) => t.cf.formula,
        set: (t: CfT, v: unknown, host: Host) => {
          const text = String(v);
          if (text.startsWith("=") && !wb(host).hf.validateFormula(text))
            throw new OfficeError("InvalidArgument", `HyperFormula cannot parse the rule ${text}`);
          t.cf.formula = text;
        },
      },
      formulaLocal: { get: (t: CfT) => t.cf.formula, set: (t: CfT, v: unknown) => (t.cf.formula = String(v)) },
    },
  });

  defineType({
    name: "ConditionalRangeFormat",
    props: {},
    nav: {
      fill: { type: "ConditionalRangeFill", derive: (t: CfT) => t },
      font: { type: "ConditionalRangeFont", derive: (t: CfT) => t },
    },
  });

  defineType({
    name: "ConditionalRangeFill",
    describe: (t: CfT) => `ConditionalFormat(${sheetAddress(t.sheet.name, t.cf.rect)}).fill`,
    props: { color: cfFormatProp("fill") },
    methods: { clear: (m: MethodCall) => m.write("clear()", (t: CfT) => (t.cf.fill = null)) },
  });

  defineType({
    name: "ConditionalRangeFont",
    describe: (t: CfT) => `ConditionalFormat(${sheetAddress(t.sheet.name, t.cf.rect)}).font`,
    props: { color: cfFormatProp("fontColor"), bold: cfFormatProp("fontBold") },
  });

  defineType({
    name: "NamedItemCollection",
    describe: (t: NamesT) => (t.scope ? `Worksheet(${t.scope.name}).names` : "Workbook.names"),
    props: {},
    collection: {
      itemType: "NamedItem",
      items: (t: NamesT, host: Host) => wb(host).namesIn(t.scope?.id ?? null),
    },
    methods: {
      add: (m: MethodCall, name: string, reference: unknown, comment?: string) =>
        m.child(
          "NamedItem",
          (t: NamesT) => {
            if (t.scope) liveSheet(t.scope, m.host);
            if (typeof reference === "string") {
              return wb(m.host).addName(
                name,
                t.scope?.id ?? null,
                null,
                reference.startsWith("=") ? reference : `=${reference}`,
                comment,
              );
            }
            const core = m.argument(reference, "names.add reference");
            const target = core.resolve();
            if (target === NULL || core.type.name !== "Range")
              throw new OfficeError("InvalidArgument", "names.add reference");
            const r = target as RangeT;
            return wb(m.host).addName(name, t.scope?.id ?? null, { sheetId: r.sheet.id, rect: r.rect }, null, comment);
          },
          { write: `add(${name})` },
        ),
      getItem: (m: MethodCall, name: string) =>
        m.child("NamedItem", (t: NamesT) => {
          const found = findName(m.host, t, name);
          if (!found) throw new OfficeError("ItemNotFound", `name ${name}`);
          return found;
        }),
      getItemOrNullObject: (m: MethodCall, name: string) =>
        m.child("NamedItem", (t: NamesT) => findName(m.host, t, name) ?? NULL, { orNull: true }),
      getCount: (m: MethodCall) => m.result((t: NamesT) => wb(m.host).namesIn(t.scope?.id ?? null).length),
    },
  });

  defineType({
    name: "NamedItem",
    describe: (t: NameEntry) => `NamedItem(${t.name})`,
    live: (t: NameEntry, host: Host) => {
      if (!wb(host).names.includes(t)) throw new OfficeError("ItemNotFound", `the name ${t.name} was deleted`);
    },
    props: {
      name: { get: (t: NameEntry) => t.name },
      formula: {
        get: (t: NameEntry, host: Host) => wb(host).nameFormula(t),
        set: (t: NameEntry, v: unknown, host: Host) => wb(host).setNameFormula(t, String(v)),
        since: "1.7",
      },
      type: { get: (t: NameEntry) => nameType(t) },
      value: { get: (t: NameEntry, host: Host) => wb(host).nameFormula(t).replace(/^=/, "") },
      visible: { get: (t: NameEntry) => t.visible, set: (t: NameEntry, v: unknown) => (t.visible = Boolean(v)) },
      comment: { get: (t: NameEntry) => t.comment, set: (t: NameEntry, v: unknown) => (t.comment = String(v)) },
      scope: { get: (t: NameEntry) => (t.scopeId === null ? "Workbook" : "Worksheet") },
    },
    methods: {
      getRange: (m: MethodCall) =>
        m.child("Range", (t: NameEntry) => {
          const sheet = t.target ? wb(m.host).sheetById(t.target.sheetId) : undefined;
          if (!t.target || !sheet) throw new OfficeError("InvalidOperation", `${t.name} is not a range`);
          return { sheet, rect: t.target.rect } satisfies RangeT;
        }),
      getRangeOrNullObject: (m: MethodCall) =>
        m.child(
          "Range",
          (t: NameEntry) => {
            const sheet = t.target ? wb(m.host).sheetById(t.target.sheetId) : undefined;
            return t.target && sheet ? ({ sheet, rect: t.target.rect } satisfies RangeT) : NULL;
          },
          { orNull: true },
        ),
      delete: (m: MethodCall) => m.write("delete()", (t: NameEntry) => wb(m.host).deleteName(t)),
    },
  });

  defineType({
    name: "PageLayout",
    describe: (t: Sheet) => `Worksheet(${t.name}).pageLayout`,
    live: (t: Sheet, host: Host) => liveSheet(t, host),
    props: {
      paperSize: {
        get: (t: Sheet) => t.pageLayout.paperSize,
        set: (t: Sheet, v: unknown) => (t.pageLayout.paperSize = String(v)),
      },
      orientation: {
        get: (t: Sheet) => t.pageLayout.orientation,
        set: (t: Sheet, v: unknown) => (t.pageLayout.orientation = String(v)),
      },
      zoom: {
        get: (t: Sheet) => t.pageLayout.zoom,
        set: (t: Sheet, v: unknown) => (t.pageLayout.zoom = structuredClone(v as Record<string, unknown>)),
      },
      centerHorizontally: {
        get: (t: Sheet) => t.pageLayout.centerHorizontally,
        set: (t: Sheet, v: unknown) => (t.pageLayout.centerHorizontally = Boolean(v)),
      },
      centerVertically: {
        get: (t: Sheet) => t.pageLayout.centerVertically,
        set: (t: Sheet, v: unknown) => (t.pageLayout.centerVertically = Boolean(v)),
      },
    },
    methods: {
      setPrintMargins: (m: MethodCall, unit: string, margins: Record<string, number>) =>
        m.write("setPrintMargins()", (t: Sheet) => {
          t.pageLayout.marginUnit = unit;
          t.pageLayout.margins = { ...margins };
        }),
      setPrintTitleRows: (m: MethodCall, rows: unknown) =>
        m.write("setPrintTitleRows()", (t: Sheet) => {
          if (typeof rows !== "string") notImplemented("setPrintTitleRows(Range)");
          const rect = parseLocal(splitSheet(rows as string).local);
          if (!rect || !isEntireRows(rect))
            throw new OfficeError("InvalidArgument", `print title rows ${String(rows)}`);
          t.pageLayout.printTitleRows = rows as string;
        }),
      setPrintArea: (m: MethodCall, area: unknown) =>
        m.write("setPrintArea()", (t: Sheet) => {
          if (typeof area !== "string") notImplemented("setPrintArea(Range)");
          if (!parseLocal(splitSheet(area as string).local))
            throw new OfficeError("InvalidArgument", `print area ${String(area)}`);
          t.pageLayout.printArea = area as string;
        }),
    },
  });

  defineType({
    name: "WorksheetFreezePanes",
    describe: (t: Sheet) => `Worksheet(${t.name}).freezePanes`,
    props: {},
    methods: {
      freezeRows: (m: MethodCall, count?: number) =>
        m.write(`freezeRows(${count ?? 1})`, (t: Sheet) => {
          t.frozenRows = count ?? 1;
          t.frozenColumns = 0;
        }),
      freezeColumns: (m: MethodCall, count?: number) =>
        m.write(`freezeColumns(${count ?? 1})`, (t: Sheet) => {
          t.frozenColumns = count ?? 1;
          t.frozenRows = 0;
        }),
      unfreeze: (m: MethodCall) =>
        m.write("unfreeze()", (t: Sheet) => {
          t.frozenRows = 0;
          t.frozenColumns = 0;
        }),
      getLocationOrNullObject: (m: MethodCall) =>
        m.child(
          "Range",
          (t: Sheet) =>
            t.frozenRows > 0
              ? { sheet: t, rect: { r1: 0, c1: 0, r2: t.frozenRows - 1, c2: MAX_COLS - 1 } }
              : t.frozenColumns > 0
                ? { sheet: t, rect: { r1: 0, c1: 0, r2: MAX_ROWS - 1, c2: t.frozenColumns - 1 } }
                : NULL,
          { orNull: true },
        ),
    },
  });

  defineType({
    name: "WorksheetProtection",
    describe: (t: Sheet) => `Worksheet(${t.name}).protection`,
    props: { protected: { get: (t: Sheet) => t.protected } },
    methods: {
      protect: (m: MethodCall, options?: { allowFormatCells?: boolean }) =>
        m.write("protect()", (t: Sheet) => {
          t.protected = true;
          t.allowFormatCells = options?.allowFormatCells === true;
        }),
      unprotect: (m: MethodCall) =>
        m.write("unprotect()", (t: Sheet) => {
          t.protected = false;
          t.allowFormatCells = false;
        }),
    },
  });
}

function findName(host: Host, t: NamesT, name: string): NameEntry | undefined {
  const lower = name.toLowerCase();
  return wb(host)
    .namesIn(t.scope?.id ?? null)
    .find((n) => n.name.toLowerCase() === lower);
}

function hiddenState(set: Set<number>, a: number, b: number): boolean | null {
  let hidden = 0;
  for (let i = a; i <= b; i++) if (set.has(i)) hidden++;
  return hidden === 0 ? false : hidden === b - a + 1 ? true : null;
}

function common(a: number, b: number, get: (i: number) => number): number | null {
  const first = get(a);
  const last = Math.min(b, a + 20000);
  for (let i = a + 1; i <= last; i++) if (get(i) !== first) return null;
  return first;
}
