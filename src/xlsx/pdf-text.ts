/**
 * Text items of a PDF page into lines and lines into text: the reading order of a cell or of the page.
 * CJK text has no spaces between its items, so none is inserted between them; a space goes only
 * between Latin letters or digits set apart, or where a gap is wide enough to be a column of its own.
 */
import type { TextBox } from "./pdf-extract";

/** Items on one baseline, left to right. */
export interface TextLine {
  readonly boxes: readonly TextBox[];
  readonly top: number;
  readonly bottom: number;
  readonly x0: number;
  readonly x1: number;
  /** The largest font size on the line. */
  readonly size: number;
}

/**
 * The items grouped into lines, top to bottom: an item joins a line when their vertical extents
 * overlap by more than half of the smaller one (superscripts and mixed fonts stay on their line).
 */
export function groupLines(boxes: readonly TextBox[]): TextLine[] {
  const sorted = [...boxes].sort((a, b) => a.top + a.bottom - (b.top + b.bottom) || a.x0 - b.x0);
  const lines: { boxes: TextBox[]; top: number; bottom: number }[] = [];
  for (const box of sorted) {
    const line = lines.find((l) => {
      const overlap = Math.min(l.bottom, box.bottom) - Math.max(l.top, box.top);
      return overlap > 0.5 * Math.min(l.bottom - l.top, box.bottom - box.top);
    });
    if (line) {
      line.boxes.push(box);
      line.top = Math.min(line.top, box.top);
      line.bottom = Math.max(line.bottom, box.bottom);
    } else lines.push({ boxes: [box], top: box.top, bottom: box.bottom });
  }
  return lines
    .map((l) => {
      const boxes = l.boxes.sort((a, b) => a.x0 - b.x0);
      return {
        boxes,
        top: l.top,
        bottom: l.bottom,
        x0: boxes[0].x0,
        x1: Math.max(...boxes.map((b) => b.x1)),
        size: Math.max(...boxes.map((b) => b.size)),
      };
    })
    .sort((a, b) => a.top - b.top);
}

const LATIN_OR_DIGIT = /[A-Za-z0-9%.,:;)\]]$/;
const LATIN_OR_DIGIT_START = /^[A-Za-z0-9([]/;

/** A gap wider than this many font sizes separates columns (a field and its unit on one line). */
export const COLUMN_GAP = 1.5;

/**
 * The items of one line as text.
 * @example lineText([{ text: "项目名称" }, { text: "：乡村道路" }]) === "项目名称：乡村道路" (gap 0)
 */
export function lineText(boxes: readonly TextBox[]): string {
  let out = "";
  let prev: TextBox | null = null;
  for (const box of boxes) {
    if (prev) {
      const gap = box.x0 - prev.x1;
      const size = Math.max(prev.size, box.size);
      const latin = LATIN_OR_DIGIT.test(prev.text) && LATIN_OR_DIGIT_START.test(box.text);
      if (gap > COLUMN_GAP * size || (latin && gap > 0.15 * size)) out += " ";
    }
    out += box.text;
    prev = box;
  }
  return out.trim();
}

const CJK_OR_PUNCT_END = /[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]$/;

/**
 * The lines of a cell as its text. A line that reaches the cell's right edge was wrapped by the writer,
 * not broken by the author: it joins the next line directly (with a space between two Latin words);
 * other lines are joined with a line break.
 * @example cellText(lines, 100, 180) === "经费审批流程规范性" for "经费审批流程规范" wrapped before "性"
 */
export function cellText(lines: readonly TextLine[], right: number): string {
  let out = "";
  let prev: TextLine | null = null;
  for (const line of lines) {
    const text = lineText(line.boxes);
    if (text === "") continue;
    if (prev) {
      // A wrapped line leaves less than a character and the cell's padding before the edge.
      const full = right - prev.x1 < 1.5 * prev.size + 3;
      if (!full) out += "\n";
      else if (!CJK_OR_PUNCT_END.test(out) && /^[A-Za-z0-9]/.test(text) && /[A-Za-z]$/.test(out)) out += " ";
    }
    out += text;
    prev = line;
  }
  return out;
}
