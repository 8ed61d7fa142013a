/**
 * excelRun: a batch is retried while Excel is in cell-edit mode, its result comes back, and every
 * failure reaches the UI as an ExcelOperationError with a Chinese message.
 */
import { OfficeMockObject } from "../../test/office-mock";
import { CELL_EDIT_MODE, ExcelOperationError, SyncCounter, excelRun, skippedMessage, type ExcelRunner } from "./run";

/** An `OfficeExtension.Error` as Office.js throws it: what matters is `code`. */
const officeError = (code: string): Error => Object.assign(new Error(`Excel says ${code}`), { code });

/** A runner that fails with the given codes, in order, then runs the batch on a mock context. */
function failingRunner(codes: string[]): { run: ExcelRunner; attempts: () => number } {
  let attempts = 0;
  const run: ExcelRunner = async (batch) => {
    attempts++;
    const code = codes.shift();
    if (code) throw officeError(code);
    const context = new OfficeMockObject({ workbook: { name: "Book1.xlsx" } });
    return batch(context as unknown as Excel.RequestContext);
  };
  return { run, attempts: () => attempts };
}

const batch = async (context: Excel.RequestContext): Promise<string> => {
  const workbook = context.workbook;
  workbook.load("name");
  await context.sync();
  return workbook.name;
};

describe("excelRun", () => {
  it("retries while Excel is in cell-edit mode, then returns the batch's result", async () => {
    const runner = failingRunner([CELL_EDIT_MODE, CELL_EDIT_MODE]);
    await expect(excelRun(batch, { run: runner.run, delayMs: 1 })).resolves.toBe("Book1.xlsx");
    expect(runner.attempts()).toBe(3);
  });

  it("gives up after the retries with the cell-edit message", async () => {
    const runner = failingRunner(Array(10).fill(CELL_EDIT_MODE));
    const error = await excelRun(batch, { run: runner.run, delayMs: 1, retries: 3 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExcelOperationError);
    expect(error).toMatchObject({
      name: "ExcelOperationError",
      code: CELL_EDIT_MODE,
      message: "单元格正在编辑中，请按 Enter 或 Esc 后重试",
    });
    expect(runner.attempts()).toBe(4);
  });

  it("waits longer at each retry, up to 2 s", async () => {
    jest.useFakeTimers();
    try {
      const runner = failingRunner(Array(5).fill(CELL_EDIT_MODE));
      const done = excelRun(batch, { run: runner.run }).catch((e: unknown) => e);
      const waits = [300, 600, 1200, 2000];
      for (const wait of waits) {
        const before = runner.attempts();
        await jest.advanceTimersByTimeAsync(wait - 1);
        expect(runner.attempts()).toBe(before);
        await jest.advanceTimersByTimeAsync(1);
        expect(runner.attempts()).toBe(before + 1);
      }
      await expect(done).resolves.toMatchObject({ code: CELL_EDIT_MODE });
      expect(runner.attempts()).toBe(5);
    } finally {
      jest.useRealTimers();
    }
  });

  it("does not retry other Excel errors: they pass through as ExcelOperationError with the cause", async () => {
    const runner = failingRunner(["ItemAlreadyExists"]);
    const error = await excelRun(batch, { run: runner.run, delayMs: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExcelOperationError);
    expect(error).toMatchObject({ code: "ItemAlreadyExists", message: "工作簿中已有同名的工作表或名称" });
    expect((error as ExcelOperationError).cause).toMatchObject({ code: "ItemAlreadyExists" });
    expect(runner.attempts()).toBe(1);
  });

  it("wraps an error that did not come from Excel, keeping it as the cause", async () => {
    const bug = new TypeError("x is undefined");
    const error = await excelRun(
      async () => {
        throw bug;
      },
      { run: (b) => b({} as Excel.RequestContext) },
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: "ExcelOperationError",
      code: "Unknown",
      message: "Excel 操作失败，请重试；如仍失败，请保存工作簿后重新打开",
    });
    expect((error as ExcelOperationError).cause).toBe(bug);
  });

  it("lets an ExcelOperationError thrown by the batch through unchanged", async () => {
    const own = new ExcelOperationError("ItemAlreadyExists", null, "工作簿中已有名称“zpb_year_1”");
    const error = await excelRun(
      async () => {
        throw own;
      },
      { run: (b) => b({} as Excel.RequestContext) },
    ).catch((e: unknown) => e);
    expect(error).toBe(own);
  });
});

describe("SyncCounter", () => {
  it("counts the syncs made through a context, and they still sync", async () => {
    const context = new OfficeMockObject({ workbook: { name: "Book1.xlsx" } });
    const counter = new SyncCounter(context as unknown as Excel.RequestContext);
    const workbook = (context as unknown as Excel.RequestContext).workbook;
    workbook.load("name");
    await context.sync();
    expect(workbook.name).toBe("Book1.xlsx");
    await context.sync();
    expect(counter.count).toBe(2);
  });
});

describe("skippedMessage", () => {
  it("says what was skipped and which requirement set is missing", () => {
    expect(skippedMessage({ feature: "dataValidation", requires: "1.8", count: 12 })).toBe(
      "此版本的 Excel 不支持下拉列表和输入限制（数据验证）（需要 ExcelApi 1.8），已跳过 12 项",
    );
    expect(skippedMessage({ feature: "pageLayout", requires: "1.9", count: 0 })).toBe(
      "此版本的 Excel 不支持打印设置（A4、页边距、打印标题）（需要 ExcelApi 1.9），已跳过",
    );
  });
});
