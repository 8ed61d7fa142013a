/**
 * The form model (domain.md §2): what a reader produces from a sheet, whatever its layout, and what
 * the checks read. Every value keeps the address it came from, so that a finding points at a cell.
 */
import type { CellAddress } from "./address";
import type { RawValue } from "./numbers";

/** One cell's value and where it was read; `at` is null for a value the form does not have. */
export interface Field {
  readonly value: RawValue;
  readonly at: CellAddress | null;
  /** The cell's number format where the reader knows it ("0.00%" tells a fraction from a percent). */
  readonly numberFormat?: string;
}

/** A field the form does not have at all. */
export const ABSENT: Field = Object.freeze({ value: null, at: null });

export type FormKind = "self-evaluation" | "target-declaration" | "expert-scoring";

interface FormBase {
  /** The sheet the form is on. */
  readonly sheet: string;
  /** The rectangle the form covers, when known. */
  readonly range: { readonly from: CellAddress; readonly to: CellAddress } | null;
  /** The template the form says it was made from (carried inside the workbook), if any. */
  readonly templateId: string | null;
  /** The year of the 年度 line, if read. */
  readonly year: number | null;
  /**
   * Template rows never filled in (`指标2：`, `……`, a 二级 with nothing beside it), by their first cell:
   * not indicators, listed once (PLACEHOLDER_ROWS). Set by the recognizer of other layouts.
   */
  readonly placeholderRows?: readonly CellAddress[];
}

/** A row of the 项目资金 block: amounts, and on the 年度资金总额 row 分值, 执行率 and 得分. */
export interface FundingRow {
  readonly initialBudget: Field;
  readonly annualBudget: Field;
  readonly executed: Field;
  readonly weight: Field;
  readonly rate: Field;
  readonly score: Field;
}

export type FundingRowKey = "total" | "currentYear" | "carryOver" | "other";
export const FUNDING_ROW_KEYS: readonly FundingRowKey[] = ["total", "currentYear", "carryOver", "other"];

/** One row of the 绩效指标 table. 一级/二级 are read down their merged cells. */
export interface Indicator {
  readonly level1: Field;
  readonly level2: Field;
  readonly level3: Field;
  readonly target: Field;
  readonly actual: Field;
  readonly weight: Field;
  readonly score: Field;
  readonly deviation: Field;
}

export interface SelfEvaluationForm extends FormBase {
  readonly kind: "self-evaluation";
  readonly header: {
    readonly projectName: Field;
    readonly department: Field;
    readonly implementer: Field;
    readonly manager: Field;
    readonly phone: Field;
  };
  readonly moneyUnit: "万元" | "元" | null;
  /** The 执行率 column is headed `执行率(%)`: a plain number in it is a percentage (85.19), not a fraction. */
  readonly ratePercentHeader: boolean;
  readonly funding: Readonly<Record<FundingRowKey, FundingRow>>;
  /**
   * Further sub-rows of 年度资金总额 that some provinces list (Sichuan: 财政专户管理资金, 单位资金): they
   * count in the total's sum like the three standard ones.
   */
  readonly extraFunding?: readonly FundingRow[];
  readonly goals: { readonly expected: Field; readonly actual: Field };
  readonly indicators: readonly Indicator[];
  readonly total: { readonly fullScore: Field; readonly score: Field };
  /** The 评分等级 cell; null when the form has no such row. */
  readonly grade: Field | null;
  /**
   * Computed cells of a standard sheet (formulas) that hold a typed value instead: the reader reports
   * them, the checks turn them into FORMULA_OVERWRITTEN. Absent for forms not made by the product.
   */
  readonly overwritten?: readonly { readonly field: ComputedField; readonly at: CellAddress; readonly text: string }[];
}

/** The cells a standard sheet computes with formulas. */
export type ComputedField =
  | "executionRate"
  | "fundingScore"
  | "fullScore"
  | "totalScore"
  | "grade"
  | "suggestedScore"
  | "itemSum"
  | "itemAverage"
  | "expertTotal"
  | "averageTotal"
  | "groupWeight"
  | "groupAverage"
  | "lossRate";

export interface DeclaredIndicator {
  readonly level1: Field;
  readonly level2: Field;
  readonly level3: Field;
  readonly target: Field;
}

export interface TargetDeclarationForm extends FormBase {
  readonly kind: "target-declaration";
  readonly header: {
    readonly projectName: Field;
    readonly nature: Field;
    readonly category: Field;
    readonly department: Field;
    readonly implementer: Field;
    readonly startDate: Field;
    readonly endDate: Field;
  };
  readonly moneyUnit: "万元" | "元" | null;
  readonly funding: {
    /** 项目资金总额 = 财政资金 + 其他资金 */
    readonly projectTotal: Field;
    readonly fiscal: Field;
    readonly projectOther: Field;
    /** 年度资金申请总额 = 当年财政拨款 + 上年结转资金 + 其他资金 */
    readonly annualTotal: Field;
    readonly currentYear: Field;
    readonly carryOver: Field;
    readonly annualOther: Field;
  };
  readonly goals: { readonly overall: Field; readonly annual: Field };
  readonly indicators: readonly DeclaredIndicator[];
}

/** One 三级 item of an expert panel's indicator system, with every expert's score. */
export interface ExpertItem {
  readonly level1: Field;
  readonly level2: Field;
  readonly level3: Field;
  readonly weight: Field;
  /** One score per expert, in the order of `experts`. */
  readonly scores: readonly Field[];
  /** The stated 合计 (sum across experts) and 平均分. */
  readonly sum: Field;
  readonly average: Field;
}

/** A line of the per-一级/二级 summary: 分值, 平均得分, 失分率 as stated. `level2` is null on a 一级 line. */
export interface ExpertGroupLine {
  readonly level1: Field;
  readonly level2: Field | null;
  readonly weight: Field;
  readonly average: Field;
  readonly lossRate: Field;
}

export interface ExpertScoringForm extends FormBase {
  readonly kind: "expert-scoring";
  readonly header: { readonly projectName: Field; readonly department: Field; readonly implementer: Field };
  /** The experts' names (or 专家1…N) heading their columns. */
  readonly experts: readonly Field[];
  readonly items: readonly ExpertItem[];
  /** Each expert's stated 总分, in the order of `experts`. */
  readonly expertTotals: readonly Field[];
  /** The stated 满分 (Σ 分值) on the 总分 line. */
  readonly fullScore: Field;
  /** The stated sum of all scores (合计 on the 总分 line). */
  readonly totalSum: Field;
  readonly averageTotal: Field;
  readonly grade: Field | null;
  /** The per-一级/二级 summary lines, where the sheet has them. */
  readonly groups: readonly ExpertGroupLine[];
  /** Computed cells of a standard sheet that hold a typed value instead of their formula. */
  readonly overwritten?: readonly { readonly field: ComputedField; readonly at: CellAddress; readonly text: string }[];
}

export type Form = SelfEvaluationForm | TargetDeclarationForm | ExpertScoringForm;
