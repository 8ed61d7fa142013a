/**
 * Templates are data with a schema: the built-ins validate, a bureau's file gets Chinese messages,
 * and the schema is published as JSON Schema.
 */
import {
  BUILTIN_TEMPLATES,
  builtinTemplate,
  defaultTemplateFor,
  templateJsonSchema,
  validateTemplate,
  type TemplateInput,
} from "../index";

const minimal = (): TemplateInput => ({
  schemaVersion: 1,
  id: "xh-2025",
  name: "徐汇区 2025 自评表",
  kind: "self-evaluation",
  moneyUnit: "万元",
  headerFields: ["projectName", "department", "implementer"],
  categorySystem: "2020",
  categories: [
    { name: "产出指标", level2: ["数量指标"] },
    { name: "效益指标", level2: ["社会效益指标"] },
    { name: "满意度指标", level2: ["服务对象满意度指标"] },
  ],
  standardWeights: { funding: 10, level1: { 产出指标: 50, 效益指标: 30, 满意度指标: 10 } },
});

test("the built-in templates of domain.md §6", () => {
  expect(BUILTIN_TEMPLATES.map((t) => [t.id, t.kind, t.moneyUnit, t.categorySystem])).toEqual([
    ["mof-2020", "self-evaluation", "万元", "2020"],
    ["sh-district-2023", "self-evaluation", "万元", "2020"],
    ["bj-2020", "self-evaluation", "万元", "2020"],
    ["sh-2024-declaration", "target-declaration", "元", "2021"],
    ["mof-2020-declaration", "target-declaration", "万元", "2020"],
    ["mof-2021", "self-evaluation", "万元", "2021"],
    ["expert-2020", "expert-scoring", "万元", "2020"],
  ]);
  expect(builtinTemplate("sh-district-2023")?.gradeRow).toBe(true);
  expect(builtinTemplate("bj-2020")?.headerFields).toEqual([
    "projectName",
    "department",
    "implementer",
    "manager",
    "phone",
  ]);
  expect(builtinTemplate("bj-2020")?.notApplicableRows).toBe(true);
  expect(builtinTemplate("mof-2021")?.categories.map((c) => c.name)).toContain("成本指标");
  expect(defaultTemplateFor("target-declaration").id).toBe("sh-2024-declaration");
  expect(builtinTemplate("nope")).toBeUndefined();
});

test("defaults are filled in: ROUND, 80%/60% tiers, 130%, grade bands 90/80/60, 满分 100, ÷ 全年预算数", () => {
  const result = validateTemplate(minimal());
  expect(result.ok).toBe(true);
  if (!result.ok) return;
  const t = result.template;
  expect([t.rounding, t.qualitativeTiers, t.overAchievementRatio, t.fullScore, t.executionRateDivisor]).toEqual([
    { fundingScore: "round", indicatorScore: "round" },
    { achieved: 0.8, partial: 0.6 },
    1.3,
    100,
    "annualBudget",
  ]);
  expect(t.gradeBands.map((b) => `${b.grade}${b.min}`)).toEqual(["优90", "良80", "中60", "差0"]);
});

test.each([
  ["a wrong id", { id: "XH 2025" }, "id", "模板编号只能包含小写字母、数字和连字符，如 sh-district-2023"],
  ["an unknown money unit", { moneyUnit: "美元" }, "moneyUnit", null],
  ["weights that do not add up to 满分", { fullScore: 110 }, "standardWeights", "标准分值合计 100 与满分 110 不一致"],
  [
    "a required 一级 not among the categories",
    { requiredLevel1: ["成本指标"] },
    "requiredLevel1.0",
    "必需的一级指标“成本指标”不在 categories 中",
  ],
  [
    "grade bands out of order",
    {
      gradeBands: [
        { grade: "优", min: 80 },
        { grade: "良", min: 90 },
      ],
    },
    "gradeBands.1",
    "评分等级须按分数下限从高到低排列",
  ],
  [
    "tiers the wrong way round",
    { qualitativeTiers: { achieved: 0.5, partial: 0.6 } },
    "qualitativeTiers",
    "“部分达成”的下限须低于“达成”的下限",
  ],
  [
    "a default row under the wrong 一级",
    { defaultIndicators: [{ level1: "效益指标", level2: "数量指标", level3: "培训人数" }] },
    "defaultIndicators.0.level2",
    "二级指标“数量指标”不属于“效益指标”",
  ],
])("a template with %s is refused with a Chinese message", (_name, change, path, message) => {
  const result = validateTemplate({ ...minimal(), ...change });
  expect(result.ok).toBe(false);
  if (result.ok) return;
  const issue = result.issues.find((i) => i.path === path);
  expect(issue).toBeDefined();
  if (message !== null) expect(issue?.message).toBe(message);
  expect(issue?.message).toMatch(/[\u4e00-\u9fff]/);
});

test("a file that is not a template at all", () => {
  const result = validateTemplate("hello");
  expect(result.ok).toBe(false);
  if (!result.ok) expect(result.issues[0].message).toMatch(/[\u4e00-\u9fff]/);
});

test("the JSON Schema is published and describes the fields in Chinese", () => {
  const schema = templateJsonSchema() as {
    type: string;
    required: string[];
    properties: Record<string, { description?: string }>;
  };
  expect(schema.type).toBe("object");
  expect(schema.required).toEqual(
    expect.arrayContaining(["schemaVersion", "id", "kind", "moneyUnit", "categories", "standardWeights"]),
  );
  expect(schema.properties.executionRateDivisor.description).toBe("执行率的分母：全年预算数（默认）或年初预算数");
});
