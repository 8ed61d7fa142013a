/**
 * The workbook gateway on Office.js: what the task pane asks of the workbook, each operation one
 * `Excel.run` (retried while the user is typing in a cell), its loads batched into a fixed number of
 * round trips whatever the form's size. Reading never writes: on Excel builds before ExcelApi 1.19
 * any write by an add-in clears the user's undo history, so only creating a form, 填充 after the user
 * confirmed it, and the row commands write.
 *
 * Round trips per operation, for a form within A1:Z200 (any real form; cells beyond take more round trips,
 * each answer bounded under Excel on the web's 5 MB: see read-grid.ts) and whatever the number of sheets made:
 *   readActiveSheet 1 (the sheet, and the templates the workbook carries) · createForm 3 (the taken
 *   names and carried templates, then writeSheets' read and its one write, which also carries the template) ·
 *   selectCell 1 · planFill 1 · applyFill 2 (read again, then write) · addIndicatorRow 2 · deleteIndicatorRow 2 ·
 *   subscribing to an event 1 (2 on hosts without ExcelApi 1.9), each event 1 (the sheet's name),
 *   unsubscribing 1 · buildSummarySheet 5 (the workbook's 3 up to 40,000 cells, writeSheets' 2, the links in its write) ·
 *   normalizeSheet 4 (the sheet, the names and sheets taken, writeSheets' 2) ·
 *   selfEvaluationFromDeclarations 3 (the sheet with the names, sheets and carried templates; writeSheets' 2).
 *
 * Every operation that writes does so in ONE round trip, its last: when Excel refuses a request because the
 * user is editing a cell, it refuses the whole batch before doing any of it, so running the operation again
 * (excelRun) never finds part of its own work done — no `汇总 (2)`, no second copy of a form.
 */
import { a1, columnLetters, type CellAddress, type SheetCell } from "../domain/address";
import type {
  DeclaredIndicator,
  Field,
  Form,
  Indicator,
  SelfEvaluationForm,
  TargetDeclarationForm,
} from "../domain/model";
import type { RawValue } from "../domain/numbers";
import { builtinTemplate, defaultTemplateFor } from "../domain/templates/builtin";
import type { Template } from "../domain/templates/schema";
import { cellText, comparable } from "../domain/text";
import { DCOL, blankDeclaration, layoutDeclaration } from "../layout/declaration";
import { blankExpertScoring, layoutExpertScoring } from "../layout/expert";
import { planFill as planFormFill, type FormulaCheck } from "../layout/fill";
import { afterRowEdit, expectedFormulas, hasSuggestedColumn, type ComputedCell } from "../layout/formulas";
import { TEMPLATE_SHEET, readCarriedTemplates, withTemplate } from "../layout/carried-templates";
import { cellKey, mapGrid, type GridCell, type SheetGrid, type WorkbookGrid } from "../layout/grid";
import { readStandardForms, standardFormNames, type NameTarget, type StandardRead } from "../layout/read-standard";
import { recognizeWorkbook } from "../layout/recognize";
import { sheetNameStem } from "../layout/sheet-names";
import { importTemplateFor, standardSheetOf } from "../layout/to-standard";
import { defaultConvertTemplate, selfEvaluationFromDeclaration } from "../layout/from-declaration";
import type { SheetDescription } from "../layout/sheet";
import { COL, blankSelfEvaluation, layoutSelfEvaluation, parseFormName } from "../layout/standard";
import type {
  ActiveSheet,
  FromDeclarationSheet,
  NewFormHeader,
  PlannedChange,
  Unsubscribe,
  WorkbookGateway,
} from "../layout/workbook-gateway";
import { checkWorkbook } from "../layout/report";
import { describeSummarySheet, withoutSummarySheets } from "../layout/summary";
import { readSheetGrid, readWorkbookGrid } from "./read-grid";
import {
  ExcelOperationError,
  excelRun,
  officeApiSupport,
  skippedMessage,
  type ApiSupport,
  type ExcelRunner,
  type SkippedFeature,
} from "./run";
import { typedConstant, writeSheets } from "./write-sheet";

/** A new sheet's name when its form has no project name. */
const KIND_SHEET = {
  "self-evaluation": "自评表",
  "target-declaration": "申报表",
  "expert-scoring": "专家评分表",
} as const;

export interface OfficeGatewayOptions {
  /** `Excel.run`, or a stand-in in tests (called as `run(batch)` and, to remove event handlers, `run(context, batch)`). */
  readonly run?: typeof Excel.run;
  /** Which ExcelApi requirement sets the host has; Office's answer by default. */
  readonly supports?: ApiSupport;
  /** The first pause before retrying in cell-edit mode (ms); tests shorten it. */
  readonly retryDelayMs?: number;
}

// ---------------------------------------------------------------------------------------------------
// Reading

/**
 * What a standard sheet's template is: the one the workbook carries under the form's id, else the
 * built-in of that id, else the default.
 */
function templateOf(form: Form, carried: readonly Template[] = []): { template: Template; known: boolean } {
  const id = form.templateId;
  const named = id === null ? undefined : (carried.find((t) => t.id === id) ?? builtinTemplate(id));
  if (named && named.kind === form.kind) return { template: named, known: true };
  return { template: defaultTemplateFor(form.kind), known: false };
}

interface SheetForms {
  readonly sheet: SheetGrid;
  /** The product's own forms on the sheet, in form-number order. */
  readonly standard: readonly StandardRead[];
  /** Forms found by their labels on a sheet the product did not lay out. */
  readonly recognized: readonly Form[];
}

/** The forms of the one sheet a `readSheetGrid` read. */
function formsOf(workbook: WorkbookGrid): SheetForms {
  const sheet = workbook.sheets[0];
  const standard = readStandardForms(workbook).filter((r) => r.form.sheet === sheet.name);
  const recognized = recognizeWorkbook(workbook)
    .map((r) => r.form)
    .filter((f) => f.sheet === sheet.name);
  return { sheet, standard, recognized };
}

function activeSheetOf(workbook: WorkbookGrid): ActiveSheet {
  const { sheet, standard, recognized } = formsOf(workbook);
  return {
    sheetName: sheet.name,
    forms: [...standard.map((r) => r.form), ...recognized],
    missing: standard.flatMap((r) => r.missing),
  };
}

/** What 填充 would change on a sheet: every 自评表 on it, the product's own with their formulas. */
function fillPlanOf(workbook: WorkbookGrid, carried: readonly Template[] = []): PlannedChange[] {
  const { sheet, standard, recognized } = formsOf(workbook);
  const changes: PlannedChange[] = [];
  for (const { form } of standard) {
    if (form.kind !== "self-evaluation") continue;
    const { template, known } = templateOf(form, carried);
    // A template the pane does not have may round or grade differently: only stale references count.
    const formulas: FormulaCheck = known ? "exact" : "references";
    changes.push(...planFormFill(form, template, sheet, { formulas }));
  }
  for (const form of recognized) {
    if (form.kind !== "self-evaluation") continue;
    changes.push(...planFormFill(form, templateOf(form, carried).template, sheet, { formulas: "none" }));
  }
  return changes;
}

// ---------------------------------------------------------------------------------------------------
// Carried templates (src/layout/carried-templates.ts)

/**
 * Queues the read of the very hidden `zpb_templates` sheet, to be answered by the operation's next
 * sync (no round trip of its own); a workbook without it gives a null range.
 */
function queueCarried(context: Excel.RequestContext): Excel.Range {
  const used = context.workbook.worksheets.getItemOrNullObject(TEMPLATE_SHEET).getUsedRangeOrNullObject(true);
  used.load("values, rowIndex, columnIndex");
  return used;
}

/** The values of the loaded template sheet as rows from A1. */
function carriedRows(used: Excel.Range): unknown[][] {
  if (used.isNullObject) return [];
  const pad = (row: readonly unknown[]): unknown[] => [...Array<unknown>(used.columnIndex).fill(""), ...row];
  return [...Array.from({ length: used.rowIndex }, () => []), ...used.values.map(pad)];
}

/** The valid templates the workbook carries; an invalid one is left out (the form falls back). */
function carriedTemplatesOf(used: Excel.Range): Template[] {
  const cells = new Map<number, GridCell>();
  carriedRows(used).forEach((row, r) =>
    row.forEach((v, c) => {
      if (v !== "" && v !== null && v !== undefined) cells.set(cellKey(r, c), { value: String(v) });
    }),
  );
  const grid = mapGrid(TEMPLATE_SHEET, cells, [], "veryHidden");
  return [...readCarriedTemplates({ sheets: [grid], definedNames: [] }).values()];
}

/**
 * Queues the write of templates onto the very hidden sheet — added when the workbook has none, a row
 * added or replaced when it has — so that the new form carries its template. Sent with the caller's
 * next sync.
 */
function queueCarry(
  context: Excel.RequestContext,
  used: Excel.Range,
  sheetExists: boolean,
  templates: readonly Template[],
): void {
  let rows: string[][] | null = null;
  let current: readonly (readonly unknown[])[] = carriedRows(used);
  for (const t of templates) {
    const next = withTemplate(current, t);
    if (next) rows = current = next;
  }
  if (rows === null) return;
  const worksheets = context.workbook.worksheets;
  const ws = sheetExists ? worksheets.getItem(TEMPLATE_SHEET) : worksheets.add(TEMPLATE_SHEET);
  const range = ws.getRange(`A1:${columnLetters(rows[0].length - 1)}${rows.length}`);
  // Text, so that Excel never takes a piece of JSON for a number or a formula.
  range.numberFormat = rows.map((row) => row.map(() => "@"));
  range.values = rows;
  ws.visibility = "VeryHidden";
}

const hasSheet = (worksheets: Excel.WorksheetCollection, name: string): boolean =>
  worksheets.items.some((w) => w.name.toLowerCase() === name.toLowerCase());

// ---------------------------------------------------------------------------------------------------
// Writing helpers

/** `'自评 表'!$A$14:$I$20`: the sheet name always quoted, which Excel accepts for any name. */
const absoluteRef = (sheet: string, from: CellAddress, to: CellAddress): string => {
  const abs = (at: CellAddress): string => `$${columnLetters(at.col)}$${at.row + 1}`;
  return `'${sheet.replace(/'/g, "''")}'!${abs(from)}:${abs(to)}`;
};

/** A1 text of a block on one row, or of a column block. */
const block = (r1: number, c1: number, r2: number, c2: number): string =>
  r1 === r2 && c1 === c2 ? a1({ row: r1, col: c1 }) : `${a1({ row: r1, col: c1 })}:${a1({ row: r2, col: c2 })}`;

/** What Office.js must be sent so that a value stays as typed (see typedConstant). */
const constant = (value: RawValue): string | number | boolean =>
  typeof value === "boolean" ? value : typedConstant(value);

const sameAddress = (a: CellAddress | null, b: CellAddress | null): boolean =>
  a !== null && b !== null && a.row === b.row && a.col === b.col;

/** A row that Excel refuses to touch because the pane's view of the table is out of date. */
const tableChanged = (): ExcelOperationError =>
  new ExcelOperationError("ItemNotFound", null, "指标表已有改动，找不到所选的指标行；请等待重新读取后再试");

/** The table the row commands work on: the first of the product's forms on the sheet. */
interface EditableTable {
  readonly form: SelfEvaluationForm | TargetDeclarationForm;
  /** Its defined names, field → target (`indicators`, `indicatorHeader`…), and their form number. */
  readonly names: ReadonlyMap<string, NameTarget>;
  readonly formNo: number | null;
}

function editableTable(workbook: WorkbookGrid, sheetName: string): EditableTable {
  const { standard, recognized } = formsOf(workbook);
  const read = standard.find((r) => r.form.kind === "self-evaluation" || r.form.kind === "target-declaration");
  if (!read || (read.form.kind !== "self-evaluation" && read.form.kind !== "target-declaration")) {
    throw new ExcelOperationError(
      "InvalidArgument",
      null,
      recognized.length > 0
        ? `工作表“${sheetName}”上的表不是由本助手或 zpb 命令生成的，无法自动添加或删除指标行；请在 Excel 中直接插入或删除整行`
        : `工作表“${sheetName}”上没有可添加或删除指标行的表`,
    );
  }
  const form = read.form;
  // The form's number: the one whose indicator header name is on this sheet at the table's header.
  let formNo: number | null = null;
  let names: ReadonlyMap<string, NameTarget> = new Map();
  for (const [no, fields] of standardFormNames(workbook.definedNames)) {
    const header = fields.get("indicatorHeader");
    const firstRow = form.indicators[0]?.level3.at?.row;
    if (header && header.sheet === sheetName && (firstRow === undefined || header.from.row === firstRow - 1)) {
      formNo = no;
      names = fields;
      break;
    }
  }
  return { form, names, formNo };
}

/** The columns of a kind of table: the grouped 一级/二级, the row's own cells, single-row merges. */
interface TableColumns {
  readonly level1: number;
  readonly level2: number;
  /** The row's own cells, from 三级指标 to the last column the layout fills on an indicator row. */
  readonly first: number;
  readonly last: number;
  /** Cells the layout merges across on each indicator row. */
  readonly rowMerges: readonly (readonly [number, number])[];
  /** The input cells a new row must not inherit content in. */
  readonly inputs: readonly [number, number];
}

function columnsOf(table: EditableTable, sheet: SheetGrid): TableColumns {
  if (table.form.kind === "target-declaration") {
    return {
      level1: DCOL.level1,
      level2: DCOL.level2,
      first: DCOL.level3,
      last: DCOL.target + 1,
      rowMerges: [[DCOL.target, DCOL.target + 1]],
      inputs: [DCOL.level3, DCOL.target + 1],
    };
  }
  const suggested = hasSuggestedColumn(sheet, table.form);
  return {
    level1: COL.level1,
    level2: COL.level2,
    first: COL.level3,
    last: suggested ? COL.helperActual : COL.suggested,
    // Without 建议得分 the 偏差原因 cell spans H:I.
    rowMerges: suggested ? [] : [[COL.deviation, COL.suggested]],
    inputs: [COL.level3, suggested ? COL.deviation : COL.suggested],
  };
}

type AnyIndicator = Indicator | DeclaredIndicator;

/** The rows (first, last) of the 一级 or 二级 group a row belongs to: the rows that read their category from the same cell. */
function groupOf(rows: readonly AnyIndicator[], index: number, level: "level1" | "level2"): [number, number] | null {
  const anchor = rows[index][level].at;
  if (!anchor) return null;
  let last = anchor.row;
  for (const row of rows) {
    if (sameAddress(row[level].at, anchor)) last = Math.max(last, row.level3.at?.row ?? last);
  }
  return [anchor.row, last];
}

const rowOf = (row: AnyIndicator): number | null => row.level3.at?.row ?? null;

// ---------------------------------------------------------------------------------------------------
// The gateway

/**
 * The Office.js gateway.
 * @example <GatewayProvider gateway={createOfficeGateway()}><App /></GatewayProvider>
 */
export function createOfficeGateway(options: OfficeGatewayOptions = {}): WorkbookGateway {
  const excel = (): typeof Excel.run => options.run ?? Excel.run;
  const supports = options.supports ?? officeApiSupport;
  const runner: ExcelRunner = (batch) => excel()(batch);
  const run = <T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> =>
    excelRun(batch, { run: runner, delayMs: options.retryDelayMs });

  const readSheet = async (context: Excel.RequestContext, sheetName: string | null): Promise<WorkbookGrid> =>
    (await readSheetGrid(context, sheetName, { supports })).workbook;

  // ---- rows ----

  /** Queues the insert of a row after the `after`-th indicator, and what keeps the table whole. */
  const queueInsert = (
    context: Excel.RequestContext,
    worksheet: Excel.Worksheet,
    table: EditableTable,
    sheet: SheetGrid,
    after: number,
  ): void => {
    const rows: readonly AnyIndicator[] = table.form.indicators;
    const above = rows[after] ? rowOf(rows[after]) : null;
    if (above === null) throw tableChanged();
    const cols = columnsOf(table, sheet);
    const r = above + 1;
    // The whole sheet row, so that Excel moves names, merges, validation and formula ranges below it.
    worksheet.getRange(`${r + 1}:${r + 1}`).insert("Down");

    // The row's own cells as the row above has them — formats, validation, conditional formats, the
    // helper formulas — then their content emptied: "All" is the copy that carries validation.
    // copyFrom is ExcelApi 1.9; without it the row has what Excel's insert gives it.
    if (supports("1.9")) {
      worksheet
        .getRange(block(r, cols.first, r, cols.last))
        .copyFrom(block(above, cols.first, above, cols.last), "All");
      worksheet.getRange(block(r, cols.inputs[0], r, cols.inputs[1])).clear("Contents");
    }
    for (const [c1, c2] of cols.rowMerges) {
      const cells = worksheet.getRange(block(r, c1, r, c2));
      cells.unmerge();
      cells.merge(false);
    }
    // The new row joins the 一级 and 二级 of the row above: their merged cells grow over it.
    for (const [level, col] of [
      ["level1", cols.level1],
      ["level2", cols.level2],
    ] as const) {
      const group = groupOf(rows, after, level);
      if (group) {
        const cells = worksheet.getRange(block(group[0], col, group[1] + 1, col));
        cells.unmerge();
        cells.merge(false);
      } else if (supports("1.9")) {
        worksheet.getRange(block(r, col, r, col)).copyFrom(block(above, col, above, col), "Formats");
      }
    }
    // The declaration's 绩效指标 label spans the whole table in column A.
    if (table.form.kind === "target-declaration") {
      const first = rows[0] ? rowOf(rows[0]) : null;
      const last = rowOf(rows[rows.length - 1]);
      const header = first !== null ? first - 1 : null;
      if (
        header !== null &&
        last !== null &&
        comparable(cellText(sheet.cell(header, 0)?.value ?? null)) === "绩效指标"
      ) {
        const label = worksheet.getRange(block(header, 0, last + 1, 0));
        label.unmerge();
        label.merge(false);
      }
    }

    // The table's name covers the new row even when it went in under the last one.
    const indicatorsName = table.names.get("indicators");
    const last = rowOf(rows[rows.length - 1]);
    if (indicatorsName && table.formNo !== null && last !== null) {
      context.workbook.names.getItem(`zpb_indicators_${table.formNo}`).formula =
        `=${absoluteRef(sheet.name, indicatorsName.from, { row: last + 1, col: indicatorsName.to.col })}`;
    }

    if (table.form.kind === "self-evaluation") {
      queueFormulas(worksheet, table.form, sheet, after);
    }
  };

  /**
   * After an insert: 满分 and 总分 over the rows as they are now (Excel does not stretch a range for a
   * row added under its last row), where they still hold a formula — a typed-over one is 填充's to
   * restore, after showing it — and the new row's 建议得分 and helper cells.
   */
  const queueFormulas = (
    worksheet: Excel.Worksheet,
    form: SelfEvaluationForm,
    sheet: SheetGrid,
    after: number,
  ): void => {
    const { template, known } = templateOf(form);
    const edited = afterRowEdit(form, { kind: "insert", after });
    const suggestedColumn = hasSuggestedColumn(sheet, form);
    const holdsFormula = (field: Field): boolean =>
      field.at !== null && sheet.cell(field.at.row, field.at.col)?.formula !== undefined;
    const rewrite = (what: ComputedCell): boolean => {
      switch (what.kind) {
        case "fullScore":
          return holdsFormula(form.total.fullScore);
        case "totalScore":
          return holdsFormula(form.total.score);
        case "suggestedScore":
          // The copy from the row above carries a template's own rounding, which the pane may not know.
          return what.index === after + 1 && (known || !supports("1.9"));
        case "helperTarget":
        case "helperComparator":
        case "helperActual":
          return what.index === after + 1;
        default:
          return false;
      }
    };
    for (const expected of expectedFormulas(edited, template, { suggestedColumn })) {
      if (!rewrite(expected.what)) continue;
      worksheet.getRange(a1(expected.cell)).formulas = [[`=${expected.formula}`]];
    }
  };

  /** Queues the delete of the `index`-th indicator row. */
  const queueDelete = (worksheet: Excel.Worksheet, table: EditableTable, index: number): void => {
    const rows: readonly AnyIndicator[] = table.form.indicators;
    if (rows.length <= 1) {
      throw new ExcelOperationError(
        "InvalidArgument",
        null,
        "表中只剩这一行指标，不能删除；如需更换指标，请直接修改这一行的内容",
      );
    }
    const target = rows[index];
    const r = target ? rowOf(target) : null;
    if (r === null) throw tableChanged();
    worksheet.getRange(`${r + 1}:${r + 1}`).delete("Up");
    // A row that heads its 一级/二级 holds the merged cell's text; the next row, now at its address,
    // takes the text over so the group keeps its name.
    for (const level of ["level1", "level2"] as const) {
      const group = groupOf(rows, index, level);
      const field = target[level];
      if (!group || !field.at || field.at.row !== r || group[1] === group[0]) continue;
      worksheet.getRange(a1(field.at)).formulas = [[constant(field.value)]];
    }
  };

  // ---- events ----

  /** The sheet's name for an event's worksheetId: one round trip, or the last name seen if that fails. */
  const knownNames = new Map<string, string>();
  const sheetNameOf = async (worksheetId: string): Promise<string | null> => {
    try {
      const name = await run(async (context) => {
        const worksheet = context.workbook.worksheets.getItem(worksheetId);
        worksheet.load("name");
        await context.sync();
        return worksheet.name;
      });
      knownNames.set(worksheetId, name);
      return name;
    } catch {
      // The sheet was deleted, or Excel stayed busy past the retries: no caller to tell; the last
      // name seen (if any) still lets the pane re-read.
      return knownNames.get(worksheetId) ?? null;
    }
  };

  type SheetEvent = { readonly worksheetId: string };
  type Handler = OfficeExtension.EventHandlerResult<SheetEvent>;

  const subscribe = async (
    event: "changed" | "activated",
    listener: (sheetName: string) => void,
  ): Promise<Unsubscribe> => {
    let active = true;
    const results: Handler[] = [];
    const handler = async (args: SheetEvent): Promise<void> => {
      if (!active) return;
      const name = await sheetNameOf(args.worksheetId);
      if (active && name !== null) listener(name);
    };
    const added = await run(async (context) => {
      // Built afresh on each try: a batch refused in cell-edit mode registered nothing.
      const out: Handler[] = [];
      const worksheets = context.workbook.worksheets;
      if (event === "activated") {
        out.push(worksheets.onActivated.add(handler));
      } else if (supports("1.9")) {
        out.push(worksheets.onChanged.add(handler));
      } else {
        // Before ExcelApi 1.9 only each worksheet has onChanged: every sheet now, and each sheet added later.
        worksheets.load("items/name");
        await context.sync();
        for (const worksheet of worksheets.items) out.push(worksheet.onChanged.add(handler));
        out.push(
          worksheets.onAdded.add(async (args: SheetEvent) => {
            if (!active || results.length === 0) return;
            // In the context the first handlers were added in, so that one removal takes them all.
            await excelRun(
              async (ctx) => {
                const result = ctx.workbook.worksheets.getItem(args.worksheetId).onChanged.add(handler);
                await ctx.sync();
                results.push(result);
              },
              { run: (batch) => excel()(results[0].context, batch), delayMs: options.retryDelayMs },
            ).catch(() => undefined);
          }) as unknown as Handler,
        );
      }
      await context.sync();
      return out;
    });
    results.push(...added);
    return () => {
      // The listener is dropped at once; the handlers are removed in the context they were added in,
      // as Office.js requires. A failed removal leaves only an inert handler, with nobody to tell.
      active = false;
      if (results.length === 0) return;
      void excelRun(
        async (context) => {
          for (const result of results) result.remove();
          await context.sync();
        },
        { run: (batch) => excel()(results[0].context, batch), delayMs: options.retryDelayMs },
      ).catch(() => undefined);
    };
  };

  return {
    readActiveSheet: () =>
      run(async (context) => {
        const carried = queueCarried(context);
        const sheet = activeSheetOf(await readSheet(context, null));
        const templates = carriedTemplatesOf(carried);
        return templates.length > 0 ? { ...sheet, templates } : sheet;
      }),

    createForm: async (template, header) => {
      return run(async (context) => {
        const names = context.workbook.names;
        names.load("items/name");
        const worksheets = context.workbook.worksheets;
        worksheets.load("items/name");
        const carried = queueCarried(context);
        await context.sync();
        const taken = new Set(names.items.map((n) => parseFormName(n.name)?.formNo));
        let formNo = 1;
        while (taken.has(formNo)) formNo++;
        // The form and the template it carries go in one write round trip: safe to run again.
        const [report] = await writeSheets(context, [{ sheet: describeForm(template, header, formNo) }], {
          supports,
          alsoQueue: () => queueCarry(context, carried, hasSheet(worksheets, TEMPLATE_SHEET), [template]),
        });
        return { sheetName: report.sheetName, ...unavailable([report]) };
      });
    },

    selectCell: (cell: SheetCell) =>
      run(async (context) => {
        const worksheet = context.workbook.worksheets.getItem(cell.sheet);
        worksheet.activate();
        worksheet.getRange(a1(cell)).select();
        await context.sync();
      }),

    planFill: (sheetName) =>
      run(async (context) => {
        const carried = queueCarried(context);
        const workbook = await readSheet(context, sheetName);
        return fillPlanOf(workbook, carriedTemplatesOf(carried));
      }),

    normalizeSheet: (sheetName) =>
      run(async (context) => {
        // Read the sheet and the names already taken (1 sync), then one writeSheet per form found.
        const carried = queueCarried(context);
        const workbook = await readSheet(context, sheetName);
        const recognized = recognizeWorkbook(workbook).filter((r) => r.form.sheet === sheetName);
        if (recognized.length === 0) {
          throw new ExcelOperationError(
            "NoForm",
            null,
            `在工作表“${sheetName}”中没有找到其他版式的自评表、申报表或专家评分表`,
          );
        }
        const names = context.workbook.names;
        names.load("items/name");
        const worksheets = context.workbook.worksheets;
        worksheets.load("items/name");
        await context.sync();
        const taken = new Set(names.items.map((n) => parseFormName(n.name)?.formNo));
        const templates = recognized.map(({ form }) => importTemplateFor(form));
        let formNo = 1;
        const descriptions = recognized.map(({ form }) => {
          while (taken.has(formNo)) formNo++;
          taken.add(formNo);
          // 28 units: room for the ` (2)` writeSheets adds when the name is taken.
          const base = sheetNameStem(cellText(form.header.projectName.value), KIND_SHEET[form.kind], 28);
          return { sheet: standardSheetOf(form, importTemplateFor(form), formNo, base).sheet };
        });
        // Every new sheet and the templates they carry in one write round trip: safe to run again.
        const reports = await writeSheets(context, descriptions, {
          supports,
          alsoQueue: () => queueCarry(context, carried, hasSheet(worksheets, TEMPLATE_SHEET), templates),
        });
        const sheets = reports.map((r) => r.sheetName);
        const unplaced = recognized.flatMap((r) =>
          r.unplaced.map((u) => ({ cell: { sheet: sheetName, ...u.at }, text: u.text, reason: u.reason })),
        );
        return { sheets, unplaced, ...unavailable(reports) };
      }),

    selfEvaluationFromDeclarations: (sheetName, template = defaultConvertTemplate()) => {
      if (template.kind !== "self-evaluation") {
        return Promise.reject(
          new ExcelOperationError("InvalidArgument", null, `模板“${template.id}”不是自评表模板，无法生成自评表`),
        );
      }
      return run(async (context) => {
        // One sync: the sheet (with the workbook's names), the sheets and the carried templates.
        const carried = queueCarried(context);
        const worksheets = context.workbook.worksheets;
        worksheets.load("items/name");
        const workbook = await readSheet(context, sheetName);
        const standard = readStandardForms(workbook).filter((r) => r.form.sheet === sheetName);
        const recognized = recognizeWorkbook(workbook).filter((r) => r.form.sheet === sheetName);
        const declarations = [...standard.map((r) => r.form), ...recognized.map((r) => r.form)].flatMap((form) =>
          form.kind === "target-declaration" ? [form] : [],
        );
        if (declarations.length === 0) {
          throw new ExcelOperationError("NoForm", null, `在工作表“${sheetName}”中没有找到绩效目标申报表`);
        }
        const taken = new Set(workbook.definedNames.map((n) => parseFormName(n.name)?.formNo));
        let formNo = 1;
        const made = declarations.map((decl) => {
          while (taken.has(formNo)) formNo++;
          taken.add(formNo);
          const projectName = cellText(decl.header.projectName.value).trim();
          const base = `${sheetNameStem(projectName, "", 25)}自评表`;
          const { data, notes } = selfEvaluationFromDeclaration(decl, template);
          const { sheet } = layoutSelfEvaluation(template, data, { formNo, sheetName: base });
          return { sheet, projectName: projectName || null, notes };
        });
        // Every new 自评表 and the template they carry in one write round trip: safe to run again.
        const reports = await writeSheets(context, made, {
          supports,
          alsoQueue: () => queueCarry(context, carried, hasSheet(worksheets, TEMPLATE_SHEET), [template]),
        });
        const sheets: FromDeclarationSheet[] = made.map(({ projectName, notes }, i) => ({
          sheetName: reports[i].sheetName,
          projectName,
          notes,
        }));
        const unplaced = recognized
          .filter((r) => r.form.kind === "target-declaration")
          .flatMap((r) =>
            r.unplaced.map((u) => ({ cell: { sheet: sheetName, ...u.at }, text: u.text, reason: u.reason })),
          );
        return { sheets, unplaced, ...unavailable(reports) };
      });
    },

    applyFill: async (sheetName, changes) => {
      if (changes.length === 0) return;
      const key = (c: PlannedChange): string => `${c.cell.sheet}!${c.cell.row},${c.cell.col}`;
      const same = (a: PlannedChange, b: PlannedChange): boolean =>
        a.before === b.before && JSON.stringify(a.after) === JSON.stringify(b.after);
      const skipped = await run(async (context) => {
        // Planned again on the sheet as it is now: a change is written only if 填充 would still make
        // it, from the same content — a cell the user typed into since the preview is left alone.
        const carried = queueCarried(context);
        const workbook = await readSheet(context, sheetName);
        const now = new Map(fillPlanOf(workbook, carriedTemplatesOf(carried)).map((c) => [key(c), c]));
        const worksheet = context.workbook.worksheets.getItem(sheetName);
        const left: PlannedChange[] = [];
        let written = 0;
        for (const change of changes) {
          const current = now.get(key(change));
          if (change.cell.sheet !== sheetName || !current || !same(current, change)) {
            left.push(change);
            continue;
          }
          const content = "formula" in change.after ? `=${change.after.formula}` : constant(change.after.value);
          worksheet.getRange(a1(change.cell)).formulas = [[content]];
          written++;
        }
        if (written > 0) await context.sync();
        return left;
      });
      if (skipped.length > 0) {
        const cells = skipped.slice(0, 10).map((c) => a1(c.cell));
        const more = skipped.length > cells.length ? ` 等 ${skipped.length} 个` : "";
        throw new ExcelOperationError(
          "Conflict",
          null,
          `${cells.join("、")}${more}单元格在预览后有改动，未写入（其余 ${changes.length - skipped.length} 个已写入）；请重新预览`,
        );
      }
    },

    addIndicatorRow: (sheetName, afterIndex) =>
      run(async (context) => {
        const workbook = await readSheet(context, sheetName);
        const table = editableTable(workbook, sheetName);
        if (afterIndex < 0 || afterIndex >= table.form.indicators.length) throw tableChanged();
        queueInsert(context, context.workbook.worksheets.getItem(sheetName), table, workbook.sheets[0], afterIndex);
        await context.sync();
      }),

    deleteIndicatorRow: (sheetName, index) =>
      run(async (context) => {
        const workbook = await readSheet(context, sheetName);
        const table = editableTable(workbook, sheetName);
        if (index < 0 || index >= table.form.indicators.length) throw tableChanged();
        queueDelete(context.workbook.worksheets.getItem(sheetName), table, index);
        await context.sync();
      }),

    buildSummarySheet: () =>
      run(async (context) => {
        const { workbook } = await readWorkbookGrid(context, { supports });
        const forms = checkWorkbook("", withoutSummarySheets(workbook)).forms;
        // Each row's 工作表 cell links to its form's sheet (Range.hyperlink, ExcelApi 1.7), in the same
        // write round trip as the sheet: safe to run again.
        const links = (worksheet: Excel.Worksheet): void => {
          if (!supports("1.7")) return;
          forms.forEach((form, i) => {
            worksheet.getRange(a1({ row: i + 1, col: 0 })).hyperlink = {
              documentReference: `'${form.sheet.replace(/'/g, "''")}'!A1`,
              textToDisplay: form.sheet,
              screenTip: `转到工作表“${form.sheet}”`,
            };
          });
        };
        const [report] = await writeSheets(context, [{ sheet: describeSummarySheet(forms), also: links }], {
          supports,
        });
        return { sheetName: report.sheetName, forms: forms.length, ...unavailable([report]) };
      }),

    onSheetChanged: (listener) => subscribe("changed", listener),
    onActiveSheetChanged: (listener) => subscribe("activated", listener),
  };
}

/**
 * The features the sheets were written without, one sentence each (counts summed over the sheets), as the
 * `unavailable` of the operation's result; nothing when none was left out.
 * @example unavailable([{ skipped: [{ feature: "dataValidation", requires: "1.8", count: 12 }] }])
 * // { unavailable: ["此版本的 Excel 不支持下拉列表和输入限制（数据验证）（需要 ExcelApi 1.8），已跳过 12 项"] }
 */
export function unavailable(reports: readonly { readonly skipped: readonly SkippedFeature[] }[]): {
  readonly unavailable?: readonly string[];
} {
  const byFeature = new Map<string, SkippedFeature>();
  for (const s of reports.flatMap((r) => r.skipped)) {
    const key = `${s.feature} ${s.requires}`;
    const seen = byFeature.get(key);
    byFeature.set(key, seen ? { ...seen, count: seen.count + s.count } : s);
  }
  return byFeature.size === 0 ? {} : { unavailable: [...byFeature.values()].map(skippedMessage) };
}

/** The sheet of a new form: the template's layout, blank but for the header the user typed. */
function describeForm(template: Template, header: NewFormHeader, formNo: number): SheetDescription {
  const text = (value: string | undefined): string | null =>
    value === undefined || value.trim() === "" ? null : value;
  if (template.kind === "expert-scoring") {
    return layoutExpertScoring(
      template,
      {
        ...blankExpertScoring(template, header.year, header.experts),
        projectName: text(header.projectName),
        department: text(header.department),
        implementer: text(header.implementer),
      },
      { formNo, sheetName: "专家评分表" },
    ).sheet;
  }
  if (template.kind === "target-declaration") {
    return layoutDeclaration(
      template,
      {
        ...blankDeclaration(template, header.year),
        projectName: text(header.projectName),
        department: text(header.department),
        implementer: text(header.implementer),
      },
      { formNo, sheetName: "申报表" },
    );
  }
  return layoutSelfEvaluation(
    template,
    {
      ...blankSelfEvaluation(template, header.year),
      projectName: text(header.projectName),
      department: text(header.department),
      implementer: text(header.implementer),
      manager: text(header.manager),
      phone: text(header.phone),
    },
    { formNo, sheetName: "自评表" },
  ).sheet;
}
