/**
 * Test helper: Excel workbooks built from office-addin-mock's OfficeMockObject, for the Office.js
 * adapters in src/excel. OfficeMockObject gives the load/sync discipline (a property read before it
 * was loaded and synced is an error string, a property that was not declared cannot be loaded); what
 * it lacks is filled in here, generically:
 *
 * - Objects returned by methods (`getRange`, `add`…) are not in the context's object tree, so its
 *   `sync` would not reach them: every mock made here is registered with a `MockHost`, whose context
 *   `sync` syncs them all and counts the calls.
 * - A collection's `items` is an array, which OfficeMockObject cannot navigate (`load("items/name")`
 *   throws): collections get a `load` that loads the named properties on each item.
 * - Methods are recorded (`host.calls`), with the number of syncs made before each call, so a test
 *   can tell which round trip a write went out in.
 * - `isNullObject` is set as a plain property: Office.js fills it in on any sync after a load.
 *
 * Row edits and events, for the workbook gateway: ranges record `insert`, `delete`, `copyFrom`,
 * `unmerge`, `clear` and `select` (recorded only: the mock does not move cells, names or merges as
 * Excel does, nor evaluate formulas); sheets have an `id` and `onChanged`, the worksheet collection
 * `onActivated`, `onChanged` and `onAdded`, whose handlers a test fires with `emit`; workbook names
 * answer `getItem`.
 *
 * `mockWorkbook(spec)` builds a workbook from plain data (sheets of A1-addressed cells, merges,
 * names); writes made through it (range `formulas`/`values`/`numberFormat`, `merge()`,
 * `names.add()`, `worksheets.add()`) can be turned back into that plain data with `snapshot()`, as
 * Excel would hold them, to read back what a writer wrote.
 */
import { OfficeMockObject } from "office-addin-mock";
import { adr, columnLetters } from "../src/domain/address";

// office-addin-mock uses only the OfficeApp enum of office-addin-manifest, whose main module pulls in
// an ES-module-only package that Jest cannot require; hand it the enum's own file. (Hoisted above the
// imports by ts-jest, so tests import OfficeMockObject from here.)
jest.mock("office-addin-manifest", () => jest.requireActual("office-addin-manifest/lib/officeApp"));

export { OfficeMockObject };

type Data = Record<string, unknown>;
type Fn = (...args: never[]) => unknown;

export interface MockCall {
  /** `自评表!A1:I1.merge`, `workbook.names.add`. */
  readonly path: string;
  readonly args: readonly unknown[];
  /** Syncs made before the call: 0 for a request queued before the first round trip. */
  readonly afterSyncs: number;
  /** What the call returned (a mock, for `add`-like methods). */
  readonly result: unknown;
}

/** Every mock a test workbook made, the calls made on them, and the syncs. */
export class MockHost {
  readonly calls: MockCall[] = [];
  syncs = 0;
  private readonly objects: OfficeMockObject[] = [];

  /** An OfficeMockObject that the context's sync reaches, wherever it was made. */
  object(data: Data, isNullObject = false): OfficeMockObject {
    const mock = new OfficeMockObject(data);
    mock.isNullObject = isNullObject;
    this.objects.push(mock);
    return mock;
  }

  /** A method that records its calls and returns what `impl` returns. */
  method<F extends Fn>(path: string, impl?: F): (...args: Parameters<F>) => ReturnType<F> | undefined {
    return (...args) => {
      const afterSyncs = this.syncs;
      const result = impl ? (impl(...args) as ReturnType<F>) : undefined;
      this.calls.push({ path, args, afterSyncs, result });
      return result;
    };
  }

  /** A collection: `items`, and a `load` that reaches the items' properties (`items/name` or `name`). */
  collection(items: OfficeMockObject[], methods: Data = {}): OfficeMockObject {
    const collection = this.object({
      items,
      ...methods,
      load(this: OfficeMockObject, arg?: string | string[]) {
        const props = (Array.isArray(arg) ? arg : (arg ?? "").split(","))
          .map((p) => p.trim().replace(/^items\//, ""))
          .filter((p) => p !== "" && p !== "items");
        for (const item of items) if (props.length > 0) item.load(props);
        OfficeMockObject.prototype.load.call(this, "items");
        return this;
      },
    });
    return collection;
  }

  /** The context: `sync` syncs every registered mock, then lets OfficeMockObject's un-awaited updates land. */
  context(data: Data): OfficeMockObject {
    return this.object({
      ...data,
      sync: async () => {
        this.syncs++;
        // The prototype's sync: a context's own `sync` is this function.
        for (const mock of this.objects) await OfficeMockObject.prototype.sync.call(mock);
        await new Promise((resolve) => setImmediate(resolve));
      },
    });
  }

  /** The calls whose path ends with `suffix`. */
  called(suffix: string): MockCall[] {
    return this.calls.filter((c) => c.path.endsWith(suffix));
  }
}

/** A cell as a test writes it: a constant, or the parts Office.js reports. */
export type MockCell =
  | string
  | number
  | boolean
  | { readonly value?: string | number | boolean; readonly formula?: string; readonly numberFormat?: string }
  | { readonly error: string; readonly formula?: string };

export interface MockName {
  readonly name: string;
  /** As Office.js gives it: `=自评表!$C$3`. */
  readonly formula: string;
}

export interface MockSheetSpec {
  readonly name: string;
  readonly visibility?: "Visible" | "Hidden" | "VeryHidden";
  /** By A1 address. */
  readonly cells?: Readonly<Record<string, MockCell>>;
  /** A1 ranges: `A1:I1`. */
  readonly merges?: readonly string[];
  /** Sheet-scoped names. */
  readonly names?: readonly MockName[];
}

export interface MockWorkbookSpec {
  readonly sheets: readonly MockSheetSpec[];
  /** Workbook-scoped names. */
  readonly names?: readonly MockName[];
  /** The active sheet's name; the first sheet when omitted. */
  readonly active?: string;
}

/** A range written through the mock: its address and the mock, to read what was set on it. */
export interface WrittenRange {
  readonly address: string;
  readonly mock: OfficeMockObject;
}

export interface MockSheet {
  readonly name: string;
  readonly mock: OfficeMockObject;
  /** Every range handed out by `getRange(address)`, in order. */
  readonly ranges: WrittenRange[];
  /** The last range handed out for an address. */
  range(address: string): OfficeMockObject | undefined;
}

export interface MockWorkbook {
  readonly host: MockHost;
  readonly context: Excel.RequestContext;
  sheet(name: string): MockSheet | undefined;
  /** The workbook as plain data again, with the writes made through the mock applied. */
  snapshot(): MockWorkbookSpec;
  /**
   * Fires an event to its live handlers, as Excel would: `worksheets.onChanged`,
   * `worksheets.onActivated`, `worksheets.onAdded`, or `<sheet>.onChanged`. Resolves when they have run.
   */
  emit(event: string, args: Record<string, unknown>): Promise<void>;
  /** How many handlers an event has now (0 once they were removed). */
  handlerCount(event: string): number;
}

/** A sheet's id in a mock workbook: Excel's are GUIDs; these only need to differ from the names. */
export const mockSheetId = (name: string): string => `{id:${name}}`;

/** Office.js's `valueTypes` entry for a value. */
const valueType = (v: unknown, error: boolean): string =>
  error
    ? "Error"
    : v === ""
      ? "Empty"
      : typeof v === "number"
        ? "Double"
        : typeof v === "boolean"
          ? "Boolean"
          : "String";

/** Quotes a sheet name for a reference, as Excel does when it is not a plain identifier. */
export const sheetRef = (name: string): string =>
  /^[\p{L}_][\p{L}\p{N}_.]*$/u.test(name) ? name : `'${name.replace(/'/g, "''")}'`;

/** `B3` → `$B$3`, `A1:I1` → `$A$1:$I$1`. */
const absolute = (address: string): string => address.replace(/([A-Z]+)(\d+)/g, "$$$1$$$2");

/** The parts of a mock cell. */
function cellParts(cell: MockCell): { value: unknown; formula?: string; numberFormat?: string; error: boolean } {
  if (typeof cell !== "object") return { value: cell, error: false };
  if ("error" in cell) return { value: cell.error, formula: cell.formula, error: true };
  return { value: cell.value ?? "", formula: cell.formula, numberFormat: cell.numberFormat, error: false };
}

/** The used range of a sheet as Office.js loads it: 2-D arrays from the top-left used cell. */
function usedRangeData(cells: Readonly<Record<string, MockCell>>): Data | null {
  const entries = Object.keys(cells).map((address) => adr(address));
  if (entries.length === 0) return null;
  const top = Math.min(...entries.map((e) => e.row));
  const left = Math.min(...entries.map((e) => e.col));
  const bottom = Math.max(...entries.map((e) => e.row));
  const right = Math.max(...entries.map((e) => e.col));
  return blockData(cells, top, left, bottom - top + 1, right - left + 1);
}

/** A block of a sheet as Office.js loads it (`getRangeByIndexes`): 2-D arrays from its top-left cell. */
function blockData(
  cells: Readonly<Record<string, MockCell>>,
  top: number,
  left: number,
  rows: number,
  cols: number,
): Data {
  const entries = Object.entries(cells)
    .map(([address, cell]) => ({ at: adr(address), ...cellParts(cell) }))
    .filter((e) => e.at.row >= top && e.at.row < top + rows && e.at.col >= left && e.at.col < left + cols);
  const grid = <T>(fill: T): T[][] => Array.from({ length: rows }, () => Array.from({ length: cols }, () => fill));
  const values = grid<unknown>("");
  const formulas = grid<unknown>("");
  const numberFormat = grid("General");
  const valueTypes = grid("Empty");
  for (const e of entries) {
    const r = e.at.row - top;
    const c = e.at.col - left;
    values[r][c] = e.value;
    formulas[r][c] = e.formula !== undefined ? `=${e.formula}` : e.value;
    if (e.numberFormat) numberFormat[r][c] = e.numberFormat;
    valueTypes[r][c] = valueType(e.value, e.error);
  }
  const address = `${columnLetters(left)}${top + 1}:${columnLetters(left + cols - 1)}${top + rows}`;
  return {
    values,
    formulas,
    numberFormat,
    valueTypes,
    rowIndex: top,
    columnIndex: left,
    rowCount: rows,
    columnCount: cols,
    address,
  };
}

const EMPTY_RANGE: Data = {
  values: [],
  formulas: [],
  numberFormat: [],
  valueTypes: [],
  rowIndex: 0,
  columnIndex: 0,
  rowCount: 0,
  columnCount: 0,
  address: "",
};

/** The rows and columns of an A1 block (`B2:D4`, `C5`), zero-based; null for whole rows or columns. */
function blockOf(address: string): { r1: number; c1: number; r2: number; c2: number } | null {
  const m = /^([A-Z]+\d+)(?::([A-Z]+\d+))?$/.exec(address.replace(/\$/g, ""));
  if (!m) return null;
  const from = adr(m[1]);
  const to = m[2] ? adr(m[2]) : from;
  return { r1: from.row, c1: from.col, r2: to.row, c2: to.col };
}

/** The areas `range.merge(across)` makes: the range, or each of its rows when `across`. */
export function mergedAreas(address: string, across: boolean): string[] {
  const block = blockOf(address);
  if (!across || !block) return [address];
  const out: string[] = [];
  for (let r = block.r1; r <= block.r2; r++) {
    out.push(`${columnLetters(block.c1)}${r + 1}:${columnLetters(block.c2)}${r + 1}`);
  }
  return out;
}

/**
 * A workbook of mock sheets. Reads: worksheets (name, visibility), used ranges, whole-sheet merged
 * areas, workbook and sheet names. Writes: `worksheets.add`, ranges with `format`, `dataValidation`,
 * `conditionalFormats.add`, `merge`, borders, page layout, freeze panes, `names.add`, `activate`.
 */
export function mockWorkbook(spec: MockWorkbookSpec, host = new MockHost()): MockWorkbook {
  const sheets: (MockSheet & { spec: MockSheetSpec })[] = [];
  const addedNames: { name: string; sheet: string; address: string }[] = [];

  const nameMock = (n: MockName): OfficeMockObject => host.object({ name: n.name, formula: n.formula });

  const writableRange = (sheetName: string, address: string): OfficeMockObject => {
    const path = `${sheetName}!${address}`;
    const borders = new Map<string, OfficeMockObject>();
    const range = host.object({
      address: `${sheetRef(sheetName)}!${address}`,
      format: {
        font: {},
        fill: {},
        protection: {},
        borders: {
          getItem: host.method(`${path}.format.borders.getItem`, (edge: string) => {
            const border = borders.get(edge) ?? host.object({});
            borders.set(edge, border);
            return border;
          }),
        },
      },
      dataValidation: {},
      conditionalFormats: {
        add: host.method(`${path}.conditionalFormats.add`, (type: string) =>
          host.object({ type, custom: { rule: {}, format: { fill: {}, font: {} } } }),
        ),
      },
      merge: host.method(`${path}.merge`),
      unmerge: host.method(`${path}.unmerge`),
      insert: host.method(`${path}.insert`),
      delete: host.method(`${path}.delete`),
      copyFrom: host.method(`${path}.copyFrom`),
      clear: host.method(`${path}.clear`),
      select: host.method(`${path}.select`),
    });
    return range;
  };

  // Event handlers by event path; `remove` takes effect at once (Excel applies it at the next sync).
  const handlers = new Map<string, Set<(args: unknown) => Promise<unknown>>>();
  let requestContext: OfficeMockObject | null = null;
  const events = (path: string): Data => {
    const live = handlers.get(path) ?? new Set();
    handlers.set(path, live);
    return {
      add: host.method(`${path}.add`, (handler: (args: unknown) => Promise<unknown>) => {
        live.add(handler);
        return { context: requestContext, remove: host.method(`${path}.remove`, () => live.delete(handler)) };
      }),
    };
  };

  const makeSheet = (s: MockSheetSpec): MockSheet & { spec: MockSheetSpec } => {
    const ranges: WrittenRange[] = [];
    const cells = s.cells ?? {};
    const used = usedRangeData(cells);
    const usedRange = host.object(used ?? EMPTY_RANGE, used === null);
    // The part of the used range within an A1 block (the readers' first window), or a null object.
    usedRange.getIntersectionOrNullObject = host.method(
      `${s.name}.used.getIntersectionOrNullObject`,
      (address: string) => {
        const b = blockOf(address);
        if (!used || !b) return host.object(EMPTY_RANGE, true);
        const r1 = Math.max(b.r1, used.rowIndex as number);
        const c1 = Math.max(b.c1, used.columnIndex as number);
        const r2 = Math.min(b.r2, (used.rowIndex as number) + (used.rowCount as number) - 1);
        const c2 = Math.min(b.c2, (used.columnIndex as number) + (used.columnCount as number) - 1);
        if (r1 > r2 || c1 > c2) return host.object(EMPTY_RANGE, true);
        return host.object(blockData(cells, r1, c1, r2 - r1 + 1, c2 - c1 + 1));
      },
    );
    const merged = host.object({ address: (s.merges ?? []).map((m) => `${sheetRef(s.name)}!${m}`).join(",") });
    merged.isNullObject = (s.merges ?? []).length === 0;
    const whole = host.object({
      address: `${sheetRef(s.name)}!1:1048576`,
      getMergedAreasOrNullObject: host.method(`${s.name}.getMergedAreasOrNullObject`, () => merged),
    });
    const mock = host.object({
      name: s.name,
      id: mockSheetId(s.name),
      onChanged: events(`${s.name}.onChanged`),
      visibility: s.visibility ?? "Visible",
      pageLayout: {
        setPrintTitleRows: host.method(`${s.name}.pageLayout.setPrintTitleRows`),
        setPrintArea: host.method(`${s.name}.pageLayout.setPrintArea`),
        setPrintMargins: host.method(`${s.name}.pageLayout.setPrintMargins`),
      },
      freezePanes: { freezeRows: host.method(`${s.name}.freezePanes.freezeRows`) },
      activate: host.method(`${s.name}.activate`),
      getUsedRangeOrNullObject: host.method(`${s.name}.getUsedRangeOrNullObject`, () => usedRange),
      getRangeByIndexes: host.method(
        `${s.name}.getRangeByIndexes`,
        (row: number, col: number, rows: number, cols: number) => host.object(blockData(cells, row, col, rows, cols)),
      ),
      getRange: host.method(`${s.name}.getRange`, (address?: string) => {
        if (address === undefined) return whole;
        const range = writableRange(s.name, address);
        ranges.push({ address, mock: range });
        return range;
      }),
    });
    // Set after construction: a declared object property would be put back by the next sync.
    mock.names = host.collection((s.names ?? []).map(nameMock));
    return {
      name: s.name,
      mock,
      ranges,
      spec: s,
      range: (address) => [...ranges].reverse().find((r) => r.address === address)?.mock,
    };
  };

  for (const s of spec.sheets) sheets.push(makeSheet(s));
  const sheetItems = sheets.map((s) => s.mock);
  const nullSheet = (): OfficeMockObject => {
    const none = host.object({}, true);
    none.getUsedRangeOrNullObject = () => {
      const nothing = host.object(EMPTY_RANGE, true);
      nothing.getIntersectionOrNullObject = () => host.object(EMPTY_RANGE, true);
      return nothing;
    };
    return none;
  };
  const find = (name: string) =>
    sheets.find((s) => s.name.toLowerCase() === name.toLowerCase() || mockSheetId(s.name) === name);

  const worksheets = host.collection(sheetItems, {
    getItem: host.method("workbook.worksheets.getItem", (name: string) => {
      const s = find(name);
      if (!s) throw new Error(`ItemNotFound: ${name}`);
      return s.mock;
    }),
    getItemOrNullObject: host.method(
      "workbook.worksheets.getItemOrNullObject",
      (name: string) => find(name)?.mock ?? nullSheet(),
    ),
    getActiveWorksheet: host.method(
      "workbook.worksheets.getActiveWorksheet",
      () => (spec.active ? find(spec.active) : sheets[0])?.mock,
    ),
    add: host.method("workbook.worksheets.add", (name: string) => {
      if (find(name)) throw new Error(`ItemAlreadyExists: ${name}`);
      const s = makeSheet({ name });
      sheets.push(s);
      sheetItems.push(s.mock);
      return s.mock;
    }),
    onChanged: events("worksheets.onChanged"),
    onActivated: events("worksheets.onActivated"),
    onAdded: events("worksheets.onAdded"),
  });
  const nameItems = (spec.names ?? []).map(nameMock);
  const names = host.collection(nameItems, {
    add: host.method("workbook.names.add", (name: string, reference: OfficeMockObject) => {
      const written = [...sheets].flatMap((s) => s.ranges.map((r) => ({ sheet: s.name, ...r })));
      const target = written.find((r) => r.mock === reference);
      if (!target) throw new Error(`names.add: not a range of this workbook`);
      addedNames.push({ name, sheet: target.sheet, address: target.address });
      nameItems.push(nameMock({ name, formula: `=${sheetRef(target.sheet)}!${absolute(target.address)}` }));
    }),
    getItem: host.method("workbook.names.getItem", (name: string) => {
      const item = nameItems.find((n) => String(n.name).toLowerCase() === name.toLowerCase());
      if (!item) throw new Error(`ItemNotFound: ${name}`);
      return item;
    }),
  });
  const context = host.context({ workbook: {} });
  requestContext = context;
  context.workbook.worksheets = worksheets;
  context.workbook.names = names;

  const snapshot = (): MockWorkbookSpec => ({
    active: spec.active,
    names: [
      ...(spec.names ?? []),
      ...addedNames.map((n) => ({ name: n.name, formula: `=${sheetRef(n.sheet)}!${absolute(n.address)}` })),
    ],
    sheets: sheets.map((s) => {
      const cells = new Map<string, MockCell>(Object.entries(s.spec.cells ?? {}));
      const merges = [...(s.spec.merges ?? [])];
      for (const { address, mock } of s.ranges) {
        const block = blockOf(address);
        if (!block) continue;
        const at = (r: number, c: number): string => `${columnLetters(block.c1 + c)}${block.r1 + r + 1}`;
        const content = (Array.isArray(mock.formulas) ? mock.formulas : mock.values) as unknown[][] | undefined;
        content?.forEach((row, r) =>
          row.forEach((v, c) => {
            const address = at(r, c);
            const previous = cells.get(address);
            const numberFormat =
              typeof previous === "object" && "numberFormat" in previous ? previous.numberFormat : undefined;
            // Clearing a cell's content keeps its format, as in Excel.
            const keep = numberFormat ? { numberFormat } : {};
            if (v === "" || v === null) {
              if (numberFormat) cells.set(address, keep);
              else cells.delete(address);
            } else if (typeof v === "string" && v.startsWith("=")) cells.set(address, { formula: v.slice(1), ...keep });
            else if (typeof v === "string" && v.startsWith("'")) cells.set(address, { value: v.slice(1), ...keep });
            else cells.set(address, { value: v as string | number | boolean, ...keep });
          }),
        );
        (mock.numberFormat as string[][] | undefined)?.forEach((row, r) =>
          row.forEach((f, c) => {
            const address = at(r, c);
            const previous = cells.get(address);
            if (f === "General") return;
            if (previous === undefined) cells.set(address, { numberFormat: f });
            else if (typeof previous === "object" && !("error" in previous))
              cells.set(address, { ...previous, numberFormat: f });
            else cells.set(address, { value: previous as string | number | boolean, numberFormat: f });
          }),
        );
      }
      for (const call of host.calls) {
        const m = /^(.*)!(.*)\.merge$/.exec(call.path);
        if (m && m[1] === s.name) merges.push(...mergedAreas(m[2], call.args[0] === true));
      }
      return {
        name: s.name,
        visibility: s.spec.visibility,
        cells: Object.fromEntries(cells),
        merges,
        names: s.spec.names,
      };
    }),
  });

  return {
    host,
    context: context as unknown as Excel.RequestContext,
    sheet: (name) => find(name),
    snapshot,
    emit: async (event, args) => {
      for (const handler of [...(handlers.get(event) ?? [])]) await handler(args);
    },
    handlerCount: (event) => handlers.get(event)?.size ?? 0,
  };
}

/**
 * An ExcelApi support test for a host that has every requirement set up to `version`.
 * @example upTo("1.7")("1.8") === false; upTo("1.13")("1.9") === true
 */
export function upTo(version: string): (v: string) => boolean {
  const minor = (v: string): number => Number(v.split(".")[1]);
  return (v) => minor(v) <= minor(version);
}
