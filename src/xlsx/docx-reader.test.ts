/**
 * Word documents as grids: paragraphs as rows, tables by their grid (gridBefore, gridSpan, vMerge),
 * where every cell came from, and what makes a document unreadable. The documents are written here
 * by hand as Word writes them (a `w:` prefix, runs split anywhere); documents made by a real writer
 * (LibreOffice) are read in test/formats.test.ts.
 */
import { strToU8, zipSync } from "fflate";
import { DOCX_SHEET, DocxError, readDocxGrid } from "./docx-reader";
import { readWorkbookBuffer } from "./fast-reader";
import type { SheetGrid, WorkbookGrid } from "../layout/grid";

const W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const doc = (body: string): string =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="${W}"><w:body>${body}<w:sectPr/></w:body></w:document>`;
/** A paragraph; `|` splits the text into runs, as Word often does mid-word. */
const p = (text: string): string =>
  `<w:p><w:pPr><w:jc w:val="center"/></w:pPr>${text
    .split("|")
    .map((t) => `<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">${t}</w:t></w:r>`)
    .join("")}</w:p>`;
const tc = (content: string, props = ""): string =>
  `<w:tc><w:tcPr><w:tcW w:w="1000" w:type="dxa"/>${props}</w:tcPr>${content}</w:tc>`;
const tr = (cells: string, rowProps = ""): string =>
  `<w:tr>${rowProps ? `<w:trPr>${rowProps}</w:trPr>` : ""}${cells}</w:tr>`;
const tbl = (rows: string): string =>
  `<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>${rows}</w:tbl>`;

const sheetOf = (g: WorkbookGrid): SheetGrid => {
  expect(g.sheets.map((s) => s.name)).toEqual([DOCX_SHEET]);
  return g.sheets[0];
};
/** The sheet's text as rows, `·` for an empty cell. */
const rowsOf = (s: SheetGrid): string[] =>
  Array.from({ length: s.rowCount }, (_, r) =>
    Array.from({ length: s.colCount }, (_, c) => String(s.cell(r, c)?.value ?? "·")).join(" | "),
  );
const merges = (s: SheetGrid): string[] =>
  s.merges.map((m) => `${m.from.row},${m.from.col}-${m.to.row},${m.to.col}`).sort();

describe("readDocxGrid", () => {
  test("paragraphs before a table are rows with their text in column A; empty paragraphs take no row", () => {
    const g = readDocxGrid(
      doc(
        p("项目支出|绩效自评表") +
          p("") +
          p("（2023年度）") +
          tbl(tr(tc(p("项目名称")) + tc(p("社区|养老")) + tc(p("主管部门")) + tc(p("民政局")))) +
          p("填表人：张三"),
      ),
    );
    const s = sheetOf(g);
    expect(rowsOf(s)).toEqual([
      "项目支出绩效自评表 | · | · | ·",
      "（2023年度） | · | · | ·",
      "项目名称 | 社区养老 | 主管部门 | 民政局",
      "填表人：张三 | · | · | ·",
    ]);
    // Every value is text, as Word holds it: the recognizer reads numbers written as text.
    expect(g.locate?.({ sheet: DOCX_SHEET, row: 0, col: 0 })).toBe("第1段");
    expect(g.locate?.({ sheet: DOCX_SHEET, row: 1, col: 0 })).toBe("第2段");
    expect(g.locate?.({ sheet: DOCX_SHEET, row: 2, col: 3 })).toBe("表1 第1行第4列");
    expect(g.locate?.({ sheet: DOCX_SHEET, row: 3, col: 0 })).toBe("第3段");
    expect(g.locate?.({ sheet: DOCX_SHEET, row: 9, col: 0 })).toBeNull();
    expect(g.locate?.({ sheet: "Sheet1", row: 0, col: 0 })).toBeNull();
  });

  test("gridSpan merges across and moves the next cell over; gridBefore starts a row further right", () => {
    const s = sheetOf(
      readDocxGrid(
        doc(
          tbl(
            tr(tc(p("项目名称")) + tc(p("乡村道路养护"), '<w:gridSpan w:val="3"/>')) +
              tr(tc(p("年度"), "") + tc(p("2023")) + tc(p("分值")) + tc(p("10"))) +
              tr(tc(p("备注")) + tc(p("无"), '<w:gridSpan w:val="2"/>'), '<w:gridBefore w:val="1"/>'),
          ),
        ),
      ),
    );
    expect(rowsOf(s)).toEqual(["项目名称 | 乡村道路养护 | · | ·", "年度 | 2023 | 分值 | 10", "· | 备注 | 无 | ·"]);
    expect(merges(s)).toEqual(["0,1-0,3", "2,2-2,3"]);
  });

  test("vMerge restart/continue merges down; a continuing cell's own text is not shown, as in Word", () => {
    const restart = '<w:vMerge w:val="restart"/>';
    const cont = "<w:vMerge/>";
    const s = sheetOf(
      readDocxGrid(
        doc(
          tbl(
            tr(tc(p("产出指标"), restart) + tc(p("数量指标"), restart) + tc(p("道路公里数")) + tc(p("≥50公里"))) +
              tr(tc(p(""), cont) + tc(p("残留"), cont) + tc(p("桥梁座数")) + tc(p("≥3座"))) +
              tr(tc(p(""), cont) + tc(p("质量指标")) + tc(p("验收合格率")) + tc(p("100%"))) +
              tr(tc(p("效益指标")) + tc(p("社会效益")) + tc(p("通行时间")) + tc(p("缩短"))),
          ),
        ),
      ),
    );
    expect(rowsOf(s)).toEqual([
      "产出指标 | 数量指标 | 道路公里数 | ≥50公里",
      "· | · | 桥梁座数 | ≥3座",
      "· | 质量指标 | 验收合格率 | 100%",
      "效益指标 | 社会效益 | 通行时间 | 缩短",
    ]);
    expect(merges(s)).toEqual(["0,0-2,0", "0,1-1,1"]);
  });

  test("a vertical merge of spanned cells is one area two columns wide", () => {
    const s = sheetOf(
      readDocxGrid(
        doc(
          tbl(
            tr(
              tc(p("绩效目标"), '<w:gridSpan w:val="2"/><w:vMerge w:val="restart"/>') + tc(p("目标1")) + tc(p("目标2")),
            ) + tr(tc(p(""), '<w:gridSpan w:val="2"/><w:vMerge/>') + tc(p("完成1")) + tc(p("完成2"))),
          ),
        ),
      ),
    );
    expect(merges(s)).toEqual(["0,0-1,1"]);
    expect(s.cell(0, 0)?.value).toBe("绩效目标");
    expect(s.cell(1, 2)?.value).toBe("完成1");
  });

  test("a cell's paragraphs and line breaks are lines; tabs are spaces; tab stops and deleted text and field codes are not text", () => {
    const s = sheetOf(
      readDocxGrid(
        doc(
          tbl(
            tr(
              tc(p("年度资金") + p("总额")) +
                tc(`<w:p><w:r><w:t>全年</w:t><w:br/><w:t>执行数</w:t></w:r></w:p>`) +
                tc(
                  `<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr>` +
                    `<w:r><w:t>得分</w:t><w:tab/><w:t>(10分)</w:t></w:r></w:p>`,
                ) +
                tc(
                  `<w:p><w:del><w:r><w:delText>85</w:delText></w:r></w:del><w:ins><w:r><w:t>90</w:t></w:r></w:ins>` +
                    `<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>` +
                    `<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>`,
                ),
            ),
          ),
        ),
      ),
    );
    expect([0, 1, 2, 3].map((c) => s.cell(0, c)?.value)).toEqual([
      "年度资金\n总额",
      "全年\n执行数",
      "得分 (10分)",
      "90",
    ]);
  });

  test("a text box is not part of the flow and does not cut the paragraph that anchors it", () => {
    const box = (xmlns: string): string =>
      `<w:r><mc:AlternateContent xmlns:mc="${xmlns}"><mc:Choice Requires="wps"><w:drawing><w:txbxContent>` +
      `${p("盖章处")}</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent>${p("盖章处")}` +
      `</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>`;
    const s = sheetOf(
      readDocxGrid(
        doc(
          `<w:p><w:r><w:t>填报单位：</w:t></w:r>${box("http://schemas.openxmlformats.org/markup-compatibility/2006")}<w:r><w:t>区民政局</w:t></w:r></w:p>`,
        ),
      ),
    );
    expect(rowsOf(s)).toEqual(["填报单位：区民政局"]);
  });

  test("a table inside a cell gives its text to that cell and leaves the outer table's grid alone", () => {
    const inner = tbl(tr(tc(p("内1")) + tc(p("内2"))) + tr(tc(p("内3")) + tc(p("内4"))));
    const s = sheetOf(
      readDocxGrid(
        doc(
          tbl(
            tr(tc(p("外1")) + tc(p("前") + inner + p("后")) + tc(p("外3"))) + tr(tc(p("a")) + tc(p("b")) + tc(p("c"))),
          ),
        ),
      ),
    );
    expect(rowsOf(s)).toEqual(["外1 | 前\n内1\n内2\n内3\n内4\n后 | 外3", "a | b | c"]);
  });

  test("several tables and forms in one document: each table numbered, rows counted within it", () => {
    const form = (name: string, year: string): string =>
      p(`${year}年度项目支出绩效自评表`) +
      tbl(tr(tc(p("项目名称")) + tc(p(name))) + tr(tc(p("主管部门")) + tc(p("区财政局"))));
    const g = readDocxGrid(
      doc(form("甲项目", "2023") + `<w:p><w:r><w:br w:type="page"/></w:r></w:p>` + form("乙项目", "2023")),
    );
    const s = sheetOf(g);
    expect(rowsOf(s)).toEqual([
      "2023年度项目支出绩效自评表 | ·",
      "项目名称 | 甲项目",
      "主管部门 | 区财政局",
      "2023年度项目支出绩效自评表 | ·",
      "项目名称 | 乙项目",
      "主管部门 | 区财政局",
    ]);
    expect(g.locate?.({ sheet: DOCX_SHEET, row: 5, col: 1 })).toBe("表2 第2行第2列");
    expect(g.locate?.({ sheet: DOCX_SHEET, row: 3, col: 0 })).toBe("第2段");
  });

  test("a document that is not well-formed XML, or declares a DTD, is refused", () => {
    expect(() => readDocxGrid(doc(p("未闭合") + "<w:p>"))).toThrow(DocxError);
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>' +
      `<w:document xmlns:w="${W}"><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>`;
    expect(() => readDocxGrid(laughs)).toThrow(DocxError);
  });
});

describe("a .docx through readWorkbookBuffer", () => {
  const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  const docx = (documentXml: string | Uint8Array): Uint8Array =>
    zipSync({
      "[Content_Types].xml": strToU8(
        `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
      ),
      "_rels/.rels": strToU8(
        `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="word/document.xml"/></Relationships>`,
      ),
      "word/document.xml": typeof documentXml === "string" ? strToU8(documentXml) : documentXml,
    });

  test("is read as one sheet with where each cell is", async () => {
    const r = await readWorkbookBuffer(
      docx(doc(p("2023年度项目支出绩效自评表") + tbl(tr(tc(p("项目名称")) + tc(p("甲")))))),
    );
    if (!r.ok) throw new Error(r.error.message);
    expect(rowsOf(sheetOf(r.workbook))).toEqual(["2023年度项目支出绩效自评表 | ·", "项目名称 | 甲"]);
    expect(r.workbook.locate?.({ sheet: DOCX_SHEET, row: 1, col: 1 })).toBe("表1 第1行第2列");
  });

  test("an empty document, a broken one, and one that inflates beyond the limit each get their entry", async () => {
    const empty = await readWorkbookBuffer(docx(doc(p("") + p(" "))));
    expect(empty).toEqual({
      ok: false,
      error: { code: "NOT_A_WORKBOOK", message: expect.stringMatching(/空白的 Word 文档/) },
    });
    const broken = await readWorkbookBuffer(docx(doc(p("甲")).replace("</w:body>", "")));
    expect(broken).toEqual({
      ok: false,
      error: { code: "DAMAGED", message: expect.stringMatching(/document\.xml 不是有效的 XML/) },
    });
    // 3 MB of paragraphs deflate far past 200:1; the same limits as for a workbook's parts apply.
    const big = doc(`<w:p><w:r><w:t>${"0".repeat(3 * 1024 * 1024)}</w:t></w:r></w:p>`);
    const bomb = await readWorkbookBuffer(docx(big));
    expect(bomb.ok ? "ok" : bomb.error.code).toBe("ZIP_BOMB");
    const capped = await readWorkbookBuffer(docx(doc(p("甲"))), { maxUncompressedBytes: 100 });
    expect(capped.ok ? "ok" : capped.error.code).toBe("ZIP_BOMB");
  });
});
