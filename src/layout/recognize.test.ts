/**
 * The recognizer on the real forms of the seed fixtures, on the layouts those forms arrive in (shifted,
 * merged, respaced, side by side, interrupted, numbers as numbers, without titles), on Beijing-style and
 * 2021-category forms, and on sheets that hold no form at all.
 */
import fc from "fast-check";
import {
  builtinTemplate,
  evaluateForm,
  formatSheetCell,
  messageOf,
  numberIn,
  readNumber,
  type Field,
  type Form,
  type Template,
} from "../domain";
import { a1, rangeA1 } from "../domain/address";
import type { SelfEvaluationForm, TargetDeclarationForm } from "../domain/model";
import { FUNDING_ROW_KEYS } from "../domain/model";
import { cellText } from "../domain/text";
import { MINHANG, readSeed, SONGJIANG } from "../../test/fixtures";
import { minhangForms } from "../../test/seed-forms";
import { fromDescriptions, toGrid } from "../../test/sheet-grid";
import {
  blankCells,
  insertEmptyColumn,
  insertEmptyRows,
  respaceLabels,
  shiftColumns,
  sideBySide,
  tsvGrid,
  type Rows,
} from "../../test/tsv-grid";
import { cellKey, mapGrid, type GridCell, type SheetGrid } from "./grid";
import { recognizeForms, recognizeWorkbook, type Recognized } from "./recognize";
import { blankSelfEvaluation, layoutSelfEvaluation } from "./standard";

const SH = builtinTemplate("sh-district-2023") as Template;
const DECL = builtinTemplate("sh-2024-declaration") as Template;
const BJ = builtinTemplate("bj-2020") as Template;

const minhangRows = (): Rows => readSeed(MINHANG);
const songjiangRows = (): Rows => readSeed(SONGJIANG);

const MINHANG_NAMES = [
  "残疾人就业保障金",
  "党建经费",
  "法律顾问费",
  "法律援助办案补贴",
  "劳动保护",
  "劳模慰问和管理",
  "群团改革专项",
  "使用地方教育附加专项资金开展职工职业培训工作",
  "退管会工作",
  "政府雇员",
  "职业化、社会化工会工作者保障经费项目",
];
const SONGJIANG_NAMES = ["编外人员工作经费", "编外人员工作经费", "帮困慰问", "职工服务"];

const self = (r: Recognized): SelfEvaluationForm => {
  if (r.form.kind !== "self-evaluation") throw new Error(`not a 自评表: ${r.form.kind}`);
  return r.form;
};
const decl = (r: Recognized): TargetDeclarationForm => {
  if (r.form.kind !== "target-declaration") throw new Error(`not a 申报表: ${r.form.kind}`);
  return r.form;
};
const names = (found: readonly Recognized[]): unknown[] => found.map((r) => r.form.header.projectName.value);

/** Every field of a form, by its path in the model (range, sheet and kind left out). */
function fieldsOf(form: Form): [string, Field][] {
  const out: [string, Field][] = [];
  const walk = (value: unknown, path: string): void => {
    if (value === null || typeof value !== "object") return;
    if ("value" in value && "at" in value) {
      out.push([path, value as Field]);
      return;
    }
    for (const [k, v] of Object.entries(value)) if (k !== "range") walk(v, path === "" ? k : `${path}.${k}`);
  };
  walk(form, "");
  return out;
}

/** A value as the checks see it: numbers by their decimal value (`9.00`, 9 and `9` are one), text as typed. */
const normal = (value: unknown): string => {
  const n = readNumber(value as string | number | null);
  return n.ok ? `#${n.value.toString()}${n.percent ? "%" : ""}` : cellText(value).trim();
};

/** The form's values without their addresses: what must not change when the layout does. */
const valuesOf = (form: Form): string[] => fieldsOf(form).map(([path, f]) => `${path}=${normal(f.value)}`);

/** Every field with a value points at a cell of the grid that holds exactly that value. */
function expectAddressesHold(sheet: SheetGrid, form: Form): void {
  const wrong = fieldsOf(form).flatMap(([path, f]) => {
    if (f.value === null || f.at === null) return [];
    const held = sheet.cell(f.at.row, f.at.col)?.value;
    return held === f.value ? [] : [`${path} ${a1(f.at)}: ${String(f.value)} ≠ ${String(held)}`];
  });
  expect(wrong).toEqual([]);
}

const show = (f: Field | null): string =>
  f === null ? "—" : f.at === null ? "·" : `${a1(f.at)} ${f.value === null ? "∅" : String(f.value)}`;
/** A long text cut to its first 16 characters. */
const short = (f: Field): string =>
  f.at === null ? "·" : `${a1(f.at)} ${f.value === null ? "∅" : String(f.value).slice(0, 16)}`;

/** A form written out line by line: each value with its cell, long goal texts cut. */
function render(form: Form): string[] {
  const range = form.range ? rangeA1(form.range.from, form.range.to) : "?";
  if (form.kind === "self-evaluation") {
    return [
      `${form.kind} ${range} ${form.year} ${form.moneyUnit} 执行率(%)=${form.ratePercentHeader}`,
      ...Object.entries(form.header).map(([k, f]) => `${k} ${show(f)}`),
      ...FUNDING_ROW_KEYS.map((k) => `${k}: ${Object.values(form.funding[k]).map(show).join(" | ")}`),
      `goals ${short(form.goals.expected)} | ${short(form.goals.actual)}`,
      ...form.indicators.map((i) => Object.values(i).map(show).join(" | ")),
      `总分 ${show(form.total.fullScore)} | ${show(form.total.score)}; 评分等级 ${show(form.grade)}`,
    ];
  }
  if (form.kind === "target-declaration") {
    return [
      `${form.kind} ${range} ${form.year} ${form.moneyUnit}`,
      ...Object.entries(form.header).map(([k, f]) => `${k} ${show(f)}`),
      ...Object.entries(form.funding).map(([k, f]) => `${k} ${show(f)}`),
      `goals ${short(form.goals.overall)} | ${short(form.goals.annual)}`,
      ...form.indicators.map((i) => Object.values(i).map(show).join(" | ")),
    ];
  }
  return [form.kind];
}

const report = (form: Form, template: Template = SH): string[][] =>
  evaluateForm(form, template).findings.map((f) => [
    f.code,
    f.severity,
    f.cell ? formatSheetCell(f.cell) : "",
    messageOf(f),
  ]);

// ---------------------------------------------------------------------------------------------------

describe("the Minhang fixture (11 自评表)", () => {
  const sheet = tsvGrid(minhangRows(), { name: "闵行" });
  const found = recognizeForms(sheet);

  test("finds the 11 forms, in order, all 自评表 of 2023 in 万元 with a 执行率(%) header", () => {
    expect(names(found)).toEqual(MINHANG_NAMES);
    for (const r of found) {
      const form = self(r);
      expect([form.sheet, form.year, form.moneyUnit, form.ratePercentHeader, form.templateId]).toEqual([
        "闵行",
        2023,
        "万元",
        true,
        null,
      ]);
    }
    expect(found.map((r) => self(r).indicators.length)).toEqual([7, 11, 6, 14, 11, 15, 9, 18, 11, 14, 11]);
  });

  test("every value's address is the TSV cell that holds it", () => {
    for (const r of found) expectAddressesHold(sheet, r.form);
  });

  test("a sample of addresses per form: name, 主管部门, 资金得分, first 三级, last 得分, 总分, 评分等级", () => {
    const sample = found.map((r) => {
      const f = self(r);
      const last = f.indicators[f.indicators.length - 1];
      return [
        f.header.projectName,
        f.header.department,
        f.funding.total.score,
        f.indicators[0].level3,
        last.score,
        f.total.score,
        f.grade,
      ].map((x) => (x?.at ? a1(x.at) : "·"));
    });
    expect(sample).toEqual([
      ["C7", "C8", "I10", "C17", "G23", "G24", "C25"],
      ["C31", "C32", "I34", "C41", "G51", "G52", "C53"],
      ["C59", "C60", "I62", "C69", "G74", "G75", "C76"],
      ["C82", "C83", "I85", "C92", "G105", "G106", "C107"],
      ["C113", "C114", "I116", "C123", "G133", "G134", "C135"],
      ["B142", "B143", "H145", "C152", "G166", "G167", "C168"],
      ["C174", "C175", "I177", "C184", "G192", "G193", "C194"],
      ["B200", "B201", "H203", "C210", "G227", "G228", "C229"],
      ["C235", "C236", "I238", "C245", "G255", "G256", "C257"],
      ["A263", "B265", "H267", "C274", "G287", "G288", "C289"],
      ["B295", "B296", "H298", "C305", "G315", "G316", "C317"],
    ]);
  });

  test("nothing is left unplaced", () => {
    expect(found.map((r) => r.unplaced)).toEqual(MINHANG_NAMES.map(() => []));
  });

  test("劳模慰问和管理, read in full: the shifted 效益 row, the 三级 in the 一级 column, the 二级 in the 一级 column", () => {
    expect(render(found[5].form)).toEqual([
      "self-evaluation A137:H168 2023 万元 执行率(%)=true",
      "projectName B142 劳模慰问和管理",
      "department B143 上海市闵行区总工会(汇总)",
      "implementer F143 上海市闵行区总工会",
      "manager ·",
      "phone ·",
      "total: C145 142.60 | D145 101.26 | E145 101.26 | F145 10.00 | G145 100.00 | H145 10.00",
      "currentYear: C146 142.60 | D146 101.26 | E146 101.26 | F146 - | G146 100.00 | H146 -",
      "carryOver: C147 0.00 | D147 0.00 | E147 0.00 | F147 - | G147 0.00 | H147 -",
      "other: C148 0.00 | D148 0.00 | E148 0.00 | F148 - | G148 0.00 | H148 -",
      "goals B150 对区内24名退休全国劳模、3次以 | E150 对区内22名退休全国劳模、3次以",
      "A152 产出指标 | B152 数量指标 | C152 困难劳模工资补差人数 | D152 =22.00(人) | E152 22.00(人) | F152 5.00 | G152 5.00 | H152 ∅",
      "A152 产出指标 | B152 数量指标 | C153 退休市劳模体检人数 | D153 =290.00(人) | E153 290.00(人) | F153 5.00 | G153 5.00 | H153 ∅",
      "A152 产出指标 | B152 数量指标 | C154 劳模住院慰问完成率 | D154 =100.00(%) | E154 100.00(%) | F154 5.00 | G154 5.00 | H154 ∅",
      "A152 产出指标 | B152 数量指标 | C155 退休劳模节日慰问人数 | D155 =32.00(人) | E155 32.00(人) | F155 5.00 | G155 5.00 | H155 ∅",
      "A152 产出指标 | B156 质量指标 | C156 慰问资金发放准确性 | D156 符合标准 | E156 达成指标 | F156 5.00 | G156 5.00 | H156 ∅",
      "A152 产出指标 | B156 质量指标 | C157 补贴对象资质合规 | D157 劳模或退休劳模 | E157 达成指标 | F157 5.00 | G157 5.00 | H157 ∅",
      "A152 产出指标 | B156 质量指标 | C158 应补尽补率 | D158 =100.00(%) | E158 100.00(%) | F158 5.00 | G158 5.00 | H158 ∅",
      "A152 产出指标 | B159 时效指标 | C159 退休劳模工资补差发放及时性 | D159 统计年鉴发布后半月内 | E159 达成指标 | F159 5.00 | G159 5.00 | H159 ∅",
      "A152 产出指标 | B159 时效指标 | C160 集中体检完成及时性 | D160 4-5月 | E160 达成指标 | F160 5.00 | G160 5.00 | H160 ∅",
      "A152 产出指标 | B159 时效指标 | C161 住院劳模慰问及时性 | D161 知晓后半个月内 | E161 达成指标 | F161 5.00 | G161 5.00 | H161 ∅",
      "A152 产出指标 | B159 时效指标 | C162 劳模节日慰问及时性 | D162 节日前 | E162 达成指标 | F162 5.00 | G162 5.00 | H162 ∅",
      "B163 效益指标 | C163 社会效益指标 | D163 劳模政策知晓率 | E163 ≥85.00(%) | F163 100.00(%) | G163 7.50 | H163 7.50 | I163 ∅",
      "B163 效益指标 | C163 社会效益指标 | A164 政策覆盖率 | D164 =100.00(%) | E164 100.00(%) | F164 7.50 | G164 7.50 | H164 ∅",
      "B163 效益指标 | A165 可持续影响指标 | C165 长效管理机制健全性 | D165 建立健全 | E165 达成指标 | F165 10.00 | G165 10.00 | H165 ∅",
      "A166 满意度指标 | B166 服务对象满意度指标 | C166 劳模满意度 | D166 ≥85.00(%) | E166 85.00(%) | F166 10.00 | G166 10.00 | H166 ∅",
      "总分 F167 100 | G167 100; 评分等级 C168 优",
    ]);
  });

  test("the rows the test reader misplaces in 劳模慰问和管理 are no CATEGORY_INVALID here", () => {
    expect(report(found[5].form).map(([code]) => code)).not.toContain("CATEGORY_INVALID");
  });
});

describe("the Songjiang fixture (4 申报表)", () => {
  const sheet = tsvGrid(songjiangRows(), { name: "松江" });
  const found = recognizeForms(sheet);

  test("finds the 4 forms, in order, all 申报表 of 2024 in 元", () => {
    expect(names(found)).toEqual(SONGJIANG_NAMES);
    for (const r of found) expect([decl(r).year, decl(r).moneyUnit]).toEqual([2024, "元"]);
    expect(found.map((r) => decl(r).indicators.length)).toEqual([5, 6, 11, 25]);
  });

  test("every value's address is the TSV cell that holds it; nothing is left unplaced", () => {
    for (const r of found) expectAddressesHold(sheet, r.form);
    expect(found.map((r) => r.unplaced)).toEqual([[], [], [], []]);
  });

  test("a sample of addresses per form: name, 项目类别, 计划完成日期, 项目资金总额, the two 其他资金, last target", () => {
    const sample = found.map((r) => {
      const f = decl(r);
      return [
        f.header.projectName,
        f.header.category,
        f.header.endDate,
        f.funding.projectTotal,
        f.funding.projectOther,
        f.funding.annualOther,
        f.goals.annual,
        f.indicators[f.indicators.length - 1].target,
      ].map((x) => (x.at ? a1(x.at) : "·"));
    });
    expect(sample).toEqual([
      ["B6", "F6", "E8", "C9", "C12", "E12", "D14", "E20"],
      ["B25", "F25", "E27", "C28", "C31", "E31", "D33", "D40"],
      ["B45", "F45", "E47", "C48", "C51", "E51", "D53", "E65"],
      ["B70", "F70", "E72", "C73", "C76", "E76", "D78", "D105"],
    ]);
  });

  test("编外人员工作经费 (文化宫): 成本指标 as its own 一级, the 满意度 row moved one cell left", () => {
    const rows = render(found[1].form).slice(-6);
    expect(rows).toEqual([
      "B35 成本指标 | C35 经济成本指标 | D35 指标1：非编人员人均工资福利费 | E35 ≤15.20(万元)",
      "B36 产出指标 | C36 数量指标 | D36 指标1：非编人员数 | E36 ≤5.00(人)",
      "B36 产出指标 | C37 质量指标 | D37 指标1：工资发放准确性 | E37 准确",
      "B36 产出指标 | C38 时效指标 | D38 指标1：工资发放及时性 | E38 及时",
      "B39 效益指标 | C39 社会效益指标 | D39 指标1：是否提升就业率 | E39 是",
      "A40 满意度指标 | B40 服务对象满意度指标 | C40 指标1：职工群众对职工综合活动中心满意度 | D40 ≥80.00(%)",
    ]);
  });

  test("职工服务, read in full: rows shifted by one and two cells, 时效指标 in the 一级 column, the table going on after a blank line", () => {
    expect(render(found[3].form)).toEqual([
      "target-declaration A67:F105 2024 元",
      "projectName B70 职工服务",
      "nature D70 其他经常性项目",
      "category F70 其他运转类",
      "department B71 上海市松江区总工会",
      "implementer E71 上海市松江区总工会（本级）",
      "startDate B72 2024-01-01",
      "endDate E72 2024-12-31",
      "projectTotal C73 21045108.18",
      "fiscal C74 21045108.18",
      "projectOther C76 0.00",
      "annualTotal E73 21,045,108.18",
      "currentYear E74 21,045,108.18",
      "carryOver E75 0.00",
      "annualOther E76 0.00",
      "goals B78 <p>职业化社会化工会工作者经费 | D78 <p>职业化社会化工会工作者经费",
      "B80 产出指标 | C80 数量指标 | D80 指标1：工会工作者人数 | F80 ≥120.00(人)",
      "B80 产出指标 | C80 数量指标 | D81 指标2：服务灵活就业工会会员人数 | F81 ≥7800.00(人)",
      "B80 产出指标 | C80 数量指标 | D82 指标3：推动各“公益乐学”教学点开展活动 | F82 =2.00(家)",
      "B80 产出指标 | C80 数量指标 | D83 指标4：“公益乐学”开展培训场次总次数 | F83 ≥320.00(节)",
      "B80 产出指标 | C84 质量指标 | D84 指标1：审核流程规范性 | F84 规范",
      "B80 产出指标 | C84 质量指标 | D85 指标2：工资发放准确性 | F85 准确",
      "B80 产出指标 | C84 质量指标 | D86 指标3：服务经费规范使用 | F86 规范",
      "B80 产出指标 | C84 质量指标 | D87 指标4：课程参与人数平均出勤率 | F87 ≥80.00(%)",
      "B80 产出指标 | C84 质量指标 | B88 指标5：安全事故 | D88 =0.00(%)",
      "B80 产出指标 | B89 时效指标 | C89 指标1：工资发放及时性 | E89 及时",
      "B80 产出指标 | B89 时效指标 | C90 指标2：每季度完成发展会员及时性 | E90 及时",
      "B80 产出指标 | B89 时效指标 | C91 指标3：申请补贴准确性 | E91 准确",
      "B80 产出指标 | B89 时效指标 | C92 指标4：每年初制定本级课程菜单 | E92 制定",
      "B80 产出指标 | B89 时效指标 | C94 指标5：各教学点及时排课 | D94 及时",
      "A95 效益指标 | B95 社会效益指标 | C95 指标1：辖区职工法律咨询援助服务完成情况 | D95 提升",
      "A95 效益指标 | B95 社会效益指标 | C96 指标2：区域内基层工会及村居职工诉求了解情况 | D96 提升",
      "A95 效益指标 | B95 社会效益指标 | C97 指标3：扩大工会会员覆盖面 | D97 扩大",
      "A95 效益指标 | B95 社会效益指标 | C98 指标4：提升工会整体形象 | D98 提升",
      "A95 效益指标 | B95 社会效益指标 | C99 指标5：年度参与“公益乐学”职工人数 | D99 ≥10000.00(人)",
      "A95 效益指标 | B100 可持续影响指标 | C100 指标1：提高职工创新能力 | D100 提高",
      "A95 效益指标 | B100 可持续影响指标 | C101 指标2：增强职工幸福感 | D101 增强",
      "A102 满意度指标 | B102 服务对象满意度指标 | C102 指标1：基层工会满意度 | D102 ≥90.00(%)",
      "A102 满意度指标 | B102 服务对象满意度指标 | C103 指标2：职工会员满意度 | D103 ≥90.00(%)",
      "A102 满意度指标 | B102 服务对象满意度指标 | C104 指标3：灵活就业工会会员满意度 | D104 ≥90.00(%)",
      "A102 满意度指标 | B102 服务对象满意度指标 | C105 指标4：参与“公益乐学”职工满意度 | D105 ≥85.00(%)",
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------

describe("the worked examples of domain.md §7, through the recognizer", () => {
  const forms = recognizeForms(tsvGrid(minhangRows(), { name: "闵行" })).map(self);
  const form = (name: string): SelfEvaluationForm => {
    const f = forms.find((x) => x.header.projectName.value === name);
    if (!f) throw new Error(name);
    return f;
  };

  test("群团改革专项: 99.85%, ROUND 9.99 against the form's 9.98 is a rounding difference; 总分 consistent", () => {
    expect(evaluateForm(form("群团改革专项"), SH).computed).toEqual({
      executionRate: 0.9985,
      fundingScore: 9.99,
      indicatorScore: 90,
      totalScore: 99.99,
      fullScore: 100,
      grade: "优",
    });
    expect(report(form("群团改革专项"))).toEqual([
      [
        "ROUNDING_DIFFERENCE",
        "info",
        "闵行!I177",
        "资金得分填写为 9.98，按执行率 99.85% × 10 计算为 9.99（舍入规则不同）",
      ],
      [
        "WEIGHTS_NONSTANDARD",
        "info",
        "闵行!F184",
        "一级指标分值与标准分值不同：产出指标 60（标准 50），效益指标 10（标准 30），满意度指标 20（标准 10）",
      ],
      ["GOAL_TEXT_IDENTICAL", "warning", "闵行!E182", "实际完成情况与预期目标完全相同：请写明实际完成了什么"],
    ]);
  });

  test("使用地方教育附加专项资金…: 96.21% → 9.62; 223 of ≥350 家 scores 3.19 with its reason filled", () => {
    const f = form("使用地方教育附加专项资金开展职工职业培训工作");
    expect(evaluateForm(f, SH).computed).toEqual({
      executionRate: 0.9621,
      fundingScore: 9.62,
      indicatorScore: 88.19,
      totalScore: 97.81,
      fullScore: 100,
      grade: "优",
    });
    const training = f.indicators.find((i) => i.level3.value === "完成企业培训补贴申报审核工作");
    expect([training?.target.value, training?.actual.value, training?.score.value]).toEqual([
      "≥350.00(家)",
      "223.00(家)",
      "3.19",
    ]);
    expect(report(f).map(([code]) => code)).toEqual(["WEIGHTS_NONSTANDARD", "GOAL_TEXT_IDENTICAL"]);
  });

  test("政府雇员: the name above its label; ROUND 9.71 against 9.70; a 完成率 in 名", () => {
    const f = form("政府雇员");
    expect(f.header.projectName.at).toEqual({ row: 262, col: 0 });
    expect(report(f)).toEqual([
      [
        "ROUNDING_DIFFERENCE",
        "info",
        "闵行!H267",
        "资金得分填写为 9.70，按执行率 97.09% × 10 计算为 9.71（舍入规则不同）",
      ],
      [
        "UNIT_MISMATCH",
        "warning",
        "闵行!D275",
        "指标“日常培训、管理、考核完成率”是比率类指标，年度指标值的单位应为 %，现为“名”",
      ],
      [
        "WEIGHTS_NONSTANDARD",
        "info",
        "闵行!F274",
        "一级指标分值与标准分值不同：产出指标 60（标准 50），效益指标 20（标准 30）",
      ],
      ["GOAL_TEXT_IDENTICAL", "warning", "闵行!E272", "实际完成情况与预期目标完全相同：请写明实际完成了什么"],
    ]);
  });

  test("政府雇员 with its name gone reports REQUIRED_MISSING at the cell beside the label, and does not crash", () => {
    const rows = minhangRows();
    rows[262] = [""];
    const f = self(recognizeForms(tsvGrid(rows, { name: "闵行" }))[9]);
    expect(f.header.projectName).toEqual({ value: null, at: { row: 263, col: 1 } });
    expect(report(f)[0]).toEqual(["REQUIRED_MISSING", "error", "闵行!B264", "项目名称未填写"]);
  });

  test("残疾人就业保障金: weights 30/40/20 are nonstandard (info); goal texts identical", () => {
    expect(report(form("残疾人就业保障金"))).toEqual([
      [
        "WEIGHTS_NONSTANDARD",
        "info",
        "闵行!F17",
        "一级指标分值与标准分值不同：产出指标 30（标准 50），效益指标 40（标准 30），满意度指标 20（标准 10）",
      ],
      ["GOAL_TEXT_IDENTICAL", "warning", "闵行!E15", "实际完成情况与预期目标完全相同：请写明实际完成了什么"],
    ]);
  });

  test("the findings of every form but 劳模慰问和管理 are those of the fixtures' test reader", () => {
    const reader = minhangForms();
    const differing = forms.flatMap((f, i) =>
      JSON.stringify(report(f)) === JSON.stringify(report(reader[i])) ? [] : [f.header.projectName.value],
    );
    expect(differing).toEqual(["劳模慰问和管理"]);
  });

  test("Songjiang 职工服务: 21045108.18 and 21,045,108.18 are one number; both funding identities hold", () => {
    const found = recognizeForms(tsvGrid(songjiangRows(), { name: "松江" })).map(decl);
    const service = found[3];
    expect([service.funding.projectTotal.value, service.funding.annualTotal.value]).toEqual([
      "21045108.18",
      "21,045,108.18",
    ]);
    expect(numberIn(service.funding.projectTotal)?.eq(numberIn(service.funding.annualTotal) ?? -1)).toBe(true);
    for (const f of found) {
      expect(
        report(f, DECL).filter(([code]) => ["FUNDING_SUBTOTAL_MISMATCH", "NOT_A_NUMBER", "DATE_ORDER"].includes(code)),
      ).toEqual([]);
    }
  });
});

// ---------------------------------------------------------------------------------------------------

describe("layout variants give the same values", () => {
  const base = {
    minhang: recognizeForms(tsvGrid(minhangRows())).map((r) => valuesOf(r.form)),
    songjiang: recognizeForms(tsvGrid(songjiangRows())).map((r) => valuesOf(r.form)),
  };
  const variants: [string, (rows: Rows) => Rows, { mergeLabels?: boolean; numbers?: boolean }][] = [
    ["labels merged over the empty cells after them", (rows) => rows, { mergeLabels: true }],
    ["every row shifted right by one column", (rows) => shiftColumns(rows, 1), {}],
    ["every row shifted right by three columns, merged", (rows) => shiftColumns(rows, 3), { mergeLabels: true }],
    ["an empty column inserted at B", (rows) => insertEmptyColumn(rows, 1), {}],
    ["an empty column inserted at D", (rows) => insertEmptyColumn(rows, 3), {}],
    ["labels respaced and full-width (分 值, 项 目 名 称：, 总　分)", respaceLabels, {}],
    ["numbers stored as numbers", (rows) => rows, { numbers: true }],
    ["numbers as numbers, labels merged, respaced", respaceLabels, { numbers: true, mergeLabels: true }],
    [
      "titles and year lines deleted (forms found by 项目名称)",
      (rows) => blankCells(rows, (t) => /表$|年度\)$/.test(t)),
      {},
    ],
  ];

  test.each(variants)("Minhang: %s", (_, change, options) => {
    const sheet = tsvGrid(change(minhangRows()), { ...options, name: "闵行" });
    const found = recognizeForms(sheet);
    expect(found.map((r) => valuesOf(r.form))).toEqual(base.minhang);
    for (const r of found) expectAddressesHold(sheet, r.form);
    expect(found.flatMap((r) => r.unplaced)).toEqual([]);
  });

  test.each(variants)("Songjiang: %s", (_, change, options) => {
    const sheet = tsvGrid(change(songjiangRows()), { ...options, name: "松江" });
    const found = recognizeForms(sheet);
    expect(found.map((r) => valuesOf(r.form))).toEqual(base.songjiang);
    for (const r of found) expectAddressesHold(sheet, r.form);
  });

  test("a shift moves every address by the same columns", () => {
    const shifted = recognizeForms(tsvGrid(shiftColumns(minhangRows(), 2)));
    const plain = recognizeForms(tsvGrid(minhangRows()));
    const cols = (r: Recognized): string[] =>
      fieldsOf(r.form).map(([p, f]) => `${p}@${f.at ? `${f.at.row}:${f.at.col}` : "-"}`);
    const moved = (r: Recognized): string[] =>
      fieldsOf(r.form).map(([p, f]) => `${p}@${f.at ? `${f.at.row}:${f.at.col + 2}` : "-"}`);
    expect(shifted.map(cols)).toEqual(plain.map(moved));
  });

  test("empty rows inserted between the blocks and inside the indicator tables", () => {
    // After the title, between the funding header and its rows, before the goals, inside each table.
    const minhang = insertEmptyRows(minhangRows(), [3, 9, 13, 18, 44, 100, 163, 210, 280]);
    const songjiang = insertEmptyRows(songjiangRows(), [6, 9, 14, 16, 57, 90]);
    expect(recognizeForms(tsvGrid(minhang)).map((r) => valuesOf(r.form))).toEqual(base.minhang);
    expect(recognizeForms(tsvGrid(songjiang)).map((r) => valuesOf(r.form))).toEqual(base.songjiang);
  });

  test("two forms side by side: the Songjiang forms start at column M beside the Minhang ones", () => {
    const sheet = tsvGrid(sideBySide(minhangRows(), songjiangRows(), 12), { name: "并排" });
    const found = recognizeForms(sheet);
    const left = found.filter((r) => r.form.range?.from.col === 0);
    const right = found.filter((r) => r.form.range?.from.col === 12);
    expect([left.length, right.length, found.length]).toEqual([11, 4, 15]);
    expect(left.map((r) => valuesOf(r.form))).toEqual(base.minhang);
    expect(right.map((r) => valuesOf(r.form))).toEqual(base.songjiang);
    for (const r of found) expectAddressesHold(sheet, r.form);
    expect(found.flatMap((r) => r.unplaced)).toEqual([]);
    // Side by side and in reading order: 残疾人就业保障金 (row 3) before 编外人员工作经费 (row 3, column M).
    expect(names(found).slice(0, 3)).toEqual(["残疾人就业保障金", "编外人员工作经费", "编外人员工作经费"]);
  });

  test("side by side with labels merged and the right-hand forms shifted by a row", () => {
    const right = insertEmptyRows(songjiangRows(), [0]);
    const sheet = tsvGrid(sideBySide(minhangRows(), right, 12), { mergeLabels: true });
    const found = recognizeForms(sheet);
    expect(found.filter((r) => r.form.kind === "target-declaration").map((r) => valuesOf(r.form))).toEqual(
      base.songjiang,
    );
    expect(found.filter((r) => r.form.kind === "self-evaluation").map((r) => valuesOf(r.form))).toEqual(base.minhang);
  });

  test("a form interrupted by an empty row keeps all its indicators and its 总分", () => {
    const rows = insertEmptyRows(minhangRows(), [19, 20]);
    const form = self(recognizeForms(tsvGrid(rows))[0]);
    expect(form.indicators.map((i) => i.level3.value)).toEqual([
      "残疾人保障金计提率",
      "残疾人保障金计提准确率",
      "残保金缴纳时效",
      "支持残疾人就业",
      "保障残疾人生活",
      "长效管理机制健全性",
      "主管单位满意度",
    ]);
    expect(form.total.score.value).toBe("100");
  });
});

// ---------------------------------------------------------------------------------------------------

const tsv = (lines: readonly (readonly string[])[]): string => lines.map((l) => l.join("\t")).join("\n");

/** A Beijing 2020 自评表: 项目负责人/联系电话, a 绩效指标 column, every 二级 listed, 不涉及此项内容 rows, 元. */
const BEIJING = tsv([
  ["项目支出绩效自评表"],
  ["（ 2020年度 ）"],
  ["项目名称", "", "社区养老服务驿站运营补贴"],
  ["主管部门", "", "北京市某区民政局", "", "", "实施单位", "某区养老服务指导中心"],
  ["项目负责人", "", "张三", "", "", "联系电话", "010-12345678"],
  ["项目资金（元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
  ["", "年度资金总额", "1,000,000.00", "1,000,000.00", "950,000.00", "10", "95%", "9.5"],
  ["", "其中：本年财政拨款", "1,000,000.00", "1,000,000.00", "950,000.00", "—", "95%", "—"],
  ["", "上年结转资金", "0", "0", "0", "—", "—", "—"],
  ["", "其他资金", "0", "0", "0", "—", "—", "—"],
  ["年度总体目标", "预期目标", "", "", "", "实际完成情况"],
  ["", "全年为 20 家驿站发放运营补贴。", "", "", "", "为 19 家驿站发放了运营补贴。"],
  [
    "绩效指标",
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
  ],
  ["", "产出指标", "数量指标", "补贴驿站数", "≥20家", "19家", "20", "19", "一家驿站停业"],
  ["", "", "质量指标", "补贴发放准确率", "=100%", "100%", "10", "10", ""],
  ["", "", "时效指标", "补贴发放及时性", "及时", "达成年度指标", "10", "10", ""],
  ["", "", "成本指标", "不涉及此项内容"],
  ["", "效益指标", "经济效益指标", "不涉及此项内容"],
  ["", "", "社会效益指标", "老年人服务覆盖率", "≥80%", "85%", "20", "20", ""],
  ["", "", "生态效益指标", "不涉及此项内容"],
  ["", "", "可持续影响指标", "驿站持续运营", "持续", "达成年度指标", "10", "10", ""],
  ["", "满意度指标", "服务对象满意度指标", "老年人满意度", "≥90%", "93%", "10", "10", ""],
  ["总分", "", "", "", "", "", "100", "88.5", ""],
  ["填报人：李四", "", "", "", "联系电话：010-87654321"],
]);

/** A 2021+ 自评表: 成本指标 is its own 一级 with 经济成本指标; no 评分等级 row; no title. */
const CATEGORIES_2021_FORM = tsv([
  ["项目名称", "职工疗休养"],
  ["主管部门", "某区总工会", "实施单位", "某区职工服务中心"],
  ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
  ["", "年度资金总额", "50", "50", "48", "10", "96.00%", "9.6"],
  ["", "其中：当年财政拨款", "50", "50", "48", "", "96.00%", ""],
  ["年度总体目标", "预期目标", "", "", "实际完成情况"],
  ["", "组织 500 名职工疗休养。", "", "", "组织 480 名职工疗休养。"],
  ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
  ["产出指标", "数量指标", "疗休养人数", "≥500(人)", "480(人)", "20", "19.2", "部分职工因病未参加"],
  ["", "质量指标", "安全事故", "=0(起)", "0(起)", "10", "10", ""],
  ["", "时效指标", "完成时间", "11月底前", "达成年度指标", "10", "10", ""],
  ["成本指标", "经济成本指标", "人均成本", "≤1000(元)", "1000(元)", "10", "10", ""],
  ["效益指标", "社会效益指标", "职工获得感", "提升", "达成年度指标", "30", "28", "个别线路体验一般"],
  ["满意度指标", "服务对象满意度指标", "职工满意度", "≥90(%)", "95(%)", "10", "10", ""],
  ["总分", "", "", "", "", "100", "96.8"],
]);

describe("synthetic layouts of other regions", () => {
  test("Beijing: 项目负责人/联系电话, 元, a 执行率 typed as text, 不涉及此项内容 rows kept, the sign-off read", () => {
    const found = recognizeForms(tsvGrid(BEIJING, { name: "北京", mergeLabels: true }));
    expect(found).toHaveLength(1);
    const form = self(found[0]);
    expect(render(form)).toEqual([
      "self-evaluation A1:I24 2020 元 执行率(%)=false",
      "projectName C3 社区养老服务驿站运营补贴",
      "department C4 北京市某区民政局",
      "implementer G4 某区养老服务指导中心",
      "manager C5 张三",
      "phone G5 010-12345678",
      "total: C7 1,000,000.00 | D7 1,000,000.00 | E7 950,000.00 | F7 10 | G7 95% | H7 9.5",
      "currentYear: C8 1,000,000.00 | D8 1,000,000.00 | E8 950,000.00 | F8 — | G8 95% | H8 —",
      "carryOver: C9 0 | D9 0 | E9 0 | F9 — | G9 — | H9 —",
      "other: C10 0 | D10 0 | E10 0 | F10 — | G10 — | H10 —",
      "goals B12 全年为 20 家驿站发放运营补贴 | F12 为 19 家驿站发放了运营补贴。",
      "B14 产出指标 | C14 数量指标 | D14 补贴驿站数 | E14 ≥20家 | F14 19家 | G14 20 | H14 19 | I14 一家驿站停业",
      "B14 产出指标 | C15 质量指标 | D15 补贴发放准确率 | E15 =100% | F15 100% | G15 10 | H15 10 | I15 ∅",
      "B14 产出指标 | C16 时效指标 | D16 补贴发放及时性 | E16 及时 | F16 达成年度指标 | G16 10 | H16 10 | I16 ∅",
      "B14 产出指标 | C17 成本指标 | D17 不涉及此项内容 | E17 ∅ | F17 ∅ | G17 ∅ | H17 ∅ | I17 ∅",
      "B18 效益指标 | C18 经济效益指标 | D18 不涉及此项内容 | E18 ∅ | F18 ∅ | G18 ∅ | H18 ∅ | I18 ∅",
      "B18 效益指标 | C19 社会效益指标 | D19 老年人服务覆盖率 | E19 ≥80% | F19 85% | G19 20 | H19 20 | I19 ∅",
      "B18 效益指标 | C20 生态效益指标 | D20 不涉及此项内容 | E20 ∅ | F20 ∅ | G20 ∅ | H20 ∅ | I20 ∅",
      "B18 效益指标 | C21 可持续影响指标 | D21 驿站持续运营 | E21 持续 | F21 达成年度指标 | G21 10 | H21 10 | I21 ∅",
      "B22 满意度指标 | C22 服务对象满意度指标 | D22 老年人满意度 | E22 ≥90% | F22 93% | G22 10 | H22 10 | I22 ∅",
      "总分 G23 100 | H23 88.5; 评分等级 —",
    ]);
    // The sign-off line (填报人, 联系电话) is read as such: nothing of the form is left unplaced.
    expect(found[0].unplaced).toEqual([]);
    // The 不涉及 rows score nothing: the checks see 7 indicators and no CATEGORY_INVALID.
    const codes = report(form, BJ).map(([code]) => code);
    expect(codes).not.toContain("CATEGORY_INVALID");
    expect(codes).not.toContain("REQUIRED_MISSING");
    expect(evaluateForm(form, BJ).computed.totalScore).toBe(88.5);
  });

  test("2021 categories: 成本指标 read as a 一级 with its 经济成本指标; a form without title or 评分等级", () => {
    const found = recognizeForms(tsvGrid(CATEGORIES_2021_FORM, { name: "2021" }));
    expect(found).toHaveLength(1);
    const form = self(found[0]);
    expect(form.indicators.map((i) => `${i.level1.value}/${i.level2.value}/${i.level3.value}`)).toEqual([
      "产出指标/数量指标/疗休养人数",
      "产出指标/质量指标/安全事故",
      "产出指标/时效指标/完成时间",
      "成本指标/经济成本指标/人均成本",
      "效益指标/社会效益指标/职工获得感",
      "满意度指标/服务对象满意度指标/职工满意度",
    ]);
    expect([form.year, form.moneyUnit, form.grade, form.total.score.value]).toEqual([null, "万元", null, "96.8"]);
    expect(form.funding.carryOver.annualBudget).toEqual({ value: null, at: null });
    expect(found[0].unplaced).toEqual([]);
    const codes2021 = report(form, builtinTemplate("mof-2021") as Template).map(([c]) => c);
    expect(codes2021).not.toContain("CATEGORY_INVALID");
    expect(codes2021).not.toContain("LEVEL1_MISSING");
  });

  test("2020 categories: 成本指标 in the 二级 column stays a 二级 under 产出指标", () => {
    const rows = CATEGORIES_2021_FORM.replace("成本指标\t经济成本指标", "\t成本指标");
    const form = self(recognizeForms(tsvGrid(rows))[0]);
    expect([form.indicators[3].level1.value, form.indicators[3].level2.value]).toEqual(["产出指标", "成本指标"]);
  });

  test("a 申报表 in 万元 with its goals in a two-row layout and a 2021 成本 一级", () => {
    const text = tsv([
      ["2025年度财政项目支出绩效目标申报表"],
      ["项目名称：", "", "职工书屋建设", "项目性质", "新增项目", "项目类别", "其他运转类"],
      ["主管部门", "", "某区总工会", "实施单位", "某区总工会"],
      ["计划开始日期", "", "2025/1/1", "计划完成日期", "2025/12/31"],
      ["项目资金（万元）", "项目资金总额", "30", "年度资金申请总额", "30"],
      ["", "其中：财政资金", "30", "其中：当年财政拨款", "30"],
      ["", "", "", "上年结转资金", "0"],
      ["", "其他资金", "0", "其他资金", "0"],
      ["项目总目标", "建成职工书屋 10 家。"],
      ["年度总体目标", "建成职工书屋 10 家。"],
      ["一级指标", "二级指标", "三级指标", "年度(/项目)指标值"],
      ["产出指标", "数量指标", "新建书屋数", "≥10(家)"],
      ["成本指标", "经济成本指标", "单个书屋成本", "≤3(万元)"],
      ["效益指标", "社会效益指标", "职工阅读参与", "提升"],
      ["满意度指标", "服务对象满意度指标", "职工满意度", "≥90%"],
    ]);
    const found = recognizeForms(tsvGrid(text, { name: "申报" }));
    expect(found).toHaveLength(1);
    expect(render(found[0].form)).toEqual([
      "target-declaration A1:G15 2025 万元",
      "projectName C2 职工书屋建设",
      "nature E2 新增项目",
      "category G2 其他运转类",
      "department C3 某区总工会",
      "implementer E3 某区总工会",
      "startDate C4 2025/1/1",
      "endDate E4 2025/12/31",
      "projectTotal C5 30",
      "fiscal C6 30",
      "projectOther C8 0",
      "annualTotal E5 30",
      "currentYear E6 30",
      "carryOver E7 0",
      "annualOther E8 0",
      "goals B9 建成职工书屋 10 家。 | B10 建成职工书屋 10 家。",
      "A12 产出指标 | B12 数量指标 | C12 新建书屋数 | D12 ≥10(家)",
      "A13 成本指标 | B13 经济成本指标 | C13 单个书屋成本 | D13 ≤3(万元)",
      "A14 效益指标 | B14 社会效益指标 | C14 职工阅读参与 | D14 提升",
      "A15 满意度指标 | B15 服务对象满意度指标 | C15 职工满意度 | D15 ≥90%",
    ]);
    expect(found[0].unplaced).toEqual([]);
    expect(report(found[0].form, DECL).filter(([, severity]) => severity === "error")).toEqual([]);
  });

  test("a 申报表 whose two funding blocks stand one above the other: each 其他资金 under its own total", () => {
    const text = tsv([
      ["绩效目标申报表"],
      ["项目名称", "职工运动会"],
      ["项目资金（元）", "项目资金总额", "100"],
      ["", "其中：财政资金", "80"],
      ["", "其他资金", "20"],
      ["", "年度资金总额", "60"],
      ["", "其中：当年财政拨款", "50"],
      ["", "上年结转资金", "0"],
      ["", "其他资金", "10"],
      ["一级指标", "二级指标", "三级指标", "指标值"],
      ["产出指标", "数量指标", "参赛人数", "≥500人"],
    ]);
    const f = decl(recognizeForms(tsvGrid(text))[0]);
    expect(Object.entries(f.funding).map(([k, v]) => `${k} ${show(v)}`)).toEqual([
      "projectTotal C3 100",
      "fiscal C4 80",
      "projectOther C5 20",
      "annualTotal C6 60",
      "currentYear C7 50",
      "carryOver C8 0",
      "annualOther C9 10",
    ]);
    expect(report(f, DECL).map(([code]) => code)).not.toContain("FUNDING_SUBTOTAL_MISMATCH");
  });

  test("a value typed into its label's cell (项目名称：xx) and a blank 得分 that stays blank", () => {
    const text = CATEGORIES_2021_FORM.replace("项目名称\t职工疗休养", "项目名称：职工疗休养").replace(
      "480(人)\t20\t19.2\t部分职工因病未参加",
      "480(人)\t20",
    );
    const form = self(recognizeForms(tsvGrid(text))[0]);
    expect(form.header.projectName).toEqual({ value: "职工疗休养", at: { row: 0, col: 0 } });
    expect([show(form.indicators[0].weight), show(form.indicators[0].score)]).toEqual(["F9 20", "G9 ∅"]);
  });

  test("cells that fit nowhere are reported with the block they stand in", () => {
    const text = tsv([
      ["说明：本表由单位填报"],
      ["财政项目支出绩效自评表"],
      ["（2023年度）", "", "附件3"],
      ["项目名称", "", "测试项目", "", "", "", "", "", "", "多余"],
      ["主管部门", "", "某局", "", "实施单位", "某中心"],
      ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率(%)", "得分"],
      ["", "年度资金总额", "10", "10", "10", "10", "100", "10", "", "备注"],
      ["年度总体目标", "预期目标", "", "", "实际完成情况"],
      ["", "目标", "", "", "完成", "", "", "", "补充说明"],
      ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
      ["产出指标", "数量指标", "人数", "=10(人)", "10(人)", "90", "90", "", "", "9"],
      ["总分", "", "", "", "", "100", "100"],
      ["评分等级", "", "优"],
      ["单位负责人：王五"],
      ["这一行不知所云"],
    ]);
    const found = recognizeForms(tsvGrid(text, { name: "杂" }));
    expect(found).toHaveLength(1);
    expect(found[0].unplaced.map((u) => `${a1(u.at)} ${u.text}: ${u.reason}`)).toEqual([
      "C3 附件3: 标题区中未识别的文字",
      "J4 多余: 表头中未识别的内容",
      "J7 备注: 项目资金表中对不上列的单元格",
      "I9 补充说明: 绩效目标栏中多出的内容",
      "J11 9: 指标行中对不上列的单元格",
      "A15 这一行不知所云: 表格之后未识别的内容",
    ]);
    // The line above the title belongs to no form: it is before the first one.
    expect(found[0].form.range?.from).toEqual({ row: 1, col: 0 });
  });
});

// ---------------------------------------------------------------------------------------------------

/** A standard 自评表 sheet as the product lays it out, with a project name typed in. */
function standardSheet() {
  const blank = blankSelfEvaluation(SH, 2023);
  const indicators = blank.indicators.map((i, n) =>
    n === 0 ? { ...i, level3: "培训人数", target: "≥100(人)", actual: "120(人)", weight: 20, score: 20 } : i,
  );
  const data = { ...blank, projectName: "标准表项目", indicators };
  return layoutSelfEvaluation(SH, data, { formNo: 1, sheetName: "自评表" }).sheet;
}

describe("sheets and workbooks", () => {
  test("an empty sheet, an unrelated sheet and a summary list with a 项目名称 column give []", () => {
    expect(recognizeForms(tsvGrid(""))).toEqual([]);
    expect(recognizeForms(mapGrid("空", new Map()))).toEqual([]);
    expect(recognizeForms(tsvGrid("姓名\t工号\n张三\t001\n李四\t002"))).toEqual([]);
    expect(recognizeForms(tsvGrid("序号\t项目名称\t金额\n1\t党建经费\t2.00\n2\t法律顾问费\t2.00"))).toEqual([]);
    expect(recognizeForms(tsvGrid("填表说明\n请按财政项目支出绩效自评表填写\n\n财政项目支出绩效自评表"))).toEqual([]);
  });

  test("a sheet of numbers, booleans and errors gives [] and does not throw", () => {
    const cells = new Map<number, GridCell>([
      [cellKey(0, 0), { value: 1 }],
      [cellKey(0, 1), { value: true }],
      [cellKey(1, 0), { value: "#DIV/0!", isError: true }],
      [cellKey(2, 3), { value: null, formula: "A1*2" }],
    ]);
    expect(recognizeForms(mapGrid("数", cells, [{ from: { row: 5, col: 5 }, to: { row: 2, col: 1 } }]))).toEqual([]);
  });

  test("a workbook: forms on every visible and hidden sheet, none on a very hidden one or on a standard sheet", () => {
    const standard = toGrid(fromDescriptions([standardSheet()]));
    const veryHidden = { ...tsvGrid(minhangRows(), { name: "模板" }), state: "veryHidden" as const };
    const hidden = { ...tsvGrid(songjiangRows(), { name: "旧表" }), state: "hidden" as const };
    const found = recognizeWorkbook({
      sheets: [tsvGrid(minhangRows(), { name: "闵行" }), hidden, veryHidden, ...standard.sheets],
      definedNames: standard.definedNames,
    });
    expect(found.map((r) => r.form.sheet)).toEqual([
      ...MINHANG_NAMES.map(() => "闵行"),
      ...SONGJIANG_NAMES.map(() => "旧表"),
    ]);
  });

  test("the product's own standard sheet is recognized by its labels too (when its names are lost)", () => {
    const wb = toGrid(fromDescriptions([standardSheet()]));
    const found = recognizeWorkbook({ sheets: wb.sheets, definedNames: [] });
    expect(found).toHaveLength(1);
    const form = self(found[0]);
    expect([form.kind, form.moneyUnit, form.indicators.length > 0, form.total.fullScore.at !== null]).toEqual([
      "self-evaluation",
      SH.moneyUnit,
      true,
      true,
    ]);
  });

  test("never throws, on any grid made of form labels, values and blanks", () => {
    const vocabulary = [
      "财政项目支出绩效自评表",
      "绩效目标申报表",
      "(2023年度)",
      "项目名称",
      "主管部门",
      "实施单位",
      "项目资金（万元）",
      "年初预算数",
      "全年预算数",
      "全年执行数",
      "分值",
      "执行率(%)",
      "得分",
      "年度资金总额",
      "其他资金",
      "项目资金总额",
      "年度资金申请总额",
      "预期目标",
      "实际完成情况",
      "项目总目标",
      "年度总体目标",
      "一级指标",
      "二级指标",
      "三级指标",
      "年度指标值",
      "实际完成值",
      "产出指标",
      "数量指标",
      "成本指标",
      "可持续影响指标",
      "不涉及此项内容",
      "总分",
      "评分等级",
      "=100.00(%)",
      "10.00",
      "-",
      "优",
      "",
      "",
      "",
    ];
    const cell = fc.oneof(fc.constantFrom(...vocabulary), fc.double({ noNaN: false }), fc.string({ maxLength: 6 }));
    const grid = fc.array(fc.array(cell, { maxLength: 10 }), { maxLength: 30 });
    fc.assert(
      fc.property(grid, fc.boolean(), (rows, merge) => {
        const cells = new Map<number, GridCell>();
        rows.forEach((row, r) =>
          row.forEach((v, c) => {
            if (v !== "") cells.set(cellKey(r, c), { value: v });
          }),
        );
        const merges = merge ? [{ from: { row: 0, col: 0 }, to: { row: 3, col: 2 } }] : [];
        const found = recognizeForms(mapGrid("随机", cells, merges));
        for (const r of found) {
          for (const [, f] of fieldsOf(r.form)) {
            if (f.at) expect(f.at.row >= 0 && f.at.col >= 0).toBe(true);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
