/**
 * Where the task pane gets its workbook gateway: the Office.js implementation (src/excel/gateway.ts)
 * inside Excel, and `disconnectedGateway` where office.js did not load Excel (the pane opened in a
 * plain browser), which answers every call with a Chinese error that the pane shows, so nothing
 * fails silently.
 */
import { createOfficeGateway } from "../excel/gateway";
import type { WorkbookGateway } from "./gateway";

/** The message of every call to the disconnected gateway. */
export const NOT_CONNECTED_MESSAGE = "尚未连接到 Excel";

/** Raised by `disconnectedGateway`: the pane has no connection to a workbook. */
export class NotConnectedError extends Error {
  constructor() {
    super(NOT_CONNECTED_MESSAGE);
    this.name = "NotConnectedError";
  }
}

const reject = <T>(): Promise<T> => Promise.reject(new NotConnectedError());

/** A gateway that rejects every call: the pane outside Excel. */
export const disconnectedGateway: WorkbookGateway = {
  readActiveSheet: () => reject(),
  createForm: () => reject(),
  selectCell: () => reject(),
  planFill: () => reject(),
  applyFill: () => reject(),
  addIndicatorRow: () => reject(),
  deleteIndicatorRow: () => reject(),
  normalizeSheet: () => reject(),
  selfEvaluationFromDeclarations: () => reject(),
  buildSummarySheet: () => reject(),
  onSheetChanged: () => reject(),
  onActiveSheetChanged: () => reject(),
};

/** The gateway the pane uses; called once, after Office is ready. */
export function createGateway(): WorkbookGateway {
  return typeof Excel !== "undefined" ? createOfficeGateway() : disconnectedGateway;
}
