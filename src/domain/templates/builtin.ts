/**
 * The built-in templates (domain.md §6). Each is plain data, validated by the same schema as a
 * bureau's own template file.
 */
import { validateTemplate, type Template, type TemplateInput } from "./schema";

/** 财预〔2020〕10号 categories: 成本 is a 二级 under 产出. */
export const CATEGORIES_2020 = [
  { name: "产出指标", level2: ["数量指标", "质量指标", "时效指标", "成本指标"] },
  { name: "效益指标", level2: ["经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"] },
  { name: "满意度指标", level2: ["服务对象满意度指标"] },
];

/** 财预〔2021〕101号 core-indicator categories: 成本指标 is its own 一级. */
export const CATEGORIES_2021 = [
  { name: "产出指标", level2: ["数量指标", "质量指标", "时效指标"] },
  { name: "成本指标", level2: ["经济成本指标", "社会成本指标", "生态环境成本指标"] },
  { name: "效益指标", level2: ["经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"] },
  { name: "满意度指标", level2: ["服务对象满意度指标"] },
];

/** The 一级/二级 of the 财预〔2020〕10号 evaluation framework an expert panel scores (domain.md §2.3). */
export const EXPERT_CATEGORIES_2020 = [
  { name: "决策", level2: ["项目立项", "绩效目标", "资金投入"] },
  { name: "过程", level2: ["资金管理", "组织实施"] },
  { name: "产出", level2: ["产出数量", "产出质量", "产出时效", "产出成本"] },
  { name: "效益", level2: ["社会效益", "可持续影响", "满意度"] },
];

/** Its 三级 items with their 分值: 决策 10 (3/4/3), 过程 20 (12/8), 产出 40 (10 each), 效益 30 (10 each). */
const EXPERT_ITEMS_2020: readonly (readonly [string, string, string, number])[] = [
  ["决策", "项目立项", "立项依据充分性", 2],
  ["决策", "项目立项", "立项程序规范性", 1],
  ["决策", "绩效目标", "绩效目标合理性", 2],
  ["决策", "绩效目标", "绩效指标明确性", 2],
  ["决策", "资金投入", "预算编制科学性", 2],
  ["决策", "资金投入", "资金分配合理性", 1],
  ["过程", "资金管理", "资金到位率", 4],
  ["过程", "资金管理", "预算执行率", 4],
  ["过程", "资金管理", "资金使用合规性", 4],
  ["过程", "组织实施", "管理制度健全性", 4],
  ["过程", "组织实施", "制度执行有效性", 4],
  ["产出", "产出数量", "实际完成率", 10],
  ["产出", "产出质量", "质量达标率", 10],
  ["产出", "产出时效", "完成及时性", 10],
  ["产出", "产出成本", "成本节约率", 10],
  ["效益", "社会效益", "项目实施的社会效益", 10],
  ["效益", "可持续影响", "项目实施的可持续影响", 10],
  ["效益", "满意度", "服务对象满意度", 10],
];

const STANDARD_2020 = { funding: 10, level1: { 产出指标: 50, 效益指标: 30, 满意度指标: 10 } };

const inputs: TemplateInput[] = [
  {
    schemaVersion: 1,
    id: "mof-2020",
    name: "财预〔2020〕10号 项目支出绩效自评表（默认）",
    description:
      "财政部《项目支出绩效评价管理办法》附件的自评表：万元，预算执行率 10 分、产出 50、效益 30、满意度 10。",
    kind: "self-evaluation",
    moneyUnit: "万元",
    headerFields: ["projectName", "department", "implementer"],
    categorySystem: "2020",
    categories: CATEGORIES_2020,
    requiredLevel1: ["产出指标", "效益指标", "满意度指标"],
    standardWeights: STANDARD_2020,
  },
  {
    schemaVersion: 1,
    id: "sh-district-2023",
    name: "上海市区级 财政项目支出绩效自评表（2023/2024）",
    description: "上海各区 2023、2024 年度自评表：万元，执行率(%) 列，总分行下有评分等级行（优/良/中/差）。",
    kind: "self-evaluation",
    moneyUnit: "万元",
    headerFields: ["projectName", "department", "implementer"],
    categorySystem: "2020",
    categories: CATEGORIES_2020,
    requiredLevel1: ["产出指标", "效益指标", "满意度指标"],
    gradeRow: true,
    standardWeights: STANDARD_2020,
  },
  {
    schemaVersion: 1,
    id: "bj-2020",
    name: "北京市 项目支出绩效自评表（2020）",
    description: "北京式自评表：表头有项目负责人、联系电话；列出全部二级指标，不适用的行写“不涉及此项内容”。",
    kind: "self-evaluation",
    year: 2020,
    moneyUnit: "万元",
    headerFields: ["projectName", "department", "implementer", "manager", "phone"],
    categorySystem: "2020",
    categories: CATEGORIES_2020,
    requiredLevel1: ["产出指标", "效益指标", "满意度指标"],
    notApplicableRows: true,
    standardWeights: STANDARD_2020,
  },
  {
    schemaVersion: 1,
    id: "sh-2024-declaration",
    name: "上海市区级 财政项目支出绩效目标申报表（2024）",
    description: "2024 年度目标申报表：元，项目性质、项目类别、计划起止日期，成本指标单列为一级指标。",
    kind: "target-declaration",
    year: 2024,
    moneyUnit: "元",
    headerFields: ["projectName", "nature", "category", "department", "implementer", "startDate", "endDate"],
    categorySystem: "2021",
    categories: CATEGORIES_2021,
    requiredLevel1: ["产出指标", "效益指标", "满意度指标"],
    standardWeights: { funding: 0, level1: {} },
  },
  {
    schemaVersion: 1,
    id: "mof-2020-declaration",
    name: "财预〔2020〕10号 指标体系 绩效目标申报表",
    description: "成本指标为产出指标下二级指标的申报表（多数省份 2020—2023 年所用）：万元，项目起止时间、项目类别。",
    kind: "target-declaration",
    moneyUnit: "万元",
    headerFields: ["projectName", "nature", "category", "department", "implementer", "startDate", "endDate"],
    categorySystem: "2020",
    categories: CATEGORIES_2020,
    requiredLevel1: ["产出指标", "效益指标", "满意度指标"],
    standardWeights: { funding: 0, level1: {} },
  },
  {
    schemaVersion: 1,
    id: "mof-2021",
    name: "财预〔2021〕101号 核心指标体系 自评表",
    description:
      "2021 年起的核心绩效指标体系：成本指标单列为一级指标（预算执行率 10、产出 40、成本 10、效益 30、满意度 10）。",
    kind: "self-evaluation",
    moneyUnit: "万元",
    headerFields: ["projectName", "department", "implementer"],
    categorySystem: "2021",
    categories: CATEGORIES_2021,
    requiredLevel1: ["产出指标", "成本指标", "效益指标", "满意度指标"],
    standardWeights: { funding: 10, level1: { 产出指标: 40, 成本指标: 10, 效益指标: 30, 满意度指标: 10 } },
  },
  {
    schemaVersion: 1,
    id: "expert-2020",
    name: "项目支出绩效评价 专家评分表（财预〔2020〕10号 共性指标框架）",
    description:
      "专家组对项目逐项打分：决策 10、过程 20、产出 40、效益 30，默认 5 位专家；表中算出各项合计与平均分、每位专家的总分、平均总分、各一级/二级指标的平均得分与失分率及等级。",
    kind: "expert-scoring",
    moneyUnit: "万元",
    headerFields: ["projectName", "department", "implementer"],
    categorySystem: "2020",
    categories: EXPERT_CATEGORIES_2020,
    standardWeights: { funding: 0, level1: { 决策: 10, 过程: 20, 产出: 40, 效益: 30 } },
    expertCount: 5,
    defaultIndicators: EXPERT_ITEMS_2020.map(([level1, level2, level3, weight]) => ({
      level1,
      level2,
      level3,
      weight,
    })),
  },
];

/** Thrown at load time if a built-in template does not satisfy its own schema: a programmer error. */
export class BuiltinTemplateError extends Error {
  constructor(id: string, detail: string) {
    super(`built-in template ${id} is invalid: ${detail}`);
    this.name = "BuiltinTemplateError";
  }
}

export const BUILTIN_TEMPLATES: readonly Template[] = inputs.map((input) => {
  const result = validateTemplate(input);
  if (!result.ok)
    throw new BuiltinTemplateError(input.id, result.issues.map((i) => `${i.path}: ${i.message}`).join("; "));
  return result.template;
});

export const DEFAULT_TEMPLATE_ID = "mof-2020";

/**
 * A built-in template by id, or undefined.
 * @example builtinTemplate("sh-district-2023")?.gradeRow === true
 */
export function builtinTemplate(id: string): Template | undefined {
  return BUILTIN_TEMPLATES.find((t) => t.id === id);
}

/** The built-in default for a kind of form. */
export function defaultTemplateFor(kind: Template["kind"]): Template {
  const found =
    kind === "target-declaration"
      ? builtinTemplate("sh-2024-declaration")
      : kind === "expert-scoring"
        ? builtinTemplate("expert-2020")
        : builtinTemplate(DEFAULT_TEMPLATE_ID);
  if (!found) throw new BuiltinTemplateError(kind, "missing");
  return found;
}
