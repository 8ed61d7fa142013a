/**
 * Test helper (not product code) for tests on the standard sheet: the domain form of the data a
 * standard sheet was laid out from (so that the engine and the sheet's formulas see the same
 * inputs), the layout data of a fixture form, and LibreOffice (headless) to recalculate or print
 * the written files.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { Field, FundingRow, Indicator, SelfEvaluationForm } from "../src/domain/model";
import { readNumber, type RawValue } from "../src/domain/numbers";
import type { Template } from "../src/domain/templates/schema";
import {
  COL,
  defaultIndicators,
  type IndicatorData,
  type SelfEvaluationData,
  type StandardMap,
} from "../src/layout/standard";

const field = (value: RawValue | undefined, row: number, col: number): Field => ({
  value: value === undefined ? null : value,
  at: { row, col },
});

/**
 * The domain form of a standard sheet laid out from `data`: every value where the layout put it.
 * The computed cells (执行率, 资金得分, 总分, 评分等级) are left empty: the engine computes them.
 */
export function standardForm(
  data: SelfEvaluationData,
  map: StandardMap,
  template: Template,
  sheet: string,
): SelfEvaluationForm {
  const funding = (key: keyof SelfEvaluationData["funding"]): FundingRow => {
    const r = map.fundingRows[key];
    const amounts = data.funding[key];
    return {
      initialBudget: field(amounts.initialBudget, r, COL.initialBudget),
      annualBudget: field(amounts.annualBudget, r, COL.annualBudget),
      executed: field(amounts.executed, r, COL.executed),
      weight: field(
        key === "total" ? (data.fundingWeight ?? template.standardWeights.funding) : "—",
        r,
        COL.fundingWeight,
      ),
      rate: field(null, r, COL.rate),
      score: field(key === "total" ? null : "—", r, COL.fundingScore),
    };
  };
  const rows = data.indicators.length > 0 ? data.indicators : defaultIndicators(template);
  const indicators: Indicator[] = rows.map((ind, i) => {
    const r = map.firstIndicatorRow + i;
    return {
      level1: field(ind.level1, r, COL.level1),
      level2: field(ind.level2, r, COL.level2),
      level3: field(ind.level3, r, COL.level3),
      target: field(ind.target, r, COL.target),
      actual: field(ind.actual, r, COL.actual),
      weight: field(ind.weight, r, COL.weight),
      score: field(ind.score, r, COL.score),
      deviation: field(ind.deviation, r, COL.deviation),
    };
  });
  return {
    kind: "self-evaluation",
    sheet,
    range: null,
    templateId: template.id,
    year: data.year,
    header: {
      projectName: field(data.projectName, map.headerRows.projectName, 2),
      department: field(data.department, map.headerRows.department, 2),
      implementer: field(data.implementer, map.headerRows.department, 6),
      manager: field(data.manager ?? null, map.headerRows.manager ?? -1, 2),
      phone: field(data.phone ?? null, map.headerRows.manager ?? -1, 6),
    },
    moneyUnit: template.moneyUnit,
    ratePercentHeader: false,
    funding: {
      total: funding("total"),
      currentYear: funding("currentYear"),
      carryOver: funding("carryOver"),
      other: funding("other"),
    },
    goals: {
      expected: field(data.goals.expected, map.goalsRow + 1, 1),
      actual: field(data.goals.actual, map.goalsRow + 1, 5),
    },
    indicators,
    total: { fullScore: field(null, map.totalRow, COL.weight), score: field(null, map.totalRow, COL.score) },
    grade: map.gradeRow === null ? null : field(null, map.gradeRow, 2),
  };
}

/** A numeric cell's number when it holds one (`"1,980.00"` → 1980), else its value as typed. */
function numeric(f: Field): RawValue {
  const n = readNumber(f.value);
  return n.ok && !n.percent ? n.value.toNumber() : f.value;
}

const text = (f: Field): string => (f.value === null ? "" : String(f.value));

/**
 * The layout data of a form read from elsewhere (a fixture): texts as typed, amounts, 分值 and 得分
 * as numbers read from their text.
 */
export function dataOf(form: SelfEvaluationForm): SelfEvaluationData {
  const amounts = (row: FundingRow) => ({
    initialBudget: numeric(row.initialBudget),
    annualBudget: numeric(row.annualBudget),
    executed: numeric(row.executed),
  });
  const indicators: IndicatorData[] = form.indicators.map((ind) => ({
    level1: text(ind.level1),
    level2: text(ind.level2),
    level3: ind.level3.value,
    target: ind.target.value,
    actual: ind.actual.value,
    weight: numeric(ind.weight),
    score: numeric(ind.score),
    deviation: ind.deviation.value,
  }));
  return {
    year: form.year,
    projectName: form.header.projectName.value,
    department: form.header.department.value,
    implementer: form.header.implementer.value,
    funding: {
      total: amounts(form.funding.total),
      currentYear: amounts(form.funding.currentYear),
      carryOver: amounts(form.funding.carryOver),
      other: amounts(form.funding.other),
    },
    fundingWeight: numeric(form.funding.total.weight),
    goals: { expected: form.goals.expected.value, actual: form.goals.actual.value },
    indicators,
  };
}

/** The LibreOffice executable, or null when it is not installed. */
export function sofficePath(): string | null {
  for (const name of ["soffice", "libreoffice"]) {
    try {
      return execFileSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).trim() || null;
    } catch {
      // not this one
    }
  }
  return null;
}

/**
 * Whether tests that need LibreOffice run: yes when it is installed; when it is not, they are
 * skipped on a developer's machine (with a message) and fail under CI, where scripts/ensure-deps.sh
 * installs it.
 */
export function sofficeGate(suite: string): { run: boolean; missingUnderCi: boolean } {
  if (sofficePath() !== null) return { run: true, missingUnderCi: false };
  if (process.env.CI) return { run: false, missingUnderCi: true };
  console.warn(
    `${suite}: skipped — LibreOffice (soffice) is not installed; run scripts/ensure-deps.sh ` +
      "(apt-get install libreoffice-calc-nogui) to run it. Under CI this is a failure.",
  );
  return { run: false, missingUnderCi: false };
}

/**
 * Converts files with LibreOffice headless in ONE call (one start-up for all of them), with a fresh
 * user profile so that no earlier run's settings or lock get in the way. Returns the output paths,
 * in the order of `files`; throws when one is missing. `format` may name the filter (`xls:MS Excel 97`);
 * `options` go before it (`--infilter=…` to open web pages in Writer).
 * @example convertWith(["/tmp/a.xlsx"], "pdf", "/tmp/out") // ["/tmp/out/a.pdf"]
 */
export function convertWith(
  files: readonly string[],
  format: "xlsx" | "pdf" | (string & {}),
  outDir: string,
  options: readonly string[] = ["--calc"],
): string[] {
  const soffice = sofficePath();
  if (soffice === null) throw new Error("LibreOffice (soffice) is not installed: run scripts/ensure-deps.sh");
  fs.mkdirSync(outDir, { recursive: true });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "lo-profile-"));
  try {
    execFileSync(
      soffice,
      [
        `-env:UserInstallation=file://${profile}`,
        "--headless",
        "--norestore",
        ...options,
        "--convert-to",
        format,
        "--outdir",
        outDir,
        ...files,
      ],
      { stdio: ["ignore", "pipe", "pipe"], timeout: 180_000 },
    );
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
  return files.map((file) => {
    const out = path.join(outDir, `${path.basename(file, path.extname(file))}.${format.split(":")[0]}`);
    if (!fs.existsSync(out)) throw new Error(`LibreOffice did not write ${out}`);
    return out;
  });
}
