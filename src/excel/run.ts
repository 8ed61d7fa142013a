/**
 * How every Office.js operation of the add-in runs: one `Excel.run` per user operation, retried while
 * the user is typing in a cell (Excel refuses every request in cell-edit mode and says so with
 * `InvalidOperationInCellEditMode`), and every other failure handed back to the UI as an
 * `ExcelOperationError` with a Chinese message. Also what the adapters share: the injected test of
 * API support and the report of features skipped for the lack of it.
 */

/** What runs a batch: `Excel.run` in the add-in, a fake in tests. */
export type ExcelRunner = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

/**
 * Whether the host supports an ExcelApi requirement set (`"1.8"`). The manifest guarantees 1.7;
 * anything above is tested at run time and the feature is skipped, and reported, when missing.
 */
export type ApiSupport = (version: string) => boolean;

/** The host's answer, for the add-in; tests pass their own function. */
export const officeApiSupport: ApiSupport = (version) =>
  Office.context.requirements.isSetSupported("ExcelApi", version);

/** A feature an adapter left out because the host lacks the requirement set it needs. */
export interface SkippedFeature {
  readonly feature: "dataValidation" | "conditionalFormats" | "pageLayout" | "mergedAreas";
  /** The ExcelApi requirement set that was missing: `"1.8"`. */
  readonly requires: string;
  /** How many items of the description were not applied (0 when the feature is all-or-nothing). */
  readonly count: number;
}

const FEATURE_LABELS: Record<SkippedFeature["feature"], string> = {
  dataValidation: "下拉列表和输入限制（数据验证）",
  conditionalFormats: "条件格式提示",
  pageLayout: "打印设置（A4、页边距、打印标题）",
  mergedAreas: "合并单元格信息",
};

/**
 * The sentence the task pane shows for a skipped feature.
 * @example skippedMessage({ feature: "dataValidation", requires: "1.8", count: 12 })
 * // "此版本的 Excel 不支持下拉列表和输入限制（数据验证）（需要 ExcelApi 1.8），已跳过 12 项"
 */
export function skippedMessage(skipped: SkippedFeature): string {
  const count = skipped.count > 0 ? `，已跳过 ${skipped.count} 项` : "，已跳过";
  return `此版本的 Excel 不支持${FEATURE_LABELS[skipped.feature]}（需要 ExcelApi ${skipped.requires}）${count}`;
}

/** The Excel error code of cell-edit mode, as `OfficeExtension.Error.code` carries it. */
export const CELL_EDIT_MODE = "InvalidOperationInCellEditMode";

/** The Chinese message of an Excel error code; a general one for codes the user cannot act on. */
export function excelErrorMessage(code: string): string {
  switch (code) {
    case CELL_EDIT_MODE:
      return "单元格正在编辑中，请按 Enter 或 Esc 后重试";
    case "AccessDenied":
      return "工作簿或工作表受保护，无法修改，请取消保护后重试";
    case "ItemAlreadyExists":
      return "工作簿中已有同名的工作表或名称";
    case "ItemNotFound":
      return "找不到要操作的工作表或单元格，它可能已被删除或重命名";
    case "MergedRangeConflict":
      return "要写入的区域与已有的合并单元格冲突";
    case "InsertDeleteConflict":
    case "Conflict":
      return "工作簿正被其他操作修改，请稍后重试";
    case "RequestPayloadSizeLimitExceeded":
    case "ResponsePayloadSizeLimitExceeded":
    case "RangeExceedsLimit":
    case "OperationCellsExceedLimit":
      return "工作表内容过多，超出了 Excel 单次操作的上限";
    case "ApiNotFound":
    case "UnsupportedFeature":
    case "UnsupportedOperation":
    case "NotImplemented":
      return "此版本的 Excel 不支持该操作";
    case "RequestAborted":
      return "操作被 Excel 中止，请重试";
    default:
      return "Excel 操作失败，请重试；如仍失败，请保存工作簿后重新打开";
  }
}

/** A failed Office.js operation, with a message for the user and what Excel said for the log. */
export class ExcelOperationError extends Error {
  /** Excel's error code (`ItemAlreadyExists`), or `Unknown` when the error did not come from Excel. */
  readonly code: string;
  override readonly cause: unknown;

  constructor(code: string, cause: unknown, message: string = excelErrorMessage(code)) {
    super(message);
    this.name = "ExcelOperationError";
    this.code = code;
    this.cause = cause;
  }
}

/** The `code` of an Office.js error (`OfficeExtension.Error`), or null for anything else. */
function errorCode(error: unknown): string | null {
  if (typeof error !== "object" || error === null || !("code" in error)) return null;
  const code = (error as { code: unknown }).code;
  return typeof code === "string" ? code : null;
}

export interface RunOptions {
  /** Retries after the first try while Excel is in cell-edit mode. Default 4 (5 tries, about 4.1 s in all). */
  readonly retries?: number;
  /** The first pause; it doubles at each retry, up to 2 s. Default 300 ms. */
  readonly delayMs?: number;
  /** Defaults to `Excel.run`. */
  readonly run?: ExcelRunner;
}

const MAX_DELAY_MS = 2000;

/**
 * Runs one operation on the workbook. While the user is editing a cell, Excel rejects the whole
 * batch before doing any of it, so running the batch again is safe; it is retried with a growing
 * pause. Any other failure, and cell-edit mode that outlasts the retries, is rethrown as an
 * `ExcelOperationError` carrying the original error as `cause`.
 * @example const grid = await excelRun((context) => readWorkbookGrid(context, { supports }))
 */
export async function excelRun<T>(
  batch: (context: Excel.RequestContext) => Promise<T>,
  options: RunOptions = {},
): Promise<T> {
  const retries = options.retries ?? 4;
  const delayMs = options.delayMs ?? 300;
  const run: ExcelRunner = options.run ?? ((b) => Excel.run(b));
  for (let attempt = 0; ; attempt++) {
    try {
      return await run(batch);
    } catch (error) {
      if (error instanceof ExcelOperationError) throw error;
      const code = errorCode(error);
      if (code === CELL_EDIT_MODE && attempt < retries) {
        await new Promise((resolve) => setTimeout(resolve, Math.min(delayMs * 2 ** attempt, MAX_DELAY_MS)));
        continue;
      }
      throw new ExcelOperationError(code ?? "Unknown", error);
    }
  }
}

/**
 * Counts the `context.sync()` calls made through a context, for tests and the benchmark: the
 * adapters promise a fixed number of round trips whatever the form's size.
 * @example const counter = new SyncCounter(context); await writeSheet(context, sheet, o); counter.count // 2
 */
export class SyncCounter {
  private calls = 0;

  constructor(context: Pick<Excel.RequestContext, "sync">) {
    const original = context.sync.bind(context);
    context.sync = (<T>(passThroughValue?: T): Promise<T> => {
      this.calls++;
      return original(passThroughValue) as Promise<T>;
    }) as typeof context.sync;
  }

  get count(): number {
    return this.calls;
  }
}
