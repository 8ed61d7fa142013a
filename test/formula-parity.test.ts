/**
 * Formulas compute like the engine — on a real spreadsheet engine. Hundreds of random valid forms
 * (with every rounding edge of the engine's own tests) and the 11 real Minhang forms are laid out in
 * the standard sheet, written as .xlsx, recalculated by LibreOffice headless, and the results it
 * caches must equal the engine's: 执行率 of every funding row (to a hundredth of a percent), 资金得分,
 * 满分 and 总分 (to the cent), 评分等级 exactly, and the 建议得分 of every row — blanks included (a
 * formula's "" where the engine says null).
 *
 * The forms come from a seeded generator, so a failure is reproducible; a mismatch prints the form's
 * inputs and both values.
 */
import ExcelJS from "exceljs";
import { strFromU8, unzipSync } from "fflate";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  builtinTemplate,
  computeSelfEvaluation,
  dec,
  executionRate,
  numberIn,
  type Dec,
  type SelfEvaluationForm,
  type Template,
} from "../src/domain";
import type { FundingRowKey } from "../src/domain/model";
import {
  COL,
  QUALITATIVE_RESULTS,
  layoutSelfEvaluation,
  type IndicatorData,
  type SelfEvaluationData,
  type StandardMap,
} from "../src/layout/standard";
import type { SheetDescription } from "../src/layout/sheet";
import { writeWorkbook } from "../src/xlsx/write";
import { minhangForms } from "./seed-forms";
import { prng } from "./prng";
import { convertWith, dataOf, sofficeGate, standardForm } from "./standard-form";

const SEED = 0x5eed2023;
const RANDOM_FORMS = 360;
const FORMS_PER_WORKBOOK = 20;

const SH = builtinTemplate("sh-district-2023") as Template;
/** The templates the forms are laid out with: every rounding mode, both divisors, with and without 建议得分. */
const TEMPLATES: Template[] = [
  SH,
  { ...SH, id: "sh-district-2023-suggested", suggestedScoreColumn: true },
  {
    ...SH,
    id: "sh-district-2023-rounddown",
    rounding: { fundingScore: "rounddown", indicatorScore: "rounddown" },
    suggestedScoreColumn: true,
  },
  {
    ...SH,
    id: "sh-district-2023-initial",
    executionRateDivisor: "initialBudget",
    rounding: { fundingScore: "rounddown", indicatorScore: "round" },
    suggestedScoreColumn: true,
  },
];
const SUGGESTED = TEMPLATES[1];

const random = prng(SEED);
const int = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)];
const chance = (p: number): boolean => random() < p;
/** A number with at most 2 decimals in [lo, hi]. */
const cents = (lo: number, hi: number): number => int(Math.round(lo * 100), Math.round(hi * 100)) / 100;
/** Drops binary noise: 0.1 + 0.2 → 0.3, as a typed number would be. */
const clean = (x: number, places = 2): number => Number(x.toFixed(places));

type Amounts = SelfEvaluationData["funding"]["total"];

/** 全年执行数 ÷ 全年预算数 (÷ 分值) pairs at the rounding edges of the engine tests and beyond. */
const FUNDING_EDGES: readonly [executed: number, budget: number, weight?: number][] = [
  [99.85, 100], // exactly 9.985
  [101.8, 101.95], // 99.8528…% → 9.99 / 9.98
  [26.04, 26.82], // 97.0917…% → 9.71 / 9.70
  [1905, 1980], // 96.2121…% → 9.62
  [99.9, 100, 5], // 4.995
  [99.95, 100], // 9.995
  [199.99, 200], // 9.9995
  [26.75, 100], // 2.675 (2.67499… in binary)
  [10.05, 100], // 1.005
  [50.05, 100], // 5.005
  [0.05, 100], // 0.005
  [12.5, 100, 8.5], // 1.0625
  [1, 3], // 3.333…
  [2, 3], // 6.666…
  [0.01, 0.03],
  [12345.67, 12345.68],
  [105, 100], // above budget: capped at 100%
  [100.01, 100],
  [0, 100], // nothing executed
  [8.02, 8.02],
];

/** (comparator, target, actual, 分值) at the edges of the suggested score. */
const INDICATOR_EDGES: readonly [string, number, number, number][] = [
  ["≥", 350, 223, 5], // the Minhang training-subsidy indicator: 3.19
  ["≥", 3, 2, 10], // 6.666…
  ["≥", 200, 199.7, 10], // 9.985
  ["≥", 100, 26.75, 10], // 2.675
  ["≥", 1000, 100.5, 10], // 1.005
  ["≤", 100, 100.15, 10], // reverse: 9.985
  ["≤", 3, 4, 10], // reverse: 6.666…
  ["<", 6, 7, 9], // reverse: 7.5
  ["≤", 0.3, 0.45, 10], // reverse: 5 (4.999… in binary)
  ["≤", 15.2, 15.2, 10],
  ["≤", 10, 15, 10],
  ["≤", 10, 20, 10], // at 2× target
  ["≤", 10, 25, 10], // beyond 2× target
  ["≤", 0, 1, 10], // a reverse target of 0
  ["<", 10, 10.5, 10],
  ["=", 0, 0, 5], // accidents: none
  ["=", 0, 1, 5], // one
  ["=", 100, 95, 10], // equal, target > 0: as positive
  ["=", 100, 120, 10],
  [">", 100, 99, 10],
  ["≥", 100, -5, 10], // a negative actual counts as 0
  ["≤", 10, -5, 10],
  ["≥", 0, 0, 5],
  ["≥", 7, 3, 10], // 4.2857…
  ["≥", 6, 1, 10], // 1.666…
  ["≥", 3, 1, 7.5], // 2.5
];

const UNITS = ["%", "人", "名", "次", "家", "场", "万元", "名/天", "人次"] as const;
const QUALITATIVE_TARGETS = ["及时", "健全", "提升", "建立健全、执行有效", "每季度", "7-8月", "约100-200人/场"];
const CATEGORIES = SH.categories;

interface Case {
  readonly id: string;
  readonly template: Template;
  readonly data: SelfEvaluationData;
  /** The engine's form; by default the domain form of `data` where the layout put it. */
  readonly engineForm?: SelfEvaluationForm;
}

function randomBudget(): number {
  return pick([() => cents(0.01, 10), () => cents(1, 500), () => cents(100, 50_000), () => int(1, 5000)])();
}

function randomExecuted(budget: number): number {
  switch (int(0, 6)) {
    case 0:
      return 0;
    case 1:
      return budget;
    case 2:
      return clean(budget * cents(1, 1.3)); // above budget
    default:
      return clean(budget * random());
  }
}

/** The 项目资金 block: a total and its parts, every amount with 2 decimals; sometimes a blank or zero divisor. */
function randomFunding(template: Template): { funding: SelfEvaluationData["funding"]; fundingWeight?: number } {
  let annual: number | null = randomBudget();
  let executed = randomExecuted(annual);
  let weight: number | undefined = chance(0.7) ? 10 : pick([5, 15, 20, 8.5, 12.5, 0, undefined]);
  if (chance(0.3)) {
    const edge = pick(FUNDING_EDGES);
    [executed, annual] = edge;
    if (edge[2] !== undefined) weight = edge[2];
  }
  let initial: number | null = chance(0.6) ? annual : randomBudget();
  if (template.executionRateDivisor === "initialBudget" && chance(0.5)) initial = annual;
  // Blank cases: no divisor, or a zero one.
  const blank = int(0, 29);
  if (blank === 0) annual = null;
  if (blank === 1) annual = 0;
  if (blank === 2) initial = null;
  if (blank === 3) initial = 0;
  const executedCell: number | string | null = blank === 4 ? null : blank === 5 ? "—" : executed;
  const part = (share: number, a: number | null, i: number | null, e: number): Amounts => ({
    initialBudget: i === null ? null : clean(i * share),
    annualBudget: a === null ? null : clean(a * share),
    executed: clean(e * share),
  });
  const split = pick([1, 0.8, 0.5, cents(0, 1)]);
  const carry = clean(1 - split, 2) > 0 ? clean((1 - split) * random(), 2) : 0;
  const other = clean(1 - split - carry, 2);
  return {
    funding: {
      total: { initialBudget: initial, annualBudget: annual, executed: executedCell },
      currentYear: part(split, annual, initial, executed),
      carryOver: part(carry, annual, initial, executed),
      other: part(other, annual, initial, executed),
    },
    ...(weight === undefined ? {} : { fundingWeight: weight }),
  };
}

const numberText = (x: number): string => (chance(0.5) ? x.toFixed(2) : String(x));

/** A target's text: comparator, number, unit, in the shapes real forms use. */
function targetText(comparator: string, target: number, unit: string | null): string | number {
  if (comparator === "" && chance(0.3)) return target; // a number typed alone: "="
  const sym = comparator === "≥" && chance(0.2) ? ">=" : comparator === "≤" && chance(0.2) ? "<=" : comparator;
  const number = numberText(target);
  const space = chance(0.15) ? " " : "";
  if (unit === null) return `${sym}${space}${number}`;
  return unit === "%" && chance(0.3) ? `${sym}${number}%` : `${sym}${space}${number}${space}(${unit})`;
}

/** An actual's value: a typed number, or text with the target's unit (or none). */
function actualValue(actual: number, unit: string | null): string | number {
  if (chance(0.25)) return actual;
  const number = Number.isInteger(actual * 100) ? numberText(actual) : String(actual);
  if (unit === null || chance(0.2)) return number;
  return unit === "%" && chance(0.4) ? `${number}%` : `${number}(${unit})`;
}

/** An actual relative to a target: negative, 0, below, at, above, between 1× and 2×, 2×, beyond. */
function actualFor(target: number): number {
  switch (int(0, 9)) {
    case 0:
      return -cents(0.01, 10);
    case 1:
      return 0;
    case 2:
      return target;
    case 3:
      return clean(target * 2);
    case 4:
      return clean(target * cents(1, 3));
    case 5:
      return clean(target * random(), 3); // 3 decimals
    case 6:
      return target > 0 ? int(1, Math.max(1, Math.ceil(target))) : int(0, 3);
    default:
      return clean(target * random());
  }
}

/** A score for a 分值: full, partial with 2 decimals, or 0. */
const scoreFor = (weight: number): number => (chance(0.5) ? weight : chance(0.8) ? cents(0, weight) : 0);

function randomIndicator(level1: string, level2: string, k: number): IndicatorData {
  const weight = chance(0.03) ? 0 : pick([() => pick([5, 10, 7.5, 2.5, 20, 15]), () => cents(0.5, 20)])();
  const base = { level1, level2, level3: `指标${k}`, weight, score: scoreFor(weight), deviation: null };
  const kind = int(0, 19);
  if (kind < 5) {
    // Qualitative.
    const target = pick(QUALITATIVE_TARGETS);
    return { ...base, target, actual: chance(0.2) ? target : pick(QUALITATIVE_RESULTS) };
  }
  if (kind === 5) {
    // A quantitative target whose actual is not a value: a comparison, words, or nothing.
    return { ...base, target: "≥85.00(%)", actual: pick([">=85", "≥90(%)", "达成年度指标", null, ""]) };
  }
  const unit = chance(0.15) ? null : pick(UNITS);
  if (kind < 9) {
    const [cmp, t, a, w] = pick(INDICATOR_EDGES);
    return {
      ...base,
      target: targetText(cmp, t, unit),
      actual: actualValue(a, unit),
      weight: w,
      score: scoreFor(w),
    };
  }
  const comparator = pick(["≥", "≤", "=", ">", "<", ""]);
  const target = chance(0.12) ? 0 : pick([() => int(1, 500), () => cents(0.5, 100), () => int(1, 12)])();
  return { ...base, target: targetText(comparator, target, unit), actual: actualValue(actualFor(target), unit) };
}

/** 1–30 indicator rows, grouped by 一级 then 二级 as a form lists them; sometimes a blank row. */
function randomIndicators(): IndicatorData[] {
  const n = pick([1, 2, 3, int(4, 12), int(4, 12), int(4, 12), int(13, 29), 30]);
  const rows: IndicatorData[] = [];
  for (let k = 0; k < n; k++) {
    const category = CATEGORIES[Math.min(CATEGORIES.length - 1, Math.floor((k * CATEGORIES.length) / n))];
    const level2 = category.level2[Math.min(category.level2.length - 1, Math.floor(random() * 2))];
    rows.push(randomIndicator(category.name, level2, k + 1));
  }
  rows.sort(
    (a, b) => CATEGORIES.findIndex((c) => c.name === a.level1) - CATEGORIES.findIndex((c) => c.name === b.level1),
  );
  if (n > 3 && chance(0.15)) {
    // A row that is not an indicator: left blank, or Beijing-style 不涉及此项内容 without 分值.
    const k = int(1, n - 1);
    const level3 = chance(0.5) ? null : "不涉及此项内容";
    rows[k] = { ...rows[k], level3, target: null, actual: null, weight: null, score: null, deviation: null };
  }
  return rows;
}

function baseData(k: number): Omit<SelfEvaluationData, "funding" | "indicators"> {
  return {
    year: 2023,
    projectName: `随机项目${k}`,
    department: "上海市某区总工会",
    implementer: "上海市某区总工会",
    goals: { expected: "年度目标", actual: "完成情况" },
  };
}

const engineOf = (c: Case, map: StandardMap, sheet: string): SelfEvaluationForm =>
  c.engineForm ?? standardForm(c.data, map, c.template, sheet);

/**
 * A form whose 总分 is exactly `total` under its template: the engine's 资金得分, then 得分 spread
 * over 分值 that add up to 90, to the cent.
 */
function gradeBoundaryCase(k: number, total: number): Case {
  const template = TEMPLATES[k % TEMPLATES.length];
  const weights = pick([
    [20, 15, 15, 15, 15, 10],
    [30, 20, 10, 10, 10, 10],
    [12.5, 12.5, 12.5, 12.5, 10, 10, 10, 10],
  ]);
  const level = (i: number): [string, string] =>
    i < weights.length - 2
      ? ["产出指标", "数量指标"]
      : i < weights.length - 1
        ? ["效益指标", "社会效益指标"]
        : ["满意度指标", "服务对象满意度指标"];
  for (let attempt = 0; attempt < 100; attempt++) {
    const [executed, budget] = pick(FUNDING_EDGES.filter((e) => e[2] === undefined));
    const amounts = { initialBudget: budget, annualBudget: budget, executed };
    const zero = { initialBudget: 0, annualBudget: 0, executed: 0 };
    const draft: SelfEvaluationData = {
      ...baseData(k),
      funding: { total: amounts, currentYear: amounts, carryOver: zero, other: zero },
      indicators: [],
    };
    const probe = computeSelfEvaluation(standardForm(draft, dummyMap(), template, "probe"), template);
    // Cents to take off full marks (90) so that 资金得分 + Σ 得分 = total.
    let remove = 9000 - Math.round((total - (probe.fundingScore as Dec).toNumber()) * 100);
    if (remove < 0 || remove > 9000) continue;
    const scores = weights.map((w) => w * 100);
    for (let pass = 0; pass < 2; pass++) {
      scores.forEach((s, i) => {
        const take = Math.min(remove, s, pass === 0 ? int(0, s) : s);
        scores[i] -= take;
        remove -= take;
      });
    }
    const indicators = weights.map((w, i) => ({
      level1: level(i)[0],
      level2: level(i)[1],
      level3: `指标${i + 1}`,
      ...pick([
        { target: "≥100(人)", actual: "100(人)" },
        { target: "及时", actual: "达成年度指标" },
        { target: "≥85.00(%)", actual: "90.00(%)" },
      ]),
      weight: w,
      score: scores[i] / 100,
      deviation: null,
    }));
    return { id: `grade-${total}-${k}`, template, data: { ...draft, indicators } };
  }
  throw new Error(`no form reaches a 总分 of ${total}`);
}

/** A map for engine probes that only need numbers, not addresses. */
function dummyMap(): StandardMap {
  return {
    headerRows: { projectName: 2, department: 3, manager: null },
    fundingHeaderRow: 4,
    fundingRows: { total: 5, currentYear: 6, carryOver: 7, other: 8 },
    goalsRow: 9,
    indicatorHeaderRow: 11,
    firstIndicatorRow: 12,
    totalRow: 12,
    gradeRow: 13,
    suggestedColumn: null,
  };
}

function randomCases(): Case[] {
  const cases: Case[] = [];
  // Every funding edge and every indicator edge under every template, once at least.
  TEMPLATES.forEach((template, ti) => {
    FUNDING_EDGES.forEach(([executed, budget, weight], ei) => {
      const amounts = { initialBudget: budget, annualBudget: budget, executed };
      const zero = { initialBudget: 0, annualBudget: 0, executed: 0 };
      const indicators = INDICATOR_EDGES.slice((ei * 3) % INDICATOR_EDGES.length).slice(0, 8);
      cases.push({
        id: `edge-${ti}-${ei}`,
        template,
        data: {
          ...baseData(ei),
          funding: { total: amounts, currentYear: amounts, carryOver: zero, other: zero },
          ...(weight === undefined ? {} : { fundingWeight: weight }),
          indicators: indicators.map(([cmp, t, a, w], k) => ({
            level1: "产出指标",
            level2: "数量指标",
            level3: `指标${k + 1}`,
            target: `${cmp}${t}(人)`,
            actual: `${a}(人)`,
            weight: w,
            score: w,
            deviation: null,
          })),
        },
      });
    });
  });
  for (const [k, total] of [90, 89.99, 80, 79.99, 60, 59.99, 90.01, 100].entries()) {
    for (let j = 0; j < 4; j++) cases.push(gradeBoundaryCase(k * 4 + j, total));
  }
  for (let k = cases.length; k < RANDOM_FORMS; k++) {
    const template = TEMPLATES[k % TEMPLATES.length];
    cases.push({
      id: `random-${k}`,
      template,
      data: { ...baseData(k), ...randomFunding(template), indicators: randomIndicators() },
    });
  }
  return cases;
}

/** The 11 Minhang forms, rebuilt in the standard layout (with and without the 建议得分 column). */
function minhangCases(): Case[] {
  return minhangForms().flatMap((form, k) =>
    [SH, SUGGESTED].map((template) => ({
      id: `minhang-${k + 1}-${template.id}（${String(form.header.projectName.value)}）`,
      template,
      data: dataOf(form),
      engineForm: form,
    })),
  );
}

/**
 * Formula cells of a recalculated file: how many, and how many without a cached result (`<v>`).
 * ExcelJS reads an empty text result (`<v></v>`) and a missing one alike, so this proves that an
 * undefined result is LibreOffice's "" and not a formula it left uncomputed.
 */
function formulaCells(file: string): { formulas: number; uncached: number } {
  const zip = unzipSync(fs.readFileSync(file), { filter: (f) => /^xl\/worksheets\/sheet\d+\.xml$/.test(f.name) });
  let formulas = 0;
  let uncached = 0;
  for (const bytes of Object.values(zip)) {
    for (const m of strFromU8(bytes).matchAll(/<c\b[^>]*[^/]>([\s\S]*?)<\/c>/g)) {
      if (!m[1].includes("<f")) continue;
      formulas++;
      if (!/<v[ >]/.test(m[1])) uncached++;
    }
  }
  return { formulas, uncached };
}

/** An ExcelJS cell by zero-based row and column. */
const cellAt = (ws: ExcelJS.Worksheet, row: number, col: number): ExcelJS.Cell => ws.getCell(row + 1, col + 1);

/** A computed cell as LibreOffice left it: its cached result, "" for an empty text, or a marker. */
function resultAt(ws: ExcelJS.Worksheet, row: number, col: number): number | string {
  const cell = cellAt(ws, row, col);
  if (cell.type !== ExcelJS.ValueType.Formula) return `<not a formula: ${JSON.stringify(cell.value)}>`;
  // `cell.value` drops a falsy result (0, ""); `cell.result` keeps 0. Every formula has a cached
  // value (formulaCells), so an undefined one is an empty text.
  const result: unknown = cell.result;
  if (result === undefined || result === "") return "";
  if (typeof result === "number" || typeof result === "string") return result;
  if (typeof result === "object" && result !== null && "error" in result) return `<${String(result.error)}>`;
  return `<${JSON.stringify(result)}>`;
}

interface Tally {
  forms: number;
  cells: number;
  blanks: number;
  maxRateDiff: number;
  mismatches: string[];
  /** Cells compared by kind (执行率, 资金得分, …), and how many of them blank. */
  byKind: Record<string, { compared: number; blank: number }>;
  /** 评分等级 compared, by grade. */
  grades: Record<string, number>;
  /** Formula cells LibreOffice recalculated, helper cells included. */
  formulas: number;
  timings?: { write: number; soffice: number; read: number };
}

const show = (x: Dec | string | null): string => (x === null ? "null" : typeof x === "string" ? x : x.toString());

/** Compares one recalculated form with the engine; records every cell compared. */
function compareForm(c: Case, map: StandardMap, ws: ExcelJS.Worksheet, tally: Tally): void {
  const form = engineOf(c, map, ws.name);
  const engine = computeSelfEvaluation(form, c.template);
  const problems: string[] = [];
  const check = (what: string, sheet: number | string, expected: Dec | string | null, tolerance: number): void => {
    tally.cells++;
    const kind = what.replace(/ .*/, "");
    const count = (tally.byKind[kind] ??= { compared: 0, blank: 0 });
    count.compared++;
    if (expected === null) count.blank++;
    if (kind === "评分等级" && typeof expected === "string") tally.grades[expected] = (tally.grades[expected] ?? 0) + 1;
    if (expected === null) {
      tally.blanks++;
      if (sheet !== "") problems.push(`${what}: sheet ${JSON.stringify(sheet)}, engine null`);
      return;
    }
    if (typeof expected === "string") {
      if (sheet !== expected) problems.push(`${what}: sheet ${JSON.stringify(sheet)}, engine ${expected}`);
      return;
    }
    if (typeof sheet !== "number") {
      problems.push(`${what}: sheet ${JSON.stringify(sheet)}, engine ${show(expected)}`);
      return;
    }
    const diff = dec(sheet).minus(expected).abs().toNumber();
    if (what.startsWith("执行率")) tally.maxRateDiff = Math.max(tally.maxRateDiff, diff);
    if (diff >= tolerance) problems.push(`${what}: sheet ${sheet}, engine ${show(expected)}`);
  };

  const divisorOf = (key: FundingRowKey) =>
    c.template.executionRateDivisor === "annualBudget"
      ? form.funding[key].annualBudget
      : form.funding[key].initialBudget;
  for (const key of ["total", "currentYear", "carryOver", "other"] as const) {
    const executed = numberIn(form.funding[key].executed);
    const divisor = numberIn(divisorOf(key));
    const rate = executed !== null && divisor !== null ? executionRate(executed, divisor) : null;
    // To a hundredth of a percent: half of 0.0001 as a fraction.
    check(`执行率 ${key}`, resultAt(ws, map.fundingRows[key], COL.rate), rate, 0.00005);
  }
  // To the cent, exactly: only binary noise is tolerated.
  const CENT = 1e-7;
  check("资金得分", resultAt(ws, map.fundingRows.total, COL.fundingScore), engine.fundingScore, CENT);
  check("满分", resultAt(ws, map.totalRow, COL.weight), engine.fullScore, CENT);
  check("总分", resultAt(ws, map.totalRow, COL.score), engine.totalScore, CENT);
  if (map.gradeRow !== null) check("评分等级", resultAt(ws, map.gradeRow, 2), engine.grade, 0);
  if (map.suggestedColumn !== null) {
    engine.indicators.forEach((ind, i) => {
      check(`建议得分 row ${i + 1}`, resultAt(ws, map.firstIndicatorRow + i, COL.suggested), ind.suggested, CENT);
    });
  }
  tally.forms++;
  if (problems.length > 0) {
    tally.mismatches.push(
      [
        `form ${c.id} on sheet ${ws.name} (template ${c.template.id}, rounding ${JSON.stringify(c.template.rounding)}, divisor ${c.template.executionRateDivisor}):`,
        ...problems.map((p) => `  ${p}`),
        `  inputs: ${JSON.stringify({ funding: c.data.funding, fundingWeight: c.data.fundingWeight ?? null })}`,
        ...c.data.indicators.map(
          (r, i) => `  row ${i + 1}: ${JSON.stringify([r.level3, r.target, r.actual, r.weight, r.score])}`,
        ),
      ].join("\n"),
    );
  }
}

/** Lays the cases out, many per workbook, recalculates all workbooks in one LibreOffice call, compares. */
async function runParity(cases: readonly Case[], dir: string, prefix: string): Promise<Tally> {
  const started = Date.now();
  const laid = cases.map((c, i) => {
    const sheetName = `F${i + 1}`;
    return { c, ...layoutSelfEvaluation(c.template, c.data, { formNo: i + 1, sheetName }) };
  });
  const inputs: string[] = [];
  for (let i = 0; i < laid.length; i += FORMS_PER_WORKBOOK) {
    const file = path.join(dir, `${prefix}-${String(i / FORMS_PER_WORKBOOK + 1).padStart(2, "0")}.xlsx`);
    const sheets: SheetDescription[] = laid.slice(i, i + FORMS_PER_WORKBOOK).map((l) => l.sheet);
    await writeWorkbook(sheets, file);
    inputs.push(file);
  }
  const written = Date.now();
  const outputs = convertWith(inputs, "xlsx", path.join(dir, `${prefix}-recalculated`));
  const converted = Date.now();
  const tally: Tally = {
    forms: 0,
    cells: 0,
    blanks: 0,
    maxRateDiff: 0,
    mismatches: [],
    formulas: 0,
    byKind: {},
    grades: {},
  };
  for (const [w, file] of outputs.entries()) {
    const { formulas, uncached } = formulaCells(file);
    if (uncached > 0) throw new Error(`${file}: ${uncached} of ${formulas} formulas have no result from LibreOffice`);
    tally.formulas += formulas;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    for (const l of laid.slice(w * FORMS_PER_WORKBOOK, (w + 1) * FORMS_PER_WORKBOOK)) {
      const ws = wb.getWorksheet(l.sheet.sheetName);
      if (!ws) throw new Error(`${file} has no sheet ${l.sheet.sheetName}`);
      compareForm(l.c, l.map, ws, tally);
    }
  }
  tally.timings = {
    write: (written - started) / 1000,
    soffice: (converted - written) / 1000,
    read: (Date.now() - converted) / 1000,
  };
  return tally;
}

function report(label: string, tally: Tally, seconds: number): void {
  console.log(
    `${label}: ${tally.forms} forms, ${tally.formulas} formulas recalculated, ` +
      `${tally.cells} computed cells compared (${tally.blanks} of them blank), ` +
      `max |执行率 − engine| ${tally.maxRateDiff.toExponential(1)}, ${tally.mismatches.length} forms with a mismatch, ${seconds.toFixed(1)} s ${JSON.stringify(tally.timings)}`,
  );
  console.log(`${label} by kind: ${JSON.stringify(tally.byKind)}; grades ${JSON.stringify(tally.grades)}`);
  if (tally.mismatches.length > 0) console.log(tally.mismatches.slice(0, 15).join("\n\n"));
}

const gate = sofficeGate("formula parity");

if (gate.missingUnderCi) {
  test("LibreOffice is installed (scripts/ensure-deps.sh)", () => {
    throw new Error("soffice is missing under CI: scripts/ensure-deps.sh installs libreoffice-calc-nogui");
  });
}

(gate.run ? describe : describe.skip)("formulas compute like the engine, recalculated by LibreOffice", () => {
  let dir = "";
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "zpb-parity-"));
  });
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test(`${RANDOM_FORMS} seeded random forms, every rounding edge and grade boundary`, async () => {
    const started = Date.now();
    const cases = randomCases();
    expect(cases.length).toBeGreaterThanOrEqual(300);
    const tally = await runParity(cases, dir, "random");
    report("random forms", tally, (Date.now() - started) / 1000);
    expect(tally.forms).toBe(cases.length);
    expect(tally.mismatches).toEqual([]);
  }, 240_000);

  test("the 11 Minhang forms rebuilt in the standard layout", async () => {
    const started = Date.now();
    const cases = minhangCases();
    expect(cases.length).toBe(22);
    // The rebuilt data computes like the fixture form itself.
    for (const c of cases) {
      const map = layoutSelfEvaluation(c.template, c.data, { formNo: 1, sheetName: "x" }).map;
      const fromFixture = computeSelfEvaluation(c.engineForm as SelfEvaluationForm, c.template);
      const fromData = computeSelfEvaluation(standardForm(c.data, map, c.template, "x"), c.template);
      expect(JSON.stringify(fromData)).toBe(JSON.stringify(fromFixture));
    }
    const tally = await runParity(cases, dir, "minhang");
    report("Minhang forms", tally, (Date.now() - started) / 1000);
    expect(tally.forms).toBe(cases.length);
    expect(tally.mismatches).toEqual([]);
  }, 120_000);
});

/**
 * Inputs outside the valid forms above where the sheet's formulas and the engine still disagree,
 * found by probing them through the same LibreOffice run. Each needs a decision on the layout's
 * formulas (the fixes are more than a guard), so they are listed here rather than tested.
 */
describe("known differences between the standard sheet's formulas and the engine", () => {
  test.todo(
    "总分 and 评分等级 while an indicator row has no 得分: the sheet sums the scores there are (19.80, 差); the engine computes none (null)",
  );
  test.todo("满分 while an indicator row has no 分值: the sheet sums the weights there are; the engine computes none");
  test.todo(
    '分值/得分/amounts typed as text ("5.00", "1,980.00"): the engine reads them as numbers; SUM, N() and the 执行率 formula skip them',
  );
  test.todo(
    "建议得分 when target and actual units differ (≥85(%) vs 90(人)): the sheet ignores units and scores; the engine gives none",
  );
  test.todo(
    "建议得分 of targets the helper cells cannot parse, where the engine can: a unit without parentheses (12次, ≥ 4500.00名), full-width parentheses, digits or comparators (（%）, １００, ≧, ＞＝, ＜＝), a line break in the cell, words (不低于85%, 100人以上), and `=<` (scored as positive, not reverse)",
  );
});
