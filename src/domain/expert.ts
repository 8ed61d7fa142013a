/**
 * The 专家评分表 (domain.md §2.3): what the panel's sheet computes and what is checked on it.
 *
 * Each of N experts scores every 三级 item (0 ≤ score ≤ 分值). Computed, in exact decimals:
 * - an item's 合计 = Σ its scores; its 平均分 = 合计 ÷ N, rounded to 2 decimals (the template's
 *   indicator rounding: ROUND or ROUNDDOWN);
 * - an expert's 总分 = Σ the expert's scores; the panel's 合计 = Σ all scores;
 * - 平均总分 = panel 合计 ÷ N, rounded the same way; 等级 from the unrounded 平均总分 (as §4 grades
 *   the unrounded 总分);
 * - per 一级 and per 二级: 分值 = Σ its items' 分值, 平均得分 = Σ its items' scores ÷ N (rounded),
 *   失分率 = 1 − (Σ scores ÷ N) ÷ 分值, from the unrounded average, rounded to 4 decimals (a
 *   percentage with 2).
 * A figure whose inputs are not all numbers is not computed (null): a blank score is a finding of its
 * own, and averaging over the experts who did score would hide it.
 */
import {
  agreement,
  cellOf,
  checkDuplicates,
  readRequiredNumber,
  reportOverwritten,
  requireText,
  type Sink,
} from "./checks";
import { gradeOf, numberIn } from "./compute";
import { dec, roundTo, type Dec, type RoundingMode } from "./decimal";
import { finding, type ExpertSum, type Finding, type NumericField } from "./findings";
import type { ExpertItem, ExpertScoringForm, Field } from "./model";
import { readNumber } from "./numbers";
import type { Template } from "./templates/schema";
import { cellText, comparable, stripSpaces } from "./text";

export interface ExpertItemComputation {
  readonly item: ExpertItem;
  readonly name: string;
  readonly weight: Dec | null;
  /** Each expert's score, null where it is blank or not a number. */
  readonly scores: readonly (Dec | null)[];
  readonly sum: Dec | null;
  readonly average: Dec | null;
}

export interface ExpertGroupComputation {
  readonly level1: string;
  /** null on a 一级 line. */
  readonly level2: string | null;
  readonly weight: Dec | null;
  readonly sum: Dec | null;
  readonly average: Dec | null;
  readonly lossRate: Dec | null;
}

export interface ExpertScoringComputation {
  readonly expertCount: number;
  readonly items: readonly ExpertItemComputation[];
  readonly expertTotals: readonly (Dec | null)[];
  readonly fullScore: Dec | null;
  readonly panelSum: Dec | null;
  /** Unrounded: what the 等级 is read from. */
  readonly averageTotalExact: Dec | null;
  readonly averageTotal: Dec | null;
  readonly grade: string | null;
  /** Each 一级 followed by its 二级, in the order the items name them. */
  readonly groups: readonly ExpertGroupComputation[];
}

const text = (f: Field): string => cellText(f.value).trim();

/** The names of the experts: as typed over their columns, or 专家1…N. */
export function expertNames(form: ExpertScoringForm): string[] {
  return form.experts.map((f, i) => {
    const name = stripSpaces(cellText(f.value));
    return name === "" ? `专家${i + 1}` : name;
  });
}

/** An item takes part when anything of it is filled in: a fully blank row is spare room in the table. */
export function activeItems(form: ExpertScoringForm): ExpertItem[] {
  return form.items.filter((item) => [item.level3, item.weight, ...item.scores].some((f) => text(f) !== ""));
}

function itemName(item: ExpertItem): string {
  const name = text(item.level3).replace(/\s+/g, " ");
  if (name !== "") return name;
  return item.level3.at ? `第 ${item.level3.at.row + 1} 行的指标` : "未命名指标";
}

const sumOf = (values: readonly (Dec | null)[]): Dec | null =>
  values.length === 0 || values.some((v) => v === null)
    ? null
    : values.reduce<Dec>((acc, v) => acc.plus(v as Dec), dec(0));

/**
 * Computes every figure of a 专家评分表 from its scores and 分值.
 * @example computeExpertScoring(form, builtinTemplate("expert-2020")!).averageTotal?.toFixed(2)
 */
export function computeExpertScoring(form: ExpertScoringForm, template: Template): ExpertScoringComputation {
  const n = form.experts.length;
  const mode: RoundingMode = template.rounding.indicatorScore;
  const items = activeItems(form).map((item): ExpertItemComputation => {
    const scores = item.scores.map((f) => numberIn(f));
    const sum = sumOf(scores);
    return {
      item,
      name: itemName(item),
      weight: numberIn(item.weight),
      scores,
      sum,
      average: sum === null || n === 0 ? null : roundTo(sum.div(n), 2, mode),
    };
  });
  const expertTotals = form.experts.map((_, e) => sumOf(items.map((it) => it.scores[e] ?? null)));
  const panelSum = sumOf(expertTotals);
  const averageTotalExact = panelSum === null || n === 0 ? null : panelSum.div(n);

  const groups: ExpertGroupComputation[] = [];
  const groupOf = (level1: string, level2: string | null, members: readonly ExpertItemComputation[]): void => {
    const weight = sumOf(members.map((m) => m.weight));
    const sum = sumOf(members.map((m) => m.sum));
    const exact = sum === null || n === 0 ? null : sum.div(n);
    groups.push({
      level1,
      level2,
      weight,
      sum,
      average: exact === null ? null : roundTo(exact, 2, mode),
      lossRate:
        exact === null || weight === null || weight.isZero()
          ? null
          : roundTo(dec(1).minus(exact.div(weight)), 4, "round"),
    });
  };
  for (const level1 of uniqueNames(items.map((it) => text(it.item.level1)))) {
    const inLevel1 = items.filter((it) => text(it.item.level1) === level1);
    groupOf(level1, null, inLevel1);
    for (const level2 of uniqueNames(inLevel1.map((it) => text(it.item.level2)))) {
      groupOf(
        level1,
        level2,
        inLevel1.filter((it) => text(it.item.level2) === level2),
      );
    }
  }

  return {
    expertCount: n,
    items,
    expertTotals,
    fullScore: sumOf(items.map((it) => it.weight)),
    panelSum,
    averageTotalExact,
    averageTotal: averageTotalExact === null ? null : roundTo(averageTotalExact, 2, mode),
    grade: averageTotalExact === null ? null : gradeOf(averageTotalExact, template.gradeBands),
    groups,
  };
}

/** Names in first-seen order, blanks left out. */
function uniqueNames(names: readonly string[]): string[] {
  return [...new Set(names.filter((n) => n !== ""))];
}

/** The NOT_A_NUMBER field of each stated figure. */
const NUMERIC_OF: Record<ExpertSum, NumericField> = {
  itemSum: "sum",
  itemAverage: "average",
  expertTotal: "totalScore",
  panelSum: "sum",
  averageTotal: "totalScore",
  groupWeight: "weight",
  groupAverage: "average",
  lossRate: "lossRate",
};

/**
 * A stated figure against the computed one: exact (nothing), a rounding difference (info) or a
 * mismatch (error), by the rule of domain.md §5. Text that is not a number is NOT_A_NUMBER; a blank
 * says nothing (a figure may be left for the sheet to compute).
 */
function compareStated(
  form: ExpertScoringForm,
  field: Field,
  exact: Dec | null,
  of: ExpertSum,
  who: { indicator: string | null; expert: string | null },
  mode: RoundingMode,
  sink: Sink,
): void {
  const stated = readNumber(field.value);
  if (!stated.ok) {
    if (stated.reason === "not-a-number" || stated.reason === "error-value") {
      sink.push(
        finding("NOT_A_NUMBER", cellOf(form, field), {
          field: NUMERIC_OF[of],
          text: stated.text,
          errorValue: stated.reason === "error-value",
          indicator: who.indicator,
        }),
      );
    }
    return;
  }
  if (exact === null) return;
  // A 失分率 is a fraction shown as a percentage (0.1234 as 12.34%), or typed as `12.34%`.
  const value = stated.percent ? stated.value.div(100) : stated.value;
  const decimals = stated.percent ? stated.decimals + 2 : stated.decimals;
  const verdict =
    of === "lossRate"
      ? agreement(value.times(100), Math.max(0, decimals - 2), [exact.times(100)], mode)
      : agreement(value, decimals, [exact], mode);
  if (verdict === "exact") return;
  const params = {
    of,
    stated: value.toNumber(),
    computed: roundTo(exact, of === "lossRate" ? 4 : 2, mode).toNumber(),
    ...who,
  };
  sink.push(
    verdict === "mismatch"
      ? finding("EXPERT_SUM_MISMATCH", cellOf(form, field), params)
      : finding("ROUNDING_DIFFERENCE", cellOf(form, field), params),
  );
}

/**
 * All checks of a 专家评分表: header; every score present, a number, between 0 and its 分值; experts who
 * disagree on an item by more than half its 分值 (to discuss); every stated 合计, 平均分, 总分, 平均总分
 * and summary line against what the scores give; 满分 against the template; 等级 against 平均总分.
 */
export function checkExpertScoring(
  form: ExpertScoringForm,
  template: Template,
): { computed: ExpertScoringComputation; findings: Finding[] } {
  const sink: Sink = [];
  const computed = computeExpertScoring(form, template);
  const mode = template.rounding.indicatorScore;
  const names = expertNames(form);
  requireText(form, form.header.projectName, "projectName", sink);
  // A bureau's own panel sheet names the project and often nothing more: 主管部门 and 实施单位 are
  // required where the sheet has a place for them (the product's panel always has).
  for (const [field, name] of [
    [form.header.department, "department"],
    [form.header.implementer, "implementer"],
  ] as const) {
    if (field.at !== null || form.templateId !== null) requireText(form, field, name, sink);
  }

  for (const it of computed.items) {
    const { item, name } = it;
    requireText(form, item.level3, "level3", sink, name);
    readRequiredNumber(form, item.weight, "weight", sink, "weight", name);
    item.scores.forEach((field, e) => {
      const r = readNumber(field.value);
      if (!r.ok) {
        if (r.reason === "not-a-number" || r.reason === "error-value") {
          sink.push(
            finding("NOT_A_NUMBER", cellOf(form, field), {
              field: "score",
              text: r.text,
              errorValue: r.reason === "error-value",
              indicator: name,
            }),
          );
        } else {
          sink.push(finding("EXPERT_SCORE_MISSING", cellOf(form, field), { indicator: name, expert: names[e] }));
        }
        return;
      }
      if (r.value.isNegative() || (it.weight !== null && r.value.gt(it.weight))) {
        sink.push(
          finding("EXPERT_SCORE_EXCEEDS_WEIGHT", cellOf(form, field), {
            indicator: name,
            expert: names[e],
            score: r.value.toNumber(),
            weight: it.weight?.toNumber() ?? 0,
          }),
        );
      }
    });
    const scored = it.scores.flatMap((s, e) => (s === null ? [] : [{ s, e }]));
    if (it.weight !== null && it.weight.gt(0) && scored.length >= 2) {
      const low = scored.reduce((a, b) => (b.s.lt(a.s) ? b : a));
      const high = scored.reduce((a, b) => (b.s.gt(a.s) ? b : a));
      if (high.s.minus(low.s).gt(it.weight.div(2))) {
        sink.push(
          finding("EXPERT_DISAGREEMENT", cellOf(form, item.scores[high.e]), {
            indicator: name,
            weight: it.weight.toNumber(),
            low: low.s.toNumber(),
            lowExpert: names[low.e],
            high: high.s.toNumber(),
            highExpert: names[high.e],
          }),
        );
      }
    }
    compareStated(form, item.sum, it.sum, "itemSum", { indicator: name, expert: null }, mode, sink);
    const exactAverage = it.sum === null || computed.expertCount === 0 ? null : it.sum.div(computed.expertCount);
    compareStated(form, item.average, exactAverage, "itemAverage", { indicator: name, expert: null }, mode, sink);
  }
  checkDuplicates(
    form,
    computed.items.map((it) => it.item),
    sink,
  );

  form.expertTotals.forEach((field, e) => {
    compareStated(
      form,
      field,
      computed.expertTotals[e] ?? null,
      "expertTotal",
      { indicator: null, expert: names[e] },
      mode,
      sink,
    );
  });
  compareStated(form, form.totalSum, computed.panelSum, "panelSum", { indicator: null, expert: null }, mode, sink);
  compareStated(
    form,
    form.averageTotal,
    computed.averageTotalExact,
    "averageTotal",
    { indicator: null, expert: null },
    mode,
    sink,
  );

  // 满分: the items' 分值 must add up to the template's (or the sheet's stated) 满分.
  const statedFull = numberIn(form.fullScore);
  if (computed.fullScore !== null) {
    const expected = dec(template.fullScore);
    if (!computed.fullScore.eq(expected)) {
      sink.push(
        finding("WEIGHT_TOTAL_MISMATCH", cellOf(form, form.fullScore), {
          stated: expected.toNumber(),
          computed: computed.fullScore.toNumber(),
        }),
      );
    } else if (statedFull !== null && !statedFull.eq(computed.fullScore)) {
      sink.push(
        finding("WEIGHT_TOTAL_MISMATCH", cellOf(form, form.fullScore), {
          stated: statedFull.toNumber(),
          computed: computed.fullScore.toNumber(),
        }),
      );
    }
  }

  for (const line of form.groups) {
    const l1 = text(line.level1);
    const l2 = line.level2 === null ? null : text(line.level2);
    const group = computed.groups.find(
      (g) =>
        comparable(g.level1) === comparable(l1) &&
        (g.level2 === null ? l2 === null : l2 !== null && comparable(g.level2) === comparable(l2)),
    );
    if (!group) continue;
    const who = { indicator: l2 ?? l1, expert: null };
    compareStated(form, line.weight, group.weight, "groupWeight", who, mode, sink);
    const exact = group.sum === null || computed.expertCount === 0 ? null : group.sum.div(computed.expertCount);
    compareStated(form, line.average, exact, "groupAverage", who, mode, sink);
    const loss =
      exact === null || group.weight === null || group.weight.isZero() ? null : dec(1).minus(exact.div(group.weight));
    compareStated(form, line.lossRate, loss, "lossRate", who, "round", sink);
  }

  // The 等级 goes with the unrounded 平均总分 (89.995 shows as 90.00 and is 良); a sheet that grades
  // the average it shows (优) is not wrong either. A stated average that is a mismatch has its own finding.
  if (form.grade !== null && text(form.grade) !== "") {
    const stated = readNumber(form.averageTotal.value);
    const totals = [computed.averageTotalExact, stated.ok ? stated.value : null].filter((t): t is Dec => t !== null);
    if (totals.length > 0) {
      const statedGrade = stripSpaces(cellText(form.grade.value));
      const expected = totals.map((t) => gradeOf(t, template.gradeBands));
      if (!expected.some((g) => comparable(g) === comparable(statedGrade))) {
        sink.push(
          finding("GRADE_MISMATCH", cellOf(form, form.grade), {
            stated: statedGrade,
            expected: expected[0],
            total: totals[0].toNumber(),
          }),
        );
      }
    }
  }

  reportOverwritten(form, sink);
  return { computed, findings: sink };
}
