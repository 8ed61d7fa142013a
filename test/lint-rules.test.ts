/**
 * The layering rule: src/domain imports no Office, UI, xlsx library or Node I/O. ESLint enforces it;
 * this test proves the rule bites, by linting probe files as if they sat in src/domain.
 */
import { execFileSync } from "child_process";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");
const ESLINT = path.join(ROOT, "node_modules", ".bin", "eslint");

/** The rule ids ESLint reports for `code` placed at `file`. */
function ruleIds(code: string, file: string): string[] {
  let out: string;
  try {
    out = execFileSync(ESLINT, ["--format", "json", "--stdin", "--stdin-filename", file], {
      cwd: ROOT,
      input: code,
      encoding: "utf8",
    });
  } catch (error) {
    // ESLint exits 1 when it finds problems; its JSON report is still on stdout.
    out = (error as { stdout: string }).stdout;
  }
  const [result] = JSON.parse(out) as { messages: { ruleId: string | null }[] }[];
  return result.messages.map((m) => m.ruleId ?? "fatal");
}

test.each([
  ['import * as fs from "fs";\nexport const x = fs;\n'],
  ['import { readFileSync } from "node:fs";\nexport const x = readFileSync;\n'],
  ['import * as React from "react";\nexport const x = React;\n'],
  ['import ExcelJS from "exceljs";\nexport const x = ExcelJS;\n'],
  ['import { Button } from "@fluentui/react-components";\nexport const x = Button;\n'],
  ['import { layout } from "../excel/layout";\nexport const x = layout;\n'],
])("src/domain may not import: %s", (code) => {
  expect(ruleIds(code, "src/domain/probe.ts")).toContain("no-restricted-imports");
});

test("src/domain may not touch Office", () => {
  expect(ruleIds("export const ready = () => Office.onReady();\n", "src/domain/probe.ts")).toContain(
    "no-restricted-globals",
  );
});

test("the same imports are fine outside src/domain", () => {
  expect(ruleIds('import * as fs from "fs";\nexport const x = fs;\n', "src/cli/probe.ts")).toEqual([]);
});

test("pure imports are fine inside src/domain", () => {
  expect(ruleIds('import { dec } from "./decimal";\nexport const x = dec(1);\n', "src/domain/probe.ts")).toEqual([]);
});
