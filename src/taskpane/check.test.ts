import { at, finding, type ExpertScoringForm } from "../domain";
import { cleanDeclarationSpec, cleanSpec, makeDeclaration, makeForm } from "../../test/factories";
import {
  HEADER_GROUP,
  TABLE_GROUP,
  checkSheet,
  chooseTemplate,
  formTitle,
  formatPercent,
  formatScore,
  groupFindings,
} from "./check";

describe("chooseTemplate", () => {
  test("a form that names a built-in template of its kind is checked with it", () => {
    const form = { ...makeForm(cleanSpec()), templateId: "sh-district-2023" };
    expect(chooseTemplate(form)).toMatchObject({ template: { id: "sh-district-2023" }, unknownTemplateId: null });
  });

  test("without a template id, the kind's default", () => {
    expect(chooseTemplate(makeForm(cleanSpec())).template?.id).toBe("mof-2020");
    expect(chooseTemplate(makeDeclaration(cleanDeclarationSpec())).template?.id).toBe("sh-2024-declaration");
  });

  test("a template of another kind is not used", () => {
    const form = { ...makeForm(cleanSpec()), templateId: "sh-2024-declaration" };
    expect(chooseTemplate(form)).toEqual({
      template: expect.objectContaining({ id: "mof-2020" }),
      unknownTemplateId: null,
    });
  });

  test("a template the pane does not have: the default, and the unknown id to say so", () => {
    const form = { ...makeForm(cleanSpec()), templateId: "my-bureau-2025" };
    expect(chooseTemplate(form)).toMatchObject({ template: { id: "mof-2020" }, unknownTemplateId: "my-bureau-2025" });
  });

  test("an expert panel's sheet without a template id is checked with the built-in panel template", () => {
    const form = { kind: "expert-scoring", templateId: null } as unknown as ExpertScoringForm;
    expect(chooseTemplate(form).template?.id).toBe("expert-2020");
  });
});

describe("checkSheet", () => {
  test("evaluates every form and counts by severity", () => {
    const result = checkSheet({
      sheetName: "Sheet1",
      forms: [makeForm(cleanSpec()), makeForm({ ...cleanSpec(), projectName: "" })],
      missing: [],
    });
    expect(result.forms.map((f) => f.counts)).toEqual([
      { error: 0, warning: 0, info: 0 },
      { error: 1, warning: 0, info: 0 },
    ]);
    expect(result.forms.map((f) => formTitle(f.form))).toEqual(["职工技能培训", "（未填写项目名称）"]);
  });
});

describe("groupFindings", () => {
  const cell = at("Sheet1", "A1");
  test("header and funding first, then indicators in order of appearance, then the whole table; errors first", () => {
    const groups = groupFindings([
      finding("GOAL_TEXT_IDENTICAL", cell, {}),
      finding("SCORE_RULE_DEVIATION", cell, { indicator: "培训人数", stated: 15, suggested: 20 }),
      finding("REQUIRED_MISSING", cell, { field: "projectName", reason: "blank", indicator: null }),
      finding("REQUIRED_MISSING", cell, { field: "score", reason: "blank", indicator: "培训合格率" }),
      finding("DEVIATION_REASON_MISSING", cell, {
        indicator: "培训人数",
        reason: "score-below-weight",
        score: 15,
        weight: 20,
      }),
      finding("ROUNDING_DIFFERENCE", cell, {
        of: "fundingScore",
        stated: 9.98,
        computed: 9.99,
        rate: 0.9985,
        weight: 10,
      }),
      finding("ROUNDING_DIFFERENCE", cell, { of: "totalScore", stated: 99.98, computed: 99.99 }),
      finding("NOT_A_NUMBER", cell, { field: "totalScore", text: "约100", errorValue: false, indicator: null }),
      finding("FORMULA_OVERWRITTEN", cell, { field: "fundingScore", text: "9.9" }),
    ]);
    expect(groups.map((g) => [g.title, g.findings.map((f) => f.code)])).toEqual([
      [HEADER_GROUP, ["REQUIRED_MISSING", "FORMULA_OVERWRITTEN", "ROUNDING_DIFFERENCE"]],
      ["培训人数", ["DEVIATION_REASON_MISSING", "SCORE_RULE_DEVIATION"]],
      ["培训合格率", ["REQUIRED_MISSING"]],
      [TABLE_GROUP, ["NOT_A_NUMBER", "GOAL_TEXT_IDENTICAL", "ROUNDING_DIFFERENCE"]],
    ]);
  });
});

describe("formatting", () => {
  test.each([
    [0.98, "98.00%"],
    [0.99855, "99.86%"],
    [1, "100.00%"],
    [null, "—"],
  ])("执行率 %p shows as %s", (rate, text) => {
    expect(formatPercent(rate)).toBe(text);
  });

  test.each([
    [9.985, "9.99"],
    [99.8, "99.80"],
    [null, "—"],
  ])("score %p shows as %s", (score, text) => {
    expect(formatScore(score)).toBe(text);
  });
});
