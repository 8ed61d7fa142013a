/**
 * The templates a workbook carries: the very hidden sheet is described for the writers, read back
 * (through an .xlsx file too, as very hidden), long JSON split under Excel's cell limit, an invalid
 * carried template ignored and reported, and the sheet never taken for a form.
 */
import { builtinTemplate, type Template } from "../domain";
import { checkWorkbook } from "./report";
import { readWorkbookBuffer } from "../xlsx/fast-reader";
import { writeWorkbook } from "../xlsx/write";
import {
  TEMPLATE_CHUNK,
  TEMPLATE_SHEET,
  readCarriedTemplates,
  templateSheet,
  withTemplate,
  type CarriedTemplateIssue,
} from "./carried-templates";
import { cellKey, mapGrid, type GridCell, type WorkbookGrid } from "./grid";
import { recognizeWorkbook } from "./recognize";
import { blankSelfEvaluation, layoutSelfEvaluation } from "./standard";

const SH = builtinTemplate("sh-district-2023") as Template;
const MOF = builtinTemplate("mof-2021") as Template;
const LONG: Template = { ...SH, id: "long-one", description: "说明".repeat(40000) };

/** The workbook of a sheet's rows, as a reader gives it. */
function bookOf(rows: readonly (readonly string[])[]): WorkbookGrid {
  const cells = new Map<number, GridCell>();
  rows.forEach((row, r) => row.forEach((v, c) => v !== "" && cells.set(cellKey(r, c), { value: v })));
  return { sheets: [mapGrid(TEMPLATE_SHEET, cells, [], "veryHidden")], definedNames: [] };
}
const rowsOf = (sheet: ReturnType<typeof templateSheet>): string[][] => {
  const rows: string[][] = [];
  for (const c of sheet.cells) (rows[c.row] ??= [])[c.col] = String(c.value);
  return rows;
};

describe("templateSheet", () => {
  it("is very hidden, one template a row (first of an id kept), JSON in chunks Excel can hold", () => {
    const sheet = templateSheet([SH, LONG, SH]);
    expect(sheet.sheetName).toBe("zpb_templates");
    expect(sheet.state).toBe("veryHidden");
    const rows = rowsOf(sheet);
    expect(rows.map((r) => r[0])).toEqual(["模板编号", "sh-district-2023", "long-one"]);
    expect(rows[2].length).toBeGreaterThan(3);
    expect(sheet.cells.every((c) => String(c.value).length <= TEMPLATE_CHUNK)).toBe(true);
    expect(TEMPLATE_CHUNK).toBeLessThan(32767);
  });

  it("reads back what it wrote, each template equal to the original", () => {
    const carried = readCarriedTemplates(bookOf(rowsOf(templateSheet([SH, LONG, MOF]))));
    expect([...carried.keys()]).toEqual(["sh-district-2023", "long-one", "mof-2021"]);
    expect(carried.get("long-one")).toEqual(LONG);
    expect(carried.get("mof-2021")).toEqual(MOF);
  });

  it("ignores and reports a carried template that is broken, invalid, or under another id", () => {
    const rows = rowsOf(templateSheet([SH]));
    rows.push(["cut", '{"schemaVersion":1,']);
    rows.push(["bad", JSON.stringify({ ...SH, id: "bad", fullScore: -1 })]);
    rows.push(["other", JSON.stringify(MOF)]);
    const issues: CarriedTemplateIssue[] = [];
    const carried = readCarriedTemplates(bookOf(rows), (i) => issues.push(i));
    expect([...carried.keys()]).toEqual(["sh-district-2023"]);
    expect(issues.map((i) => [i.id, i.row])).toEqual([
      ["cut", 3],
      ["bad", 4],
      ["other", 5],
    ]);
    expect(issues[0].issues[0].message).toContain("不是有效的 JSON");
    expect(issues[1].issues.some((i) => i.path === "fullScore")).toBe(true);
    expect(issues[2].issues[0].message).toContain("不一致");
  });

  it("gives nothing for a workbook without the sheet", () => {
    expect(readCarriedTemplates({ sheets: [], definedNames: [] }).size).toBe(0);
  });
});

describe("withTemplate (the add-in's update of an existing sheet)", () => {
  it("adds a row, replaces a changed one, and leaves an identical one alone", () => {
    const first = withTemplate([], SH);
    expect(first?.map((r) => r[0])).toEqual(["模板编号", "sh-district-2023"]);
    const second = withTemplate(first ?? [], MOF);
    expect(second?.map((r) => r[0])).toEqual(["模板编号", "sh-district-2023", "mof-2021"]);
    expect(withTemplate(second ?? [], MOF)).toBeNull();
    const changed = withTemplate(second ?? [], { ...SH, fullScore: 100, description: "改" });
    expect(changed).toHaveLength(3);
    const carried = readCarriedTemplates(bookOf(changed ?? []));
    expect(carried.get("sh-district-2023")?.description).toBe("改");
    // A rectangle, as Office.js writes values.
    expect(new Set((changed ?? []).map((r) => r.length)).size).toBe(1);
  });
});

describe("in an .xlsx file", () => {
  it("is written very hidden, read back so, and is not taken for a form", async () => {
    const form = layoutSelfEvaluation(SH, blankSelfEvaluation(SH, 2024), { formNo: 1, sheetName: "自评表" }).sheet;
    const bytes = await writeWorkbook([form, templateSheet([SH, LONG])]);
    const read = await readWorkbookBuffer(bytes);
    if (!read.ok) throw new Error(read.error.message);
    expect(read.workbook.sheets.map((s) => [s.name, s.state])).toEqual([
      ["自评表", "visible"],
      ["zpb_templates", "veryHidden"],
    ]);
    expect(readCarriedTemplates(read.workbook).get("long-one")).toEqual(LONG);
    expect(recognizeWorkbook(read.workbook)).toHaveLength(0);
    const report = checkWorkbook("x.xlsx", read.workbook);
    expect(report.forms.map((f) => [f.sheet, f.template])).toEqual([["自评表", "sh-district-2023"]]);
  });
});
