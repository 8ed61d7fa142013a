/**
 * Form factories for tests: `makeForm(spec)` lays a 自评表 out on a sheet the way the standard layout
 * does (title, header, 项目资金 rows, goals, indicator table, 总分, 评分等级), so every value has an
 * address and findings can be asserted by cell.
 */
import { adr, type CellAddress } from "../src/domain/address";
import type { RawValue } from "../src/domain/numbers";
import type { Field, FundingRow, Indicator, SelfEvaluationForm, TargetDeclarationForm } from "../src/domain/model";
import type { SelfEvaluationData } from "../src/layout/standard";

export type FundingSpec = [
  initial: RawValue,
  annual: RawValue,
  executed: RawValue,
  weight: RawValue,
  rate: RawValue,
  score: RawValue,
];
/** 一级, 二级 ("" continues the merged cell above), 三级, 年度指标值, 实际完成值, 分值, 得分, 偏差原因. */
export type IndicatorSpec = [
  level1: string,
  level2: string,
  level3: RawValue,
  target: RawValue,
  actual: RawValue,
  weight: RawValue,
  score: RawValue,
  deviation?: RawValue,
];

export interface FormSpec {
  sheet: string;
  projectName: RawValue;
  department: RawValue;
  implementer: RawValue;
  manager?: RawValue;
  phone?: RawValue;
  ratePercentHeader: boolean;
  /** Number format of the 执行率 cells, e.g. "0.00%" when a fraction is shown as a percentage. */
  rateFormat?: string;
  funding: { total: FundingSpec; currentYear: FundingSpec; carryOver: FundingSpec; other: FundingSpec };
  goals: [expected: RawValue, actual: RawValue];
  indicators: IndicatorSpec[];
  total: [fullScore: RawValue, score: RawValue];
  /** null: the form has no 评分等级 row. */
  grade: RawValue | null;
}

/** A clean form: under the sh-district-2023 template it has no finding at all. */
export function cleanSpec(): FormSpec {
  return {
    sheet: "Sheet1",
    projectName: "职工技能培训",
    department: "上海市某区总工会",
    implementer: "上海市某区总工会",
    ratePercentHeader: true,
    funding: {
      total: [100, 100, 98, 10, 98, 9.8],
      currentYear: [100, 100, 98, "-", 98, "-"],
      carryOver: [0, 0, 0, "-", 0, "-"],
      other: [0, 0, 0, "-", 0, "-"],
    },
    goals: ["全年培训职工 100 人，合格率不低于 95%。", "全年培训职工 120 人，合格率 98%，补贴按季度发放。"],
    indicators: [
      ["产出指标", "数量指标", "培训人数", "≥100(人)", "120(人)", 20, 20, ""],
      ["", "质量指标", "培训合格率", "≥95.00(%)", "98.00(%)", 15, 15, ""],
      ["", "时效指标", "补贴发放及时性", "及时", "达成指标", 15, 15, ""],
      ["效益指标", "社会效益指标", "有责投诉发生数", "=0(起)", "0(起)", 15, 15, ""],
      ["", "可持续影响指标", "长效管理机制", "建立健全", "达成指标", 15, 15, ""],
      ["满意度指标", "服务对象满意度指标", "服务对象满意度", "≥85.00(%)", "90.00(%)", 10, 10, ""],
    ],
    total: [100, 99.8],
    grade: "优",
  };
}

/** Where things are in the factory layout (1-based rows, as a person reads the sheet). */
export const LAYOUT = {
  projectName: "C3",
  department: "C4",
  implementer: "F4",
  manager: "C5",
  phone: "F5",
  fundingRows: { total: 7, currentYear: 8, carryOver: 9, other: 10 },
  fundingCols: { initialBudget: "D", annualBudget: "E", executed: "F", weight: "G", rate: "H", score: "I" },
  goalsRow: 12,
  firstIndicatorRow: 14,
  indicatorCols: {
    level1: "A",
    level2: "B",
    level3: "C",
    target: "D",
    actual: "E",
    weight: "F",
    score: "G",
    deviation: "H",
  },
} as const;

const field = (value: RawValue, address: string | CellAddress, numberFormat?: string): Field => ({
  value,
  at: typeof address === "string" ? adr(address) : address,
  ...(numberFormat ? { numberFormat } : {}),
});

function fundingRow(spec: FundingSpec, row: number, rateFormat?: string): FundingRow {
  const c = LAYOUT.fundingCols;
  return {
    initialBudget: field(spec[0], `${c.initialBudget}${row}`),
    annualBudget: field(spec[1], `${c.annualBudget}${row}`),
    executed: field(spec[2], `${c.executed}${row}`),
    weight: field(spec[3], `${c.weight}${row}`),
    rate: field(spec[4], `${c.rate}${row}`, rateFormat),
    score: field(spec[5], `${c.score}${row}`),
  };
}

/** The indicator row number (1-based) of the i-th indicator. */
export const indicatorRow = (i: number): number => LAYOUT.firstIndicatorRow + i;
/** The 总分 row number. */
export const totalRow = (spec: FormSpec): number => LAYOUT.firstIndicatorRow + spec.indicators.length;

/**
 * Builds a 自评表 from a spec.
 * @example makeForm({ ...cleanSpec(), projectName: "" })
 */
export function makeForm(spec: FormSpec): SelfEvaluationForm {
  const r = LAYOUT.fundingRows;
  const c = LAYOUT.indicatorCols;
  let level1: Field = field(null, "A1");
  let level2: Field = field(null, "A1");
  const indicators: Indicator[] = spec.indicators.map((row, i) => {
    const n = indicatorRow(i);
    // 一级/二级 are merged down: an empty cell continues the one above, with its address.
    if (row[0] !== "") level1 = field(row[0], `${c.level1}${n}`);
    if (row[1] !== "" || row[0] !== "") level2 = field(row[1], `${c.level2}${n}`);
    return {
      level1,
      level2,
      level3: field(row[2], `${c.level3}${n}`),
      target: field(row[3], `${c.target}${n}`),
      actual: field(row[4], `${c.actual}${n}`),
      weight: field(row[5], `${c.weight}${n}`),
      score: field(row[6], `${c.score}${n}`),
      deviation: field(row[7] ?? null, `${c.deviation}${n}`),
    };
  });
  const t = totalRow(spec);
  return {
    kind: "self-evaluation",
    sheet: spec.sheet,
    range: { from: adr("A1"), to: adr(`I${t + 1}`) },
    templateId: null,
    year: 2023,
    header: {
      projectName: field(spec.projectName, LAYOUT.projectName),
      department: field(spec.department, LAYOUT.department),
      implementer: field(spec.implementer, LAYOUT.implementer),
      manager: field(spec.manager ?? null, LAYOUT.manager),
      phone: field(spec.phone ?? null, LAYOUT.phone),
    },
    moneyUnit: "万元",
    ratePercentHeader: spec.ratePercentHeader,
    funding: {
      total: fundingRow(spec.funding.total, r.total, spec.rateFormat),
      currentYear: fundingRow(spec.funding.currentYear, r.currentYear, spec.rateFormat),
      carryOver: fundingRow(spec.funding.carryOver, r.carryOver, spec.rateFormat),
      other: fundingRow(spec.funding.other, r.other, spec.rateFormat),
    },
    goals: {
      expected: field(spec.goals[0], `B${LAYOUT.goalsRow}`),
      actual: field(spec.goals[1], `F${LAYOUT.goalsRow}`),
    },
    indicators,
    total: { fullScore: field(spec.total[0], `F${t}`), score: field(spec.total[1], `G${t}`) },
    grade: spec.grade === null ? null : field(spec.grade, `C${t + 1}`),
  };
}

/** Replaces the i-th indicator row of a spec. */
export function withIndicator(spec: FormSpec, i: number, row: Partial<Record<number, RawValue>>): FormSpec {
  const indicators = spec.indicators.map((r, j) => {
    if (j !== i) return r;
    const copy = [...r] as IndicatorSpec;
    for (const [k, v] of Object.entries(row)) (copy as RawValue[])[Number(k)] = v as RawValue;
    return copy;
  });
  return { ...spec, indicators };
}

export interface DeclarationSpec {
  sheet: string;
  header: {
    projectName: RawValue;
    nature: RawValue;
    category: RawValue;
    department: RawValue;
    implementer: RawValue;
    startDate: RawValue;
    endDate: RawValue;
  };
  funding: {
    projectTotal: RawValue;
    fiscal: RawValue;
    projectOther: RawValue;
    annualTotal: RawValue;
    currentYear: RawValue;
    carryOver: RawValue;
    annualOther: RawValue;
  };
  goals: [overall: RawValue, annual: RawValue];
  /** 一级, 二级 ("" continues), 三级, 年度指标值 */
  indicators: [string, string, RawValue, RawValue][];
}

/** A clean 申报表, like the Songjiang fixture's first form. */
export function cleanDeclarationSpec(): DeclarationSpec {
  return {
    sheet: "申报表",
    header: {
      projectName: "编外人员工作经费",
      nature: "其他经常性项目",
      category: "特定目标类",
      department: "上海市松江区总工会",
      implementer: "上海市松江区总工会(本级)",
      startDate: "2024-01-01",
      endDate: "2024-12-31",
    },
    funding: {
      projectTotal: "615,848.00",
      fiscal: "615,848.00",
      projectOther: "0",
      annualTotal: "615,848.00",
      currentYear: "615,848.00",
      carryOver: "0.00",
      annualOther: "0",
    },
    goals: ["保障区总工会非编人员的劳动权益。", "保障区总工会非编人员的劳动权益。"],
    indicators: [
      ["产出指标", "数量指标", "指标1:非编人员数", "=4.00(人)"],
      ["", "质量指标", "指标1:工资发放准确性", "准确"],
      ["", "时效指标", "指标1:工资发放及时性", "及时"],
      ["效益指标", "社会效益指标", "指标1:是否提升就业率", "是"],
      ["满意度指标", "服务对象满意度指标", "指标1:职工群众对区总工会满意度", "≥80.00(%)"],
    ],
  };
}

/** Declaration layout: header rows 4–6 (B/D/F values), funding rows 7–10, goals row 12, indicators from row 14 (B..E). */
export function makeDeclaration(spec: DeclarationSpec): TargetDeclarationForm {
  const h = spec.header;
  const f = spec.funding;
  let level1: Field = field(null, "B14");
  let level2: Field = field(null, "C14");
  return {
    kind: "target-declaration",
    sheet: spec.sheet,
    range: null,
    templateId: null,
    year: 2024,
    header: {
      projectName: field(h.projectName, "B4"),
      nature: field(h.nature, "D4"),
      category: field(h.category, "F4"),
      department: field(h.department, "B5"),
      implementer: field(h.implementer, "E5"),
      startDate: field(h.startDate, "B6"),
      endDate: field(h.endDate, "E6"),
    },
    moneyUnit: "元",
    funding: {
      projectTotal: field(f.projectTotal, "C7"),
      fiscal: field(f.fiscal, "C8"),
      projectOther: field(f.projectOther, "C10"),
      annualTotal: field(f.annualTotal, "E7"),
      currentYear: field(f.currentYear, "E8"),
      carryOver: field(f.carryOver, "E9"),
      annualOther: field(f.annualOther, "E10"),
    },
    goals: { overall: field(spec.goals[0], "B12"), annual: field(spec.goals[1], "D12") },
    indicators: spec.indicators.map((row, i) => {
      const n = 14 + i;
      if (row[0] !== "") level1 = field(row[0], `B${n}`);
      if (row[1] !== "" || row[0] !== "") level2 = field(row[1], `C${n}`);
      return { level1, level2, level3: field(row[2], `D${n}`), target: field(row[3], `E${n}`) };
    }),
  };
}

/**
 * A filled 自评表 as layout data (src/layout/standard.ts): the clean form of `cleanSpec()`, for tests
 * that lay a form out and read it back. Under sh-district-2023 it has no finding.
 */
export function filledData(projectName = "职工技能培训", firstScore = 20): SelfEvaluationData {
  return {
    year: 2023,
    projectName,
    department: "上海市某区总工会",
    implementer: "上海市某区总工会",
    funding: {
      total: { initialBudget: 100, annualBudget: 100, executed: 98 },
      currentYear: { initialBudget: 100, annualBudget: 100, executed: 98 },
      carryOver: { initialBudget: 0, annualBudget: 0, executed: 0 },
      other: { initialBudget: 0, annualBudget: 0, executed: 0 },
    },
    goals: { expected: "全年培训职工 100 人。", actual: "全年培训职工 120 人。" },
    indicators: [
      {
        level1: "产出指标",
        level2: "数量指标",
        level3: "培训人数",
        target: "≥100(人)",
        actual: 120,
        weight: 20,
        score: firstScore,
        deviation: null,
      },
      {
        level1: "产出指标",
        level2: "质量指标",
        level3: "培训合格率",
        target: "≥95.00(%)",
        actual: 98,
        weight: 15,
        score: 15,
        deviation: null,
      },
      {
        level1: "产出指标",
        level2: "时效指标",
        level3: "补贴发放及时性",
        target: "及时",
        actual: "达成年度指标",
        weight: 15,
        score: 15,
        deviation: null,
      },
      {
        level1: "效益指标",
        level2: "社会效益指标",
        level3: "有责投诉发生数",
        target: "=0(起)",
        actual: 0,
        weight: 15,
        score: 15,
        deviation: null,
      },
      {
        level1: "效益指标",
        level2: "可持续影响指标",
        level3: "长效管理机制",
        target: "建立健全",
        actual: "达成年度指标",
        weight: 15,
        score: 15,
        deviation: null,
      },
      {
        level1: "满意度指标",
        level2: "服务对象满意度指标",
        level3: "服务对象满意度",
        target: "≥85.00(%)",
        actual: 90,
        weight: 10,
        score: 10,
        deviation: null,
      },
    ],
  };
}
