/**
 * The ways real forms vary (domain.md §2.4), one at a time, on a small form whose findings are known:
 * each variant must read to the same form — and so give the same findings — as the plain one, or to
 * the finding the variant itself calls for.
 */
import { builtinTemplate, evaluateForm, formatSheetCell, messageOf, type Finding, type Template } from "../../domain";
import { a1 } from "../../domain/address";
import type { SelfEvaluationForm, TargetDeclarationForm } from "../../domain/model";
import { tsvGrid, type Rows } from "../../../test/tsv-grid";
import { importTemplateFor } from "../to-standard";
import { recognizeForms } from "./index";

const MOF = builtinTemplate("mof-2020") as Template;

/** A plain form: 资金 10, 产出 50, 效益 30, 满意度 10, all consistent; one indicator missed with its reason. */
const PLAIN: Rows = [
  ["项目支出绩效自评表"],
  ["（2023年度）"],
  ["项目名称", "职工培训"],
  ["主管部门", "某区总工会", "实施单位", "某区职工学校"],
  ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
  ["", "年度资金总额", "100", "100", "98", "10", "98.00%", "9.8"],
  ["", "其中：当年财政拨款", "100", "100", "98", "—", "98.00%", "—"],
  ["", "上年结转资金", "0", "0", "0", "—", "", "—"],
  ["", "其他资金", "0", "0", "0", "—", "", "—"],
  ["年度总体目标", "预期目标", "", "", "实际完成情况"],
  ["", "培训职工 100 人", "", "", "培训职工 90 人"],
  ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
  ["产出指标", "数量指标", "培训人数", "≥100人", "90人", "30", "27", "部分职工因病缺席"],
  ["", "质量指标", "培训合格率", "≥95%", "98%", "20", "20", ""],
  ["效益指标", "社会效益指标", "职工技能提升", "提升", "达成年度指标", "30", "30", ""],
  ["满意度指标", "服务对象满意度指标", "学员满意度", "≥90%", "95%", "10", "10", ""],
  ["总分", "", "", "", "", "100", "96.8"],
];

const copy = (rows: Rows): Rows => rows.map((r) => [...r]);
const one = (rows: Rows): SelfEvaluationForm => {
  const found = recognizeForms(tsvGrid(rows));
  expect(found).toHaveLength(1);
  const form = found[0].form;
  if (form.kind !== "self-evaluation") throw new Error(form.kind);
  return form;
};
const checked = (rows: Rows, template = MOF): Finding[] => [...evaluateForm(one(rows), template).findings];
/** Findings without their cells, as a reviewer reads them. */
const said = (findings: readonly Finding[]): string[] => findings.map((f) => `${f.code} ${messageOf(f)}`).sort();
const where = (f: Finding): string => (f.cell ? formatSheetCell(f.cell) : "—");

/** Replaces a cell's text wherever it stands. */
function retitle(rows: Rows, from: string, to: string): Rows {
  return rows.map((r) => r.map((c) => (c === from ? to : c)));
}

test("the plain form: only the missed indicator's score rule (none: 90 ÷ 100 × 30 = 27)", () => {
  expect(said(checked(PLAIN))).toEqual([]);
  expect(one(PLAIN).year).toBe(2023);
});

describe("labels as real forms write them give the plain form's findings", () => {
  test.each([
    [
      "一级 with their weight",
      (r: Rows) => retitle(retitle(r, "产出指标", "产出指标(50分)"), "效益指标", "二、效益指标（30分）"),
    ],
    [
      "cut short by the exporting system",
      (r: Rows) =>
        retitle(
          retitle(retitle(r, "年度资金总额", "年度资金总"), "其中：当年财政拨款", "其中：当年财"),
          "年度指标值",
          "年度指标",
        ),
    ],
    ["cut further: 上年 and 其他", (r: Rows) => retitle(retitle(r, "上年结转资金", "上年"), "其他资金", "其他")],
    [
      "synonyms",
      (r: Rows) => retitle(retitle(retitle(r, "实际完成值", "全年实际值"), "分值", "权重"), "年度资金总额", "资金总额"),
    ],
    [
      "本年财政拨款 and 分数",
      (r: Rows) => retitle(retitle(r, "其中：当年财政拨款", "其中：本年财政拨款"), "分值", "分数"),
    ],
    [
      "respaced and full-width",
      (r: Rows) =>
        retitle(retitle(r, "偏差原因分析及改进措施", "偏差原因 分析及 改进措施"), "项目名称", "项 目 名 称："),
    ],
  ])("%s", (_what, change) => {
    expect(said(checked(change(copy(PLAIN))))).toEqual(said(checked(PLAIN)));
  });

  test("a cut label says its row even where the order would not (no 上年结转资金 row)", () => {
    const rows = copy(PLAIN).filter((r) => r[1] !== "上年结转资金");
    rows[7] = ["", "其他", "5", "5", "5", "—", "", "—"];
    const form = one(retitle(rows, "其中：当年财政拨款", "其中：当年财"));
    expect(form.funding.other.annualBudget).toEqual({ value: "5", at: { row: 7, col: 3 } });
    expect(form.funding.carryOver.annualBudget.at).toBeNull();
  });

  test("the funding rows found by their order when their labels are cut past recognition", () => {
    const rows = retitle(retitle(copy(PLAIN), "年度资金总额", "年度资"), "其中：当年财政拨款", "其中：当");
    const form = one(rows);
    expect([form.funding.total.annualBudget.value, form.funding.currentYear.executed.value]).toEqual(["100", "98"]);
  });
});

describe("columns in another order", () => {
  const move = (rows: Rows, from: number, to: number): Rows =>
    rows.map((r, i) => {
      if (i < 11) return r;
      const out = [...r];
      const [cell] = out.splice(from, 1);
      out.splice(to, 0, cell ?? "");
      return out;
    });

  test("分值 before 年度指标值 (Sichuan)", () => {
    const rows = move(copy(PLAIN), 5, 3);
    const form = one(rows);
    expect(form.indicators.map((i) => `${i.weight.value} ${i.target.value}`)).toEqual([
      "30 ≥100人",
      "20 ≥95%",
      "30 提升",
      "10 ≥90%",
    ]);
    expect(said(checked(rows))).toEqual(said(checked(PLAIN)));
  });

  test("the target split over 指标性质 | 指标值 | 度量单位, under a two-row header (Yunnan)", () => {
    const rows = copy(PLAIN).slice(0, 11);
    rows.push(
      ["绩效指标", "", "", "年度指标值", "", "", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
      ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位"],
      ["产出指标", "数量指标", "培训人数", "≥", "100", "人", "90人", "30", "27", "部分职工因病缺席"],
      ["", "质量指标", "培训合格率", "≧", "95", "%", "98%", "20", "20", ""],
      ["效益指标", "社会效益指标", "职工技能提升", "", "提升", "", "达成年度指标", "30", "30", ""],
      ["满意度指标", "服务对象满意度指标", "学员满意度", "═", "90", "%", "95%", "10", "10", ""],
      ["总分", "", "", "", "", "", "", "100", "96.8"],
    );
    const found = recognizeForms(tsvGrid(rows));
    const form = found[0].form as SelfEvaluationForm;
    expect(form.indicators.map((i) => `${i.target.value}@${i.target.at ? a1(i.target.at) : "·"}`)).toEqual([
      "≥100人@E14",
      "≥95%@E15",
      "提升@E16",
      "=90%@E17",
    ]);
    expect(found[0].unplaced).toEqual([]);
    expect(said(evaluateForm(form, MOF).findings)).toEqual(said(checked(PLAIN)));
  });
});

describe("rows that are not indicators", () => {
  const withRows = (extra: Rows, before = 16): Rows => {
    const rows = copy(PLAIN);
    rows.splice(before, 0, ...extra);
    return rows;
  };

  test("template rows never filled in: one PLACEHOLDER_ROWS, no REQUIRED_MISSING, the totals still checked", () => {
    const rows = withRows([
      ["", "", "指标2："],
      ["", "", "……"],
      ["", "经济效益指标"],
    ]);
    const findings = checked(rows);
    expect(findings.map((f) => `${f.code} ${where(f)}`)).toEqual(["PLACEHOLDER_ROWS Sheet1!C17"]);
    expect(messageOf(findings[0])).toContain("3 行模板行");
    // A wrong 总分 is still seen.
    const wrong = rows.map((r) => (r[0] === "总分" ? ["总分", "", "", "", "", "100", "99"] : r));
    expect(checked(wrong).map((f) => f.code)).toEqual(["TOTAL_SCORE_MISMATCH", "PLACEHOLDER_ROWS"]);
  });

  test("其他需要说明事项 and 说明 rows are notes, not indicators with a blank 分值", () => {
    const rows = withRows([["其他需要说明事项", "无"]], 17);
    expect(said(checked(rows))).toEqual(said(checked(PLAIN)));
    expect(one(rows).indicators).toHaveLength(4);
  });

  test("a form without a 总分 row ends at its last indicator: 附件 and the next form are not read into it", () => {
    const first = copy(PLAIN).slice(0, 16);
    const rows = [...first, ["填表人：某某"], ["附件2"], ...copy(PLAIN)];
    const found = recognizeForms(tsvGrid(rows));
    expect(found).toHaveLength(2);
    const [a, b] = found.map((f) => f.form as SelfEvaluationForm);
    expect(a.indicators).toHaveLength(4);
    expect(b.indicators).toHaveLength(4);
    expect(found.flatMap((f) => f.unplaced)).toEqual([]);
    // Without a 总分, Σ 分值 is compared with the template's 满分: 10 + 90 = 100 holds.
    expect(evaluateForm(a, MOF).findings).toEqual([]);
  });

  test("detail rows under an indicator, its 分值 and 得分 merged down over them, are not indicators", () => {
    const rows = withRows([["", "", "其中：理论培训人数", "≥50人", "45人"]], 13);
    const grid = tsvGrid(rows);
    const merged = {
      ...grid,
      merges: [
        { from: { row: 12, col: 5 }, to: { row: 13, col: 5 } },
        { from: { row: 12, col: 6 }, to: { row: 13, col: 6 } },
      ],
    };
    const found = recognizeForms(merged);
    const form = found[0].form as SelfEvaluationForm;
    expect(form.indicators).toHaveLength(4);
    expect(found[0].unplaced).toEqual([]);
  });
});

describe("header and rows that drift", () => {
  test("a blank value keeps its place: 主管部门 | (blank) | 实施单位 | X", () => {
    const rows = copy(PLAIN);
    rows[3] = ["主管部门", "", "实施单位", "某区职工学校"];
    const form = one(rows);
    expect([form.header.department, form.header.implementer].map((f) => `${f.at ? a1(f.at) : "·"} ${f.value}`)).toEqual(
      ["B4 null", "D4 某区职工学校"],
    );
    expect(checked(rows).map((f) => `${f.code} ${where(f)}`)).toEqual(["REQUIRED_MISSING Sheet1!B4"]);
  });

  test("an indicator row typed one column to the right is read under its headers, not named `30`", () => {
    const rows = copy(PLAIN);
    rows[13] = ["", "", "质量指标", "培训合格率", "≥95%", "98%", "20", "20"];
    const form = one(rows);
    expect(form.indicators[1].level3.value).toBe("培训合格率");
    expect(said(checked(rows))).toEqual(said(checked(PLAIN)));
  });

  test("a row of numbers with a 0 for its reason is not read one column off (its name would be `95`)", () => {
    const rows = copy(PLAIN);
    rows[13] = ["", "质量指标", "培训合格率", "95", "98", "20", "20", "0"];
    const form = one(rows);
    expect([form.indicators[1].level3.value, form.indicators[1].target.value]).toEqual(["培训合格率", "95"]);
  });

  test("the year in the title (`2022年度…项目自评表`) or on a line missing its bracket (`2021年度)`)", () => {
    const inTitle = copy(PLAIN);
    inTitle[0] = ["2022年度职工培训项目自评表"];
    inTitle[1] = [];
    expect(one(inTitle).year).toBe(2022);
    const broken = copy(PLAIN);
    broken[1] = ["2021年度)"];
    expect(one(broken).year).toBe(2021);
  });
});

describe("the template a form's shape says", () => {
  const cost2021 = (rows: Rows): Rows =>
    retitle(rows, "质量指标", "经济成本指标").map((r) => (r[1] === "经济成本指标" ? ["成本指标", ...r.slice(1)] : r));

  test("成本指标 as a 一级: the 2021 system (mof-2021), so it is no CATEGORY_INVALID", () => {
    const form = one(cost2021(copy(PLAIN)));
    expect(importTemplateFor(form).id).toBe("mof-2021");
    expect(evaluateForm(form, importTemplateFor(form)).findings.map((f) => f.code)).not.toContain("CATEGORY_INVALID");
  });

  test("成本指标 under 产出指标: the 2020 system; a 申报表 so too (mof-2020-declaration)", () => {
    const form = one(retitle(copy(PLAIN), "质量指标", "成本指标"));
    expect(importTemplateFor(form).id).toBe("mof-2020");
    const decl: Rows = [
      ["项目支出绩效目标表"],
      ["项目名称", "职工培训"],
      ["主管部门", "某区总工会", "实施单位", "某区职工学校"],
      ["项目资金", "资金总额", "100", "年度资金总额", "100"],
      ["一级指标", "二级指标", "三级指标", "指标值"],
      ["产出指标", "数量指标", "培训人数", "≥100人"],
      ["", "成本指标", "人均成本", "≤1000元"],
      ["效益指标", "社会效益指标", "职工技能提升", "提升"],
      ["满意度指标", "服务对象满意度指标", "学员满意度", "≥90%"],
    ];
    const d = recognizeForms(tsvGrid(decl))[0].form as TargetDeclarationForm;
    expect(importTemplateFor(d).id).toBe("mof-2020-declaration");
    expect(evaluateForm(d, importTemplateFor(d)).findings.map((f) => f.code)).not.toContain("CATEGORY_INVALID");
  });
});
