/**
 * Test helper: a SheetGrid from TSV text (one line a row, TAB between cells, an empty string no cell),
 * and the layout variants forms arrive in — rows and columns inserted, the whole form shifted, labels
 * respaced, two forms side by side, numbers stored as numbers — built from a copy of the rows.
 */
import type { MergedRange, GridCell, SheetGrid } from "../src/layout/grid";
import { cellKey, mapGrid } from "../src/layout/grid";
import { comparable } from "../src/domain/text";

export type Rows = string[][];

export interface TsvGridOptions {
  /** The sheet's name (default `Sheet1`). */
  readonly name?: string;
  /**
   * Merge the label cells the fixtures show merged: a label followed by empty cells on its row becomes
   * a merged range up to the next non-empty cell (a lone title or year line, up to the last column).
   */
  readonly mergeLabels?: boolean;
  /** Store cells that read as plain numbers (`9.00`, `1,980.00`) as numbers with a number format. */
  readonly numbers?: boolean;
}

/** Rows of a TSV text; a final empty line (the file's last newline) is not a row. */
export function parseTsv(text: string): Rows {
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines.map((line) => line.split("\t"));
}

/** Label texts (compared without spaces, full-width or colons) that forms merge over empty cells. */
const LABELS = new Set([
  "项目名称",
  "主管部门",
  "实施单位",
  "项目负责人",
  "联系电话",
  "项目性质",
  "项目类别",
  "计划开始日期",
  "计划完成日期",
  "年度总体目标",
  "项目绩效目标",
  "预期目标",
  "实际完成情况",
  "项目总目标",
  "绩效指标",
  "一级指标",
  "二级指标",
  "三级指标",
  "年度指标值",
  "年度(/项目)指标值",
  "实际完成值",
  "分值",
  "得分",
  "偏差原因分析及改进措施",
  "总分",
  "评分等级",
  "年度资金总额",
  "其中:当年财政拨款",
  "上年结转资金",
  "其他资金",
  "项目资金总额",
  "年度资金申请总额",
  "其中:财政资金",
]);

const labelKey = (text: string): string => comparable(text).replace(/:+$/, "");

/** Whether a cell is a label the fixtures merge: the list above, 项目资金 (unit), titles, year lines. */
export function isMergedLabel(text: string): boolean {
  const k = labelKey(text);
  return (
    LABELS.has(k) ||
    /^项目资金\(/.test(k) ||
    /^\(?\d{4}年度\)?$/.test(k) ||
    /(自评|申报|汇总)表$/.test(k) ||
    /^年度总体目标$/.test(k)
  );
}

const NUMBER = /^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/;

/**
 * A SheetGrid of TSV rows (or text).
 * @example tsvGrid("项目名称\t\t党建经费").cell(0, 2)?.value === "党建经费"
 */
export function tsvGrid(source: string | Rows, options: TsvGridOptions = {}): SheetGrid {
  const rows = typeof source === "string" ? parseTsv(source) : source;
  const cells = new Map<number, GridCell>();
  const width = Math.max(0, ...rows.map((r) => r.length));
  const merges: MergedRange[] = [];
  rows.forEach((row, r) => {
    row.forEach((text, c) => {
      if (text === "") return;
      const trimmed = text.trim();
      if (options.numbers && NUMBER.test(trimmed)) {
        const decimals = trimmed.includes(".") ? trimmed.split(".")[1].length : 0;
        const format = `${trimmed.includes(",") ? "#,##0" : "0"}${decimals > 0 ? "." + "0".repeat(decimals) : ""}`;
        cells.set(cellKey(r, c), {
          value: Number(trimmed.replace(/,/g, "")),
          ...(format === "0" ? {} : { numberFormat: format }),
        });
      } else {
        cells.set(cellKey(r, c), { value: text });
      }
      if (options.mergeLabels && isMergedLabel(text)) {
        let next = c + 1;
        while (next < row.length && row[next] === "") next++;
        const last = next < row.length ? next - 1 : width - 1;
        if (last > c) merges.push({ from: { row: r, col: c }, to: { row: r, col: last } });
      }
    });
  });
  return mapGrid(options.name ?? "Sheet1", cells, merges);
}

/** Every row moved right by k empty cells (an empty column A, B… before the form). */
export function shiftColumns(rows: Rows, k: number): Rows {
  return rows.map((row) => (row.every((c) => c === "") ? [...row] : [...Array<string>(k).fill(""), ...row]));
}

/** An empty row inserted before each of the given rows (indices into the original rows). */
export function insertEmptyRows(rows: Rows, before: readonly number[]): Rows {
  const out: Rows = [];
  rows.forEach((row, i) => {
    for (const b of before) if (b === i) out.push([]);
    out.push([...row]);
  });
  return out;
}

/** An empty column inserted before column `col` on every row. */
export function insertEmptyColumn(rows: Rows, col: number): Rows {
  return rows.map((row) => (row.length > col ? [...row.slice(0, col), "", ...row.slice(col)] : [...row]));
}

/** Labels respaced as typed by hand: `分值` → `分 值`, `项目名称` → `项 目 名 称：`, `总分` → `总\u3000分`. */
export function respaceLabels(rows: Rows): Rows {
  return rows.map((row) =>
    row.map((text) => {
      if (text === "" || !LABELS.has(labelKey(text))) return text;
      const k = labelKey(text);
      if (k === "项目名称" || k === "主管部门" || k === "实施单位") return `${[...k].join(" ")}：`;
      if (k.length === 2) return `${k[0]}\u3000${k[1]}`;
      return [...k].join(" ");
    }),
  );
}

/** Two sheets' rows side by side: the right one's cells start at column `col`. */
export function sideBySide(left: Rows, right: Rows, col = 12): Rows {
  const n = Math.max(left.length, right.length);
  const out: Rows = [];
  for (let i = 0; i < n; i++) {
    const l = [...(left[i] ?? [])];
    const r = right[i] ?? [];
    if (r.some((c) => c !== "")) {
      while (l.length < col) l.push("");
      out.push([...l.slice(0, col), ...r]);
    } else out.push(l);
  }
  return out;
}

/** The rows with every cell whose text passes `test` emptied (a title deleted, a label lost). */
export function blankCells(rows: Rows, test: (text: string) => boolean): Rows {
  return rows.map((row) => row.map((c) => (c !== "" && test(c) ? "" : c)));
}
