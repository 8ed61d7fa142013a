/**
 * Test helper (not product code): reads the real forms in shared/fixtures/seeds and pulls out the
 * value strings of their indicator tables.
 *
 * The repository sits beside shared/ (locally /work/main and /work/shared; CI clones the repo with
 * shared/ next to it), so the seeds are at ../shared/fixtures/seeds from the repository root.
 *
 * Extraction is positional-robust rather than by fixed column, because the TSVs shift rows by one
 * cell left or right, leave merged 一级/二级 cells empty and (Songjiang) sometimes leave an empty cell
 * between 三级 and the target.
 */
import * as fs from "fs";
import * as path from "path";

/** The repository root is the parent of test/. */
export const REPO_ROOT = path.resolve(__dirname, "..");
export const SEEDS_DIR = path.resolve(REPO_ROOT, "..", "shared", "fixtures", "seeds");

export const MINHANG = "minhang-2023-self-evaluation.tsv";
export const SONGJIANG = "songjiang-2024-target-declaration.tsv";

/** One TSV line per table row, TAB between cells; the file is read as is (no trimming). */
export function readSeed(name: string): string[][] {
  const text = fs.readFileSync(path.join(SEEDS_DIR, name), "utf8");
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines.map((line) => line.split("\t"));
}

/** A 分值/得分 cell: a plain number such as "10.00", "7.50" or "100". */
const PLAIN_NUMBER = /^\d+(?:\.\d+)?$/;

const isBlankRow = (cells: readonly string[]): boolean => cells.every((c) => c.trim() === "");
const firstCell = (cells: readonly string[]): string => cells.find((c) => c.trim() !== "")?.trim() ?? "";

/** One indicator row of a 自评表: the 年度指标值 and 实际完成值 cells as typed. */
export interface SelfEvaluationRow {
  readonly line: number;
  readonly target: string;
  readonly actual: string;
}

/**
 * The indicator rows of every 自评表 in a self-evaluation TSV. A table runs from a row that contains
 * "年度指标值" to the row whose first cell is "总分". In each row the 分值 cell is the first index i
 * where cells[i] and cells[i+1] are both plain numbers and cells[i-2] exists; the target is
 * cells[i-2], the actual cells[i-1].
 */
export function selfEvaluationRows(rows: readonly string[][]): SelfEvaluationRow[] {
  const out: SelfEvaluationRow[] = [];
  let inTable = false;
  rows.forEach((cells, index) => {
    if (!inTable) {
      if (cells.some((c) => c.includes("年度指标值"))) inTable = true;
      return;
    }
    if (firstCell(cells).replace(/\s/g, "") === "总分") {
      inTable = false;
      return;
    }
    for (let i = 2; i + 1 < cells.length; i++) {
      if (PLAIN_NUMBER.test(cells[i].trim()) && PLAIN_NUMBER.test(cells[i + 1].trim())) {
        out.push({ line: index + 1, target: cells[i - 2], actual: cells[i - 1] });
        break;
      }
    }
  });
  return out;
}

/** One indicator row of a 申报表: the 年度(/项目)指标值 cell as typed. */
export interface DeclarationRow {
  readonly line: number;
  readonly target: string;
}

/** A row that starts a new form (its title lines or its header), which ends an indicator table. */
function isTitleRow(cells: readonly string[]): boolean {
  const first = firstCell(cells).replace(/\s/g, "");
  return /汇总表|申报表|自评表|^\(\d{4}年度\)$|^（\d{4}年度）$|^项目名称/.test(first);
}

/**
 * The indicator rows of every 申报表 in a declaration TSV. A table runs from the header row that
 * contains "年度(/项目)指标值" to the next form's title; the target is the last non-empty cell of
 * each row.
 *
 * Blank lines do not end a table: in the Songjiang 职工服务 form the indicator table goes on after a
 * blank line (a page break in the published document) with 时效指标 指标5 and the whole 效益/满意度
 * block, and those rows hold targets too (≥10000.00(人), 扩大, ≥90.00(%) …).
 */
export function declarationRows(rows: readonly string[][]): DeclarationRow[] {
  const out: DeclarationRow[] = [];
  let inTable = false;
  rows.forEach((cells, index) => {
    if (cells.some((c) => c.includes("年度(/项目)指标值"))) {
      inTable = true;
      return;
    }
    if (!inTable || isBlankRow(cells)) return;
    if (isTitleRow(cells)) {
      inTable = false;
      return;
    }
    const nonEmpty = cells.filter((c) => c.trim() !== "");
    out.push({ line: index + 1, target: nonEmpty[nonEmpty.length - 1] });
  });
  return out;
}

const distinct = (values: Iterable<string>): string[] => [...new Set(values)];

/**
 * Every distinct 年度指标值 and 实际完成值 string of both seed files, as typed in the cell (申报表
 * have no actuals). First-seen order.
 */
export function seedValueStrings(): { targets: string[]; actuals: string[] } {
  const minhang = selfEvaluationRows(readSeed(MINHANG));
  const songjiang = declarationRows(readSeed(SONGJIANG));
  return {
    targets: distinct([...minhang.map((r) => r.target), ...songjiang.map((r) => r.target)]),
    actuals: distinct(minhang.map((r) => r.actual)),
  };
}
