/**
 * A PDF with a text layer as a workbook grid, for forms that reach us only as PDF: the whole document on
 * one sheet (`PDF`), in reading order over all pages — lines of text outside tables as rows with their
 * text in column A (the title and year lines above a form's table are what the recognizer looks for),
 * tables laid out on the columns of their ruling lines with merged cells, a table that goes on over a
 * page break read as one (pdf-layout.ts). `locate` answers `第3页 表1 第5行第3列` or `第3页 第2行`.
 *
 * Library: pdf.js (`pdfjs-dist`), its legacy build, which runs on Node 20. It is an ES module; this
 * project compiles to CommonJS, so the `import()` below becomes `require()`, which loads an ES module
 * on Node ≥ 20.19 (require(esm), without top-level await, as pdf.js is). It is loaded on the first PDF
 * read, not when the CLI starts. In Node pdf.js has no worker thread: its worker code runs in-process
 * (it imports `pdf.worker.mjs` beside itself). Nothing is fetched: no system fonts, no font faces, no
 * standard font data (text extraction needs none), and no evaluated code (`isEvalSupported: false`,
 * against CVE-2024-4367-like font-program issues).
 *
 * Jest's module registry cannot load an ES module through require() on Node 20 (it needs Node 24.9),
 * so the tests read PDFs in a worker thread (pdf-reader.fixture-job.ts), as the CLI's batch does.
 *
 * Bad input never throws: a scanned PDF (pages, no text) is NO_TEXT_LAYER, a password ENCRYPTED, a
 * broken file DAMAGED, more than `maxPages` pages TOO_LARGE.
 */
import type { PDFDocumentProxy } from "pdfjs-dist/legacy/build/pdf.mjs";
import { mapGrid, type WorkbookGrid } from "../layout/grid";
import { pageContent, type OpCodes, type PageContent } from "./pdf-extract";
import { layoutPages } from "./pdf-layout";

/** The sheet a PDF is read into. */
export const PDF_SHEET = "PDF";

/** More pages than any form has; reading them all would take minutes. */
export const DEFAULT_MAX_PAGES = 500;

export type PdfErrorCode = "NO_TEXT_LAYER" | "ENCRYPTED" | "DAMAGED" | "TOO_LARGE";

export type PdfResult =
  | { readonly ok: true; readonly workbook: WorkbookGrid }
  | { readonly ok: false; readonly code: PdfErrorCode; readonly message: string };

export interface PdfLimits {
  /** Most pages read (default 500); a longer document is TOO_LARGE. */
  readonly maxPages?: number;
}

const NO_TEXT_LAYER = "这是扫描的 PDF（页面是图片，没有文字层），无法读取表格；请用原始的 Excel 或 Word 文件检查";
const ENCRYPTED = "PDF 设有打开密码（已加密），无法读取";
const damaged = (what: string): PdfResult => ({
  ok: false,
  code: "DAMAGED",
  message: `PDF 文件已损坏，无法读取（${what}）`,
});

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));
const nameOf = (e: unknown): string =>
  typeof e === "object" && e !== null && typeof (e as { name?: unknown }).name === "string"
    ? (e as { name: string }).name
    : "";

type Pdfjs = typeof import("pdfjs-dist/legacy/build/pdf.mjs");
let loading: Promise<Pdfjs> | null = null;

/** pdf.js, loaded once. */
function pdfjs(): Promise<Pdfjs> {
  loading ??= import("pdfjs-dist/legacy/build/pdf.mjs");
  return loading;
}

/** Nothing fetched, nothing evaluated: fonts are not needed to read text, and eval is an attack surface. */
const openDocument = (lib: Pdfjs, data: Uint8Array) =>
  lib.getDocument({
    data,
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    verbosity: 0,
    stopAtErrors: false,
  });

/**
 * The grid of a PDF's pages.
 * @example const r = await readPdfGrid(fs.readFileSync("自评表.pdf")); if (r.ok) recognizeWorkbook(r.workbook)
 */
export async function readPdfGrid(data: Uint8Array, limits: PdfLimits = {}): Promise<PdfResult> {
  const maxPages = limits.maxPages ?? DEFAULT_MAX_PAGES;
  if (!Number.isSafeInteger(maxPages) || maxPages < 1)
    throw new TypeError(`maxPages must be a positive integer, got ${maxPages}`);
  const lib = await pdfjs();
  // A copy: pdf.js takes the bytes over (it transfers them to its worker side), and the caller keeps its own.
  const bytes = new Uint8Array(data.byteLength);
  bytes.set(data);
  const task = openDocument(lib, bytes);
  let doc: PDFDocumentProxy;
  try {
    doc = await task.promise;
  } catch (e) {
    await task.destroy().catch(() => undefined);
    if (nameOf(e) === "PasswordException") return { ok: false, code: "ENCRYPTED", message: ENCRYPTED };
    return damaged(messageOf(e));
  }
  try {
    if (doc.numPages > maxPages)
      return { ok: false, code: "TOO_LARGE", message: `PDF 有 ${doc.numPages} 页，超过可检查的上限 ${maxPages} 页` };
    const ops = lib.OPS as unknown as OpCodes;
    const pages: PageContent[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      pages.push(await pageContent(page, ops));
      page.cleanup();
    }
    if (pages.length > 0 && pages.every((p) => p.texts.length === 0))
      return { ok: false, code: "NO_TEXT_LAYER", message: NO_TEXT_LAYER };
    const { cells, merges, sources } = layoutPages(pages);
    const sheet = mapGrid(PDF_SHEET, cells, merges);
    const locate = (cell: { sheet: string; row: number; col: number }): string | null => {
      if (cell.sheet !== PDF_SHEET) return null;
      const source = sources[cell.row];
      if (!source) return null;
      return source.kind === "line"
        ? `第${source.page}页 第${source.line}行`
        : `第${source.page}页 表${source.table} 第${source.row}行第${cell.col + 1}列`;
    };
    return { ok: true, workbook: { sheets: [sheet], definedNames: [], locate } };
  } catch (e) {
    if (nameOf(e) === "PasswordException") return { ok: false, code: "ENCRYPTED", message: ENCRYPTED };
    return damaged(messageOf(e));
  } finally {
    await doc.destroy().catch(() => undefined);
  }
}
