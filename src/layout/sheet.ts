/**
 * A sheet description: everything a writer needs to put a form on a worksheet — values, formulas,
 * merges, styles, number formats, validation, conditional formats, defined names and print setup —
 * as plain data. The layout produces it once; the Office.js writer (src/excel) and the xlsx writer
 * (src/xlsx) both render it, so the add-in and the files look and compute the same.
 */
import type { CellAddress } from "../domain/address";

export interface FontSpec {
  readonly name?: string;
  /** Points. */
  readonly size?: number;
  readonly bold?: boolean;
  /** #RRGGBB */
  readonly color?: string;
}

export interface CellStyle {
  readonly font?: FontSpec;
  readonly horizontal?: "left" | "center" | "right";
  readonly vertical?: "top" | "middle" | "bottom";
  readonly wrap?: boolean;
  /** Thin borders on all four sides. */
  readonly border?: boolean;
  /** Background #RRGGBB. */
  readonly fill?: string;
  /** Number format code: `#,##0.00`, `0.00%`, `@` for text. */
  readonly numberFormat?: string;
  /** Editable by the user (unlocked when the sheet is protected; shown with a light fill). */
  readonly input?: boolean;
}

export interface CellSpec {
  readonly row: number;
  readonly col: number;
  /** A constant value; omitted for an empty cell that only carries a style. */
  readonly value?: string | number | null;
  /** A formula in Excel's English syntax, without the leading `=` (`ROUND(MIN(H7,1)*G7,2)`). */
  readonly formula?: string;
  readonly style?: CellStyle;
}

export interface RangeSpec {
  readonly from: CellAddress;
  readonly to: CellAddress;
}

export type ValidationSpec =
  | {
      readonly range: RangeSpec;
      readonly type: "list";
      /** The choices, shown as a drop-down. */
      readonly values: readonly string[];
      /** "stop" refuses other input; "information" allows it after a notice. */
      readonly errorStyle: "stop" | "warning" | "information";
      readonly prompt?: string;
      readonly error: string;
    }
  | {
      readonly range: RangeSpec;
      readonly type: "decimal";
      readonly min: number | null;
      readonly max: number | null;
      readonly errorStyle: "stop" | "warning" | "information";
      readonly prompt?: string;
      readonly error: string;
    };

export interface ConditionalFormatSpec {
  readonly range: RangeSpec;
  /** A formula, written for the top-left cell of `range` and relative to it (no leading `=`). */
  readonly formula: string;
  readonly fill: string;
  readonly fontColor?: string;
  /** What the highlight means, for documentation and the task pane legend. */
  readonly meaning: string;
}

export interface DefinedNameSpec {
  /** A workbook-wide name, unique per form: `zpb_projectName_1`. */
  readonly name: string;
  readonly range: RangeSpec;
}

export interface PrintSpec {
  /** 9 is A4 in both Office.js and the xlsx format. */
  readonly paperSize: 9;
  readonly orientation: "portrait" | "landscape";
  readonly fitToWidth: 1;
  /** 0: as many pages tall as needed. */
  readonly fitToHeight: 0;
  /** Rows repeated at the top of each printed page, 1-based inclusive. */
  readonly titleRows: readonly [number, number];
  /** Inches. */
  readonly margins: {
    readonly left: number;
    readonly right: number;
    readonly top: number;
    readonly bottom: number;
    readonly header: number;
    readonly footer: number;
  };
  readonly printArea: RangeSpec;
}

export interface SheetDescription {
  readonly sheetName: string;
  /** Column widths in Excel character units, from column A. */
  readonly columnWidths: readonly number[];
  /** Columns (zero-based) hidden from view: helper columns for formulas. */
  readonly hiddenColumns: readonly number[];
  /** Row heights in points, by zero-based row; rows not listed keep the default. */
  readonly rowHeights: ReadonlyMap<number, number>;
  readonly cells: readonly CellSpec[];
  readonly merges: readonly RangeSpec[];
  readonly validations: readonly ValidationSpec[];
  readonly conditionalFormats: readonly ConditionalFormatSpec[];
  readonly names: readonly DefinedNameSpec[];
  readonly print: PrintSpec;
  /** Rows frozen at the top when scrolling (the header of the indicator table stays visible). */
  readonly frozenRows: number;
  /**
   * Whether the sheet shows: visible when omitted; `veryHidden` for data only code reads (the
   * templates a workbook carries), which Excel's 取消隐藏 does not list. A hidden sheet is not activated.
   */
  readonly state?: "visible" | "hidden" | "veryHidden";
}
