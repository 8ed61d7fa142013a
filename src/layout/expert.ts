/**
 * The standard 专家评分表 sheet (domain.md §2.3): the panel scores the template's indicator system,
 * one column per expert. Everything the report states is a native formula, so the sheet computes
 * without the add-in: each item's 合计 and 平均分, each expert's 总分, the panel's 合计 and 平均总分,
 * the 等级, and a summary of every 一级 and 二级 with its 分值, 平均得分 and 失分率.
 *
 * Formulas compute what src/domain/expert.ts computes: a figure whose scores are not all filled in
 * shows nothing (COUNT < cells), averages divide by the number of expert columns and round with the
 * template's indicator rounding, 失分率 = 1 − (Σ scores ÷ N) ÷ 分值 from the unrounded average,
 * rounded to 4 decimals, and the 等级 is read from the unrounded 平均总分.
 */
import { a1 } from "../domain/address";
import type { RawValue } from "../domain/numbers";
import type { Template } from "../domain/templates/schema";
import { range, sheetBuilder, titleRows } from "./builder";
import type { CellStyle, ConditionalFormatSpec, SheetDescription, ValidationSpec } from "./sheet";
import {
  BODY,
  FONT,
  INPUT_CENTER,
  INPUT_TEXT,
  LABEL,
  NAME_PREFIX,
  RATE,
  SCORE_COMPUTED,
  SCORE_INPUT,
  fitRowHeights,
  gradeFormula,
  rounded,
} from "./standard";

export interface ExpertItemData {
  readonly level1: string;
  readonly level2: string;
  readonly level3: RawValue;
  readonly weight: RawValue;
  /** One per expert; shorter lists are padded with blanks. */
  readonly scores: readonly RawValue[];
}

export interface ExpertScoringData {
  readonly year: number | null;
  readonly projectName: RawValue;
  readonly department: RawValue;
  readonly implementer: RawValue;
  /** The experts' names heading their columns (blank: 专家1…N); their number is the number of columns. */
  readonly experts: readonly RawValue[];
  /** Items of one 一级 (and of one 二级 within it) next to each other, as the template lists them. */
  readonly items: readonly ExpertItemData[];
}

/** Zero-based columns of the expert sheet; the expert columns start at `firstExpert`. */
export const ECOL = {
  level1: 0,
  level1Weight: 1,
  level2: 2,
  level2Weight: 3,
  level3: 4,
  weight: 5,
  firstExpert: 6,
} as const;

/** Where the layout put things: zero-based rows and columns. */
export interface ExpertMap {
  readonly headerRow: number;
  readonly expertRow: number;
  readonly firstItemRow: number;
  /** The 总分 row, one past the last item. */
  readonly totalRow: number;
  readonly gradeRow: number;
  readonly sumCol: number;
  readonly averageCol: number;
  /** The summary lines, in order: 一级 lines (level2 null) each followed by its 二级 lines. */
  readonly groupRows: readonly { readonly row: number; readonly level1: string; readonly level2: string | null }[];
}

const WEIGHT_INPUT: CellStyle = { ...BODY, horizontal: "center", numberFormat: "0.##", input: true };
const COMPUTED = SCORE_COMPUTED;
const COMPUTED_WEIGHT: CellStyle = { ...BODY, horizontal: "center", numberFormat: "0.##" };

const ref = (row: number, col: number): string => a1({ row, col });
/** A column's letters: 5 → F. */
const letters = (col: number): string => a1({ row: 0, col }).replace(/\d+$/, "");
const area = (r1: number, c1: number, r2: number, c2: number): string => `${ref(r1, c1)}:${ref(r2, c2)}`;

/** A blank panel sheet on the template's indicator system, for `experts` experts (the template's number by default). */
export function blankExpertScoring(
  template: Template,
  year: number | null = template.year,
  experts: number = template.expertCount,
): ExpertScoringData {
  return {
    year,
    projectName: null,
    department: null,
    implementer: null,
    experts: Array.from({ length: experts }, (_, i) => `专家${i + 1}`),
    items: template.defaultIndicators.map((d) => ({
      level1: d.level1,
      level2: d.level2,
      level3: d.level3,
      weight: d.weight,
      scores: [],
    })),
  };
}

/** Consecutive runs of equal keys: [start, end] index pairs. */
function runs<T>(xs: readonly T[], key: (x: T) => string): [number, number][] {
  const out: [number, number][] = [];
  xs.forEach((x, i) => {
    if (i > 0 && key(xs[i - 1]) === key(x)) out[out.length - 1][1] = i;
    else out.push([i, i]);
  });
  return out;
}

/**
 * Lays out a 专家评分表.
 * @example layoutExpertScoring(t, blankExpertScoring(t, 2024), { formNo: 1, sheetName: "专家评分表" }).sheet
 */
export function layoutExpertScoring(
  template: Template,
  data: ExpertScoringData,
  options: { formNo: number; sheetName: string },
): { sheet: SheetDescription; map: ExpertMap } {
  const n = Math.max(1, data.experts.length);
  const first = ECOL.firstExpert;
  const lastExpert = first + n - 1;
  const sumCol = lastExpert + 1;
  const averageCol = lastExpert + 2;
  const LAST = averageCol;
  const metaCol = LAST + 2;
  const mode = template.rounding.indicatorScore;
  const validations: ValidationSpec[] = [];
  const conditionalFormats: ConditionalFormatSpec[] = [];
  const rowHeights = new Map<number, number>();
  const b = sheetBuilder(NAME_PREFIX, options.formNo);
  const { cells, merges, names, put, block, name } = b;

  titleRows(b, LAST, "项目支出绩效评价专家评分表", data.year, rowHeights);

  block(2, 0, 2, 1, "项目名称", LABEL);
  block(2, 2, 2, LAST, data.projectName, INPUT_TEXT);
  name("projectName", range(2, 2));
  block(3, 0, 3, 1, "主管部门", LABEL);
  block(3, 2, 3, 4, data.department, INPUT_TEXT);
  block(3, 5, 3, 6, "实施单位", LABEL);
  block(3, 7, 3, LAST, data.implementer, INPUT_TEXT);
  name("department", range(3, 2));
  name("implementer", range(3, 7));

  // The table's two header rows: the labels, then the experts' names under 专家评分.
  const h = 4;
  const e = h + 1;
  const labels: [number, string][] = [
    [ECOL.level1, "一级指标"],
    [ECOL.level1Weight, "分值"],
    [ECOL.level2, "二级指标"],
    [ECOL.level2Weight, "分值"],
    [ECOL.level3, "三级指标"],
    [ECOL.weight, "分值"],
    [sumCol, "合计"],
    [averageCol, "平均分"],
  ];
  for (const [c, label] of labels) block(h, c, e, c, label, LABEL);
  block(h, first, h, lastExpert, "专家评分", LABEL);
  for (let i = 0; i < n; i++)
    put(e, first + i, data.experts[i] ?? `专家${i + 1}`, {
      ...INPUT_CENTER,
      font: { name: FONT, size: 10, bold: true },
    });
  name("indicatorHeader", range(h, 0, h, LAST));
  name("expertNames", range(e, first, e, lastExpert));

  const items: readonly ExpertItemData[] =
    data.items.length > 0 ? data.items : [{ level1: "", level2: "", level3: null, weight: null, scores: [] }];
  const r1 = e + 1;
  const totalRow = r1 + Math.max(items.length, 1);
  const lastItemRow = totalRow - 1;
  const weightRange = (a: number, b: number): string => area(r1 + a, ECOL.weight, r1 + b, ECOL.weight);
  const scoreRange = (a: number, b: number): string => area(r1 + a, first, r1 + b, lastExpert);
  /** Σ scores of item rows a..b, "" until every score of them is filled in. */
  const sumWhenComplete = (cells: string, then: string): string =>
    `IF(COUNT(${cells})<ROWS(${cells})*COLUMNS(${cells}),"",${then})`;

  for (const [a, b] of runs(items, (x) => x.level1)) {
    block(r1 + a, ECOL.level1, r1 + b, ECOL.level1, items[a].level1, { ...LABEL, font: { name: FONT, size: 10 } });
    block(r1 + a, ECOL.level1Weight, r1 + b, ECOL.level1Weight, null, COMPUTED_WEIGHT, `SUM(${weightRange(a, b)})`);
    for (const [c, d] of runs(items.slice(a, b + 1), (x) => x.level2)) {
      block(r1 + a + c, ECOL.level2, r1 + a + d, ECOL.level2, items[a + c].level2, { ...BODY, horizontal: "center" });
      block(
        r1 + a + c,
        ECOL.level2Weight,
        r1 + a + d,
        ECOL.level2Weight,
        null,
        COMPUTED_WEIGHT,
        `SUM(${weightRange(a + c, a + d)})`,
      );
    }
  }
  items.forEach((item, i) => {
    const r = r1 + i;
    put(r, ECOL.level3, item.level3, { ...BODY, horizontal: "left" });
    put(r, ECOL.weight, item.weight, WEIGHT_INPUT);
    for (let x = 0; x < n; x++) put(r, first + x, item.scores[x] ?? null, SCORE_INPUT);
    const row = area(r, first, r, lastExpert);
    put(r, sumCol, null, COMPUTED, sumWhenComplete(row, `SUM(${row})`));
    put(r, averageCol, null, COMPUTED, sumWhenComplete(row, rounded(`SUM(${row})/COLUMNS(${row})`, mode)));
    if (typeof item.weight === "number") {
      validations.push({
        range: range(r, first, r, lastExpert),
        type: "decimal",
        min: 0,
        max: item.weight,
        errorStyle: "stop",
        prompt: `本项分值 ${item.weight} 分`,
        error: `评分应在 0 到 ${item.weight} 分之间`,
      });
    }
  });
  name("items", range(r1, 0, lastItemRow, LAST));

  // 总分: 满分 (Σ 分值), each expert's 总分, the panel's 合计 and 平均总分.
  const all = scoreRange(0, items.length - 1);
  block(totalRow, 0, totalRow, ECOL.level3, "总分", LABEL);
  put(totalRow, ECOL.weight, null, COMPUTED_WEIGHT, `SUM(${weightRange(0, items.length - 1)})`);
  name("fullScore", range(totalRow, ECOL.weight));
  for (let x = 0; x < n; x++) {
    const column = area(r1, first + x, lastItemRow, first + x);
    put(totalRow, first + x, null, COMPUTED, sumWhenComplete(column, `SUM(${column})`));
  }
  name("expertTotals", range(totalRow, first, totalRow, lastExpert));
  const panelSum = ref(totalRow, sumCol);
  const expertsRow = area(totalRow, first, totalRow, lastExpert);
  put(totalRow, sumCol, null, COMPUTED, sumWhenComplete(all, `SUM(${all})`));
  put(
    totalRow,
    averageCol,
    null,
    COMPUTED,
    `IF(${panelSum}="","",${rounded(`${panelSum}/COLUMNS(${expertsRow})`, mode)})`,
  );
  name("totalSum", range(totalRow, sumCol));
  name("averageTotal", range(totalRow, averageCol));

  const gradeRow = totalRow + 1;
  block(gradeRow, 0, gradeRow, ECOL.level3, "评分等级（按平均总分）", LABEL);
  block(
    gradeRow,
    ECOL.weight,
    gradeRow,
    LAST,
    null,
    { ...BODY, horizontal: "center", font: { name: FONT, size: 11, bold: true } },
    `IF(${panelSum}="","",${gradeFormula(`${panelSum}/COLUMNS(${expertsRow})`, template.gradeBands)})`,
  );
  name("grade", range(gradeRow, ECOL.weight));

  // 分项得分汇总: each 一级 (小计) and its 二级, with 分值, 平均得分 and 失分率.
  const s0 = gradeRow + 2;
  block(s0, 0, s0, LAST, "分项得分汇总", {
    ...LABEL,
    horizontal: "left",
    border: false,
    font: { name: FONT, size: 11, bold: true },
  });
  const sh = s0 + 1;
  const AVG_TO = 6 + Math.floor((LAST - 7) / 2);
  block(sh, 0, sh, 1, "一级指标", LABEL);
  block(sh, 2, sh, 4, "二级指标", LABEL);
  put(sh, 5, "分值", LABEL);
  block(sh, 6, sh, AVG_TO, "平均得分", LABEL);
  block(sh, AVG_TO + 1, sh, LAST, "失分率", LABEL);
  name("groupsHeader", range(sh, 0, sh, LAST));
  const groupRows: { row: number; level1: string; level2: string | null }[] = [];
  let g = sh + 1;
  const groupLine = (level1: string, level2: string | null, a: number, b: number): void => {
    const weightCell = ref(g, 5);
    const scores = scoreRange(a, b);
    const exact = `SUM(${scores})/COLUMNS(${scores})`;
    if (level2 === null)
      put(g, 2, "小计", { ...BODY, horizontal: "center", font: { name: FONT, size: 10, bold: true } });
    else block(g, 2, g, 4, level2, { ...BODY, horizontal: "left" });
    if (level2 === null) {
      put(g, 3, null, BODY);
      put(g, 4, null, BODY);
      merges.push(range(g, 2, g, 4));
    }
    put(g, 5, null, COMPUTED_WEIGHT, `SUM(${weightRange(a, b)})`);
    block(g, 6, g, AVG_TO, null, COMPUTED, sumWhenComplete(scores, rounded(exact, mode)));
    block(
      g,
      AVG_TO + 1,
      g,
      LAST,
      null,
      RATE,
      `IF(OR(COUNT(${scores})<ROWS(${scores})*COLUMNS(${scores}),N(${weightCell})=0),"",ROUND(1-${exact}/${weightCell},4))`,
    );
    groupRows.push({ row: g, level1, level2 });
    g++;
  };
  for (const [a, b] of runs(items, (x) => x.level1)) {
    const start = g;
    groupLine(items[a].level1, null, a, b);
    for (const [c, d] of runs(items.slice(a, b + 1), (x) => x.level2))
      groupLine(items[a].level1, items[a + c].level2, a + c, a + d);
    block(start, 0, g - 1, 1, items[a].level1, { ...LABEL, font: { name: FONT, size: 10 } });
  }
  put(g, 0, "（以上为分项得分汇总）", { font: { name: FONT, size: 9, color: "#808080" } });
  name("groupsEnd", range(g, 0));

  // Highlights the sheet shows without the add-in.
  {
    const topLeft = ref(r1, first);
    const weightOfRow = `$${letters(ECOL.weight)}${r1 + 1}`;
    conditionalFormats.push({
      range: range(r1, first, lastItemRow, lastExpert),
      formula: `AND(ISNUMBER(${topLeft}),OR(${topLeft}<0,${topLeft}>N(${weightOfRow})))`,
      fill: "#F4ABBA",
      fontColor: "#750B1C",
      meaning: "评分超过本项分值或为负数",
    });
    const rowScores = `$${letters(first)}${r1 + 1}:$${letters(lastExpert)}${r1 + 1}`;
    conditionalFormats.push({
      range: range(r1, sumCol, lastItemRow, averageCol),
      formula: `AND(COUNT(${rowScores})>=2,MAX(${rowScores})-MIN(${rowScores})>N(${weightOfRow})/2)`,
      fill: "#FFF4CE",
      meaning: "专家评分相差超过本项分值的一半，请专家组讨论",
    });
  }
  for (const cell of [range(r1, sumCol, lastItemRow, averageCol), range(totalRow, ECOL.weight, totalRow, LAST)]) {
    conditionalFormats.push({
      range: cell,
      formula: `NOT(ISFORMULA(${ref(cell.from.row, cell.from.col)}))`,
      fill: "#FFF4CE",
      meaning: "计算单元格的公式被改写为数值，请核对或恢复公式",
    });
  }

  put(0, metaCol, template.id, {});
  name("templateId", range(0, metaCol));
  put(1, metaCol, template.kind, {});
  name("kind", range(1, metaCol));

  const columnWidths = [8, 5, 10, 5, 20, 5, ...Array.from({ length: n }, () => 7), 7, 7, 2, 10];
  fitRowHeights(cells, merges, columnWidths, rowHeights);
  return {
    sheet: {
      sheetName: options.sheetName,
      columnWidths,
      hiddenColumns: [LAST + 1, metaCol],
      rowHeights,
      cells,
      merges,
      validations,
      conditionalFormats,
      names,
      print: {
        paperSize: 9,
        // Up to 7 experts the sheet is as wide as the 自评表 (about 120 characters): portrait.
        orientation: n > 7 ? "landscape" : "portrait",
        fitToWidth: 1,
        fitToHeight: 0,
        titleRows: [5, 6],
        margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
        printArea: range(0, 0, g - 1, LAST),
      },
      frozenRows: 0,
    },
    map: { headerRow: h, expertRow: e, firstItemRow: r1, totalRow, gradeRow, sumCol, averageCol, groupRows },
  };
}
