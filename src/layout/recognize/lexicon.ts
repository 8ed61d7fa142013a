/**
 * The label lexicon of the recognizer: every label a form may carry, with the ways real forms write it
 * (domain.md §2.4) — synonyms (`全年实际值` for 实际完成值), weights and numbering around it
 * (`一、产出指标（50分）`), labels cut short by the exporting system (`年度资金总`, `其中：当年财`, `年度指标`),
 * stray spaces and full-width forms. Every block finder and table reader asks here, so a new spelling
 * is taught once.
 *
 * Labels are matched on `labelCore` (comparable text without numbering, weight or trailing colon). A
 * cut label is accepted only where the form's structure says a label stands (a header row, the
 * funding block's label column), never for a free-standing value.
 */
import type { FundingRow, FundingRowKey, TargetDeclarationForm } from "../../domain/model";
import { CATEGORIES_2020, CATEGORIES_2021 } from "../../domain/templates/builtin";
import { remembered } from "../../domain/memo";
import { comparable, labelCore, labelCoreOfKey } from "../../domain/text";

/** Titles and labels are short; a goal text that mentions 绩效自评表 is not a title. */
export const MAX_TITLE = 60;
export const MAX_LABEL = 20;

/** The comparable text of a cell without a trailing colon: what values and lines are matched by. */
export const cellKey = (text: string): string => comparable(text).replace(/:+$/, "");

/**
 * The label a cell's key names, numbering, weight and a parenthesised remark (`（盖章）`) left out.
 * Every block finder asks for the same few hundred keys over and over: they are remembered.
 */
export function labelOf(key: string): string {
  let label = LABELS.get(key);
  if (label === undefined) {
    label = labelCoreOfKey(key)
      .replace(/\((?:盖章|公章|签章|签字|单位盖章|%|分|万元|元|[A-Z](?:\/[A-Z])?|年度|\d+分\*执行率)?\)$/, "")
      .replace(/:+$/, "");
    // A sheet of many distinct texts (long goal texts) must not make the memory grow without bound.
    if (LABELS.size >= 2000) LABELS.clear();
    LABELS.set(key, label);
  }
  return label;
}
const LABELS = new Map<string, string>();

/** The weight a label carries: `预算执行情况(万元)(20分)` and `得分(20分*执行率)` give 20. */
export function weightIn(key: string): string | null {
  const m = /\((?:分值|权重)?:?(\d+(?:\.\d+)?)分?(?:\*执行率)?\)$|(?<![\d.])(\d+(?:\.\d+)?)分$/.exec(key);
  return m ? (m[1] ?? m[2]) : null;
}

/** `key` is `full` cut short by an exporting system: at least `min` characters of it, from its start. */
export const isCutOf = (key: string, full: string, min: number): boolean =>
  key.length >= min && key.length < full.length && full.startsWith(key);

// ---------------------------------------------------------------------------------------------------
// Kinds of form

export type Kind = "self-evaluation" | "target-declaration" | "expert-scoring";

/** The kind of form a title names, or null. */
function askTitleKind(key: string): Kind | null {
  if (key.length > MAX_TITLE) return null;
  if (/专家(评分|打分|评议)/.test(key) && /表/.test(key)) return "expert-scoring";
  if (key.includes("汇总")) return null;
  if (/自评(价)?(表|结果表|情况表)/.test(key) || /绩效(目标)?自评$/.test(key)) return "self-evaluation";
  if (/绩效目标(申报)?表/.test(key)) return "target-declaration";
  return null;
}
export const titleKind = remembered(askTitleKind);

/** A line that only says the year: `（2023年度）`, `2023年`, `评价年度：2023年`. */
export const isYearLine = (key: string): boolean =>
  /^\(?(?:(?:评价|自评|所属|预算)?年度:?(?:19|20)\d{2}年?度?|(?:19|20)\d{2}年度?)\)?$/.test(key);

/** The year a title or year line states. */
export function yearIn(key: string): number | null {
  const m = /((?:19|20)\d{2})(?:年|$|\))/.exec(key);
  return m ? Number(m[1]) : null;
}

/** `附件：`, `附件2`, `附表1-3`: a caption above a form. */
export const isAttachmentCaption = (key: string): boolean => /^附(件|表)[\d\-一二三四五六七八九十]*$/.test(key);

// ---------------------------------------------------------------------------------------------------
// Header fields

const HEADER_LABELS = {
  projectName: ["项目名称", "项目支出名称", "项目名称(全称)", "转移支付(项目)名称", "转移支付名称", "专项名称"],
  department: [
    "主管部门",
    "主管部门及代码",
    "主管部门及编码",
    "主管部门及其编码",
    "主管单位",
    "主管部门名称",
    "地方主管部门",
  ],
  implementer: ["实施单位", "项目实施单位", "实施单位名称", "项目单位", "项目执行单位", "执行单位", "资金使用单位"],
  /** One unit standing for both 主管部门 and 实施单位 where a form names only one. */
  unit: ["预算部门", "预算单位", "部门", "部门名称", "单位名称", "预算单位名称", "部门(单位)名称"],
  manager: ["项目负责人"],
  phone: ["联系电话"],
  /** 项目负责人 and 联系电话 in one cell (`李某0000-0000000`). */
  managerPhone: ["项目负责人及电话", "项目负责人及联系电话", "负责人及电话"],
  nature: ["项目性质"],
  category: ["项目类别"],
  startDate: ["计划开始日期", "项目开始日期", "开始日期"],
  endDate: ["计划完成日期", "计划结束日期", "项目完成日期", "完成日期"],
  /** Start and end in one cell (`2023.07-2024.01`). */
  period: ["项目起止时间", "项目支出实施期", "项目实施期", "实施期限", "项目周期", "起止时间", "项目起止日期"],
} as const;
export type HeaderKey = keyof typeof HEADER_LABELS;

const HEADER_KEYS = new Map<string, HeaderKey>(
  (Object.keys(HEADER_LABELS) as HeaderKey[]).flatMap((k) => HEADER_LABELS[k].map((label) => [label, k] as const)),
);

/** The header field a label names (`实施单位（盖章）`, `项目名称：`), or null. */
function askHeaderKeyOf(key: string): HeaderKey | null {
  if (key.length > MAX_LABEL) return null;
  const k = labelOf(key);
  // `一级预算单位名称`, also with its first characters lost in a web page's text (`级预算单位名称`).
  return HEADER_KEYS.get(k) ?? (/预算单位名称$/.test(k) ? "unit" : null);
}
export const headerKeyOf = remembered(askHeaderKeyOf);

/**
 * Header labels of facts the form model does not hold (项目属性, 项目类型, 项目概况, …): known as labels,
 * so that they never pass for a value; what stands beside them is left `unplaced`.
 */
export const isOtherHeaderLabel = (key: string): boolean =>
  key.length <= MAX_LABEL &&
  [
    "项目属性",
    "项目类型",
    "项目类别",
    "项目性质",
    "项目概况",
    "项目实施进度计划",
    "项目实施内容",
    "开始时间",
    "完成时间",
    "年度本级预算金额",
    "该项目支出上级资金",
    "填报单位",
    "评价机构",
    "评价时间",
    "中央主管部门",
    "省级主管部门",
    "填报日期",
  ].includes(labelOf(key));

/** A header label with its value typed after a colon in the same cell (`项目名称：职工服务`). */
export function inlineHeader(text: string): { key: HeaderKey; value: string } | null {
  const m = /^([^:：]{2,12})[:：]\s*(.+)$/s.exec(text.trim());
  if (!m) return null;
  const key = headerKeyOf(cellKey(m[1]));
  return key ? { key, value: m[2].trim() } : null;
}

// ---------------------------------------------------------------------------------------------------
// The funding block of a 自评表

export type FundingColumn = keyof FundingRow;

/** A 项目资金 column header (自评表); `年初预`, `全年执` are cut headers. */
function askFundingColumnOf(key: string): FundingColumn | null {
  if (key.length > MAX_LABEL || isBlockLabel(key)) return null;
  const k = labelOf(key).replace(/\((万元|元)\)$/, "");
  if (/^年初(预算|预|批复)/.test(k)) return "initialBudget";
  if (/^(全年预算|全年预|调整后预算|调整预算|年度预算数|预算数$|全年可用|预算批复)/.test(k)) return "annualBudget";
  if (/^(全年执行|全年执|实际执行|预算执行数|执行数|实际支出|全年支出)/.test(k)) return "executed";
  if (k === "分值" || k === "分数" || k === "权重" || k === "分值(分)") return "weight";
  if (/^(预算)?执行率/.test(k)) return "rate";
  if (/^得分/.test(k)) return "score";
  return null;
}
export const fundingColumnOf = remembered(askFundingColumnOf);

/** A column of the funding block that explains rather than counts (Sichuan's 原因, 偏差原因). */
export const isFundingNoteColumn = (key: string): boolean =>
  key.length <= MAX_LABEL && /^(原因|偏差原因|说明|备注|未完成原因|得分计算方法|计算方法)/.test(labelOf(key));

const FUNDING_ROWS: readonly (readonly [FundingRowKey, readonly string[]])[] = [
  ["total", ["年度资金总额", "资金总额", "项目资金总额", "年度财政资金总额", "总额", "合计", "总计"]],
  [
    "currentYear",
    ["当年财政拨款", "本年财政拨款", "财政拨款", "财政资金", "当年财政资金", "本级财政资金", "中央补助", "中央资金"],
  ],
  ["carryOver", ["上年结转资金", "上年结转", "以前年度结转资金", "结转资金"]],
  ["other", ["其他资金"]],
];

/** Sub-rows some provinces add to the funding block (Sichuan): counted in the total, not one of the three. */
const EXTRA_FUNDING = [
  "财政专户管理资金",
  "单位资金",
  "单位自有资金",
  "上级补助资金",
  "上级资金",
  "自筹资金",
  "地方资金",
];

/**
 * A 项目资金 row label (自评表): 年度资金总额, 其中：当年(本年)财政拨款, 上年结转资金, 其他资金 — also cut
 * short (`年度资金总`, `其中：当年财`, `上年`), and `"extra"` for a further sub-row of the total.
 */
function askFundingRow(key: string, allowCut: boolean): FundingRowKey | "extra" | null {
  if (key.length > MAX_LABEL) return null;
  const k = labelOf(key)
    .replace(/^其中:?/, "")
    .replace(/\((万元|元)\)$/, "");
  if (k === "") return null;
  for (const [row, labels] of FUNDING_ROWS) if (labels.includes(k)) return row;
  if (EXTRA_FUNDING.includes(k)) return "extra";
  if (k.includes("资金总额")) return "total";
  if (k.includes("财政拨款")) return "currentYear";
  if (k.includes("上年结转")) return "carryOver";
  if (!allowCut) return null;
  for (const [row, labels] of FUNDING_ROWS) if (labels.some((full) => isCutOf(k, full, 2))) return row;
  return null;
}
const fundingRowStrict = remembered((key: string) => askFundingRow(key, false));
const fundingRowCut = remembered((key: string) => askFundingRow(key, true));
export const fundingRowOf = (key: string, allowCut = false): FundingRowKey | "extra" | null =>
  allowCut ? fundingRowCut(key) : fundingRowStrict(key);

// ---------------------------------------------------------------------------------------------------
// The funding block of a 申报表

export type DeclFunding = keyof TargetDeclarationForm["funding"];

/** A 项目资金 label of a 申报表. 其他资金 appears twice; which one it is depends on its column. */
function askDeclFundingOf(key: string): DeclFunding | "other" | "grant" | null {
  if (key.length > MAX_LABEL) return null;
  const k = labelOf(key).replace(/^其中:?/, "");
  if (k.includes("申请总额") || k.startsWith("年度资金总额") || k === "当年资金总额") return "annualTotal";
  if (k.includes("项目资金总额") || k === "资金总额") return "projectTotal";
  if (k.includes("财政资金")) return "fiscal";
  // A bare 财政拨款 is the project's (财政资金) or the year's (当年财政拨款) by the column it stands in.
  if (k === "财政拨款") return "grant";
  if (k.includes("财政拨款")) return "currentYear";
  if (k.includes("上年结转")) return "carryOver";
  if (k === "当年其他资金") return "annualOther";
  if (k.includes("其他资金")) return "other";
  return null;
}
export const declFundingOf = remembered(askDeclFundingOf);

// ---------------------------------------------------------------------------------------------------
// The indicator table

export type TableField =
  /** A column the model has no field for (绩效标准, the long-term columns of a 绩效目标表): read as notes. */
  | "note"
  | "level1"
  | "level2"
  | "level3"
  | "target"
  | "actual"
  | "weight"
  | "score"
  | "deviation"
  /** The parts of a target split over three columns (Yunnan, Sichuan): `≥ | 100 | %`. */
  | "targetComparator"
  | "targetUnit";

const TARGET_LABELS = [
  "年度指标值",
  "年度目标值",
  "指标值",
  "目标值",
  "年初目标值",
  "年度(/项目)指标值",
  "全年指标值",
  "指标值及单位",
  "预期指标值",
  "计划指标值",
];
const ACTUAL_LABELS = [
  "实际完成值",
  "全年实际值",
  "实际值",
  "完成值",
  "全年完成值",
  "年度实际完成值",
  "实际完成",
  "实际完成指标值",
  "全年实际完成值",
];

/**
 * A column header of the 绩效指标 table, in any order; `年度指标` is 年度指标值 cut short. In a split
 * target, `指标值` is the number between `指标性质` and `度量单位`.
 */
function askTableColumnOf(key: string): TableField | null {
  if (key.length > MAX_LABEL) return null;
  // A 绩效目标表 lists long-term (长期/中期) indicators beside the year's: only the year's are read.
  if (/\((长期|中期)\)$/.test(key)) return "note";
  const k = labelOf(key);
  if (["绩效标准", "评分标准", "指标解释", "指标说明", "评价标准", "计算方法", "得分计算方法"].includes(k))
    return "note";
  if (k === "一级指标" || k === "一级") return "level1";
  if (k === "二级指标" || k === "二级") return "level2";
  if (k === "三级指标" || k === "三级" || k === "指标名称" || k === "具体指标") return "level3";
  if (k === "指标性质" || k === "指标方向" || k === "符号") return "targetComparator";
  if (k === "度量单位" || k === "计量单位" || k === "单位") return "targetUnit";
  if (TARGET_LABELS.includes(k) || /^(年度|全年)?(绩效)?指标值/.test(k) || k === "年度指标") return "target";
  if (ACTUAL_LABELS.includes(k) || /^(全年|年度)?实际(完成)?值/.test(k)) return "actual";
  if (["分值", "权重", "分数", "指标分值", "权重(分)", "分值(分)", "标准分值", "指标权重"].includes(k)) return "weight";
  if (k === "得分" || k === "自评得分" || k === "实际得分" || k === "得分(分)") return "score";
  if (/^(偏差原因|未完成原因|原因分析|偏差分析|偏差情况)/.test(k)) return "deviation";
  return null;
}
export const tableColumnOf = remembered(askTableColumnOf);

export const isExpectedGoal = (key: string): boolean =>
  ["预期目标", "项目年度目标", "年度预期目标", "年初设定目标", "总体目标"].includes(labelOf(key));
export const isActualGoal = (key: string): boolean =>
  [
    "实际完成情况",
    "全年实际完成情况",
    "年度目标完成情况",
    "目标完成情况",
    "完成情况",
    "年度总体目标完成情况综述",
    "实际完成情况综述",
  ].includes(labelOf(key));
export const isOverallGoal = (key: string): boolean =>
  ["项目总目标", "总体目标", "长期目标", "实施期绩效目标", "实施期目标"].includes(labelOf(key));
export const isAnnualGoal = (key: string): boolean =>
  ["年度总体目标", "年度目标", "年度绩效目标", "本年度绩效目标"].includes(labelOf(key));
/** Goal labels no field holds (a 绩效目标表's 中期目标). */
const isOtherGoal = (key: string): boolean => ["中期目标"].includes(labelOf(key));
export const isTotalLabel = (key: string): boolean =>
  ["总分", "合计", "总计", "合计得分", "总得分"].includes(labelOf(key));
export const isGradeLabel = (key: string): boolean =>
  ["评分等级", "自评等级", "评价等级", "等级", "绩效等级"].includes(labelOf(key));

/**
 * Lines that are not indicators: notes, conclusions and signatures after (or inside) the table. The
 * first such line after the indicators ends a form that has no 总分 row.
 */
export const isTrailer = (key: string): boolean =>
  /^(其他需要说明(的)?事项|其他需说明的问题|需要说明的(其他)?事项|填报人|填表人|填报单位|审核人|单位负责人|财务负责人|项目负责人|联系人|联系电话|填报日期|填表日期|备注|说明|注:|注\d|评价结论|存在问题|改进措施|整改措施|自评结论|附件|附表|盖章|单位盖章|单位\(盖章\)|财政部门审核意见|主管部门审核意见|审核意见|偏差大或目标未完成原因分析|改进措施及结果应用方案)/.test(
    key,
  );

/** A template row never filled in: `指标2：`, `……`, `...`. */
export const isPlaceholderText = (key: string): boolean =>
  /^(指标\d+:?|[.…。·、]{2,}|…+|其他|其它|XX+|×+|\*+|-|--|—|——|\/)$/.test(key);

/** Labels that head a block and carry no value of their own. */
function askIsBlockLabel(key: string): boolean {
  if (key.length > MAX_LABEL + 4) return false;
  const k = labelOf(key);
  if (/^项目资金(\((万元|元)\))?$/.test(k) || /^项目资金\(单位:(万元|元)\)$/.test(k)) return true;
  if (
    /^(项目)?(预算执行情况|资金执行情况|项目资金情况|资金情况|预算资金|项目资金申请|年度预算申请)(\((万元|元)\))?$/.test(
      k,
    )
  )
    return true;
  // `年度预算数（万元）` heads the row labels of a funding block; a bare 年度预算数 is an amount column.
  if (/^年度预算数\((万元|元)\)$/.test(labelCore(key))) return true;
  // `年度绩效目标1（80分）`: a Hubei form's heading over its indicator table.
  if (/^年度绩效目标\d$/.test(k)) return true;
  return [
    "年度总体目标",
    "项目绩效目标",
    "绩效目标",
    "绩效指标",
    "年度绩效目标",
    "年度绩效指标",
    "本年度绩效指标",
    "绩效指标完成情况",
    "年度绩效指标完成情况",
    "年度总体目标完成情况",
    "绩效项目指标表",
    "项目基本情况",
    "项目年度目标完成情况",
    "项目实施内容及过程概述",
    "总体目标完成情况",
  ].includes(k);
}
export const isBlockLabel = remembered(askIsBlockLabel);

/** A label the recognizer knows: never a value, and not reported as unplaced. */
function askIsKnownLabel(key: string): boolean {
  return (
    headerKeyOf(key) !== null ||
    fundingColumnOf(key) !== null ||
    fundingRowOf(key) !== null ||
    declFundingOf(key) !== null ||
    tableColumnOf(key) !== null ||
    isBlockLabel(key) ||
    isExpectedGoal(key) ||
    isActualGoal(key) ||
    isOverallGoal(key) ||
    isAnnualGoal(key) ||
    isOtherGoal(key) ||
    isOtherHeaderLabel(key) ||
    isTotalLabel(key) ||
    isGradeLabel(key) ||
    isYearLine(key) ||
    /^(金额)?单位:?(万元|元)$/.test(key)
  );
}
export const isKnownLabel = remembered(askIsKnownLabel);

/** The money unit a label or a `单位：万元` line names. */
export function moneyUnitIn(key: string): "万元" | "元" | null {
  const m = /\((万元|元)\)|单位:?(万元|元)/.exec(key);
  return m ? ((m[1] ?? m[2]) as "万元" | "元") : null;
}

// ---------------------------------------------------------------------------------------------------
// Categories

const catKey = (key: string): string => labelOf(key).replace(/指标$/, "");
const LEVEL1_KEYS = new Set([...CATEGORIES_2020, ...CATEGORIES_2021].map((c) => catKey(c.name)));
const LEVEL2_KEYS = new Set([...CATEGORIES_2020, ...CATEGORIES_2021].flatMap((c) => c.level2.map(catKey)));

/** Which level a category name belongs to: 成本指标 is both (a 二级 in 2020, a 一级 from 2021). */
function askCategoryLevel(key: string): 1 | 2 | "either" | null {
  const k = catKey(key);
  const one = LEVEL1_KEYS.has(k);
  const two = LEVEL2_KEYS.has(k);
  if (one && two) return "either";
  return one ? 1 : two ? 2 : null;
}
export const categoryLevel = remembered(askCategoryLevel);

/** A full category name (`数量指标`), which is never a 三级 indicator; `满意度` alone may be one. */
export const isFullCategory = (key: string): boolean => labelOf(key).endsWith("指标") && categoryLevel(key) !== null;

// ---------------------------------------------------------------------------------------------------
// Expert panels (专家评分表)

/**
 * A cell that names one expert of a panel as a column or row header: `专家1`, `专家A`, `专家一`,
 * `1号专家`, `评审专家2`, `专家甲` — returns its label; an expert's own name is known only by where it
 * stands (under `专家评分`), not here.
 */
export function expertHeaderOf(key: string): string | null {
  if (key.length > 12) return null;
  const k = labelOf(key);
  return /^(评审|评价)?专家(组成员)?[\dA-Za-z一二三四五六七八九十甲乙丙丁戊己庚]{1,2}(号)?(评分|打分)?$/.test(k) ||
    /^[\d一二三四五六七八九十]{1,2}号专家$/.test(k)
    ? k
    : null;
}

/** A header over the experts' columns: `专家评分`, `专家打分`, `评审专家`, `专家组评分`. */
export const isExpertGroupHeader = (key: string): boolean =>
  /^(各)?(评审)?专家(组)?(评分|打分|姓名|签名)?(情况)?$/.test(labelOf(key));

/** An item's sum over the experts. */
export const isSumLabel = (key: string): boolean =>
  ["合计", "小计", "总分", "得分合计", "合计得分"].includes(labelOf(key));
/** An item's average over the experts. */
export const isAverageLabel = (key: string): boolean =>
  /^(平均分|平均得分|平均值|平均|专家平均分|综合得分|最终得分)$/.test(labelOf(key));

/**
 * A 二级 that is not allowed under this 一级 in either category system but is under another
 * (`社会效益指标` under 产出指标): it says which 一级 it belongs to. Takes the cells' texts as typed.
 */
export function belongsElsewhere(level2: string, level1: string): boolean {
  const l2 = catKey(cellKey(level2));
  const l1 = catKey(cellKey(level1));
  const systems = [CATEGORIES_2020, CATEGORIES_2021];
  const under = (one: string): boolean =>
    systems.some((sys) => sys.some((c) => catKey(c.name) === one && c.level2.some((x) => catKey(x) === l2)));
  return LEVEL2_KEYS.has(l2) && !under(l1) && [...LEVEL1_KEYS].some((one) => one !== l1 && under(one));
}
