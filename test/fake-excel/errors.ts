/**
 * The errors of the stand-in: `OfficeError` has the shape of Office.js's `OfficeExtension.Error`
 * (`name` "RichApi.Error", `code`, `debugInfo`), so the add-in's error handling sees what Excel would
 * send; `NotImplementedError` says which part of the API the stand-in lacks, so that gaps are found
 * instead of ignored.
 */

/** Office.js's text for a property read before it was loaded and synced. */
export const propertyNotLoadedMessage = (property: string): string =>
  `The property '${property}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`;

const MESSAGES: Record<string, string> = {
  InvalidOperationInCellEditMode:
    "Excel is in cell-editing mode. Please exit the edit mode by pressing ENTER or TAB or selecting another cell, and then try again.",
  ItemNotFound: "The requested resource doesn't exist.",
  ItemAlreadyExists: "The resource with the same name or identifier already exists.",
  InvalidArgument: "The argument is invalid or missing or has an incorrect format.",
  InvalidObjectPath: "The object path is not working for what you're trying to do.",
  InvalidRequestContext: "Cannot use the object across different request contexts.",
  AccessDenied: "You cannot perform the requested operation.",
  InvalidOperation: "The operation attempted is invalid on the object.",
  ResponsePayloadSizeLimitExceeded: "The response payload size has exceeded the limit.",
  GeneralException: "There was an internal error while processing the request.",
};

export class OfficeError extends Error {
  readonly code: string;
  readonly debugInfo: { code: string; message: string; errorLocation?: string };
  readonly traceMessages: string[] = [];
  readonly innerError = null;
  readonly httpStatusCode = 400;

  constructor(code: string, detail?: string, errorLocation?: string) {
    const message = detail ? `${MESSAGES[code] ?? code} (${detail})` : (MESSAGES[code] ?? code);
    super(message);
    this.name = "RichApi.Error";
    this.code = code;
    this.debugInfo = { code, message, ...(errorLocation ? { errorLocation } : {}) };
  }
}

/** Thrown for a part of the Excel JS API the stand-in does not emulate. */
export class NotImplementedError extends Error {
  readonly code = "FakeExcelNotImplemented";

  constructor(what: string) {
    super(`FakeExcel: not implemented: ${what}`);
    this.name = "NotImplementedError";
  }
}

export const notImplemented = (what: string): never => {
  throw new NotImplementedError(what);
};
