/**
 * Template files (docs/模板格式.md): reading one with every problem in Chinese — a missing file,
 * JSON that does not parse (with its line and column), a template that does not satisfy the schema
 * (each `path：message`) — and writing a new one from a built-in, for `zpb template validate` and
 * `zpb template new`.
 */
import * as fs from "fs";
import { validateTemplate, type Template, type TemplateIssue } from "../domain";

export type TemplateFileResult =
  | { readonly ok: true; readonly template: Template }
  | {
      readonly ok: false;
      /** NOT_FOUND: no such file; NOT_JSON: not JSON; INVALID: JSON, but not a valid template. */
      readonly code: "NOT_FOUND" | "NOT_JSON" | "INVALID";
      readonly issues: readonly TemplateIssue[];
    };

/** 1-based line and column of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { line, column: offset - (before.lastIndexOf("\n") + 1) + 1 };
}

/**
 * Where JSON text first goes wrong (the character offset), or null when it is well formed. Node 20's
 * JSON.parse does not say where; this small scanner of the JSON grammar does.
 * @example jsonErrorOffset('{"a":}') === 5
 */
export function jsonErrorOffset(text: string): number | null {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && " \t\n\r".includes(text[i])) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const literal = (word: string): void => {
    for (const ch of word) {
      if (text[i] !== ch) fail();
      i++;
    }
  };
  const string = (): void => {
    if (text[i] !== '"') fail();
    i++;
    for (;;) {
      if (i >= text.length) fail();
      const ch = text[i];
      if (ch === '"') return void i++;
      if (ch < " ") fail();
      if (ch === "\\") {
        i++;
        if (text[i] === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail();
          i += 5;
        } else if ('"\\/bfnrt'.includes(text[i] ?? "x")) i++;
        else fail();
      } else i++;
    }
  };
  const number = (): void => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m || m[0] === "" || m[0] === "-") fail();
    i += (m as RegExpExecArray)[0].length;
  };
  const value = (): void => {
    ws();
    const ch = text[i];
    if (ch === "{") {
      i++;
      ws();
      if (text[i] === "}") return void i++;
      for (;;) {
        ws();
        string();
        ws();
        if (text[i] !== ":") fail();
        i++;
        value();
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === "}") return void i++;
        else fail();
      }
    }
    if (ch === "[") {
      i++;
      ws();
      if (text[i] === "]") return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === "]") return void i++;
        else fail();
      }
    }
    if (ch === '"') return string();
    if (ch === "t") return literal("true");
    if (ch === "f") return literal("false");
    if (ch === "n") return literal("null");
    return number();
  };
  try {
    value();
    ws();
    return i < text.length ? i : null;
  } catch (at) {
    if (typeof at === "number") return Math.min(at, text.length);
    throw at;
  }
}

/**
 * A template from JSON text: parsed (a leading BOM, as Windows Notepad writes, is ignored) and
 * validated, every problem in Chinese.
 */
export function parseTemplateText(text: string): TemplateFileResult {
  const source = text.replace(/^\uFEFF/, "");
  let data: unknown;
  try {
    data = JSON.parse(source);
  } catch {
    const offset = jsonErrorOffset(source) ?? 0;
    const { line, column } = lineColumn(source, offset);
    const near = source.slice(offset, offset + 12).split("\n")[0];
    const where = offset >= source.length ? "文件意外结束" : `“${near}”处有误`;
    return {
      ok: false,
      code: "NOT_JSON",
      issues: [{ path: "", message: `不是有效的 JSON：第 ${line} 行第 ${column} 列，${where}` }],
    };
  }
  const result = validateTemplate(data);
  return result.ok ? result : { ok: false, code: "INVALID", issues: result.issues };
}

/** A template file read and validated; a missing or unreadable file is an issue too. */
export function readTemplateFile(file: string): TemplateFileResult {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as { code?: string }).code;
    const message =
      code === "ENOENT"
        ? `找不到文件：${file}`
        : code === "EISDIR"
          ? `${file} 是文件夹，不是模板文件`
          : `无法读取 ${file}`;
    return { ok: false, code: "NOT_FOUND", issues: [{ path: "", message }] };
  }
  return parseTemplateText(text);
}

/** The issues of a template file, one a line: `  gradeBands.1.min：…`. */
export function issueLines(issues: readonly TemplateIssue[]): string {
  return issues.map((i) => `  ${i.path || "（整个文件）"}：${i.message}\n`).join("");
}

/**
 * The JSON text of a new template started from another: the same settings, a new id and name, every
 * default written out so the bureau sees what it may change. Validated: a bad new id is an issue.
 */
export function newTemplateText(
  from: Template,
  changes: { readonly id?: string; readonly name?: string } = {},
): TemplateFileResult & { readonly text?: string } {
  const data = {
    ...from,
    id: changes.id ?? from.id,
    name: changes.name ?? from.name,
  };
  const result = validateTemplate(data);
  if (!result.ok) return { ok: false, code: "INVALID", issues: result.issues };
  return { ...result, text: `${JSON.stringify(result.template, null, 2)}\n` };
}
