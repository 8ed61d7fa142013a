/**
 * The Chinese message of every finding. A `switch` on the code with an exhaustive `never` default:
 * a new code without a message does not compile.
 */
import { a1 } from "../address";
import { dec } from "../decimal";
import type { ExpertSum, ExpertSumParams, Finding, NumericField, RequiredField, SubtotalColumn } from "../findings";
import type { ComputedField, FundingRowKey } from "../model";
import type { Tier } from "../values";

const REQUIRED: Record<RequiredField, string> = {
  projectName: "项目名称",
  department: "主管部门",
  implementer: "实施单位",
  manager: "项目负责人",
  phone: "联系电话",
  initialBudget: "年初预算数",
  annualBudget: "全年预算数",
  executed: "全年执行数",
  level3: "三级指标",
  weight: "分值",
  score: "得分",
  target: "年度指标值",
};

const NUMERIC: Record<NumericField, string> = {
  initialBudget: "年初预算数",
  annualBudget: "全年预算数",
  executed: "全年执行数",
  fundingWeight: "预算执行率分值",
  executionRate: "执行率",
  fundingScore: "资金得分",
  weight: "分值",
  score: "得分",
  fullScore: "满分",
  totalScore: "总分",
  projectTotal: "项目资金总额",
  fiscal: "财政资金",
  projectOther: "其他资金（项目资金）",
  annualTotal: "年度资金申请总额",
  currentYear: "当年财政拨款",
  carryOver: "上年结转资金",
  annualOther: "其他资金（年度资金）",
  sum: "合计",
  average: "平均分",
  lossRate: "失分率",
};

const SUBTOTAL: Record<SubtotalColumn, string> = {
  initialBudget: "年初预算数：年度资金总额应等于当年财政拨款、上年结转资金、其他资金之和",
  annualBudget: "全年预算数：年度资金总额应等于当年财政拨款、上年结转资金、其他资金之和",
  executed: "全年执行数：年度资金总额应等于当年财政拨款、上年结转资金、其他资金之和",
  projectTotal: "项目资金总额应等于财政资金与其他资金之和",
  annualTotal: "年度资金申请总额应等于当年财政拨款、上年结转资金、其他资金之和",
};

const ROW: Record<FundingRowKey, string> = {
  total: "年度资金总额",
  currentYear: "当年财政拨款",
  carryOver: "上年结转资金",
  other: "其他资金",
};

const COMPUTED: Record<ComputedField, string> = {
  executionRate: "执行率",
  fundingScore: "资金得分",
  fullScore: "满分",
  totalScore: "总分",
  grade: "评分等级",
  suggestedScore: "建议得分",
  itemSum: "合计",
  itemAverage: "平均分",
  expertTotal: "专家总分",
  averageTotal: "平均总分",
  groupWeight: "分项分值",
  groupAverage: "分项平均得分",
  lossRate: "失分率",
};

/** What each figure of a 专家评分表 is, and how it is worked out. */
const EXPERT_SUM: Record<ExpertSum, { what: (f: ExpertSumParams) => string; rule: string; percent?: true }> = {
  itemSum: { what: (f) => `指标“${f.indicator ?? ""}”的合计`, rule: "各专家评分之和" },
  itemAverage: { what: (f) => `指标“${f.indicator ?? ""}”的平均分`, rule: "合计 ÷ 专家人数" },
  expertTotal: { what: (f) => `${f.expert ?? "专家"}的总分`, rule: "该专家各项评分之和" },
  panelSum: { what: () => "总分行的合计", rule: "全部评分之和" },
  averageTotal: { what: () => "平均总分", rule: "各专家总分之和 ÷ 专家人数" },
  groupWeight: { what: (f) => `“${f.indicator ?? ""}”的分值`, rule: "其下各项分值之和" },
  groupAverage: { what: (f) => `“${f.indicator ?? ""}”的平均得分`, rule: "其下各项评分之和 ÷ 专家人数" },
  lossRate: { what: (f) => `“${f.indicator ?? ""}”的失分率`, rule: "1 − 平均得分 ÷ 分值", percent: true },
};

const EXPERT_FIELDS: ReadonlySet<ComputedField> = new Set<ComputedField>([
  "itemSum",
  "itemAverage",
  "expertTotal",
  "averageTotal",
  "groupWeight",
  "groupAverage",
  "lossRate",
]);

const TIER: Record<Tier, string> = { achieved: "达成", partial: "部分达成", "not-achieved": "未达成" };

/** Money and scores show 2 decimals, rounded as Excel rounds (9.985 → 9.99). */
const fixed2 = (n: number): string => dec(n).toFixed(2);
/** A fraction as a percentage with 2 decimals: 0.998528 → 99.85%. */
const percent = (fraction: number): string => `${dec(fraction).times(100).toFixed(2)}%`;
/** A weight as typed, without trailing zeros: 10.00 → 10, 7.5 → 7.5. */
const plain = (n: number): string => dec(n).toString();

/**
 * The Chinese message of a finding: what is wrong, and the right value where one can be computed.
 * @example messageOf(finding("GOAL_TEXT_IDENTICAL", null, {})) // "实际完成情况与预期目标完全相同：请写明实际完成了什么"
 */
export function messageOf(f: Finding): string {
  switch (f.code) {
    case "REQUIRED_MISSING": {
      const what = f.indicator ? `指标“${f.indicator}”的${REQUIRED[f.field]}` : REQUIRED[f.field];
      if (f.reason === "column") return `表中没有“${REQUIRED[f.field]}”一栏，无法检查各指标的${REQUIRED[f.field]}`;
      return f.reason === "zero" ? `${what}为 0，无法计算执行率` : `${what}未填写`;
    }
    case "NOT_A_NUMBER": {
      const what = f.indicator ? `指标“${f.indicator}”的${NUMERIC[f.field]}` : NUMERIC[f.field];
      return f.errorValue ? `${what}是错误值“${f.text}”，请检查公式或改填数字` : `${what}应为数字，现为“${f.text}”`;
    }
    case "FUNDING_SUBTOTAL_MISMATCH":
      return `${SUBTOTAL[f.column]}：填写为 ${fixed2(f.stated)}，分项合计为 ${fixed2(f.computed)}`;
    case "EXECUTION_EXCEEDS_BUDGET":
      return `全年执行数 ${fixed2(f.executed)} 超过全年预算数 ${fixed2(f.budget)}，请核实`;
    case "EXECUTION_RATE_MISMATCH":
      return `${ROW[f.row]}的执行率填写为 ${percent(f.stated)}，按全年执行数 ÷ 全年预算数计算应为 ${percent(f.computed)}`;
    case "FUNDING_SCORE_MISMATCH":
      return `资金得分填写为 ${fixed2(f.stated)}，按执行率 ${percent(f.rate)} × ${plain(f.weight)} 计算应为 ${fixed2(f.computed)}`;
    case "ROUNDING_DIFFERENCE":
      return roundingMessage(f);
    case "SCORE_EXCEEDS_WEIGHT": {
      const what = f.indicator ? `指标“${f.indicator}”的得分` : "资金得分";
      return f.score < 0
        ? `${what} ${fixed2(f.score)} 不能为负数`
        : `${what} ${fixed2(f.score)} 超过分值 ${plain(f.weight)}`;
    }
    case "WEIGHT_TOTAL_MISMATCH":
      return `各项分值合计为 ${plain(f.computed)}，与满分 ${plain(f.stated)} 不一致`;
    case "TOTAL_SCORE_MISMATCH":
      return `总分填写为 ${plain(f.stated)}，资金得分与各指标得分之和应为 ${fixed2(f.computed)}`;
    case "GRADE_MISMATCH":
      return `评分等级填写为“${f.stated}”，总分 ${fixed2(f.total)} 对应的等级应为“${f.expected}”`;
    case "DEVIATION_REASON_MISSING":
      return f.reason === "score-below-weight" && f.score !== null && f.weight !== null
        ? `指标“${f.indicator}”得分 ${fixed2(f.score)} 低于分值 ${plain(f.weight)}，请填写偏差原因分析及改进措施`
        : `指标“${f.indicator}”未达到年度指标值，请填写偏差原因分析及改进措施`;
    case "OVER_ACHIEVEMENT_UNEXPLAINED":
      return `指标“${f.indicator}”实际完成值 ${f.actual} 达到年度指标值 ${f.target} 的 ${percent(f.ratio)}（不低于 ${percent(f.threshold)}），请在偏差原因中说明目标设定是否偏低`;
    case "TARGET_NOT_MET_FULL_SCORE":
      return `指标“${f.indicator}”实际完成值 ${f.actual} 未达到年度指标值 ${f.target}，却得满分 ${fixed2(f.score)}`;
    case "SCORE_RULE_DEVIATION":
      return `指标“${f.indicator}”得分 ${fixed2(f.stated)}，按完成比例计算的建议得分为 ${fixed2(f.suggested)}`;
    case "QUALITATIVE_SCORE_OUT_OF_TIER": {
      const low = fixed2(dec(f.weight).times(f.min).toNumber());
      const high = fixed2(dec(f.weight).times(f.max).toNumber());
      const range = f.maxInclusive ? `${low}～${high} 分` : `${low} 分以上、低于 ${high} 分`;
      return `指标“${f.indicator}”实际完成值为“${f.actual}”（${TIER[f.tier]}），得分应在 ${range}，现为 ${fixed2(f.score)}`;
    }
    case "ACTUAL_NOT_A_VALUE":
      return f.reason === "comparison"
        ? `指标“${f.indicator}”的实际完成值“${f.text}”是比较式，请填写实际达到的数值`
        : `指标“${f.indicator}”的实际完成值未填写`;
    case "UNIT_MISMATCH":
      return f.reason === "target-actual"
        ? `指标“${f.indicator}”的实际完成值单位“${f.actualUnit ?? ""}”与年度指标值单位“${f.targetUnit ?? ""}”不一致`
        : `指标“${f.indicator}”是比率类指标，年度指标值的单位应为 %，现为“${f.targetUnit ?? ""}”`;
    case "CATEGORY_INVALID":
      return f.level2 === null
        ? `一级指标“${f.level1}”不在模板的指标体系中（可选：${f.allowed.join("、")}）`
        : `二级指标“${f.level2}”不属于一级指标“${f.level1}”（可选：${f.allowed.join("、")}）`;
    case "LEVEL1_MISSING":
      return `缺少一级指标“${f.level1}”下的计分指标`;
    case "WEIGHTS_NONSTANDARD":
      return `一级指标分值与标准分值不同：${f.categories.map((c) => `${c.level1} ${plain(c.stated)}（标准 ${plain(c.standard)}）`).join("，")}`;
    case "DUPLICATE_INDICATOR":
      return f.firstCell
        ? `三级指标“${f.indicator}”重复（第一次出现在 ${a1(f.firstCell)}）`
        : `三级指标“${f.indicator}”重复`;
    case "GOAL_TEXT_IDENTICAL":
      return "实际完成情况与预期目标完全相同：请写明实际完成了什么";
    case "FORMULA_OVERWRITTEN":
      return EXPERT_FIELDS.has(f.field)
        ? `${COMPUTED[f.field]}单元格的公式被改写为“${f.text}”：请核对，或恢复公式`
        : `${COMPUTED[f.field]}单元格的公式被改写为“${f.text}”：请核对，或用“填充”恢复公式`;
    case "EXPERT_SCORE_MISSING":
      return `${f.expert}对指标“${f.indicator}”的评分未填写`;
    case "EXPERT_SCORE_EXCEEDS_WEIGHT":
      return f.score < 0
        ? `${f.expert}对指标“${f.indicator}”的评分 ${plain(f.score)} 不能为负数`
        : `${f.expert}对指标“${f.indicator}”的评分 ${plain(f.score)} 超过分值 ${plain(f.weight)}`;
    case "EXPERT_DISAGREEMENT":
      return `专家对指标“${f.indicator}”的评分相差 ${plain(dec(f.high).minus(f.low).toNumber())} 分，超过分值 ${plain(f.weight)} 的一半（${f.highExpert} ${plain(f.high)}，${f.lowExpert} ${plain(f.low)}）：请专家组讨论后确认`;
    case "EXPERT_SUM_MISMATCH": {
      const e = EXPERT_SUM[f.of];
      const show = e.percent ? percent : fixed2;
      return `${e.what(f)}填写为 ${e.percent ? percent(f.stated) : plain(f.stated)}，按${e.rule}应为 ${show(f.computed)}`;
    }
    case "DATE_ORDER":
      return f.reason === "start-after-end"
        ? `计划开始日期 ${f.start} 晚于计划完成日期 ${f.end}`
        : `${f.field === "startDate" ? "计划开始日期" : "计划完成日期"}“${f.text}”不是有效日期`;
    case "PLACEHOLDER_ROWS":
      return `表中有 ${f.count} 行模板行未填写（如“指标2：”“……”或只有二级指标的行），未作为指标检查；不需要的行可删除`;
    default: {
      const unreachable: never = f;
      return unreachable;
    }
  }
}

function roundingMessage(f: Extract<Finding, { code: "ROUNDING_DIFFERENCE" }>): string {
  switch (f.of) {
    case "executionRate":
      return `${ROW[f.row]}的执行率填写为 ${percent(f.stated)}，计算为 ${percent(f.computed)}（舍入规则不同）`;
    case "fundingScore":
      return `资金得分填写为 ${fixed2(f.stated)}，按执行率 ${percent(f.rate)} × ${plain(f.weight)} 计算为 ${fixed2(f.computed)}（舍入规则不同）`;
    case "totalScore":
      return `总分填写为 ${plain(f.stated)}，资金得分与各指标得分之和为 ${fixed2(f.computed)}（舍入规则不同）`;
    default: {
      const e = EXPERT_SUM[f.of];
      const show = e.percent ? percent : fixed2;
      return `${e.what(f)}填写为 ${show(f.stated)}，按${e.rule}为 ${show(f.computed)}（舍入规则不同）`;
    }
  }
}
