/**
 * office.js for the task pane in a test browser: the in-memory Excel stand-in (test/fake-excel) as the
 * globals office.js defines — `Office`, `Excel`, `OfficeExtension` — plus `window.__fake`, the test's
 * handle on the workbook: type into cells and switch sheets as a user would, read cells, the
 * selection and the counters. Bundled into build/e2e/office.js by webpack.e2e.js; the e2e test serves
 * it in place of Microsoft's CDN script.
 *
 * Options can be set before the script runs: `window.__fakeOptions = { excelApi: "1.12", latencyMs: 5 }`.
 */
import { createFakeExcel, type FakeExcelOptions } from "../fake-excel";

/** What the test drives through `page.evaluate(() => window.__fake…)`; plain data in and out. */
export interface FakeHandle {
  typeInto(sheet: string, address: string, value: string | number | boolean | null): void;
  activate(sheet: string): void;
  setCellEditMode(on: boolean): void;
  resetStats(): void;
  stats(): {
    syncs: number;
    proxies: number;
    writes: number;
    loads: number;
    uiOps: number;
    runs: number;
    events: number;
  };
  writeLog(): string[];
  sheetNames(): string[];
  activeSheet(): string;
  /** `Sheet!A1` of the selection, the sheet name unquoted. */
  selection(): string;
  cell(sheet: string, address: string): { value: unknown; formula: string | null; numberFormat: string; text: string };
  values(sheet: string, address: string): unknown[][];
  formulas(sheet: string): Record<string, string>;
  definedNames(): { name: string; formula: string; scope: string | null }[];
  highlighted(sheet: string): Record<string, string>;
}

declare global {
  interface Window {
    __fake: FakeHandle;
    __fakeOptions?: FakeExcelOptions;
  }
}

const fake = createFakeExcel(window.__fakeOptions ?? {});
const { workbook, stats } = fake;

const w = window as unknown as Record<string, unknown>;
w.Office = fake.Office;
w.Excel = fake.Excel;
w.OfficeExtension = fake.OfficeExtension;
window.__fake = {
  typeInto: (sheet, address, value) => fake.typeInto(sheet, address, value),
  activate: (sheet) => fake.activate(sheet),
  setCellEditMode: (on) => fake.setCellEditMode(on),
  resetStats: () => fake.resetStats(),
  stats: () => {
    const { writeLog: _log, ...counts } = stats;
    return { ...counts };
  },
  writeLog: () => [...stats.writeLog],
  sheetNames: () => workbook.sheetNames(),
  activeSheet: () => workbook.activeSheet.name,
  selection: () => workbook.selectedAddress(),
  cell: (sheet, address) => {
    const c = workbook.cell(sheet, address);
    return { value: c.value, formula: c.formula, numberFormat: c.numberFormat, text: c.text };
  },
  values: (sheet, address) => workbook.values(sheet, address),
  formulas: (sheet) => workbook.formulas(sheet),
  definedNames: () => workbook.definedNames(),
  highlighted: (sheet) => workbook.highlighted(sheet),
};
