/**
 * A reader of one stream of an OLE2 compound file ([MS-CFB]): the container of a legacy .xls, whose
 * cells are in its `Workbook` stream. Written here rather than taken from npm because the reader must
 * survive hostile files: every sector number is range-checked, every chain is walked with a visited
 * set (a cyclic FAT, DIFAT, mini-FAT or directory chain is DAMAGED, never a loop), the directory tree
 * is walked with a visited set too, and no chain is followed further than the stream's size needs, so
 * the memory used is at most the file's size plus the one stream returned.
 *
 * Only the root storage's own streams are looked up: an embedded object (a storage such as
 * `MBD0001`) may hold a `Workbook` stream of its own, which is not the file's.
 */

export type CfbResult =
  | { readonly ok: true; readonly name: string; readonly data: Uint8Array }
  | { readonly ok: false; readonly reason: string };

const HEADER_SIZE = 512;
const SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
/** Sector numbers above MAXREGSECT (0xFFFFFFFA) are markers; ENDOFCHAIN ends a chain. */
const MAXREGSECT = 0xfffffffa;
const ENDOFCHAIN = 0xfffffffe;
const FREESECT = 0xffffffff;
const NOSTREAM = 0xffffffff;
const DIR_ENTRY = 128;
const MINI_SECTOR = 64;
const TYPE_STREAM = 2;
const TYPE_ROOT = 5;

/** A structural fault of the container; caught at the top of readCompoundStream. */
class CfbFault extends Error {}

interface DirEntry {
  readonly name: string;
  readonly type: number;
  readonly left: number;
  readonly right: number;
  readonly child: number;
  readonly start: number;
  readonly size: number;
}

/**
 * The first of `names` (matched case-insensitively, as Office does) found among the root storage's
 * streams, with its bytes.
 * @example readCompoundStream(fileBytes, ["Workbook", "Book"]) // { ok: true, name: "Workbook", data }
 */
export function readCompoundStream(file: Uint8Array, names: readonly string[]): CfbResult {
  try {
    const cfb = new Compound(file);
    const streams = cfb.rootStreams();
    for (const want of names) {
      const entry = streams.get(want.toLowerCase());
      if (entry) return { ok: true, name: entry.name, data: cfb.read(entry) };
    }
    return { ok: false, reason: `复合文档中没有 ${names.join(" 或 ")} 数据流` };
  } catch (e) {
    if (e instanceof CfbFault) return { ok: false, reason: e.message };
    throw e;
  }
}

class Compound {
  private readonly view: DataView;
  private readonly sectorSize: number;
  private readonly sectorCount: number;
  private readonly fat: Uint32Array;
  private readonly miniCutoff: number;
  private readonly entries: DirEntry[];

  constructor(private readonly file: Uint8Array) {
    if (file.length < HEADER_SIZE || SIGNATURE.some((b, i) => file[i] !== b)) throw new CfbFault("不是复合文档");
    this.view = new DataView(file.buffer, file.byteOffset, file.byteLength);
    const major = this.u16(26);
    const shift = this.u16(30);
    if (!((major === 3 && shift === 9) || (major === 4 && shift === 12)))
      throw new CfbFault(`复合文档的版本或扇区大小无效（${major}/${shift}）`);
    this.sectorSize = 1 << shift;
    if (file.length < this.sectorSize) throw new CfbFault("复合文档不完整");
    // A last sector cut short is tolerated (some writers do not pad); reads past the end are not.
    this.sectorCount = Math.ceil((file.length - this.sectorSize) / this.sectorSize);
    this.miniCutoff = this.u32(56);
    this.fat = this.readFat();
    this.entries = this.readDirectory(this.u32(48));
  }

  private u16(off: number): number {
    return this.view.getUint16(off, true);
  }

  private u32(off: number): number {
    return this.view.getUint32(off, true);
  }

  private offsetOf(sector: number): number {
    if (sector > MAXREGSECT || sector >= this.sectorCount) throw new CfbFault(`扇区号 ${sector} 超出文件范围`);
    return (sector + 1) * this.sectorSize;
  }

  /** The FAT, from the header's 109 DIFAT slots and the DIFAT sector chain after them. */
  private readFat(): Uint32Array {
    const perSector = this.sectorSize / 4;
    const fatSectors: number[] = [];
    const push = (id: number): void => {
      if (id === FREESECT || id === ENDOFCHAIN) return;
      // Each FAT sector describes perSector sectors: more FAT sectors than the file could need is a lie.
      if (fatSectors.length * perSector >= this.sectorCount + perSector) throw new CfbFault("FAT 扇区数量异常");
      this.offsetOf(id);
      fatSectors.push(id);
    };
    for (let i = 0; i < 109; i++) push(this.u32(76 + i * 4));
    const seen = new Set<number>();
    for (let next = this.u32(68); next !== ENDOFCHAIN && next !== FREESECT;) {
      if (seen.has(next)) throw new CfbFault("DIFAT 链出现循环");
      seen.add(next);
      const off = this.offsetOf(next);
      if (off + this.sectorSize > this.file.length) throw new CfbFault("DIFAT 扇区不完整");
      for (let i = 0; i < perSector - 1; i++) push(this.u32(off + i * 4));
      next = this.u32(off + this.sectorSize - 4);
    }
    const fat = new Uint32Array(fatSectors.length * perSector);
    fatSectors.forEach((id, i) => {
      const off = this.offsetOf(id);
      if (off + this.sectorSize > this.file.length) throw new CfbFault("FAT 扇区不完整");
      for (let j = 0; j < perSector; j++) fat[i * perSector + j] = this.u32(off + j * 4);
    });
    return fat;
  }

  /** The sectors of a chain, in order: at most `limit` of them (the ones a stream's size needs). */
  private chain(start: number, limit: number, table: Uint32Array, count: number, what: string): number[] {
    const out: number[] = [];
    const seen = new Uint8Array(count);
    for (let s = start; s !== ENDOFCHAIN && out.length < limit; s = table[s]) {
      if (s >= count || s >= table.length) throw new CfbFault(`${what}的扇区链指向不存在的扇区 ${s}`);
      if (seen[s]) throw new CfbFault(`${what}的扇区链出现循环`);
      seen[s] = 1;
      out.push(s);
    }
    return out;
  }

  /** Bytes of a chain of regular sectors, `size` of them (the whole chain when size is null). */
  private readChain(start: number, size: number | null, what: string): Uint8Array {
    const limit = size === null ? this.sectorCount : Math.ceil(size / this.sectorSize);
    if (limit > this.sectorCount) throw new CfbFault(`${what}的大小超出文件`);
    const sectors = this.chain(start, limit, this.fat, this.sectorCount, what);
    const total = size ?? sectors.length * this.sectorSize;
    if (sectors.length * this.sectorSize < total) throw new CfbFault(`${what}不完整`);
    const out = new Uint8Array(total);
    let at = 0;
    for (const s of sectors) {
      const off = this.offsetOf(s);
      const n = Math.min(this.sectorSize, total - at);
      if (off + n > this.file.length) throw new CfbFault(`${what}超出文件末尾`);
      out.set(this.file.subarray(off, off + n), at);
      at += n;
    }
    return out;
  }

  private readDirectory(start: number): DirEntry[] {
    const dir = this.readChain(start, null, "目录");
    const view = new DataView(dir.buffer, dir.byteOffset, dir.byteLength);
    const entries: DirEntry[] = [];
    for (let off = 0; off + DIR_ENTRY <= dir.length; off += DIR_ENTRY) {
      const nameLen = Math.min(view.getUint16(off + 64, true), 64);
      let name = "";
      // The length counts the terminating NUL.
      for (let i = 0; i + 2 < nameLen; i += 2) name += String.fromCharCode(view.getUint16(off + i, true));
      // Version 3 files may leave garbage in the size's high half ([MS-CFB] 2.6.3): read the low half.
      entries.push({
        name,
        type: dir[off + 66],
        left: view.getUint32(off + 68, true),
        right: view.getUint32(off + 72, true),
        child: view.getUint32(off + 76, true),
        start: view.getUint32(off + 116, true),
        size: view.getUint32(off + 120, true),
      });
    }
    if (entries[0]?.type !== TYPE_ROOT) throw new CfbFault("复合文档缺少根目录");
    return entries;
  }

  /** The streams directly in the root storage, by lower-case name: the red-black tree under its child. */
  rootStreams(): Map<string, DirEntry> {
    const out = new Map<string, DirEntry>();
    const seen = new Set<number>();
    const stack = [this.entries[0].child];
    while (stack.length > 0) {
      const id = stack.pop() as number;
      if (id === NOSTREAM) continue;
      const e = this.entries[id];
      if (!e) throw new CfbFault(`目录项 ${id} 不存在`);
      if (seen.has(id)) throw new CfbFault("目录树出现循环");
      seen.add(id);
      if (e.type === TYPE_STREAM && !out.has(e.name.toLowerCase())) out.set(e.name.toLowerCase(), e);
      stack.push(e.left, e.right);
    }
    return out;
  }

  /** A stream's bytes: from the mini stream when it is smaller than the cutoff, else from sectors. */
  read(entry: DirEntry): Uint8Array {
    if (entry.size > this.file.length) throw new CfbFault(`数据流“${entry.name}”的大小超出文件`);
    if (entry.size >= this.miniCutoff) return this.readChain(entry.start, entry.size, `数据流“${entry.name}”`);
    if (entry.size === 0) return new Uint8Array(0);
    const root = this.entries[0];
    const miniStream = this.readChain(root.start, root.size, "迷你数据流");
    const miniCount = Math.floor(miniStream.length / MINI_SECTOR);
    const miniFatBytes = this.readChain(
      this.u32(60),
      Math.min(this.u32(64), this.sectorCount) * this.sectorSize,
      "迷你 FAT",
    );
    const miniFat = new Uint32Array(miniFatBytes.length / 4);
    const mv = new DataView(miniFatBytes.buffer, miniFatBytes.byteOffset, miniFatBytes.byteLength);
    for (let i = 0; i < miniFat.length; i++) miniFat[i] = mv.getUint32(i * 4, true);
    const need = Math.ceil(entry.size / MINI_SECTOR);
    if (need > miniCount) throw new CfbFault(`数据流“${entry.name}”超出迷你数据流`);
    const sectors = this.chain(entry.start, need, miniFat, miniCount, `数据流“${entry.name}”`);
    if (sectors.length < need) throw new CfbFault(`数据流“${entry.name}”不完整`);
    const out = new Uint8Array(entry.size);
    sectors.forEach((s, i) => {
      const n = Math.min(MINI_SECTOR, entry.size - i * MINI_SECTOR);
      out.set(miniStream.subarray(s * MINI_SECTOR, s * MINI_SECTOR + n), i * MINI_SECTOR);
    });
    return out;
  }
}
