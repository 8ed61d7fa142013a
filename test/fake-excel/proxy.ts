/**
 * The proxy model of the Excel JS API, over the in-memory workbook:
 *
 * - Every API object is a proxy bound to a request context. Reading a property throws Office.js's
 *   PropertyNotLoaded error unless the property was `load()`-ed and a `context.sync()` has answered (or
 *   the add-in set it itself, which Office.js also lets it read back).
 * - Property sets and method calls are queued; nothing reaches the workbook before `sync()`, which sends
 *   the queue in order and answers the loads. Objects made by methods (`getRange`, `add`…) exist on the
 *   workbook's side only once the sync that creates them has run.
 * - Every round trip, proxy object, load and queued write is counted (`Stats`), so tests and the
 *   benchmark can hold the add-in to a fixed number of round trips, and to no writes at all when it
 *   only reads.
 * - Anything of the API that is not described here throws "FakeExcel: not implemented: …", so a gap
 *   is found instead of ignored.
 *
 * The API's types (Range, Worksheet…) are described as data in api.ts.
 */
import { NotImplementedError, OfficeError, propertyNotLoadedMessage } from "./errors";
import type { FakeWorkbook, WorkbookEvent } from "./workbook";

/** What the stand-in counts. */
export interface Stats {
  /** `context.sync()` calls, including the one `Excel.run` makes for writes left queued at its end. */
  syncs: number;
  /** API proxy objects created (navigation properties once per parent, collection items per load). */
  proxies: number;
  /** Queued writes: property sets and methods that change the workbook (not select/activate). */
  writes: number;
  /** `load()` calls. */
  loads: number;
  /** `select()`/`activate()` calls: they change what the user sees, not the workbook. */
  uiOps: number;
  /** `Excel.run` calls. */
  runs: number;
  /** Event handlers called. */
  events: number;
  /** The writes applied, in order (`Range(自评表!A1:I3).formulas`). */
  writeLog: string[];
}

export const emptyStats = (): Stats => ({
  syncs: 0,
  proxies: 0,
  writes: 0,
  loads: 0,
  uiOps: 0,
  runs: 0,
  events: 0,
  writeLog: [],
});

/** The shared state of one stand-in: the workbook, counters, cell-edit mode, supported API version. */
export interface Host {
  readonly workbook: FakeWorkbook;
  readonly stats: Stats;
  editMode: boolean;
  readonly editModeWaiters: (() => void)[];
  /** The highest ExcelApi requirement set the host supports: "1.19". */
  excelApi: string;
  /** Milliseconds a round trip takes. */
  latencyMs: number;
  /**
   * The most a request's writes, or a response's loaded values, may weigh (UTF-8 bytes of their JSON):
   * Excel on the web refuses more than 5 MB either way (RequestPayloadSizeLimitExceeded,
   * ResponsePayloadSizeLimitExceeded; https://learn.microsoft.com/office/dev/add-ins/concepts/resource-limits-and-performance-optimization#excel-add-ins).
   */
  payloadLimitBytes: number;
}

/** UTF-8 bytes of a value's JSON, as it travels between the add-in and Excel. */
export function payloadBytes(value: unknown): number {
  const json = JSON.stringify(value);
  if (json === undefined) return 0;
  let bytes = 0;
  for (let i = 0; i < json.length; i++) {
    const code = json.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code < 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

export function versionAtLeast(have: string, need: string): boolean {
  const a = have.split(".").map(Number);
  const b = need.split(".").map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}

/** The workbook-side object a proxy stands for, or NULL for a null object. */
export const NULL: unique symbol = Symbol("null object");
const UNBOUND: unique symbol = Symbol("unbound");
export type Target = unknown;

type Kind = "write" | "ui" | "read" | "event" | "other";

interface Op {
  readonly kind: Kind;
  /** What the operation sends to Excel (a write's value), in bytes. */
  readonly bytes: number;
  /** What the operation is, worked out when it runs (objects have no address before). */
  readonly label: () => string;
  readonly run: () => void;
}

export interface PropSpec {
  readonly get?: (t: never, host: Host) => unknown;
  readonly set?: (t: never, value: unknown, host: Host) => void;
  /** ExcelApi version that brought it. */
  readonly since?: string;
}

export interface NavSpec {
  readonly type: string;
  readonly derive: (t: never, host: Host) => Target;
  readonly since?: string;
}

/** A method: what it does, given the helpers that queue operations and make child proxies. */
export type MethodImpl = (m: MethodCall, ...args: never[]) => unknown;

export interface EventSpec {
  /** Which workbook events reach the handler, and the arguments it gets. */
  readonly filter: (t: never, event: WorkbookEvent) => boolean;
  readonly args: (t: never, event: WorkbookEvent, host: Host, ctx: FakeRequestContext) => Record<string, unknown>;
  readonly since?: string;
}

export interface TypeSpec {
  readonly name: string;
  readonly props: Readonly<Record<string, PropSpec>>;
  readonly nav?: Readonly<Record<string, NavSpec>>;
  readonly methods?: Readonly<Record<string, MethodImpl>>;
  readonly events?: Readonly<Record<string, EventSpec>>;
  readonly collection?: { readonly itemType: string; readonly items: (t: never, host: Host) => Target[] };
  /** A label for write logs and errors: `Range(自评表!A1)`. */
  readonly describe?: (t: never, host: Host) => string;
  /** Checks that the target still exists (a deleted sheet's objects fail with ItemNotFound). */
  readonly live?: (t: never, host: Host) => void;
}

const TYPES = new Map<string, TypeSpec>();

export function defineType(spec: TypeSpec): void {
  TYPES.set(spec.name, spec);
}

export function typeSpec(name: string): TypeSpec {
  const spec = TYPES.get(name);
  if (!spec) throw new NotImplementedError(`type ${name}`);
  return spec;
}

/** Names that JavaScript runtimes, test tools and React probe on any object; they are not API calls. */
const PROBES = new Set([
  "then",
  "toString",
  "valueOf",
  "constructor",
  "$$typeof",
  "nodeType",
  "tagName",
  "asymmetricMatch",
  "inspect",
  "_isMockFunction",
  "@@__IMMUTABLE_ITERABLE__@@",
  "@@__IMMUTABLE_RECORD__@@",
  "toJSON_",
  "__esModule",
  "prototype",
  "length",
]);

const cores = new WeakMap<object, Core>();

/** The core of an API proxy; undefined for anything else. */
export const coreOf = (value: unknown): Core | undefined =>
  typeof value === "object" && value !== null ? cores.get(value) : undefined;

export class Core {
  readonly loaded = new Map<string, unknown>();
  readonly local = new Map<string, unknown>();
  readonly nav = new Map<string, object>();
  readonly handlers = new Map<string, object>();
  items: object[] | null = null;
  target: Target | typeof UNBOUND = UNBOUND;
  synced = false;
  readonly proxy: object;

  constructor(
    readonly ctx: FakeRequestContext,
    readonly type: TypeSpec,
    readonly derive: (() => Target) | null,
  ) {
    ctx.host.stats.proxies++;
    ctx.unsynced.push(this);
    this.proxy = new Proxy({}, handler(this));
    cores.set(this.proxy, this);
  }

  /** The workbook-side object; only valid while a sync runs the queue (or after). */
  resolve(): Target {
    if (this.target === UNBOUND) {
      if (!this.derive) throw new Error(`FakeExcel internal: ${this.type.name} used before the request that makes it`);
      this.target = this.derive();
    }
    if (this.target !== NULL) this.type.live?.(this.target as never, this.ctx.host);
    return this.target;
  }

  get isNull(): boolean {
    return this.resolve() === NULL;
  }

  label(): string {
    if (this.target === UNBOUND || this.target === NULL) return this.type.name;
    return this.type.describe ? this.type.describe(this.target as never, this.ctx.host) : this.type.name;
  }

  /** A navigation child (`range.format`), made once per parent as Office.js does. */
  navChild(name: string, spec: NavSpec): object {
    let child = this.nav.get(name);
    if (!child) {
      const type = typeSpec(spec.type);
      const core = new Core(this.ctx, type, () => {
        const parent = this.resolve();
        return parent === NULL ? NULL : spec.derive(parent as never, this.ctx.host);
      });
      child = core.proxy;
      this.nav.set(name, child);
    }
    return child;
  }
}

/** Helpers a method implementation gets. */
export class MethodCall {
  constructor(
    readonly core: Core,
    readonly name: string,
  ) {}

  get host(): Host {
    return this.core.ctx.host;
  }

  /** Queues an operation on this object's target. */
  private queue(kind: Kind, what: string, run: (t: never) => void): void {
    const core = this.core;
    core.ctx.enqueue(
      kind,
      () => `${core.label()}.${what}`,
      () => {
        const t = core.resolve();
        if (t === NULL) throw new OfficeError("ItemNotFound", `${core.type.name}.${this.name} on a null object`);
        run(t as never);
      },
    );
  }

  /** A write to the workbook, applied at the next sync. */
  write(what: string, run: (t: never) => void): void {
    this.queue("write", what, run);
  }

  /** A change of what the user sees (selection, active sheet), applied at the next sync. */
  ui(run: (t: never) => void): void {
    this.queue("ui", `${this.name}()`, run);
  }

  /** An operation that changes nothing the add-in could read (calculate, suspend…). */
  other(run: (t: never) => void): void {
    this.queue("other", `${this.name}()`, run);
  }

  /**
   * A child object made by this call, bound when the sync runs it: `make` answers its target, or NULL
   * (for the *OrNullObject methods, `orNull`), or throws (ItemNotFound…). Writes (`add`) count as writes.
   */
  child(type: string, make: (t: never) => Target, options: { orNull?: boolean; write?: string } = {}): object {
    const core = new Core(this.core.ctx, typeSpec(type), null);
    const parent = this.core;
    const kind: Kind = options.write ? "write" : "read";
    this.core.ctx.enqueue(
      kind,
      () => `${parent.label()}.${options.write ?? this.name}`,
      () => {
        const t = parent.resolve();
        if (t === NULL) {
          if (options.orNull) core.target = NULL;
          else throw new OfficeError("ItemNotFound", `${parent.type.name}.${this.name} on a null object`);
          return;
        }
        core.target = make(t as never);
      },
    );
    return core.proxy;
  }

  /** A ClientResult: `.value` readable after the sync. */
  result<T>(compute: (t: never) => T): { readonly value: T } {
    const core = this.core;
    let value: T | typeof UNBOUND = UNBOUND;
    core.ctx.enqueue(
      "read",
      () => `${core.label()}.${this.name}()`,
      () => {
        const t = core.resolve();
        if (t === NULL) throw new OfficeError("ItemNotFound", `${core.type.name}.${this.name} on a null object`);
        value = compute(t as never);
      },
    );
    return {
      get value(): T {
        if (value === UNBOUND) throw new OfficeError("PropertyNotLoaded", undefined, propertyNotLoadedMessage("value"));
        return value;
      },
    };
  }

  /** The target of a proxy argument (a Range passed to `names.add`), checked to be of this context. */
  argument(value: unknown, what: string): Core {
    const core = coreOf(value);
    if (!core) throw new OfficeError("InvalidArgument", `${what} must be an API object`);
    if (core.ctx !== this.core.ctx) throw new OfficeError("InvalidRequestContext");
    return core;
  }
}

function notLoaded(property: string): never {
  const error = new OfficeError("PropertyNotLoaded");
  // Office.js's exact text, without the stand-in's decoration.
  Object.defineProperty(error, "message", { value: propertyNotLoadedMessage(property) });
  error.debugInfo.message = propertyNotLoadedMessage(property);
  throw error;
}

/** A snapshot of a loaded value: arrays are copied so that later changes do not show through. */
const snapshot = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(snapshot)
    : value !== null && typeof value === "object"
      ? structuredClone(value)
      : value;

/** The property paths of a `load()` argument: "a, b/c", ["a"], { select, expand } or { a: true, b: { c: true } }. */
export function loadPaths(arg: unknown): string[] {
  if (arg === undefined || arg === null) return ["*"];
  if (typeof arg === "string")
    return arg
      .split(",")
      .map((p) => p.trim())
      .filter((p) => p !== "");
  if (Array.isArray(arg)) return arg.flatMap((a) => loadPaths(a));
  if (typeof arg === "object") {
    const o = arg as Record<string, unknown>;
    if ("select" in o || "expand" in o) {
      const select = o.select === undefined ? [] : loadPaths(o.select);
      const expand = o.expand === undefined ? [] : loadPaths(o.expand);
      if ("top" in o || "skip" in o) throw new NotImplementedError("load({ top, skip })");
      return [...select, ...expand];
    }
    const out: string[] = [];
    for (const [k, v] of Object.entries(o)) {
      if (v === true) out.push(k);
      else if (v && typeof v === "object") for (const sub of loadPaths(v)) out.push(sub === "*" ? k : `${k}/${sub}`);
    }
    return out;
  }
  throw new OfficeError("InvalidArgument", "load()");
}

function checkSince(core: Core, what: string, since: string | undefined): void {
  if (since && !versionAtLeast(core.ctx.host.excelApi, since)) {
    core.ctx.enqueue("read", `${core.type.name}.${what}`, () => {
      throw new OfficeError(
        "ApiNotFound",
        `${core.type.name}.${what} needs ExcelApi ${since}; the host has ${core.ctx.host.excelApi}`,
      );
    });
  }
}

/** A loaded property's answer, weighed against the response limit of the round trip. */
function answer(core: Core, name: string, value: unknown): void {
  const ctx = core.ctx;
  ctx.responseBytes += payloadBytes(value);
  if (ctx.responseBytes > ctx.host.payloadLimitBytes)
    throw new OfficeError(
      "ResponsePayloadSizeLimitExceeded",
      `the response of this round trip passed ${ctx.host.payloadLimitBytes} bytes at ${core.label()}.${name}`,
    );
  core.loaded.set(name, snapshot(value));
}

/** Answers one load path on a core, during a sync. */
function loadPath(core: Core, path: string): void {
  const t = core.resolve();
  const [head, ...rest] = path.split("/");
  const type = core.type;
  if (type.collection) {
    const items = head === "items" ? rest.join("/") || "*" : path;
    // Each load answers the collection anew, with new item objects, as Office.js does.
    if (core.items === null) {
      const itemType = typeSpec(type.collection.itemType);
      core.items =
        t === NULL
          ? []
          : type.collection.items(t as never, core.ctx.host).map((target) => {
              const item = new Core(core.ctx, itemType, null);
              item.target = target;
              return item.proxy;
            });
    }
    for (const item of core.items) loadPath(coreOf(item) as Core, items);
    return;
  }
  if (t === NULL) return;
  if (head === "*") {
    for (const [name, spec] of Object.entries(type.props)) {
      if (spec.get && (!spec.since || versionAtLeast(core.ctx.host.excelApi, spec.since)))
        answer(core, name, spec.get(t as never, core.ctx.host));
    }
    return;
  }
  const prop = type.props[head];
  if (prop?.get) {
    if (rest.length > 0) throw new OfficeError("InvalidArgument", `load("${path}"): ${head} is not an object`);
    if (prop.since && !versionAtLeast(core.ctx.host.excelApi, prop.since))
      throw new OfficeError("ApiNotFound", `${type.name}.${head} needs ExcelApi ${prop.since}`);
    answer(core, head, prop.get(t as never, core.ctx.host));
    return;
  }
  const nav = type.nav?.[head];
  if (nav) {
    const child = coreOf(core.navChild(head, nav)) as Core;
    loadPath(child, rest.length > 0 ? rest.join("/") : "*");
    return;
  }
  throw new NotImplementedError(`load("${path}") on ${type.name}`);
}

function toJSON(core: Core): unknown {
  if (core.type.collection) {
    return { items: (core.items ?? []).map((i) => toJSON(coreOf(i) as Core)) };
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of core.loaded) out[k] = v;
  for (const [k, child] of core.nav) {
    const json = toJSON(coreOf(child) as Core) as Record<string, unknown>;
    if (Object.keys(json).length > 0 && !(Array.isArray(json.items) && json.items.length === 0)) out[k] = json;
  }
  return out;
}

function eventHandlers(core: Core, name: string, spec: EventSpec): object {
  let handlers = core.handlers.get(name);
  if (handlers) return handlers;
  checkSince(core, name, spec.since);
  const ctx = core.ctx;
  handlers = {
    add(handler: (args: Record<string, unknown>) => unknown) {
      if (typeof handler !== "function") throw new OfficeError("InvalidArgument", `${name}.add needs a function`);
      let unsubscribe: (() => void) | null = null;
      ctx.enqueue("event", `${core.label()}.${name}.add`, () => {
        const t = core.resolve();
        if (t === NULL) throw new OfficeError("ItemNotFound", `${name} on a null object`);
        unsubscribe = ctx.host.workbook.subscribe((event) => {
          if (!spec.filter(t as never, event)) return;
          ctx.host.stats.events++;
          try {
            const result = handler(spec.args(t as never, event, ctx.host, ctx));
            if (result && typeof (result as Promise<unknown>).catch === "function") {
              (result as Promise<unknown>).catch((error: unknown) =>
                console.error("FakeExcel: event handler failed", error),
              );
            }
          } catch (error) {
            console.error("FakeExcel: event handler failed", error);
          }
        });
      });
      return {
        context: ctx,
        remove() {
          ctx.enqueue("event", `${core.label()}.${name}.remove`, () => {
            unsubscribe?.();
            unsubscribe = null;
          });
        },
      };
    },
    remove() {
      throw new NotImplementedError(`${name}.remove(handler): use the EventHandlerResult's remove()`);
    },
  };
  core.handlers.set(name, handlers);
  return handlers;
}

function applySet(core: Core, values: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(values)) {
    const nav = core.type.nav?.[k];
    if (nav && v && typeof v === "object" && !Array.isArray(v)) {
      applySet(coreOf(core.navChild(k, nav)) as Core, v as Record<string, unknown>);
    } else {
      (core.proxy as Record<string, unknown>)[k] = v;
    }
  }
}

function handler(core: Core): ProxyHandler<object> {
  const type = core.type;
  return {
    get(_, prop) {
      if (typeof prop === "symbol") return undefined;
      switch (prop) {
        case "context":
          return core.ctx;
        case "isNullObject":
          if (!core.synced) notLoaded("isNullObject");
          return core.target === NULL;
        case "load":
          return (arg?: unknown) => {
            const paths = loadPaths(arg);
            core.ctx.host.stats.loads++;
            core.ctx.enqueue(
              "read",
              () => `${core.label()}.load(${paths.join(",")})`,
              () => {
                if (type.collection) core.items = null;
                for (const p of paths) loadPath(core, p);
              },
            );
            return core.proxy;
          };
        case "toJSON":
          return () => toJSON(core);
        case "set":
          return (values: Record<string, unknown>) => {
            applySet(core, values);
          };
        case "track":
        case "untrack":
          return () => core.proxy;
      }
      if (type.collection && prop === "items") {
        if (core.items === null || !core.synced) notLoaded("items");
        return core.items;
      }
      const p = type.props[prop];
      if (p) {
        if (core.local.has(prop)) return core.local.get(prop);
        if (core.loaded.has(prop)) return core.loaded.get(prop);
        // Office.js answers undefined, without an error, for the properties of a null object.
        if (core.synced && core.target === NULL) return undefined;
        return notLoaded(prop);
      }
      const nav = type.nav?.[prop];
      if (nav) {
        const child = core.navChild(prop, nav);
        checkSince(coreOf(child) as Core, prop, nav.since);
        return child;
      }
      const method = type.methods?.[prop];
      if (method) return (...args: never[]) => method(new MethodCall(core, prop), ...args);
      const event = type.events?.[prop];
      if (event) return eventHandlers(core, prop, event);
      if (PROBES.has(prop)) return undefined;
      throw new NotImplementedError(`${type.name}.${prop}`);
    },
    set(_, prop, value) {
      if (typeof prop === "symbol") throw new NotImplementedError(`${type.name}[symbol]`);
      const p = type.props[prop];
      if (!p) {
        if (type.nav?.[prop] || type.methods?.[prop])
          throw new TypeError(`Cannot set property ${prop} of ${type.name}`);
        throw new NotImplementedError(`setting ${type.name}.${prop}`);
      }
      if (!p.set) throw new TypeError(`Cannot set property ${prop} of #<${type.name}> which has only a getter`);
      const setter = p.set;
      core.local.set(prop, value);
      if (p.since && !versionAtLeast(core.ctx.host.excelApi, p.since)) checkSince(core, prop, p.since);
      const label = (): string => `${core.label()}.${prop}`;
      core.ctx.enqueue(
        "write",
        label,
        () => {
          const t = core.resolve();
          if (t === NULL) throw new OfficeError("ItemNotFound", `${label()} on a null object`);
          setter(t as never, value, core.ctx.host);
        },
        payloadBytes(value),
      );
      return true;
    },
    has(_, prop) {
      if (typeof prop === "symbol") return false;
      return (
        ["context", "isNullObject", "load", "toJSON", "set", "track", "untrack"].includes(prop) ||
        (type.collection !== undefined && prop === "items") ||
        prop in type.props ||
        prop in (type.nav ?? {}) ||
        prop in (type.methods ?? {}) ||
        prop in (type.events ?? {})
      );
    },
  };
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Excel.RequestContext: the queue of one batch and its round trips. */
export class FakeRequestContext {
  readonly host: Host;
  /** Set when the Excel.run that made it has finished: its objects can no longer be used. */
  ended = false;
  /** `Excel.run({ delayForCellEdit: true }, …)`: requests wait for the user to leave cell-edit mode. */
  delayForCellEdit = false;
  readonly unsynced: Core[] = [];
  /** What the round trip being answered has loaded so far, in bytes. */
  responseBytes = 0;
  readonly trackedObjects = { add: (): void => undefined, remove: (): void => undefined };
  private readonly queueOps: Op[] = [];
  private workbookProxy: object | null = null;

  constructor(host: Host) {
    this.host = host;
  }

  get workbook(): Excel.Workbook {
    if (!this.workbookProxy) {
      const core = new Core(this, typeSpec("Workbook"), null);
      core.target = this.host.workbook;
      this.workbookProxy = core.proxy;
    }
    return this.workbookProxy as Excel.Workbook;
  }

  get application(): Excel.Application {
    return (this.workbook as unknown as { application: Excel.Application }).application;
  }

  get pending(): number {
    return this.queueOps.length;
  }

  /** Queues an operation; `bytes` is what it sends (a write's value), weighed against the request limit. */
  enqueue(kind: Kind, label: string | (() => string), run: () => void, bytes = 0): void {
    const stats = this.host.stats;
    if (kind === "write") stats.writes++;
    else if (kind === "ui") stats.uiOps++;
    this.queueOps.push({ kind, label: typeof label === "string" ? () => label : label, run, bytes });
  }

  /** context.load(object, properties): the same as object.load(properties). */
  load<T>(object: T, properties?: unknown): T {
    (object as unknown as { load(p?: unknown): void }).load(properties);
    return object;
  }

  /** One round trip: sends the queue in order, answers the loads; fails as Excel fails. */
  async sync<T>(passThroughValue?: T): Promise<T> {
    const host = this.host;
    host.stats.syncs++;
    const ops = this.queueOps.splice(0);
    const made = this.unsynced.splice(0);
    await delay(host.latencyMs);
    if (host.editMode && this.delayForCellEdit) {
      await new Promise<void>((resolve) => host.editModeWaiters.push(resolve));
    }
    if (host.editMode) throw new OfficeError("InvalidOperationInCellEditMode");
    // Excel refuses an oversized request whole, before doing any of it.
    const sent = ops.reduce((n, op) => n + op.bytes, 0);
    if (sent > host.payloadLimitBytes)
      throw new OfficeError(
        "RequestPayloadSizeLimitExceeded",
        `${sent} bytes in one request (${host.payloadLimitBytes} at most)`,
      );
    this.responseBytes = 0;
    if (this.ended && ops.some((op) => op.kind !== "event"))
      throw new OfficeError("InvalidObjectPath", "an object of a finished Excel.run was used");
    const workbook = host.workbook;
    workbook.addinWriting = true;
    try {
      for (const op of ops) {
        try {
          op.run();
          if (op.kind === "write") host.stats.writeLog.push(op.label());
        } catch (error) {
          if (error instanceof OfficeError && !error.debugInfo.errorLocation) {
            Object.assign(error.debugInfo, { errorLocation: op.label() });
          }
          throw error;
        }
      }
      // HyperFormula computes on each change; nothing to recalculate here.
    } finally {
      workbook.addinWriting = false;
      workbook.flushPendingEvents();
      for (const core of [...made, ...this.unsynced.splice(0)]) core.synced = true;
    }
    return passThroughValue as T;
  }
}
