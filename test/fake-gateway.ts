/**
 * An in-memory WorkbookGateway for the task pane's component tests: forms per sheet (domain Form
 * objects, e.g. from `makeForm`), an active sheet, a record of every call with its arguments, events a
 * test emits, failures a test asks for, and reads a test can hold back to answer out of order.
 */
import type { CellAddress, SheetCell } from "../src/domain/address";
import type { Field, Form, Indicator } from "../src/domain/model";
import type {
  ActiveSheet,
  FromDeclarationResult,
  MadeSheet,
  NewFormHeader,
  NormalizeResult,
  PlannedChange,
  Unsubscribe,
  WorkbookGateway,
} from "../src/taskpane/gateway";
import type { Template } from "../src/domain/templates/schema";
import { defaultConvertTemplate, selfEvaluationFromDeclaration } from "../src/layout/from-declaration";
import { readStandardForms } from "../src/layout/read-standard";
import { layoutSelfEvaluation } from "../src/layout/standard";
import { fromDescriptions, toGrid } from "./sheet-grid";

export type GatewayMethod = keyof WorkbookGateway;

export interface GatewayCall {
  readonly name: GatewayMethod;
  readonly args: readonly unknown[];
}

/** The methods that change the workbook. */
export const WRITE_METHODS: readonly GatewayMethod[] = [
  "createForm",
  "applyFill",
  "addIndicatorRow",
  "deleteIndicatorRow",
  "normalizeSheet",
  "selfEvaluationFromDeclarations",
  "buildSummarySheet",
];

/** A call held back by `holdNext`, answered when the test releases it. */
export interface HeldCall {
  release(): void;
}

type Listener = (sheetName: string) => void;

export class FakeGateway implements WorkbookGateway {
  /** Every call, in order, with its arguments. */
  readonly calls: GatewayCall[] = [];
  /** The forms on each sheet. A sheet in this map with no forms is a sheet without a form. */
  readonly sheets = new Map<string, Form[]>();
  /** Named fields a standard form is missing, per sheet (ActiveSheet.missing). */
  readonly missing = new Map<string, string[]>();
  /** What planFill answers, per sheet. */
  readonly plans = new Map<string, PlannedChange[]>();
  activeSheet: string;
  /** Fire the sheet events a write causes in Excel (a change on the sheet; activation of a new sheet). */
  emitsOnWrite = true;
  /** What each writing operation reports this Excel lacks (`unavailable` of its result); none by default. */
  unavailable: readonly string[] = [];

  private readonly failures = new Map<GatewayMethod, string>();
  private readonly held = new Map<GatewayMethod, Promise<void>[]>();
  private readonly changeListeners = new Set<Listener>();
  private readonly activationListeners = new Set<Listener>();

  constructor(sheets: Record<string, readonly Form[]> = { Sheet1: [] }, activeSheet?: string) {
    for (const [name, forms] of Object.entries(sheets)) this.sheets.set(name, [...forms]);
    this.activeSheet = activeSheet ?? Object.keys(sheets)[0] ?? "Sheet1";
  }

  // ---- what a test controls ----

  /** Makes every later call of a method fail with this message (null: succeed again). */
  fail(name: GatewayMethod, message: string | null): void {
    if (message === null) this.failures.delete(name);
    else this.failures.set(name, message);
  }

  /**
   * Holds back the answer of the next call of a method until `release()`. The answer is what the
   * workbook held when the call was made, as for a slow Excel.
   */
  holdNext(name: GatewayMethod): HeldCall {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const queue = this.held.get(name) ?? [];
    queue.push(gate);
    this.held.set(name, queue);
    return { release };
  }

  setForms(sheetName: string, forms: readonly Form[]): void {
    this.sheets.set(sheetName, [...forms]);
  }

  /** Fires the sheet-changed event, as when the user edits a cell. */
  emitSheetChanged(sheetName: string = this.activeSheet): void {
    for (const listener of [...this.changeListeners]) listener(sheetName);
  }

  /** Switches the active sheet and fires the activation event. */
  activate(sheetName: string): void {
    if (!this.sheets.has(sheetName)) this.sheets.set(sheetName, []);
    this.activeSheet = sheetName;
    for (const listener of [...this.activationListeners]) listener(sheetName);
  }

  callsOf(name: GatewayMethod): GatewayCall[] {
    return this.calls.filter((c) => c.name === name);
  }

  /** The calls that changed the workbook. */
  writes(): GatewayCall[] {
    return this.calls.filter((c) => WRITE_METHODS.includes(c.name));
  }

  /** How many listeners are subscribed now (0 after the view unsubscribed). */
  get listenerCount(): number {
    return this.changeListeners.size + this.activationListeners.size;
  }

  // ---- the gateway ----

  readActiveSheet(): Promise<ActiveSheet> {
    return this.call("readActiveSheet", [], () => ({
      sheetName: this.activeSheet,
      forms: [...(this.sheets.get(this.activeSheet) ?? [])],
      missing: [...(this.missing.get(this.activeSheet) ?? [])],
    }));
  }

  createForm(template: Template, header: NewFormHeader): Promise<MadeSheet> {
    return this.call("createForm", [template, header], () => {
      // Excel sheet names are at most 31 characters and unique.
      const base = (header.projectName || "自评表").slice(0, 28);
      let sheetName = base;
      for (let n = 2; this.sheets.has(sheetName); n++) sheetName = `${base}(${n})`;
      this.sheets.set(sheetName, []);
      if (this.emitsOnWrite) this.activate(sheetName);
      else this.activeSheet = sheetName;
      return { sheetName, ...this.lacking() };
    });
  }

  selectCell(cell: SheetCell): Promise<void> {
    return this.call("selectCell", [cell], () => {
      this.activeSheet = cell.sheet;
    });
  }

  planFill(sheetName: string): Promise<readonly PlannedChange[]> {
    return this.call("planFill", [sheetName], () => [...(this.plans.get(sheetName) ?? [])]);
  }

  /** Writes value changes into the fields at those cells (formulas are not evaluated: their fields keep their value). */
  applyFill(sheetName: string, changes: readonly PlannedChange[]): Promise<void> {
    return this.call("applyFill", [sheetName, changes], () => {
      const forms = this.sheets.get(sheetName) ?? [];
      for (const change of changes) {
        if (!("value" in change.after)) continue;
        const value = change.after.value;
        for (let i = 0; i < forms.length; i++) forms[i] = replaceAt(forms[i], change.cell, value) as Form;
      }
      this.written(sheetName);
    });
  }

  /** Inserts a blank row under the same 一级/二级 (addresses of later rows are not shifted: a fake). */
  addIndicatorRow(sheetName: string, afterIndex: number): Promise<void> {
    return this.call("addIndicatorRow", [sheetName, afterIndex], () => {
      this.editIndicators(sheetName, (rows) => {
        const after = rows[afterIndex];
        if (!after) return rows;
        const blank = (f: Field): Field => ({ value: null, at: f.at ? { row: f.at.row + 1, col: f.at.col } : null });
        const row: Indicator = {
          level1: after.level1,
          level2: after.level2,
          level3: blank(after.level3),
          target: blank(after.target),
          actual: blank(after.actual),
          weight: blank(after.weight),
          score: blank(after.score),
          deviation: blank(after.deviation),
        };
        return [...rows.slice(0, afterIndex + 1), row, ...rows.slice(afterIndex + 1)];
      });
      this.written(sheetName);
    });
  }

  buildSummarySheet(): Promise<MadeSheet & { readonly forms: number }> {
    return this.call("buildSummarySheet", [], () => {
      const forms = [...this.sheets.values()].reduce((n, list) => n + list.length, 0);
      let sheetName = "汇总";
      for (let n = 2; this.sheets.has(sheetName); n++) sheetName = `汇总 (${n})`;
      this.sheets.set(sheetName, []);
      return { sheetName, forms, ...this.lacking() };
    });
  }

  normalizeSheet(sheetName: string): Promise<NormalizeResult> {
    return this.call("normalizeSheet", [sheetName], () => {
      // Each form of the sheet gets a standard sheet of its own, named after its project.
      const made: string[] = [];
      for (const form of this.sheets.get(sheetName) ?? []) {
        const base = String(form.header.projectName.value ?? "自评表").slice(0, 28);
        let name = base;
        for (let n = 2; this.sheets.has(name); n++) name = `${base}(${n})`;
        this.sheets.set(name, [{ ...form, sheet: name, templateId: "sh-district-2023" }]);
        made.push(name);
      }
      return { sheets: made, unplaced: [], ...this.lacking() };
    });
  }

  /**
   * A new sheet per 申报表 of the sheet, named `<项目名称>自评表`, holding the 自评表 the real conversion
   * lays out (read back from its layout), with its notes; the last new sheet is activated, as Excel
   * activates each sheet written.
   */
  selfEvaluationFromDeclarations(sheetName: string, template?: Template): Promise<FromDeclarationResult> {
    return this.call("selfEvaluationFromDeclarations", [sheetName, template], () => {
      const chosen = template ?? defaultConvertTemplate();
      const sheets: { sheetName: string; projectName: string | null; notes: readonly string[] }[] = [];
      for (const form of this.sheets.get(sheetName) ?? []) {
        if (form.kind !== "target-declaration") continue;
        const projectName = String(form.header.projectName.value ?? "").trim();
        const base = `${projectName.slice(0, 28)}自评表`;
        let name = base;
        for (let n = 2; this.sheets.has(name); n++) name = `${base} (${n})`;
        const { data, notes } = selfEvaluationFromDeclaration(form, chosen);
        const { sheet } = layoutSelfEvaluation(chosen, data, { formNo: sheets.length + 1, sheetName: name });
        this.sheets.set(
          name,
          readStandardForms(toGrid(fromDescriptions([sheet]))).map((r) => r.form),
        );
        sheets.push({ sheetName: name, projectName: projectName || null, notes });
      }
      if (sheets.length === 0) throw new Error(`在工作表“${sheetName}”中没有找到绩效目标申报表`);
      const last = sheets[sheets.length - 1].sheetName;
      if (this.emitsOnWrite) this.activate(last);
      else this.activeSheet = last;
      return { sheets, unplaced: [], ...this.lacking() };
    });
  }

  deleteIndicatorRow(sheetName: string, index: number): Promise<void> {
    return this.call("deleteIndicatorRow", [sheetName, index], () => {
      this.editIndicators(sheetName, (rows) => rows.filter((_, i) => i !== index));
      this.written(sheetName);
    });
  }

  onSheetChanged(listener: (sheetName: string) => void): Promise<Unsubscribe> {
    return this.call("onSheetChanged", [listener], () => {
      this.changeListeners.add(listener);
      return () => {
        this.changeListeners.delete(listener);
      };
    });
  }

  onActiveSheetChanged(listener: (sheetName: string) => void): Promise<Unsubscribe> {
    return this.call("onActiveSheetChanged", [listener], () => {
      this.activationListeners.add(listener);
      return () => {
        this.activationListeners.delete(listener);
      };
    });
  }

  // ---- internals ----

  private lacking(): { readonly unavailable?: readonly string[] } {
    return this.unavailable.length > 0 ? { unavailable: [...this.unavailable] } : {};
  }

  /** Records the call, then fails, or answers with what `run` returns now, after any hold. */
  private call<T>(name: GatewayMethod, args: readonly unknown[], run: () => T): Promise<T> {
    this.calls.push({ name, args });
    const failure = this.failures.get(name);
    if (failure !== undefined) return Promise.reject(new Error(failure));
    let answer: T;
    try {
      answer = run();
    } catch (error) {
      // Excel answers a refused operation with a rejected promise, not a throw.
      return Promise.reject(error);
    }
    const gate = this.held.get(name)?.shift();
    return gate ? gate.then(() => answer) : Promise.resolve(answer);
  }

  private written(sheetName: string): void {
    if (this.emitsOnWrite) this.emitSheetChanged(sheetName);
  }

  private editIndicators(sheetName: string, edit: (rows: readonly Indicator[]) => readonly Indicator[]): void {
    const forms = this.sheets.get(sheetName) ?? [];
    this.sheets.set(
      sheetName,
      forms.map((form) => (form.kind === "self-evaluation" ? { ...form, indicators: edit(form.indicators) } : form)),
    );
  }
}

const sameCell = (a: CellAddress | null, b: SheetCell): boolean => a !== null && a.row === b.row && a.col === b.col;

/** A copy of a form with the value of every field at `cell` replaced. */
function replaceAt(node: unknown, cell: SheetCell, value: Field["value"]): unknown {
  if (Array.isArray(node)) return node.map((n: unknown) => replaceAt(n, cell, value));
  if (node === null || typeof node !== "object") return node;
  const record = node as Record<string, unknown>;
  if ("at" in record && "value" in record) {
    const field = record as unknown as Field;
    return sameCell(field.at, cell) ? { ...field, value } : field;
  }
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) copy[k] = replaceAt(v, cell, value);
  return copy;
}
