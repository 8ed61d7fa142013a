/**
 * What a PDF page shows that a table reader needs, taken from pdf.js: its text items (each with its box)
 * and its ruling lines (axis-parallel strokes and thin filled rectangles), all in page coordinates as
 * seen — origin at the top left, y downwards, the page's rotation applied — so that the layout
 * (pdf-layout.ts) is plain geometry and can be tested without pdf.js.
 *
 * The operator list encodes a path as `constructPath [paintOp, [Float32Array | null], minMax]` since
 * pdf.js 5: the buffer holds DrawOPS codes followed by their points (`moveTo x y`, `lineTo x y`,
 * `curveTo x1 y1 x2 y2 x y`, `quadraticCurveTo x1 y1 x y`, `closePath`); a rectangle `re` arrives as
 * moveTo, three lineTo and closePath. The points are in the user space of the current matrix, which
 * `save`, `restore`, `transform` and form XObjects (`paintFormXObjectBegin [matrix, bbox]`) change.
 */
import type { PDFPageProxy } from "pdfjs-dist/legacy/build/pdf.mjs";

/** A text item, in page coordinates (y downwards). */
export interface TextBox {
  readonly text: string;
  readonly x0: number;
  readonly x1: number;
  /** The top and the bottom of the glyphs' line box. */
  readonly top: number;
  readonly bottom: number;
  /** The font size, for gaps and tolerances. */
  readonly size: number;
}

/** A horizontal (`y` fixed, from `a` to `b` in x) or vertical (`x` fixed, from `a` to `b` in y) rule. */
export interface Rule {
  readonly dir: "h" | "v";
  /** Where the rule is across its direction: y for a horizontal rule, x for a vertical one. */
  readonly at: number;
  readonly a: number;
  readonly b: number;
}

export interface PageContent {
  readonly width: number;
  readonly height: number;
  readonly texts: readonly TextBox[];
  readonly rules: readonly Rule[];
}

type Matrix = readonly [number, number, number, number, number, number];

const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** m1 × m2 in the PDF convention (the point is transformed by m1 first, then m2). */
function multiply(m1: Matrix, m2: Matrix): Matrix {
  return [
    m1[0] * m2[0] + m1[1] * m2[2],
    m1[0] * m2[1] + m1[1] * m2[3],
    m1[2] * m2[0] + m1[3] * m2[2],
    m1[2] * m2[1] + m1[3] * m2[3],
    m1[4] * m2[0] + m1[5] * m2[2] + m2[4],
    m1[4] * m2[1] + m1[5] * m2[3] + m2[5],
  ];
}

const apply = (m: Matrix, x: number, y: number): [number, number] => [
  m[0] * x + m[2] * y + m[4],
  m[1] * x + m[3] * y + m[5],
];

/** The operator codes used here: OPS and DrawOPS of pdf.js 5 (src/shared/util.js). */
export interface OpCodes {
  readonly save: number;
  readonly restore: number;
  readonly transform: number;
  readonly setLineWidth: number;
  readonly setGState: number;
  readonly constructPath: number;
  readonly paintFormXObjectBegin: number;
  readonly paintFormXObjectEnd: number;
  readonly stroke: number;
  readonly closeStroke: number;
  readonly fill: number;
  readonly eoFill: number;
  readonly fillStroke: number;
  readonly eoFillStroke: number;
  readonly closeFillStroke: number;
  readonly closeEOFillStroke: number;
  readonly clip: number;
  readonly eoClip: number;
  readonly beginText: number;
  readonly setTextMatrix: number;
  readonly moveText: number;
  readonly setLeading: number;
  readonly setLeadingMoveText: number;
  readonly nextLine: number;
  readonly showText: number;
}

/** Where a text run starts (page coordinates) and the clipping rectangle it is drawn in, if any. */
export interface TextStart {
  readonly x: number;
  readonly y: number;
  readonly clip: Box | null;
}

/** x0 ≤ x1, y0 ≤ y1. */
export type Box = readonly [x0: number, y0: number, x1: number, y1: number];

const intersect = (a: Box | null, b: Box): Box =>
  a === null ? b : [Math.max(a[0], b[0]), Math.max(a[1], b[1]), Math.min(a[2], b[2]), Math.min(a[3], b[3])];

/** DrawOPS of pdf.js 5: not exported, and stable since the path encoding changed (pdf.js 4.10 → 5.0). */
const DRAW = { moveTo: 0, lineTo: 1, curveTo: 2, quadraticCurveTo: 3, closePath: 4 } as const;

/** A rule is at most this thick (pt): a cell border is 0.1–1.5 pt; a thicker fill is shading, not a line. */
const MAX_RULE_THICKNESS = 3;
/** Shorter marks (pt) are glyph-like decoration (ticks, bullets), not table borders. */
const MIN_RULE_LENGTH = 2;

/**
 * The rules drawn by an operator list, in the coordinates of `base` (the viewport's transform), and
 * where its text runs start with their clipping rectangles. Strokes give their axis-parallel segments;
 * fills give the thin rectangles among their subpaths, as the long axis of the rectangle (LibreOffice
 * and Word draw cell borders so). A run is known only where its position is set (`Tm`, `Td`, `T*`, a
 * new text object): the start of a run after another in the same line would need the glyphs' widths.
 */
export function readOperators(
  fnArray: readonly number[],
  argsArray: readonly unknown[],
  ops: OpCodes,
  base: Matrix = IDENTITY,
): { rules: Rule[]; starts: TextStart[] } {
  const rules: Rule[] = [];
  const starts: TextStart[] = [];
  const stack: { ctm: Matrix; lineWidth: number; clip: Box | null }[] = [];
  let ctm: Matrix = base;
  let lineWidth = 1;
  let clip: Box | null = null;
  let pendingClip = false;
  let tm: Matrix = IDENTITY; // the text matrix
  let lm: Matrix = IDENTITY; // the text line matrix
  let leading = 0;
  let positioned = false; // the next run's start is known
  const moveText = (tx: number, ty: number): void => {
    lm = multiply([1, 0, 0, 1, tx, ty], lm);
    tm = lm;
    positioned = true;
  };
  const strokes = new Set([
    ops.stroke,
    ops.closeStroke,
    ops.fillStroke,
    ops.eoFillStroke,
    ops.closeFillStroke,
    ops.closeEOFillStroke,
  ]);
  const fills = new Set([
    ops.fill,
    ops.eoFill,
    ops.fillStroke,
    ops.eoFillStroke,
    ops.closeFillStroke,
    ops.closeEOFillStroke,
  ]);

  const addSegment = (x1: number, y1: number, x2: number, y2: number): void => {
    const [ax, ay] = apply(ctm, x1, y1);
    const [bx, by] = apply(ctm, x2, y2);
    if (Math.abs(ay - by) < 0.5 && Math.abs(ax - bx) >= MIN_RULE_LENGTH)
      rules.push({ dir: "h", at: (ay + by) / 2, a: Math.min(ax, bx), b: Math.max(ax, bx) });
    else if (Math.abs(ax - bx) < 0.5 && Math.abs(ay - by) >= MIN_RULE_LENGTH)
      rules.push({ dir: "v", at: (ax + bx) / 2, a: Math.min(ay, by), b: Math.max(ay, by) });
  };
  const addThinRect = (points: readonly (readonly [number, number])[]): void => {
    const four = corners(points);
    if (four.length !== 4) return;
    const t = four.map(([x, y]) => apply(ctm, x, y));
    const xs = t.map((p) => p[0]);
    const ys = t.map((p) => p[1]);
    // Axis-parallel: every point shares its x with one neighbour and its y with the other.
    for (let i = 0; i < 4; i++) {
      const p = t[i];
      const q = t[(i + 1) % 4];
      if (Math.abs(p[0] - q[0]) > 0.5 && Math.abs(p[1] - q[1]) > 0.5) return;
    }
    const x0 = Math.min(...xs);
    const x1 = Math.max(...xs);
    const y0 = Math.min(...ys);
    const y1 = Math.max(...ys);
    const w = x1 - x0;
    const h = y1 - y0;
    if (h <= MAX_RULE_THICKNESS && w >= MIN_RULE_LENGTH && w > h)
      rules.push({ dir: "h", at: (y0 + y1) / 2, a: x0, b: x1 });
    else if (w <= MAX_RULE_THICKNESS && h >= MIN_RULE_LENGTH && h > w)
      rules.push({ dir: "v", at: (x0 + x1) / 2, a: y0, b: y1 });
  };

  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i];
    const args = argsArray[i] as unknown[] | null;
    if (fn === ops.save) stack.push({ ctm, lineWidth, clip });
    else if (fn === ops.restore) {
      const top = stack.pop();
      if (top) ({ ctm, lineWidth, clip } = top);
    } else if (fn === ops.transform && args) ctm = multiply(args as unknown as Matrix, ctm);
    else if (fn === ops.paintFormXObjectBegin && args) {
      stack.push({ ctm, lineWidth, clip });
      if (Array.isArray(args[0]) || ArrayBuffer.isView(args[0]))
        ctm = multiply(Array.from(args[0] as ArrayLike<number>) as unknown as Matrix, ctm);
    } else if (fn === ops.paintFormXObjectEnd) {
      const top = stack.pop();
      if (top) ({ ctm, lineWidth, clip } = top);
    } else if (fn === ops.clip || fn === ops.eoClip) pendingClip = true;
    else if (fn === ops.beginText) {
      tm = lm = IDENTITY;
      positioned = true;
    } else if (fn === ops.setTextMatrix && args) {
      tm = lm = Array.from(args[0] as ArrayLike<number>) as unknown as Matrix;
      positioned = true;
    } else if (fn === ops.moveText && args) moveText(Number(args[0]), Number(args[1]));
    else if (fn === ops.setLeadingMoveText && args) {
      leading = -Number(args[1]);
      moveText(Number(args[0]), Number(args[1]));
    } else if (fn === ops.setLeading && args) leading = Number(args[0]);
    else if (fn === ops.nextLine) moveText(0, -leading);
    else if (fn === ops.showText) {
      if (positioned) {
        const [x, y] = apply(multiply(tm, ctm), 0, 0);
        starts.push({ x, y, clip });
      }
      positioned = false;
    } else if (fn === ops.setLineWidth && args) lineWidth = Number(args[0]) || 0;
    else if (fn === ops.setGState && args && Array.isArray(args[0])) {
      for (const entry of args[0] as unknown[])
        if (Array.isArray(entry) && entry[0] === "LW") lineWidth = Number(entry[1]) || 0;
    } else if (fn === ops.constructPath && args) {
      const paint = args[0] as number;
      const buffers = args[1] as unknown[] | null;
      const buf = buffers?.[0] as ArrayLike<number> | null | undefined;
      if (pendingClip) {
        pendingClip = false;
        clip = intersect(clip, pathBox(buf ?? [], ctm));
      }
      if (!buf) continue;
      const stroked = strokes.has(paint) && lineWidth <= MAX_RULE_THICKNESS * 4;
      const filled = fills.has(paint);
      if (!stroked && !filled) continue; // a clip path or an unpainted path
      let sub: [number, number][] = [];
      let start: [number, number] | null = null;
      let cur: [number, number] | null = null;
      const endSub = (): void => {
        if (filled) addThinRect(sub);
        sub = [];
      };
      for (let k = 0; k < buf.length;) {
        const code = buf[k++];
        if (code === DRAW.moveTo) {
          endSub();
          cur = start = [buf[k], buf[k + 1]];
          sub.push(cur);
          k += 2;
        } else if (code === DRAW.lineTo) {
          const next: [number, number] = [buf[k], buf[k + 1]];
          if (stroked && cur) addSegment(cur[0], cur[1], next[0], next[1]);
          cur = next;
          sub.push(next);
          k += 2;
        } else if (code === DRAW.curveTo) {
          cur = [buf[k + 4], buf[k + 5]];
          sub.push(cur, cur); // a curve makes the subpath no rectangle
          k += 6;
        } else if (code === DRAW.quadraticCurveTo) {
          cur = [buf[k + 2], buf[k + 3]];
          sub.push(cur, cur);
          k += 4;
        } else if (code === DRAW.closePath) {
          if (stroked && cur && start) addSegment(cur[0], cur[1], start[0], start[1]);
          endSub();
          cur = start;
        } else break; // an unknown code: the rest of the buffer cannot be decoded
      }
      endSub();
    }
  }
  return { rules, starts };
}

/** The bounding box of a path's points, transformed (an empty path clips everything away). */
function pathBox(buf: ArrayLike<number>, ctm: Matrix): Box {
  const xs: number[] = [];
  const ys: number[] = [];
  const point = (x: number, y: number): void => {
    const [px, py] = apply(ctm, x, y);
    xs.push(px);
    ys.push(py);
  };
  for (let k = 0; k < buf.length;) {
    const code = buf[k++];
    const n =
      code === DRAW.moveTo || code === DRAW.lineTo
        ? 1
        : code === DRAW.curveTo
          ? 3
          : code === DRAW.quadraticCurveTo
            ? 2
            : 0;
    if (code > DRAW.closePath) break;
    for (let j = 0; j < n; j++, k += 2) point(buf[k], buf[k + 1]);
  }
  if (xs.length === 0) return [0, 0, 0, 0];
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/** A closed rectangle's last point repeats its first: drop it so that four corners remain. */
function corners(points: readonly (readonly [number, number])[]): (readonly [number, number])[] {
  const out = [...points];
  if (out.length === 5) {
    const [a, b] = [out[0], out[4]];
    if (Math.abs(a[0] - b[0]) < 0.01 && Math.abs(a[1] - b[1]) < 0.01) out.pop();
  }
  return out;
}

/**
 * What is seen of a text item drawn in a clipping rectangle, or null when too little of it is. A line
 * of a cell cut by a page break shows its top at the foot of one page and the rest at the head of the
 * next (LibreOffice draws it on both pages, clipped to the cell's part on each; the parts make the
 * whole): it is read once, where the larger part is (at the head of the next page when cut in half),
 * as the box of that part, which lies inside the cell it is clipped to.
 * @example visiblePart({ ...box, top: 500, bottom: 511 }, [0, 50, 842, 503]) // null: 8 of its 11 pt are cut off
 */
export function visiblePart(t: TextBox, clip: Box | null): TextBox | null {
  if (!clip) return t;
  if (!(t.x1 > clip[0] && t.x0 < clip[2])) return null;
  const top = Math.max(t.top, clip[1]);
  const bottom = Math.min(t.bottom, clip[3]);
  const seen = (bottom - top) / (t.bottom - t.top);
  return seen > 0.5 || (seen > 0.499 && top > t.top) ? { ...t, top, bottom } : null;
}

interface RawTextItem {
  readonly str: string;
  readonly transform: readonly number[];
  readonly width: number;
  readonly height: number;
}

const isTextItem = (item: unknown): item is RawTextItem =>
  typeof item === "object" && item !== null && typeof (item as { str?: unknown }).str === "string";

/** The text and the rules of one page. */
export async function pageContent(page: PDFPageProxy, ops: OpCodes): Promise<PageContent> {
  const viewport = page.getViewport({ scale: 1 });
  const vt = viewport.transform as unknown as Matrix;
  const [textContent, operatorList] = await Promise.all([page.getTextContent(), page.getOperatorList()]);
  const texts: (TextBox & { readonly start: readonly [number, number] })[] = [];
  for (const item of textContent.items) {
    if (!isTextItem(item) || item.str.trim() === "") continue;
    // The item's matrix maps glyph space (1 unit = the font size) onto the page; the viewport's maps the
    // page onto the view. Its x axis gives the run's direction, its y axis the glyphs' height.
    const m = multiply(item.transform as unknown as Matrix, vt);
    const size = Math.hypot(m[2], m[3]) || item.height || 1;
    const [ox, oy] = [m[4], m[5]];
    const scale = Math.hypot(vt[0], vt[1]) || 1;
    const dx = m[0] / (Math.hypot(m[0], m[1]) || 1);
    const dy = m[1] / (Math.hypot(m[0], m[1]) || 1);
    const length = item.width * scale;
    const ex = ox + dx * length;
    const ey = oy + dy * length;
    // Upright text: the baseline is at oy; the glyphs rise about 0.8 of the size above it and descend 0.2.
    // Text running up or down (a vertical label) is given the box of its run.
    const horizontal = Math.abs(dy) < 0.5;
    texts.push(
      horizontal
        ? {
            text: item.str,
            x0: Math.min(ox, ex),
            x1: Math.max(ox, ex),
            top: oy - 0.8 * size,
            bottom: oy + 0.2 * size,
            size,
            start: [ox, oy],
          }
        : {
            start: [ox, oy],
            text: item.str,
            x0: Math.min(ox, ex) - 0.5 * size,
            x1: Math.max(ox, ex) + 0.5 * size,
            top: Math.min(oy, ey),
            bottom: Math.max(oy, ey),
            size,
          },
    );
  }
  const { rules, starts } = readOperators(operatorList.fnArray, operatorList.argsArray, ops, vt);
  // Text clipped away or placed off the page is not shown: LibreOffice writes a merged cell cut by a
  // page break on both pages, centred in the whole cell and clipped to the part on each page.
  const { width, height } = viewport;
  const shown: TextBox[] = [];
  for (const { start: at, ...t } of texts) {
    const cx = (t.x0 + t.x1) / 2;
    const cy = (t.top + t.bottom) / 2;
    if (cx < 0 || cx > width || cy < 0 || cy > height) continue;
    const start = starts.find((s) => Math.abs(s.x - at[0]) < 0.5 && Math.abs(s.y - at[1]) < 0.5);
    const seen = visiblePart(t, start?.clip ?? null);
    if (seen) shown.push(seen);
  }
  return { width, height, texts: shown, rules };
}
