/**
 * A template (模板, domain.md §6): the district bureau's choice of everything that varies between
 * forms. Templates are data with a schema, so a bureau can write one as a JSON file, validate it and
 * hand it out; the schema is also published as JSON Schema.
 */
import { z } from "zod";
import { comparable } from "../text";

const name = z.string().trim().min(1);
const rounding = z.enum(["round", "rounddown"]).describe("ROUND（四舍五入，默认）或 ROUNDDOWN（向下舍去）");

const level1 = z.object({
  name: name.describe("一级指标名称，如 产出指标"),
  level2: z.array(name).min(1).describe("此一级指标下允许的二级指标"),
});

const defaultIndicator = z.object({
  level1: name,
  level2: name,
  level3: name,
  target: z.string().default(""),
  weight: z.number().nonnegative().nullable().default(null),
});

const gradeBand = z.object({
  grade: name.describe("等级名称，如 优"),
  min: z.number().min(0).describe("总分不低于此值即为该等级"),
});

export const HEADER_FIELDS = [
  "projectName",
  "department",
  "implementer",
  "manager",
  "phone",
  "nature",
  "category",
  "startDate",
  "endDate",
] as const;
export type HeaderField = (typeof HEADER_FIELDS)[number];

export const templateSchema = z
  .object({
    schemaVersion: z.literal(1).describe("模板格式版本，目前为 1"),
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, "模板编号只能包含小写字母、数字和连字符，如 sh-district-2023")
      .describe("模板编号，唯一"),
    name: name.describe("模板名称"),
    description: z.string().default(""),
    kind: z.enum(["self-evaluation", "target-declaration", "expert-scoring"]).describe("表的种类"),
    year: z.number().int().min(2000).max(2100).nullable().default(null).describe("适用年度；null 表示不限"),
    moneyUnit: z.enum(["万元", "元"]).describe("金额单位"),
    headerFields: z.array(z.enum(HEADER_FIELDS)).min(1).describe("表头字段"),
    categorySystem: z.enum(["2020", "2021"]).describe("指标体系：2020（财预〔2020〕10号）或 2021（财预〔2021〕101号）"),
    categories: z.array(level1).min(1).describe("一级指标及其下允许的二级指标"),
    requiredLevel1: z.array(name).default([]).describe("必须有计分指标的一级指标"),
    notApplicableRows: z.boolean().default(false).describe("列出全部二级指标，不适用的行写“不涉及此项内容”"),
    goalsBlock: z.boolean().default(true).describe("有年度总体目标栏"),
    gradeRow: z.boolean().default(false).describe("有评分等级行"),
    suggestedScoreColumn: z.boolean().default(false).describe("版式中加一列“建议得分”"),
    standardWeights: z
      .object({
        funding: z.number().nonnegative().describe("预算执行率分值，通常 10"),
        level1: z.record(name, z.number().nonnegative()).describe("各一级指标的标准分值"),
      })
      .describe("标准分值（财预〔2020〕10号“原则上”）"),
    fullScore: z.number().positive().default(100).describe("满分"),
    executionRateDivisor: z
      .enum(["annualBudget", "initialBudget"])
      .default("annualBudget")
      .describe("执行率的分母：全年预算数（默认）或年初预算数"),
    rounding: z
      .object({ fundingScore: rounding.default("round"), indicatorScore: rounding.default("round") })
      .default({ fundingScore: "round", indicatorScore: "round" }),
    qualitativeTiers: z
      .object({
        achieved: z.number().gt(0).lt(1).default(0.8).describe("达成：得分不低于分值的此比例"),
        partial: z.number().gt(0).lt(1).default(0.6).describe("部分达成：得分不低于分值的此比例"),
      })
      .default({ achieved: 0.8, partial: 0.6 }),
    overAchievementRatio: z.number().gt(1).default(1.3).describe("实际值达到目标值的此倍数须说明原因"),
    gradeBands: z
      .array(gradeBand)
      .min(1)
      .default([
        { grade: "优", min: 90 },
        { grade: "良", min: 80 },
        { grade: "中", min: 60 },
        { grade: "差", min: 0 },
      ])
      .describe("评分等级，按 min 从高到低"),
    defaultIndicators: z
      .array(defaultIndicator)
      .default([])
      .describe("新建表时预置的指标行；专家评分表中即评分的指标体系（每行一个三级指标及其分值）"),
    expertCount: z.number().int().min(1).max(20).default(5).describe("专家评分表：专家人数（默认 5）"),
  })
  .superRefine((t, ctx) => {
    const known = new Map(t.categories.map((c) => [comparable(c.name), c]));
    if (known.size !== t.categories.length) {
      ctx.addIssue({ code: "custom", path: ["categories"], message: "一级指标名称重复" });
    }
    t.requiredLevel1.forEach((l1, i) => {
      if (!known.has(comparable(l1))) {
        ctx.addIssue({
          code: "custom",
          path: ["requiredLevel1", i],
          message: `必需的一级指标“${l1}”不在 categories 中`,
        });
      }
    });
    for (const l1 of Object.keys(t.standardWeights.level1)) {
      if (!known.has(comparable(l1))) {
        ctx.addIssue({
          code: "custom",
          path: ["standardWeights", "level1", l1],
          message: `标准分值中的“${l1}”不在 categories 中`,
        });
      }
    }
    if (t.kind === "self-evaluation") {
      const sum = Object.values(t.standardWeights.level1).reduce((a, b) => a + b, t.standardWeights.funding);
      if (Math.abs(sum - t.fullScore) > 1e-9) {
        ctx.addIssue({
          code: "custom",
          path: ["standardWeights"],
          message: `标准分值合计 ${sum} 与满分 ${t.fullScore} 不一致`,
        });
      }
    }
    if (t.kind === "expert-scoring") checkExpertSystem(t, ctx);
    if (t.qualitativeTiers.partial >= t.qualitativeTiers.achieved) {
      ctx.addIssue({ code: "custom", path: ["qualitativeTiers"], message: "“部分达成”的下限须低于“达成”的下限" });
    }
    for (let i = 1; i < t.gradeBands.length; i++) {
      if (t.gradeBands[i].min >= t.gradeBands[i - 1].min) {
        ctx.addIssue({ code: "custom", path: ["gradeBands", i], message: "评分等级须按分数下限从高到低排列" });
      }
    }
    t.defaultIndicators.forEach((row, i) => {
      const l1 = known.get(comparable(row.level1));
      if (!l1) {
        ctx.addIssue({
          code: "custom",
          path: ["defaultIndicators", i, "level1"],
          message: `一级指标“${row.level1}”不在 categories 中`,
        });
      } else if (!l1.level2.some((l2) => comparable(l2) === comparable(row.level2))) {
        ctx.addIssue({
          code: "custom",
          path: ["defaultIndicators", i, "level2"],
          message: `二级指标“${row.level2}”不属于“${l1.name}”`,
        });
      }
    });
  });

interface ExpertSystemTemplate {
  readonly defaultIndicators: readonly { readonly level1: string; readonly weight: number | null }[];
  readonly standardWeights: { readonly level1: Readonly<Record<string, number>> };
  readonly fullScore: number;
}

/**
 * An expert panel scores a fixed indicator system: every item has a positive 分值, each 一级's items
 * add up to its standard weight where one is given, and all items to 满分.
 */
function checkExpertSystem(t: ExpertSystemTemplate, ctx: z.RefinementCtx): void {
  if (t.defaultIndicators.length === 0) {
    ctx.addIssue({
      code: "custom",
      path: ["defaultIndicators"],
      message: "专家评分表须在 defaultIndicators 中列出评分的指标",
    });
    return;
  }
  const byLevel1 = new Map<string, number>();
  let total = 0;
  t.defaultIndicators.forEach((row, i) => {
    if (row.weight === null || row.weight <= 0) {
      ctx.addIssue({
        code: "custom",
        path: ["defaultIndicators", i, "weight"],
        message: "专家评分表的每个指标须有大于 0 的分值",
      });
      return;
    }
    total += row.weight;
    const key = comparable(row.level1);
    byLevel1.set(key, (byLevel1.get(key) ?? 0) + row.weight);
  });
  for (const [l1, weight] of Object.entries(t.standardWeights.level1)) {
    const sum = byLevel1.get(comparable(l1)) ?? 0;
    if (Math.abs(sum - weight) > 1e-9) {
      ctx.addIssue({
        code: "custom",
        path: ["standardWeights", "level1", l1],
        message: `“${l1}”的标准分值为 ${weight}，其下指标分值合计为 ${Number(sum.toFixed(6))}`,
      });
    }
  }
  if (Math.abs(total - t.fullScore) > 1e-9) {
    ctx.addIssue({
      code: "custom",
      path: ["defaultIndicators"],
      message: `指标分值合计 ${Number(total.toFixed(6))} 与满分 ${t.fullScore} 不一致`,
    });
  }
}

/** A validated template, with every default filled in. */
export type Template = z.output<typeof templateSchema>;
/** A template as written in a file (defaults may be left out). */
export type TemplateInput = z.input<typeof templateSchema>;

export interface TemplateIssue {
  /** Where in the file, as a dotted path (`gradeBands.1.min`); empty for the whole file. */
  readonly path: string;
  readonly message: string;
}

export type TemplateResult =
  | { readonly ok: true; readonly template: Template }
  | { readonly ok: false; readonly issues: readonly TemplateIssue[] };

const zhCN = z.locales.zhCN();

/**
 * Validates a template read from a file, with Chinese messages.
 * @example validateTemplate({ schemaVersion: 1 }).ok === false
 */
export function validateTemplate(data: unknown): TemplateResult {
  const parsed = templateSchema.safeParse(data, { error: zhCN.localeError });
  if (parsed.success) return { ok: true, template: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message })),
  };
}

/** The published JSON Schema of the template file format. */
export function templateJsonSchema(): object {
  return z.toJSONSchema(templateSchema, { io: "input" });
}
