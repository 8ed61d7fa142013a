/**
 * writeSheet on a mock workbook (office-addin-mock, through test/office-mock.ts): the standard
 * 自评表 goes onto a new sheet in a fixed number of round trips whatever its size, with its merges,
 * names, validation, conditional formats and print setup; taken names are never written over; and
 * what the host cannot do is skipped and reported.
 */
import { builtinTemplate, type Template } from "../domain";
import { a1, rangeA1 } from "../domain/address";
import type { RangeSpec, SheetDescription } from "../layout/sheet";
import { templateSheet } from "../layout/carried-templates";
import { blankSelfEvaluation, layoutSelfEvaluation, type IndicatorData } from "../layout/standard";
import { mergedAreas, mockWorkbook, upTo, type MockWorkbook } from "../../test/office-mock";
import { ExcelOperationError, SyncCounter } from "./run";
import { columnWidthPoints, freeSheetName, safeSheetName, typedConstant, writeSheet } from "./write-sheet";

const T = builtinTemplate("sh-district-2023") as Template;

/** The standard sheet of a blank 2024 form, with `n` indicator rows (the template's 6 when omitted). */
function standardSheet(n?: number): SheetDescription {
  const data = blankSelfEvaluation(T, 2024);
  const defaults = data.indicators;
  const indicators: IndicatorData[] =
    n === undefined
      ? [...defaults]
      : Array.from({ length: n }, (_, i) => ({
          // Contiguous groups, as a real form has them: every 一级/二级 of the defaults, n/6 rows each.
          ...defaults[Math.floor((i * defaults.length) / n)],
          level3: `指标${i + 1}`,
          target: i % 2 === 0 ? "≥100(人)" : "及时",
          weight: 5,
        }));
  return layoutSelfEvaluation(T, { ...data, indicators }, { formNo: 1, sheetName: "自评表" }).sheet;
}

const address = (r: RangeSpec): string =>
  r.from.row === r.to.row && r.from.col === r.to.col ? a1(r.from) : rangeA1(r.from, r.to);
const ALL = (): boolean => true;

/** A workbook with a user's sheet in it, as the add-in finds it. */
const userBook = (): MockWorkbook => mockWorkbook({ sheets: [{ name: "Sheet1", cells: { A1: "我的数据" } }] });

describe("writeSheet: round trips", () => {
  it.each([
    ["6", undefined],
    ["10", 10],
    ["200", 200],
  ])("the standard form with %s indicator rows: one read, one write, whatever the size", async (_, n) => {
    const sheet = standardSheet(n);
    const book = userBook();
    const counter = new SyncCounter(book.context);
    const report = await writeSheet(book.context, sheet, { supports: ALL });

    expect(counter.count).toBe(2);
    expect(book.host.syncs).toBe(2);
    // Nothing is written before the read is answered, and everything goes out in the one write sync.
    const writes = book.host.calls.filter((c) => /\.(add|merge|getRange|getItem|activate)$|pageLayout/.test(c.path));
    expect(writes.length).toBeGreaterThan(0);
    expect(writes.every((c) => c.afterSyncs === 1)).toBe(true);
    expect(report.sheetName).toBe("自评表");
    expect(report.written.cells).toBe(new Set(sheet.cells.map((c) => `${c.row},${c.col}`)).size);
  });

  it("sends the values of a form in a few 2-D blocks: the number of requests follows the layout, not the rows", async () => {
    const requests = async (n: number) => {
      const book = userBook();
      const report = await writeSheet(book.context, standardSheet(n), { supports: ALL });
      return { blocks: report.written.blocks, ranges: book.sheet("自评表")?.ranges.length ?? 0 };
    };
    const small = await requests(10);
    const large = await requests(200);
    // The indicator rows of one 二级 stack into one block, so 20× the rows is nowhere near 20× the blocks.
    expect(large.blocks).toBeLessThan(small.blocks * 2);
    // Merges and validations still grow with the categories and the qualitative rows.
    expect(large.ranges).toBeLessThan(small.ranges * 20);
  });
});

describe("writeSheet: what goes on the sheet", () => {
  let book: MockWorkbook;
  let sheet: SheetDescription;

  beforeAll(async () => {
    sheet = standardSheet();
    book = userBook();
    await writeSheet(book.context, sheet, { supports: ALL });
  });

  const ws = () => {
    const s = book.sheet("自评表");
    if (!s) throw new Error("no sheet 自评表");
    return s;
  };

  it("adds the sheet, activates it, and leaves the user's sheet alone", () => {
    expect(book.host.called("worksheets.add").map((c) => c.args)).toEqual([["自评表"]]);
    expect(book.host.called("自评表.activate")).toHaveLength(1);
    expect(book.sheet("Sheet1")?.ranges).toEqual([]);
  });

  it("writes values and formulas as 2-D blocks, formulas with their =, texts that Excel would parse quoted", () => {
    const title = ws().ranges.find((r) => r.address.startsWith("A1:"));
    expect(title?.mock.formulas[0][0]).toBe("财政项目支出绩效自评表");
    const written = new Map<string, unknown>();
    for (const { address: at, mock } of ws().ranges) {
      const m = /^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$/.exec(at);
      if (!m || !Array.isArray(mock.formulas)) continue;
      const rows = mock.formulas as unknown[][];
      const first = rows.length > 0 ? rows[0].length : 0;
      expect(rows.every((row) => row.length === first)).toBe(true);
      rows.forEach((row, r) =>
        row.forEach((v, c) => {
          const key = `${Number(m[2]) - 1 + r},${colIndex(m[1]) + c}`;
          expect(written.has(key)).toBe(false);
          written.set(key, v);
        }),
      );
    }
    for (const cell of sheet.cells) {
      const expected = cell.formula !== undefined ? `=${cell.formula}` : typedConstant(cell.value);
      expect([a1(cell), written.get(`${cell.row},${cell.col}`)]).toEqual([a1(cell), expected]);
    }
    // Text with digits that Excel would not parse goes as it is.
    expect(written.get("1,0")).toBe("（2024年度）");
  });

  it("merges every merged range of the description; one-row merges stacked on consecutive rows go as one merge(true)", () => {
    const calls = book.host.called(".merge");
    const merged = calls.flatMap((c) =>
      mergedAreas(c.path.replace(/^自评表!/, "").replace(/\.merge$/, ""), c.args[0] === true),
    );
    const expected = sheet.merges.map((m) => rangeA1(m.from, m.to));
    expect(merged.sort()).toEqual(expected.sort());
    expect(calls.length).toBeLessThan(sheet.merges.length);
    expect(calls.some((c) => c.args[0] === true)).toBe(true);
  });

  it("adds every defined name, workbook-wide, on the new sheet", () => {
    const added = book.host.called("workbook.names.add").map((c) => c.args[0]);
    expect(added).toEqual(sheet.names.map((n) => n.name));
    const snapshot = book.snapshot();
    expect(snapshot.names).toContainEqual({ name: "zpb_projectName_1", formula: "=自评表!$C$3" });
    const indicators = sheet.names.find((n) => n.name === "zpb_indicators_1");
    if (!indicators) throw new Error("no zpb_indicators_1");
    const { from, to } = indicators.range;
    expect(snapshot.names).toContainEqual({
      name: "zpb_indicators_1",
      formula: `=自评表!$A$${from.row + 1}:$I$${to.row + 1}`,
    });
    expect(to.row - from.row + 1).toBe(6);
  });

  it("sets data validation: lists as drop-downs, decimals with bounds, the error style and message", () => {
    const withRule = ws().ranges.filter((r) => r.mock.dataValidation.rule !== undefined);
    expect(withRule.map((r) => r.address)).toEqual(sheet.validations.map((v) => address(v.range)));
    const level1 = sheet.validations.find((v) => v.type === "list" && v.values.includes("产出指标"));
    if (!level1) throw new Error("no 一级指标 validation");
    const dv = ws().range(address(level1.range))?.dataValidation;
    expect(dv.rule).toEqual({ list: { inCellDropDown: true, source: "产出指标,效益指标,满意度指标" } });
    expect(dv.errorAlert).toEqual({
      showAlert: true,
      style: "Stop",
      title: "输入有误",
      message: "一级指标只能是：产出指标、效益指标、满意度指标",
    });
    const moneySpec = sheet.validations.find((v) => v.prompt?.startsWith("金额单位"));
    expect(moneySpec && address(moneySpec.range)).toBe("D6:F9");
    const money = ws().ranges.find((r) => r.mock.dataValidation.rule?.decimal && r.address === "D6:F9");
    expect(money?.mock.dataValidation.rule).toEqual({
      decimal: { operator: "GreaterThanOrEqualTo", formula1: 0 },
    });
    expect(money?.mock.dataValidation.prompt).toEqual({ showPrompt: true, title: "", message: "金额单位：万元" });
    const qualitative = ws().ranges.filter((r) => r.mock.dataValidation.errorAlert?.style === "Information");
    expect(qualitative.length).toBeGreaterThan(0);
  });

  it("adds the conditional formats as custom rules with their formula, fill and font colour", () => {
    const added = book.host.called("conditionalFormats.add");
    expect(added.map((c) => c.args[0])).toEqual(sheet.conditionalFormats.map(() => "Custom"));
    expect(added.map((c) => c.path.replace(/^自评表!/, "").replace(/\.conditionalFormats\.add$/, ""))).toEqual(
      sheet.conditionalFormats.map((cf) => address(cf.range)),
    );
    sheet.conditionalFormats.forEach((cf, i) => {
      const format = added[i].result as Excel.ConditionalFormat;
      expect(format.custom.rule.formula).toBe(`=${cf.formula}`);
      expect(format.custom.format.fill.color).toBe(cf.fill);
      expect(format.custom.format.font.color).toBe(cf.fontColor);
    });
    const over = added[sheet.conditionalFormats.findIndex((cf) => cf.meaning === "得分高于分值")];
    expect((over.result as Excel.ConditionalFormat).custom.format.font.color).toBe("#750B1C");
  });

  it("sets column widths in points, hides the helper columns, sets row heights", () => {
    expect(ws().range("A:A")?.format.columnWidth).toBe(columnWidthPoints(10));
    expect(ws().range("C:C")?.format.columnWidth).toBe(columnWidthPoints(24));
    expect(ws().range("J:M")?.columnHidden).toBe(true);
    expect(ws().range("1:1")?.format.rowHeight).toBe(30);
  });

  it("styles cells by groups of identical style: fonts, alignment, borders, input cells unlocked", () => {
    const title = ws().ranges.find((r) => r.address === "A1:I1" && r.mock.format.font.name === "黑体");
    expect(title?.mock.format.font).toMatchObject({ name: "黑体", size: 16, bold: true });
    expect(title?.mock.format.horizontalAlignment).toBe("Center");
    const bordered = book.host.called("format.borders.getItem");
    expect(new Set(bordered.map((c) => c.args[0]))).toEqual(
      new Set(["EdgeTop", "EdgeBottom", "EdgeLeft", "EdgeRight", "InsideHorizontal", "InsideVertical"]),
    );
    const unlocked = ws().ranges.filter((r) => r.mock.format.protection.locked === false);
    expect(unlocked.length).toBeGreaterThan(0);
    expect(ws().ranges.some((r) => Array.isArray(r.mock.numberFormat))).toBe(true);
  });

  it("sets up printing: A4, portrait, one page wide, title rows, margins in inches, print area", () => {
    const layout = ws().mock.pageLayout;
    expect(layout.paperSize).toBe("A4");
    expect(layout.orientation).toBe("Portrait");
    expect(layout.zoom).toEqual({ horizontalFitToPages: 1, verticalFitToPages: 0 });
    expect(book.host.called("pageLayout.setPrintTitleRows").map((c) => c.args)).toEqual([["$1:$2"]]);
    expect(book.host.called("pageLayout.setPrintArea").map((c) => c.args)).toEqual([[address(sheet.print.printArea)]]);
    expect(book.host.called("pageLayout.setPrintMargins").map((c) => c.args)).toEqual([
      ["Inches", { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 }],
    ]);
  });
});

/** Zero-based column of letters. */
function colIndex(letters: string): number {
  let col = 0;
  for (const ch of letters) col = col * 26 + (ch.charCodeAt(0) - 64);
  return col - 1;
}

describe("writeSheet: never over a sheet with data", () => {
  it("gives a taken name a suffix", async () => {
    const book = mockWorkbook({
      sheets: [
        { name: "自评表", cells: { A1: "旧表" } },
        { name: "自评表 (2)", cells: { A1: "旧表" } },
      ],
    });
    const report = await writeSheet(book.context, standardSheet(), { supports: ALL });
    expect(report).toMatchObject({ sheetName: "自评表 (3)", replaced: false });
    expect(book.sheet("自评表")?.ranges).toEqual([]);
    expect(book.host.called("worksheets.add").map((c) => c.args)).toEqual([["自评表 (3)"]]);
  });

  it("writes on an existing sheet only when asked to and when it is empty", async () => {
    const empty = mockWorkbook({ sheets: [{ name: "自评表" }] });
    const report = await writeSheet(empty.context, standardSheet(), { supports: ALL, replace: true });
    expect(report).toMatchObject({ sheetName: "自评表", replaced: true });
    expect(empty.host.called("worksheets.add")).toEqual([]);
    expect(empty.sheet("自评表")?.ranges.length).toBeGreaterThan(0);

    const full = mockWorkbook({ sheets: [{ name: "自评表", cells: { B2: 1 } }] });
    const refused = await writeSheet(full.context, standardSheet(), { supports: ALL, replace: true });
    expect(refused).toMatchObject({ sheetName: "自评表 (2)", replaced: false });
    expect(full.sheet("自评表")?.ranges).toEqual([]);
  });

  it("uses the sheet name of the options, made safe", async () => {
    const book = userBook();
    const report = await writeSheet(book.context, standardSheet(), { supports: ALL, sheetName: "2024/自评" });
    expect(report.sheetName).toBe("2024_自评");
  });

  it("refuses a form whose names are taken, before writing anything", async () => {
    const book = mockWorkbook({
      sheets: [{ name: "旧表", cells: { C3: "项目" } }],
      names: [{ name: "zpb_projectName_1", formula: "=旧表!$C$3" }],
    });
    const error = await writeSheet(book.context, standardSheet(), { supports: ALL }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExcelOperationError);
    expect((error as ExcelOperationError).message).toBe(
      "工作簿中已有名称“zpb_projectName_1”，同一编号的表单不能再建一份；请换一个表单编号",
    );
    expect(book.host.called("worksheets.add")).toEqual([]);
    expect(book.host.syncs).toBe(1);
  });
});

describe("writeSheet: features the host lacks are skipped and reported", () => {
  it("on ExcelApi 1.7: no data validation (1.8), no page layout (1.9); conditional formats (1.6) stay", async () => {
    const sheet = standardSheet();
    const book = userBook();
    const report = await writeSheet(book.context, sheet, { supports: upTo("1.7") });
    expect(report.skipped).toEqual([
      { feature: "dataValidation", requires: "1.8", count: sheet.validations.length },
      { feature: "pageLayout", requires: "1.9", count: 0 },
    ]);
    expect(report.written).toMatchObject({ validations: 0, print: false });
    const ranges = book.sheet("自评表")?.ranges ?? [];
    expect(ranges.some((r) => r.mock.dataValidation.rule !== undefined)).toBe(false);
    expect(book.host.called("pageLayout.setPrintArea")).toEqual([]);
    expect(book.sheet("自评表")?.mock.pageLayout.paperSize).not.toBe("A4");
    expect(book.host.called("conditionalFormats.add")).toHaveLength(sheet.conditionalFormats.length);
    expect(book.host.syncs).toBe(2);
  });

  it("on ExcelApi 1.8: validation is written, only the page layout is skipped", async () => {
    const report = await writeSheet(userBook().context, standardSheet(), { supports: upTo("1.8") });
    expect(report.skipped).toEqual([{ feature: "pageLayout", requires: "1.9", count: 0 }]);
    expect(report.written.validations).toBe(standardSheet().validations.length);
  });
});

describe("sheet names, widths and typed constants", () => {
  it.each([
    ["自评表", [], "自评表"],
    ["自评表", ["自评表"], "自评表 (2)"],
    ["自评表", ["自评表", "自评表 (2)"], "自评表 (3)"],
    ["Sheet", ["SHEET"], "Sheet (2)"],
    [
      "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一",
      ["一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一"],
      // 31 characters taken: 27 of them and " (2)".
      "一二三四五六七八九十一二三四五六七八九十一二三四五六七 (2)",
    ],
  ])("freeSheetName(%s, %j) = %s", (name, taken, expected) => {
    expect(freeSheetName(name, taken)).toBe(expected);
    expect(freeSheetName(name, taken).length).toBeLessThanOrEqual(31);
  });

  it("makes names Excel accepts", () => {
    expect(safeSheetName("a[b]c:d*e?f/g\\h")).toBe("a_b_c_d_e_f_g_h");
    expect(safeSheetName("'自评表'")).toBe("自评表");
    expect(safeSheetName("   ")).toBe("自评表");
  });

  it("converts character widths to points: (chars × 7 + 5) px × 0.75", () => {
    expect(columnWidthPoints(8.43)).toBe(48);
    expect(columnWidthPoints(10)).toBe(56.25);
    expect(columnWidthPoints(24)).toBe(129.75);
  });

  it.each<[string | number | null, string | number]>([
    ["项目名称", "项目名称"],
    [null, ""],
    [12.5, 12.5],
    ["=0(起)", "'=0(起)"],
    ["-", "'-"],
    ["2024", "'2024"],
    ["92%", "'92%"],
    ["021-12345678", "'021-12345678"],
    ["2024年3月", "'2024年3月"],
    ["≥100(人)", "≥100(人)"],
    ["（2024年度）", "（2024年度）"],
    ["12月底前", "12月底前"],
    ["3月5日", "'3月5日"],
    ["TRUE", "'TRUE"],
    ["#N/A", "'#N/A"],
    ["达成年度指标", "达成年度指标"],
  ])("typedConstant(%j) = %j", (value, expected) => {
    expect(typedConstant(value)).toBe(expected);
  });
});

describe("writeSheet: a very hidden sheet", () => {
  it("hides the carried templates from every menu (ExcelApi 1.1) and does not activate them", async () => {
    const book = userBook();
    const report = await writeSheet(book.context, templateSheet([T]), { supports: ALL });
    expect(report.sheetName).toBe("zpb_templates");
    expect(book.sheet("zpb_templates")?.mock.visibility).toBe("VeryHidden");
    expect(book.host.called("zpb_templates.activate")).toHaveLength(0);
    expect(book.snapshot().sheets.find((s) => s.name === "zpb_templates")?.cells?.B2).toMatchObject({
      value: expect.stringContaining('"id":"sh-district-2023"') as unknown,
    });
  });
});
