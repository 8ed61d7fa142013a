/**
 * The machine-readable report of `zpb check --json` (shared/spec/cli-json.md): a contract, so fields
 * may be added but never renamed or removed. Pure — a workbook's grid in, its report out — so that
 * every front (the CLI, the add-in's 汇总, a browser worker) builds it the same way.
 */
import {
  builtinTemplate,
  defaultTemplateFor,
  evaluateForm,
  formatSheetCell,
  messageOf,
  numberIn,
  rangeA1,
  type ComputedFigures,
  type Finding,
  type Form,
  type Severity,
  type Template,
} from "../domain";
import { readCarriedTemplates, type CarriedTemplateIssue } from "./carried-templates";
import type { WorkbookGrid } from "./grid";
import { readStandardForms } from "./read-standard";
import { recognizeWorkbook, type Unplaced } from "./recognize";
import { importTemplateFor } from "./to-standard";

export interface FindingJson {
  readonly code: string;
  readonly severity: Severity;
  readonly cell: string | null;
  /**
   * Where the cell is in a source that is not a spreadsheet (`表2 第5行第3列` in a Word document), in
   * words; absent for workbooks. An addition to the contract.
   */
  readonly location?: string;
  readonly message: string;
  /** The finding's parameters (stated and computed values, …), for scripts. An addition to the contract. */
  readonly params: Record<string, unknown>;
}

export interface FormJson {
  readonly sheet: string;
  readonly range: string | null;
  readonly kind: Form["kind"];
  readonly template: string;
  readonly year: number | null;
  readonly projectName: string | null;
  /** 实施单位. An addition to the contract, for the review summary. */
  readonly unit: string | null;
  /** 全年预算数 (自评表) or 年度资金申请总额 (申报表), as entered. An addition to the contract. */
  readonly annualBudget: number | null;
  readonly computed: ComputedFigures;
  readonly findings: readonly FindingJson[];
  /**
   * Cells of a form in another layout that the reader could not place, with the reason: nothing is
   * dropped silently. Empty for standard sheets. An addition to the contract.
   */
  readonly unplaced: readonly {
    readonly cell: string;
    readonly location?: string;
    readonly text: string;
    readonly reason: string;
  }[];
}

export interface FileError {
  readonly code: string;
  readonly message: string;
}

export interface FileReport {
  readonly path: string;
  readonly error: FileError | null;
  readonly forms: readonly FormJson[];
  /**
   * What the reader noticed about the file as a whole, in Chinese (a carried template that is not
   * valid and was therefore not used). An addition to the contract; absent when there is nothing.
   */
  readonly notes?: readonly string[];
}

export interface Report {
  readonly version: 1;
  readonly files: readonly FileReport[];
  readonly summary: {
    readonly files: number;
    readonly forms: number;
    readonly errors: number;
    readonly warnings: number;
    readonly infos: number;
  };
}

/** Where a cell is in words, for a source that says it (WorkbookGrid.locate). */
type Locate = WorkbookGrid["locate"];

const locationOf = (
  locate: Locate,
  cell: { sheet: string; row: number; col: number } | null,
): { location?: string } => {
  const where = cell && locate ? locate(cell) : null;
  return where ? { location: where } : {};
};

/** A finding as JSON: the cell as `Sheet!A1` (and in words for a document), the Chinese message, its parameters. */
export function findingJson(f: Finding, locate?: Locate): FindingJson {
  const { code, severity, cell, ...params } = f;
  return {
    code,
    severity,
    cell: cell ? formatSheetCell(cell) : null,
    ...locationOf(locate, cell),
    message: messageOf(f),
    params: toPlain(params),
  };
}

function toPlain(params: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) {
    out[k] =
      v && typeof v === "object" && "sheet" in v && "row" in v
        ? formatSheetCell(v as { sheet: string; row: number; col: number })
        : v;
  }
  return out;
}

/**
 * The template a form is checked with: the one the workbook carries for it (by the id the form
 * names), else this installation's or the built-in of that id, otherwise the built-in that fits its
 * shape.
 */
export function templateFor(
  form: Form,
  installed: readonly Template[] = [],
  carried: ReadonlyMap<string, Template> = new Map(),
): Template {
  const id = form.templateId;
  if (id) {
    const inBook = carried.get(id);
    if (inBook && inBook.kind === form.kind) return inBook;
    const own = installed.find((t) => t.id === id) ?? builtinTemplate(id);
    if (own && own.kind === form.kind) return own;
  }
  // A form from another layout: the built-in its shape says (评分等级 row → Shanghai district, …).
  return form.kind === "expert-scoring" ? defaultTemplateFor(form.kind) : importTemplateFor(form);
}

/** Checks one form and shapes it for the report. */
export function formJson(
  form: Form,
  template: Template,
  unplaced: readonly Unplaced[] = [],
  locate?: Locate,
): FormJson {
  const { computed, findings } = evaluateForm(form, template);
  const text = (v: unknown): string | null => {
    const t = String(v ?? "").trim();
    return t === "" ? null : t;
  };
  const budgetField =
    form.kind === "self-evaluation"
      ? form.funding.total.annualBudget
      : form.kind === "target-declaration"
        ? form.funding.annualTotal
        : null;
  const budget = budgetField ? numberIn(budgetField) : null;
  return {
    sheet: form.sheet,
    range: form.range ? rangeA1(form.range.from, form.range.to) : null,
    kind: form.kind,
    template: template.id,
    year: form.year,
    projectName: text(form.header.projectName.value),
    unit: text(form.header.implementer.value),
    annualBudget: budget === null ? null : budget.toNumber(),
    computed,
    findings: findings.map((f) => findingJson(f, locate)),
    unplaced: unplaced.map((u) => ({
      cell: formatSheetCell({ sheet: form.sheet, ...u.at }),
      ...locationOf(locate, { sheet: form.sheet, ...u.at }),
      text: u.text,
      reason: u.reason,
    })),
  };
}

/**
 * Every form found in a workbook, checked: the standard sheets this product made (by their names),
 * then forms in any other layout (by their labels). Each form is checked with the template the
 * workbook carries for it (its very hidden `zpb_templates` sheet) when there is one; a carried
 * template that is not valid is ignored, and `onCarriedIssue` hears of it.
 */
export function checkWorkbook(
  path: string,
  workbook: WorkbookGrid,
  installed: readonly Template[] = [],
  onCarriedIssue?: (issue: CarriedTemplateIssue) => void,
): FileReport {
  const notes: string[] = [];
  const carried = readCarriedTemplates(workbook, (issue) => {
    notes.push(
      `工作簿自带的模板“${issue.id || "（无编号）"}”（zpb_templates 第 ${issue.row} 行）无效，未使用：` +
        issue.issues.map((i) => `${i.path || "（整个模板）"}：${i.message}`).join("；"),
    );
    onCarriedIssue?.(issue);
  });
  const locate = workbook.locate;
  const standard = readStandardForms(workbook).map(({ form }) =>
    formJson(form, templateFor(form, installed, carried), [], locate),
  );
  const recognized = recognizeWorkbook(workbook).map(({ form, unplaced }) =>
    formJson(form, templateFor(form, installed, carried), unplaced, locate),
  );
  const forms = [...standard, ...recognized];
  return notes.length > 0 ? { path, error: null, forms, notes } : { path, error: null, forms };
}

/** What one file adds to a report's summary and to the exit status. */
export interface FileTally {
  readonly forms: number;
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  readonly unreadable: boolean;
}

export function tallyOf(file: FileReport): FileTally {
  let [errors, warnings, infos] = [0, 0, 0];
  for (const form of file.forms) {
    for (const f of form.findings) {
      if (f.severity === "error") errors++;
      else if (f.severity === "warning") warnings++;
      else infos++;
    }
  }
  return { forms: file.forms.length, errors, warnings, infos, unreadable: file.error !== null };
}

/** The summary of a report from its files' tallies. */
export function summaryOf(tallies: readonly FileTally[]): Report["summary"] {
  const sum = (pick: (t: FileTally) => number): number => tallies.reduce((n, t) => n + pick(t), 0);
  return {
    files: tallies.length,
    forms: sum((t) => t.forms),
    errors: sum((t) => t.errors),
    warnings: sum((t) => t.warnings),
    infos: sum((t) => t.infos),
  };
}

/** The report over all files, with its summary counts. */
export function makeReport(files: readonly FileReport[]): Report {
  return { version: 1, files, summary: summaryOf(files.map(tallyOf)) };
}

/** 0: no form has an error and every file was read; 1: some form has an error; 2: some file could not be read. */
export function exitCodeOf(report: Report): 0 | 1 | 2 {
  return exitCodeOfTallies(report.files.map(tallyOf));
}

export function exitCodeOfTallies(tallies: readonly FileTally[]): 0 | 1 | 2 {
  if (tallies.some((t) => t.unreadable)) return 2;
  return tallies.some((t) => t.errors > 0) ? 1 : 0;
}
