import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { convertWith, sofficeGate } from "../../test/standard-form";
import { readWorkbookFile } from "./fast-reader";
import type { SheetGrid, WorkbookGrid } from "../layout/grid";
import { readStandardForms } from "../layout/read-standard";
import { readXlsGrid, type XlsResult } from "./xls-reader";

// ---------------------------------------------------------------------------------------------------
// Hand-built BIFF8 streams in a hand-built compound file

const le16 = (n: number): number[] => [n & 0xff, (n >> 8) & 0xff];
const le32 = (n: number): number[] => [...le16(n & 0xffff), ...le16(n >>> 16)];
const f64le = (v: number): number[] => {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(v);
  return [...b];
};
const chars = (s: string, wide: boolean): number[] => [...Buffer.from(s, wide ? "utf16le" : "latin1")];
const rec = (type: number, body: number[]): number[] => [...le16(type), ...le16(body.length), ...body];
const bof = (dt: number, version = 0x0600): number[] =>
  rec(0x0809, [...le16(version), ...le16(dt), ...Array(12).fill(0)]);
const eof = (): number[] => rec(0x000a, []);
const xf = (ifmt: number): number[] => rec(0x00e0, [0, 0, ...le16(ifmt), ...Array(16).fill(0)]);
const format = (id: number, code: string): number[] =>
  rec(0x041e, [...le16(id), ...le16(code.length), 0, ...chars(code, false)]);
const sst = (strings: string[]): number[] =>
  rec(0x00fc, [
    ...le32(strings.length),
    ...le32(strings.length),
    ...strings.flatMap((s) => [...le16(s.length), 1, ...chars(s, true)]),
  ]);
const cellHead = (r: number, c: number, ixfe: number): number[] => [...le16(r), ...le16(c), ...le16(ixfe)];
const num = (r: number, c: number, v: number, ixfe = 0): number[] =>
  rec(0x0203, [...cellHead(r, c, ixfe), ...f64le(v)]);
const rk = (r: number, c: number, v: number, ixfe = 0): number[] => rec(0x027e, [...cellHead(r, c, ixfe), ...le32(v)]);
const labelSst = (r: number, c: number, i: number): number[] => rec(0x00fd, [...cellHead(r, c, 0), ...le32(i)]);
const formula = (r: number, c: number, value: number[], rgce: number[], ixfe = 0): number[] =>
  rec(0x0006, [...cellHead(r, c, ixfe), ...value, 0, 0, 0, 0, 0, 0, ...le16(rgce.length), ...rgce]);
/** A formula's cached non-number result: type 0 string (STRING follows), 1 bool, 2 error. */
const special = (type: number, v = 0): number[] => [type, 0, v, 0, 0, 0, 0xff, 0xff];
const ptgRef = (r: number, c: number): number[] => [0x44, ...le16(r), ...le16(c | 0xc000)];
const ptgInt = (n: number): number[] => [0x1e, ...le16(n)];

interface SheetSpec {
  readonly name: string;
  readonly state?: number;
  readonly records: number[][];
}

/** A Workbook stream: globals (BOF, formats, sheets, SST, extra records, EOF), then each sheet. */
function biff(sheets: SheetSpec[], extra: number[][] = [], strings: string[] = [], version = 0x0600): number[] {
  const globals = (offsets: number[]): number[] => [
    ...bof(0x0005, version),
    ...format(164, "0.0"),
    ...[0, 10, 164, 14, 2].flatMap(xf),
    ...sheets.flatMap((s, i) =>
      rec(0x0085, [...le32(offsets[i]), s.state ?? 0, 0, s.name.length, 1, ...chars(s.name, true)]),
    ),
    ...extra.flat(),
    ...(strings.length ? sst(strings) : []),
    ...eof(),
  ];
  let at = globals(sheets.map(() => 0)).length;
  const offsets = sheets.map((s) => {
    const o = at;
    at += [...bof(0x0010), ...s.records.flat(), ...eof()].length;
    return o;
  });
  return [...globals(offsets), ...sheets.flatMap((s) => [...bof(0x0010), ...s.records.flat(), ...eof()])];
}

const FREE = 0xffffffff;
const END = 0xfffffffe;

/**
 * A version-3 compound file: sector 0 the FAT, 1 the directory, then (for streams under 4096 bytes) the
 * mini FAT and the mini stream, then the other streams. Each stream is the root's child chain.
 */
function compound(streams: { name: string; data: number[] | Uint8Array }[]): Buffer {
  const sectors: Buffer[] = [Buffer.alloc(512), Buffer.alloc(512)];
  const fat: number[] = [0xfffffffd, END];
  const chainOf = (bytes: Buffer): number => {
    const first = sectors.length;
    for (let i = 0; i < bytes.length; i += 512) {
      const s = Buffer.alloc(512);
      bytes.copy(s, 0, i, Math.min(i + 512, bytes.length));
      sectors.push(s);
      fat.push(i + 512 >= bytes.length ? END : sectors.length);
    }
    return first;
  };
  const mini = streams.filter((s) => s.data.length < 4096);
  const miniFat: number[] = [];
  const miniData: Buffer[] = [];
  const starts = new Map<string, number>();
  for (const s of mini) {
    starts.set(s.name, miniFat.length);
    const n = Math.ceil(s.data.length / 64);
    for (let i = 0; i < n; i++) miniFat.push(i === n - 1 ? END : miniFat.length + 1);
    const padded = Buffer.alloc(n * 64);
    Buffer.from(s.data).copy(padded);
    miniData.push(padded);
  }
  const miniStream = Buffer.concat(miniData);
  const miniFatStart = mini.length ? chainOf(Buffer.from(miniFat.flatMap(le32))) : END;
  const miniStart = mini.length ? chainOf(miniStream) : END;
  for (const s of streams) if (s.data.length >= 4096) starts.set(s.name, chainOf(Buffer.from(s.data)));
  const entry = (name: string, type: number, right: number, child: number, start: number, size: number): Buffer => {
    const e = Buffer.alloc(128);
    e.write(name, 0, "utf16le");
    e.writeUInt16LE((name.length + 1) * 2, 64);
    e[66] = type;
    e.writeUInt32LE(FREE, 68);
    e.writeUInt32LE(right, 72);
    e.writeUInt32LE(child, 76);
    e.writeUInt32LE(start, 116);
    e.writeUInt32LE(size, 120);
    return e;
  };
  const dir = [entry("Root Entry", 5, FREE, streams.length ? 1 : FREE, miniStart, miniStream.length)];
  streams.forEach((s, i) =>
    dir.push(
      entry(s.name, 2, i + 1 < streams.length ? i + 2 : FREE, FREE, starts.get(s.name) as number, s.data.length),
    ),
  );
  Buffer.concat(dir).copy(sectors[1]);
  for (let i = 0; i < 128; i++) sectors[0].writeUInt32LE(fat[i] ?? FREE, i * 4);
  const header = Buffer.alloc(512);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header);
  header.writeUInt16LE(0x3e, 24);
  header.writeUInt16LE(3, 26);
  header.writeUInt16LE(0xfffe, 28);
  header.writeUInt16LE(9, 30);
  header.writeUInt16LE(6, 32);
  header.writeUInt32LE(1, 44);
  header.writeUInt32LE(1, 48);
  header.writeUInt32LE(4096, 56);
  header.writeUInt32LE(miniFatStart, 60);
  header.writeUInt32LE(mini.length ? 1 : 0, 64);
  header.writeUInt32LE(END, 68);
  for (let i = 0; i < 109; i++) header.writeUInt32LE(i === 0 ? 0 : FREE, 76 + i * 4);
  return Buffer.concat([header, ...sectors]);
}

const xls = (sheets: SheetSpec[], extra: number[][] = [], strings: string[] = []): Buffer =>
  compound([{ name: "Workbook", data: biff(sheets, extra, strings) }]);

function workbook(result: XlsResult): WorkbookGrid {
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
  return result.workbook;
}
const sheet1 = (result: XlsResult): SheetGrid => workbook(result).sheets[0];

// ---------------------------------------------------------------------------------------------------

describe("readXlsGrid on hand-built BIFF8", () => {
  test("numbers, RK encodings, MULRK, shared strings and number formats", () => {
    const s = sheet1(
      readXlsGrid(
        xls(
          [
            {
              name: "表一",
              records: [
                num(0, 0, 0.125, 1),
                rk(1, 0, (1234 << 2) | 2), // integer
                rk(1, 1, (1234 << 2) | 3), // integer ÷ 100
                rk(1, 2, 0x3ff80000), // top 30 bits of the double 1.5
                rk(1, 3, 0x3ff80000 | 1), // 1.5 ÷ 100
                rk(1, 4, (-7 << 2) | 2), // a negative integer
                rec(0x00bd, [
                  ...le16(2),
                  ...le16(3),
                  ...le16(2),
                  ...le32((5 << 2) | 2),
                  ...le16(0),
                  ...le32((6 << 2) | 2),
                  ...le16(4),
                ]),
                labelSst(3, 0, 1),
                num(4, 0, 1.25, 4),
              ],
            },
          ],
          [],
          ["首个", "项目名称"],
        ),
      ),
    );
    expect(s.cell(0, 0)).toEqual({ value: 0.125, numberFormat: "0.00%" });
    expect([0, 1, 2, 3, 4].map((c) => s.cell(1, c)?.value)).toEqual([1234, 12.34, 1.5, 0.015, -7]);
    expect(s.cell(2, 3)).toEqual({ value: 5, numberFormat: "0.0" });
    expect(s.cell(2, 4)).toEqual({ value: 6 });
    expect(s.cell(3, 0)?.value).toBe("项目名称");
    expect(s.cell(4, 0)).toEqual({ value: 1.25, numberFormat: "0.00" });
    expect(s.rowCount).toBe(5);
  });

  test("an SST string split across a CONTINUE record, switching from compressed to UTF-16", () => {
    const text = "Total: 合计";
    const sstRecords = [
      rec(0x00fc, [
        ...le32(3),
        ...le32(3),
        ...le16(2),
        0,
        ...chars("ab", false),
        ...le16(text.length),
        0,
        ...chars("Total: ", false),
      ]),
      // The CONTINUE starts inside the second string: its first byte says the rest is UTF-16. The third
      // string is rich text (flags 0x09): one formatting run of 4 bytes after its characters.
      rec(0x003c, [1, ...chars("合计", true), ...le16(1), 0x09, ...le16(1), ...chars("末", true), ...le32(0)]),
    ];
    const s = sheet1(
      readXlsGrid(xls([{ name: "S", records: [labelSst(0, 0, 0), labelSst(0, 1, 1), labelSst(0, 2, 2)] }], sstRecords)),
    );
    expect([0, 1, 2].map((c) => s.cell(0, c)?.value)).toEqual(["ab", text, "末"]);
  });

  test("formulas: cached number, string (STRING record), boolean, error; text decompiled", () => {
    const s = sheet1(
      readXlsGrid(
        xls([
          {
            name: "S",
            records: [
              num(0, 0, 4),
              formula(0, 1, f64le(5), [...ptgRef(0, 0), ...ptgInt(1), 0x03]),
              formula(1, 1, special(0), [0x17, 2, 1, ...chars("合计", true)]),
              rec(0x0207, [...le16(2), 1, ...chars("合计", true)]),
              formula(2, 1, special(1, 1), [0x1d, 1]),
              formula(3, 1, special(2, 0x07), [...ptgRef(0, 0), ...ptgInt(0), 0x06]),
              rec(0x0205, [...cellHead(4, 1, 0), 0x2a, 1]),
              rec(0x0205, [...cellHead(5, 1, 0), 1, 0]),
              // SUM(A1:A2) via tAttrSum, and ROUND(A1,2) via PtgFunc with its fixed argument count.
              formula(6, 1, f64le(4), [
                0x25,
                ...le16(0),
                ...le16(1),
                ...le16(0xc000),
                ...le16(0xc000),
                0x19,
                0x10,
                0,
                0,
              ]),
              formula(7, 1, f64le(4), [...ptgRef(0, 0), ...ptgInt(2), 0x41, ...le16(27)]),
            ],
          },
        ]),
      ),
    );
    expect(s.cell(0, 1)).toEqual({ value: 5, formula: "A1+1" });
    expect(s.cell(1, 1)).toEqual({ value: "合计", formula: '"合计"' });
    expect(s.cell(2, 1)).toEqual({ value: true, formula: "TRUE" });
    expect(s.cell(3, 1)).toEqual({ value: "#DIV/0!", formula: "A1/0", isError: true });
    expect(s.cell(4, 1)).toEqual({ value: "#N/A", isError: true });
    expect(s.cell(5, 1)).toEqual({ value: true });
    expect(s.cell(6, 1)?.formula).toBe("SUM(A1:A2)");
    expect(s.cell(7, 1)?.formula).toBe("ROUND(A1,2)");
  });

  test("shared formulas, IFERROR as an add-in name, defined names and sheet states", () => {
    const refN = [0x4c, ...le16(0xffff), ...le16(0xc001)]; // one row up, one column right
    const ifError = [0x59, ...le16(1), ...le32(1), ...ptgRef(0, 0), ...ptgInt(0), 0x42, 3, ...le16(0xff)];
    const area3d = (ixti: number): number[] => [0x3b, ...le16(ixti), ...le16(0), ...le16(1), ...le16(0), ...le16(1)];
    const name = (text: string, itab: number, rgce: number[]): number[] =>
      rec(0x0018, [
        0,
        0,
        0,
        text.length,
        ...le16(rgce.length),
        0,
        0,
        ...le16(itab),
        0,
        0,
        0,
        0,
        0,
        ...chars(text, false),
        ...rgce,
      ]);
    const extra = [
      rec(0x01ae, [...le16(2), 0x01, 0x04]), // this workbook's SUPBOOK
      rec(0x01ae, [...le16(1), 0x01, 0x3a]), // add-in functions
      rec(0x0023, [0, 0, 0, 0, 0, 0, 13, 0, ...chars("_xlfn.IFERROR", false), ...le16(0)]),
      rec(0x0017, [...le16(2), ...le16(0), ...le16(0), ...le16(0), ...le16(1), ...le16(0xfffe), ...le16(0xfffe)]),
      name("zpb_total_1", 0, area3d(0)),
      name("local", 2, area3d(0)),
    ];
    const book = workbook(
      readXlsGrid(
        xls(
          [
            {
              name: "自评表",
              records: [
                num(0, 1, 3),
                formula(1, 0, f64le(3), [0x01, ...le16(1), ...le16(0)]),
                rec(0x04bc, [...le16(1), ...le16(2), 0, 0, 0, 2, ...le16(refN.length), ...refN]),
                formula(2, 0, f64le(0), [0x01, ...le16(1), ...le16(0)]),
                formula(3, 0, f64le(0), ifError),
                rec(0x00e5, [...le16(1), ...le16(5), ...le16(6), ...le16(0), ...le16(3)]),
              ],
            },
            { name: "Hidden sheet", state: 1, records: [] },
            { name: "vh", state: 2, records: [] },
          ],
          extra,
        ),
      ),
    );
    const s = book.sheets[0];
    expect(s.cell(1, 0)?.formula).toBe("B1");
    expect(s.cell(2, 0)?.formula).toBe("B2");
    expect(s.cell(3, 0)?.formula).toBe("IFERROR(A1,0)");
    expect(s.merges).toEqual([{ from: { row: 5, col: 0 }, to: { row: 6, col: 3 } }]);
    expect(book.sheets.map((x) => [x.name, x.state])).toEqual([
      ["自评表", "visible"],
      ["Hidden sheet", "hidden"],
      ["vh", "veryHidden"],
    ]);
    expect(book.definedNames).toEqual([
      { name: "zpb_total_1", scope: null, ref: "自评表!$A$1:$B$2" },
      { name: "local", scope: "Hidden sheet", ref: "自评表!$A$1:$B$2" },
    ]);
  });

  test("dates in a 1904 workbook are given in the 1900 system, as the .xlsx reader gives them", () => {
    const s = sheet1(
      readXlsGrid(xls([{ name: "S", records: [num(0, 0, 100, 3), num(0, 1, 100)] }], [rec(0x0022, le16(1))])),
    );
    expect(s.cell(0, 0)).toEqual({ value: 1562, numberFormat: "mm-dd-yy" });
    expect(s.cell(0, 1)).toEqual({ value: 100 });
  });

  test("an embedded chart's BOF…EOF inside a sheet does not end the sheet", () => {
    const s = sheet1(
      readXlsGrid(xls([{ name: "S", records: [num(0, 0, 1), bof(0x0020), num(9, 9, 9), eof(), num(1, 0, 2)] }])),
    );
    expect([s.cell(0, 0)?.value, s.cell(9, 9), s.cell(1, 0)?.value]).toEqual([1, undefined, 2]);
  });

  test("a stream of 4096 bytes or more is read from regular sectors", () => {
    const records = Array.from({ length: 400 }, (_, i) => num(i, 0, i));
    const stream = biff([{ name: "S", records }]);
    expect(stream.length).toBeGreaterThan(4096);
    const s = sheet1(readXlsGrid(compound([{ name: "Workbook", data: stream }])));
    expect(s.cell(399, 0)?.value).toBe(399);
  });
});

describe("readXlsGrid refuses what it cannot read", () => {
  const fail = (r: XlsResult): { code: string; message: string } =>
    r.ok ? { code: "OK", message: "" } : { code: r.code, message: r.message };

  test("FILEPASS → ENCRYPTED", () => {
    expect(fail(readXlsGrid(xls([{ name: "S", records: [] }], [rec(0x002f, [1, 0, 1, 0])])))).toEqual({
      code: "ENCRYPTED",
      message: "工作簿设有打开密码（已加密），无法读取；请在 Excel 中取消密码后另存再检查",
    });
  });

  test("a BIFF5 (Excel 95) BOF, or a BIFF4 one → LEGACY_XLS", () => {
    const biff5 = compound([{ name: "Book", data: biff([{ name: "S", records: [] }], [], [], 0x0500) }]);
    expect(fail(readXlsGrid(biff5))).toEqual({
      code: "LEGACY_XLS",
      message: "这是 Excel 95 或更早的工作簿，无法读取；请用 Excel 打开后另存为 .xlsx 再检查",
    });
    const biff4 = compound([{ name: "Book", data: rec(0x0409, [0, 0, 0x10, 0, 0, 0]) }]);
    expect(fail(readXlsGrid(biff4)).code).toBe("LEGACY_XLS");
  });

  test("a truncated record, a record that overruns, a bad SST index, a lying MULRK → DAMAGED", () => {
    const good = biff([{ name: "S", records: [num(0, 0, 1)] }], [], ["a"]);
    const cut = compound([{ name: "Workbook", data: good.slice(0, good.length - 6) }]);
    expect(fail(readXlsGrid(cut))).toEqual({
      code: "DAMAGED",
      message: expect.stringMatching(/^文件已损坏，无法读取（.*截断/),
    });
    const short = xls([{ name: "S", records: [rec(0x0203, [0, 0, 0, 0])] }]);
    expect(fail(readXlsGrid(short)).code).toBe("DAMAGED");
    const badSst = xls([{ name: "S", records: [labelSst(0, 0, 5)] }], [], ["a"]);
    expect(fail(readXlsGrid(badSst)).message).toContain("共享字符串 5");
    const mulrk = xls([{ name: "S", records: [rec(0x00bd, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ...le16(9)])] }]);
    expect(fail(readXlsGrid(mulrk)).code).toBe("DAMAGED");
    const sstOverrun = xls([{ name: "S", records: [] }], [rec(0x00fc, [...le32(1), ...le32(1), ...le16(50), 0, 0x41])]);
    expect(fail(readXlsGrid(sstOverrun)).code).toBe("DAMAGED");
  });

  test("a cyclic FAT chain or directory tree → DAMAGED, not a hang", () => {
    const stream = biff([{ name: "S", records: Array.from({ length: 400 }, (_, i) => num(i, 0, i)) }]);
    const file = compound([{ name: "Workbook", data: stream }]);
    // The stream starts at sector 2; point its third sector back at its first.
    file.writeUInt32LE(2, 512 + 4 * 4);
    expect(fail(readXlsGrid(file)).message).toContain("循环");
    const tree = compound([{ name: "Workbook", data: biff([{ name: "S", records: [] }]) }]);
    tree.writeUInt32LE(1, 1024 + 128 + 72); // the stream's right sibling is itself
    expect(fail(readXlsGrid(tree)).message).toContain("循环");
  });

  test("sheets reading more records than the stream has (one sheet pointed at twice) → DAMAGED", () => {
    const stream = biff([
      { name: "A", records: Array.from({ length: 50 }, (_, i) => num(i, 0, i)) },
      { name: "B", records: [num(0, 0, 2)] },
    ]);
    const offsets: number[] = [];
    for (let at = 0; at < stream.length; at += 4 + stream[at + 2] + (stream[at + 3] << 8))
      if (stream[at] === 0x85 && stream[at + 1] === 0) offsets.push(at + 4);
    stream.splice(offsets[1], 4, ...stream.slice(offsets[0], offsets[0] + 4));
    expect(fail(readXlsGrid(compound([{ name: "Workbook", data: stream }]))).message).toContain("重叠");
  });

  test("more cells than maxCells → TOO_LARGE", () => {
    const file = xls([{ name: "S", records: [num(0, 0, 1), num(0, 1, 1), num(0, 2, 1)] }]);
    expect(fail(readXlsGrid(file, { maxCells: 2 })).code).toBe("TOO_LARGE");
    expect(readXlsGrid(file, { maxCells: 3 }).ok).toBe(true);
  });

  test("a compound file without a Workbook stream, or not a compound file → DAMAGED", () => {
    expect(fail(readXlsGrid(compound([{ name: "Other", data: [1, 2, 3] }]))).code).toBe("DAMAGED");
    expect(fail(readXlsGrid(Buffer.from("not a compound file"))).code).toBe("DAMAGED");
  });
});

// ---------------------------------------------------------------------------------------------------
// Real .xls files: LibreOffice writes the same workbooks as .xls and as .xlsx; both readers must agree.

const root = path.join(__dirname, "..", "..");
const gate = sofficeGate("xls reader against LibreOffice");
if (gate.missingUnderCi) {
  test("LibreOffice is installed (scripts/ensure-deps.sh)", () => {
    throw new Error("soffice is missing under CI: scripts/ensure-deps.sh installs libreoffice-calc-nogui");
  });
}

(gate.run ? describe : describe.skip)("readXlsGrid against the .xlsx reader on LibreOffice's output", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "xls-test-"));
  const pairs: { name: string; xls: string; xlsx: string }[] = [];

  beforeAll(() => {
    const template = path.join(dir, "src", "模板.xlsx");
    fs.mkdirSync(path.dirname(template), { recursive: true });
    execFileSync(process.execPath, [path.join(root, "bin", "zpb.js"), "template", "--year", "2024", "--out", template]);
    const examples = fs
      .readdirSync(path.join(root, "examples"))
      .filter((f) => f.endsWith(".xlsx") && f !== "已损坏.xlsx")
      .map((f) => path.join(root, "examples", f));
    const sources = [template, ...examples];
    const xlsFiles = convertWith(sources, "xls:MS Excel 97", path.join(dir, "xls"));
    const xlsxFiles = convertWith(sources, "xlsx", path.join(dir, "xlsx"));
    sources.forEach((s, i) => pairs.push({ name: path.basename(s), xls: xlsFiles[i], xlsx: xlsxFiles[i] }));
  }, 300_000);

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("every cell value, formula, percent format, error flag, merge, sheet and name agrees", async () => {
    expect(pairs.length).toBeGreaterThanOrEqual(4);
    let formulas = 0;
    for (const pair of pairs) {
      const x = workbook(readXlsGrid(fs.readFileSync(pair.xls)));
      const y = await readWorkbookFile(pair.xlsx);
      if (!y.ok) throw new Error(y.error.message);
      const diffs: string[] = [];
      const sheets = (w: WorkbookGrid): string[] => w.sheets.map((s) => `${s.name}/${s.state}`);
      expect(sheets(x)).toEqual(sheets(y.workbook));
      x.sheets.forEach((a, i) => {
        const b = y.workbook.sheets[i];
        for (let r = 0; r < Math.max(a.rowCount, b.rowCount); r++) {
          for (let c = 0; c < Math.max(a.colCount, b.colCount); c++) {
            const p = a.cell(r, c);
            const q = b.cell(r, c);
            const at = `${pair.name} ${a.name}!R${r + 1}C${c + 1}`;
            const pv = p?.value ?? null;
            const qv = q?.value ?? null;
            const blank = (v: unknown): boolean => v === null || v === "";
            if (p?.formula !== undefined) formulas++;
            if ((p?.formula ?? "").replace(/\s/g, "") !== (q?.formula ?? "").replace(/\s/g, ""))
              diffs.push(`${at} formula ${p?.formula} ≠ ${q?.formula}`);
            if (blank(pv) && blank(qv)) continue;
            // LibreOffice writes a formula's not-yet-computed "" result into .xls as the number 0.
            if (p?.formula !== undefined && pv === 0 && qv === "") continue;
            const same =
              typeof pv === "number" && typeof qv === "number"
                ? Math.abs(pv - qv) <= 1e-12 * Math.max(1, Math.abs(qv)) // .xlsx keeps 15–17 digits
                : pv === qv;
            if (!same) diffs.push(`${at} value ${JSON.stringify(pv)} ≠ ${JSON.stringify(qv)}`);
            if ((p?.numberFormat ?? "").includes("%") !== (q?.numberFormat ?? "").includes("%"))
              diffs.push(`${at} format ${p?.numberFormat} ≠ ${q?.numberFormat}`);
            if (!!p?.isError !== !!q?.isError) diffs.push(`${at} error flag`);
          }
        }
        const merges = (s: SheetGrid): string[] =>
          s.merges.map((m) => `${m.from.row},${m.from.col}:${m.to.row},${m.to.col}`).sort();
        expect(merges(a)).toEqual(merges(b));
      });
      // LibreOffice adds `_xlnm_Print_Area` copies to an .xlsx; the names that matter are the others.
      const names = (w: WorkbookGrid): string[] =>
        w.definedNames
          .filter((n) => !n.name.startsWith("_xlnm"))
          .map((n) => `${n.name}|${n.scope}|${n.ref}`)
          .sort();
      expect(names(x)).toEqual(names(y.workbook));
      expect(diffs).toEqual([]);
    }
    expect(formulas).toBeGreaterThan(20);
  });

  test("the template read back from .xls: its form names, fields and computed cells are found", () => {
    const x = workbook(readXlsGrid(fs.readFileSync(pairs[0].xls)));
    expect(x.definedNames.find((n) => n.name === "zpb_projectName_1")).toEqual({
      name: "zpb_projectName_1",
      scope: null,
      ref: "自评表!$C$3",
    });
    const [read] = readStandardForms(x);
    expect(read.missing).toEqual([]);
    expect(read.form.header.projectName.at).toEqual({ row: 2, col: 2 });
    // Computed cells keep their formulas: none reads as a value typed over a formula.
    expect("overwritten" in read.form ? read.form.overwritten : []).toEqual([]);
  });

  test("damaged copies of a real .xls never throw", () => {
    const bytes = fs.readFileSync(pairs[1].xls);
    let seed = 7;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const codes = new Set<string>();
    for (let i = 0; i < 300; i++) {
      const copy = Buffer.from(bytes);
      if (i % 3 === 0) {
        const r = readXlsGrid(copy.subarray(0, 512 + rand(copy.length - 512)));
        codes.add(r.ok ? "OK" : r.code);
        continue;
      }
      for (let k = 0; k < 1 + rand(8); k++) copy[rand(copy.length)] = rand(256);
      const r = readXlsGrid(copy);
      codes.add(r.ok ? "OK" : r.code);
    }
    expect(codes.has("DAMAGED")).toBe(true);
  });
});
