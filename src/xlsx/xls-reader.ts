/**
 * The reader of legacy Excel 97-2003 workbooks (.xls, BIFF8 in an OLE2 compound file) into the same
 * WorkbookGrid the .xlsx reader gives: sheet names and states, defined names, cell values (a formula's
 * cached result) with their formula text, number format and error flag, and merged ranges.
 *
 * No npm package does it here: SheetJS's `xlsx` on npm (0.18.5) has open advisories for crafted files
 * (CVE-2023-30533, CVE-2024-22363), and its container reader `cfb` (1.2.2, the latest) follows a sector
 * chain that starts inside another chain without a cycle check, so a 6 KB crafted file exhausts the
 * heap and kills the process. The container is read by xls-cfb.ts, records and strings by
 * xls-records.ts, formula tokens by xls-formula.ts; this module reads the globals and the sheets.
 *
 * Bad input never throws: a truncated or inconsistent record is DAMAGED, an encrypted workbook
 * (FILEPASS) is ENCRYPTED, an Excel 95 or older one is LEGACY_XLS, more cells than `maxCells` is
 * TOO_LARGE. Memory is bounded by the file: strings cannot be longer than the bytes holding them, and
 * the one record that makes many cells from few bytes (MULRK) counts towards `maxCells`.
 */
import type { RawValue } from "../domain/numbers";
import {
  cellKey,
  mapGrid,
  type DefinedName,
  type MergedRange,
  type SheetGrid,
  type WorkbookGrid,
} from "../layout/grid";
import { BUILTIN_FORMATS, isDateFormat } from "./number-formats";
import { readCompoundStream } from "./xls-cfb";
import { decompile, quoteSheet, type FormulaBase, type FormulaContext } from "./xls-formula";
import {
  BIFF8_VERSION,
  BiffFault,
  ERRORS,
  f64,
  need,
  OLD_BOF,
  Records,
  readSst,
  rkValue,
  RT,
  single,
  u16,
  u32,
  type BiffRecord,
  type Continued,
} from "./xls-records";

export type XlsErrorCode = "ENCRYPTED" | "DAMAGED" | "LEGACY_XLS" | "TOO_LARGE";

export type XlsResult =
  | { readonly ok: true; readonly workbook: WorkbookGrid }
  | { readonly ok: false; readonly code: XlsErrorCode; readonly message: string };

export interface XlsLimits {
  /** Most cells read from all sheets together (default 5,000,000). */
  readonly maxCells?: number;
}

export const DEFAULT_MAX_CELLS = 5_000_000;

/** Days between the 1904 and the 1900 date systems: dates are given in the 1900 system, as for .xlsx. */
const DAYS_1904 = 1462;
const MAX_COL = 255;

const MESSAGES = {
  ENCRYPTED: "工作簿设有打开密码（已加密），无法读取；请在 Excel 中取消密码后另存再检查",
  LEGACY_XLS: "这是 Excel 95 或更早的工作簿，无法读取；请用 Excel 打开后另存为 .xlsx 再检查",
} as const;

/** A failure with its own code, carried to the top of a read. */
class XlsStop extends BiffFault {
  constructor(
    readonly code: XlsErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const damaged = (what: string): XlsResult => ({
  ok: false,
  code: "DAMAGED",
  message: `文件已损坏，无法读取（${what}）`,
});

/**
 * Reads an .xls file's bytes (the caller has checked the size and that it is a compound file).
 * @example readXlsGrid(bytes) // { ok: true, workbook: { sheets: [...], definedNames: [...] } }
 * @example readXlsGrid(encryptedBytes) // { ok: false, code: "ENCRYPTED", message: "工作簿设有打开密码…" }
 */
export function readXlsGrid(buf: Uint8Array, limits: XlsLimits = {}): XlsResult {
  const maxCells = limits.maxCells ?? DEFAULT_MAX_CELLS;
  if (!Number.isSafeInteger(maxCells) || maxCells < 0)
    throw new TypeError(`maxCells must be a non-negative integer, got ${maxCells}`);
  const stream = readCompoundStream(buf, ["Workbook", "Book"]);
  if (!stream.ok) return damaged(stream.reason);
  try {
    return { ok: true, workbook: readBiff(stream.data, maxCells) };
  } catch (e) {
    if (e instanceof XlsStop) return { ok: false, code: e.code, message: e.message };
    // Any other exception here comes from the input (a bounds check, a value out of range).
    return damaged(e instanceof Error ? e.message : String(e));
  }
}

interface BoundSheet {
  readonly name: string;
  readonly state: SheetGrid["state"];
  /** 0 worksheet, 1 macro sheet, 2 chart, 6 VBA module ([MS-XLS] 2.4.28). */
  readonly kind: number;
  readonly offset: number;
}

interface SupBook {
  readonly kind: "self" | "addin" | "external";
  readonly names: string[];
}

interface Globals {
  readonly sheets: BoundSheet[];
  sst: string[];
  readonly formats: Map<number, string>;
  /** Each XF record's number format id, by XF index (a cell's ixfe). */
  readonly xfFormats: number[];
  date1904: boolean;
  readonly names: { name: string; itab: number; rgce: Uint8Array; extra: Uint8Array }[];
  readonly xti: { supBook: number; first: number; last: number }[];
  readonly supBooks: SupBook[];
}

/** Names Excel stores as one character ([MS-XLS] 2.5.9); an .xlsx writes them `_xlnm.Print_Area`. */
const BUILTIN_NAMES = [
  "Consolidate_Area",
  "Auto_Open",
  "Auto_Close",
  "Extract",
  "Database",
  "Criteria",
  "Print_Area",
  "Print_Titles",
  "Recorder",
  "Data_Form",
  "Auto_Activate",
  "Auto_Deactivate",
  "Sheet_Title",
  "_FilterDatabase",
];

/** The BOF record at the start of a substream: BIFF8, or a reason to stop. Returns its substream type. */
function checkBof(rec: BiffRecord | null, data: Uint8Array, where: string): number {
  if (rec && OLD_BOF.has(rec.type)) throw new XlsStop("LEGACY_XLS", MESSAGES.LEGACY_XLS);
  if (!rec || rec.type !== RT.BOF) throw new BiffFault(`${where}不是以 BOF 记录开始`);
  need(rec, 4, "BOF ");
  const version = u16(data, rec.start);
  if (version < BIFF8_VERSION) throw new XlsStop("LEGACY_XLS", MESSAGES.LEGACY_XLS);
  if (version !== BIFF8_VERSION) throw new BiffFault(`${where}的版本号 0x${version.toString(16)} 无法识别`);
  return u16(data, rec.start + 2);
}

function readGlobals(data: Uint8Array): Globals {
  const g: Globals = {
    sheets: [],
    sst: [],
    formats: new Map(),
    xfFormats: [],
    date1904: false,
    names: [],
    xti: [],
    supBooks: [],
  };
  const recs = new Records(data, 0);
  if (checkBof(recs.next(), data, "工作簿数据流") !== 0x0005) throw new BiffFault("工作簿数据流的第一部分不是全局设置");
  for (let rec = recs.next(); ; rec = recs.next()) {
    if (!rec) throw new BiffFault("工作簿全局部分没有结束记录");
    const at = rec.start;
    switch (rec.type) {
      case RT.EOF:
        return g;
      case RT.FILEPASS:
        throw new XlsStop("ENCRYPTED", MESSAGES.ENCRYPTED);
      case RT.DATEMODE:
        need(rec, 2, "DATEMODE ");
        g.date1904 = u16(data, at) === 1;
        break;
      case RT.BOUNDSHEET: {
        need(rec, 8, "BOUNDSHEET ");
        const r = single(data, at + 6, at + rec.length);
        const cch = r.u8();
        const name = r.chars(cch, (r.u8() & 1) === 1);
        const hs = data[at + 4] & 3;
        const state = hs === 0 ? "visible" : hs === 2 ? "veryHidden" : "hidden";
        g.sheets.push({ name, state, kind: data[at + 5], offset: u32(data, at) });
        break;
      }
      case RT.SST:
        g.sst = readSst(recs.continued(rec));
        break;
      case RT.FORMAT: {
        need(rec, 2, "FORMAT ");
        const r = recs.continued(rec);
        const id = r.u16();
        g.formats.set(id, r.string16());
        break;
      }
      case RT.XF:
        need(rec, 4, "XF ");
        g.xfFormats.push(u16(data, at + 2));
        break;
      case RT.NAME:
        readName(recs.continued(rec), g);
        break;
      case RT.SUPBOOK: {
        need(rec, 4, "SUPBOOK ");
        const cch = u16(data, at + 2);
        g.supBooks.push({ kind: cch === 0x0401 ? "self" : cch === 0x3a01 ? "addin" : "external", names: [] });
        break;
      }
      case RT.EXTERNNAME: {
        need(rec, 8, "EXTERNNAME ");
        const r = single(data, at + 6, at + rec.length);
        const cch = r.u8();
        g.supBooks.at(-1)?.names.push(r.chars(cch, (r.u8() & 1) === 1));
        break;
      }
      case RT.EXTERNSHEET: {
        const r = recs.continued(rec);
        for (let n = r.u16(); n > 0; n--) g.xti.push({ supBook: r.u16(), first: r.u16(), last: r.u16() });
        break;
      }
    }
  }
}

/** A NAME (Lbl) record: its text, its scope and its formula's tokens, decompiled once sheets are known. */
function readName(r: Continued, g: Globals): void {
  const flags = r.u16();
  r.skip(1);
  const cch = r.u8();
  const cce = r.u16();
  r.skip(2);
  const itab = r.u16();
  r.skip(4);
  const wide = (r.u8() & 1) === 1;
  let name = r.chars(cch, wide);
  if (flags & 0x20) name = `_xlnm.${BUILTIN_NAMES[name.charCodeAt(0)] ?? name}`;
  const rgce = new Uint8Array(cce);
  for (let i = 0; i < cce; i++) rgce[i] = r.u8();
  g.names.push({ name, itab, rgce, extra: new Uint8Array(0) });
}

function formulaContext(g: Globals): FormulaContext {
  return {
    sheetPrefix(ixti) {
      const x = g.xti[ixti];
      if (!x || g.supBooks[x.supBook]?.kind !== "self") return null;
      if (x.first === 0xffff || x.last === 0xffff) return "#REF!";
      if (x.first === 0xfffe) return "";
      const a = g.sheets[x.first]?.name;
      const b = g.sheets[x.last]?.name;
      if (a === undefined || b === undefined) return null;
      if (a === b) return `${quoteSheet(a)}!`;
      const both = quoteSheet(`${a}:${b}`);
      return both.startsWith("'") ? `${both}!` : `${a}:${b}!`;
    },
    name(index) {
      return g.names[index - 1]?.name ?? null;
    },
    externName(ixti, index) {
      const x = g.xti[ixti];
      const book = x ? g.supBooks[x.supBook] : undefined;
      if (!book || book.kind === "external") return null;
      return book.names[index - 1] ?? null;
    },
  };
}

/** A cell as it is built; GridCell is its read-only view. */
interface Cell {
  value: RawValue;
  formula?: string;
  numberFormat?: string;
  isError?: boolean;
}

interface Book {
  readonly globals: Globals;
  readonly ctx: FormulaContext;
  readonly xfCodes: (string | undefined)[];
  readonly xfDate: boolean[];
  readonly maxCells: number;
  cellCount: number;
  /** Bytes of sheet records read so far: sheets never share records, so at most the stream's length. */
  scanned: number;
  /** Characters of formula text still allowed (see FORMULA_TEXT_PER_BYTE). */
  formulaBudget: number;
}

/**
 * Formula text allowed per byte of the stream, plus a floor. A 27-byte FORMULA record pointing at a
 * shared formula yields the shared formula's whole text, so a crafted file could otherwise turn each
 * small record into kilobytes of text; real workbooks stay far below (a 300-character shared formula
 * is about 11 characters per byte).
 */
const FORMULA_TEXT_PER_BYTE = 64;
const FORMULA_TEXT_FLOOR = 16 * 1024 * 1024;

function readBiff(data: Uint8Array, maxCells: number): WorkbookGrid {
  const globals = readGlobals(data);
  const xfCodes = globals.xfFormats.map((id) => {
    const code = globals.formats.get(id) ?? BUILTIN_FORMATS[id];
    return code === undefined || code.toLowerCase() === "general" ? undefined : code;
  });
  const book: Book = {
    globals,
    ctx: formulaContext(globals),
    xfCodes,
    xfDate: xfCodes.map((c) => c !== undefined && isDateFormat(c)),
    maxCells,
    cellCount: 0,
    scanned: 0,
    formulaBudget: FORMULA_TEXT_FLOOR + FORMULA_TEXT_PER_BYTE * data.length,
  };
  const sheets: SheetGrid[] = [];
  for (const s of globals.sheets) {
    if (s.kind === 6) continue; // an Excel 5 VBA module: code, not a sheet
    const parsed = s.kind === 2 ? { cells: new Map<number, Cell>(), merges: [] } : readSheet(data, s, book);
    sheets.push(mapGrid(s.name, parsed.cells, parsed.merges, s.state));
  }
  const definedNames: DefinedName[] = [];
  for (const n of globals.names) {
    const scope = n.itab === 0 ? null : (globals.sheets[n.itab - 1]?.name ?? undefined);
    if (scope === undefined) continue; // local to a sheet that is not there: Excel drops it too
    const ref = decompile(n.rgce, n.extra, null, book.ctx);
    if (ref !== null) definedNames.push({ name: n.name, scope, ref });
  }
  return { sheets, definedNames };
}

/** A formula's tokens and the extra data after them, from a FORMULA, SHRFMLA or ARRAY record. */
function tokens(data: Uint8Array, rec: BiffRecord, cceAt: number): { rgce: Uint8Array; extra: Uint8Array } {
  need(rec, cceAt + 2, "公式");
  const from = rec.start + cceAt + 2;
  const to = from + u16(data, rec.start + cceAt);
  const end = rec.start + rec.length;
  if (to > end) throw new BiffFault("公式记录被截断");
  return { rgce: data.subarray(from, to), extra: data.subarray(to, end) };
}

function readSheet(
  data: Uint8Array,
  sheet: BoundSheet,
  book: Book,
): { cells: Map<number, Cell>; merges: MergedRange[] } {
  const where = `工作表“${sheet.name}”`;
  if (sheet.offset >= data.length) throw new BiffFault(`${where}的位置超出数据流`);
  const recs = new Records(data, sheet.offset);
  checkBof(recs.next(), data, where);
  const { sst } = book.globals;
  const cells = new Map<number, Cell>();
  const merges: MergedRange[] = [];
  const shared = new Map<number, { rgce: Uint8Array; extra: Uint8Array }>();
  const arrays = new Map<number, { rgce: Uint8Array; extra: Uint8Array }>();
  const pointing: { cell: Cell; row: number; col: number; master: number }[] = [];
  let pendingString: Cell | null = null;
  let depth = 1;
  const budget = data.length - book.scanned;
  const formulaText = (text: string | null): string | null => {
    if (text !== null && (book.formulaBudget -= text.length) < 0)
      throw new XlsStop("TOO_LARGE", "工作簿的公式文本总量异常，超出可检查的上限");
    return text;
  };

  const put = (row: number, col: number, ixfe: number, value: RawValue, isError = false): Cell => {
    if (col > MAX_COL) throw new BiffFault(`${where}中的列号 ${col} 超出范围`);
    const key = cellKey(row, col);
    if (!cells.has(key) && ++book.cellCount > book.maxCells)
      throw new XlsStop("TOO_LARGE", `工作簿的单元格超过 ${book.maxCells} 个，超出可检查的上限`);
    const cell: Cell = { value };
    const numberFormat = book.xfCodes[ixfe];
    if (numberFormat !== undefined) cell.numberFormat = numberFormat;
    if (isError) cell.isError = true;
    cells.set(key, cell);
    return cell;
  };
  const num = (ixfe: number, v: number): number => (book.globals.date1904 && book.xfDate[ixfe] ? v + DAYS_1904 : v);

  for (;;) {
    const rec = recs.next();
    if (!rec) throw new BiffFault(`${where}没有结束记录`);
    const at = rec.start;
    // Two sheets pointing into the same records would make a small file cost a quadratic time.
    if (recs.pos - sheet.offset > budget) throw new BiffFault(`${where}与其他工作表的数据重叠`);
    if (rec.type === RT.BOF) depth++;
    else if (rec.type === RT.EOF && --depth === 0) break;
    // Records inside an embedded chart's own BOF…EOF belong to the chart.
    if (depth !== 1) continue;
    switch (rec.type) {
      case RT.NUMBER:
        need(rec, 14, "NUMBER ");
        put(u16(data, at), u16(data, at + 2), u16(data, at + 4), num(u16(data, at + 4), f64(data, at + 6)));
        break;
      case RT.RK:
        need(rec, 10, "RK ");
        put(u16(data, at), u16(data, at + 2), u16(data, at + 4), num(u16(data, at + 4), rkValue(u32(data, at + 6))));
        break;
      case RT.MULRK: {
        need(rec, 6, "MULRK ");
        const n = (rec.length - 6) / 6;
        const row = u16(data, at);
        const first = u16(data, at + 2);
        if (!Number.isInteger(n) || u16(data, at + rec.length - 2) !== first + n - 1)
          throw new BiffFault(`${where}中的 MULRK 记录长度与列数不符`);
        for (let i = 0; i < n; i++) {
          const ixfe = u16(data, at + 4 + i * 6);
          put(row, first + i, ixfe, num(ixfe, rkValue(u32(data, at + 6 + i * 6))));
        }
        break;
      }
      case RT.LABELSST: {
        need(rec, 10, "LABELSST ");
        const i = u32(data, at + 6);
        if (i >= sst.length) throw new BiffFault(`${where}引用了不存在的共享字符串 ${i}`);
        put(u16(data, at), u16(data, at + 2), u16(data, at + 4), sst[i]);
        break;
      }
      case RT.LABEL:
      case RT.RSTRING: {
        need(rec, 8, "LABEL ");
        const r = recs.continued(rec);
        r.skip(6);
        put(u16(data, at), u16(data, at + 2), u16(data, at + 4), r.string16());
        break;
      }
      case RT.BOOLERR: {
        need(rec, 8, "BOOLERR ");
        const b = data[at + 6];
        const isError = data[at + 7] === 1;
        put(u16(data, at), u16(data, at + 2), u16(data, at + 4), isError ? (ERRORS[b] ?? "#N/A") : b !== 0, isError);
        break;
      }
      case RT.FORMULA: {
        need(rec, 22, "FORMULA ");
        const row = u16(data, at);
        const col = u16(data, at + 2);
        const ixfe = u16(data, at + 4);
        let cell: Cell;
        pendingString = null;
        if (u16(data, at + 12) === 0xffff) {
          const kind = data[at + 6];
          if (kind === 1) cell = put(row, col, ixfe, data[at + 8] !== 0);
          else if (kind === 2) cell = put(row, col, ixfe, ERRORS[data[at + 8]] ?? "#N/A", true);
          else {
            cell = put(row, col, ixfe, "");
            // The string result is in the STRING record that follows (after any SHRFMLA or ARRAY).
            if (kind === 0) pendingString = cell;
          }
        } else cell = put(row, col, ixfe, num(ixfe, f64(data, at + 6)));
        const { rgce, extra } = tokens(data, rec, 20);
        if (rgce.length === 5 && rgce[0] === 0x01) {
          // PtgExp: the formula is a shared or array formula stored after its first cell.
          pointing.push({ cell, row, col, master: cellKey(u16(rgce, 1), u16(rgce, 3)) });
        } else {
          const text = formulaText(decompile(rgce, extra, null, book.ctx));
          if (text !== null) cell.formula = text;
        }
        break;
      }
      case RT.STRING:
        if (pendingString) pendingString.value = recs.continued(rec).string16();
        pendingString = null;
        break;
      case RT.SHRFMLA:
        need(rec, 10, "SHRFMLA ");
        shared.set(cellKey(u16(data, at), data[at + 4]), tokens(data, rec, 8));
        break;
      case RT.ARRAY:
        need(rec, 14, "ARRAY ");
        arrays.set(cellKey(u16(data, at), data[at + 4]), tokens(data, rec, 12));
        break;
      case RT.MERGECELLS: {
        need(rec, 2, "MERGECELLS ");
        const n = u16(data, at);
        if (2 + n * 8 > rec.length) throw new BiffFault(`${where}中的合并单元格记录被截断`);
        for (let i = 0; i < n; i++) {
          const o = at + 2 + i * 8;
          const [r1, r2, c1, c2] = [u16(data, o), u16(data, o + 2), u16(data, o + 4), u16(data, o + 6)];
          if (Math.max(c1, c2) > MAX_COL) throw new BiffFault(`${where}中的合并单元格超出列范围`);
          merges.push({
            from: { row: Math.min(r1, r2), col: Math.min(c1, c2) },
            to: { row: Math.max(r1, r2), col: Math.max(c1, c2) },
          });
        }
        break;
      }
    }
  }

  for (const p of pointing) {
    const base: FormulaBase = { row: p.row, col: p.col };
    const sharedTokens = shared.get(p.master);
    let text: string | null = null;
    if (sharedTokens) text = formulaText(decompile(sharedTokens.rgce, sharedTokens.extra, base, book.ctx));
    else {
      // An array formula's text is on its first cell only, as an .xlsx has it.
      const array = arrays.get(p.master);
      if (array && cellKey(p.row, p.col) === p.master)
        text = formulaText(decompile(array.rgce, array.extra, null, book.ctx));
    }
    if (text !== null) p.cell.formula = text;
  }
  book.scanned += recs.pos - sheet.offset;
  return { cells, merges };
}
