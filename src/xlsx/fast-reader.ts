/**
 * The batch path's .xlsx reader: reads only what checking needs — sheet names and states, defined
 * names, cell values with their formulas and number formats, merged ranges — into a WorkbookGrid.
 * Nothing else in the package is inflated or parsed (drawings, comments, charts, pivot caches, themes).
 *
 * Libraries: yauzl parses the zip's central directory (sizes, offsets, encryption flags, name checks);
 * the entries we need are inflated with Node's native zlib in one synchronous call whose output is
 * capped (`maxOutputLength`), so a zip bomb stops as soon as a limit is passed; saxes, a conformant
 * non-validating XML parser, parses the parts (entities, CDATA, attributes in any order; element names
 * are matched on their local name, so `x:c` is `c`).
 *
 * Bad input never throws: every failure is a `{ ok: false, error: { code, message } }` with a Chinese
 * message. Only programmer errors (invalid options) reject. Codes: NOT_FOUND, UNREADABLE (permissions,
 * I/O errors), NOT_A_WORKBOOK, LEGACY_XLS, ENCRYPTED, DAMAGED, TOO_LARGE, ZIP_BOMB, NO_TEXT_LAYER.
 *
 * Other formats feed the same grid: a Word document (.docx, docx-reader.ts) found in the zip, an
 * Excel 97-2003 workbook (.xls, xls-reader.ts) in a compound file, a PDF with a text layer
 * (pdf-reader.ts, loaded on the first PDF). Their grids say where each cell is (`locate`).
 *
 * Shared formulas: the master cell carries its formula as written; each dependent cell carries the
 * master's formula translated to its own position (relative references shifted, as Excel shows it).
 */
import { promises as fsp } from "fs";
import * as zlib from "zlib";
import * as yauzl from "yauzl";
import { SaxesParser, type SaxesTagPlain } from "saxes";
import type { RawValue } from "../domain/numbers";
import { DocxError, readDocxGrid } from "./docx-reader";
import { BUILTIN_FORMATS, isDateFormat } from "./number-formats";
import { readXlsGrid } from "./xls-reader";
import {
  cellKey,
  mapGrid,
  type DefinedName,
  type GridCell,
  type MergedRange,
  type SheetGrid,
  type WorkbookGrid,
} from "../layout/grid";

export type FileErrorCode =
  | "NOT_FOUND"
  | "UNREADABLE"
  | "NOT_A_WORKBOOK"
  | "LEGACY_XLS"
  | "ENCRYPTED"
  | "DAMAGED"
  | "TOO_LARGE"
  | "ZIP_BOMB"
  | "NO_TEXT_LAYER";

export interface ReadError {
  readonly code: FileErrorCode;
  readonly message: string;
}

export type ReadResult =
  { readonly ok: true; readonly workbook: WorkbookGrid } | { readonly ok: false; readonly error: ReadError };

export interface ReadOptions {
  /** Largest file read, in bytes (default 100 MiB). Checked before reading. */
  readonly maxBytes?: number;
  /** Most bytes inflated from the parts we read, in total (default 200 MiB). */
  readonly maxUncompressedBytes?: number;
}

export const DEFAULT_MAX_BYTES = 100 * 1024 * 1024;
export const DEFAULT_MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024;
/** An entry larger than MIN_RATIO_CHECK that inflates more than MAX_RATIO times its compressed size is
 * a bomb: real sheet XML deflates about 10:1, and deflate cannot exceed about 1032:1. */
const MAX_RATIO = 200;
const MIN_RATIO_CHECK = 1024 * 1024;
/** More entries than any workbook has; iterating millions of them would itself be the attack. */
const MAX_ENTRIES = 100_000;
const MAX_ROWS = 1_048_576;
const MAX_COLS = 16_384;

/** A failure of the input, carried to the top of a read and turned into its ReadResult. */
class BadInput extends Error {
  constructor(
    readonly code: FileErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const fail = (code: FileErrorCode, message: string): ReadResult => ({ ok: false, error: { code, message } });
const damaged = (what: string): BadInput => new BadInput("DAMAGED", `文件已损坏，无法读取（${what}）`);
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function checkedOptions(options: ReadOptions = {}): Required<ReadOptions> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxUncompressedBytes = options.maxUncompressedBytes ?? DEFAULT_MAX_UNCOMPRESSED_BYTES;
  for (const [name, v] of [
    ["maxBytes", maxBytes],
    ["maxUncompressedBytes", maxUncompressedBytes],
  ] as const) {
    if (!Number.isSafeInteger(v) || v < 0) throw new TypeError(`${name} must be a non-negative integer, got ${v}`);
  }
  return { maxBytes, maxUncompressedBytes };
}

/** Reads a workbook file. Its size is checked before any byte is read. */
export async function readWorkbookFile(path: string, options?: ReadOptions): Promise<ReadResult> {
  const opts = checkedOptions(options);
  let size: number;
  try {
    const st = await fsp.stat(path);
    if (st.isDirectory()) return fail("NOT_A_WORKBOOK", "这是一个文件夹，不是工作簿文件");
    if (!st.isFile()) return fail("NOT_A_WORKBOOK", "这不是普通文件，不是工作簿");
    size = st.size;
  } catch (e) {
    return ioFailure(e);
  }
  if (size > opts.maxBytes) return tooLarge(size, opts.maxBytes);
  let buf: Buffer;
  try {
    buf = await readUpTo(path, size, opts.maxBytes);
  } catch (e) {
    return ioFailure(e);
  }
  // The file may have grown since it was measured.
  if (buf.length > opts.maxBytes) return tooLarge(buf.length, opts.maxBytes);
  return readWorkbookBuffer(buf, opts);
}

/** The file's bytes, in one read of its measured size plus one byte (to notice growth past `max`). */
async function readUpTo(path: string, size: number, max: number): Promise<Buffer> {
  const fh = await fsp.open(path, "r");
  try {
    const want = Math.min(size, max);
    const buf = Buffer.allocUnsafe(want + 1);
    let got = 0;
    // Usually one read: it asks for one byte more than measured, which comes only if the file grew.
    while (got < want || (got === 0 && want === 0)) {
      const { bytesRead } = await fh.read(buf, got, buf.length - got, got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return buf.subarray(0, got);
  } finally {
    await fh.close();
  }
}

function ioFailure(e: unknown): ReadResult {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (code === "ENOENT" || code === "ENOTDIR" || code === "ENAMETOOLONG") return fail("NOT_FOUND", "找不到该文件");
  if (code === "EISDIR") return fail("NOT_A_WORKBOOK", "这是一个文件夹，不是工作簿文件");
  if (code === "EACCES" || code === "EPERM") return fail("UNREADABLE", "没有读取该文件的权限");
  if (code === "EBUSY") return fail("UNREADABLE", "文件正被其他程序占用，无法读取");
  return fail("UNREADABLE", `无法读取该文件（${code ?? String(e)}）`);
}

const tooLarge = (size: number, max: number): ReadResult =>
  fail("TOO_LARGE", `文件过大（${mb(size)}），超过可检查的上限 ${mb(max)}`);

/** Reads a workbook held in memory. */
export async function readWorkbookBuffer(data: Uint8Array, options?: ReadOptions): Promise<ReadResult> {
  const opts = checkedOptions(options);
  const buf = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (buf.length > opts.maxBytes) return tooLarge(buf.length, opts.maxBytes);
  if (buf.length === 0) return fail("NOT_A_WORKBOOK", "文件是空的（0 字节），不是工作簿");
  if (isOle2(buf)) return readCompound(buf);
  if (isPdf(buf)) return readPdf(buf);
  if (!isZip(buf)) return fail("NOT_A_WORKBOOK", `不是 Excel 工作簿（.xlsx）：${sniff(buf)}`);
  try {
    return { ok: true, workbook: await readPackage(buf, opts.maxUncompressedBytes) };
  } catch (e) {
    if (e instanceof BadInput) return fail(e.code, e.message);
    return fail("DAMAGED", `文件已损坏，无法读取（${e instanceof Error ? e.message : String(e)}）`);
  }
}

// ---------------------------------------------------------------------------------------------------
// What the file is, when it is not a zip

/** A PDF: `%PDF-` in its first kilobyte (readers accept bytes before it, and some writers put them there). */
const isPdf = (b: Buffer): boolean => b.subarray(0, 1024).includes("%PDF-", 0, "latin1");

/** A PDF's tables (pdf-reader.ts, which loads pdf.js on the first PDF, not at start-up). */
async function readPdf(buf: Buffer): Promise<ReadResult> {
  let read: typeof import("./pdf-reader").readPdfGrid;
  try {
    ({ readPdfGrid: read } = await import("./pdf-reader"));
    const r = await read(buf);
    return r.ok ? r : fail(r.code, r.message);
  } catch (e) {
    // pdf.js is an ES module loaded with require(): Node.js before 20.19 cannot.
    return fail(
      "UNREADABLE",
      `无法读取 PDF：PDF 组件未能加载（${e instanceof Error ? e.message : String(e)}）；请使用 Node.js 20.19 或更高版本`,
    );
  }
}

/** An .xls workbook (xls-reader.ts); an encrypted package or another Office file says what it is. */
function readCompound(buf: Buffer): ReadResult {
  const kind = classifyOle2(buf);
  if (kind !== "xls") return kind;
  const r = readXlsGrid(buf);
  return r.ok ? r : fail(r.code, r.message);
}

const OLE2_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const isOle2 = (b: Buffer): boolean => b.length >= 8 && OLE2_MAGIC.every((x, i) => b[i] === x);
const isZip = (b: Buffer): boolean =>
  b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && (b[2] === 3 || b[2] === 5 || b[2] === 7) && b[3] === b[2] + 1;

/** A guess at what a non-workbook file is, for the message. */
function sniff(b: Buffer): string {
  const head = b.subarray(0, 512).toString("latin1");
  const lower = head
    .replace(/^\uFEFF|^ï»¿/, "")
    .trimStart()
    .toLowerCase();
  if (head.startsWith("%PDF")) return "这是 PDF 文件";
  if (head.startsWith("Rar!") || head.startsWith("7z\xBC\xAF") || (b[0] === 0x1f && b[1] === 0x8b))
    return "这是压缩文件（RAR/7z/gz），请解压后再检查";
  if (lower.startsWith("<?xml") && head.includes("urn:schemas-microsoft-com:office:spreadsheet"))
    return "这是“XML 电子表格 2003”格式，请用 Excel 打开后另存为 .xlsx";
  if (lower.startsWith("<!doctype html") || lower.startsWith("<html") || lower.includes("<table"))
    return "这是网页（HTML）文件，请用 Excel 打开后另存为 .xlsx";
  const utf16 = (b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff); // Excel's "Unicode text"
  if (head.includes("\u0000") && !utf16) return "无法识别的文件格式";
  return "看起来是文本文件（如 CSV 或 TXT），请用 Excel 打开后另存为 .xlsx";
}

/**
 * An OLE2 compound file: an old .xls, or an encrypted (password-protected) .xlsx, which Office stores
 * as a compound file holding `EncryptionInfo` and `EncryptedPackage` streams. Directory entries are
 * 128 bytes and sectors are 512 or 4096 bytes, so every entry starts at a multiple of 128 in the file;
 * scanning those offsets for well-formed entries finds the stream names without following the FAT
 * (and still works when the FAT is damaged). Answers "xls" for a workbook stream, for xls-reader.ts.
 */
function classifyOle2(b: Buffer): ReadResult | "xls" {
  const names = new Set<string>();
  for (let off = 512; off + 128 <= b.length; off += 128) {
    const len = b.readUInt16LE(off + 64);
    const type = b[off + 66];
    if (len < 4 || len > 64 || len % 2 !== 0 || (type !== 1 && type !== 2 && type !== 5)) continue;
    if (b.readUInt16LE(off + len - 2) !== 0) continue;
    names.add(b.toString("utf16le", off, off + len - 2).toLowerCase());
  }
  if (names.has("encryptedpackage") || names.has("encryptioninfo"))
    return fail("ENCRYPTED", "工作簿设有打开密码（已加密），无法读取；请在 Excel 中取消密码后另存为 .xlsx 再检查");
  if (names.has("workbook") || names.has("book")) return "xls";
  if (names.has("worddocument")) return fail("NOT_A_WORKBOOK", "这是旧版 Word 文档（.doc），不是工作簿");
  if (names.has("powerpoint document")) return fail("NOT_A_WORKBOOK", "这是旧版 PowerPoint 文件（.ppt），不是工作簿");
  return fail(
    "LEGACY_XLS",
    "这是旧版 Office 复合文档，但其目录无法识别，无法判断是旧版 .xls 还是加密的工作簿；" +
      "请用 Excel 打开，如有密码先取消，再另存为 .xlsx 后检查",
  );
}

// ---------------------------------------------------------------------------------------------------
// The zip package

class Package {
  private readonly parts = new Map<string, yauzl.Entry>();
  private used = 0;

  constructor(
    private readonly buf: Buffer,
    private readonly zip: yauzl.ZipFile,
    private readonly budget: number,
  ) {}

  add(entry: yauzl.Entry): void {
    if (!entry.fileName.endsWith("/")) this.parts.set(entry.fileName.toLowerCase(), entry);
  }

  has(name: string): boolean {
    return this.parts.has(name.toLowerCase());
  }

  /** Declared sizes first: the parts to be read must fit the budget before any is inflated. */
  checkDeclared(names: readonly string[]): void {
    let total = this.used;
    for (const n of names) {
      const e = this.parts.get(n.toLowerCase());
      if (!e) continue;
      total += e.uncompressedSize;
      if (e.uncompressedSize > MIN_RATIO_CHECK && e.uncompressedSize > e.compressedSize * MAX_RATIO)
        throw bomb(
          `“${e.fileName}”的压缩比异常（${Math.round(e.uncompressedSize / Math.max(1, e.compressedSize))}:1）`,
        );
    }
    if (total > this.budget) throw bomb(`需解压的内容共 ${mb(total)}，超过上限 ${mb(this.budget)}`);
  }

  /** The part's text, or null when the package has no such part. */
  async text(name: string): Promise<string | null> {
    const e = this.parts.get(name.toLowerCase());
    if (!e) return null;
    return decodeXml(await this.inflate(e));
  }

  private async inflate(e: yauzl.Entry): Promise<Buffer> {
    if (e.isEncrypted())
      throw new BadInput("ENCRYPTED", `压缩包中的“${e.fileName}”已加密，无法读取；请取消加密后另存为 .xlsx 再检查`);
    const remaining = this.budget - this.used;
    if (e.uncompressedSize > remaining) throw bomb(`“${e.fileName}”解压后 ${mb(e.uncompressedSize)}，超过上限`);
    let start: number;
    try {
      start = (await this.zip.readLocalFileHeaderPromise(e, { minimal: true })).fileDataStart;
    } catch (err) {
      throw damaged(`“${e.fileName}”的文件头无效：${(err as Error).message}`);
    }
    if (start + e.compressedSize > this.buf.length) throw damaged(`“${e.fileName}”不完整`);
    const raw = this.buf.subarray(start, start + e.compressedSize);
    let out: Buffer;
    if (e.compressionMethod === 0) {
      out = raw;
    } else if (e.compressionMethod === 8) {
      // Never trust the declared size alone: inflation stops as soon as the output passes the budget
      // left or an absurd ratio to the compressed size.
      const cap = Math.min(remaining, Math.max(MIN_RATIO_CHECK, e.compressedSize * MAX_RATIO));
      try {
        out = zlib.inflateRawSync(raw, { maxOutputLength: Math.max(1, cap) });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE")
          throw bomb(
            cap === remaining
              ? `解压“${e.fileName}”超过上限 ${mb(this.budget)}，已停止`
              : `“${e.fileName}”的压缩比异常（超过 ${MAX_RATIO}:1），已停止解压`,
          );
        throw damaged(`“${e.fileName}”的压缩数据无效`);
      }
    } else {
      throw damaged(`“${e.fileName}”使用了不支持的压缩方式 ${e.compressionMethod}`);
    }
    this.used += out.length;
    if (out.length !== e.uncompressedSize) throw damaged(`“${e.fileName}”的大小与目录记录不符`);
    if (crc32 && crc32(out) !== e.crc32) throw damaged(`“${e.fileName}”的校验和不符`);
    return out;
  }
}

const bomb = (what: string): BadInput =>
  new BadInput("ZIP_BOMB", `文件解压后过大或压缩比异常（疑似压缩炸弹）：${what}`);

/** zlib.crc32 exists from Node 20.15; older Nodes skip the checksum. */
const crc32: ((data: Uint8Array) => number) | undefined = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

function decodeXml(b: Buffer): string {
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return b.toString("utf16le", 2);
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) {
    const swapped = Buffer.from(b.subarray(2));
    swapped.swap16();
    return swapped.toString("utf16le");
  }
  const s = b.toString("utf8");
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

async function openZip(buf: Buffer, budget: number): Promise<Package> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(buf, { lazyEntries: true, decodeStrings: true, strictFileNames: false });
  } catch (err) {
    throw damaged(`压缩包结构无效，文件可能不完整：${(err as Error).message}`);
  }
  if (zip.entryCount > MAX_ENTRIES) throw bomb(`压缩包内有 ${zip.entryCount} 个条目，数量异常`);
  const pkg = new Package(buf, zip, budget);
  try {
    for await (const entry of zip.eachEntry()) pkg.add(entry);
  } catch (err) {
    throw damaged(`压缩包目录无效：${(err as Error).message}`);
  }
  return pkg;
}

const REL_OFFICE_DOCUMENT = "/officeDocument";
const REL_WORKSHEET = "/worksheet";
const REL_SHARED_STRINGS = "/sharedStrings";
const REL_STYLES = "/styles";

async function readPackage(buf: Buffer, budget: number): Promise<WorkbookGrid> {
  const pkg = await openZip(buf, budget);
  if (!pkg.has("xl/workbook.xml") && pkg.has("word/document.xml")) return readDocxPackage(pkg);
  const workbookPath = await findWorkbookPart(pkg);
  const relsPath = relsPathOf(workbookPath);
  pkg.checkDeclared([workbookPath, relsPath]);
  const book = parseWorkbook(required(await pkg.text(workbookPath), workbookPath));
  if (book.root !== "workbook") {
    if (book.root === "document") throw new BadInput("NOT_A_WORKBOOK", "这是 Word 文档（.docx），不是工作簿");
    if (book.root === "presentation") throw new BadInput("NOT_A_WORKBOOK", "这是 PowerPoint 文件（.pptx），不是工作簿");
    throw damaged(`${workbookPath} 不是工作簿`);
  }
  const rels = parseRels((await pkg.text(relsPath)) ?? "", workbookPath);

  const byType = (suffix: string, fallback: string): string | null => {
    const rel = [...rels.values()].find((r) => r.type.endsWith(suffix) && !r.external);
    if (rel && pkg.has(rel.target)) return rel.target;
    return pkg.has(fallback) ? fallback : null;
  };
  const dir = workbookPath.slice(0, workbookPath.lastIndexOf("/") + 1);
  const sharedStringsPath = byType(REL_SHARED_STRINGS, `${dir}sharedStrings.xml`);
  const stylesPath = byType(REL_STYLES, `${dir}styles.xml`);
  const sheetParts = book.sheets.map((s) => {
    const rel = s.relId === null ? undefined : rels.get(s.relId);
    if (!rel || rel.external) throw damaged(`找不到工作表“${s.name}”的内容`);
    if (!rel.type.endsWith(REL_WORKSHEET)) return null; // a chart sheet or dialog sheet: no cells
    if (!pkg.has(rel.target)) throw damaged(`缺少工作表“${s.name}”的内容（${rel.target}）`);
    return rel.target;
  });
  pkg.checkDeclared([
    ...(sharedStringsPath ? [sharedStringsPath] : []),
    ...(stylesPath ? [stylesPath] : []),
    ...sheetParts.filter((p): p is string => p !== null),
  ]);

  const styles = stylesPath ? parseStyles(required(await pkg.text(stylesPath), stylesPath)) : NO_STYLES;
  const shared = sharedStringsPath
    ? parseSharedStrings(required(await pkg.text(sharedStringsPath), sharedStringsPath))
    : [];
  const ctx: SheetContext = { shared, styles, date1904: book.date1904 };
  const sheets: SheetGrid[] = [];
  for (const [i, s] of book.sheets.entries()) {
    const part = sheetParts[i];
    const parsed =
      part === null
        ? { cells: new Map<number, GridCell>(), merges: [] }
        : parseSheet(required(await pkg.text(part), part), ctx, part);
    sheets.push(mapGrid(s.name, parsed.cells, parsed.merges, s.state));
  }
  const definedNames: DefinedName[] = [];
  for (const n of book.definedNames) {
    let scope: string | null = null;
    if (n.localSheetId !== null) {
      const sheet = book.sheets[n.localSheetId];
      if (!sheet) continue; // a name local to a sheet that no longer exists: Excel drops it too
      scope = sheet.name;
    }
    definedNames.push({ name: n.name, scope, ref: n.ref });
  }
  return { sheets, definedNames };
}

function required(text: string | null, part: string): string {
  if (text === null) throw damaged(`缺少 ${part}`);
  return text;
}

async function findWorkbookPart(pkg: Package): Promise<string> {
  const rootRels = pkg.has("_rels/.rels") ? await relsOrNull(pkg, "_rels/.rels") : null;
  const main = rootRels
    ? [...rootRels.values()].find((r) => r.type.endsWith(REL_OFFICE_DOCUMENT) && !r.external)
    : undefined;
  if (main && pkg.has(main.target) && /\.xml$/i.test(main.target)) return main.target;
  if (pkg.has("xl/workbook.xml")) return "xl/workbook.xml";
  // Tell the user what the zip is instead, when it is not a workbook at all.
  if (pkg.has("xl/workbook.bin") || (main && /\.bin$/i.test(main.target)))
    throw new BadInput("NOT_A_WORKBOOK", "这是二进制工作簿（.xlsb），请用 Excel 另存为 .xlsx 再检查");
  if (pkg.has("word/document.xml")) throw new BadInput("NOT_A_WORKBOOK", "这是 Word 文档（.docx），不是工作簿");
  if (pkg.has("ppt/presentation.xml"))
    throw new BadInput("NOT_A_WORKBOOK", "这是 PowerPoint 文件（.pptx），不是工作簿");
  if (pkg.has("content.xml") && pkg.has("mimetype"))
    throw new BadInput("NOT_A_WORKBOOK", "这是 OpenDocument 表格（.ods），请用 Excel 或 WPS 另存为 .xlsx 再检查");
  if (pkg.has("[Content_Types].xml") || main) throw damaged("缺少工作簿主体 workbook.xml");
  throw new BadInput("NOT_A_WORKBOOK", "这是普通的 zip 压缩包，不是 Excel 工作簿");
}

/** A Word document: its body's paragraphs and tables as one sheet (docx-reader.ts). */
async function readDocxPackage(pkg: Package): Promise<WorkbookGrid> {
  const part = "word/document.xml";
  pkg.checkDeclared([part]);
  const xml = required(await pkg.text(part), part);
  let grid: WorkbookGrid;
  try {
    grid = readDocxGrid(xml);
  } catch (e) {
    if (e instanceof DocxError) throw damaged(e.message);
    throw e;
  }
  if (grid.sheets.every((s) => s.rowCount === 0))
    throw new BadInput("NOT_A_WORKBOOK", "这是空白的 Word 文档，没有文字或表格");
  return grid;
}

async function relsOrNull(pkg: Package, path: string): Promise<Map<string, Rel> | null> {
  pkg.checkDeclared([path]);
  return parseRels((await pkg.text(path)) ?? "", "");
}

const relsPathOf = (part: string): string => {
  const slash = part.lastIndexOf("/");
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
};

/** A relationship target resolved against its source part, as a zip entry name. */
function resolveTarget(source: string, target: string): string {
  let t = target;
  try {
    t = decodeURIComponent(t);
  } catch {
    // not percent-encoded
  }
  t = t.replace(/\\/g, "/");
  const base = t.startsWith("/") ? [] : source.split("/").slice(0, -1);
  for (const seg of t.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") base.pop();
    else base.push(seg);
  }
  return base.join("/");
}

// ---------------------------------------------------------------------------------------------------
// XML parts

const localName = (name: string): string => {
  const i = name.indexOf(":");
  return i < 0 ? name : name.slice(i + 1);
};

/** A saxes parser that turns any XML error (and any DTD, which OOXML forbids) into DAMAGED. */
function plainParser(part: string): SaxesParser<{ xmlns: false; position: false }> {
  const p = new SaxesParser({ xmlns: false, position: false });
  p.on("error", (err) => {
    throw damaged(`${part} 不是有效的 XML：${err.message}`);
  });
  p.on("doctype", () => {
    throw damaged(`${part} 含有 DTD`);
  });
  return p;
}

interface Rel {
  readonly type: string;
  readonly target: string;
  readonly external: boolean;
}

function parseRels(xml: string, source: string): Map<string, Rel> {
  const rels = new Map<string, Rel>();
  if (xml === "") return rels;
  const p = plainParser("关系文件");
  p.on("opentag", (tag: SaxesTagPlain) => {
    if (localName(tag.name) !== "Relationship") return;
    const a = tag.attributes;
    if (a.Id === undefined || a.Target === undefined) return;
    const external = (a.TargetMode ?? "").toLowerCase() === "external";
    rels.set(a.Id, { type: a.Type ?? "", target: external ? a.Target : resolveTarget(source, a.Target), external });
  });
  p.write(xml).close();
  return rels;
}

interface BookInfo {
  /** The root element's local name: `workbook`, or `document` in a Word file, … */
  readonly root: string;
  readonly sheets: { name: string; state: SheetGrid["state"]; relId: string | null }[];
  readonly definedNames: { name: string; localSheetId: number | null; ref: string }[];
  readonly date1904: boolean;
}

const RELATIONSHIP_NS = new Set([
  "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
  "http://purl.oclc.org/ooxml/officeDocument/relationships",
]);

/**
 * workbook.xml. Parsed without namespace processing like every other part (one saxes mode keeps the
 * parser's code monomorphic, which measured 25% faster over a whole read); the prefix of the sheets'
 * relationship-id attribute is found from the `xmlns:` declarations instead.
 */
function parseWorkbook(xml: string): BookInfo {
  const book = {
    root: "",
    sheets: [] as BookInfo["sheets"],
    definedNames: [] as BookInfo["definedNames"],
    date1904: false,
  };
  const relPrefixes = new Set<string>();
  let name: { name: string; localSheetId: number | null } | null = null;
  let text = "";
  const p = plainParser("workbook.xml");
  p.on("opentag", (tag: SaxesTagPlain) => {
    const a = tag.attributes;
    if (book.root === "") book.root = localName(tag.name);
    for (const k in a) if (k.startsWith("xmlns:") && RELATIONSHIP_NS.has(a[k])) relPrefixes.add(k.slice(6));
    switch (localName(tag.name)) {
      case "sheet": {
        let relId: string | null = null;
        for (const prefix of relPrefixes) relId ??= a[`${prefix}:id`] ?? null;
        if (relId === null) for (const k in a) if (k.endsWith(":id") && !k.startsWith("xmlns:")) relId ??= a[k];
        const state: string | undefined = a.state;
        book.sheets.push({
          name: a.name ?? "",
          state: state === "hidden" || state === "veryHidden" ? state : "visible",
          relId,
        });
        break;
      }
      case "definedName": {
        const id = a.localSheetId === undefined ? null : Number(a.localSheetId);
        name = { name: a.name ?? "", localSheetId: id !== null && Number.isInteger(id) ? id : null };
        text = "";
        break;
      }
      case "workbookPr":
        book.date1904 = a.date1904 === "1" || a.date1904 === "true";
        break;
    }
  });
  const onText = (t: string): void => {
    if (name) text += t;
  };
  p.on("text", onText);
  p.on("cdata", onText);
  p.on("closetag", (tag: SaxesTagPlain) => {
    if (name && localName(tag.name) === "definedName") {
      book.definedNames.push({ ...name, ref: text });
      name = null;
    }
  });
  p.write(xml).close();
  return book;
}

/** `_xHHHH_` escapes of ST_Xstring (`_x000D_` is a carriage return; `_x005F_` escapes the underscore). */
export function decodeXString(s: string): string {
  if (s.indexOf("_x") < 0) return s;
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function parseSharedStrings(xml: string): string[] {
  const out: string[] = [];
  let inSi = false;
  let inT = false;
  let phonetic = 0;
  let cur = "";
  const p = plainParser("sharedStrings.xml");
  p.on("opentag", (tag: SaxesTagPlain) => {
    const n = localName(tag.name);
    if (n === "t") inT = inSi && phonetic === 0;
    else if (n === "si") {
      inSi = true;
      cur = "";
    } else if (n === "rPh") phonetic++;
  });
  const onText = (t: string): void => {
    if (inT) cur += t;
  };
  p.on("text", onText);
  p.on("cdata", onText);
  p.on("closetag", (tag: SaxesTagPlain) => {
    const n = localName(tag.name);
    if (n === "t") inT = false;
    else if (n === "si") {
      out.push(decodeXString(cur));
      inSi = false;
    } else if (n === "rPh") phonetic--;
  });
  p.write(xml).close();
  return out;
}

interface Styles {
  /** cellXfs index → number format code, undefined for General. */
  readonly formats: readonly (string | undefined)[];
  readonly isDate: readonly boolean[];
}

const NO_STYLES: Styles = { formats: [], isDate: [] };

function parseStyles(xml: string): Styles {
  const custom = new Map<number, string>();
  const xfFormats: number[] = [];
  let inCellXfs = false;
  const p = plainParser("styles.xml");
  p.on("opentag", (tag: SaxesTagPlain) => {
    const n = localName(tag.name);
    if (n === "numFmt") {
      const id = Number(tag.attributes.numFmtId);
      if (Number.isInteger(id) && tag.attributes.formatCode !== undefined) custom.set(id, tag.attributes.formatCode);
    } else if (n === "cellXfs") inCellXfs = true;
    else if (n === "xf" && inCellXfs) xfFormats.push(Number(tag.attributes.numFmtId ?? 0));
  });
  p.on("closetag", (tag: SaxesTagPlain) => {
    if (localName(tag.name) === "cellXfs") inCellXfs = false;
  });
  p.write(xml).close();
  const formats = xfFormats.map((id) => {
    const code = custom.get(id) ?? BUILTIN_FORMATS[id];
    return code === undefined || code.toLowerCase() === "general" ? undefined : code;
  });
  return { formats, isDate: formats.map((f) => f !== undefined && isDateFormat(f)) };
}

// ---------------------------------------------------------------------------------------------------
// Sheets

interface SheetContext {
  readonly shared: readonly string[];
  readonly styles: Styles;
  readonly date1904: boolean;
}

/** Days between the 1904 and the 1900 date systems. */
const DAYS_1904 = 1462;
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

const COLLECT_NONE = 0;
const COLLECT_V = 1;
const COLLECT_F = 2;
const COLLECT_T = 3;

/**
 * A cell reference `AB12` (optionally `$AB$12`) as zero-based [row, col] in `out`; false when it is
 * not one. Hand-written: it runs once per cell.
 */
function parseRef(ref: string, out: [number, number]): boolean {
  let i = 0;
  const n = ref.length;
  if (i < n && ref.charCodeAt(i) === 36) i++;
  let col = 0;
  const colStart = i;
  for (; i < n; i++) {
    let c = ref.charCodeAt(i);
    if (c >= 97 && c <= 122) c -= 32;
    if (c < 65 || c > 90) break;
    col = col * 26 + (c - 64);
  }
  if (i === colStart || i - colStart > 3) return false;
  if (i < n && ref.charCodeAt(i) === 36) i++;
  let row = 0;
  const rowStart = i;
  for (; i < n; i++) {
    const c = ref.charCodeAt(i);
    if (c < 48 || c > 57) return false;
    row = row * 10 + (c - 48);
  }
  if (i === rowStart || row < 1 || row > MAX_ROWS || col > MAX_COLS) return false;
  out[0] = row - 1;
  out[1] = col - 1;
  return true;
}

const rangeFrom: [number, number] = [0, 0];
const rangeTo: [number, number] = [0, 0];

function parseRange(ref: string): MergedRange | null {
  const colon = ref.indexOf(":");
  if (!parseRef(colon < 0 ? ref : ref.slice(0, colon), rangeFrom)) return null;
  if (!parseRef(colon < 0 ? ref : ref.slice(colon + 1), rangeTo)) return null;
  return {
    from: { row: Math.min(rangeFrom[0], rangeTo[0]), col: Math.min(rangeFrom[1], rangeTo[1]) },
    to: { row: Math.max(rangeFrom[0], rangeTo[0]), col: Math.max(rangeFrom[1], rangeTo[1]) },
  };
}

function parseSheet(
  xml: string,
  ctx: SheetContext,
  part: string,
): { cells: Map<number, GridCell>; merges: MergedRange[] } {
  const cells = new Map<number, GridCell>();
  const merges: MergedRange[] = [];
  const masters = new Map<string, { text: string; row: number; col: number }>();
  const ref: [number, number] = [0, 0];
  const { shared, styles, date1904 } = ctx;

  let rowIdx = -1;
  let colIdx = -1;
  let inCell = false;
  let cRow = 0;
  let cCol = 0;
  let cType: string | undefined;
  let cStyle = 0;
  let v: string | null = null;
  let f: string | null = null;
  let fShared: string | undefined;
  let inline: string | null = null;
  let inIs = false;
  let phonetic = 0;
  let collect = COLLECT_NONE;
  let buf = "";

  const p = plainParser(part);
  p.on("opentag", (tag: SaxesTagPlain) => {
    let n = tag.name;
    if (n.indexOf(":") >= 0) n = localName(n);
    switch (n) {
      case "c": {
        const a = tag.attributes;
        const r = a.r;
        if (r !== undefined) {
          if (!parseRef(r, ref)) throw damaged(`${part} 中的单元格地址“${r}”无效`);
          cRow = ref[0];
          cCol = ref[1];
        } else {
          cRow = rowIdx < 0 ? 0 : rowIdx;
          cCol = colIdx + 1;
          if (cCol >= MAX_COLS) throw damaged(`${part} 中的单元格超出列范围`);
        }
        colIdx = cCol;
        cType = a.t;
        const s = a.s;
        cStyle = s === undefined ? 0 : +s;
        v = null;
        f = null;
        fShared = undefined;
        inline = null;
        inCell = true;
        break;
      }
      case "v":
        if (inCell) {
          collect = COLLECT_V;
          buf = "";
        }
        break;
      case "f":
        if (inCell) {
          collect = COLLECT_F;
          buf = "";
          if (tag.attributes.t === "shared") fShared = tag.attributes.si ?? "";
        }
        break;
      case "row": {
        const r = tag.attributes.r;
        const next = r === undefined ? rowIdx + 1 : +r - 1;
        if (!Number.isInteger(next) || next < 0 || next >= MAX_ROWS) throw damaged(`${part} 中的行号“${r}”无效`);
        rowIdx = next;
        colIdx = -1;
        break;
      }
      case "is":
        if (inCell) {
          inIs = true;
          inline = "";
        }
        break;
      case "t":
        if (inIs && phonetic === 0) {
          collect = COLLECT_T;
          buf = "";
        }
        break;
      case "rPh":
        if (inIs) phonetic++;
        break;
      case "mergeCell": {
        const range = tag.attributes.ref === undefined ? null : parseRange(tag.attributes.ref);
        if (range) merges.push(range);
        break;
      }
    }
  });
  const onText = (t: string): void => {
    if (collect !== COLLECT_NONE) buf += t;
  };
  p.on("text", onText);
  p.on("cdata", onText);
  p.on("closetag", (tag: SaxesTagPlain) => {
    let n = tag.name;
    if (n.indexOf(":") >= 0) n = localName(n);
    switch (n) {
      case "v":
        if (collect === COLLECT_V) {
          v = buf;
          collect = COLLECT_NONE;
        }
        break;
      case "f":
        if (collect === COLLECT_F) {
          f = buf;
          collect = COLLECT_NONE;
        }
        break;
      case "t":
        if (collect === COLLECT_T) {
          inline += buf;
          collect = COLLECT_NONE;
        }
        break;
      case "rPh":
        if (inIs) phonetic--;
        break;
      case "is":
        inIs = false;
        break;
      case "c":
        if (inCell) finishCell();
        inCell = false;
        break;
    }
  });

  function finishCell(): void {
    let value: RawValue = null;
    let isError = false;
    switch (cType) {
      case "s": {
        if (v !== null && v !== "") {
          const i = +v;
          const s = shared[i];
          if (s === undefined) throw damaged(`${part} 引用了不存在的共享字符串 ${v}`);
          value = s;
        }
        break;
      }
      case "str":
        value = v === null ? null : decodeXString(v);
        break;
      case "inlineStr":
        value = inline !== null ? decodeXString(inline) : v === null ? null : decodeXString(v);
        break;
      case "b":
        value = v === null || v === "" ? null : v === "1" || v === "true";
        break;
      case "e":
        if (v !== null && v !== "") {
          value = v;
          isError = true;
        }
        break;
      case "d": {
        const ms = v === null ? NaN : Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(v) || v.length <= 10 ? v : `${v}Z`);
        value = Number.isNaN(ms) ? v : (ms - EXCEL_EPOCH_MS) / 86400000;
        break;
      }
      default:
        if (v !== null && v !== "") {
          const num = +v;
          value = Number.isNaN(num) ? v : date1904 && styles.isDate[cStyle] ? num + DAYS_1904 : num;
        }
    }
    let formula: string | undefined;
    if (f !== null && f !== "") {
      formula = f;
      if (fShared !== undefined) masters.set(fShared, { text: f, row: cRow, col: cCol });
    } else if (fShared !== undefined) {
      const m = masters.get(fShared);
      if (m) formula = shiftFormula(m.text, cRow - m.row, cCol - m.col);
    }
    if (value === null && formula === undefined) return;
    const numberFormat = styles.formats[cStyle];
    const cell: { value: RawValue; formula?: string; numberFormat?: string; isError?: boolean } = { value };
    if (formula !== undefined) cell.formula = formula;
    if (numberFormat !== undefined) cell.numberFormat = numberFormat;
    if (isError) cell.isError = true;
    cells.set(cellKey(cRow, cCol), cell);
  }

  p.write(xml).close();
  return { cells, merges };
}

// ---------------------------------------------------------------------------------------------------
// Shared formulas

const colName = (col: number): string => {
  let s = "";
  for (let c = col + 1; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
};
const colNumber = (letters: string): number => {
  let col = 0;
  for (const ch of letters.toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  return col - 1;
};

/** A1 references in formula text outside strings, quoted sheet names and [brackets]: a cell (`$A$1`),
 * a column range (`A:$C`) or a row range (`1:$3`). Not preceded or followed by name characters, and a
 * cell reference is not followed by `(` (LOG10( is a function). */
const REF =
  /(?<![A-Za-z0-9_.$\u0080-\uffff])(?:(\$?)([A-Za-z]{1,3})(\$?)([0-9]{1,7})(?![A-Za-z0-9_.(\u0080-\uffff])|(\$?)([A-Za-z]{1,3}):(\$?)([A-Za-z]{1,3})(?![A-Za-z0-9_.(\u0080-\uffff])|(\$?)([0-9]{1,7}):(\$?)([0-9]{1,7})(?![A-Za-z0-9_.(\u0080-\uffff]))/g;

/**
 * A shared formula's text as it reads `dr` rows and `dc` columns away from its master cell: relative
 * references move, absolute ones (`$`) stay, and a reference moved off the sheet becomes `#REF!`.
 * @example shiftFormula("F3*G3+$A$1", 2, 0) // "F5*G5+$A$1"
 */
export function shiftFormula(formula: string, dr: number, dc: number): string {
  if (dr === 0 && dc === 0) return formula;
  const col = (abs: string, letters: string): string | null => {
    const c = abs ? colNumber(letters) : colNumber(letters) + dc;
    return c < 0 || c >= MAX_COLS ? null : abs + (abs ? letters.toUpperCase() : colName(c));
  };
  const row = (abs: string, digits: string): string | null => {
    const r = abs ? Number(digits) : Number(digits) + dr;
    return r < 1 || r > MAX_ROWS ? null : abs + String(r);
  };
  const shiftCode = (code: string): string =>
    code.replace(
      REF,
      (
        whole: string,
        ca: string | undefined,
        cl: string | undefined,
        ra: string | undefined,
        rd: string | undefined,
        c1a: string | undefined,
        c1: string | undefined,
        c2a: string | undefined,
        c2: string | undefined,
        r1a: string | undefined,
        r1: string | undefined,
        r2a: string | undefined,
        r2: string | undefined,
      ): string => {
        if (cl !== undefined && rd !== undefined) {
          const c = col(ca ?? "", cl);
          const r = row(ra ?? "", rd);
          return c === null || r === null ? "#REF!" : c + r;
        }
        if (c1 !== undefined && c2 !== undefined) {
          const a = col(c1a ?? "", c1);
          const b = col(c2a ?? "", c2);
          return a === null || b === null ? "#REF!" : `${a}:${b}`;
        }
        if (r1 !== undefined && r2 !== undefined) {
          const a = row(r1a ?? "", r1);
          const b = row(r2a ?? "", r2);
          return a === null || b === null ? "#REF!" : `${a}:${b}`;
        }
        return whole;
      },
    );
  // Split into code and literal segments: "strings", 'quoted sheet names', [brackets] (nested).
  let out = "";
  let code = "";
  let i = 0;
  while (i < formula.length) {
    const ch = formula[i];
    if (ch === '"' || ch === "'") {
      out += shiftCode(code);
      code = "";
      let j = i + 1;
      for (; j < formula.length; j++) {
        if (formula[j] === ch) {
          if (formula[j + 1] === ch) j++;
          else break;
        }
      }
      out += formula.slice(i, j + 1);
      i = j + 1;
    } else if (ch === "[") {
      out += shiftCode(code);
      code = "";
      let depth = 0;
      let j = i;
      for (; j < formula.length; j++) {
        if (formula[j] === "[") depth++;
        else if (formula[j] === "]" && --depth === 0) break;
      }
      out += formula.slice(i, j + 1);
      i = j + 1;
    } else {
      code += ch;
      i++;
    }
  }
  return out + shiftCode(code);
}
