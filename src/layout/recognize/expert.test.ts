/**
 * 专家评分表 in the layouts bureaus use. No panel with each expert's scores could be found in public
 * disclosures (test/corpus/SOURCES.md says how it was searched), so these panels are constructed in the
 * layouts bureaus' own score sheets take: the experts as columns (labelled 专家1…N, or named under a
 * 专家评分 heading), or as rows under a 分值 line; with or without 合计/平均分; the 一级/二级 merged over
 * their items or repeated on every row. Their expected findings were worked out by hand (in comments).
 */
import { builtinTemplate, evaluateForm, formatSheetCell, messageOf, type Finding, type Template } from "../../domain";
import type { ExpertScoringForm } from "../../domain/model";
import { PANEL_COLUMNS as COLUMNS, PANEL_ROWS as ROWS } from "../../../test/expert-panels";
import { tsvGrid, type Rows } from "../../../test/tsv-grid";
import { recognizeForms } from "./index";

const EXPERT = builtinTemplate("expert-2020") as Template;

const panel = (rows: Rows): { form: ExpertScoringForm; unplaced: readonly unknown[] } => {
  const found = recognizeForms(tsvGrid(rows, { name: "评分" }));
  expect(found).toHaveLength(1);
  const { form, unplaced } = found[0];
  if (form.kind !== "expert-scoring") throw new Error(`not a panel: ${form.kind}`);
  return { form, unplaced };
};
const findings = (form: ExpertScoringForm): Finding[] => [...evaluateForm(form, EXPERT).findings];
const listed = (fs: readonly Finding[]): string[] =>
  fs.map((f) => `${f.code} ${f.cell ? formatSheetCell(f.cell) : "—"}`);
const said = (fs: readonly Finding[]): string[] => fs.map((f) => `${f.code} ${messageOf(f)}`).sort();

test("experts as columns, with 合计 and 平均分 and merged categories: every figure read, the findings by hand", () => {
  const { form, unplaced } = panel(COLUMNS);
  expect(unplaced).toEqual([]);
  expect(form.experts.map((e) => e.value)).toEqual([null, null, null]);
  expect(form.items.map((i) => `${i.level1.value}/${i.level2.value}/${i.level3.value} ${i.weight.value}`)).toEqual([
    "决策/项目立项/立项依据充分性 5",
    "决策/项目立项/立项程序规范性 5",
    "决策/绩效目标/绩效目标合理性 10",
    "过程/资金管理/资金到位率 10",
    "过程/资金管理/预算执行率 10",
    "产出/产出数量/实际完成率 20",
    "效益/社会效益/项目实施的社会效益 20",
    "效益/满意度/服务对象满意度 20",
  ]);
  const fs = findings(form);
  expect(listed(fs).sort()).toEqual(
    [
      "EXPERT_DISAGREEMENT 评分!F10",
      "EXPERT_SCORE_EXCEEDS_WEIGHT 评分!G12",
      "EXPERT_SUM_MISMATCH 评分!F13",
      "ROUNDING_DIFFERENCE 评分!I7",
    ].sort(),
  );
  expect(evaluateForm(form, EXPERT).computed.grade).toBe("良");
});

test("experts as rows under a 分值 line: the same panel, the same findings (cells aside)", () => {
  const { form, unplaced } = panel(ROWS);
  expect(unplaced).toEqual([]);
  expect(form.items.map((i) => `${i.level1.value}/${i.level2.value}/${i.level3.value}`)).toEqual(
    panel(COLUMNS).form.items.map((i) => `${i.level1.value}/${i.level2.value}/${i.level3.value}`),
  );
  expect(said(findings(form))).toEqual(said(findings(panel(COLUMNS).form)));
  expect(listed(findings(form))).toContain("EXPERT_SUM_MISMATCH 评分!J9");
});

test("experts named under a 专家评分 heading, no 合计 or 平均分, categories repeated on every row", () => {
  // By hand: 王某 left 预算执行率 blank → EXPERT_SCORE_MISSING at D7; nothing else: 3+3+4=10,
  // 张某 9+10 … all within their 分值; no sums are stated to be wrong.
  const rows: Rows = [
    ["专家打分表"],
    ["项目名称", "老旧小区改造"],
    ["一级指标", "二级指标", "评价指标", "分值", "专家评分", "", ""],
    ["", "", "", "", "张某", "李某", "王某"],
    ["决策", "项目立项", "立项依据充分性", "10", "9", "10", "8"],
    ["过程", "资金管理", "资金使用合规性", "40", "35", "36", "34"],
    ["过程", "资金管理", "预算执行率", "10", "9", "9", ""],
    ["产出", "产出数量", "实际完成率", "40", "38", "36", "37"],
    ["总分", "", "", "100"],
  ];
  const grid = tsvGrid(rows, { name: "评分" });
  const merged = { ...grid, merges: [{ from: { row: 2, col: 4 }, to: { row: 2, col: 6 } }] };
  const found = recognizeForms(merged);
  expect(found).toHaveLength(1);
  const form = found[0].form as ExpertScoringForm;
  expect(form.experts.map((e) => e.value)).toEqual(["张某", "李某", "王某"]);
  expect(found[0].unplaced).toEqual([]);
  const fs = findings(form);
  expect(listed(fs)).toEqual(["EXPERT_SCORE_MISSING 评分!G7"]);
  expect(messageOf(fs[0])).toContain("王某");
});

test("a panel's title over a sheet with no panel, and a 自评表 beside a panel, are told apart", () => {
  expect(recognizeForms(tsvGrid([["专家评分表"], ["（请各位专家于 5 月 10 日前返回）"]]))).toEqual([]);
});
