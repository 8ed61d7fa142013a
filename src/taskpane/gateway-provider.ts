/**
 * Where the task pane gets its workbook gateway. The Office.js implementation (src/excel/gateway.ts) is
 * being written separately; until it lands, the pane runs on `disconnectedGateway`, which answers every
 * call with a Chinese error that the pane shows, so the build works and nothing fails silently.
 * When src/excel/gateway.ts exists, createGateway() returns it instead.
 */
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

/** A gateway that rejects every call; replaced by src/excel/gateway.ts. */
export const disconnectedGateway: WorkbookGateway = {
  readActiveSheet: () => reject(),
  createForm: () => reject(),
  selectCell: () => reject(),
  planFill: () => reject(),
  applyFill: () => reject(),
  addIndicatorRow: () => reject(),
  deleteIndicatorRow: () => reject(),
  onSheetChanged: () => reject(),
  onActiveSheetChanged: () => reject(),
};

/** The gateway the pane uses; called once, after Office is ready. */
export function createGateway(): WorkbookGateway {
  return disconnectedGateway;
}
