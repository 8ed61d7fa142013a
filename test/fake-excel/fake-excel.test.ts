/**
 * The Excel stand-in behaves like Excel's proxy model — a property is readable only once loaded and
 * synced, nothing reaches the workbook before sync, round trips, proxies and writes are counted,
 * events come asynchronously, cell-edit mode refuses requests — and the add-in's own adapters
 * (writeSheet, readSheetGrid/readWorkbookGrid, excelRun) work on it: the 11 Minhang forms, laid out
 * through it, compute in HyperFormula what the engine computes, and read back as the forms they were.
 */
/* eslint-disable office-addins/call-sync-before-read, office-addins/load-object-before-read, office-addins/call-sync-after-load, office-addins/no-navigational-load -- these tests break Office.js's rules on purpose, to see the stand-in refuse what Excel refuses */
import {
  builtinTemplate,
  computeSelfEvaluation,
  dec,
  executionRate,
  numberIn,
  type Dec,
  type SelfEvaluationForm,
  type Template,
} from "../../src/domain";
import { readSheetGrid, readWorkbookGrid } from "../../src/excel/read-grid";
import { CELL_EDIT_MODE, ExcelOperationError, excelRun } from "../../src/excel/run";
import { writeSheet } from "../../src/excel/write-sheet";
import { readStandardForms } from "../../src/layout/read-standard";
import { COL, blankSelfEvaluation, layoutSelfEvaluation, type StandardMap } from "../../src/layout/standard";
import { minhangForms } from "../seed-forms";
import { dataOf } from "../standard-form";
import { createFakeExcel, propertyNotLoadedMessage, type FakeExcel } from "./index";

const SH = builtinTemplate("sh-district-2023") as Template;
const SUGGESTED: Template = { ...SH, id: "sh-district-2023-suggested", suggestedScoreColumn: true };
const ALL = (): boolean => true;

type Ctx = Excel.RequestContext;
const run = <T>(fake: FakeExcel, batch: (context: Ctx) => Promise<T>): Promise<T> => fake.Excel.run(batch);

/** Resolves after the events queued so far have been delivered. */
const tick = (ms = 5): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe("proxy model", () => {
  it("refuses to read a property that was not loaded, or loaded but not yet synced, with Office.js's message", async () => {
    const fake = createFakeExcel();
    fake.typeInto("Sheet1", "A1", 42);
    await run(fake, async (context) => {
      const range = context.workbook.worksheets.getItem("Sheet1").getRange("A1");
      expect(() => range.values).toThrow(propertyNotLoadedMessage("values"));
      expect(propertyNotLoadedMessage("values")).toBe(
        `The property 'values' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
      );
      range.load("values");
      expect(() => range.values).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
      await context.sync();
      expect(range.values).toEqual([[42]]);
      // Loaded is not everything: another property still needs its own load.
      expect(() => range.address).toThrow(propertyNotLoadedMessage("address"));
    });
  });

  it("queues writes: the workbook is unchanged until sync, and a set value reads back before it", async () => {
    const fake = createFakeExcel();
    await run(fake, async (context) => {
      const range = context.workbook.worksheets.getItem("Sheet1").getRange("B2:C2");
      range.values = [[1, "=B2*3"]];
      range.format.font.bold = true;
      expect(range.values).toEqual([[1, "=B2*3"]]);
      expect(fake.workbook.cell("Sheet1", "B2").valueType).toBe("Empty");
      expect(fake.stats.writes).toBe(2);
      await context.sync();
      expect(fake.workbook.values("Sheet1", "B2:C2")).toEqual([[1, 3]]);
      expect(fake.workbook.cell("Sheet1", "C2").formula).toBe("=B2*3");
    });
  });

  it("counts round trips, proxies (a navigation property once per parent) and writes", async () => {
    const fake = createFakeExcel();
    await run(fake, async (context) => {
      const range = context.workbook.worksheets.getItem("Sheet1").getRange("A1");
      expect(fake.stats.proxies).toBe(4); // workbook, worksheets, worksheet, range
      void range.format;
      void range.format;
      expect(fake.stats.proxies).toBe(5);
      range.format.fill.color = "#ffee00";
      expect(fake.stats.proxies).toBe(6);
      expect(fake.stats.writes).toBe(1);
      await context.sync();
      expect(fake.stats.writeLog).toEqual(["Range(Sheet1!A1).format.fill.color"]);
      await context.sync();
    });
    expect(fake.stats.syncs).toBe(2);
    expect(fake.stats.writes).toBe(1);
    expect(fake.workbook.format(fake.workbook.sheet("Sheet1"), 0, 0).fill).toBe("#FFEE00");
  });

  it("sends what a batch left queued when Excel.run ends, and refuses its objects afterwards", async () => {
    const fake = createFakeExcel();
    const range = await run(fake, async (context) => {
      const r = context.workbook.worksheets.getItem("Sheet1").getRange("A1");
      r.values = [["x"]];
      return r;
    });
    expect(fake.stats.syncs).toBe(1);
    expect(fake.workbook.cell("Sheet1", "A1").value).toBe("x");
    range.load("values");
    await expect(range.context.sync()).rejects.toMatchObject({ code: "InvalidObjectPath" });
  });

  it("answers null objects: isNullObject after sync, undefined properties; getItem fails with ItemNotFound", async () => {
    const fake = createFakeExcel();
    await run(fake, async (context) => {
      const missing = context.workbook.worksheets.getItemOrNullObject("无此表");
      const used = context.workbook.worksheets.getItem("Sheet1").getUsedRangeOrNullObject();
      used.load("address");
      expect(() => missing.isNullObject).toThrow(propertyNotLoadedMessage("isNullObject"));
      await context.sync();
      expect(missing.isNullObject).toBe(true);
      expect(used.isNullObject).toBe(true);
      expect(used.address).toBeUndefined();
    });
    await expect(
      run(fake, async (context) => {
        context.workbook.worksheets.getItem("无此表").load("name");
        await context.sync();
      }),
    ).rejects.toMatchObject({ code: "ItemNotFound", name: "RichApi.Error" });
  });

  it("loads by string, array, select object and property tree; collections answer items; toJSON", async () => {
    const fake = createFakeExcel({ sheets: ["甲", "乙 表"] });
    fake.typeInto("甲", "A1", "文字");
    await run(fake, async (context) => {
      const sheets = context.workbook.worksheets;
      sheets.load("items/name, items/position");
      const a = sheets.getItem("甲").getRange("A1");
      a.load(["values", "address"]);
      const b = sheets.getItem("甲").getRange("A1:B1");
      b.load({ select: "rowCount, columnCount" });
      const c = sheets.getItem("乙 表").getRange("C3");
      c.load({ address: true, format: { font: { bold: true } } });
      expect(() => sheets.items).toThrow(propertyNotLoadedMessage("items"));
      await context.sync();
      expect(sheets.items.map((s) => [s.name, s.position])).toEqual([
        ["甲", 0],
        ["乙 表", 1],
      ]);
      expect(a.toJSON()).toEqual({ values: [["文字"]], address: "甲!A1" });
      expect([b.rowCount, b.columnCount]).toEqual([1, 2]);
      expect(c.toJSON()).toEqual({ address: "'乙 表'!C3", format: { font: { bold: false } } });
      expect(sheets.toJSON()).toEqual({
        items: [
          { name: "甲", position: 0 },
          { name: "乙 表", position: 1 },
        ],
      });
    });
  });

  it("says what it does not emulate instead of ignoring it", async () => {
    const fake = createFakeExcel();
    await run(fake, async (context) => {
      const range = context.workbook.worksheets.getItem("Sheet1").getRange("A1") as unknown as Record<string, unknown>;
      expect(() => range.getSpillingToRange).toThrow("FakeExcel: not implemented: Range.getSpillingToRange");
      expect(() => {
        range.style = "Good";
      }).toThrow("FakeExcel: not implemented: setting Range.style");
      expect(() => (fake.Excel as unknown as Record<string, unknown>).SpecialCellType).toThrow(
        "FakeExcel: not implemented: Excel.SpecialCellType",
      );
    });
  });

  it("refuses APIs above the host's ExcelApi version, and says which versions it supports", async () => {
    const fake = createFakeExcel({ excelApi: "1.12" });
    expect(fake.Office.context.requirements.isSetSupported("ExcelApi", "1.12")).toBe(true);
    expect(fake.Office.context.requirements.isSetSupported("ExcelApi", "1.13")).toBe(false);
    await expect(
      run(fake, async (context) => {
        context.workbook.worksheets.getItem("Sheet1").getRange().getMergedAreasOrNullObject().load("address");
        await context.sync();
      }),
    ).rejects.toMatchObject({ code: "ApiNotFound" });
    fake.setExcelApi("1.19");
    expect(fake.Office.context.requirements.isSetSupported("ExcelApi", "1.13")).toBe(true);
  });
});

describe("cell-edit mode", () => {
  it("fails every request with InvalidOperationInCellEditMode, and excelRun retries until the user leaves it", async () => {
    const fake = createFakeExcel();
    fake.typeInto("Sheet1", "A1", 7);
    fake.setCellEditMode(true);
    const read = (context: Ctx) => {
      const r = context.workbook.worksheets.getItem("Sheet1").getRange("A1");
      r.load("values");
      return context.sync().then(() => r.values[0][0] as number);
    };
    await expect(run(fake, read)).rejects.toMatchObject({ code: CELL_EDIT_MODE });
    setTimeout(() => fake.setCellEditMode(false), 60);
    const value = await excelRun(read, { run: (b) => fake.Excel.run(b), delayMs: 20 });
    expect(value).toBe(7);
    expect(fake.stats.runs).toBeGreaterThan(2);
  });

  it("gives up after the retries with the Chinese message", async () => {
    const fake = createFakeExcel();
    fake.setCellEditMode(true);
    const error = await excelRun((context) => context.sync(), {
      run: (b) => fake.Excel.run(b),
      retries: 2,
      delayMs: 1,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExcelOperationError);
    expect((error as ExcelOperationError).code).toBe(CELL_EDIT_MODE);
  });

  it("waits instead, for Excel.run({ delayForCellEdit: true })", async () => {
    const fake = createFakeExcel();
    fake.setCellEditMode(true);
    setTimeout(() => fake.setCellEditMode(false), 30);
    const runWith = fake.Excel.run as unknown as (o: object, b: (c: Ctx) => Promise<string>) => Promise<string>;
    await expect(runWith({ delayForCellEdit: true }, (context) => context.sync("done"))).resolves.toBe("done");
  });
});

describe("events", () => {
  it("calls onChanged handlers asynchronously after a user's typing, with the cell and the source", async () => {
    const fake = createFakeExcel({ sheets: ["表一", "表二"] });
    const seen: Record<string, unknown>[] = [];
    const registration = await run(fake, async (context) => {
      const result = context.workbook.worksheets.onChanged.add(async (event) => {
        seen.push({ ...event });
      });
      await context.sync();
      return result;
    });
    fake.typeInto("表一", "C3", "12");
    expect(seen).toEqual([]);
    await tick();
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      type: "WorksheetChanged",
      changeType: "RangeEdited",
      source: "Local",
      address: "C3",
      worksheetId: fake.workbook.sheet("表一").id,
      triggerSource: "Unknown",
      details: { valueBefore: "", valueAfter: 12, valueTypeAfter: "Double" },
    });
    registration.remove();
    await registration.context.sync();
    fake.typeInto("表一", "C4", 1);
    await tick();
    expect(seen).toHaveLength(1);
  });

  it("reports the add-in's own writes too (as Excel does), marked ThisLocalAddin, once the sync has answered", async () => {
    const fake = createFakeExcel();
    const seen: string[] = [];
    await run(fake, async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      sheet.onChanged.add(async (event) => {
        seen.push(`${event.address} ${String(event.triggerSource)}`);
      });
      await context.sync();
      sheet.getRange("A1:B1").values = [[1, 2]];
      await context.sync();
    });
    await tick();
    expect(seen).toEqual(["A1:B1 ThisLocalAddin"]);
  });

  it("calls onActivated when the user switches sheets, and when the add-in activates one", async () => {
    const fake = createFakeExcel({ sheets: ["表一", "表二"] });
    const seen: string[] = [];
    await run(fake, async (context) => {
      context.workbook.worksheets.onActivated.add(async (event) => {
        seen.push(fake.workbook.sheet(event.worksheetId).name);
      });
      await context.sync();
    });
    fake.activate("表二");
    await tick();
    await run(fake, async (context) => {
      context.workbook.worksheets.getItem("表一").activate();
      await context.sync();
    });
    await tick();
    expect(seen).toEqual(["表二", "表一"]);
    expect(fake.stats.uiOps).toBe(1);
    expect(fake.stats.writes).toBe(0);
  });
});

describe("the workbook", () => {
  it("parses typed values as Excel does, and computes formulas through HyperFormula", () => {
    const fake = createFakeExcel();
    fake.typeInto("Sheet1", "A1", "92%");
    fake.typeInto("Sheet1", "A2", "'2024");
    fake.typeInto("Sheet1", "A3", "1,234.5");
    fake.typeInto("Sheet1", "A4", "TRUE");
    fake.typeInto("Sheet1", "B1", '=IF(A1>0.9,ROUND(A1*A3,2),"")');
    expect(fake.workbook.cell("Sheet1", "A1")).toMatchObject({ value: 0.92, numberFormat: "0%", text: "92%" });
    expect(fake.workbook.cell("Sheet1", "A2")).toMatchObject({ value: "2024", valueType: "String", quotePrefix: true });
    expect(fake.workbook.cell("Sheet1", "A3").value).toBe(1234.5);
    expect(fake.workbook.cell("Sheet1", "A4").value).toBe(true);
    expect(fake.workbook.cell("Sheet1", "B1").value).toBe(1135.74);
    fake.typeInto("Sheet1", "A1", "50%");
    expect(fake.workbook.cell("Sheet1", "B1").value).toBe("");
  });

  it("moves formulas, names, merges and formats when rows are inserted or deleted", async () => {
    const fake = createFakeExcel();
    await run(fake, async (context) => {
      const ws = context.workbook.worksheets.getItem("Sheet1");
      ws.getRange("A1:B3").values = [
        [1, "=A1*2"],
        [2, "=A2*2"],
        [3, "=SUM(B1:B2)"],
      ];
      ws.getRange("C3:D3").merge(false);
      ws.getRange("B1").format.font.bold = true;
      context.workbook.names.add("zpb_total_1", ws.getRange("B3"));
      await context.sync();
      ws.getRange("2:2").insert("Down");
      ws.getRange("A1:B1").getOffsetRange(1, 0).copyFrom(ws.getRange("A1:B1"));
      await context.sync();
    });
    expect(fake.workbook.formulas("Sheet1")).toEqual({ B1: "=A1*2", B2: "=A2*2", B3: "=A3*2", B4: "=SUM(B1:B3)" });
    expect(fake.workbook.values("Sheet1", "A1:B4")).toEqual([
      [1, 2],
      [1, 2],
      [2, 4],
      [3, 8],
    ]);
    expect(fake.workbook.definedNames()).toEqual([{ name: "zpb_total_1", formula: "=Sheet1!$B$4", scope: null }]);
    expect(fake.workbook.mergesOf("Sheet1")).toEqual(["C4:D4"]);
    expect(fake.workbook.format(fake.workbook.sheet("Sheet1"), 1, 1).fontBold).toBe(true);
    await run(fake, async (context) => {
      context.workbook.worksheets.getItem("Sheet1").getRange("2:3").delete("Up");
      await context.sync();
    });
    expect(fake.workbook.formulas("Sheet1")).toEqual({ B1: "=A1*2", B2: "=SUM(B1:B1)" });
    expect(fake.workbook.definedNames()[0].formula).toBe("=Sheet1!$B$2");
    expect(fake.workbook.mergesOf("Sheet1")).toEqual(["C2:D2"]);
  });
});

describe("copies and names", () => {
  it("copyFrom moves a conditional format's relative formula with the part copied; a name's formula can be set", async () => {
    const fake = createFakeExcel();
    await run(fake, async (context) => {
      const ws = context.workbook.worksheets.getItem("Sheet1");
      ws.getRange("A1:B3").values = [
        [5, 10],
        [12, 10],
        [3, 10],
      ];
      const cf = ws.getRange("A1:A3").conditionalFormats.add("Custom");
      cf.custom.rule.formula = "=A1>B1";
      cf.custom.format.fill.color = "#FFC7CE";
      context.workbook.names.add("zpb_scores_1", ws.getRange("A1:A3"));
      await context.sync();
      ws.getRange("4:4").insert("Down");
      ws.getRange("A4:B4").copyFrom("A2:B2", "All");
      context.workbook.names.getItem("zpb_scores_1").formula = "=Sheet1!$A$1:$A$4";
      await context.sync();
    });
    const sheet = fake.workbook.sheet("Sheet1");
    expect(sheet.conditionalFormats.map((cf) => [cf.formula, cf.rect])).toEqual([
      ["=A1>B1", { r1: 0, c1: 0, r2: 2, c2: 0 }],
      ["=A4>B4", { r1: 3, c1: 0, r2: 3, c2: 0 }],
    ]);
    expect(fake.workbook.highlighted("Sheet1")).toEqual({ A2: "#FFC7CE", A4: "#FFC7CE" });
    expect(fake.workbook.definedNames()).toEqual([{ name: "zpb_scores_1", formula: "=Sheet1!$A$1:$A$4", scope: null }]);
  });
});

/** A computed cell as HyperFormula left it, checked against the engine. */
function compare(
  fake: FakeExcel,
  sheet: string,
  map: StandardMap,
  form: SelfEvaluationForm,
  template: Template,
): string[] {
  const problems: string[] = [];
  const engine = computeSelfEvaluation(form, template);
  const at = (row: number, col: number) => fake.workbook.value(fake.workbook.sheet(sheet), row, col);
  const check = (what: string, got: unknown, expected: Dec | string | null, tolerance: number): void => {
    if (expected === null) {
      if (got !== "") problems.push(`${sheet} ${what}: sheet ${JSON.stringify(got)}, engine null`);
    } else if (typeof expected === "string") {
      if (got !== expected) problems.push(`${sheet} ${what}: sheet ${JSON.stringify(got)}, engine ${expected}`);
    } else if (typeof got !== "number" || dec(got).minus(expected).abs().toNumber() >= tolerance) {
      problems.push(`${sheet} ${what}: sheet ${JSON.stringify(got)}, engine ${expected.toString()}`);
    }
  };
  const total = form.funding.total;
  const executed = numberIn(total.executed);
  const divisor = numberIn(template.executionRateDivisor === "annualBudget" ? total.annualBudget : total.initialBudget);
  const rate = executed !== null && divisor !== null ? executionRate(executed, divisor) : null;
  check("执行率", at(map.fundingRows.total, COL.rate), rate, 0.00005);
  check("资金得分", at(map.fundingRows.total, COL.fundingScore), engine.fundingScore, 1e-7);
  check("满分", at(map.totalRow, COL.weight), engine.fullScore, 1e-7);
  check("总分", at(map.totalRow, COL.score), engine.totalScore, 1e-7);
  if (map.gradeRow !== null) check("评分等级", at(map.gradeRow, 2), engine.grade, 0);
  if (map.suggestedColumn !== null) {
    engine.indicators.forEach((ind, i) =>
      check(`建议得分 ${i + 1}`, at(map.firstIndicatorRow + i, COL.suggested), ind.suggested, 1e-7),
    );
  }
  return problems;
}

describe("the add-in's adapters on the stand-in", () => {
  it("writeSheet lays out the 11 Minhang forms; they compute the engine's values and read back as the same forms", async () => {
    const fake = createFakeExcel();
    const cases = minhangForms().flatMap((form, k) =>
      [SH, SUGGESTED].map((template, t) => ({ form, template, formNo: k * 2 + t + 1 })),
    );
    const laid: { sheetName: string; map: StandardMap; form: SelfEvaluationForm; template: Template }[] = [];
    for (const c of cases) {
      const { sheet, map } = layoutSelfEvaluation(c.template, dataOf(c.form), {
        formNo: c.formNo,
        sheetName: `F${c.formNo}`,
      });
      fake.resetStats();
      const report = await run(fake, (context) => writeSheet(context, sheet, { supports: ALL }));
      // Two round trips whatever the form, and every cell of the description sent.
      expect(fake.stats.syncs).toBe(2);
      expect(report.skipped).toEqual([]);
      laid.push({ sheetName: report.sheetName, map, form: c.form, template: c.template });
    }
    expect(fake.workbook.activeSheet.name).toBe(laid[laid.length - 1].sheetName);

    // HyperFormula computes what the engine computes.
    const problems = laid.flatMap((l) => compare(fake, l.sheetName, l.map, l.form, l.template));
    expect(problems).toEqual([]);

    // The whole workbook reads back as the forms that were laid out, in three round trips: the sheets,
    // their extents, then the cells (11 forms are far under 40,000 cells).
    fake.resetStats();
    const { workbook } = await run(fake, (context) => readWorkbookGrid(context, { supports: ALL }));
    expect(fake.stats.syncs).toBe(3);
    expect(fake.stats.writes).toBe(0);
    const read = readStandardForms(workbook);
    expect(read).toHaveLength(laid.length);
    read.forEach((r, i) => {
      expect(r.missing).toEqual([]);
      const { form, template } = laid[i];
      if (r.form.kind !== "self-evaluation") throw new Error("not a 自评表");
      expect(r.form.indicators.map((ind) => [ind.level3.value, ind.target.value, ind.actual.value])).toEqual(
        form.indicators.map((ind) => [ind.level3.value, ind.target.value, ind.actual.value]),
      );
      const a = computeSelfEvaluation(r.form, template);
      const b = computeSelfEvaluation(form, template);
      expect([a.totalScore?.toString(), a.grade, a.fundingScore?.toString()]).toEqual([
        b.totalScore?.toString(),
        b.grade,
        b.fundingScore?.toString(),
      ]);
    });
  });

  it("reads the active sheet in one round trip, with the formulas' computed values in the grid", async () => {
    const fake = createFakeExcel();
    const data = blankSelfEvaluation(SH, 2024);
    const funding = { ...data.funding, total: { initialBudget: 100, annualBudget: 100, executed: 98.5 } };
    const { sheet, map } = layoutSelfEvaluation(SH, { ...data, funding }, { formNo: 1, sheetName: "自评表" });
    await run(fake, (context) => writeSheet(context, sheet, { supports: ALL }));
    fake.resetStats();
    const { workbook } = await run(fake, (context) => readSheetGrid(context, null, { supports: ALL }));
    expect(fake.stats).toMatchObject({ syncs: 1, writes: 0 });
    const grid = workbook.sheets[0];
    expect(grid.name).toBe("自评表");
    expect(grid.cell(map.fundingRows.total, COL.rate)).toMatchObject({ value: 0.985, numberFormat: "0.00%" });
    expect(grid.cell(map.fundingRows.total, COL.fundingScore)?.value).toBe(9.85);
    expect(grid.merges.length).toBeGreaterThan(10);
  });
});

describe("payload limits, as Excel on the web's 5 MB (here set to 100 bytes)", () => {
  // ["abc"] is 7 bytes of JSON; [["甲"]] is 9 (甲 is 3 bytes of UTF-8).
  const limited = (): FakeExcel => createFakeExcel({ payloadLimitBytes: 100 });

  it("answers a response of exactly the limit, refuses one byte more", async () => {
    const fake = limited();
    // [["x…x"]]: 6 bytes of JSON around the text.
    fake.typeInto("Sheet1", "A1", "x".repeat(94));
    fake.typeInto("Sheet1", "A2", "x".repeat(95));
    const load = (address: string) =>
      fake.Excel.run(async (context) => {
        const range = context.workbook.worksheets.getItem("Sheet1").getRange(address).load("values");
        await context.sync();
        return range.values;
      });
    await expect(load("A1")).resolves.toEqual([["x".repeat(94)]]);
    await expect(load("A2")).rejects.toMatchObject({ code: "ResponsePayloadSizeLimitExceeded" });
  });

  it("sends a request of exactly the limit, refuses one byte more and applies none of it", async () => {
    const fake = limited();
    const write = (cells: Record<string, string>) =>
      fake.Excel.run(async (context) => {
        const sheet = context.workbook.worksheets.getItem("Sheet1");
        for (const [address, value] of Object.entries(cells)) sheet.getRange(address).values = [[value]];
        await context.sync();
      });
    // Two writes of 50 bytes each: [["…44…"]].
    await write({ A1: "a".repeat(44), A2: "b".repeat(44) });
    expect(fake.workbook.cell("Sheet1", "A2").value).toBe("b".repeat(44));
    await expect(write({ B1: "c".repeat(44), B2: "d".repeat(45) })).rejects.toMatchObject({
      code: "RequestPayloadSizeLimitExceeded",
    });
    expect(fake.workbook.cell("Sheet1", "B1").value).toBe("");
  });
});

describe("what Excel refuses, refused", () => {
  const write = (fake: FakeExcel, batch: (sheet: Excel.Worksheet) => void) =>
    fake.Excel.run(async (context) => {
      batch(context.workbook.worksheets.getItem("Sheet1"));
      await context.sync();
    });

  it("a protected sheet: no format on a locked cell, unless protected with allowFormatCells; unlocked cells format", async () => {
    const fake = createFakeExcel();
    await write(fake, (s) => {
      s.getRange("B1").format.protection.locked = false;
      s.protection.protect();
    });
    await expect(write(fake, (s) => (s.getRange("A1").format.fill.color = "#FFEE00"))).rejects.toMatchObject({
      code: "AccessDenied",
    });
    await expect(write(fake, (s) => (s.getRange("A1").numberFormat = [["0.00"]]))).rejects.toMatchObject({
      code: "AccessDenied",
    });
    await write(fake, (s) => (s.getRange("B1").numberFormat = [["0.00"]]));
    expect(fake.workbook.cell("Sheet1", "B1").numberFormat).toBe("0.00");

    await write(fake, (s) => {
      s.protection.unprotect();
      s.protection.protect({ allowFormatCells: true });
    });
    await write(fake, (s) => (s.getRange("A1").format.fill.color = "#FFEE00"));
    expect(fake.workbook.format(fake.workbook.sheet("Sheet1"), 0, 0).fill).toBe("#FFEE00");
    // Contents of a locked cell stay refused.
    await expect(write(fake, (s) => (s.getRange("A1").values = [["x"]]))).rejects.toMatchObject({
      code: "AccessDenied",
    });
  });

  it("a merged area: written whole or at its top-left cell; part of it is refused", async () => {
    const fake = createFakeExcel();
    await write(fake, (s) => s.getRange("A1:C2").merge(false));
    await write(fake, (s) => (s.getRange("A1").values = [["左上"]]));
    expect(fake.workbook.cell("Sheet1", "A1").value).toBe("左上");
    await write(
      fake,
      (s) =>
        (s.getRange("A1:C3").values = [
          ["整", "", ""],
          ["", "", ""],
          ["", "", "外"],
        ]),
    );
    expect(fake.workbook.cell("Sheet1", "C3").value).toBe("外");
    for (const part of ["B1", "A1:B1", "C2:D2"]) {
      const row = part.includes(":") ? ["x", "y"] : ["x"];
      await expect(write(fake, (s) => (s.getRange(part).values = [row]))).rejects.toMatchObject({
        code: "InvalidOperation",
      });
    }
    expect(fake.workbook.cell("Sheet1", "B1").value).toBe("");
  });
});
