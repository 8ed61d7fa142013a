/**
 * The standard 绩效目标申报表 sheet (domain.md §2.2): header with 项目性质/项目类别 and the planned dates,
 * the 项目资金 block whose two totals are formulas (so the identities hold by construction), the goals,
 * and the indicator table with one 年度指标值 per row and no scores.
 */
import { a1 } from "../domain/address";
import type { RawValue } from "../domain/numbers";
import type { Template } from "../domain/templates/schema";
import type { CellStyle, SheetDescription, ValidationSpec } from "./sheet";
import { range, sheetBuilder, titleRows } from "./builder";
import { NAME_PREFIX } from "./standard";

export interface DeclarationData {
  readonly year: number | null;
  readonly projectName: RawValue;
  readonly nature: RawValue;
  readonly category: RawValue;
  readonly department: RawValue;
  readonly implementer: RawValue;
  readonly startDate: RawValue;
  readonly endDate: RawValue;
  readonly fiscal: RawValue;
  readonly projectOther: RawValue;
  readonly currentYear: RawValue;
  readonly carryOver: RawValue;
  readonly annualOther: RawValue;
  readonly goals: { readonly overall: RawValue; readonly annual: RawValue };
  readonly indicators: readonly {
    readonly level1: string;
    readonly level2: string;
    readonly level3: RawValue;
    readonly target: RawValue;
  }[];
}

/** Zero-based columns of the declaration sheet. */
export const DCOL = { label: 0, level1: 1, level2: 2, level3: 3, target: 4, meta: 8 } as const;
const LAST = 5; // F

const FONT = "宋体";
const BODY: CellStyle = { font: { name: FONT, size: 10 }, vertical: "middle", wrap: true, border: true };
const LABEL: CellStyle = { ...BODY, horizontal: "center", font: { name: FONT, size: 10, bold: true } };
const INPUT: CellStyle = { ...BODY, horizontal: "left", input: true };
const MONEY_IN: CellStyle = { ...BODY, horizontal: "right", numberFormat: "#,##0.00", input: true };
const MONEY_SUM: CellStyle = { ...BODY, horizontal: "right", numberFormat: "#,##0.00" };
const DATE: CellStyle = { ...BODY, horizontal: "center", numberFormat: "yyyy-mm-dd", input: true };

const ref = (row: number, col: number): string => a1({ row, col });

/** A blank declaration: one row per 二级 of each required 一级, plus 成本 where the system has it. */
export function blankDeclaration(template: Template, year: number | null = template.year): DeclarationData {
  const indicators = template.categories
    .filter((c) => template.requiredLevel1.includes(c.name) || c.name.startsWith("成本"))
    .flatMap((c) =>
      c.level2
        .slice(0, c.name.startsWith("产出") ? 3 : 1)
        .map((level2) => ({ level1: c.name, level2, level3: null, target: null })),
    );
  return {
    year,
    projectName: null,
    nature: null,
    category: null,
    department: null,
    implementer: null,
    startDate: null,
    endDate: null,
    fiscal: null,
    projectOther: null,
    currentYear: null,
    carryOver: null,
    annualOther: null,
    goals: { overall: null, annual: null },
    indicators,
  };
}

/**
 * Lays out a 申报表.
 * @example layoutDeclaration(builtinTemplate("sh-2024-declaration")!, blankDeclaration(t), { formNo: 1, sheetName: "申报表" })
 */
export function layoutDeclaration(
  template: Template,
  data: DeclarationData,
  options: { formNo: number; sheetName: string },
): SheetDescription {
  const validations: ValidationSpec[] = [];
  const rowHeights = new Map<number, number>();
  const b = sheetBuilder(NAME_PREFIX, options.formNo);
  const { cells, merges, names, put, block, name } = b;

  titleRows(b, LAST, "财政项目支出绩效目标申报表", data.year, rowHeights);

  put(2, 0, "项目名称", LABEL);
  put(2, 1, data.projectName, INPUT);
  put(2, 2, "项目性质", LABEL);
  put(2, 3, data.nature, INPUT);
  put(2, 4, "项目类别", LABEL);
  put(2, 5, data.category, INPUT);
  name("projectName", range(2, 1));
  name("nature", range(2, 3));
  name("category", range(2, 5));
  put(3, 0, "主管部门", LABEL);
  block(3, 1, 3, 2, data.department, INPUT);
  put(3, 3, "实施单位", LABEL);
  block(3, 4, 3, 5, data.implementer, INPUT);
  name("department", range(3, 1));
  name("implementer", range(3, 4));
  put(4, 0, "计划开始日期", LABEL);
  block(4, 1, 4, 2, data.startDate, DATE);
  put(4, 3, "计划完成日期", LABEL);
  block(4, 4, 4, 5, data.endDate, DATE);
  name("startDate", range(4, 1));
  name("endDate", range(4, 4));

  // 项目资金 (元): the two totals add up their parts by formula.
  const f0 = 5;
  block(f0, 0, f0 + 3, 0, `项目资金（${template.moneyUnit}）`, LABEL);
  put(f0, 1, "项目资金总额", LABEL);
  put(f0, 2, null, MONEY_SUM, `N(${ref(f0 + 1, 2)})+N(${ref(f0 + 3, 2)})`);
  put(f0, 3, "年度资金申请总额", LABEL);
  block(f0, 4, f0, 5, null, MONEY_SUM, `N(${ref(f0 + 1, 4)})+N(${ref(f0 + 2, 4)})+N(${ref(f0 + 3, 4)})`);
  put(f0 + 1, 1, "其中：财政资金", BODY);
  put(f0 + 1, 2, data.fiscal, MONEY_IN);
  put(f0 + 1, 3, "其中：当年财政拨款", BODY);
  block(f0 + 1, 4, f0 + 1, 5, data.currentYear, MONEY_IN);
  put(f0 + 2, 1, null, BODY);
  put(f0 + 2, 2, null, BODY);
  put(f0 + 2, 3, "上年结转资金", BODY);
  block(f0 + 2, 4, f0 + 2, 5, data.carryOver, MONEY_IN);
  put(f0 + 3, 1, "其他资金", BODY);
  put(f0 + 3, 2, data.projectOther, MONEY_IN);
  put(f0 + 3, 3, "其他资金", BODY);
  block(f0 + 3, 4, f0 + 3, 5, data.annualOther, MONEY_IN);
  name("projectTotal", range(f0, 2));
  name("fiscal", range(f0 + 1, 2));
  name("projectOther", range(f0 + 3, 2));
  name("annualTotal", range(f0, 4));
  name("currentYear", range(f0 + 1, 4));
  name("carryOver", range(f0 + 2, 4));
  name("annualOther", range(f0 + 3, 4));
  validations.push({
    range: range(f0 + 1, 2, f0 + 3, 5),
    type: "decimal",
    min: 0,
    max: null,
    errorStyle: "stop",
    error: `请输入不小于 0 的金额（${template.moneyUnit}）`,
  });

  const g0 = f0 + 4;
  block(g0, 0, g0 + 1, 0, "项目绩效目标", LABEL);
  block(g0, 1, g0, 2, "项目总目标", LABEL);
  block(g0, 3, g0, LAST, "年度总体目标", LABEL);
  block(g0 + 1, 1, g0 + 1, 2, data.goals.overall, { ...INPUT, vertical: "top" });
  block(g0 + 1, 3, g0 + 1, LAST, data.goals.annual, { ...INPUT, vertical: "top" });
  rowHeights.set(g0 + 1, 72);
  name("goalOverall", range(g0 + 1, 1));
  name("goalAnnual", range(g0 + 1, 3));

  const h = g0 + 2;
  const rows = data.indicators;
  block(h, 0, h + Math.max(rows.length, 1), 0, "绩效指标", LABEL);
  put(h, 1, "一级指标", LABEL);
  put(h, 2, "二级指标", LABEL);
  put(h, 3, "三级指标", LABEL);
  block(h, 4, h, LAST, "年度指标值", LABEL);
  name("indicatorHeader", range(h, 0, h, LAST));
  rows.forEach((ind, i) => {
    const r = h + 1 + i;
    if (i === 0 || rows[i - 1].level1 !== ind.level1) {
      let end = i;
      while (end + 1 < rows.length && rows[end + 1].level1 === ind.level1) end++;
      block(r, 1, h + 1 + end, 1, ind.level1, { ...INPUT, horizontal: "center" });
    }
    if (i === 0 || rows[i - 1].level1 !== ind.level1 || rows[i - 1].level2 !== ind.level2) {
      let end = i;
      while (end + 1 < rows.length && rows[end + 1].level1 === ind.level1 && rows[end + 1].level2 === ind.level2) end++;
      block(r, 2, h + 1 + end, 2, ind.level2, { ...INPUT, horizontal: "center" });
      const category = template.categories.find((c) => c.name === ind.level1);
      if (category) {
        validations.push({
          range: range(r, 2, h + 1 + end, 2),
          type: "list",
          values: category.level2,
          errorStyle: "stop",
          error: `“${category.name}”下的二级指标只能是：${category.level2.join("、")}`,
        });
      }
    }
    put(r, 3, ind.level3, INPUT);
    block(r, 4, r, LAST, ind.target, { ...INPUT, horizontal: "center" });
  });
  const last = h + Math.max(rows.length, 1);
  const level1Names = template.categories.map((c) => c.name);
  validations.push({
    range: range(h + 1, 1, last, 1),
    type: "list",
    values: level1Names,
    errorStyle: "stop",
    error: `一级指标只能是：${level1Names.join("、")}`,
  });
  name("indicators", range(h + 1, 0, last, LAST));
  // The end of the table, for readers: the row after the last indicator.
  put(last + 1, 0, "（以上为绩效指标）", { font: { name: FONT, size: 9, color: "#808080" } });
  name("tableEnd", range(last + 1, 0));

  put(0, DCOL.meta, template.id, {});
  name("templateId", range(0, DCOL.meta));
  put(1, DCOL.meta, template.kind, {});
  name("kind", range(1, DCOL.meta));

  return {
    sheetName: options.sheetName,
    columnWidths: [10, 16, 16, 30, 16, 14, 2, 2, 10],
    hiddenColumns: [6, 7, DCOL.meta],
    rowHeights,
    cells,
    merges,
    validations,
    conditionalFormats: [],
    names,
    print: {
      paperSize: 9,
      orientation: "portrait",
      fitToWidth: 1,
      fitToHeight: 0,
      titleRows: [1, 2],
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
      printArea: range(0, 0, last + 1, LAST),
    },
    frozenRows: 0,
  };
}
