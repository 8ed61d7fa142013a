/**
 * An in-memory stand-in for the Excel JavaScript API (office.js), for Node tests and, bundled, for
 * the task pane in a browser (test/e2e/office-standin.ts). It behaves like Excel's proxy model:
 * reading a property that was not loaded and synced throws, nothing reaches the workbook before
 * `context.sync()`, round trips, proxy objects and writes are counted, formulas compute (HyperFormula),
 * and change and activation events fire asynchronously. The test plays the user: `typeInto`,
 * `activate`, `setCellEditMode`.
 *
 * What it does not emulate (a test that depends on these needs real Excel):
 * - Formulas are HyperFormula's: its function set and edge cases, no dynamic arrays or R1C1;
 *   `formulasLocal` is `formulas`; `Range.formulas` answers the text as written until a row edit or a
 *   copy moves it, then HyperFormula's rendering. A defined name HyperFormula refuses (non-ASCII) is
 *   kept but computes #NAME? in formulas. Cells below row 65,536 are refused.
 * - Typing: numbers, percentages, TRUE/FALSE, "1,234.5", `'` and `=` as Excel parses them; dates only
 *   as YYYY/MM/DD or YYYY-MM-DD ("3月5日" stays text); currency amounts throw. `Range.text` knows
 *   General, 0, 0.00, #,##0(.00), 0(.00)% and @ only.
 * - Validation and conditional formats are stored (and `workbook.highlighted()` computes the
 *   highlights) but typing is never refused by a rule. Protection checks the cells' `locked` (contents;
 *   formats too unless protected with `allowFormatCells`), no other protection option.
 * - Structure: insert/delete of entire rows or columns only; copyFrom into a same-size or one-cell
 *   destination, no skipBlanks/transpose. Content written into part of a merged area is refused
 *   (InvalidOperation) unless it is the area's top-left cell alone; Excel may instead ignore it.
 * - Events: one onChanged per content-changing request, with its whole range (Excel may split or
 *   coalesce); `details` for one-cell changes only; no onFormatChanged, onCalculated, sorting or
 *   co-authoring (Remote) events; no undo history.
 * - Requests: Excel on the web's 5 MB limit on a request's written values and on a response's loaded
 *   values (UTF-8 JSON, method arguments not counted), and a 1,000,000-cell load; no conflicts between concurrent batches;
 *   objects of a finished Excel.run fail with InvalidObjectPath, but `Excel.run(context, …)` reopens
 *   the context for all its objects; `track()`/`untrack()` do nothing.
 *
 * @example
 * const fake = createFakeExcel();
 * const report = await fake.Excel.run((context) => writeSheet(context, sheet, { supports: () => true }));
 * fake.workbook.cell("自评表", "G10").value; fake.stats.syncs // 2
 */
import { defineExcelTypes } from "./api";
import { NotImplementedError, OfficeError } from "./errors";
import { FakeRequestContext, coreOf, emptyStats, versionAtLeast, type Host, type Stats } from "./proxy";
import { FakeWorkbook } from "./workbook";

export { FakeWorkbook } from "./workbook";
export { NotImplementedError, OfficeError, propertyNotLoadedMessage } from "./errors";
export type { Stats } from "./proxy";

export interface FakeExcelOptions {
  /** The highest ExcelApi requirement set the host supports; "1.19" by default. */
  readonly excelApi?: string;
  /** Sheets of the new workbook; one "Sheet1" by default. */
  readonly sheets?: readonly string[];
  /** How long each round trip takes, in milliseconds; 0 by default (still asynchronous). */
  readonly latencyMs?: number;
  /** The most a request or a response may weigh, in bytes; Excel on the web's 5 MB by default. */
  readonly payloadLimitBytes?: number;
}

export interface FakeExcel {
  readonly Excel: typeof Excel;
  readonly Office: typeof Office;
  readonly OfficeExtension: typeof OfficeExtension;
  readonly workbook: FakeWorkbook;
  readonly stats: Stats;
  /** Types into a cell as the user does (parsed like typing); change events follow, asynchronously. */
  typeInto(sheet: string, address: string, value: string | number | boolean | null): void;
  /** Switches to a sheet as the user does (clicks its tab); activation events follow. */
  activate(sheet: string): void;
  /** While on, every request fails with InvalidOperationInCellEditMode (or waits, with delayForCellEdit). */
  setCellEditMode(on: boolean): void;
  /** Zeroes the counters. */
  resetStats(): void;
  /** Sets the highest supported ExcelApi version. */
  setExcelApi(version: string): void;
  /** Puts Excel, Office and OfficeExtension on globalThis; returns the function that takes them away. */
  install(): () => void;
}

/** Names probed on any object by runtimes and tools; not API members. */
const PROBES = new Set([
  "then",
  "toJSON",
  "toString",
  "valueOf",
  "constructor",
  "$$typeof",
  "nodeType",
  "asymmetricMatch",
  "__esModule",
  "default",
]);

/** An API namespace whose unknown members throw "not implemented" instead of reading as undefined. */
function strict<T extends object>(name: string, members: T): T {
  return new Proxy(members, {
    get(target, prop, receiver) {
      if (typeof prop === "symbol" || prop in target) return Reflect.get(target, prop, receiver);
      if (PROBES.has(prop)) return undefined;
      throw new NotImplementedError(`${name}.${prop}`);
    },
  });
}

const enumOf = (values: readonly string[]): Record<string, string> =>
  Object.fromEntries(values.map((v) => [v.charAt(0).toLowerCase() + v.slice(1), v]));

const ENUMS = {
  InsertShiftDirection: enumOf(["Down", "Right"]),
  DeleteShiftDirection: enumOf(["Up", "Left"]),
  RangeCopyType: enumOf(["All", "Formulas", "Values", "Formats"]),
  ClearApplyTo: enumOf(["All", "Formats", "Contents", "Hyperlinks", "RemoveHyperlinks"]),
  ConditionalFormatType: enumOf([
    "Custom",
    "DataBar",
    "ColorScale",
    "IconSet",
    "TopBottom",
    "PresetCriteria",
    "ContainsText",
    "CellValue",
  ]),
  BorderIndex: enumOf([
    "EdgeTop",
    "EdgeBottom",
    "EdgeLeft",
    "EdgeRight",
    "InsideVertical",
    "InsideHorizontal",
    "DiagonalDown",
    "DiagonalUp",
  ]),
  BorderLineStyle: enumOf(["None", "Continuous", "Dash", "DashDot", "DashDotDot", "Dot", "Double", "SlantDashDot"]),
  BorderWeight: enumOf(["Hairline", "Thin", "Medium", "Thick"]),
  HorizontalAlignment: enumOf([
    "General",
    "Left",
    "Center",
    "Right",
    "Fill",
    "Justify",
    "CenterAcrossSelection",
    "Distributed",
  ]),
  VerticalAlignment: enumOf(["Top", "Center", "Bottom", "Justify", "Distributed"]),
  SheetVisibility: enumOf(["Visible", "Hidden", "VeryHidden"]),
  EventSource: enumOf(["Local", "Remote"]),
  EventTriggerSource: enumOf(["Unknown", "ThisLocalAddin"]),
  DataChangeType: enumOf([
    "Unknown",
    "RangeEdited",
    "RowInserted",
    "RowDeleted",
    "ColumnInserted",
    "ColumnDeleted",
    "CellInserted",
    "CellDeleted",
  ]),
  EventType: enumOf([
    "WorksheetChanged",
    "WorksheetSelectionChanged",
    "WorksheetAdded",
    "WorksheetActivated",
    "WorksheetDeactivated",
    "WorksheetDeleted",
  ]),
  RangeValueType: enumOf(["Unknown", "Empty", "String", "Integer", "Double", "Boolean", "Error", "RichValue"]),
  PageOrientation: enumOf(["Portrait", "Landscape"]),
  PaperType: enumOf(["Letter", "A3", "A4", "A5", "Legal"]),
  PrintMarginUnit: enumOf(["Points", "Inches", "Centimeters"]),
  DataValidationType: enumOf([
    "None",
    "WholeNumber",
    "Decimal",
    "List",
    "Date",
    "Time",
    "TextLength",
    "Custom",
    "Inconsistent",
    "MixedCriteria",
  ]),
  DataValidationOperator: enumOf([
    "Between",
    "NotBetween",
    "EqualTo",
    "NotEqualTo",
    "GreaterThan",
    "LessThan",
    "GreaterThanOrEqualTo",
    "LessThanOrEqualTo",
  ]),
  DataValidationAlertStyle: enumOf(["Stop", "Warning", "Information"]),
  CalculationMode: enumOf(["Automatic", "AutomaticExceptTables", "Manual"]),
  ErrorCodes: Object.fromEntries(
    [
      "InvalidOperationInCellEditMode",
      "ItemNotFound",
      "ItemAlreadyExists",
      "InvalidArgument",
      "AccessDenied",
      "InvalidOperation",
      "GeneralException",
      "ApiNotFound",
    ].map((c) => [c.charAt(0).toLowerCase() + c.slice(1), c]),
  ),
};

export function createFakeExcel(options: FakeExcelOptions = {}): FakeExcel {
  defineExcelTypes();
  const workbook = new FakeWorkbook({ sheets: options.sheets });
  const stats = emptyStats();
  const host: Host = {
    workbook,
    stats,
    editMode: false,
    editModeWaiters: [],
    excelApi: options.excelApi ?? "1.19",
    latencyMs: options.latencyMs ?? 0,
    payloadLimitBytes: options.payloadLimitBytes ?? 5 * 1024 * 1024,
  };

  class RequestContext extends FakeRequestContext {
    constructor() {
      super(host);
    }
  }

  /** Excel.run(batch), Excel.run(object | context, batch), Excel.run({ delayForCellEdit }, batch). */
  async function run<T>(...args: unknown[]): Promise<T> {
    stats.runs++;
    const batch = args[args.length - 1] as (context: FakeRequestContext) => Promise<T>;
    if (typeof batch !== "function") throw new OfficeError("InvalidArgument", "Excel.run needs a batch function");
    const first = args.length > 1 ? args[0] : undefined;
    let context: FakeRequestContext;
    let own = false;
    if (first instanceof FakeRequestContext) {
      // Excel.run(context, batch): the documented way to go on with a context, e.g. to remove its event handlers.
      context = first;
      context.ended = false;
      own = true;
    } else if (coreOf(first)) context = (coreOf(first) as NonNullable<ReturnType<typeof coreOf>>).ctx;
    else {
      context = new RequestContext();
      own = true;
      if (first && typeof first === "object" && (first as { delayForCellEdit?: boolean }).delayForCellEdit) {
        if (!versionAtLeast(host.excelApi, "1.11"))
          throw new OfficeError("ApiNotFound", "delayForCellEdit needs ExcelApi 1.11");
        context.delayForCellEdit = true;
      } else if (
        first !== undefined &&
        (typeof first !== "object" || first === null || Object.keys(first).length > 0)
      ) {
        throw new NotImplementedError(`Excel.run(${JSON.stringify(first)}, batch)`);
      }
    }
    try {
      const result = await batch(context);
      // Office.js sends what the batch left queued when it returns.
      if (context.pending > 0) await context.sync();
      return result;
    } finally {
      if (own) context.ended = true;
    }
  }

  const Excel = strict("Excel", { run, RequestContext, ...ENUMS }) as unknown as typeof globalThis.Excel;

  const supported: Record<string, string> = { AddinCommands: "1.1", DialogApi: "1.2", RibbonApi: "1.1" };
  const requirements = {
    isSetSupported(name: string, minVersion?: string | number): boolean {
      const version = minVersion === undefined ? "1.1" : String(minVersion);
      if (name === "ExcelApi") return versionAtLeast(host.excelApi, version);
      return name in supported && versionAtLeast(supported[name], version);
    },
  };
  const info = { host: "Excel", platform: "PC" };
  let initialize: (() => void) | undefined;
  const Office = strict("Office", {
    onReady(callback?: (info: { host: string; platform: string }) => void) {
      return new Promise((resolve) =>
        setTimeout(() => {
          callback?.(info);
          resolve(info);
        }, 0),
      );
    },
    get initialize() {
      return initialize;
    },
    set initialize(fn: (() => void) | undefined) {
      initialize = fn;
      setTimeout(() => initialize?.(), 0);
    },
    context: strict("Office.context", {
      requirements: strict("Office.context.requirements", requirements),
      diagnostics: { host: "Excel", platform: "PC", version: "16.0.0.0" },
      displayLanguage: "zh-CN",
      contentLanguage: "zh-CN",
      host: "Excel",
      platform: "PC",
    }),
    HostType: { Excel: "Excel", Word: "Word", PowerPoint: "PowerPoint", Outlook: "Outlook" },
    PlatformType: { PC: "PC", OfficeOnline: "OfficeOnline", Mac: "Mac", iOS: "iOS", Android: "Android" },
    actions: strict("Office.actions", { associate: (): void => undefined }),
  }) as unknown as typeof globalThis.Office;

  const OfficeExtensionNs = strict("OfficeExtension", {
    Error: OfficeError,
    ErrorCodes: ENUMS.ErrorCodes,
    ClientRequestContext: FakeRequestContext,
    config: { extendedErrorLogging: false },
  }) as unknown as typeof globalThis.OfficeExtension;

  return {
    Excel,
    Office,
    OfficeExtension: OfficeExtensionNs,
    workbook,
    stats,
    typeInto: (sheet, address, value) => workbook.typeInto(sheet, address, value),
    activate: (sheet) => workbook.activate(workbook.sheet(sheet)),
    setCellEditMode(on) {
      host.editMode = on;
      if (!on) for (const resolve of host.editModeWaiters.splice(0)) resolve();
    },
    resetStats() {
      Object.assign(stats, emptyStats());
    },
    setExcelApi(version) {
      host.excelApi = version;
    },
    install() {
      const g = globalThis as unknown as Record<string, unknown>;
      const before = { Excel: g.Excel, Office: g.Office, OfficeExtension: g.OfficeExtension };
      g.Excel = Excel;
      g.Office = Office;
      g.OfficeExtension = OfficeExtensionNs;
      return () => Object.assign(g, before);
    },
  };
}
