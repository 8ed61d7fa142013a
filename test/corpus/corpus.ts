/**
 * The corpus of real published forms (test/corpus/README.md): loading each form's TSV and its JSON,
 * rendering it as a workbook laid out like the original (its merges, its columns, numbers typed as
 * Excel stores them), and scoring what the checker finds against the findings written by hand.
 *
 * Used by `npm run corpus` (scripts/corpus.ts) and by test/corpus.test.ts.
 */
import ExcelJS from "exceljs";
import * as fs from "fs";
import * as path from "path";
import { adr } from "../../src/domain/address";
import { FINDING_CODES, SEVERITY, type FindingCode } from "../../src/domain/findings";
import type { FormKind } from "../../src/domain/model";
import { cellKey, mapGrid, type GridCell, type MergedRange, type SheetGrid } from "../../src/layout/grid";
import { addGrid } from "../fixture-workbooks";
import { parseTsv, type Rows } from "../tsv-grid";

export const CORPUS_DIR = path.resolve(__dirname);

export interface Expectation {
  readonly code: FindingCode;
  /** A1 in the TSV's coordinates, or null for a finding about the whole form. */
  readonly cell: string | null;
  readonly why: string;
}

export interface CorpusMeta {
  readonly kind: FormKind;
  readonly source: string | null;
  readonly province: string;
  readonly region: string;
  readonly year: number | null;
  readonly publisher?: string;
  readonly whole: boolean;
  readonly merges: readonly string[];
  readonly expected: readonly Expectation[];
  readonly unplacedOk?: readonly { readonly cell: string; readonly why: string }[];
  readonly notes?: string;
}

export interface CorpusEntry {
  readonly id: string;
  readonly rows: Rows;
  readonly meta: CorpusMeta;
}

/** Thrown when a corpus file does not follow test/corpus/README.md: the corpus itself is wrong. */
export class CorpusFormatError extends Error {
  constructor(id: string, detail: string) {
    super(`test/corpus/${id}: ${detail}`);
    this.name = "CorpusFormatError";
  }
}

/** Codes that speak of the whole form: not expected of, nor counted against, a form transcribed in part. */
export const WHOLE_FORM_CODES: ReadonlySet<FindingCode> = new Set<FindingCode>([
  "WEIGHT_TOTAL_MISMATCH",
  "TOTAL_SCORE_MISMATCH",
  "WEIGHTS_NONSTANDARD",
  "LEVEL1_MISSING",
  "GRADE_MISMATCH",
  "PLACEHOLDER_ROWS",
]);

/** `A1:C3` (or a lone `B2`) as a merged range; throws on anything else. */
export function parseRange(text: string): MergedRange {
  const [from, to] = text.split(":");
  return { from: adr(from), to: adr(to ?? from) };
}

const isA1 = (text: string): boolean => /^[A-Z]{1,3}[1-9]\d{0,6}$/.test(text);

/** Every form of the corpus, in file-name order. */
export function loadCorpus(dir: string = CORPUS_DIR): CorpusEntry[] {
  const ids = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".tsv"))
    .map((f) => f.slice(0, -4))
    .sort();
  return ids.map((id) => {
    const rows = parseTsv(fs.readFileSync(path.join(dir, `${id}.tsv`), "utf8"));
    const jsonPath = path.join(dir, `${id}.json`);
    if (!fs.existsSync(jsonPath)) throw new CorpusFormatError(id, "has no .json");
    const meta = JSON.parse(fs.readFileSync(jsonPath, "utf8")) as CorpusMeta;
    for (const e of meta.expected) {
      if (!FINDING_CODES.includes(e.code)) throw new CorpusFormatError(id, `unknown code ${e.code}`);
      if (e.cell !== null && !isA1(e.cell)) throw new CorpusFormatError(id, `bad cell ${e.cell}`);
    }
    for (const m of meta.merges) {
      const r = parseRange(m);
      for (let row = r.from.row; row <= r.to.row; row++) {
        for (let col = r.from.col; col <= r.to.col; col++) {
          if ((row !== r.from.row || col !== r.from.col) && (rows[row]?.[col] ?? "") !== "")
            throw new CorpusFormatError(id, `merge ${m} covers a cell that holds text`);
        }
      }
    }
    return { id, rows, meta };
  });
}

const NUMBER = /^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/;
const PERCENT = /^[+-]?\d+(\.\d+)?%$/;

/**
 * A cell as Excel stores what was typed: `9.62` a number shown with 2 decimals, `1,980.00` a number
 * with thousands separators, `96.21%` the fraction 0.9621 shown as a percentage; anything else text.
 */
export function typedCell(text: string): GridCell {
  const t = text.trim();
  const decimals = (s: string): number => (s.includes(".") ? s.replace(/%$/, "").split(".")[1].length : 0);
  if (NUMBER.test(t)) {
    const d = decimals(t);
    const format = `${t.includes(",") ? "#,##0" : "0"}${d > 0 ? "." + "0".repeat(d) : ""}`;
    return { value: Number(t.replace(/,/g, "")), ...(format === "0" ? {} : { numberFormat: format }) };
  }
  if (PERCENT.test(t)) {
    const d = decimals(t);
    const value = Number((Number(t.slice(0, -1)) / 100).toFixed(d + 2));
    return { value, numberFormat: `0${d > 0 ? "." + "0".repeat(d) : ""}%` };
  }
  return { value: text };
}

export interface GridOptions {
  readonly name?: string;
  /** Store every cell as the text of the TSV (a sheet pasted from a web page); default: typed as in Excel. */
  readonly text?: boolean;
}

/** The corpus form as a SheetGrid: its cells (typed) and its merges (A1 ranges or ranges). */
export function corpusGrid(
  rows: Rows,
  merges: readonly (string | MergedRange)[],
  options: GridOptions = {},
): SheetGrid {
  const cells = new Map<number, GridCell>();
  rows.forEach((row, r) =>
    row.forEach((text, c) => {
      if (text.trim() === "") return;
      cells.set(cellKey(r, c), options.text ? { value: text } : typedCell(text));
    }),
  );
  return mapGrid(
    options.name ?? "Sheet1",
    cells,
    merges.map((m) => (typeof m === "string" ? parseRange(m) : m)),
  );
}

/** Writes grids as the sheets of one .xlsx file (values, number formats, merges), as units send them. */
export async function writeGridsWorkbook(grids: readonly SheetGrid[], file: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  for (const grid of grids) {
    const ws = addGrid(workbook, grid);
    ws.columns.forEach((col) => (col.width = 14));
  }
  await workbook.xlsx.writeFile(file);
}

// ---------------------------------------------------------------------------------------------------
// Scoring

/** What the checker reported for one form, as `zpb check --json` gives it (cells without the sheet). */
export interface CheckedForm {
  readonly kind: FormKind;
  readonly findings: readonly {
    readonly code: string;
    readonly severity: string;
    readonly cell: string | null;
    readonly message: string;
  }[];
  readonly unplaced: readonly { readonly cell: string; readonly text: string; readonly reason: string }[];
}

export interface FormScore {
  readonly id: string;
  readonly province: string;
  /** The form was found (exactly one form of its kind). */
  readonly read: boolean;
  readonly expected: number;
  readonly found: number;
  readonly missed: readonly Expectation[];
  /** Error findings that no expectation names. */
  readonly falseErrors: readonly CheckedForm["findings"][number][];
  /** Unplaced cells not explained in the form's JSON. */
  readonly unplaced: readonly CheckedForm["unplaced"][number][];
  readonly forms: number;
}

/** `Sheet!A1` or `'Sheet'!A1` → `A1`. */
const bareCell = (cell: string | null): string | null => (cell === null ? null : cell.replace(/^.*!/, ""));

/**
 * Scores the forms the checker found in one corpus file against the expectations written by hand:
 * an expectation is found when a finding has its code and its cell (any cell when it names none); a
 * false error is an error-severity finding no expectation names.
 */
export function scoreForm(entry: CorpusEntry, checked: readonly CheckedForm[]): FormScore {
  const counted = (code: string): boolean => entry.meta.whole || !WHOLE_FORM_CODES.has(code as FindingCode);
  const expected = entry.meta.expected.filter((e) => counted(e.code));
  const ofKind = checked.filter((f) => f.kind === entry.meta.kind);
  const form = ofKind.length === 1 ? ofKind[0] : null;
  const findings = form ? form.findings.filter((f) => counted(f.code)) : [];
  const names = (e: Expectation, f: CheckedForm["findings"][number]): boolean =>
    e.code === f.code && (e.cell === null || e.cell === bareCell(f.cell));
  const missed = expected.filter((e) => !findings.some((f) => names(e, f)));
  const falseErrors = findings.filter((f) => f.severity === "error" && !expected.some((e) => names(e, f)));
  const ok = new Set((entry.meta.unplacedOk ?? []).map((u) => u.cell));
  const unplaced = form ? form.unplaced.filter((u) => !ok.has(bareCell(u.cell) ?? "")) : [];
  return {
    id: entry.id,
    province: entry.meta.province,
    read: form !== null,
    expected: expected.length,
    found: expected.length - missed.length,
    missed,
    falseErrors,
    unplaced,
    forms: checked.length,
  };
}

/** The severity of a code, for expectations (which name only codes). */
export const severityOf = (code: FindingCode): string => SEVERITY[code];
