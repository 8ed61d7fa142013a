/**
 * Formula text from BIFF8's parsed formulas ([MS-XLS] 2.5.198 Rgce): the tokens are in reverse Polish
 * order and carry their own parentheses (PtgParen), so the text is rebuilt with a stack without any
 * precedence rules, as Excel shows it (English function names, `,` between arguments, no spaces).
 *
 * A token this decompiler does not know (data tables, macro-sheet tokens, command-equivalent functions)
 * gives null: the caller then says nothing about the formula rather than something wrong.
 */
import { BiffFault, ERRORS, f64, u16, u32 } from "./xls-records";

/** Where the names a formula mentions are looked up. */
export interface FormulaContext {
  /** The sheet prefix of an EXTERNSHEET index (`'自评表'!`, `Sheet1:Sheet3!`), `#REF!` for a deleted sheet. */
  sheetPrefix(ixti: number): string | null;
  /** The text of a defined name, by its one-based index among the NAME records. */
  name(index: number): string | null;
  /** The text of an external or add-in name (`_xlfn.IFERROR`): EXTERNSHEET index and one-based index. */
  externName(ixti: number, index: number): string | null;
}

/** The cell a shared formula is read for: relative references in it are offsets from this cell. */
export interface FormulaBase {
  readonly row: number;
  readonly col: number;
}

/**
 * Built-in functions by BIFF index ([MS-XLS] 2.5.198.17 Ftab): `index:NAME/argc`, argc only where it
 * is fixed (PtgFunc gives no count; PtgFuncVar does).
 */
const FTAB_TEXT = `
  0:COUNT 1:IF 2:ISNA/1 3:ISERROR/1 4:SUM 5:AVERAGE 6:MIN 7:MAX 8:ROW 9:COLUMN 10:NA/0 11:NPV 12:STDEV 13:DOLLAR
  14:FIXED 15:SIN/1 16:COS/1 17:TAN/1 18:ATAN/1 19:PI/0 20:SQRT/1 21:EXP/1 22:LN/1 23:LOG10/1 24:ABS/1 25:INT/1
  26:SIGN/1 27:ROUND/2 28:LOOKUP 29:INDEX 30:REPT/2 31:MID/3 32:LEN/1 33:VALUE/1 34:TRUE/0 35:FALSE/0 36:AND
  37:OR 38:NOT/1 39:MOD/2 40:DCOUNT/3 41:DSUM/3 42:DAVERAGE/3 43:DMIN/3 44:DMAX/3 45:DSTDEV/3 46:VAR 47:DVAR/3
  48:TEXT/2 49:LINEST 50:TREND 51:LOGEST 52:GROWTH 56:PV 57:FV 58:NPER 59:PMT 60:RATE 61:MIRR/3 62:IRR 63:RAND/0
  64:MATCH 65:DATE/3 66:TIME/3 67:DAY/1 68:MONTH/1 69:YEAR/1 70:WEEKDAY 71:HOUR/1 72:MINUTE/1 73:SECOND/1
  74:NOW/0 75:AREAS/1 76:ROWS/1 77:COLUMNS/1 78:OFFSET 82:SEARCH 83:TRANSPOSE/1 86:TYPE/1 92:SERIESSUM/4
  97:ATAN2/2 98:ASIN/1 99:ACOS/1 100:CHOOSE 101:HLOOKUP 102:VLOOKUP 105:ISREF/1 109:LOG 111:CHAR/1 112:LOWER/1
  113:UPPER/1 114:PROPER/1 115:LEFT 116:RIGHT 117:EXACT/2 118:TRIM/1 119:REPLACE/4 120:SUBSTITUTE 121:CODE/1
  124:FIND 125:CELL 126:ISERR/1 127:ISTEXT/1 128:ISNUMBER/1 129:ISBLANK/1 130:T/1 131:N/1 140:DATEVALUE/1
  141:TIMEVALUE/1 142:SLN/3 143:SYD/4 144:DDB 148:INDIRECT 162:CLEAN/1 163:MDETERM/1 164:MINVERSE/1 165:MMULT/2
  167:IPMT 168:PPMT 169:COUNTA 183:PRODUCT 184:FACT/1 189:DPRODUCT/3 190:ISNONTEXT/1 193:STDEVP 194:VARP
  195:DSTDEVP/3 196:DVARP/3 197:TRUNC 198:ISLOGICAL/1 199:DCOUNTA/3 204:USDOLLAR 205:FINDB 206:SEARCHB
  207:REPLACEB/4 208:LEFTB 209:RIGHTB 210:MIDB/3 211:LENB/1 212:ROUNDUP/2 213:ROUNDDOWN/2 214:ASC/1 215:DBCS/1
  216:RANK 219:ADDRESS 220:DAYS360 221:TODAY/0 222:VDB 227:MEDIAN 228:SUMPRODUCT 229:SINH/1 230:COSH/1
  231:TANH/1 232:ASINH/1 233:ACOSH/1 234:ATANH/1 235:DGET/3 244:INFO/1 247:DB 252:FREQUENCY/2 261:ERROR.TYPE/1
  269:AVEDEV 270:BETADIST 271:GAMMALN/1 272:BETAINV 273:BINOMDIST/4 274:CHIDIST/2 275:CHIINV/2 276:COMBIN/2
  277:CONFIDENCE/3 278:CRITBINOM/3 279:EVEN/1 280:EXPONDIST/3 281:FDIST/3 282:FINV/3 283:FISHER/1
  284:FISHERINV/1 285:FLOOR/2 286:GAMMADIST/4 287:GAMMAINV/3 288:CEILING/2 289:HYPGEOMDIST/4 290:LOGNORMDIST/3
  291:LOGINV/3 292:NEGBINOMDIST/3 293:NORMDIST/4 294:NORMSDIST/1 295:NORMINV/3 296:NORMSINV/1 297:STANDARDIZE/3
  298:ODD/1 299:PERMUT/2 300:POISSON/3 301:TDIST/3 302:WEIBULL/4 303:SUMXMY2/2 304:SUMX2MY2/2 305:SUMX2PY2/2
  306:CHITEST/2 307:CORREL/2 308:COVAR/2 309:FORECAST/3 310:FTEST/2 311:INTERCEPT/2 312:PEARSON/2 313:RSQ/2
  314:STEYX/2 315:SLOPE/2 316:TTEST/4 317:PROB 318:DEVSQ 319:GEOMEAN 320:HARMEAN 321:SUMSQ 322:KURT 323:SKEW
  324:ZTEST 325:LARGE/2 326:SMALL/2 327:QUARTILE/2 328:PERCENTILE/2 329:PERCENTRANK 330:MODE 331:TRIMMEAN/2
  332:TINV/2 336:CONCATENATE 337:POWER/2 342:RADIANS/1 343:DEGREES/1 344:SUBTOTAL 345:SUMIF 346:COUNTIF/2
  347:COUNTBLANK/1 350:ISPMT/4 351:DATEDIF/3 352:DATESTRING/1 353:NUMBERSTRING/2 354:ROMAN 358:GETPIVOTDATA/2
  359:HYPERLINK 360:PHONETIC/1 361:AVERAGEA 362:MAXA 363:MINA 364:STDEVPA 365:VARPA 366:STDEVA 367:VARA
  368:BAHTTEXT/1 369:THAIDAYOFWEEK/1 370:THAIDIGIT/1 371:THAIMONTHOFYEAR/1 372:THAINUMSOUND/1
  373:THAINUMSTRING/1 374:THAISTRINGLENGTH/1 375:ISTHAIDIGIT/1 376:ROUNDBAHTDOWN/1 377:ROUNDBAHTUP/1
  378:THAIYEAR/1 379:RTD
`;

const FTAB = new Map<number, { readonly name: string; readonly argc: number }>();
for (const entry of FTAB_TEXT.split(/\s+/)) {
  const m = /^(\d+):([A-Z0-9.]+)(?:\/(\d+))?$/.exec(entry);
  if (m) FTAB.set(Number(m[1]), { name: m[2], argc: m[3] === undefined ? -1 : Number(m[3]) });
}

/** Excel 2007 functions: an .xls stores them as add-in names `_xlfn.X`, an .xlsx as plain `X`. */
const XLFN_2007 = new Set(["IFERROR", "SUMIFS", "COUNTIFS", "AVERAGEIF", "AVERAGEIFS"]);

const BINARY: Readonly<Record<number, string>> = {
  0x03: "+",
  0x04: "-",
  0x05: "*",
  0x06: "/",
  0x07: "^",
  0x08: "&",
  0x09: "<",
  0x0a: "<=",
  0x0b: "=",
  0x0c: ">=",
  0x0d: ">",
  0x0e: "<>",
  0x0f: " ",
  0x10: ",",
  0x11: ":",
};

const MAX_ROW = 65535;
const MAX_COL = 255;

export const colName = (col: number): string => {
  let s = "";
  for (let c = col + 1; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
};

/**
 * A sheet name as Excel writes it in formulas: bare when it is letters (any script), digits, `_` and
 * `.` not starting with a digit and not readable as a cell address; otherwise quoted.
 * @example quoteSheet("自评表") // "自评表"
 * @example quoteSheet("Sheet 1") // "'Sheet 1'"
 */
export function quoteSheet(name: string): string {
  return /^[\p{L}_][\p{L}\p{N}_.]*$/u.test(name) && !/^([A-Za-z]{1,3}\d+|[Rr]\d*[Cc]\d*)$/.test(name)
    ? name
    : `'${name.replace(/'/g, "''")}'`;
}

const numberText = (n: number): string => String(n).replace("e", "E");
const quoteString = (s: string): string => `"${s.replace(/"/g, '""')}"`;

/**
 * A reference's row and column from its stored row and column-with-flags. Relative parts of a shared
 * formula's (or a name's) reference are offsets from `base`, wrapping round the sheet as Excel does.
 */
function cellRef(row: number, colField: number, base: FormulaBase | null): { row: number; col: number; text: string } {
  const colRel = (colField & 0x4000) !== 0;
  const rowRel = (colField & 0x8000) !== 0;
  let r = row;
  let c = colField & 0x3fff;
  if (base) {
    if (rowRel) r = (base.row + ((row << 16) >> 16) + 65536) & MAX_ROW;
    if (colRel) c = (base.col + ((c << 24) >> 24) + 256) & MAX_COL;
  }
  return { row: r, col: c, text: `${colRel ? "" : "$"}${colName(c)}${rowRel ? "" : "$"}${r + 1}` };
}

function areaText(d: Uint8Array, at: number, base: FormulaBase | null): string {
  const a = cellRef(u16(d, at), u16(d, at + 4), base);
  const b = cellRef(u16(d, at + 2), u16(d, at + 6), base);
  // Whole columns and whole rows are written as Excel writes them: A:C and 3:5.
  if (a.row === 0 && b.row === MAX_ROW) {
    const ca = u16(d, at + 4) & 0x4000 ? "" : "$";
    const cb = u16(d, at + 6) & 0x4000 ? "" : "$";
    return `${ca}${colName(a.col)}:${cb}${colName(b.col)}`;
  }
  if (a.col === 0 && b.col === MAX_COL) {
    const ra = u16(d, at + 4) & 0x8000 ? "" : "$";
    const rb = u16(d, at + 6) & 0x8000 ? "" : "$";
    return `${ra}${a.row + 1}:${rb}${b.row + 1}`;
  }
  return `${a.text}:${b.text}`;
}

/** An array constant from the formula's extra data: `{1,2;"a",TRUE}`. Returns the text and the next offset. */
function arrayText(x: Uint8Array, at: number): { text: string; next: number } {
  if (at + 3 > x.length) throw new BiffFault("公式中的数组常量被截断");
  const cols = x[at] + 1;
  const rows = u16(x, at + 1) + 1;
  let p = at + 3;
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    const items: string[] = [];
    for (let c = 0; c < cols; c++) {
      if (p + 1 > x.length) throw new BiffFault("公式中的数组常量被截断");
      const type = x[p++];
      if (type === 0x02) {
        if (p + 3 > x.length) throw new BiffFault("公式中的数组常量被截断");
        const cch = u16(x, p);
        const wide = (x[p + 2] & 1) === 1;
        const bytes = wide ? cch * 2 : cch;
        if (p + 3 + bytes > x.length) throw new BiffFault("公式中的数组常量被截断");
        items.push(
          quoteString(Buffer.from(x.buffer, x.byteOffset + p + 3, bytes).toString(wide ? "utf16le" : "latin1")),
        );
        p += 3 + bytes;
        continue;
      }
      if (p + 8 > x.length) throw new BiffFault("公式中的数组常量被截断");
      if (type === 0x01) items.push(numberText(f64(x, p)));
      else if (type === 0x04) items.push(x[p] ? "TRUE" : "FALSE");
      else if (type === 0x10) items.push(ERRORS[x[p]] ?? "#N/A");
      else items.push("");
      p += 8;
    }
    lines.push(items.join(","));
  }
  return { text: `{${lines.join(";")}}`, next: p };
}

/**
 * The text of a parsed formula, without its `=`; null when it holds a token not decompiled here.
 * `extra` is the data after the tokens (array constants); `base` is the cell for shared formulas and
 * names, whose relative references are offsets. Throws BiffFault when a token runs past the data.
 * @example decompile(Uint8Array.of(0x1e, 1, 0, 0x1e, 2, 0, 0x03), new Uint8Array(0), null, ctx) // "1+2"
 */
export function decompile(
  rgce: Uint8Array,
  extra: Uint8Array,
  base: FormulaBase | null,
  ctx: FormulaContext,
): string | null {
  const stack: string[] = [];
  let x = 0;
  let p = 0;
  const has = (n: number): void => {
    if (p + n > rgce.length) throw new BiffFault("公式被截断");
  };
  const pop = (): string => {
    const v = stack.pop();
    if (v === undefined) throw new BiffFault("公式的记号不完整");
    return v;
  };
  const call = (name: string, argc: number): void => {
    if (argc > stack.length) throw new BiffFault("公式的函数参数不完整");
    const args = stack.splice(stack.length - argc, argc);
    stack.push(`${name}(${args.join(",")})`);
  };
  while (p < rgce.length) {
    const t = rgce[p++];
    const op = BINARY[t];
    if (op !== undefined) {
      const b = pop();
      stack.push(`${pop()}${op}${b}`);
      continue;
    }
    // Operand tokens come in three classes (reference, value, array) that differ only in bits 5–6.
    const base8 = t < 0x20 ? t : 0x20 | (t & 0x1f);
    switch (base8) {
      case 0x12:
        stack.push(`+${pop()}`);
        break;
      case 0x13:
        stack.push(`-${pop()}`);
        break;
      case 0x14:
        stack.push(`${pop()}%`);
        break;
      case 0x15:
        stack.push(`(${pop()})`);
        break;
      case 0x16:
        stack.push("");
        break;
      case 0x17: {
        has(2);
        const cch = rgce[p];
        const wide = (rgce[p + 1] & 1) === 1;
        const bytes = wide ? cch * 2 : cch;
        has(2 + bytes);
        stack.push(
          quoteString(Buffer.from(rgce.buffer, rgce.byteOffset + p + 2, bytes).toString(wide ? "utf16le" : "latin1")),
        );
        p += 2 + bytes;
        break;
      }
      case 0x19: {
        has(3);
        const grbit = rgce[p];
        if (grbit & 0x04) {
          const cases = u16(rgce, p + 1);
          has(3 + (cases + 1) * 2);
          p += 3 + (cases + 1) * 2;
        } else p += 3;
        if (grbit & 0x10) stack.push(`SUM(${pop()})`);
        break;
      }
      case 0x1c:
        has(1);
        stack.push(ERRORS[rgce[p++]] ?? "#N/A");
        break;
      case 0x1d:
        has(1);
        stack.push(rgce[p++] ? "TRUE" : "FALSE");
        break;
      case 0x1e:
        has(2);
        stack.push(String(u16(rgce, p)));
        p += 2;
        break;
      case 0x1f:
        has(8);
        stack.push(numberText(f64(rgce, p)));
        p += 8;
        break;
      case 0x20: {
        has(7);
        p += 7;
        const arr = arrayText(extra, x);
        stack.push(arr.text);
        x = arr.next;
        break;
      }
      case 0x21: {
        has(2);
        const f = FTAB.get(u16(rgce, p));
        p += 2;
        if (!f || f.argc < 0) return null;
        call(f.name, f.argc);
        break;
      }
      case 0x22: {
        has(3);
        const argc = rgce[p] & 0x7f;
        const tab = u16(rgce, p + 1);
        p += 3;
        if (tab & 0x8000) return null; // a command-equivalent function: macro sheets only
        if (tab === 0xff) {
          // A user-defined or add-in function: its name is the first argument.
          if (argc < 1 || argc > stack.length) throw new BiffFault("公式的函数参数不完整");
          const name = stack.splice(stack.length - argc, 1)[0];
          call(name.startsWith("_xlfn.") && XLFN_2007.has(name.slice(6)) ? name.slice(6) : name, argc - 1);
          break;
        }
        const f = FTAB.get(tab);
        if (!f) return null;
        call(f.name, argc);
        break;
      }
      case 0x23: {
        has(4);
        const n = ctx.name(u32(rgce, p));
        p += 4;
        if (n === null) return null;
        stack.push(n);
        break;
      }
      case 0x24:
      case 0x2c:
        has(4);
        stack.push(cellRef(u16(rgce, p), u16(rgce, p + 2), base8 === 0x2c ? base : null).text);
        p += 4;
        break;
      case 0x25:
      case 0x2d:
        has(8);
        stack.push(areaText(rgce, p, base8 === 0x2d ? base : null));
        p += 8;
        break;
      case 0x26: {
        // PtgMemArea: its areas are in the extra data (skipped); the subexpression follows as tokens.
        has(6);
        p += 6;
        if (x + 2 > extra.length) throw new BiffFault("公式的附加数据被截断");
        x += 2 + u16(extra, x) * 8;
        break;
      }
      case 0x27:
      case 0x28:
        has(6);
        p += 6;
        break;
      case 0x29:
        has(2);
        p += 2;
        break;
      case 0x2a:
        has(4);
        p += 4;
        stack.push("#REF!");
        break;
      case 0x2b:
        has(8);
        p += 8;
        stack.push("#REF!");
        break;
      case 0x39: {
        has(6);
        const n = ctx.externName(u16(rgce, p), u32(rgce, p + 2));
        p += 6;
        if (n === null) return null;
        stack.push(n);
        break;
      }
      case 0x3a:
      case 0x3c: {
        has(6);
        const sheet = ctx.sheetPrefix(u16(rgce, p));
        if (sheet === null) return null;
        stack.push(
          base8 === 0x3c || sheet === "#REF!"
            ? `${sheet === "#REF!" ? "" : sheet}#REF!`
            : sheet + cellRef(u16(rgce, p + 2), u16(rgce, p + 4), base).text,
        );
        p += 6;
        break;
      }
      case 0x3b:
      case 0x3d: {
        has(10);
        const sheet = ctx.sheetPrefix(u16(rgce, p));
        if (sheet === null) return null;
        stack.push(
          base8 === 0x3d || sheet === "#REF!"
            ? `${sheet === "#REF!" ? "" : sheet}#REF!`
            : sheet + areaText(rgce, p + 2, base),
        );
        p += 10;
        break;
      }
      default:
        return null; // PtgExp, PtgTbl, PtgExtended and anything unknown
    }
  }
  return stack.length === 1 ? stack[0] : null;
}
