import ExcelJS from "exceljs";
import { unzipSync, zipSync, strToU8, strFromU8 } from "fflate";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as zlib from "zlib";
// The module object itself (not a namespace copy), so that a spy on it is seen by the reader.
import zlibModule from "zlib";
import { prng } from "../../test/prng";
import type { SheetGrid, WorkbookGrid } from "../layout/grid";
import { decodeXString, readWorkbookBuffer, readWorkbookFile, shiftFormula, type ReadResult } from "./fast-reader";
import { isDateFormat } from "./number-formats";

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "zpb-fast-reader-"));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const file = (name: string, data: string | Uint8Array): string => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, data);
  return p;
};

function ok(r: ReadResult): WorkbookGrid {
  if (!r.ok) throw new Error(`expected a workbook, got ${r.error.code}: ${r.error.message}`);
  return r.workbook;
}

function sheet(wb: WorkbookGrid, name: string): SheetGrid {
  const s = wb.sheets.find((x) => x.name === name);
  if (!s) throw new Error(`no sheet ${name}`);
  return s;
}

/** A1 → the cell, for readable expectations. */
const at = (s: SheetGrid, a1: string) => {
  const m = /^([A-Z]+)(\d+)$/.exec(a1);
  if (!m) throw new Error(a1);
  let col = 0;
  for (const ch of m[1]) col = col * 26 + ch.charCodeAt(0) - 64;
  return s.cell(Number(m[2]) - 1, col - 1);
};

const CHINESE = /[\u4e00-\u9fff]/;

function expectError(r: ReadResult, code: string): string {
  expect(r.ok).toBe(false);
  if (r.ok) return "";
  expect(r.error.code).toBe(code);
  expect(r.error.message).toMatch(CHINESE);
  return r.error.message;
}

// ---------------------------------------------------------------------------------------------------
// Workbooks built with ExcelJS

async function excelJsWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("自评表");
  ws.mergeCells("A1:I1");
  ws.getCell("A1").value = "项目支出绩效自评表（2023年度）";
  ws.getCell("A2").value = "项目名称";
  ws.getCell("C2").value = "群团改革专项 & <职工> \"培训\" 'A'";
  ws.mergeCells("C2:I2");
  ws.getCell("A3").value = 42;
  ws.getCell("B3").value = -1234.5678;
  ws.getCell("C3").value = 0.9985;
  ws.getCell("C3").numFmt = "0.00%";
  ws.getCell("D3").value = 9.987;
  ws.getCell("D3").numFmt = "0.00";
  ws.getCell("E3").value = 1500000;
  ws.getCell("E3").numFmt = '#,##0.00"元"';
  ws.getCell("F3").value = 0.5;
  ws.getCell("F3").numFmt = "0%";
  ws.getCell("G3").value = true;
  ws.getCell("H3").value = false;
  ws.getCell("I3").value = new Date(Date.UTC(2023, 11, 31));
  ws.getCell("A4").value = { formula: "A3*2", result: 84 };
  ws.getCell("B4").value = { formula: "1/0", result: { error: "#DIV/0!" } };
  ws.getCell("C4").value = { error: "#N/A" };
  ws.getCell("D4").value = { formula: 'A2&"（续）"', result: "项目名称（续）" };
  ws.getCell("E4").value = { richText: [{ text: "≥ 95" }, { text: "%", font: { bold: true } }, { text: "（年度）" }] };
  ws.getCell("F4").value = { formula: "SUM(A3:B3)" };
  ws.mergeCells("B6:C7");
  ws.getCell("B6").value = "合并";
  // A shared formula filled down C10:C12 from B10:B12.
  ws.getCell("B10").value = 1;
  ws.getCell("B11").value = 2;
  ws.getCell("B12").value = 3;
  // shareType and ref are in ExcelJS's model but not in its typings.
  ws.getCell("C10").value = {
    formula: "B10*2+$A$3",
    shareType: "shared",
    ref: "C10:C12",
    result: 44,
  } as ExcelJS.CellFormulaValue;
  ws.getCell("C11").value = { sharedFormula: "C10", result: 46 };
  ws.getCell("C12").value = { sharedFormula: "C10", result: 48 };
  ws.pageSetup.printArea = "A1:I20";

  const hidden = wb.addWorksheet("隐藏");
  hidden.state = "hidden";
  hidden.getCell("A1").value = "hidden";
  const template = wb.addWorksheet("模板");
  template.state = "veryHidden";
  template.getCell("B2").value = "sh-district-2023";

  wb.definedNames.add("'自评表'!$C$2", "zpb_projectName_1");
  wb.definedNames.add("'模板'!$B$2", "zpb_template");
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Rewrites parts of a zip: `edit` gets the parts by name and returns the new ones. */
function rezip(buf: Uint8Array, edit: (parts: Record<string, Uint8Array>) => Record<string, Uint8Array>): Buffer {
  return Buffer.from(zipSync(edit(unzipSync(buf))));
}

/** Adds a sheet-local name to workbook.xml (ExcelJS writes local names only for print areas). */
function withLocalName(buf: Buffer): Buffer {
  return rezip(buf, (parts) => {
    const xml = strFromU8(parts["xl/workbook.xml"]).replace(
      "</definedNames>",
      `<definedName name="本表名称" localSheetId="1">'隐藏'!$A$1</definedName></definedNames>`,
    );
    return { ...parts, "xl/workbook.xml": strToU8(xml) };
  });
}

describe("a workbook written by ExcelJS", () => {
  let wb: WorkbookGrid;
  let s: SheetGrid;
  beforeAll(async () => {
    wb = ok(await readWorkbookFile(file("exceljs.xlsx", withLocalName(await excelJsWorkbook()))));
    s = sheet(wb, "自评表");
  });

  test("sheets in order, with their states", () => {
    expect(wb.sheets.map((x) => [x.name, x.state])).toEqual([
      ["自评表", "visible"],
      ["隐藏", "hidden"],
      ["模板", "veryHidden"],
    ]);
    expect(at(sheet(wb, "模板"), "B2")).toEqual({ value: "sh-district-2023" });
  });

  test("defined names: workbook-wide and local to a sheet", () => {
    expect(wb.definedNames).toEqual(
      expect.arrayContaining([
        { name: "zpb_projectName_1", scope: null, ref: "'自评表'!$C$2" },
        { name: "zpb_template", scope: null, ref: "'模板'!$B$2" },
        { name: "本表名称", scope: "隐藏", ref: "'隐藏'!$A$1" },
        // ExcelJS writes print areas with relative rows; the ref is kept as written.
        { name: "_xlnm.Print_Area", scope: "自评表", ref: "'自评表'!$A1:$I20" },
      ]),
    );
    expect(wb.definedNames).toHaveLength(4);
  });

  test("text: Chinese, entities, rich text runs concatenated", () => {
    expect(at(s, "A1")).toEqual({ value: "项目支出绩效自评表（2023年度）" });
    expect(at(s, "C2")).toEqual({ value: "群团改革专项 & <职工> \"培训\" 'A'" });
    expect(at(s, "E4")).toEqual({ value: "≥ 95%（年度）" });
  });

  test("numbers with their formats; General has none", () => {
    expect(at(s, "A3")).toEqual({ value: 42 });
    expect(at(s, "B3")).toEqual({ value: -1234.5678 });
    expect(at(s, "C3")).toEqual({ value: 0.9985, numberFormat: "0.00%" });
    expect(at(s, "D3")).toEqual({ value: 9.987, numberFormat: "0.00" });
    expect(at(s, "E3")).toEqual({ value: 1500000, numberFormat: '#,##0.00"元"' });
    expect(at(s, "F3")).toEqual({ value: 0.5, numberFormat: "0%" });
  });

  test("booleans and a date (its serial number and format)", () => {
    expect(at(s, "G3")).toEqual({ value: true });
    expect(at(s, "H3")).toEqual({ value: false });
    const date = at(s, "I3");
    expect(date?.value).toBe(45291); // 2023-12-31
    expect(isDateFormat(date?.numberFormat ?? "")).toBe(true);
  });

  test("formulas keep their text and cached result; errors are flagged", () => {
    expect(at(s, "A4")).toEqual({ value: 84, formula: "A3*2" });
    expect(at(s, "B4")).toEqual({ value: "#DIV/0!", formula: "1/0", isError: true });
    expect(at(s, "C4")).toEqual({ value: "#N/A", isError: true });
    expect(at(s, "D4")).toEqual({ value: "项目名称（续）", formula: 'A2&"（续）"' });
    expect(at(s, "F4")).toEqual({ value: null, formula: "SUM(A3:B3)" });
  });

  test("shared formulas: the master as written, dependents translated to their row", () => {
    expect(at(s, "C10")).toEqual({ value: 44, formula: "B10*2+$A$3" });
    expect(at(s, "C11")).toEqual({ value: 46, formula: "B11*2+$A$3" });
    expect(at(s, "C12")).toEqual({ value: 48, formula: "B12*2+$A$3" });
  });

  test("merged ranges, and extents one past the last used cell", () => {
    expect(s.merges).toEqual([
      { from: { row: 0, col: 0 }, to: { row: 0, col: 8 } },
      { from: { row: 1, col: 2 }, to: { row: 1, col: 8 } },
      { from: { row: 5, col: 1 }, to: { row: 6, col: 2 } },
    ]);
    expect([s.rowCount, s.colCount]).toEqual([12, 9]);
    expect(at(s, "A5")).toBeUndefined();
  });

  test("every cell ExcelJS reads back is read the same", async () => {
    const ref = new ExcelJS.Workbook();
    await ref.xlsx.load((await excelJsWorkbook()) as unknown as ExcelJS.Buffer);
    let compared = 0;
    ref.eachSheet((ws) => {
      const mine = sheet(wb, ws.name);
      ws.eachRow((row, r) =>
        row.eachCell((c, col) => {
          const cell = mine.cell(r - 1, col - 1);
          const v = c.value as unknown;
          if (c.isMerged && c.master !== c) return;
          compared++;
          if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") expect(cell?.value).toBe(v);
          else if (v instanceof Date) expect(cell?.value).toBe(v.getTime() / 86400000 + 25569);
          else if (v && typeof v === "object" && "richText" in v)
            expect(cell?.value).toBe((v as ExcelJS.CellRichTextValue).richText.map((x) => x.text).join(""));
          else if (v && typeof v === "object" && ("formula" in v || "sharedFormula" in v)) {
            expect(cell?.formula).toBeDefined();
            const result = (v as ExcelJS.CellFormulaValue).result;
            if (result !== undefined && typeof result !== "object") expect(cell?.value).toBe(result);
          } else if (v && typeof v === "object" && "error" in v)
            expect(cell).toEqual({ value: (v as ExcelJS.CellErrorValue).error, isError: true });
        }),
      );
    });
    expect(compared).toBeGreaterThan(25);
  });
});

// ---------------------------------------------------------------------------------------------------
// Hand-written packages: what other producers write

const SML = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships";

function packageOf(parts: Record<string, string>): Buffer {
  const all: Record<string, string> = {
    "[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
    "_rels/.rels": `<?xml version="1.0"?><Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ...parts,
  };
  return Buffer.from(zipSync(Object.fromEntries(Object.entries(all).map(([k, v]) => [k, strToU8(v)]))));
}

describe("a package from another producer", () => {
  // Prefixed SpreadsheetML (x:), an unusual relationship prefix, attributes in odd orders, a BOM,
  // absolute relationship targets, inline strings, CDATA, character references, _xHHHH_ escapes.
  const workbook =
    "\uFEFF" +
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<x:workbook xmlns:x="${SML}" xmlns:ns9="${REL}">
  <x:workbookPr date1904="1"/>
  <x:sheets>
    <x:sheet ns9:id="rIdB" sheetId="7" name="数据 &amp; 说明"/>
    <x:sheet state="veryHidden" name="Meta" ns9:id="rIdA" sheetId="3"/>
  </x:sheets>
  <x:definedNames>
    <x:definedName localSheetId="0" name="区域">'数据 &amp; 说明'!$A$1:$C$3</x:definedName>
    <x:definedName name="总计"><![CDATA[Meta!$B$1]]></x:definedName>
    <x:definedName localSheetId="9" name="dangling">#REF!</x:definedName>
  </x:definedNames>
</x:workbook>`;
  const rels = `<Relationships xmlns="${PKG_REL}">
  <Relationship Target="/xl/worksheets/data.xml" Type="${REL}/worksheet" Id="rIdB"/>
  <Relationship Id="rIdA" Type="${REL}/worksheet" Target="worksheets/../worksheets/meta.xml"/>
  <Relationship Id="rIdS" Type="${REL}/sharedStrings" Target="strings.xml"/>
  <Relationship Id="rIdT" Type="${REL}/styles" Target="styles.xml"/>
  <Relationship Id="rIdX" Type="${REL}/hyperlink" Target="http://example.com/" TargetMode="External"/>
</Relationships>`;
  const strings = `<sst xmlns="${SML}" count="4" uniqueCount="4">
  <si><t>第一行_x000D_第二行</t></si>
  <si><r><rPr><b/></rPr><t xml:space="preserve">加粗 </t></r><r><t>普通</t></r><rPh sb="0" eb="1"><t>ふりがな</t></rPh></si>
  <si><t>literal _x005F_x000D_ and &#x4E2D;&#25991; &lt;tag&gt;</t></si>
  <si><t/></si>
</sst>`;
  const styles = `<styleSheet xmlns="${SML}">
  <numFmts count="2"><numFmt formatCode="0.0%" numFmtId="170"/><numFmt numFmtId="171" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>
  <cellStyleXfs count="2"><xf numFmtId="0"/><xf numFmtId="10"/></cellStyleXfs>
  <cellXfs count="5"><xf numFmtId="0" xfId="0"/><xf xfId="0" numFmtId="170"/><xf numFmtId="171"/><xf numFmtId="4"/><xf numFmtId="14"/></cellXfs>
</styleSheet>`;
  const data = `<x:worksheet xmlns:x="${SML}">
  <x:sheetData>
    <x:row r="1">
      <x:c r="A1" t="s"><x:v>0</x:v></x:c>
      <x:c t="s" r="B1"><x:v>1</x:v></x:c>
      <x:c r="C1" t="s" s="0"><x:v>2</x:v></x:c>
      <x:c r="D1" t="s"><x:v>3</x:v></x:c>
    </x:row>
    <x:row>
      <x:c><x:v>1</x:v></x:c>
      <x:c s="1"><x:v>0.955</x:v></x:c>
      <x:c t="inlineStr"><x:is><x:r><x:t>内联</x:t></x:r><x:r><x:t><![CDATA[<文本> & 更多]]></x:t></x:r><x:rPh><x:t>phon</x:t></x:rPh></x:is></x:c>
      <x:c s="3"/>
      <x:c t="b"><x:v>1</x:v></x:c>
    </x:row>
    <x:row r="5" spans="1:9">
      <x:c r="B5" s="2"><x:v>43830</x:v></x:c>
      <x:c r="C5" s="4"><x:v>1</x:v></x:c>
      <x:c r="D5" t="d"><x:v>2023-12-31T00:00:00</x:v></x:c>
      <x:c r="E5" t="e"><x:f>NA()</x:f><x:v>#N/A</x:v></x:c>
      <x:c r="F5" t="str"><x:f>"a"&amp;"b"</x:f><x:v>ab_x000D_</x:v></x:c>
      <x:c r="G5" t="n" s="3"><x:v>1E3</x:v></x:c>
      <x:c r="H5"><x:f t="shared" ref="H5:J6" si="4">IF($B5&gt;0,SUM(B:B),"B5")+Meta!A1+LOG10(10)</x:f><x:v>1</x:v></x:c>
      <x:c r="I5"><x:f t="shared" si="4"/><x:v>2</x:v></x:c>
    </x:row>
    <x:row r="6">
      <x:c r="J6"><x:f t="shared" si="4"/><x:v>3</x:v></x:c>
    </x:row>
  </x:sheetData>
  <x:mergeCells count="2"><x:mergeCell ref="A1:B1"/><x:mergeCell ref="D5"/></x:mergeCells>
  <x:extLst><x:ext><xm:f xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">Z99</xm:f></x:ext></x:extLst>
</x:worksheet>`;
  const meta = `<worksheet xmlns="${SML}"><sheetData><row r="1"><c r="B1"><v>3.5</v></c></row></sheetData></worksheet>`;

  let wb: WorkbookGrid;
  beforeAll(async () => {
    wb = ok(
      await readWorkbookBuffer(
        packageOf({
          "xl/workbook.xml": workbook,
          "xl/_rels/workbook.xml.rels": rels,
          "xl/strings.xml": strings,
          "xl/styles.xml": styles,
          "xl/worksheets/data.xml": data,
          "xl/worksheets/meta.xml": meta,
          "xl/drawings/drawing1.xml": "<not even xml",
        }),
      ),
    );
  });

  test("sheets, states and names through prefixes and relationship targets", () => {
    expect(wb.sheets.map((s) => [s.name, s.state])).toEqual([
      ["数据 & 说明", "visible"],
      ["Meta", "veryHidden"],
    ]);
    expect(wb.definedNames).toEqual([
      { name: "区域", scope: "数据 & 说明", ref: "'数据 & 说明'!$A$1:$C$3" },
      { name: "总计", scope: null, ref: "Meta!$B$1" },
    ]);
    expect(at(sheet(wb, "Meta"), "B1")).toEqual({ value: 3.5 });
  });

  test("shared strings: escapes decoded, rich runs joined, phonetic runs left out", () => {
    const s = sheet(wb, "数据 & 说明");
    expect(at(s, "A1")).toEqual({ value: "第一行\r第二行" });
    expect(at(s, "B1")).toEqual({ value: "加粗 普通" });
    expect(at(s, "C1")).toEqual({ value: "literal _x000D_ and 中文 <tag>" });
    expect(at(s, "D1")).toEqual({ value: "" });
  });

  test("cells without r follow their row; inline strings; booleans; style-only cells are empty", () => {
    const s = sheet(wb, "数据 & 说明");
    expect(at(s, "A2")).toEqual({ value: 1 });
    expect(at(s, "B2")).toEqual({ value: 0.955, numberFormat: "0.0%" });
    expect(at(s, "C2")).toEqual({ value: "内联<文本> & 更多" });
    expect(at(s, "D2")).toBeUndefined();
    expect(at(s, "E2")).toEqual({ value: true });
  });

  test("1904 dates become 1900 serials; t=d, errors, string formulas, exponents", () => {
    const s = sheet(wb, "数据 & 说明");
    expect(at(s, "B5")).toEqual({ value: 43830 + 1462, numberFormat: 'yyyy"年"m"月"d"日"' });
    expect(at(s, "C5")).toEqual({ value: 1 + 1462, numberFormat: "mm-dd-yy" });
    expect(at(s, "D5")).toEqual({ value: 45291 });
    expect(at(s, "E5")).toEqual({ value: "#N/A", formula: "NA()", isError: true });
    expect(at(s, "F5")).toEqual({ value: "ab\r", formula: '"a"&"b"' });
    expect(at(s, "G5")).toEqual({ value: 1000, numberFormat: "#,##0.00" });
  });

  test("shared formulas are translated: relative refs move, $ and strings stay, functions are not refs", () => {
    const s = sheet(wb, "数据 & 说明");
    expect(at(s, "H5")?.formula).toBe('IF($B5>0,SUM(B:B),"B5")+Meta!A1+LOG10(10)');
    expect(at(s, "I5")?.formula).toBe('IF($B5>0,SUM(C:C),"B5")+Meta!B1+LOG10(10)');
    expect(at(s, "J6")?.formula).toBe('IF($B6>0,SUM(D:D),"B5")+Meta!C2+LOG10(10)');
  });

  test("merges (a one-cell merge too); extension elements are not cells", () => {
    const s = sheet(wb, "数据 & 说明");
    expect(s.merges).toEqual([
      { from: { row: 0, col: 0 }, to: { row: 0, col: 1 } },
      { from: { row: 4, col: 3 }, to: { row: 4, col: 3 } },
    ]);
    expect([s.rowCount, s.colCount]).toEqual([6, 10]);
  });

  test("a UTF-16 part with its BOM is read", async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(meta.replace("3.5", "7"), "utf16le")]);
    const parts = unzipSync(
      packageOf({
        "xl/workbook.xml": `<workbook xmlns="${SML}" xmlns:r="${REL}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`,
        "xl/_rels/workbook.xml.rels": `<Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
      }),
    );
    const w = ok(await readWorkbookBuffer(zipSync({ ...parts, "xl/worksheets/sheet1.xml": new Uint8Array(utf16) })));
    expect(at(w.sheets[0], "B1")).toEqual({ value: 7 });
  });
});

describe("helpers", () => {
  test("decodeXString", () => {
    expect(decodeXString("a_x000D__x000A_b")).toBe("a\r\nb");
    expect(decodeXString("_x005F_x000D_")).toBe("_x000D_");
    expect(decodeXString("_x4e2d_")).toBe("中");
    expect(decodeXString("_x12_ and _xZZZZ_")).toBe("_x12_ and _xZZZZ_");
  });

  test("shiftFormula", () => {
    expect(shiftFormula("A1+$A1+A$1+$A$1", 1, 1)).toBe("B2+$A2+B$1+$A$1");
    expect(shiftFormula("SUM(A1:B2)", 0, 2)).toBe("SUM(C1:D2)");
    expect(shiftFormula("SUM(1:2)+SUM($3:4)", 2, 0)).toBe("SUM(3:4)+SUM($3:6)");
    expect(shiftFormula("A1", -1, 0)).toBe("#REF!");
    expect(shiftFormula("'Sheet A1'!A1&\"A1\"", 1, 0)).toBe("'Sheet A1'!A2&\"A1\"");
    expect(shiftFormula("Table1[[#This Row],[A1]]+zpb_name_1+项目A1+_A1+A1.5", 1, 0)).toBe(
      "Table1[[#This Row],[A1]]+zpb_name_1+项目A1+_A1+A1.5",
    );
    expect(shiftFormula("[1]Sheet1!A1+ATAN2(1,2)+1E10", 1, 0)).toBe("[1]Sheet1!A2+ATAN2(1,2)+1E10");
    expect(shiftFormula("XFD1+A1048576", 0, 0)).toBe("XFD1+A1048576");
    expect(shiftFormula("XFD1+A1048576", 1, 1)).toBe("#REF!+#REF!");
  });

  test("isDateFormat", () => {
    for (const f of ["mm-dd-yy", 'yyyy"年"m"月"d"日"', "h:mm", "[h]:mm:ss", "[$-804]yyyy/m/d"])
      expect(isDateFormat(f)).toBe(true);
    for (const f of ["0.00%", "#,##0.00", '#,##0.00"元"', '0.00"m/s"', "[Red]0.00", "@", "General"])
      expect(isDateFormat(f)).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------------
// Files that are not (good) workbooks

/** A minimal OLE2 compound file whose directory (sector 0, right after the header) lists `streams`. */
function ole2(streams: readonly string[]): Buffer {
  const header = Buffer.alloc(512);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header);
  header.writeUInt16LE(0x3e, 24);
  header.writeUInt16LE(3, 26);
  header.writeUInt16LE(0xfffe, 28);
  header.writeUInt16LE(9, 30);
  header.writeUInt16LE(6, 32);
  header.writeUInt32LE(0, 48); // first directory sector
  const dirSector = Buffer.alloc(512);
  ["Root Entry", ...streams].forEach((name, i) => {
    const e = dirSector.subarray(i * 128, (i + 1) * 128);
    e.write(name, 0, "utf16le");
    e.writeUInt16LE((name.length + 1) * 2, 64);
    e[66] = i === 0 ? 5 : 2;
  });
  return Buffer.concat([header, dirSector, Buffer.alloc(1024, 0x5a)]);
}

/** A zip holding precompressed entries, with sizes declared as given (a lying zip when they differ). */
function rawZip(entries: { name: string; deflated: Buffer; crc: number; size: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, "utf8");
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(e.deflated.length, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(e.crc >>> 0, 16);
    central.writeUInt32LE(e.deflated.length, 20);
    central.writeUInt32LE(e.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.deflated);
    centrals.push(central, name);
    offset += 30 + name.length + e.deflated.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  if (entries.length < 0xffff) {
    end.writeUInt16LE(entries.length, 8);
    end.writeUInt16LE(entries.length, 10);
    return Buffer.concat([...locals, cd, end]);
  }
  // More entries than 16 bits count: the ZIP64 end record and its locator carry the count (APPNOTE 4.3.14).
  end.writeUInt16LE(0xffff, 8);
  end.writeUInt16LE(0xffff, 10);
  const end64 = Buffer.alloc(56);
  end64.writeUInt32LE(0x06064b50, 0);
  end64.writeBigUInt64LE(44n, 4);
  end64.writeUInt16LE(45, 12);
  end64.writeUInt16LE(45, 14);
  end64.writeBigUInt64LE(BigInt(entries.length), 24);
  end64.writeBigUInt64LE(BigInt(entries.length), 32);
  end64.writeBigUInt64LE(BigInt(cd.length), 40);
  end64.writeBigUInt64LE(BigInt(offset), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(offset + cd.length), 8);
  locator.writeUInt32LE(1, 16);
  return Buffer.concat([...locals, cd, end64, locator, end]);
}

const entry = (name: string, text: string) => {
  const data = Buffer.from(text, "utf8");
  return { name, deflated: zlib.deflateRawSync(data), crc: zlib.crc32(data), size: data.length };
};

/** `mb` MiB of spaces after a sheet's start tag, deflated in 1 MiB steps (memory stays small). */
async function bombEntry(mb: number): Promise<{ name: string; deflated: Buffer; crc: number; size: number }> {
  const head = Buffer.from(`<worksheet xmlns="${SML}"><sheetData>`);
  const spaces = Buffer.alloc(1024 * 1024, 0x20);
  const out: Buffer[] = [];
  const z = zlib.createDeflateRaw({ level: 9 });
  z.on("data", (c: Buffer) => out.push(c));
  const ended = new Promise((r) => z.on("end", r));
  let crc = zlib.crc32(head);
  z.write(head);
  for (let i = 0; i < mb; i++) {
    crc = zlib.crc32(spaces, crc);
    if (!z.write(spaces)) await new Promise((r) => z.once("drain", r));
  }
  z.end();
  await ended;
  return { name: "xl/worksheets/sheet1.xml", deflated: Buffer.concat(out), crc, size: head.length + mb * 1024 * 1024 };
}

type RawEntry = { name: string; deflated: Buffer; crc: number; size: number };

const bombWorkbook = (sheet1: RawEntry, extra: readonly RawEntry[] = []): Buffer =>
  rawZip([
    ...extra,
    entry("[Content_Types].xml", "<Types/>"),
    entry(
      "xl/workbook.xml",
      `<workbook xmlns="${SML}" xmlns:r="${REL}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    entry(
      "xl/_rels/workbook.xml.rels",
      `<Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    ),
    sheet1,
  ]);

describe("bad input: the right code and a Chinese message, never a throw", () => {
  let good: Buffer;
  beforeAll(async () => {
    good = await excelJsWorkbook();
  });

  test("a file that does not exist", async () => {
    expectError(await readWorkbookFile(path.join(dir, "没有这个文件.xlsx")), "NOT_FOUND");
    expectError(await readWorkbookFile(path.join(dir, "no-dir", "x.xlsx")), "NOT_FOUND");
  });

  test("a folder", async () => {
    expectError(await readWorkbookFile(dir), "NOT_A_WORKBOOK");
  });

  // A PDF is read by pdf-reader.ts (tests in a worker thread: Jest cannot load pdf.js on Node 20).
  test("a text file renamed .xlsx, an empty file, an HTML table", async () => {
    expect(
      expectError(await readWorkbookFile(file("text.xlsx", "项目名称,预算\n培训,100\n")), "NOT_A_WORKBOOK"),
    ).toMatch(/文本/);
    expectError(await readWorkbookFile(file("empty.xlsx", "")), "NOT_A_WORKBOOK");
    const unicodeText = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("项目\t预算\r\n", "utf16le")]);
    expect(expectError(await readWorkbookFile(file("unicode.xlsx", unicodeText)), "NOT_A_WORKBOOK")).toMatch(/文本/);
    expect(
      expectError(
        await readWorkbookFile(file("page.xls", "<html><body><table><tr><td>1</td></tr></table>")),
        "NOT_A_WORKBOOK",
      ),
    ).toMatch(/HTML/);
  });

  test("random bytes; random bytes behind a zip signature", async () => {
    let seed = 12345;
    const bytes = Buffer.alloc(64 * 1024);
    for (let i = 0; i < bytes.length; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      bytes[i] = seed >> 16;
    }
    bytes[0] = 0x00;
    expectError(await readWorkbookFile(file("random.xlsx", bytes)), "NOT_A_WORKBOOK");
    Buffer.from("PK\x03\x04", "latin1").copy(bytes);
    expectError(await readWorkbookFile(file("random-pk.xlsx", bytes)), "DAMAGED");
  });

  test("a truncated workbook (cut in half)", async () => {
    expectError(await readWorkbookFile(file("half.xlsx", good.subarray(0, Math.floor(good.length / 2)))), "DAMAGED");
  });

  test("a workbook whose sheet data is corrupt (same sizes, flipped bytes)", async () => {
    const parts = unzipSync(good);
    const corrupt = Buffer.from(zipSync(parts, { level: 0 })); // stored: the XML is in the file as is
    const at1 = corrupt.indexOf("<sheetData>");
    corrupt.write("<sheetData<", at1, "latin1");
    const msg = expectError(await readWorkbookBuffer(corrupt), "DAMAGED");
    expect(msg).toMatch(/校验和|XML/);
  });

  test("a sheet that is not well-formed XML; a DTD (entity expansion) is refused", async () => {
    const parts = unzipSync(good);
    const broken = zipSync({
      ...parts,
      "xl/worksheets/sheet1.xml": strToU8(`<worksheet xmlns="${SML}"><sheetData><row>`),
    });
    expect(expectError(await readWorkbookBuffer(broken), "DAMAGED")).toMatch(/XML/);
    const laughs = `<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><worksheet xmlns="${SML}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>`;
    const dtd = zipSync({ ...parts, "xl/worksheets/sheet1.xml": strToU8(laughs) });
    expectError(await readWorkbookBuffer(dtd), "DAMAGED");
  });

  test("a zip without workbook.xml; other zips are not workbooks", async () => {
    const noBook = rezip(good, (parts) => {
      const rest = { ...parts };
      delete rest["xl/workbook.xml"];
      return rest;
    });
    expect(expectError(await readWorkbookFile(file("no-book.xlsx", noBook)), "DAMAGED")).toMatch(/workbook\.xml/);
    const docx = zipSync({
      "[Content_Types].xml": strToU8("<Types/>"),
      "_rels/.rels": strToU8(
        `<Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="word/document.xml"/></Relationships>`,
      ),
      "word/document.xml": strToU8(`<w:document xmlns:w="urn:w"/>`),
    });
    expect(expectError(await readWorkbookBuffer(docx), "NOT_A_WORKBOOK")).toMatch(/Word/);
    const noRels = unzipSync(docx);
    delete noRels["_rels/.rels"];
    expect(expectError(await readWorkbookBuffer(zipSync(noRels)), "NOT_A_WORKBOOK")).toMatch(/Word/);
    const plain = zipSync({ "readme.txt": strToU8("hello") });
    expectError(await readWorkbookBuffer(plain), "NOT_A_WORKBOOK");
  });

  test("a sheet the workbook lists but the package lacks", async () => {
    const parts = unzipSync(good);
    delete parts["xl/worksheets/sheet2.xml"];
    expect(expectError(await readWorkbookBuffer(zipSync(parts)), "DAMAGED")).toMatch(/隐藏/);
  });

  test("OLE2 files: encrypted workbook, an .xls whose streams cannot be followed, and an unreadable directory", async () => {
    const enc = ole2(["\u0006DataSpaces", "EncryptionInfo", "EncryptedPackage"]);
    expect(expectError(await readWorkbookFile(file("encrypted.xlsx", enc)), "ENCRYPTED")).toMatch(/密码/);
    // A directory naming a Workbook stream is an .xls, read by xls-reader.ts (its own tests read real
    // ones); these directories have no allocation table behind them.
    expect(
      expectError(
        await readWorkbookFile(file("legacy.xls", ole2(["Workbook", "\u0005SummaryInformation"]))),
        "DAMAGED",
      ),
    ).toMatch(/损坏/);
    expectError(await readWorkbookBuffer(ole2(["Book"])), "DAMAGED");
    expectError(await readWorkbookBuffer(ole2(["WordDocument"])), "NOT_A_WORKBOOK");
    const garbage = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(4096, 0x41),
    ]);
    expect(expectError(await readWorkbookFile(file("ole-garbage.xlsx", garbage)), "LEGACY_XLS")).toMatch(/无法判断/);
  });

  test("over maxBytes", async () => {
    const p = file("small-limit.xlsx", good);
    expect(expectError(await readWorkbookFile(p, { maxBytes: 1000 }), "TOO_LARGE")).toMatch(/MB/);
    expectError(await readWorkbookBuffer(good, { maxBytes: 1000 }), "TOO_LARGE");
    ok(await readWorkbookFile(p, { maxBytes: good.length }));
  });

  test("a sparse 200 MB file is refused from its size, without being read", async () => {
    const p = path.join(dir, "huge.xlsx");
    fs.writeFileSync(p, good);
    fs.truncateSync(p, 200 * 1024 * 1024);
    const open = jest.spyOn(fs.promises, "open");
    try {
      expectError(await readWorkbookFile(p), "TOO_LARGE");
      expect(open).not.toHaveBeenCalled();
    } finally {
      open.mockRestore();
    }
  });

  describe("zip bombs: a sheet of 300 MB of spaces, deflated to about 300 KB", () => {
    let honest: Buffer;
    let lying: Buffer;
    let sheet1: RawEntry;
    /** The calls that inflated the sheet, with their output caps; other parts are small and inflated as usual. */
    const inflatingTheSheet = async (read: () => Promise<void>): Promise<number[]> => {
      const inflate = jest.spyOn(zlibModule, "inflateRawSync");
      try {
        await read();
        return inflate.mock.calls
          .filter(([raw]) => Buffer.compare(raw as Buffer, sheet1.deflated) === 0)
          .map(([, options]) => (options as zlib.ZlibOptions).maxOutputLength ?? Infinity);
      } finally {
        inflate.mockRestore();
      }
    };
    beforeAll(async () => {
      sheet1 = await bombEntry(300);
      honest = bombWorkbook(sheet1);
      lying = bombWorkbook({ ...sheet1, size: 1000 });
    }, 30_000);

    test("declared over the limit: refused before inflating", async () => {
      const calls = await inflatingTheSheet(async () => {
        expect(expectError(await readWorkbookBuffer(honest), "ZIP_BOMB")).toMatch(/压缩/);
        expectError(await readWorkbookBuffer(honest, { maxUncompressedBytes: 10 * 1024 * 1024 }), "ZIP_BOMB");
      });
      expect(calls).toEqual([]);
    });

    test("sizes that lie: inflation stops at the limit, with bounded memory", async () => {
      const before = process.memoryUsage();
      const calls = await inflatingTheSheet(async () => {
        expectError(await readWorkbookBuffer(lying, { maxUncompressedBytes: 10 * 1024 * 1024 }), "ZIP_BOMB");
        // With the default limits the ratio cap (200:1 of ~300 KB) stops it.
        expectError(await readWorkbookBuffer(lying), "ZIP_BOMB");
      });
      // Each inflation of the sheet was capped: by what is left of 10 MiB, then by 200 × its compressed size.
      expect(calls).toHaveLength(2);
      expect(calls[0]).toBeLessThanOrEqual(10 * 1024 * 1024);
      expect(calls[1]).toBe(200 * sheet1.deflated.length);
      const after = process.memoryUsage();
      expect(after.rss - before.rss).toBeLessThan(150 * 1024 * 1024);
    });

    test("the same lying zip with an honest small sheet reads fine (the limits are not the problem)", async () => {
      const small = entry("xl/worksheets/sheet1.xml", `<worksheet xmlns="${SML}"><sheetData/></worksheet>`);
      ok(await readWorkbookBuffer(bombWorkbook(small)));
    });
  });

  describe("the caps of the zip reader, both sides", () => {
    const MIB = 1024 * 1024;
    /** A sheet of `noise` random base64 characters in a comment, then `spaces` spaces: its ratio is tuned by both. */
    const sheetOf = (noise: string, spaces: number): RawEntry => {
      const data = Buffer.concat([
        Buffer.from(`<worksheet xmlns="${SML}"><!--${noise}--><sheetData/></worksheet>`),
        Buffer.alloc(spaces, 0x20),
      ]);
      const deflated = zlib.deflateRawSync(data, { level: 9 });
      return { name: "xl/worksheets/sheet1.xml", deflated, crc: zlib.crc32(data), size: data.length };
    };
    const over200 = (e: RawEntry): number => e.size - 200 * e.deflated.length;
    /** Two sheets over 1 MiB on either side of 200:1, found by bisection over the spaces. */
    const aroundRatio200 = (): { under: RawEntry; over: RawEntry } => {
      const random = prng(20261206);
      const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
      const noise = Array.from({ length: 6000 }, () => B64[Math.floor(random() * 64)]).join("");
      let lo = MIB; // under 200:1 here
      let hi = 2 * MIB; // over 200:1 here
      expect(over200(sheetOf(noise, lo))).toBeLessThanOrEqual(0);
      expect(over200(sheetOf(noise, hi))).toBeGreaterThan(0);
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (over200(sheetOf(noise, mid)) > 0) hi = mid;
        else lo = mid;
      }
      return { under: sheetOf(noise, lo), over: sheetOf(noise, hi) };
    };

    test("an entry over 1 MiB: up to 200:1 is read, past it is refused before the entry is inflated", async () => {
      const { under, over } = aroundRatio200();
      expect(under.size).toBeGreaterThan(MIB);
      expect(under.size).toBeLessThanOrEqual(200 * under.deflated.length);
      expect(over.size).toBeGreaterThan(200 * over.deflated.length);
      expect(over.size / over.deflated.length).toBeLessThan(200.1);
      ok(await readWorkbookBuffer(bombWorkbook(under)));
      const inflate = jest.spyOn(zlibModule, "inflateRawSync");
      try {
        expect(expectError(await readWorkbookBuffer(bombWorkbook(over)), "ZIP_BOMB")).toMatch(/压缩比异常（200:1）/);
        // workbook.xml and its rels are inflated to find the sheets; the sheet never is.
        expect(inflate.mock.calls.filter(([raw]) => Buffer.compare(raw as Buffer, over.deflated) === 0)).toEqual([]);
        expect(inflate.mock.calls.length).toBeGreaterThan(0);
      } finally {
        inflate.mockRestore();
      }
    });

    test("up to 1 MiB any ratio is read; 1 MiB and one byte of spaces is refused", async () => {
      const head = Buffer.byteLength(`<worksheet xmlns="${SML}"><!----><sheetData/></worksheet>`);
      const atMib = sheetOf("", MIB - head);
      expect(atMib.size).toBe(MIB);
      expect(atMib.size / atMib.deflated.length).toBeGreaterThan(200);
      ok(await readWorkbookBuffer(bombWorkbook(atMib)));
      expectError(await readWorkbookBuffer(bombWorkbook(sheetOf("", MIB - head + 1))), "ZIP_BOMB");
    });

    test("100,000 entries are read; 100,001 are refused", async () => {
      const empty = zlib.deflateRawSync(Buffer.alloc(0));
      const filler = (n: number): RawEntry[] =>
        Array.from({ length: n }, (_, i) => ({ name: `customXml/f${i}.xml`, deflated: empty, crc: 0, size: 0 }));
      const sheet = entry("xl/worksheets/sheet1.xml", `<worksheet xmlns="${SML}"><sheetData/></worksheet>`);
      // bombWorkbook adds 4 entries of its own.
      ok(await readWorkbookBuffer(bombWorkbook(sheet, filler(100_000 - 4))));
      expect(expectError(await readWorkbookBuffer(bombWorkbook(sheet, filler(100_001 - 4))), "ZIP_BOMB")).toMatch(
        /100001 个条目/,
      );
    }, 30_000);
  });

  test("invalid options are a programmer error", async () => {
    await expect(readWorkbookBuffer(good, { maxBytes: -1 })).rejects.toThrow(TypeError);
  });
});
