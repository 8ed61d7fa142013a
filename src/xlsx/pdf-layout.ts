/**
 * The pages of a PDF, as read by pdf-extract.ts, laid out on one grid in reading order: text lines
 * outside tables are rows with their text in column A; a table's rows are laid on the columns of its
 * ruling lines, with merged cells where a rule is missing. A table that ends at the bottom of a page and
 * goes on at the top of the next with the same columns is one table: its rows continue, a cell cut by
 * the page break is one cell (its text joined), and page numbers in the margins are dropped. A page
 * with text and no table falls back on lines as rows, cut into columns where the text has wide gaps.
 */
import type { RawValue } from "../domain/numbers";
import { cellKey, type GridCell, type MergedRange } from "../layout/grid";
import type { PageContent, TextBox } from "./pdf-extract";
import { COLUMN_GAP, cellText, groupLines, lineText, type TextLine } from "./pdf-text";
import {
  clusterPositions,
  findTables,
  intervalOf,
  regionsOf,
  sameColumns,
  TOLERANCE,
  type Region,
  type TablePart,
} from "./pdf-tables";

/** Where a grid row came from: a line of text (n-th on its page) or a table's row (1-based). */
export type RowSource =
  | { readonly kind: "line"; readonly page: number; readonly line: number }
  | { readonly kind: "table"; readonly page: number; readonly table: number; readonly row: number };

export interface PdfLayout {
  readonly cells: Map<number, GridCell>;
  readonly merges: MergedRange[];
  /** By grid row. */
  readonly sources: RowSource[];
}

/** Running page numbers: `- 3 -`, `3`, `第 3 页`, `第3页 共8页`, `3/8`, `Page 3 of 8`. */
const PAGE_NUMBER = [
  /^[-—–－\s]*\d{1,4}[-—–－\s]*$/,
  /^第\s*\d+\s*页(\s*[,，、/]?\s*共\s*\d+\s*页)?$/,
  /^共\s*\d+\s*页\s*[,，]?\s*第\s*\d+\s*页$/,
  /^\d+\s*\/\s*\d+$/,
  /^page\s*\d+(\s*of\s*\d+)?$/i,
];
/** Running headers and footers sit in the top and bottom eighth of a page. */
const MARGIN = 0.125;

interface Part {
  readonly page: number;
  readonly table: TablePart;
  readonly texts: TextBox[];
  /** The table this part belongs to (a chain of parts over consecutive pages). */
  chain: number;
}

type Block = { readonly kind: "part"; readonly part: Part } | { readonly kind: "line"; readonly line: TextLine };

const topOf = (b: Block): number => (b.kind === "part" ? b.part.table.top : b.line.top);

/** A page's tables with their text, and its lines of text outside them, in reading order. */
function pageBlocks(page: PageContent, index: number): { blocks: Block[]; parts: Part[] } {
  const parts: Part[] = findTables(page.rules).map((table) => ({ page: index, table, texts: [], chain: -1 }));
  const free: TextBox[] = [];
  for (const box of page.texts) {
    const cx = (box.x0 + box.x1) / 2;
    const cy = (box.top + box.bottom) / 2;
    const part = parts.find((p) => intervalOf(p.table.xs, cx) >= 0 && intervalOf(p.table.ys, cy) >= 0);
    if (part) part.texts.push(box);
    else free.push(box);
  }
  const lines = groupLines(free).filter((line) => {
    const inMargin = line.bottom < page.height * MARGIN || line.top > page.height * (1 - MARGIN);
    return !(inMargin && PAGE_NUMBER.some((re) => re.test(lineText(line.boxes))));
  });
  const blocks: Block[] = [
    ...parts.map((part): Block => ({ kind: "part", part })),
    ...lines.map((line): Block => ({ kind: "line", line })),
  ].sort((a, b) => topOf(a) - topOf(b));
  return { blocks, parts };
}

/** The lines of a page without tables, cut into columns at wide gaps (a simple fallback). */
function fallbackRows(lines: readonly TextLine[]): string[][] {
  const chunksOf = (line: TextLine): TextBox[][] => {
    const chunks: TextBox[][] = [];
    for (const box of line.boxes) {
      const last = chunks[chunks.length - 1];
      const prev = last?.[last.length - 1];
      if (prev && box.x0 - prev.x1 <= COLUMN_GAP * Math.max(prev.size, box.size)) last.push(box);
      else chunks.push([box]);
    }
    return chunks;
  };
  const split = lines.map(chunksOf);
  // Columns are where the chunks of lines with several of them start; a lone chunk that starts at none
  // of them is a title or a paragraph, in column A.
  const starts = clusterPositions(split.filter((c) => c.length > 1).flatMap((c) => c.map((k) => k[0].x0)));
  const columnOf = (x: number): number => starts.findIndex((s) => Math.abs(s - x) <= 2 * TOLERANCE);
  return split.map((chunks) => {
    const row: string[] = [];
    chunks.forEach((chunk, i) => {
      let col = columnOf(chunk[0].x0);
      if (chunks.length === 1 && col < 0) col = 0;
      if (col < 0) col = starts.filter((s) => s < chunk[0].x0).length;
      col = Math.max(col, i === 0 ? 0 : row.length);
      const text = lineText(chunk);
      row[col] = row[col] === undefined ? text : `${row[col]} ${text}`;
    });
    return row;
  });
}

/** Glyph widths relative to the font size, near enough to place words: CJK full width, Latin about half. */
const advance = (ch: string): number => (/[\u2e80-\uffef]/.test(ch) ? 1 : ch === " " ? 0.3 : 0.55);

/**
 * An item that runs over a column boundary cut at its spaces, each piece placed where it would be by
 * glyph widths: pdf.js makes one item (with a space) of a number ending at a cell's right edge and the
 * text starting at the next cell's left edge.
 */
export function splitAcross(box: TextBox, xs: readonly number[]): TextBox[] {
  const first = intervalOf(xs, box.x0 + 1);
  const last = intervalOf(xs, box.x1 - 1);
  if (first === last || !/\S\s+\S/.test(box.text.trim())) return [box];
  const chars = [...box.text];
  const total = chars.reduce((n, ch) => n + advance(ch), 0);
  const scale = (box.x1 - box.x0) / total;
  const pieces: TextBox[] = [];
  let x = box.x0;
  let current: { text: string; x0: number; x1: number; col: number } | null = null;
  for (const word of box.text.split(/(\s+)/)) {
    const w = [...word].reduce((n, ch) => n + advance(ch), 0) * scale;
    if (word.trim() !== "") {
      const col = intervalOf(xs, x + w / 2);
      if (current && current.col === col) {
        current.text += (current.text ? " " : "") + word;
        current.x1 = x + w;
      } else {
        if (current) pieces.push({ ...box, text: current.text, x0: current.x0, x1: current.x1 });
        current = { text: word, x0: x, x1: x + w, col };
      }
    }
    x += w;
  }
  if (current) pieces.push({ ...box, text: current.text, x0: current.x0, x1: current.x1 });
  return pieces;
}

/** A cell of a whole table: its grid rectangle and its text, part by part. */
interface TableCell {
  r0: number;
  r1: number;
  readonly c0: number;
  readonly c1: number;
  /** Its lines on each page it is on. */
  readonly lines: TextLine[][];
  readonly right: number;
}

/**
 * A cell's text over the pages it is on. LibreOffice draws the text of a merged cell cut by a page
 * break on both pages (clipped to each part, centred in the whole), so the same text on the next page
 * is that one text again; different text goes on from the page before.
 */
function textOf(cell: TableCell): string {
  const lines: TextLine[] = [];
  let previous: string | null = null;
  for (const part of cell.lines) {
    const text = cellText(part, cell.right);
    if (text === "" || text === previous) continue;
    lines.push(...part);
    previous = text;
  }
  return cellText(lines, cell.right);
}

/**
 * The grid of a document's pages.
 * @example layoutPages([{ width: 595, height: 842, texts: [title], rules: [] }]).cells // the title in A1
 */
export function layoutPages(pages: readonly PageContent[]): PdfLayout {
  const cells = new Map<number, GridCell>();
  const merges: MergedRange[] = [];
  const sources: RowSource[] = [];
  const put = (row: number, col: number, text: string): void => {
    const value: RawValue = text;
    if (text.trim() !== "") cells.set(cellKey(row, col), { value });
  };

  const analysed = pages.map(pageBlocks);
  // Chains: a table that ends a page goes on when the next page starts with a table of its columns.
  const chains: Part[][] = [];
  analysed.forEach(({ blocks }, p) => {
    for (const block of blocks) {
      if (block.kind !== "part") continue;
      const prev = p > 0 ? analysed[p - 1].blocks[analysed[p - 1].blocks.length - 1] : undefined;
      const continues = block === blocks[0] && prev?.kind === "part" && sameColumns(prev.part.table, block.part.table);
      if (continues && prev?.kind === "part") {
        block.part.chain = prev.part.chain;
        chains[prev.part.chain].push(block.part);
      } else {
        block.part.chain = chains.length;
        chains.push([block.part]);
      }
    }
  });
  const chainXs = chains.map((parts) => clusterPositions(parts.flatMap((p) => [...p.table.xs])));

  // Each chain's cells, on rows numbered within the table; laid on the sheet when the table is met.
  const chainCells = chains.map((parts, n) => tableCells(parts, chainXs[n]));

  let row = 0;
  analysed.forEach(({ blocks, parts }, p) => {
    const page = p + 1;
    if (parts.length === 0) {
      const lines = blocks.flatMap((b) => (b.kind === "line" ? [b.line] : []));
      fallbackRows(lines).forEach((texts, i) => {
        sources.push({ kind: "line", page, line: i + 1 });
        texts.forEach((text, col) => put(row, col, text));
        row++;
      });
      return;
    }
    let lineNo = 0;
    for (const block of blocks) {
      if (block.kind === "line") {
        sources.push({ kind: "line", page, line: ++lineNo });
        put(row++, 0, lineText(block.line.boxes));
        continue;
      }
      const { part } = block;
      const chain = chainCells[part.chain];
      // The rows of this part: those the chain gave it, laid after the rows already on the sheet.
      const rows = chain.rowsOf.get(part) ?? [];
      for (const r of rows) {
        if (chain.sheetRow.has(r)) continue; // a row fused with the last row of the page before
        chain.sheetRow.set(r, row);
        sources.push({ kind: "table", page, table: part.chain + 1, row: r + 1 });
        row++;
      }
      if (part === chains[part.chain][chains[part.chain].length - 1]) {
        for (const cell of chain.cells) {
          const top = chain.sheetRow.get(cell.r0) ?? 0;
          const bottom = chain.sheetRow.get(cell.r1) ?? top;
          put(top, cell.c0, textOf(cell));
          if (bottom > top || cell.c1 > cell.c0)
            merges.push({ from: { row: top, col: cell.c0 }, to: { row: bottom, col: cell.c1 } });
        }
      }
    }
  });
  return { cells, merges, sources };
}

/**
 * The cells of a table drawn over one or more pages, on the table's rows (numbered from 0 over all its
 * parts). At a page break, a cell open at the bottom of one part and at the top of the next, over the
 * same columns, is one cell; when every cell along the break is so, the two rows are one row.
 */
function tableCells(
  parts: readonly Part[],
  xs: readonly number[],
): { cells: TableCell[]; rowsOf: Map<Part, number[]>; sheetRow: Map<number, number> } {
  const cells: TableCell[] = [];
  const rowsOf = new Map<Part, number[]>();
  let offset = 0;
  let previous: { regions: Region[]; cells: TableCell[]; lastRow: number } | null = null;
  for (const part of parts) {
    const regions = regionsOf(part.table, xs);
    const nr = part.table.ys.length - 1;
    // The break: cells open on both sides over the same columns go on; a row cut as a whole is one row.
    const carried = new Map<Region, TableCell>();
    let fused = false;
    if (previous) {
      const above = previous.regions.filter((r) => r.r1 === previous?.lastRow);
      const below = regions.filter((r) => r.r0 === 0);
      for (const b of below) {
        const a = above.find((x) => x.c0 === b.c0 && x.c1 === b.c1 && x.openBottom && b.openTop);
        if (a) carried.set(b, previous.cells[previous.regions.indexOf(a)]);
      }
      fused = below.length > 0 && carried.size === below.length && above.length === below.length;
      if (fused) offset -= 1;
    }
    const own: TableCell[] = regions.map((region) => {
      const right = xs[region.c1 + 1];
      const cont = carried.get(region);
      if (cont) {
        cont.r1 = Math.max(cont.r1, offset + region.r1);
        return cont;
      }
      const cell: TableCell = {
        r0: offset + region.r0,
        r1: offset + region.r1,
        c0: region.c0,
        c1: region.c1,
        lines: [],
        right,
      };
      cells.push(cell);
      return cell;
    });
    // The part's text, cell by cell, in reading order.
    const boxesOf = new Map<TableCell, TextBox[]>();
    for (const box of part.texts.flatMap((b) => splitAcross(b, xs))) {
      const r = intervalOf(part.table.ys, (box.top + box.bottom) / 2);
      const c = intervalOf(xs, (box.x0 + box.x1) / 2);
      const i = regions.findIndex((g) => r >= g.r0 && r <= g.r1 && c >= g.c0 && c <= g.c1);
      if (i < 0) continue;
      const list = boxesOf.get(own[i]) ?? [];
      list.push(box);
      boxesOf.set(own[i], list);
    }
    for (const [cell, boxes] of boxesOf) cell.lines.push(groupLines(boxes));
    rowsOf.set(
      part,
      Array.from({ length: nr }, (_, i) => offset + i),
    );
    previous = { regions, cells: own, lastRow: nr - 1 };
    offset += nr;
  }
  return { cells, rowsOf, sheetRow: new Map() };
}
