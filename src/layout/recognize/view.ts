/**
 * The sheet as the recognizer sees it: per row, its non-empty cells (a merged range only by its
 * top-left cell, which knows how far the merge reaches), each with the key labels are matched by.
 */
import { readNumber } from "../../domain/numbers";
import { cellText } from "../../domain/text";
import type { GridCell, SheetGrid } from "../grid";
import { cellKey, isBlockLabel, isKnownLabel } from "./lexicon";

// Real forms are at most a few hundred rows and a dozen columns; the bounds keep a sheet whose used
// range claims the whole grid (it happens after a stray format at XFD1048576) from being scanned cell by cell.
export const MAX_ROWS = 20000;
export const MAX_COLS = 200;

/**
 * A non-empty cell as the recognizer sees it. What the lexicon says of it is worked out once, when first
 * asked: the block finders ask the same cells again and again.
 */
export class Cell {
  private knownLabel: boolean | undefined;
  private blockLabel: boolean | undefined;
  private number: -1 | 0 | 1 | undefined;

  constructor(
    readonly row: number,
    readonly col: number,
    /** The last column of the merged range the cell heads (its own column when not merged). */
    readonly lastCol: number,
    /** The last row of the merged range the cell heads. */
    readonly lastRow: number,
    readonly text: string,
    /** `comparable` text without a trailing colon: what labels are matched by. */
    readonly key: string,
    readonly grid: GridCell,
  ) {}

  /** A label the recognizer knows (`isKnownLabel`): never a value. */
  get known(): boolean {
    return (this.knownLabel ??= isKnownLabel(this.key));
  }

  /** A block's heading (`isBlockLabel`): no value of its own. */
  get block(): boolean {
    return (this.blockLabel ??= isBlockLabel(this.key));
  }

  /** 1 a number, 0 a placeholder or blank (`—`, `/`), -1 text that is not a number. */
  get numeric(): -1 | 0 | 1 {
    if (this.number === undefined) {
      const r = readNumber(this.grid.value);
      this.number = r.ok ? 1 : r.reason === "placeholder" ? 0 : -1;
    }
    return this.number;
  }
}

/** A rectangle of the sheet, inclusive. */
export interface Area {
  readonly top: number;
  readonly bottom: number;
  readonly left: number;
  readonly right: number;
}

export class View {
  readonly rows: Cell[][] = [];
  /** Merged ranges by their rows, for `mergedFrom`. */
  private readonly spans = new Map<number, { from: number; to: number; top: number }[]>();
  readonly rowCount: number;
  readonly colCount: number;

  constructor(readonly sheet: SheetGrid) {
    this.rowCount = Math.max(0, Math.min(sheet.rowCount, MAX_ROWS));
    this.colCount = Math.max(0, Math.min(sheet.colCount, MAX_COLS));
    // Cells covered by a merge (all but its top-left) are empty whatever a reader put in them.
    const covered = new Map<number, { from: number; to: number }[]>();
    const heads = new Map<string, { lastCol: number; lastRow: number }>();
    for (const m of sheet.merges ?? []) {
      const r1 = Math.max(0, Math.min(m.from.row, m.to.row));
      const r2 = Math.min(this.rowCount - 1, Math.max(m.from.row, m.to.row));
      const c1 = Math.max(0, Math.min(m.from.col, m.to.col));
      const c2 = Math.max(m.from.col, m.to.col);
      heads.set(`${r1}:${c1}`, { lastCol: c2, lastRow: r2 });
      for (let r = r1; r <= r2; r++) {
        const list = covered.get(r) ?? [];
        list.push({ from: r === r1 ? c1 + 1 : c1, to: c2 });
        covered.set(r, list);
        if (r > r1) {
          const spans = this.spans.get(r) ?? [];
          spans.push({ from: c1, to: c2, top: r1 });
          this.spans.set(r, spans);
        }
      }
    }
    for (let r = 0; r < this.rowCount; r++) {
      const out: Cell[] = [];
      const spans = covered.get(r) ?? [];
      const add = (c: number, grid: GridCell | undefined): void => {
        if (!grid || c >= this.colCount || spans.some((s) => c >= s.from && c <= s.to)) return;
        const text = cellText(grid.value).trim();
        if (text === "") return;
        const head = heads.get(`${r}:${c}`);
        out.push(new Cell(r, c, head?.lastCol ?? c, head?.lastRow ?? r, text, cellKey(text), grid));
      };
      // A grid that lists a row's cells is read by them; another is probed column by column.
      if (sheet.rowCells) for (const [c, grid] of sheet.rowCells(r)) add(c, grid);
      else for (let c = 0; c < this.colCount; c++) add(c, sheet.cell(r, c));
      this.rows.push(out);
    }
  }

  /** The first row of the merged range that covers a cell from above, or null. */
  mergedFrom(row: number, col: number): number | null {
    const span = (this.spans.get(row) ?? []).find((s) => col >= s.from && col <= s.to);
    return span ? span.top : null;
  }

  /** The non-empty cells of a row between two columns, inclusive. */
  cells(row: number, left: number, right: number): Cell[] {
    if (row < 0 || row >= this.rows.length) return [];
    return this.rows[row].filter((c) => c.col >= left && c.col <= right);
  }
}
