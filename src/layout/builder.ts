/**
 * What both layouts need to build a sheet description: cells, merged blocks whose every cell carries
 * the style (so borders show all round), and the form's defined names.
 */
import type { RawValue } from "../domain/numbers";
import type { CellSpec, CellStyle, DefinedNameSpec, RangeSpec } from "./sheet";

export const range = (r1: number, c1: number, r2 = r1, c2 = c1): RangeSpec => ({
  from: { row: r1, col: c1 },
  to: { row: r2, col: c2 },
});

export interface SheetBuilder {
  readonly cells: CellSpec[];
  readonly merges: RangeSpec[];
  readonly names: DefinedNameSpec[];
  /** One cell: a value, or a formula (without `=`). */
  put(row: number, col: number, value: RawValue | undefined, style: CellStyle, formula?: string): void;
  /** A merged block with its value (or formula) in the first cell. */
  block(
    r1: number,
    c1: number,
    r2: number,
    c2: number,
    value: RawValue | undefined,
    style: CellStyle,
    formula?: string,
  ): void;
  /** A defined name `zpb_<field>_<formNo>` for a field of this form. */
  name(field: string, r: RangeSpec): void;
}

/** @example const b = sheetBuilder("zpb_", 1); b.block(0, 0, 0, 8, "财政项目支出绩效自评表", TITLE); */
export function sheetBuilder(prefix: string, formNo: number): SheetBuilder {
  const cells: CellSpec[] = [];
  const merges: RangeSpec[] = [];
  const names: DefinedNameSpec[] = [];
  const put: SheetBuilder["put"] = (row, col, value, style, formula) => {
    const v = value === undefined || typeof value === "boolean" ? null : value;
    cells.push({ row, col, ...(formula ? { formula } : { value: v }), style });
  };
  return {
    cells,
    merges,
    names,
    put,
    block: (r1, c1, r2, c2, value, style, formula) => {
      for (let r = r1; r <= r2; r++) for (let c = c1; c <= c2; c++) if (r !== r1 || c !== c1) put(r, c, null, style);
      put(r1, c1, value, style, formula);
      if (r1 !== r2 || c1 !== c2) merges.push(range(r1, c1, r2, c2));
    },
    name: (field, r) => {
      names.push({ name: `${prefix}${field}_${formNo}`, range: r });
    },
  };
}

/**
 * The form's title (黑体 16, row 1) and its year line (`（2024年度）`, row 2, named `year`), each merged
 * across columns A to `last`.
 */
export function titleRows(
  b: SheetBuilder,
  last: number,
  title: string,
  year: number | null,
  rowHeights: Map<number, number>,
): void {
  b.block(0, 0, 0, last, title, {
    font: { name: "黑体", size: 16, bold: true },
    horizontal: "center",
    vertical: "middle",
  });
  rowHeights.set(0, 30);
  b.block(1, 0, 1, last, year === null ? "（    年度）" : `（${year}年度）`, {
    font: { name: "宋体", size: 11 },
    horizontal: "center",
    vertical: "middle",
  });
  b.name("year", range(1, 0));
}
