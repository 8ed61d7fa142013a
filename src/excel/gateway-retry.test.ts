/**
 * Every operation that writes, interrupted: the user enters cell-edit mode between two of its round trips
 * (after the 1st, the 2nd, … the last but one), Excel refuses the next request, excelRun runs the
 * operation again once the user has left the cell, and the workbook ends exactly as after an
 * uninterrupted run — no `汇总 (2)`, no second copy of a form, no row inserted twice. On the strict
 * stand-in (test/fake-excel), which refuses a whole batch in cell-edit mode as Excel does
 * (https://learn.microsoft.com/javascript/api/excel/excel.runoptions#excel-excel-runoptions-delayforcelledit-member),
 * at ExcelApi 1.7, and at 1.19.
 */
import { builtinTemplate, type Template } from "../domain";
import { createFakeExcel, type FakeExcel } from "../../test/fake-excel";
import { SONGJIANG, readSeed } from "../../test/fixtures";
import { createOfficeGateway } from "./gateway";
import type { WorkbookGateway } from "../layout/workbook-gateway";

const SH = builtinTemplate("sh-district-2023") as Template;
const DECL = builtinTemplate("sh-2024-declaration") as Template;
const HEADER = { year: 2024, projectName: "职工技能培训", department: "区总工会", implementer: "区总工会" };

/** All a write could change: the sheets in order, the names, each sheet's formulas and values. */
function snapshot(fake: FakeExcel): unknown {
  const wb = fake.workbook;
  return {
    sheets: wb.sheetNames(),
    names: wb.definedNames(),
    content: wb.sheetNames().map((s) => [s, wb.formulas(s), wb.values(s, "A1:N120")]),
  };
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5));

/** Prepares the workbook; returns the sheet the operation works on. */
type Setup = (fake: FakeExcel, gateway: WorkbookGateway) => Promise<string>;
type Operation = (gateway: WorkbookGateway, sheetName: string) => Promise<unknown>;

/** A 自评表 made by 生成, typed in so that 填充 has scores to write. */
const aForm: Setup = async (fake, gateway) => {
  const { sheetName } = await gateway.createForm(SH, HEADER);
  fake.typeInto(sheetName, "C13", "培训人数");
  fake.typeInto(sheetName, "D13", "≥100(人)");
  fake.typeInto(sheetName, "E13", "90(人)");
  fake.typeInto(sheetName, "F13", 20);
  return sheetName;
};
const nothing: Setup = async () => "Sheet1";

/** The Songjiang 申报表s, typed into Sheet1 as they were published (another layout). */
const songjiang: Setup = async (fake) => {
  readSeed(SONGJIANG).forEach((row, r) =>
    row.forEach((text, c) => {
      // `=4.00(人)` is text on the published form: typed with an apostrophe, as a user keeps it text.
      const typed = /^[=+]/.test(text) ? `'${text}` : text;
      if (text.trim() !== "") fake.typeInto("Sheet1", `${String.fromCharCode(65 + c)}${r + 1}`, typed);
    }),
  );
  return "Sheet1";
};

const OPERATIONS: [string, Setup, Operation][] = [
  ["生成 (createForm)", nothing, (g) => g.createForm(SH, HEADER)],
  ["生成 a 申报表", nothing, (g) => g.createForm(DECL, HEADER)],
  ["生成汇总表", aForm, (g) => g.buildSummarySheet()],
  ["规范化", songjiang, (g, sheet) => g.normalizeSheet(sheet)],
  ["由申报表生成自评表", songjiang, (g, sheet) => g.selfEvaluationFromDeclarations(sheet)],
  ["填充 (applyFill)", aForm, async (g, sheet) => g.applyFill(sheet, await g.planFill(sheet))],
  ["增加指标行", aForm, (g, sheet) => g.addIndicatorRow(sheet, 0)],
  ["删除指标行", aForm, (g, sheet) => g.deleteIndicatorRow(sheet, 1)],
];

interface Run {
  readonly fake: FakeExcel;
  readonly result: unknown;
  /** Round trips of the operation, counted from its start. */
  readonly syncs: number;
}

/**
 * Sets up a workbook, then runs the operation; with `interruptAfter`, the user enters cell-edit mode
 * right after that round trip of the first attempt and leaves it 3 ms later.
 */
async function runOnce(excelApi: string, setup: Setup, operation: Operation, interruptAfter?: number): Promise<Run> {
  const fake = createFakeExcel({ excelApi });
  const uninstall = fake.install();
  try {
    let syncs = 0;
    let armed = false;
    const run = ((batch: (context: Excel.RequestContext) => Promise<unknown>) =>
      fake.Excel.run(async (context) => {
        const sync = context.sync.bind(context);
        context.sync = (async <T>(value?: T): Promise<T> => {
          const answer = await sync(value);
          if (!armed) return answer as T;
          syncs++;
          if (syncs === interruptAfter) {
            fake.setCellEditMode(true);
            setTimeout(() => fake.setCellEditMode(false), 3);
          }
          return answer as T;
        }) as typeof context.sync;
        return batch(context);
      })) as unknown as typeof Excel.run;
    const gateway = createOfficeGateway({ run, retryDelayMs: 2 });
    const sheetName = await setup(fake, gateway);
    await settle();
    armed = true;
    const result = await operation(gateway, sheetName);
    await settle();
    return { fake, result, syncs };
  } finally {
    uninstall();
  }
}

describe.each(["1.7", "1.19"])("cell-edit mode between two round trips, at ExcelApi %s", (excelApi) => {
  test.each(OPERATIONS)("%s: the same workbook as without the interruption", async (_name, setup, operation) => {
    const clean = await runOnce(excelApi, setup, operation);
    const expected = snapshot(clean.fake);
    expect(clean.syncs).toBeGreaterThanOrEqual(1);
    for (let k = 1; k < clean.syncs; k++) {
      const interrupted = await runOnce(excelApi, setup, operation, k);
      expect({ after: k, workbook: snapshot(interrupted.fake) }).toEqual({ after: k, workbook: expected });
      expect({ after: k, result: interrupted.result }).toEqual({ after: k, result: clean.result });
    }
  });
});
