/**
 * Test helper (not product code): builds domain forms from the fixture TSVs, treating each line as a
 * sheet row and each TAB-separated field as a cell, so that finding cells can be compared with the
 * fixture's own positions. It finds rows by their labels, as a person reading the form would; the
 * product's own recognizer for arbitrary layouts is a separate piece of work.
 */
import { comparable } from "../src/domain/text";
import type { Field, FundingRow, Indicator, SelfEvaluationForm, TargetDeclarationForm } from "../src/domain/model";
import { ABSENT } from "../src/domain/model";
import { MINHANG, SONGJIANG, readSeed } from "./fixtures";

type Grid = string[][];
const PLAIN_NUMBER = /^\d+(?:\.\d+)?$/;

const f = (grid: Grid, row: number, col: number): Field =>
  col < 0 || row < 0 ? ABSENT : { value: grid[row]?.[col] ?? null, at: { row, col } };

/** Indices of the non-empty cells of a row, after `from`. */
const filled = (cells: readonly string[], from = -1): number[] =>
  cells.flatMap((c, i) => (i > from && c.trim() !== "" ? [i] : []));

const labelAt = (cells: readonly string[], label: string): number => cells.findIndex((c) => comparable(c) === label);

/** The forms of a TSV: blocks that start at a line holding `title`. */
function blocks(grid: Grid, title: string): { start: number; end: number }[] {
  const starts = grid.flatMap((cells, i) => (cells.some((c) => comparable(c) === title) ? [i] : []));
  return starts.map((start, k) => ({ start, end: k + 1 < starts.length ? starts[k + 1] : grid.length }));
}

function findRow(grid: Grid, from: number, to: number, label: string): number {
  for (let r = from; r < to; r++) if (labelAt(grid[r], label) >= 0) return r;
  return -1;
}

/** The first non-empty cell after a label on the same row. */
function after(grid: Grid, row: number, label: string): Field {
  if (row < 0) return ABSENT;
  const i = labelAt(grid[row], label);
  const next = filled(grid[row], i)[0];
  return next === undefined ? f(grid, row, i + 1) : f(grid, row, next);
}

function fundingRow(grid: Grid, row: number, label: string): FundingRow {
  const blank: FundingRow = {
    initialBudget: ABSENT,
    annualBudget: ABSENT,
    executed: ABSENT,
    weight: ABSENT,
    rate: ABSENT,
    score: ABSENT,
  };
  if (row < 0) return blank;
  const cells = grid[row];
  const i = cells.findIndex((c) => comparable(c).endsWith(label));
  const [a, b, c, d, e, g] = filled(cells, i);
  return {
    initialBudget: f(grid, row, a),
    annualBudget: f(grid, row, b),
    executed: f(grid, row, c),
    weight: f(grid, row, d),
    rate: f(grid, row, e),
    score: f(grid, row, g),
  };
}

/** Every 自评表 of the Minhang fixture, in file order. */
export function minhangForms(): SelfEvaluationForm[] {
  const grid = readSeed(MINHANG);
  return blocks(grid, "财政项目支出绩效自评表").map(({ start, end }) => {
    const nameRow = findRow(grid, start, end, "项目名称");
    let projectName = after(grid, nameRow, "项目名称");
    if (String(projectName.value ?? "").trim() === "" || comparable(String(projectName.value)) === "主管部门") {
      // 政府雇员: the name sits alone on the line above its label.
      const above = filled(grid[nameRow - 1] ?? []);
      projectName =
        above.length === 1
          ? f(grid, nameRow - 1, above[0])
          : { value: null, at: { row: nameRow, col: labelAt(grid[nameRow], "项目名称") + 1 } };
    }
    const deptRow = findRow(grid, start, end, "主管部门");
    const fundHeader = findRow(grid, start, end, "年初预算数");
    const goalsRow = findRow(grid, start, end, "预期目标") + 1;
    const tableRow = findRow(grid, start, end, "年度指标值");
    const totalRow = findRow(grid, start, end, "总分");
    const gradeRow = findRow(grid, start, end, "评分等级");
    const find = (label: string): number => {
      for (let r = fundHeader; r < goalsRow; r++) if (grid[r].some((c) => comparable(c).endsWith(label))) return r;
      return -1;
    };
    const [expected, actual] = filled(grid[goalsRow]);

    const indicators: Indicator[] = [];
    let level1: Field = ABSENT;
    let level2: Field = ABSENT;
    for (let r = tableRow + 1; r < totalRow; r++) {
      const cells = grid[r];
      const w = cells.findIndex(
        (c, i) => i >= 2 && PLAIN_NUMBER.test(c.trim()) && PLAIN_NUMBER.test((cells[i + 1] ?? "").trim()),
      );
      if (w < 0) continue;
      const before = filled(cells).filter((i) => i < w - 2);
      const l3 = w - 3 >= 0 && cells[w - 3].trim() !== "" ? w - 3 : (before[before.length - 1] ?? w - 3);
      if (w - 5 >= 0 && cells[w - 5].trim() !== "") level1 = f(grid, r, w - 5);
      if (w - 4 >= 0 && cells[w - 4].trim() !== "" && w - 4 !== l3) level2 = f(grid, r, w - 4);
      indicators.push({
        level1,
        level2,
        level3: f(grid, r, l3),
        target: f(grid, r, w - 2),
        actual: f(grid, r, w - 1),
        weight: f(grid, r, w),
        score: f(grid, r, w + 1),
        deviation: f(grid, r, w + 2),
      });
    }
    const totals = filled(grid[totalRow], labelAt(grid[totalRow], "总分"));
    const yearText = grid.slice(start, tableRow).flat().join(" ");
    const year = /(\d{4})年度/.exec(yearText);
    return {
      kind: "self-evaluation",
      sheet: "闵行",
      range: null,
      templateId: null,
      year: year ? Number(year[1]) : null,
      header: {
        projectName,
        department: after(grid, deptRow, "主管部门"),
        implementer: after(grid, deptRow, "实施单位"),
        manager: ABSENT,
        phone: ABSENT,
      },
      moneyUnit: grid[fundHeader].join("").includes("万元") ? "万元" : "元",
      ratePercentHeader: grid[fundHeader].some((c) => comparable(c).includes("执行率(%)")),
      funding: {
        total: fundingRow(grid, find("年度资金总额"), "年度资金总额"),
        currentYear: fundingRow(grid, find("当年财政拨款"), "当年财政拨款"),
        carryOver: fundingRow(grid, find("上年结转资金"), "上年结转资金"),
        other: fundingRow(grid, find("其他资金"), "其他资金"),
      },
      goals: { expected: f(grid, goalsRow, expected), actual: f(grid, goalsRow, actual) },
      indicators,
      total: { fullScore: f(grid, totalRow, totals[0]), score: f(grid, totalRow, totals[1]) },
      grade: gradeRow >= 0 ? after(grid, gradeRow, "评分等级") : null,
    };
  });
}

/** The Minhang form of a project. */
export function minhangForm(projectName: string): SelfEvaluationForm {
  const form = minhangForms().find(
    (x) => comparable(String(x.header.projectName.value ?? "")) === comparable(projectName),
  );
  if (!form) throw new Error(`no Minhang form for ${projectName}`);
  return form;
}

/** Every 申报表 of the Songjiang fixture: header and funding (the worked examples need no more). */
export function songjiangForms(): TargetDeclarationForm[] {
  const grid = readSeed(SONGJIANG);
  return blocks(grid, "财政项目支出绩效目标申报表").map(({ start, end }) => {
    const row = (label: string): number => findRow(grid, start, end, label);
    const nameRow = row("项目名称");
    const moneyRow = row("项目资金总额");
    const subRow = moneyRow + 1;
    const carryRow = findRow(grid, moneyRow, end, "上年结转资金");
    const otherRow = findRow(grid, carryRow, end, "其他资金");
    const otherCells = filled(grid[otherRow]);
    const dateRow = row("计划开始日期");
    const deptRow = row("主管部门");
    return {
      kind: "target-declaration",
      sheet: "松江",
      range: null,
      templateId: null,
      year: 2024,
      header: {
        projectName: after(grid, nameRow, "项目名称"),
        nature: after(grid, nameRow, "项目性质"),
        category: after(grid, nameRow, "项目类别"),
        department: after(grid, deptRow, "主管部门"),
        implementer: after(grid, deptRow, "实施单位"),
        startDate: after(grid, dateRow, "计划开始日期"),
        endDate: after(grid, dateRow, "计划完成日期"),
      },
      moneyUnit: "元",
      funding: {
        projectTotal: after(grid, moneyRow, "项目资金总额"),
        fiscal: after(grid, subRow, "其中:财政资金"),
        projectOther: f(grid, otherRow, otherCells[1]),
        annualTotal: after(grid, moneyRow, "年度资金申请总额"),
        currentYear: after(grid, subRow, "其中:当年财政拨款"),
        carryOver: after(grid, carryRow, "上年结转资金"),
        annualOther: f(grid, otherRow, otherCells[3]),
      },
      goals: { overall: ABSENT, annual: ABSENT },
      indicators: [],
    };
  });
}
