/**
 * The standard 自评表 sheet: one layout, described once, for the add-in and for .xlsx files. It looks
 * like the official form (title, year line, header, 项目资金 block, 年度总体目标, 绩效指标 table, 总分,
 * 评分等级), prints on one A4 page wide, and keeps working without the add-in: computed cells are
 * native formulas, drop-downs are data validation, highlights are conditional formats.
 */
import { a1 } from "../domain/address";
import type { FundingRowKey } from "../domain/model";
import type { RawValue } from "../domain/numbers";
import type { Template } from "../domain/templates/schema";
import { parseTarget } from "../domain/values";
import type { CellSpec, CellStyle, ConditionalFormatSpec, RangeSpec, SheetDescription, ValidationSpec } from "./sheet";
import { range, sheetBuilder, titleRows } from "./builder";

/** What goes into a new or rebuilt form. Values are as typed: numbers or text. */
export interface SelfEvaluationData {
  readonly year: number | null;
  readonly projectName: RawValue;
  readonly department: RawValue;
  readonly implementer: RawValue;
  readonly manager?: RawValue;
  readonly phone?: RawValue;
  readonly funding: Readonly<
    Record<
      FundingRowKey,
      { readonly initialBudget: RawValue; readonly annualBudget: RawValue; readonly executed: RawValue }
    >
  >;
  /** 预算执行率 分值; the template's standard when omitted. */
  readonly fundingWeight?: RawValue;
  readonly goals: { readonly expected: RawValue; readonly actual: RawValue };
  readonly indicators: readonly IndicatorData[];
}

export interface IndicatorData {
  readonly level1: string;
  readonly level2: string;
  readonly level3: RawValue;
  readonly target: RawValue;
  readonly actual: RawValue;
  readonly weight: RawValue;
  readonly score: RawValue;
  readonly deviation: RawValue;
}

export interface LayoutOptions {
  /** Makes the form's defined names unique in its workbook: `zpb_projectName_3`. */
  readonly formNo: number;
  readonly sheetName: string;
}

/** Where the standard layout put things: zero-based rows, for writers that add or remove indicator rows. */
export interface StandardMap {
  readonly headerRows: { readonly projectName: number; readonly department: number; readonly manager: number | null };
  readonly fundingHeaderRow: number;
  readonly fundingRows: Readonly<Record<FundingRowKey, number>>;
  readonly goalsRow: number;
  readonly indicatorHeaderRow: number;
  readonly firstIndicatorRow: number;
  /** One past the last indicator row: the 总分 row. */
  readonly totalRow: number;
  readonly gradeRow: number | null;
  readonly suggestedColumn: number | null;
}

/** The columns of the standard sheet (zero-based). */
export const COL = {
  level1: 0,
  level2: 1,
  level3: 2,
  target: 3,
  actual: 4,
  weight: 5,
  score: 6,
  deviation: 7,
  /** 建议得分 where the template asks for it; otherwise the deviation cell spans H:I. */
  suggested: 8,
  initialBudget: 3,
  annualBudget: 4,
  executed: 5,
  fundingWeight: 6,
  rate: 7,
  fundingScore: 8,
  /** Hidden helper columns after the printed form: parsed target number, comparator, actual number. */
  helperTarget: 10,
  helperComparator: 11,
  helperActual: 12,
  /** Hidden: the template id the form was made from. */
  meta: 10,
} as const;

const LAST_COL = 8; // I
export const NAME_PREFIX = "zpb_";

export const FUNDING_LABELS: Record<FundingRowKey, string> = {
  total: "年度资金总额",
  currentYear: "其中：当年财政拨款",
  carryOver: "上年结转资金",
  other: "其他资金",
};

export const QUALITATIVE_RESULTS = ["达成年度指标", "部分达成年度指标并具有一定效果", "未达成年度指标且效果较差"];

/** The cell styles of the standard sheets (宋体 10, thin borders; input cells marked). */
export const FONT = "宋体";
export const BODY: CellStyle = { font: { name: FONT, size: 10 }, vertical: "middle", wrap: true, border: true };
export const LABEL: CellStyle = { ...BODY, horizontal: "center", font: { name: FONT, size: 10, bold: true } };
export const INPUT_TEXT: CellStyle = { ...BODY, horizontal: "left", input: true };
export const INPUT_CENTER: CellStyle = { ...BODY, horizontal: "center", input: true };
const MONEY: CellStyle = { ...BODY, horizontal: "right", numberFormat: "#,##0.00", input: true };
export const SCORE_INPUT: CellStyle = { ...BODY, horizontal: "right", numberFormat: "0.00", input: true };
export const SCORE_COMPUTED: CellStyle = { ...BODY, horizontal: "right", numberFormat: "0.00" };
export const RATE: CellStyle = { ...BODY, horizontal: "right", numberFormat: "0.00%" };
const DASH: CellStyle = { ...BODY, horizontal: "center" };

/** A1 text of a zero-based cell, for formulas. */
const ref = (row: number, col: number): string => a1({ row, col });

/** The template's rounding as a formula: ROUND or ROUNDDOWN to 2 decimals, after removing binary noise at 9 decimals. */
export function rounded(expr: string, mode: "round" | "rounddown"): string {
  return `${mode === "round" ? "ROUND" : "ROUNDDOWN"}(ROUND(${expr},9),2)`;
}

/** The 评分等级 of a total, from the template's bands (highest first). */
export function gradeFormula(total: string, bands: Template["gradeBands"]): string {
  let expr = `"${bands[bands.length - 1].grade}"`;
  for (let i = bands.length - 2; i >= 0; i--) expr = `IF(${total}>=${bands[i].min},"${bands[i].grade}",${expr})`;
  return `IF(${total}="","",${expr})`;
}

/** Strips the comparators, spaces and % from a target or actual text cell, as a formula. */
export function numberPart(cell: string, stripComparators: boolean): string {
  let x = `SUBSTITUTE(SUBSTITUTE(${cell}," ",""),"%","")`;
  if (stripComparators) for (const sym of ["≥", "≤", ">", "<", "="]) x = `SUBSTITUTE(${x},"${sym}","")`;
  return `IFERROR(VALUE(LEFT(${x},FIND("(",${x}&"(")-1)),"")`;
}

/**
 * The suggested score formula of one indicator row (domain.md §4), over the hidden helper cells:
 * K = target number, L = comparator, M = actual number.
 */
export function suggestedFormula(row: number, mode: "round" | "rounddown"): string {
  const t = ref(row, COL.helperTarget);
  const c = ref(row, COL.helperComparator);
  const a = `MAX(${ref(row, COL.helperActual)},0)`;
  const w = ref(row, COL.weight);
  const reverse = `IF(${a}<=${t},${w},IF(OR(${t}<=0,${a}>=2*${t}),0,(1-(${a}-${t})/${t})*${w}))`;
  const equalZero = `IF(${a}<=0,${w},0)`;
  const positive = `IF(OR(${a}>=${t},${t}<=0),${w},${a}/${t}*${w})`;
  const body = `IF(OR(${c}="≤",${c}="<"),${reverse},IF(AND(${c}<>"≥",${c}<>">",${t}=0),${equalZero},${positive}))`;
  return `IF(OR(${t}="",${ref(row, COL.helperActual)}="",NOT(ISNUMBER(${w}))),"",${rounded(body, mode)})`;
}

/** Excel's row height when none is set (points), and the height of a line of 10-pt CJK text with its padding. */
const DEFAULT_ROW_HEIGHT = 15;
const LINE_HEIGHT_PER_POINT = 1.45;
const CELL_PADDING_PT = 3;

/** Pixels of a column `width` characters wide (ECMA-376 §18.3.1.13, 7-px digits). */
const columnPixels = (width: number): number => Math.trunc(width * 7 + 5);

/**
 * Lines a wrapped text takes in a cell `pixels` wide: CJK and full-width characters are a font
 * size wide, others about half (at 96 dpi, 1 pt = 4/3 px); line breaks typed in the cell count.
 */
function wrappedLines(text: string, pixels: number, fontSize: number): number {
  const usable = Math.max(pixels - 5, 1);
  const wide = (fontSize * 4) / 3;
  let lines = 0;
  for (const paragraph of text.split(/\r?\n/)) {
    let width = 0;
    for (const ch of paragraph) width += /[ -\u02FF\u2000-\u206F]/.test(ch) ? wide * 0.55 : wide;
    lines += Math.max(1, Math.ceil(width / usable));
  }
  return lines;
}

/**
 * Row heights for wrapped text: neither Excel nor LibreOffice grows a row for a merged cell's text,
 * and neither reliably fits rows when a file is opened; a form printed with its names, targets and
 * reasons cut off is not a form. Rows only grow: a height the layout set is a minimum.
 */
export function fitRowHeights(
  cells: readonly CellSpec[],
  merges: readonly RangeSpec[],
  widths: readonly number[],
  heights: Map<number, number>,
): void {
  const mergeAt = new Map(merges.map((m) => [`${m.from.row},${m.from.col}`, m]));
  const needs: { r1: number; r2: number; points: number }[] = [];
  for (const cell of cells) {
    if (typeof cell.value !== "string" || cell.value === "" || !cell.style?.wrap) continue;
    const m = mergeAt.get(`${cell.row},${cell.col}`) ?? range(cell.row, cell.col);
    let pixels = 0;
    for (let c = m.from.col; c <= m.to.col; c++) pixels += columnPixels(widths[c] ?? 8.43);
    const size = cell.style.font?.size ?? 10;
    const lines = wrappedLines(cell.value, pixels, size);
    if (lines > 1)
      needs.push({ r1: m.from.row, r2: m.to.row, points: lines * size * LINE_HEIGHT_PER_POINT + CELL_PADDING_PT });
  }
  const height = (r: number): number => heights.get(r) ?? DEFAULT_ROW_HEIGHT;
  // Single rows first, then blocks merged down several rows share what they still lack.
  needs.sort((a, b) => a.r2 - a.r1 - (b.r2 - b.r1));
  for (const need of needs) {
    let have = 0;
    for (let r = need.r1; r <= need.r2; r++) have += height(r);
    if (have >= need.points) continue;
    const extra = (need.points - have) / (need.r2 - need.r1 + 1);
    for (let r = need.r1; r <= need.r2; r++) heights.set(r, Math.ceil(height(r) + extra));
  }
}

/** Default indicator rows of a blank form: the template's own, or one row per 二级 of each required 一级. */
export function defaultIndicators(template: Template): IndicatorData[] {
  const blank = { level3: null, target: null, actual: null, weight: null, score: null, deviation: null };
  if (template.defaultIndicators.length > 0) {
    return template.defaultIndicators.map((d) => ({
      ...blank,
      level1: d.level1,
      level2: d.level2,
      level3: d.level3,
      target: d.target || null,
      weight: d.weight,
    }));
  }
  const rows: IndicatorData[] = [];
  for (const category of template.categories) {
    if (!template.requiredLevel1.includes(category.name)) continue;
    const level2s = category.name.startsWith("效益")
      ? category.level2.filter((l) => /社会|可持续/.test(l))
      : category.level2.slice(0, 3);
    for (const level2 of level2s) rows.push({ ...blank, level1: category.name, level2 });
  }
  return rows;
}

/** A blank form for a template: header empty, amounts empty, the default indicator rows. */
export function blankSelfEvaluation(template: Template, year: number | null = template.year): SelfEvaluationData {
  const money = { initialBudget: null, annualBudget: null, executed: null };
  return {
    year,
    projectName: null,
    department: null,
    implementer: null,
    manager: null,
    phone: null,
    funding: { total: money, currentYear: money, carryOver: money, other: money },
    goals: { expected: null, actual: null },
    indicators: defaultIndicators(template),
  };
}

/** Whether a row's target is a number with a comparator: its 实际完成值 is then a number too. */
function isQuantitative(target: RawValue): boolean {
  if (typeof target === "number") return true;
  if (typeof target !== "string") return false;
  const parsed = parseTarget(target);
  return parsed.ok && parsed.value.kind === "quantitative";
}

/**
 * Lays out a 自评表.
 * @example layoutSelfEvaluation(builtinTemplate("sh-district-2023")!, blankSelfEvaluation(t), { formNo: 1, sheetName: "自评表" })
 */
export function layoutSelfEvaluation(
  template: Template,
  data: SelfEvaluationData,
  options: LayoutOptions,
): { sheet: SheetDescription; map: StandardMap } {
  const validations: ValidationSpec[] = [];
  const conditionalFormats: ConditionalFormatSpec[] = [];
  const rowHeights = new Map<number, number>();
  const b = sheetBuilder(NAME_PREFIX, options.formNo);
  const { cells, merges, names, put, block, name } = b;
  const money = template.moneyUnit;
  const mode = template.rounding;

  // Title and year line.
  titleRows(b, LAST_COL, "财政项目支出绩效自评表", data.year, rowHeights);

  // Header.
  let row = 2;
  block(row, 0, row, 1, "项目名称", LABEL);
  block(row, 2, row, LAST_COL, data.projectName, INPUT_TEXT);
  name("projectName", range(row, 2));
  const projectNameRow = row++;
  block(row, 0, row, 1, "主管部门", LABEL);
  block(row, 2, row, 4, data.department, INPUT_TEXT);
  put(row, 5, "实施单位", LABEL);
  block(row, 6, row, LAST_COL, data.implementer, INPUT_TEXT);
  name("department", range(row, 2));
  name("implementer", range(row, 6));
  const departmentRow = row++;
  let managerRow: number | null = null;
  if (template.headerFields.includes("manager") || template.headerFields.includes("phone")) {
    block(row, 0, row, 1, "项目负责人", LABEL);
    block(row, 2, row, 4, data.manager ?? null, INPUT_TEXT);
    put(row, 5, "联系电话", LABEL);
    block(row, 6, row, LAST_COL, data.phone ?? null, INPUT_TEXT);
    name("manager", range(row, 2));
    name("phone", range(row, 6));
    managerRow = row++;
  }

  // 项目资金 block: a header row and four amount rows.
  const fundingHeaderRow = row;
  block(row, 0, row + 4, 0, `项目资金（${money}）`, LABEL);
  block(row, 1, row, 2, null, LABEL);
  const heads = ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"];
  heads.forEach((h, i) => put(row, COL.initialBudget + i, h, LABEL));
  name("fundingHeader", range(row, COL.initialBudget, row, COL.fundingScore));
  row++;
  const fundingRows = {} as Record<FundingRowKey, number>;
  const divisorCol = template.executionRateDivisor === "annualBudget" ? COL.annualBudget : COL.initialBudget;
  for (const key of ["total", "currentYear", "carryOver", "other"] as const) {
    fundingRows[key] = row;
    const amounts = data.funding[key];
    block(row, 1, row, 2, FUNDING_LABELS[key], { ...BODY, horizontal: "left" });
    put(row, COL.initialBudget, amounts.initialBudget, MONEY);
    put(row, COL.annualBudget, amounts.annualBudget, MONEY);
    put(row, COL.executed, amounts.executed, MONEY);
    const divisor = ref(row, divisorCol);
    const executed = ref(row, COL.executed);
    // No rate without a divisor or without a 全年执行数 (blank or a dash is not 0%).
    put(row, COL.rate, null, RATE, `IF(OR(N(${divisor})=0,NOT(ISNUMBER(${executed}))),"",${executed}/${divisor})`);
    name(`${key}_initialBudget`, range(row, COL.initialBudget));
    name(`${key}_annualBudget`, range(row, COL.annualBudget));
    name(`${key}_executed`, range(row, COL.executed));
    name(`${key}_rate`, range(row, COL.rate));
    if (key === "total") {
      put(row, COL.fundingWeight, data.fundingWeight ?? template.standardWeights.funding, SCORE_INPUT);
      const rate = ref(row, COL.rate);
      put(
        row,
        COL.fundingScore,
        null,
        SCORE_COMPUTED,
        `IF(${rate}="","",${rounded(`MIN(${rate},1)*${ref(row, COL.fundingWeight)}`, mode.fundingScore)})`,
      );
      name("fundingWeight", range(row, COL.fundingWeight));
      name("fundingScore", range(row, COL.fundingScore));
    } else {
      put(row, COL.fundingWeight, "—", DASH);
      put(row, COL.fundingScore, "—", DASH);
    }
    row++;
  }
  const moneyCells = range(fundingRows.total, COL.initialBudget, fundingRows.other, COL.executed);
  validations.push({
    range: moneyCells,
    type: "decimal",
    min: 0,
    max: null,
    errorStyle: "stop",
    error: `请输入不小于 0 的金额（${money}）`,
    prompt: `金额单位：${money}`,
  });
  validations.push({
    range: range(fundingRows.total, COL.fundingWeight),
    type: "decimal",
    min: 0,
    max: template.fullScore,
    errorStyle: "stop",
    error: `分值应在 0 到 ${template.fullScore} 之间`,
  });

  // 年度总体目标.
  const goalsRow = row;
  block(row, 0, row + 1, 0, "年度总体目标", LABEL);
  block(row, 1, row, 4, "预期目标", LABEL);
  block(row, 5, row, LAST_COL, "实际完成情况", LABEL);
  row++;
  block(row, 1, row, 4, data.goals.expected, { ...INPUT_TEXT, vertical: "top" });
  block(row, 5, row, LAST_COL, data.goals.actual, { ...INPUT_TEXT, vertical: "top" });
  rowHeights.set(row, 72);
  name("goalExpected", range(row, 1));
  name("goalActual", range(row, 5));
  row++;

  // 绩效指标 table.
  const suggested = template.suggestedScoreColumn;
  const indicatorHeaderRow = row;
  ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"].forEach((h, i) =>
    put(row, i, h, LABEL),
  );
  if (suggested) {
    put(row, COL.deviation, "偏差原因分析及改进措施", LABEL);
    put(row, COL.suggested, "建议得分", LABEL);
  } else {
    block(row, COL.deviation, row, LAST_COL, "偏差原因分析及改进措施", LABEL);
  }
  name("indicatorHeader", range(row, 0, row, LAST_COL));
  rowHeights.set(row, 28);
  row++;
  const firstIndicatorRow = row;
  const rows = data.indicators.length > 0 ? data.indicators : defaultIndicators(template);
  rows.forEach((ind, i) => {
    const r = firstIndicatorRow + i;
    const startsLevel1 = i === 0 || rows[i - 1].level1 !== ind.level1;
    const startsLevel2 = startsLevel1 || rows[i - 1].level2 !== ind.level2;
    if (startsLevel1) {
      let end = i;
      while (end + 1 < rows.length && rows[end + 1].level1 === ind.level1) end++;
      block(r, COL.level1, firstIndicatorRow + end, COL.level1, ind.level1, INPUT_CENTER);
    }
    if (startsLevel2) {
      let end = i;
      while (end + 1 < rows.length && rows[end + 1].level1 === ind.level1 && rows[end + 1].level2 === ind.level2) end++;
      block(r, COL.level2, firstIndicatorRow + end, COL.level2, ind.level2, INPUT_CENTER);
      const category = template.categories.find((c) => c.name === ind.level1);
      if (category) {
        validations.push({
          range: range(r, COL.level2, firstIndicatorRow + end, COL.level2),
          type: "list",
          values: category.level2,
          errorStyle: "stop",
          error: `“${category.name}”下的二级指标只能是：${category.level2.join("、")}`,
        });
      }
    }
    put(r, COL.level3, ind.level3, INPUT_TEXT);
    put(r, COL.target, ind.target, INPUT_CENTER);
    put(r, COL.actual, ind.actual, INPUT_CENTER);
    put(r, COL.weight, ind.weight, SCORE_INPUT);
    put(r, COL.score, ind.score, SCORE_INPUT);
    if (suggested) {
      put(r, COL.deviation, ind.deviation, INPUT_TEXT);
      put(r, COL.suggested, null, SCORE_COMPUTED, suggestedFormula(r, mode.indicatorScore));
      const target = ref(r, COL.target);
      put(r, COL.helperTarget, null, {}, numberPart(target, true));
      put(r, COL.helperComparator, null, {}, `IF(ISNUMBER(${target}),"=",LEFT(SUBSTITUTE(${target}," ",""),1))`);
      const actual = ref(r, COL.actual);
      put(r, COL.helperActual, null, {}, `IF(ISNUMBER(${actual}),${actual},${numberPart(actual, false)})`);
    } else {
      block(r, COL.deviation, r, LAST_COL, ind.deviation, INPUT_TEXT);
    }
    if (!isQuantitative(ind.target)) {
      validations.push({
        range: range(r, COL.actual),
        type: "list",
        values: QUALITATIVE_RESULTS,
        errorStyle: "information",
        prompt: "定性指标：选择达成情况，或填写与年度指标值相同的表述",
        error: "定性指标的实际完成值通常为：达成年度指标 / 部分达成年度指标并具有一定效果 / 未达成年度指标且效果较差",
      });
    }
  });
  const lastIndicatorRow = firstIndicatorRow + rows.length - 1;
  const level1Names = template.categories.map((c) => c.name);
  validations.push({
    range: range(firstIndicatorRow, COL.level1, lastIndicatorRow, COL.level1),
    type: "list",
    values: level1Names,
    errorStyle: "stop",
    error: `一级指标只能是：${level1Names.join("、")}`,
  });
  validations.push({
    range: range(firstIndicatorRow, COL.weight, lastIndicatorRow, COL.score),
    type: "decimal",
    min: 0,
    max: template.fullScore,
    errorStyle: "stop",
    error: `分值和得分应在 0 到 ${template.fullScore} 之间`,
  });
  name("indicators", range(firstIndicatorRow, 0, lastIndicatorRow, LAST_COL));

  // 总分 and 评分等级.
  const totalRow = (row = lastIndicatorRow + 1);
  block(row, 0, row, 4, "总分", LABEL);
  const weights = `SUM(${ref(firstIndicatorRow, COL.weight)}:${ref(lastIndicatorRow, COL.weight)})`;
  const scores = `SUM(${ref(firstIndicatorRow, COL.score)}:${ref(lastIndicatorRow, COL.score)})`;
  const fundingScore = ref(fundingRows.total, COL.fundingScore);
  put(row, COL.weight, null, SCORE_COMPUTED, `ROUND(N(${ref(fundingRows.total, COL.fundingWeight)})+${weights},9)`);
  put(row, COL.score, null, SCORE_COMPUTED, `IF(${fundingScore}="","",ROUND(${fundingScore}+${scores},9))`);
  block(row, COL.deviation, row, LAST_COL, null, BODY);
  name("fullScore", range(row, COL.weight));
  name("totalScore", range(row, COL.score));
  row++;
  let gradeRow: number | null = null;
  if (template.gradeRow) {
    gradeRow = row;
    block(row, 0, row, 1, "评分等级", LABEL);
    block(
      row,
      2,
      row,
      LAST_COL,
      null,
      { ...LABEL, horizontal: "left" },
      gradeFormula(ref(totalRow, COL.score), template.gradeBands),
    );
    name("grade", range(row, 2));
    row++;
  }

  // Highlights that work without the add-in.
  const r1 = firstIndicatorRow;
  conditionalFormats.push({
    range: range(r1, COL.deviation, lastIndicatorRow, COL.deviation),
    formula: `AND(LEN(TRIM(${ref(r1, COL.deviation)}))=0,ISNUMBER(${ref(r1, COL.score)}),N(${ref(r1, COL.score)})<N(${ref(r1, COL.weight)}))`,
    fill: "#FDE7E9",
    meaning: "得分低于分值，须填写偏差原因分析及改进措施",
  });
  conditionalFormats.push({
    range: range(r1, COL.score, lastIndicatorRow, COL.score),
    formula: `N(${ref(r1, COL.score)})>N(${ref(r1, COL.weight)})`,
    fill: "#F4ABBA",
    fontColor: "#750B1C",
    meaning: "得分高于分值",
  });
  conditionalFormats.push({
    range: range(fundingRows.total, COL.fundingScore),
    formula: `N(${fundingScore})>N(${ref(fundingRows.total, COL.fundingWeight)})`,
    fill: "#F4ABBA",
    fontColor: "#750B1C",
    meaning: "资金得分高于分值",
  });
  for (const cell of [
    range(fundingRows.total, COL.rate, fundingRows.other, COL.rate),
    range(fundingRows.total, COL.fundingScore),
    range(totalRow, COL.weight, totalRow, COL.score),
  ]) {
    conditionalFormats.push({
      range: cell,
      formula: `NOT(ISFORMULA(${ref(cell.from.row, cell.from.col)}))`,
      fill: "#FFF4CE",
      meaning: "计算单元格的公式被改写为数值，请核对或恢复公式",
    });
  }
  if (suggested) {
    conditionalFormats.push({
      range: range(r1, COL.score, lastIndicatorRow, COL.score),
      formula: `AND(ISNUMBER(${ref(r1, COL.suggested)}),ISNUMBER(${ref(r1, COL.score)}),ABS(${ref(r1, COL.score)}-${ref(r1, COL.suggested)})>0.5)`,
      fill: "#FFF4CE",
      meaning: "得分与按完成比例计算的建议得分相差 0.5 分以上",
    });
  }

  // The template the form was made from, in a hidden cell.
  put(0, COL.meta, template.id, {});
  name("templateId", range(0, COL.meta));
  put(1, COL.meta, template.kind, {});
  name("kind", range(1, COL.meta));

  const columnWidths = [10, 13, 24, 14, 14, 8, 8, 20, suggested ? 9 : 10, 2, 10, 4, 10];
  fitRowHeights(cells, merges, columnWidths, rowHeights);
  return {
    sheet: {
      sheetName: options.sheetName,
      columnWidths,
      hiddenColumns: [9, COL.helperTarget, COL.helperComparator, COL.helperActual],
      rowHeights,
      cells,
      merges,
      validations,
      conditionalFormats,
      names,
      print: {
        paperSize: 9,
        orientation: "portrait",
        fitToWidth: 1,
        fitToHeight: 0,
        titleRows: [1, 2],
        margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
        printArea: range(0, 0, row - 1, LAST_COL),
      },
      frozenRows: 0,
    },
    map: {
      headerRows: { projectName: projectNameRow, department: departmentRow, manager: managerRow },
      fundingHeaderRow,
      fundingRows,
      goalsRow,
      indicatorHeaderRow,
      firstIndicatorRow,
      totalRow,
      gradeRow,
      suggestedColumn: suggested ? COL.suggested : null,
    },
  };
}

/** `zpb_projectName_3` → { field: "projectName", formNo: 3 }; null for other names. */
export function parseFormName(name: string): { field: string; formNo: number } | null {
  const m = /^zpb_(.+)_(\d+)$/.exec(name);
  return m ? { field: m[1], formNo: Number(m[2]) } : null;
}
