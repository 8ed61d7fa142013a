/**
 * Which files `zpb check` reads: files as given, and the forms' files inside folders (recursively) —
 * workbooks (.xlsx, .xlsm, .xls, WPS .et), Word documents (.docx) and PDFs — leaving out the `~$`
 * lock files of Excel and Word and hidden files.
 */
import * as fs from "fs";
import * as path from "path";

const WORKBOOK = /\.(xlsx|xlsm|xls|et|docx|pdf)$/i;

export interface Expanded {
  readonly files: string[];
  /** Arguments that are neither a file nor a folder. */
  readonly missing: string[];
}

/** Expands the command line's FILE|DIR arguments into files, in a stable order. */
export function expandInputs(inputs: readonly string[]): Expanded {
  const files: string[] = [];
  const missing: string[] = [];
  const walk = (dir: string): void => {
    const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name, "zh-CN"));
    for (const e of entries) {
      if (e.name.startsWith(".") || e.name.startsWith("~$")) continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile() && WORKBOOK.test(e.name)) files.push(full);
    }
  };
  for (const input of inputs) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(input);
    } catch {
      missing.push(input);
      continue;
    }
    if (stat.isDirectory()) walk(input);
    else files.push(input);
  }
  return { files, missing };
}
