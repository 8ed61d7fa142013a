/**
 * Bounded reads on the strict stand-in, which refuses a response over Excel on the web's 5 MB
 * (https://learn.microsoft.com/office/dev/add-ins/concepts/resource-limits-and-performance-optimization#excel-add-ins):
 * a sheet far larger than any form — 3,000 rows of long text, about 15 MB of answer — reads whole and
 * right, where loading its used range at once is refused; a form within A1:Z200 still takes one round trip.
 */
import { createFakeExcel, type FakeExcel } from "../../test/fake-excel";
import { readSheetGrid, readWorkbookGrid } from "./read-grid";

const ALL = (): boolean => true;
const ROWS = 3000;
const COLS = 20;
/** 40 CJK characters: 120 bytes of UTF-8, sent twice (values and formulas). */
const text = (r: number, c: number): string => `第${r}行第${c}列`.padEnd(40, "长");

async function bigSheet(): Promise<FakeExcel> {
  const fake = createFakeExcel({ sheets: ["大表"] });
  // Written 250 rows a request: each request stays under the limit too, so one sync per block is the point.
  for (let top = 0; top < ROWS; top += 250) {
    await fake.Excel.run(async (context) => {
      const rows = Array.from({ length: 250 }, (_, i) => Array.from({ length: COLS }, (_, c) => text(top + i, c)));
      context.workbook.worksheets.getItem("大表").getRangeByIndexes(top, 0, 250, COLS).values = rows;
      // eslint-disable-next-line office-addins/no-context-sync-in-loop -- a request per block, to stay under 5 MB
      await context.sync();
    });
  }
  return fake;
}

describe("reads bounded by Excel's response limit", () => {
  let fake: FakeExcel;
  beforeAll(async () => {
    fake = await bigSheet();
  }, 60_000);

  test("the stand-in refuses the used range in one load (what an unbounded read would do)", async () => {
    await expect(
      fake.Excel.run(async (context) => {
        const used = context.workbook.worksheets.getItem("大表").getUsedRange(true);
        used.load("values, formulas, numberFormat, valueTypes");
        await context.sync();
      }),
    ).rejects.toMatchObject({ code: "ResponsePayloadSizeLimitExceeded" });
  });

  test("readSheetGrid reads every cell, in round trips each under the limit", async () => {
    fake.resetStats();
    const { workbook } = await fake.Excel.run((context) => readSheetGrid(context, "大表", { supports: ALL }));
    const sheet = workbook.sheets[0];
    for (const [r, c] of [
      [0, 0],
      [199, COLS - 1],
      [200, 0],
      [1234, 7],
      [ROWS - 1, COLS - 1],
    ]) {
      expect(sheet.cell(r, c)?.value).toBe(text(r, c));
    }
    let count = 0;
    for (let r = 0; r < ROWS; r++) for (let c = 0; c < COLS; c++) if (sheet.cell(r, c)?.value === text(r, c)) count++;
    expect(count).toBe(ROWS * COLS);
    expect(fake.stats.writes).toBe(0);
  });

  test("readWorkbookGrid too", async () => {
    const { workbook } = await fake.Excel.run((context) => readWorkbookGrid(context, { supports: ALL }));
    const sheet = workbook.sheets.find((s) => s.name === "大表");
    expect(sheet?.cell(ROWS - 1, 0)?.value).toBe(text(ROWS - 1, 0));
    expect(sheet?.cell(1500, 10)?.value).toBe(text(1500, 10));
  });

  test("a form within A1:Z200 is one round trip; one cell below row 200 makes it two", async () => {
    const small = createFakeExcel({ sheets: ["表"] });
    small.typeInto("表", "Z200", "最后");
    small.typeInto("表", "A1", "项目");
    small.resetStats();
    await small.Excel.run((context) => readSheetGrid(context, "表", { supports: ALL }));
    expect(small.stats.syncs).toBe(1);
    small.typeInto("表", "A201", "多一行");
    small.resetStats();
    const { workbook } = await small.Excel.run((context) => readSheetGrid(context, "表", { supports: ALL }));
    expect(small.stats.syncs).toBe(2);
    expect(workbook.sheets[0].cell(200, 0)?.value).toBe("多一行");
    expect(workbook.sheets[0].cell(199, 25)?.value).toBe("最后");
  });
});
