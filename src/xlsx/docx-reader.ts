/**
 * A Word document (.docx) as a workbook grid, for forms a unit pasted into Word: the document's body in
 * order on one sheet — each paragraph a row (its text in column A), each table its rows, cells placed by
 * the table grid (`w:gridBefore`, `w:gridSpan`) with merged cells from `w:gridSpan` and `w:vMerge` — so
 * that the recognizer finds a form's title and year lines above its table, a form split over two
 * tables, and several forms in one document, as it does on a sheet. A cell's paragraphs are joined by a
 * line break. Every cell keeps where it is in the document: `locate` answers `表2 第5行第3列` or `第3段`.
 * Deleted text of tracked changes and field codes are not text; nested tables give their text to the
 * cell that holds them.
 */
import { SaxesParser, type SaxesTagPlain } from "saxes";
import type { RawValue } from "../domain/numbers";
import { cellKey, mapGrid, type GridCell, type MergedRange, type WorkbookGrid } from "../layout/grid";

/** The sheet a document is read into. */
export const DOCX_SHEET = "文档";

/** Where a grid row came from. */
type RowSource =
  | { readonly kind: "paragraph"; readonly n: number }
  | { readonly kind: "table"; readonly n: number; readonly row: number };

/** What makes a part unreadable, for the caller to report as DAMAGED. */
export class DocxError extends Error {}

const local = (name: string): string => {
  const i = name.indexOf(":");
  return i < 0 ? name : name.slice(i + 1);
};

/** A table being read: its rows' cells, by grid column. */
interface TableState {
  row: number;
  col: number;
  /** The grid row of the table's first row. */
  readonly top: number;
  /** The open vertical merge of each grid column: its first row and its width. */
  readonly vertical: Map<number, { row: number; span: number }>;
  cell: { col: number; span: number; vMerge: "restart" | "continue" | null; paragraphs: string[] } | null;
  rowsRead: number;
}

/**
 * The grid of a document's body (`word/document.xml`).
 * @example readDocxGrid('<w:document …><w:body><w:p><w:r><w:t>项目支出绩效自评表</w:t></w:r></w:p>…')
 */
export function readDocxGrid(xml: string): WorkbookGrid {
  const cells = new Map<number, GridCell>();
  const merges: MergedRange[] = [];
  const sources: RowSource[] = [];
  let paragraphs = 0;
  let tables = 0;

  // Nesting: the outermost table is the one laid out; deeper tables only give text.
  const tableStack: TableState[] = [];
  let depth = 0; // tables open
  let paragraph: string[] | null = null; // the text of the paragraph being read
  // Only w:t is text: deleted text (w:delText) and field codes (w:instrText) are other elements.
  let inText = false; // inside w:t
  let inRun = 0; // inside w:r: a w:tab elsewhere is a tab stop of the paragraph's style, not a tab
  // Inside a text box (w:txbxContent) or the fallback copy of a drawing (mc:Fallback repeats what
  // mc:Choice holds): not the document's flow, and its paragraphs would cut the one that anchors it.
  let aside = 0;
  const ASIDE = new Set(["txbxContent", "Fallback"]);

  const put = (row: number, col: number, text: string): void => {
    const value: RawValue = text;
    if (text.trim() !== "") cells.set(cellKey(row, col), { value });
  };
  const nextRow = (): number => sources.length;

  const p = new SaxesParser({ xmlns: false, position: false });
  p.on("error", (err) => {
    throw new DocxError(`word/document.xml 不是有效的 XML：${err.message}`);
  });
  p.on("doctype", () => {
    throw new DocxError("word/document.xml 含有 DTD");
  });
  p.on("opentag", (tag: SaxesTagPlain) => {
    const name = local(tag.name);
    if (ASIDE.has(name)) aside++;
    if (aside > 0) return;
    const val = (): string | undefined => {
      for (const [k, v] of Object.entries(tag.attributes)) if (local(k) === "val") return v;
      return undefined;
    };
    const table = tableStack.length > 0 ? tableStack[tableStack.length - 1] : null;
    switch (name) {
      case "tbl":
        depth++;
        if (depth === 1) {
          tables++;
          tableStack.push({ row: -1, col: 0, top: nextRow(), vertical: new Map(), cell: null, rowsRead: 0 });
        }
        return;
      case "tr":
        if (depth === 1 && table) {
          table.row = nextRow();
          table.col = 0;
          sources.push({ kind: "table", n: tables, row: table.rowsRead + 1 });
          table.rowsRead++;
        }
        return;
      case "gridBefore":
        if (depth === 1 && table && !table.cell) table.col += Math.max(0, Number(val() ?? 0) || 0);
        return;
      case "tc":
        if (depth === 1 && table) table.cell = { col: table.col, span: 1, vMerge: null, paragraphs: [] };
        return;
      case "gridSpan":
        if (depth === 1 && table?.cell) table.cell.span = Math.max(1, Math.min(64, Number(val() ?? 1) || 1));
        return;
      case "vMerge":
        if (depth === 1 && table?.cell) table.cell.vMerge = val() === "restart" ? "restart" : "continue";
        return;
      case "p":
        paragraph = [];
        return;
      case "t":
        inText = true;
        return;
      case "r":
        inRun++;
        return;
      case "tab":
        if (paragraph && inRun > 0) paragraph.push(" ");
        return;
      case "br":
      case "cr":
        if (paragraph) paragraph.push("\n");
        return;
    }
  });
  p.on("text", (text: string) => {
    if (inText && paragraph && aside === 0) paragraph.push(text);
  });
  p.on("closetag", (tag: SaxesTagPlain) => {
    const name = local(tag.name);
    if (ASIDE.has(name)) aside = Math.max(0, aside - 1);
    if (aside > 0 || ASIDE.has(name)) return;
    const table = tableStack.length > 0 ? tableStack[tableStack.length - 1] : null;
    switch (name) {
      case "t":
        inText = false;
        return;
      case "r":
        inRun = Math.max(0, inRun - 1);
        return;
      case "p": {
        const text = (paragraph ?? []).join("");
        paragraph = null;
        if (depth > 0 && table?.cell) {
          table.cell.paragraphs.push(text);
        } else if (depth === 0 && text.trim() !== "") {
          paragraphs++;
          const row = nextRow();
          sources.push({ kind: "paragraph", n: paragraphs });
          put(row, 0, text.trim());
        }
        return;
      }
      case "tc":
        if (depth === 1 && table?.cell) {
          const { col, span, vMerge, paragraphs: texts } = table.cell;
          const text = texts.join("\n").replace(/^\n+|\n+$/g, "");
          const open = table.vertical.get(col);
          if (vMerge === "continue" && open && open.span === span) {
            // The cell continues the merge above: its area grows by a row; its own text (if any) is dropped, as Word shows.
            const last = merges.findIndex((m) => m.from.row === open.row && m.from.col === col);
            const area = { from: { row: open.row, col }, to: { row: table.row, col: col + span - 1 } };
            if (last >= 0) merges[last] = area;
            else merges.push(area);
          } else {
            table.vertical.delete(col);
            put(table.row, col, text);
            if (vMerge === "restart") table.vertical.set(col, { row: table.row, span });
            if (span > 1) merges.push({ from: { row: table.row, col }, to: { row: table.row, col: col + span - 1 } });
          }
          table.col = col + span;
          table.cell = null;
        }
        return;
      case "tbl":
        if (depth === 1) tableStack.pop();
        depth = Math.max(0, depth - 1);
        return;
    }
  });
  p.write(xml).close();

  const sheet = mapGrid(DOCX_SHEET, cells, merges);
  const locate = (cell: { sheet: string; row: number; col: number }): string | null => {
    if (cell.sheet !== DOCX_SHEET) return null;
    const source = sources[cell.row];
    if (!source) return null;
    return source.kind === "paragraph" ? `第${source.n}段` : `表${source.n} 第${source.row}行第${cell.col + 1}列`;
  };
  return { sheets: [sheet], definedNames: [], locate };
}
