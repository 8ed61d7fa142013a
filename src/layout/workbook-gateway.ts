/**
 * The task pane talks to the workbook only through this interface (style.md §8): components never
 * import Office. The add-in provides an Office.js implementation (src/excel); tests hand the pane a
 * fake. Every method is one operation for the user, and the implementation decides how few
 * round trips it takes. Pure types over the domain's and the layouts' own, so it lives below both the
 * adapter that implements it and the pane that calls it.
 */
import type { SheetCell } from "../domain/address";
import type { Form } from "../domain/model";
import type { Template } from "../domain/templates/schema";
import type { PlannedChange } from "./fill";

export type { PlannedChange };

/** The forms on the sheet the user is looking at. */
export interface ActiveSheet {
  readonly sheetName: string;
  /** Usually one; empty when the sheet is not a form this product made. */
  readonly forms: readonly Form[];
  /** Named fields of a standard form that could not be found (deleted cells). */
  readonly missing: readonly string[];
  /**
   * The valid templates the workbook carries (its very hidden `zpb_templates` sheet): a form is
   * checked with the one of its template id before any the pane has. Omitted when there are none.
   */
  readonly templates?: readonly Template[];
}

/** The header of a new form, as typed in the 新建 view. */
export interface NewFormHeader {
  readonly year: number | null;
  readonly projectName: string;
  readonly department: string;
  readonly implementer: string;
  readonly manager?: string;
  readonly phone?: string;
  /** A 专家评分表's number of experts (one column each); the template's when omitted. */
  readonly experts?: number;
}

/**
 * What a writing operation could not do on this Excel: one Chinese sentence per missing feature
 * ("此版本的 Excel 不支持下拉列表和输入限制（数据验证）（需要 ExcelApi 1.8），已跳过 12 项"), for the pane
 * to show with its result. Omitted when the Excel has everything the operation uses.
 */
export interface Unavailable {
  readonly unavailable?: readonly string[];
}

/** A sheet a writing operation made. */
export interface MadeSheet extends Unavailable {
  readonly sheetName: string;
}

/** What 规范化 made: the new standard sheets, and the cells of the original it could not place. */
export interface NormalizeResult extends Unavailable {
  readonly sheets: readonly string[];
  readonly unplaced: readonly { readonly cell: SheetCell; readonly text: string; readonly reason: string }[];
}

/** One 自评表 that 由申报表生成自评表 laid out, and what the conversion changed or assumed (Chinese). */
export interface FromDeclarationSheet {
  readonly sheetName: string;
  readonly projectName: string | null;
  readonly notes: readonly string[];
}

/** What 由申报表生成自评表 made: a new sheet per 申报表, and the cells of the original it could not place. */
export interface FromDeclarationResult extends Unavailable {
  readonly sheets: readonly FromDeclarationSheet[];
  readonly unplaced: readonly { readonly cell: SheetCell; readonly text: string; readonly reason: string }[];
}

export type Unsubscribe = () => void;

export interface WorkbookGateway {
  /** Reads the active sheet's forms in one operation. Never writes. */
  readActiveSheet(): Promise<ActiveSheet>;
  /** Lays out a new form on a new sheet; returns the sheet's name. The only write besides fill and rows. */
  createForm(template: Template, header: NewFormHeader): Promise<MadeSheet>;
  /** Selects a cell (activating its sheet), to take the user to a finding. */
  selectCell(cell: SheetCell): Promise<void>;
  /** What 填充 would change on a sheet: suggested 得分 of quantitative indicators and missing formulas. */
  planFill(sheetName: string): Promise<readonly PlannedChange[]>;
  /** Writes the planned changes the user confirmed. */
  applyFill(sheetName: string, changes: readonly PlannedChange[]): Promise<void>;
  /**
   * 规范化当前工作表: lays every form found on a sheet of another layout out again as a standard sheet,
   * on new sheets, every value carried over; the original sheet is not changed.
   */
  normalizeSheet(sheetName: string): Promise<NormalizeResult>;
  /**
   * 由申报表生成自评表: for every 申报表 on a sheet (the product's own or of another layout), lays out the
   * year's 自评表 on a new sheet — header, 年初预算数 in the template's unit, 预期目标, every indicator and
   * target, proposed 分值 — with the template (sh-district-2023 when omitted) carried in the workbook.
   * The 申报表's sheet is not changed.
   */
  selfEvaluationFromDeclarations(sheetName: string, template?: Template): Promise<FromDeclarationResult>;
  /** Inserts an indicator row after the given one (0-based within the table), keeping formulas, validation, formats and merges. */
  addIndicatorRow(sheetName: string, afterIndex: number): Promise<void>;
  /** Deletes an indicator row (0-based within the table). */
  deleteIndicatorRow(sheetName: string, index: number): Promise<void>;
  /**
   * 生成汇总表: reads and checks every form in the workbook (the product's own and those of other
   * layouts) and writes one row per form on a new sheet 汇总 (汇总 (2)… when taken), each row linked to
   * its form's sheet. Writes nothing else.
   */
  buildSummarySheet(): Promise<MadeSheet & { readonly forms: number }>;
  /** Calls back after the user changes cells on a sheet (the pane debounces). */
  onSheetChanged(listener: (sheetName: string) => void): Promise<Unsubscribe>;
  /** Calls back when the user switches sheets. */
  onActiveSheetChanged(listener: (sheetName: string) => void): Promise<Unsubscribe>;
}
