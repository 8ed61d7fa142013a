/**
 * A 自评表 in any layout: title and year, header, 项目资金, 年度总体目标, the 绩效指标 table, 总分 and
 * 评分等级. The table ends at its 总分 (or 评分等级) row, or — on a form without one — at the first note
 * or sign-off line after the indicators; lines after it are notes or, unrecognised, `unplaced`.
 */
import type { Field, Indicator, SelfEvaluationForm } from "../../domain/model";
import { ABSENT } from "../../domain/model";
import type { Anchor } from "./anchors";
import { findRow, FormReader, readTrailers, REASON, type Recognized } from "./form-reader";
import { findFundingHeader, readFundingRows } from "./funding";
import { findTableHeader, readSelfTable, type Column } from "./indicators";
import { isActualGoal, isExpectedGoal, isGradeLabel, isTotalLabel, isTrailer } from "./lexicon";
import type { Area, Cell, View } from "./view";

export function readSelfEvaluation(view: View, area: Area, anchor: Anchor): Recognized {
  const reader = new FormReader(view, area, anchor);
  const table = findTableHeader(reader, area.top, area.bottom);
  const tableOrEnd = table ? table.row : area.bottom + 1;
  const fundHeader = findFundingHeader(reader, area.top, tableOrEnd);
  const goalLabel = reader.find(area.top, tableOrEnd - 1, (k) => isExpectedGoal(k) || isActualGoal(k));
  const goalsRow = goalLabel ? goalLabel.row : -1;
  const nameRow = anchor.name ? anchor.name.row : area.top;
  const headerEnd = Math.min(...[fundHeader, goalsRow, tableOrEnd].filter((r) => r >= 0));

  reader.readTop(Math.min(nameRow, headerEnd));
  reader.regions.push({ row: Math.min(nameRow, headerEnd), reason: REASON.header });
  const header = reader.readHeader(area.top, headerEnd, [
    "projectName",
    "department",
    "implementer",
    "unit",
    "manager",
    "phone",
    "managerPhone",
    "period",
  ]);

  const fundingEnd = Math.min(...[goalsRow, tableOrEnd].filter((r) => r > fundHeader));
  if (fundHeader >= 0) reader.regions.push({ row: fundHeader, reason: REASON.funding });
  const { funding, extra, unit, ratePercent } = readFundingRows(reader, fundHeader, fundingEnd);

  let goals: [Field, Field] = [ABSENT, ABSENT];
  if (goalsRow >= 0) {
    reader.regions.push({ row: goalsRow, reason: REASON.goals });
    goals = reader.readGoals(goalsRow, tableOrEnd, isExpectedGoal, isActualGoal);
  }

  let indicators: Indicator[] = [];
  let total = { fullScore: ABSENT, score: ABSENT };
  let grade: Field | null = null;
  if (table) {
    reader.regions.push({ row: table.row, reason: REASON.table });
    const totalRow = findRow(reader, table.row + 1, area.bottom, isTotalLabel);
    const gradeRow = findRow(reader, table.row + 1, area.bottom, isGradeLabel);
    const closing = [totalRow, gradeRow].filter((r) => r > table.row);
    // Without a 总分 row, the first sign-off or conclusion line ends the table (notes inside it do not).
    const signOff = closing.length > 0 ? -1 : findRow(reader, table.row + 1, area.bottom, isSignOff);
    const end = Math.min(...[...closing, signOff, area.bottom + 1].filter((r) => r > table.row));
    indicators = readSelfTable(reader, table, end);
    reader.regions.push({ row: end, reason: REASON.after });
    if (totalRow >= 0) {
      const read = readTotal(reader, totalRow, table.columns);
      total = { fullScore: read.fullScore, score: read.score };
      grade = read.grade;
    }
    if (gradeRow >= 0) grade = reader.valueOf(reader.cells(gradeRow)[0]);
    readTrailers(reader, end);
  }

  // A 部门整体支出 form evaluates the unit's whole spending: the unit stands where a project's name would.
  const wholeUnit = anchor.title !== null && anchor.title.key.includes("部门整体") && header.projectName.at === null;
  const form: SelfEvaluationForm = {
    kind: "self-evaluation",
    sheet: view.sheet.name,
    range: reader.range(),
    templateId: null,
    year: reader.year,
    header: {
      projectName: wholeUnit ? header.department : header.projectName,
      department: header.department,
      implementer: header.implementer,
      manager: header.manager,
      phone: header.phone,
    },
    moneyUnit: unit,
    ratePercentHeader: ratePercent,
    funding,
    ...(extra.length > 0 ? { extraFunding: extra } : {}),
    goals: { expected: goals[0], actual: goals[1] },
    indicators,
    total,
    grade,
    ...(reader.placeholders.length > 0 ? { placeholderRows: reader.placeholders } : {}),
  };
  return { form, unplaced: reader.unplaced() };
}

/** A line that closes a form: a conclusion or a signature, not a note inside the table. */
const isSignOff = (key: string): boolean => isTrailer(key) && !/^(其他需要说明|需要说明|说明|备注|注)/.test(key);

/** 总分 row: 满分 under 分值 and the total under 得分, or its two numbers in order when shifted. */
function readTotal(
  reader: FormReader,
  row: number,
  columns: readonly Column[],
): { fullScore: Field; score: Field; grade: Field | null } {
  const cells = reader.cells(row);
  const label = cells[0];
  reader.label(label);
  // A grade on the 总分 row where the form has no 评分等级 row: under its own label
  // (`总分 | 100 | 自评等级 | 优`), or alone at the end (`总分 | 100 | 96 | 优`).
  const gradeLabel = cells.slice(1).find((c) => isGradeLabel(c.key));
  let grade: Field | null = null;
  if (gradeLabel) grade = reader.valueOf(gradeLabel);
  else if (cells.length > 2 && isGradeWord(cells[cells.length - 1].key)) grade = reader.field(cells[cells.length - 1]);
  const rest = cells.filter((c) => !reader.consumed.has(c) || c === label);
  return { ...readTotalScores(reader, row, rest, columns), grade };
}

const isGradeWord = (key: string): boolean => /^(优|良|中|差|优秀|良好|合格|不合格|较差)$/.test(key);

function readTotalScores(
  reader: FormReader,
  row: number,
  cells: readonly Cell[],
  columns: readonly Column[],
): { fullScore: Field; score: Field } {
  const values = cells.slice(1).filter((c) => !reader.consumed.has(c));
  const weight = columns.find((c) => c.field === "weight");
  const score = columns.find((c) => c.field === "score");
  const empty = (c: Column | undefined): Field => (c ? reader.blank(row, c.from) : ABSENT);
  if (values.length === 2) return { fullScore: reader.field(values[0]), score: reader.field(values[1]) };
  if (values.length === 1) {
    const v = values[0];
    const nearScore = score && (!weight || Math.abs(v.col - score.from) < Math.abs(v.col - weight.from));
    return nearScore
      ? { fullScore: empty(weight), score: reader.field(v) }
      : { fullScore: reader.field(v), score: empty(score) };
  }
  if (values.length === 0) return { fullScore: empty(weight), score: empty(score) };
  const onto = (c: Column | undefined): Cell | undefined =>
    c ? values.find((v) => v.col >= c.from && v.col <= c.to) : undefined;
  const w = onto(weight);
  const s = onto(score);
  return { fullScore: w ? reader.field(w) : empty(weight), score: s ? reader.field(s) : empty(score) };
}
