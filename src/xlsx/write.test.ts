/**
 * The .xlsx writer renders a sheet description completely: written, read back with ExcelJS (and,
 * where ExcelJS does not read a part back, from the file's XML), everything the layout decided is
 * there — values, formulas, number formats, styles, merges, names, validation, conditional formats,
 * widths, hidden columns, row heights and print setup.
 */
import ExcelJS from "exceljs";
import { strFromU8, unzipSync } from "fflate";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { a1, adr, builtinTemplate, columnLetters, rangeA1, type Template } from "../domain";
import type { RangeSpec, SheetDescription } from "../layout/sheet";
import {
  blankSelfEvaluation,
  COL,
  layoutSelfEvaluation,
  type SelfEvaluationData,
  type StandardMap,
} from "../layout/standard";
import { addSheet, buildWorkbook, fileFormula, INPUT_FILL, listFormula, writeWorkbook } from "./write";

/**
 * The validation rule over a cell, as the worksheet holds it for writing: rules are added by their
 * ranges (write.ts), so a cell's rule is the one whose range holds it.
 */
function validationAt(ws: ExcelJS.Worksheet, at: string): ExcelJS.DataValidation | undefined {
  const { row, col } = adr(at);
  const model = (ws as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } })
    .dataValidations.model;
  for (const [range, rule] of Object.entries(model)) {
    const [from, to] = range.split(":").map(adr);
    const end = to ?? from;
    if (row >= from.row && row <= end.row && col >= from.col && col <= end.col) return rule;
  }
  return undefined;
}

const SH = builtinTemplate("sh-district-2023") as Template;
const SUGGESTED: Template = { ...SH, suggestedScoreColumn: true };

const filled = (): SelfEvaluationData => ({
  year: 2023,
  projectName: "使用地方教育附加专项资金开展职工职业培训工作",
  department: "上海市闵行区总工会",
  implementer: "上海市闵行区总工会",
  funding: {
    total: { initialBudget: 1980, annualBudget: 1980, executed: 1905 },
    currentYear: { initialBudget: 1980, annualBudget: 1980, executed: 1905 },
    carryOver: { initialBudget: 0, annualBudget: 0, executed: 0 },
    other: { initialBudget: 0, annualBudget: 0, executed: 0 },
  },
  fundingWeight: 10,
  goals: { expected: "开展职工职业培训。", actual: "完成职工职业培训。" },
  indicators: [
    {
      level1: "产出指标",
      level2: "数量指标",
      level3: "完成企业培训补贴申报审核工作",
      target: "≥350.00(家)",
      actual: "223.00(家)",
      weight: 5,
      score: 3.19,
      deviation: "部分企业未申报。",
    },
    {
      level1: "产出指标",
      level2: "时效指标",
      level3: "补贴发放及时性",
      target: "及时",
      actual: "达成年度指标",
      weight: 45,
      score: 45,
      deviation: null,
    },
    {
      level1: "效益指标",
      level2: "社会效益指标",
      level3: "职工技能提升",
      target: "提升",
      actual: "达成年度指标",
      weight: 30,
      score: 30,
      deviation: null,
    },
    {
      level1: "满意度指标",
      level2: "服务对象满意度指标",
      level3: "职工满意度",
      target: "≥85.00(%)",
      actual: "95.00(%)",
      weight: 10,
      score: 10,
      deviation: null,
    },
  ],
});

const cellOf = (ws: ExcelJS.Worksheet, row: number, col: number): ExcelJS.Cell => ws.getCell(row + 1, col + 1);
const rangeText = (r: RangeSpec): string =>
  r.from.row === r.to.row && r.from.col === r.to.col ? a1(r.from) : rangeA1(r.from, r.to);

/** A workbook's XML parts, for what ExcelJS does not read back (calcPr, the print names as written). */
function xmlParts(buffer: Buffer): Record<string, string> {
  const files = unzipSync(new Uint8Array(buffer), { filter: (f) => f.name.endsWith(".xml") });
  return Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, strFromU8(bytes)]));
}

interface Written {
  sheet: SheetDescription;
  map: StandardMap;
  ws: ExcelJS.Worksheet;
  wb: ExcelJS.Workbook;
  xml: Record<string, string>;
}

let dir = "";
const written: Record<"blank" | "filled", Written> = {} as Record<"blank" | "filled", Written>;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "zpb-write-"));
  const blank = layoutSelfEvaluation(SH, blankSelfEvaluation(SH, 2024), { formNo: 1, sheetName: "空白表" });
  const full = layoutSelfEvaluation(SUGGESTED, filled(), { formNo: 2, sheetName: "职工职业培训" });
  const file = path.join(dir, "forms.xlsx");
  const buffer = await writeWorkbook([blank.sheet, full.sheet], file);
  expect(fs.readFileSync(file).equals(buffer)).toBe(true);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const xml = xmlParts(buffer);
  for (const [key, laid] of [
    ["blank", blank],
    ["filled", full],
  ] as const) {
    const ws = wb.getWorksheet(laid.sheet.sheetName);
    if (!ws) throw new Error(`no sheet ${laid.sheet.sheetName}`);
    written[key] = { ...laid, ws, wb, xml };
  }
});

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe.each(["blank", "filled"] as const)("the %s form, written and read back", (key) => {
  test("values and formulas of every cell", () => {
    const { sheet, ws } = written[key];
    for (const spec of sheet.cells) {
      const cell = cellOf(ws, spec.row, spec.col);
      if (spec.formula !== undefined) {
        expect({ at: cell.address, formula: cell.formula }).toEqual({
          at: cell.address,
          formula: fileFormula(spec.formula),
        });
      } else if (spec.value !== undefined && spec.value !== null) {
        // A merged block's other cells show the master's value when read back.
        if (cell.isMerged && cell.master.address !== cell.address) continue;
        expect({ at: cell.address, value: cell.value }).toEqual({ at: cell.address, value: spec.value });
      }
    }
  });

  test("number formats, fonts, alignment, borders, fills and protection", () => {
    const { sheet, ws } = written[key];
    for (const spec of sheet.cells) {
      const style = spec.style;
      if (!style) continue;
      const cell = cellOf(ws, spec.row, spec.col);
      const at = cell.address;
      if (style.numberFormat) expect({ at, numFmt: cell.numFmt }).toEqual({ at, numFmt: style.numberFormat });
      if (style.font?.name) expect({ at, font: cell.font?.name }).toEqual({ at, font: style.font.name });
      if (style.font?.size) expect({ at, size: cell.font?.size }).toEqual({ at, size: style.font.size });
      if (style.font?.bold) expect({ at, bold: cell.font?.bold }).toEqual({ at, bold: true });
      if (style.horizontal) expect({ at, h: cell.alignment?.horizontal }).toEqual({ at, h: style.horizontal });
      if (style.vertical) {
        expect({ at, v: cell.alignment?.vertical }).toEqual({ at, v: style.vertical });
      }
      if (style.wrap) expect({ at, wrap: cell.alignment?.wrapText }).toEqual({ at, wrap: true });
      if (style.border) {
        for (const side of ["top", "bottom", "left", "right"] as const) {
          expect({ at, side, style: cell.border?.[side]?.style }).toEqual({ at, side, style: "thin" });
        }
      }
      if (style.input) {
        const fill = cell.fill as ExcelJS.FillPattern | undefined;
        expect({ at, fill: fill?.fgColor?.argb }).toEqual({ at, fill: `FF${INPUT_FILL.slice(1)}` });
        expect({ at, locked: cell.protection?.locked }).toEqual({ at, locked: false });
      }
    }
    // Spot checks of the look: the title, a label, a computed cell.
    expect(ws.getCell("A1").font).toMatchObject({ name: "黑体", size: 16, bold: true });
    expect(ws.getCell("A3").value).toBe("项目名称");
    expect(ws.getCell("A3").font).toMatchObject({ bold: true });
    expect(ws.getCell("H6").numFmt).toBe("0.00%");
    expect(ws.getCell("I6").numFmt).toBe("0.00");
    expect(ws.getCell("E6").numFmt).toBe("#,##0.00");
    expect((ws.getCell("I6").fill as ExcelJS.FillPattern | undefined)?.fgColor).toBeUndefined();
  });

  test("merges", () => {
    const { sheet, ws } = written[key];
    const merges = (ws.model as unknown as { merges: string[] }).merges;
    expect([...merges].sort()).toEqual(sheet.merges.map(rangeText).sort());
    expect(merges).toContain("A1:I1");
  });

  test("one workbook-wide defined name per DefinedNameSpec, on the right cells", () => {
    const { sheet, wb } = written[key];
    const names = new Map(wb.definedNames.model.map((n) => [n.name, n.ranges]));
    for (const n of sheet.names) {
      const ref = rangeText(n.range)
        .split(":")
        .map((end) => end.replace(/^([A-Z]+)(\d+)$/, "$$$1$$$2"))
        .join(":");
      expect({ name: n.name, ranges: names.get(n.name) }).toEqual({
        name: n.name,
        ranges: [`'${sheet.sheetName}'!${ref}`],
      });
    }
    expect(sheet.names.length).toBeGreaterThan(20);
  });

  test("data validation: drop-down lists and decimal ranges, with their messages", () => {
    const { sheet, ws } = written[key];
    expect(sheet.validations.length).toBeGreaterThan(3);
    for (const v of sheet.validations) {
      for (const corner of [v.range.from, v.range.to]) {
        const dv = validationAt(ws, a1(corner));
        const at = a1(corner);
        expect({ at, type: dv?.type, errorStyle: dv?.errorStyle, error: dv?.error }).toEqual({
          at,
          type: v.type,
          errorStyle: v.errorStyle,
          error: v.error,
        });
        if (v.prompt) expect({ at, prompt: dv?.prompt }).toEqual({ at, prompt: v.prompt });
        if (v.type === "list") {
          expect({ at, list: dv?.formulae }).toEqual({ at, list: [`"${v.values.join(",")}"`] });
        } else {
          const operator = v.min !== null && v.max !== null ? "between" : "greaterThanOrEqual";
          expect({ at, operator: dv?.operator ?? "between" }).toEqual({ at, operator });
          expect(dv?.formulae).toEqual([v.min, v.max].filter((x) => x !== null));
        }
      }
    }
    // The money cells: decimals ≥ 0; the 一级 column: the template's categories.
    expect(validationAt(ws, "D6")).toMatchObject({
      type: "decimal",
      operator: "greaterThanOrEqual",
      formulae: [0],
    });
    expect(validationAt(ws, "A13")).toMatchObject({
      type: "list",
      formulae: ['"产出指标,效益指标,满意度指标"'],
    });
  });

  test("conditional formats: expressions for the range's top-left cell, fill and font colour", () => {
    const { sheet, ws } = written[key];
    const read = (ws as unknown as { conditionalFormattings: ExcelJS.ConditionalFormattingOptions[] })
      .conditionalFormattings;
    expect(read).toHaveLength(sheet.conditionalFormats.length);
    sheet.conditionalFormats.forEach((cf, i) => {
      const rule = read[i].rules[0] as ExcelJS.ExpressionRuleType;
      expect(read[i].ref).toBe(rangeText(cf.range));
      expect(rule.type).toBe("expression");
      expect(rule.formulae).toEqual([fileFormula(cf.formula)]);
      const fill = rule.style?.fill as ExcelJS.FillPattern | undefined;
      expect(fill?.bgColor?.argb).toBe(`FF${cf.fill.slice(1)}`);
      if (cf.fontColor) expect(rule.style?.font?.color?.argb).toBe(`FF${cf.fontColor.slice(1)}`);
    });
    // ISFORMULA is newer than Excel 2007: stored with its _xlfn. prefix.
    expect(
      read.some((cf) => (cf.rules[0] as ExcelJS.ExpressionRuleType).formulae?.[0]?.startsWith("NOT(_xlfn.ISFORMULA(")),
    ).toBe(true);
  });

  test("column widths, hidden helper columns and row heights", () => {
    const { sheet, ws } = written[key];
    sheet.columnWidths.forEach((w, i) =>
      expect({ col: i, width: Number(ws.getColumn(i + 1).width?.toFixed(4)) }).toEqual({ col: i, width: w }),
    );
    for (let c = 0; c < sheet.columnWidths.length; c++) {
      const hidden = sheet.hiddenColumns.includes(c);
      expect({ col: columnLetters(c), hidden: ws.getColumn(c + 1).hidden }).toEqual({ col: columnLetters(c), hidden });
    }
    expect(sheet.hiddenColumns).toEqual(
      expect.arrayContaining([COL.helperTarget, COL.helperComparator, COL.helperActual]),
    );
    for (const [row, height] of sheet.rowHeights) expect(ws.getRow(row + 1).height).toBe(height);
  });

  test("print setup: A4 portrait, one page wide, title rows, margins, print area", () => {
    const { sheet, ws, xml } = written[key];
    const p = sheet.print;
    expect(ws.pageSetup).toMatchObject({
      paperSize: 9,
      orientation: "portrait",
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      margins: p.margins,
      printArea: rangeA1(p.printArea.from, p.printArea.to),
      printTitlesRow: "1:2",
    });
    // As written: absolute references, as Excel writes them.
    const workbookXml = xml["xl/workbook.xml"];
    const area = `&apos;${sheet.sheetName}&apos;!$A$1:$I$${p.printArea.to.row + 1}`;
    expect(workbookXml).toContain(area);
    expect(workbookXml).toMatch(
      new RegExp(`_xlnm.Print_Titles" localSheetId="\\d">&apos;${sheet.sheetName}&apos;!\\$1:\\$2<`),
    );
  });
});

describe("what is particular to each form", () => {
  test("the blank form: its year line, empty inputs, the 6 default indicator rows of sh-district-2023", () => {
    const { ws, map } = written.blank;
    expect(ws.getCell("A2").value).toBe("（2024年度）");
    expect(ws.getCell("C3").value).toBeNull();
    expect(map.totalRow - map.firstIndicatorRow).toBe(6);
    expect(ws.getCell("K1").value).toBe("sh-district-2023");
  });

  test("the filled form: typed values, the 建议得分 column and its hidden helpers", () => {
    const { ws, map } = written.filled;
    const r = map.firstIndicatorRow;
    expect(cellOf(ws, r, COL.target).value).toBe("≥350.00(家)");
    expect(cellOf(ws, r, COL.score).value).toBe(3.19);
    expect(cellOf(ws, map.indicatorHeaderRow, COL.suggested).value).toBe("建议得分");
    expect(cellOf(ws, r, COL.suggested).formula).toMatch(
      /^IF\(OR\(K\d+="",M\d+="",NOT\(ISNUMBER\(F\d+\)\)\),"",ROUND\(/,
    );
    expect(cellOf(ws, r, COL.helperTarget).formula).toContain("IFERROR(VALUE(");
    expect(ws.getCell(`E${map.fundingRows.total + 1}`).value).toBe(1980);
  });

  test("formulas are written without cached results, and the workbook asks for a full calculation on load", () => {
    const { xml } = written.filled;
    expect(xml["xl/workbook.xml"]).toMatch(/<calcPr[^>]*fullCalcOnLoad="1"/);
    const sheetXml = Object.entries(xml).filter(([name]) => name.startsWith("xl/worksheets/sheet"));
    expect(sheetXml.length).toBe(2);
    for (const [, text] of sheetXml) {
      expect(text).toContain("<f>");
      expect(text).not.toMatch(/<\/f><v>/);
    }
  });
});

describe("the adapter's file-format rules", () => {
  test("newer functions get their _xlfn. prefix, outside string literals only", () => {
    expect(fileFormula("NOT(ISFORMULA(H7))")).toBe("NOT(_xlfn.ISFORMULA(H7))");
    expect(fileFormula('IF(A1="ISFORMULA(x)",IFS(B1,1),"")')).toBe('IF(A1="ISFORMULA(x)",_xlfn.IFS(B1,1),"")');
    expect(fileFormula('IF(A1="say ""ISNA(""",1,0)')).toBe('IF(A1="say ""ISNA(""",1,0)');
    expect(fileFormula("ROUND(ROUND(MIN(H6,1)*G6,9),2)")).toBe("ROUND(ROUND(MIN(H6,1)*G6,9),2)");
    expect(fileFormula("_xlfn.ISFORMULA(A1)")).toBe("_xlfn.ISFORMULA(A1)");
  });

  test("a literal list over Excel's 255 characters, or with a comma in a choice, is left out", () => {
    expect(listFormula(["优", "良"])).toBe('"优,良"');
    expect(listFormula(["a,b"])).toBeNull();
    const long = Array.from({ length: 40 }, (_, i) => `很长的二级指标名称${i}`);
    expect(long.join(",").length).toBeGreaterThan(255);
    expect(listFormula(long)).toBeNull();
    const exactly255 = ["x".repeat(255)];
    expect(listFormula(exactly255)).toBe(`"${"x".repeat(255)}"`);
    expect(listFormula(["x".repeat(256)])).toBeNull();

    const { sheet } = layoutSelfEvaluation(SH, blankSelfEvaluation(SH), { formNo: 1, sheetName: "长列表" });
    const withLong: SheetDescription = {
      ...sheet,
      validations: [
        ...sheet.validations,
        {
          range: { from: { row: 40, col: 0 }, to: { row: 40, col: 0 } },
          type: "list",
          values: long,
          errorStyle: "stop",
          error: "x",
        },
      ],
    };
    const wb = new ExcelJS.Workbook();
    const ws = addSheet(wb, withLong);
    expect(validationAt(ws, "A41")).toBeUndefined();
    expect(validationAt(ws, "A13")?.type).toBe("list");
  });

  test("writeWorkbook without a path gives the bytes of a workbook ExcelJS can open", async () => {
    const { sheet } = layoutSelfEvaluation(SH, blankSelfEvaluation(SH), { formNo: 7, sheetName: "O'Brien 表" });
    const buffer = await writeWorkbook([sheet]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buffer as unknown as Parameters<typeof wb.xlsx.load>[0]);
    expect(wb.getWorksheet("O'Brien 表")?.getCell("A1").value).toBe("财政项目支出绩效自评表");
    expect(wb.definedNames.model.find((n) => n.name === "zpb_projectName_7")?.ranges).toEqual(["'O''Brien 表'!$C$3"]);
    expect(wb.getWorksheet("O'Brien 表")?.pageSetup).toMatchObject({ paperSize: 9, fitToWidth: 1, fitToHeight: 0 });
    expect(buildWorkbook([]).worksheets).toHaveLength(0);
  });
});
