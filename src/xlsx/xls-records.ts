/**
 * The record layer of a BIFF8 `Workbook` stream ([MS-XLS] 2.1.4): records, the CONTINUE records that
 * carry a long record on, the string forms BIFF8 stores (with their compressed/UTF-16 flag, which may
 * switch at each CONTINUE boundary), RK numbers, error codes and the built-in number formats.
 *
 * Every read is bounds-checked: a record or string that runs past its data throws a BiffFault, which
 * the reader turns into a DAMAGED result.
 */

/** A fault of the input (DAMAGED unless said otherwise); never escapes readXlsGrid. */
export class BiffFault extends Error {}

export const RT = {
  FORMULA: 0x0006,
  EOF: 0x000a,
  EXTERNSHEET: 0x0017,
  NAME: 0x0018,
  DATEMODE: 0x0022,
  EXTERNNAME: 0x0023,
  FILEPASS: 0x002f,
  CONTINUE: 0x003c,
  BOUNDSHEET: 0x0085,
  MULRK: 0x00bd,
  RSTRING: 0x00d6,
  XF: 0x00e0,
  MERGECELLS: 0x00e5,
  SST: 0x00fc,
  LABELSST: 0x00fd,
  SUPBOOK: 0x01ae,
  NUMBER: 0x0203,
  LABEL: 0x0204,
  BOOLERR: 0x0205,
  STRING: 0x0207,
  ARRAY: 0x0221,
  RK: 0x027e,
  FORMAT: 0x041e,
  SHRFMLA: 0x04bc,
  BOF: 0x0809,
} as const;

/** BOF record types of BIFF2, BIFF3 and BIFF4 (the BIFF5 and BIFF8 one is 0x0809). */
export const OLD_BOF = new Set([0x0009, 0x0209, 0x0409]);
export const BIFF8_VERSION = 0x0600;

export interface BiffRecord {
  readonly type: number;
  /** Offset of the record's data (after its 4-byte header) in the stream. */
  readonly start: number;
  readonly length: number;
}

/** The records of a stream from an offset, one at a time. */
export class Records {
  constructor(
    readonly data: Uint8Array,
    public pos: number,
  ) {}

  /** The next record, or null at the stream's end. */
  next(): BiffRecord | null {
    if (this.pos >= this.data.length) return null;
    if (this.pos + 4 > this.data.length) throw new BiffFault(`记录头在偏移 ${this.pos} 处被截断`);
    const type = u16(this.data, this.pos);
    const length = u16(this.data, this.pos + 2);
    const start = this.pos + 4;
    if (start + length > this.data.length) throw new BiffFault(`记录 0x${hex(type)} 在偏移 ${this.pos} 处被截断`);
    this.pos = start + length;
    return { type, start, length };
  }

  /** The type of the record after the current one, without moving; null at the end. */
  peekType(): number | null {
    return this.pos + 4 <= this.data.length ? u16(this.data, this.pos) : null;
  }

  /** A record with the CONTINUE records that follow it, as a reader over all of their data. */
  continued(rec: BiffRecord): Continued {
    const segs: [number, number][] = [[rec.start, rec.start + rec.length]];
    while (this.peekType() === RT.CONTINUE) {
      const c = this.next() as BiffRecord;
      segs.push([c.start, c.start + c.length]);
    }
    return new Continued(this.data, segs);
  }
}

export const hex = (n: number): string => n.toString(16).toUpperCase().padStart(4, "0");
export const u16 = (d: Uint8Array, at: number): number => d[at] | (d[at + 1] << 8);
export const i16 = (d: Uint8Array, at: number): number => (u16(d, at) << 16) >> 16;
export const u32 = (d: Uint8Array, at: number): number =>
  (d[at] | (d[at + 1] << 8) | (d[at + 2] << 16)) + d[at + 3] * 0x1000000;
export const f64 = (d: Uint8Array, at: number): number =>
  new DataView(d.buffer, d.byteOffset + at, 8).getFloat64(0, true);

/** Checks that a record has at least `n` bytes. */
export function need(rec: BiffRecord, n: number, what: string): void {
  if (rec.length < n) throw new BiffFault(`${what}记录过短（${rec.length} 字节）`);
}

const decode = (d: Uint8Array, at: number, bytes: number, wide: boolean): string =>
  Buffer.from(d.buffer, d.byteOffset + at, bytes).toString(wide ? "utf16le" : "latin1");

/**
 * A reader over a record's data and its CONTINUE records' data. Plain reads run on across the
 * boundaries; the characters of a string do too, but a CONTINUE that starts inside them begins with
 * one byte saying whether the rest are compressed (one byte each) or UTF-16 ([MS-XLS] 2.1.4).
 */
export class Continued {
  private seg = 0;
  private pos: number;
  private end: number;

  constructor(
    private readonly data: Uint8Array,
    private readonly segs: readonly (readonly [number, number])[],
  ) {
    [this.pos, this.end] = segs[0];
  }

  /** Whether every byte has been read. */
  done(): boolean {
    return this.pos >= this.end && this.seg === this.segs.length - 1;
  }

  private nextSegment(): void {
    if (this.seg + 1 >= this.segs.length) throw new BiffFault("字符串数据被截断");
    [this.pos, this.end] = this.segs[++this.seg];
  }

  u8(): number {
    while (this.pos >= this.end) this.nextSegment();
    return this.data[this.pos++];
  }

  u16(): number {
    return this.u8() | (this.u8() << 8);
  }

  u32(): number {
    return this.u16() + this.u16() * 0x10000;
  }

  skip(n: number): void {
    let left = n;
    while (left > 0) {
      while (this.pos >= this.end) this.nextSegment();
      const k = Math.min(left, this.end - this.pos);
      this.pos += k;
      left -= k;
    }
  }

  /** `cch` characters, compressed or UTF-16 as `wide` says, switching where a CONTINUE says so. */
  chars(cch: number, wide: boolean): string {
    let out = "";
    let left = cch;
    let w = wide;
    while (left > 0) {
      if (this.pos >= this.end) {
        this.nextSegment();
        w = (this.u8() & 1) === 1;
        continue;
      }
      const n = Math.min(left, w ? (this.end - this.pos) >> 1 : this.end - this.pos);
      if (n === 0) {
        // One stray byte before the boundary in a UTF-16 run: skipped, as Excel does.
        this.pos = this.end;
        continue;
      }
      out += decode(this.data, this.pos, w ? n * 2 : n, w);
      this.pos += w ? n * 2 : n;
      left -= n;
    }
    return out;
  }

  /** An XLUnicodeRichExtendedString (the SST's form): text kept, formatting runs and phonetics skipped. */
  richString(): string {
    const cch = this.u16();
    const flags = this.u8();
    const runs = flags & 0x08 ? this.u16() : 0;
    const ext = flags & 0x04 ? this.u32() : 0;
    const text = this.chars(cch, (flags & 1) === 1);
    this.skip(runs * 4 + ext);
    return text;
  }

  /** An XLUnicodeString (LABEL, STRING, FORMAT): a 16-bit count, a flags byte, the characters. */
  string16(): string {
    const cch = this.u16();
    return this.chars(cch, (this.u8() & 1) === 1);
  }
}

/** A reader over one record's data, as a Continued without CONTINUE records. */
export const single = (data: Uint8Array, start: number, end: number): Continued => new Continued(data, [[start, end]]);

/**
 * The shared strings of an SST record and its CONTINUE records. A writer that states more strings
 * than it wrote is forgiven when the data ends between two strings; a string cut short is not.
 */
export function readSst(r: Continued): string[] {
  r.skip(4);
  const unique = r.u32();
  const out: string[] = [];
  while (out.length < unique && !r.done()) out.push(r.richString());
  return out;
}

/** An RK number ([MS-XLS] 2.5.217): a 30-bit integer or the top 30 bits of a double, maybe ×100. */
export function rkValue(rk: number): number {
  let v: number;
  if (rk & 2) v = rk >> 2;
  else {
    const view = new DataView(new ArrayBuffer(8));
    view.setUint32(4, rk & 0xfffffffc, true);
    v = view.getFloat64(0, true);
  }
  return rk & 1 ? v / 100 : v;
}

/** BErr codes ([MS-XLS] 2.5.10) to the text a spreadsheet shows. */
export const ERRORS: Readonly<Record<number, string>> = {
  0x00: "#NULL!",
  0x07: "#DIV/0!",
  0x0f: "#VALUE!",
  0x17: "#REF!",
  0x1d: "#NAME?",
  0x24: "#NUM!",
  0x2a: "#N/A",
  0x2b: "#GETTING_DATA",
};
