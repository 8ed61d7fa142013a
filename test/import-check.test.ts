/**
 * `zpb check` and `zpb import` on the fixture forms as real .xlsx files (written by ExcelJS, read by
 * the fast reader): the 11 Minhang 自评表 and the 4 Songjiang 申报表 are found and checked with every
 * finding on the right cell, in the layouts forms arrive in; importing them gives standard sheets
 * whose check says the same, with FORMULA_OVERWRITTEN exactly where the original states a computed
 * value the formula would not give; the input file is never written.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { evaluateForm, formatSheetCell, messageOf, type Field, type Form } from "../src/domain";
import { a1 } from "../src/domain/address";
import type { SelfEvaluationForm } from "../src/domain/model";
import { FUNDING_ROW_KEYS } from "../src/domain/model";
import { templateFor, type FormJson, type Report } from "../src/layout/report";
import { sheetNames } from "../src/layout/sheet-names";
import type { WorkbookGrid } from "../src/layout/grid";
import { readStandardForms } from "../src/layout/read-standard";
import { recognizeForms, recognizeWorkbook } from "../src/layout/recognize";
import { toDeclarationData, toStandardData, importTemplateFor } from "../src/layout/to-standard";
import { readWorkbookFile } from "../src/xlsx/fast-reader";
import { fixtureRows, gridOf, writeRowsWorkbook, type Fixture, type WorkbookSheetOptions } from "./fixture-workbooks";
import { insertEmptyRows, respaceLabels, shiftColumns, sideBySide, type Rows } from "./tsv-grid";
import { PANEL_COLUMNS, PANEL_ROWS } from "./expert-panels";
import { zpb } from "./run-zpb";

/** The forms of `zpb check --json` on one file. */
async function checkForms(file: string): Promise<FormJson[]> {
  const { out, err } = await zpb("check", file, "--json", "--no-progress");
  const report = JSON.parse(out) as Report;
  if (report.files[0].error) throw new Error(`${file}: ${report.files[0].error.message} ${err}`);
  return [...report.files[0].forms];
}

type Triple = [code: string, cell: string | null, message: string];
const triples = (form: FormJson): Triple[] => form.findings.map((f) => [f.code, f.cell, f.message]);
const pairs = (form: FormJson): string[] => form.findings.map((f) => `${f.code} ${f.message}`);

/** The findings of the recognizer and the engine on an in-memory grid: what the file must check as. */
function expectedFindings(rows: Rows, options: WorkbookSheetOptions): Triple[][] {
  return recognizeForms(gridOf(rows, options)).map(({ form }) =>
    evaluateForm(form, templateFor(form)).findings.map((f): Triple => [
      f.code,
      f.cell ? formatSheetCell(f.cell) : null,
      messageOf(f),
    ]),
  );
}

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
const SHEET: Record<Fixture, string> = { minhang: "闵行", songjiang: "松江" };

let dir: string;
const file = (name: string): string => path.join(dir, name);

/** Writes rows as a one-sheet workbook in the test folder. */
async function workbook(name: string, rows: Rows, options: WorkbookSheetOptions): Promise<string> {
  await writeRowsWorkbook([{ ...options, rows }], file(name));
  return file(name);
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "zpb-import-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const FIXTURES: [Fixture, boolean][] = [
  ["minhang", false],
  ["minhang", true],
  ["songjiang", false],
  ["songjiang", true],
];
const label = (which: Fixture, merged: boolean): string => `${which}${merged ? "-merged" : ""}`;

// ---------------------------------------------------------------------------------------------------

describe("zpb check on the fixture workbooks", () => {
  test.each(FIXTURES)("%s (merged labels: %s): every form found, every finding on its cell", async (which, merged) => {
    const options = { name: SHEET[which], merged };
    const f = await workbook(`${label(which, merged)}.xlsx`, fixtureRows(which), options);
    const forms = await checkForms(f);
    const kind = which === "minhang" ? "self-evaluation" : "target-declaration";
    expect(forms.map((x) => [x.kind, x.projectName])).toEqual(
      (which === "minhang" ? MINHANG_NAMES : SONGJIANG_NAMES).map((n) => [kind, n]),
    );
    expect(forms.map(triples)).toEqual(expectedFindings(fixtureRows(which), options));
    expect(forms.flatMap((x) => x.unplaced)).toEqual([]);
  });

  test("the model read from the file is the model read from the in-memory grid, addresses and formats included", async () => {
    for (const [which, merged] of FIXTURES) {
      const options = { name: SHEET[which], merged };
      const f = await workbook(`model-${label(which, merged)}.xlsx`, fixtureRows(which), options);
      const read = await readWorkbookFile(f);
      if (!read.ok) throw new Error(read.error.message);
      expect(recognizeWorkbook(read.workbook)).toEqual(recognizeForms(gridOf(fixtureRows(which), options)));
    }
  });

  test("each fixture form, pinned: kind, range, year, unit, header cells, indicator count, 资金得分/总分 cells", async () => {
    const lines: string[] = [];
    for (const which of ["minhang", "songjiang"] as const) {
      const read = await readWorkbookFile(
        await workbook(`pin-${which}.xlsx`, fixtureRows(which), { name: SHEET[which] }),
      );
      if (!read.ok) throw new Error(read.error.message);
      for (const { form } of recognizeWorkbook(read.workbook)) {
        if (form.kind === "expert-scoring") throw new Error("no panel in these fixtures");
        const at = (f: Field | null): string => (f?.at ? a1(f.at) : "·");
        const range = form.range ? `${a1(form.range.from)}:${a1(form.range.to)}` : "?";
        const head = `${form.kind === "self-evaluation" ? "自评" : "申报"} ${range} ${form.year} ${form.moneyUnit}`;
        if (form.kind === "self-evaluation") {
          lines.push(
            `${head} ${at(form.header.projectName)} ${at(form.header.department)} ${at(form.header.implementer)} ` +
              `${form.indicators.length}行 资金得分${at(form.funding.total.score)} 总分${at(form.total.score)} 等级${at(form.grade)}`,
          );
        } else if (form.kind === "target-declaration") {
          lines.push(
            `${head} ${at(form.header.projectName)} ${at(form.header.department)} ${at(form.header.implementer)} ` +
              `${form.indicators.length}行 总额${at(form.funding.projectTotal)} 申请${at(form.funding.annualTotal)}`,
          );
        }
      }
    }
    expect(lines).toEqual([
      "自评 A3:I25 2023 万元 C7 C8 F8 7行 资金得分I10 总分G24 等级C25",
      "自评 A27:I53 2023 万元 C31 C32 F32 11行 资金得分I34 总分G52 等级C53",
      "自评 A55:I76 2023 万元 C59 C60 F60 6行 资金得分I62 总分G75 等级C76",
      "自评 A78:I107 2023 万元 C82 C83 F83 14行 资金得分I85 总分G106 等级C107",
      "自评 A109:I135 2023 万元 C113 C114 F114 11行 资金得分I116 总分G134 等级C135",
      "自评 A137:H168 2023 万元 B142 B143 F143 15行 资金得分H145 总分G167 等级C168",
      "自评 A170:I194 2023 万元 C174 C175 F175 9行 资金得分I177 总分G193 等级C194",
      "自评 A196:H229 2023 万元 B200 B201 E201 18行 资金得分H203 总分G228 等级C229",
      "自评 A231:I257 2023 万元 C235 C236 F236 11行 资金得分I238 总分G256 等级C257",
      "自评 A259:H289 2023 万元 A263 B265 F265 14行 资金得分H267 总分G288 等级C289",
      "自评 A291:H317 2023 万元 B295 B296 F296 11行 资金得分H298 总分G316 等级C317",
      "申报 A3:F20 2024 元 B6 B7 E7 5行 总额C9 申请E9",
      "申报 A22:F40 2024 元 B25 B26 E26 6行 总额C28 申请E28",
      "申报 A42:F65 2024 元 B45 B46 E46 11行 总额C48 申请E48",
      "申报 A67:F105 2024 元 B70 B71 E71 25行 总额C73 申请E73",
    ]);
  });

  test("群团改革专项 and 政府雇员, their findings in full", async () => {
    const forms = await checkForms(await workbook("pinned.xlsx", fixtureRows("minhang"), { name: "闵行" }));
    const byName = (name: string): Triple[] => triples(forms.find((f) => f.projectName === name) as FormJson);
    expect(byName("群团改革专项")).toEqual([
      ["ROUNDING_DIFFERENCE", "闵行!I177", "资金得分填写为 9.98，按执行率 99.85% × 10 计算为 9.99（舍入规则不同）"],
      [
        "WEIGHTS_NONSTANDARD",
        "闵行!F184",
        "一级指标分值与标准分值不同：产出指标 60（标准 50），效益指标 10（标准 30），满意度指标 20（标准 10）",
      ],
      ["GOAL_TEXT_IDENTICAL", "闵行!E182", "实际完成情况与预期目标完全相同：请写明实际完成了什么"],
    ]);
    expect(byName("政府雇员")).toEqual([
      ["ROUNDING_DIFFERENCE", "闵行!H267", "资金得分填写为 9.70，按执行率 97.09% × 10 计算为 9.71（舍入规则不同）"],
      ["UNIT_MISMATCH", "闵行!D275", "指标“日常培训、管理、考核完成率”是比率类指标，年度指标值的单位应为 %，现为“名”"],
      [
        "WEIGHTS_NONSTANDARD",
        "闵行!F274",
        "一级指标分值与标准分值不同：产出指标 60（标准 50），效益指标 20（标准 30）",
      ],
      ["GOAL_TEXT_IDENTICAL", "闵行!E272", "实际完成情况与预期目标完全相同：请写明实际完成了什么"],
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------

/** A cell `Sheet!A1` moved by a variant: onto its sheet, to its row and column. */
type CellMap = (sheet: string, row: number, col: number) => [string, number, number];

function moveCell(cell: string | null, map: CellMap): string | null {
  if (cell === null) return null;
  const m = /^(.*)!([A-Z]+)(\d+)$/.exec(cell);
  if (!m) throw new Error(`not a cell: ${cell}`);
  const col = [...m[2]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  const [sheet, r, c] = map(m[1], Number(m[3]) - 1, col);
  return formatSheetCell({ sheet, row: r, col: c });
}

/** Rows inserted before the given original rows: where an original row ends up. */
const afterInsert =
  (before: readonly number[]) =>
  (row: number): number =>
    row + before.filter((b) => b <= row).length;

describe("layout variants through real files give the plain fixture's findings, moved with their cells", () => {
  const plain: Record<Fixture, Triple[][]> = { minhang: [], songjiang: [] };
  beforeAll(async () => {
    for (const which of ["minhang", "songjiang"] as const) {
      const forms = await checkForms(await workbook(`plain-${which}.xlsx`, fixtureRows(which), { name: SHEET[which] }));
      plain[which] = forms.map(triples);
    }
  });

  const BETWEEN_BLOCKS: Record<Fixture, number[]> = { minhang: [3, 9, 13, 100, 163], songjiang: [6, 9, 14] };
  const INSIDE_TABLES: Record<Fixture, number[]> = { minhang: [18, 44, 210, 280], songjiang: [16, 57, 90] };
  const variants: [string, (rows: Rows) => Rows, WorkbookSheetOptions, (which: Fixture) => CellMap][] = [
    ["every row shifted right by two columns", (r) => shiftColumns(r, 2), {}, () => (s, r, c) => [s, r, c + 2]],
    [
      "shifted right by three columns, labels merged",
      (r) => shiftColumns(r, 3),
      { merged: true },
      () => (s, r, c) => [s, r, c + 3],
    ],
    [
      "empty rows inserted between the blocks",
      (r) => r,
      {},
      (which) => (s, r, c) => [s, afterInsert(BETWEEN_BLOCKS[which])(r), c],
    ],
    [
      "an indicator table interrupted by an empty row",
      (r) => r,
      {},
      (which) => (s, r, c) => [s, afterInsert(INSIDE_TABLES[which])(r), c],
    ],
    ["labels respaced (分 值, 项 目 名 称：, 总　分)", respaceLabels, {}, () => (s, r, c) => [s, r, c]],
    ["labels respaced and merged", respaceLabels, { merged: true }, () => (s, r, c) => [s, r, c]],
    ["numbers stored as text", (r) => r, { numbersAsText: true }, () => (s, r, c) => [s, r, c]],
  ];

  test.each(variants)("%s", async (name, change, options, mapFor) => {
    for (const which of ["minhang", "songjiang"] as const) {
      let rows = change(fixtureRows(which));
      if (name.startsWith("empty rows")) rows = insertEmptyRows(rows, BETWEEN_BLOCKS[which]);
      if (name.startsWith("an indicator table")) rows = insertEmptyRows(rows, INSIDE_TABLES[which]);
      const opts = { ...options, name: SHEET[which] };
      const forms = await checkForms(await workbook(`variant-${which}.xlsx`, rows, opts));
      const map = mapFor(which);
      expect(forms.map(triples)).toEqual(
        plain[which].map((findings) =>
          findings.map(([code, cell, message]): Triple => [code, moveCell(cell, map), message]),
        ),
      );
      // And exactly what the recognizer finds on the same rows in memory, model and all.
      expect(forms.map(triples)).toEqual(expectedFindings(rows, opts));
      const read = await readWorkbookFile(file(`variant-${which}.xlsx`));
      if (!read.ok) throw new Error(read.error.message);
      expect(recognizeWorkbook(read.workbook)).toEqual(recognizeForms(gridOf(rows, opts)));
    }
  });

  test("two forms side by side: the Songjiang forms at column M beside the Minhang ones", async () => {
    const rows = sideBySide(fixtureRows("minhang"), fixtureRows("songjiang"), 12);
    const forms = await checkForms(await workbook("side-by-side.xlsx", rows, { name: "并排" }));
    const left = forms.filter((f) => /^A/.test(f.range ?? ""));
    const right = forms.filter((f) => /^M/.test(f.range ?? ""));
    expect([left.length, right.length, forms.length]).toEqual([11, 4, 15]);
    expect(left.map((f) => f.projectName)).toEqual(MINHANG_NAMES);
    expect(right.map((f) => f.projectName)).toEqual(SONGJIANG_NAMES);
    const moved = (findings: Triple[][], dc: number): Triple[][] =>
      findings.map((list) =>
        list.map(([code, cell, message]) => [code, moveCell(cell, (_s, r, c) => ["并排", r, c + dc]), message]),
      );
    expect(left.map(triples)).toEqual(moved(plain.minhang, 0));
    expect(right.map(triples)).toEqual(moved(plain.songjiang, 12));
  });
});

// ---------------------------------------------------------------------------------------------------

/** The computed cells of a recognized 自评表, by the field FORMULA_OVERWRITTEN names them with. */
function computedCells(form: SelfEvaluationForm): Map<string, string> {
  const out = new Map<string, string>();
  const put = (f: Field | null, field: string): void => {
    if (f?.at) out.set(formatSheetCell({ sheet: form.sheet, ...f.at }), field);
  };
  for (const k of FUNDING_ROW_KEYS) put(form.funding[k].rate, "executionRate");
  put(form.funding.total.score, "fundingScore");
  put(form.total.fullScore, "fullScore");
  put(form.total.score, "totalScore");
  put(form.grade, "grade");
  return out;
}

/** Every value a form carries, by its place in the form (not its cell): what import must not change. */
function carried(form: Form): Record<string, unknown> {
  if (form.kind === "self-evaluation") {
    return {
      header: [form.header.projectName, form.header.department, form.header.implementer].map((f) => f.value),
      year: form.year,
      funding: FUNDING_ROW_KEYS.map((k) =>
        [form.funding[k].initialBudget, form.funding[k].annualBudget, form.funding[k].executed].map((f) => f.value),
      ),
      weight: form.funding.total.weight.value,
      goals: [form.goals.expected.value, form.goals.actual.value],
      indicators: form.indicators.map((i) =>
        [i.level1, i.level2, i.level3, i.target, i.actual, i.weight, i.score, i.deviation].map((f) => f.value),
      ),
    };
  }
  if (form.kind === "target-declaration") {
    const f = form.funding;
    return {
      header: Object.values(form.header).map((x) => x.value),
      year: form.year,
      funding: [f.fiscal, f.projectOther, f.currentYear, f.carryOver, f.annualOther].map((x) => x.value),
      goals: [form.goals.overall.value, form.goals.annual.value],
      indicators: form.indicators.map((i) => [i.level1, i.level2, i.level3, i.target].map((x) => x.value)),
    };
  }
  return {};
}

/** Rows of a fixture with some cells typed over: [line (1-based), column (0-based), text]. */
function doctored(which: Fixture, edits: [number, number, string][]): Rows {
  const rows = fixtureRows(which);
  for (const [line, col, text] of edits) rows[line - 1][col] = text;
  return rows;
}

describe("zpb import, then zpb check: the same findings, FORMULA_OVERWRITTEN where the stated value disagreed", () => {
  const cases: [string, Fixture, Rows, WorkbookSheetOptions][] = [
    ["Minhang", "minhang", fixtureRows("minhang"), {}],
    ["Minhang, labels merged", "minhang", fixtureRows("minhang"), { merged: true }],
    ["Minhang, numbers as text", "minhang", fixtureRows("minhang"), { numbersAsText: true }],
    ["Songjiang", "songjiang", fixtureRows("songjiang"), {}],
    ["Songjiang, labels merged", "songjiang", fixtureRows("songjiang"), { merged: true }],
    [
      // 残疾人就业保障金 with a wrong 执行率, 总分 and 评分等级; 党建经费 with a 满分 of 90.
      "Minhang with computed values typed wrong",
      "minhang",
      doctored("minhang", [
        [10, 7, "95.00"],
        [24, 6, "98"],
        [25, 2, "良"],
        [52, 5, "90"],
      ]),
      {},
    ],
    [
      // 帮困慰问 with its 项目资金总额 not the sum of its parts.
      "Songjiang with a total that does not add up",
      "songjiang",
      doctored("songjiang", [[48, 2, "2,400,000.00"]]),
      {},
    ],
  ];

  test.each(cases)("%s", async (name, which, rows, options) => {
    const input = await workbook(`in-${name}.xlsx`, rows, { ...options, name: SHEET[which] });
    const output = file(`out-${name}.xlsx`);
    const before = { bytes: fs.readFileSync(input), mtime: fs.statSync(input).mtimeMs };

    const run = await zpb("import", input, "--out", output);
    expect([run.code, run.err]).toEqual([0, ""]);
    expect(fs.readFileSync(input).equals(before.bytes)).toBe(true);
    expect(fs.statSync(input).mtimeMs).toBe(before.mtime);

    const original = await checkForms(input);
    const imported = await checkForms(output);
    expect(imported.map((f) => [f.kind, f.projectName])).toEqual(original.map((f) => [f.kind, f.projectName]));
    expect(imported.map((f) => f.sheet)).toEqual(
      which === "minhang" ? MINHANG_NAMES : ["编外人员工作经费", "编外人员工作经费(2)", "帮困慰问", "职工服务"],
    );
    expect(imported.map((f) => pairs(f).filter((p) => !p.startsWith("FORMULA_OVERWRITTEN")))).toEqual(
      original.map(pairs),
    );

    // FORMULA_OVERWRITTEN on exactly the computed cells where the original has a finding of its own.
    const recognized = recognizeForms(gridOf(rows, { ...options, name: SHEET[which] })).map((r) => r.form);
    const disagreed = original.map((f, i) => {
      const form = recognized[i];
      if (form.kind !== "self-evaluation") return [];
      const cells = computedCells(form);
      return [...new Set(f.findings.flatMap((x) => (x.cell && cells.has(x.cell) ? [cells.get(x.cell)] : [])))].sort();
    });
    const overwritten = imported.map((f) =>
      [
        ...new Set(f.findings.filter((x) => x.code === "FORMULA_OVERWRITTEN").map((x) => String(x.params.field))),
      ].sort(),
    );
    expect(overwritten).toEqual(disagreed);

    // Every value carried over, as typed.
    const read = await readWorkbookFile(output);
    if (!read.ok) throw new Error(read.error.message);
    expect(readStandardForms(read.workbook).map((r) => carried(r.form))).toEqual(recognized.map(carried));
  });

  test("the overwritten cells, pinned: 资金得分 9.98 and 9.70 of the Minhang forms, with their cells", async () => {
    const input = await workbook("in-pinned.xlsx", fixtureRows("minhang"), { name: "闵行" });
    const output = file("out-pinned.xlsx");
    const run = await zpb("import", input, "--out", output);
    expect(run.code).toBe(0);
    const overwritten = (await checkForms(output)).flatMap((f) =>
      f.findings.filter((x) => x.code === "FORMULA_OVERWRITTEN").map((x) => [x.cell, x.message]),
    );
    expect(overwritten).toEqual([
      ["群团改革专项!I6", "资金得分单元格的公式被改写为“9.98”：请核对，或用“填充”恢复公式"],
      ["政府雇员!I6", "资金得分单元格的公式被改写为“9.7”：请核对，或用“填充”恢复公式"],
    ]);
    expect(run.out).toContain("工作表“群团改革专项”：自评表，来自 闵行!A170:I194，模板 sh-district-2023");
    expect(run.out).toContain("资金得分 群团改革专项!I6 保留原表填写的 “9.98”（公式结果为 9.99");
    expect(run.out).toContain("原表中的内容均已放入标准表。");
  });

  test("standard sheets are copied as standard: importing the import checks the same, cell for cell", async () => {
    const input = await workbook("in-twice.xlsx", fixtureRows("minhang"), { name: "闵行" });
    const once = file("out-once.xlsx");
    const twice = file("out-twice.xlsx");
    expect((await zpb("import", input, "--out", once)).code).toBe(0);
    const run = await zpb("import", once, "--out", twice);
    expect(run.code).toBe(0);
    expect(run.out).toContain("工作表“群团改革专项”：自评表，来自 群团改革专项!A1:I");
    expect(run.out).toContain("（标准表），模板 sh-district-2023");
    expect((await checkForms(twice)).map(triples)).toEqual((await checkForms(once)).map(triples));
  });

  test("a standard sheet recalculated by Excel: cached formula results (99.8528…%) are no stated values", async () => {
    const input = await workbook("in-cached.xlsx", fixtureRows("minhang"), { name: "闵行" });
    const output = file("out-cached.xlsx");
    expect((await zpb("import", input, "--out", output)).code).toBe(0);
    const read = await readWorkbookFile(output);
    if (!read.ok) throw new Error(read.error.message);
    // Every 执行率 formula given the full-precision result Excel caches.
    const rates = new Map<string, number>();
    for (const { form } of readStandardForms(read.workbook)) {
      if (form.kind !== "self-evaluation") continue;
      for (const k of FUNDING_ROW_KEYS) {
        const row = form.funding[k];
        const executed = Number(row.executed.value);
        const budget = Number(row.annualBudget.value);
        if (row.rate.at && budget !== 0) rates.set(`${form.sheet}!${a1(row.rate.at)}`, executed / budget);
      }
    }
    expect(rates.get("群团改革专项!H6")).toBeCloseTo(0.99852869, 8);
    const recalculated: WorkbookGrid = {
      definedNames: read.workbook.definedNames,
      sheets: read.workbook.sheets.map((s) => ({
        name: s.name,
        state: s.state,
        rowCount: s.rowCount,
        colCount: s.colCount,
        merges: s.merges,
        cell: (row: number, col: number) => {
          const cell = s.cell(row, col);
          const cached = rates.get(`${s.name}!${a1({ row, col })}`);
          return cell?.formula !== undefined && cached !== undefined ? { ...cell, value: cached } : cell;
        },
      })),
    };
    const overrides = readStandardForms(recalculated).map(({ form }) =>
      form.kind === "self-evaluation"
        ? toStandardData(form, importTemplateFor(form)).overrides.map((o) => `${o.field} ${String(o.value)}`)
        : [],
    );
    expect(overrides.filter((list) => list.length > 0)).toEqual([["fundingScore 9.98"], ["fundingScore 9.7"]]);
  });

  test("the doctored forms' overrides: 执行率, 总分, 评分等级, 满分 and a 申报表 total", () => {
    const self = recognizeForms(
      gridOf(
        doctored("minhang", [
          [10, 7, "95.00"],
          [24, 6, "98"],
          [25, 2, "良"],
          [52, 5, "90"],
        ]),
      ),
    ).map((r) => r.form as SelfEvaluationForm);
    const show = (form: SelfEvaluationForm): string[] =>
      toStandardData(form, importTemplateFor(form)).overrides.map(
        (o) => `${o.field} ${String(o.value)} ${o.from ? a1(o.from) : "·"} → ${o.computed ?? "空"}`,
      );
    expect(show(self[0])).toEqual(["total_rate 95% H10 → 100.00%", "totalScore 98 G24 → 100.00", "grade 良 C25 → 优"]);
    expect(show(self[1])).toEqual(["fullScore 90 F52 → 100.00"]);
    const decl = recognizeForms(gridOf(doctored("songjiang", [[48, 2, "2,400,000.00"]]))).map((r) => r.form);
    const overrides = decl.map((form) => (form.kind === "target-declaration" ? toDeclarationData(form).overrides : []));
    expect(overrides.map((list) => list.map((o) => `${o.field} ${String(o.value)} → ${o.computed}`))).toEqual([
      [],
      [],
      ["projectTotal 2400000 → 2323000.00"],
      [],
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------

describe("专家评分表 in a bureau's layout through zpb import", () => {
  test.each([
    ["experts as columns", PANEL_COLUMNS],
    ["experts as rows", PANEL_ROWS],
  ])("%s: the standard panel checks the same, the wrong 总分 typed over its formula", async (name, rows) => {
    const input = await workbook(`panel-${name}.xlsx`, rows, { name: "评分" });
    const output = file(`panel-${name}-out.xlsx`);
    const run = await zpb("import", input, "--out", output);
    expect([run.code, run.err]).toEqual([0, ""]);
    expect(run.out).toContain("专家评分表 1 张");
    const [original] = await checkForms(input);
    const [imported] = await checkForms(output);
    expect([original.kind, imported.kind]).toEqual(["expert-scoring", "expert-scoring"]);
    expect(
      imported.findings
        .filter((f) => f.code !== "FORMULA_OVERWRITTEN")
        .map((f) => `${f.code} ${f.message}`)
        .sort(),
    ).toEqual(original.findings.map((f) => `${f.code} ${f.message}`).sort());
    // 专家2's 总分 (91 for 92) and the 平均分 8.66 were typed over their formulas; nothing else was.
    expect(imported.findings.filter((f) => f.code === "FORMULA_OVERWRITTEN").map((f) => f.params.field)).toEqual([
      "itemAverage",
      "expertTotal",
    ]);
  });
});

describe("zpb import refuses what would lose data", () => {
  let input: string;
  let before: { bytes: Buffer; mtime: number };
  beforeAll(async () => {
    input = await workbook("refuse-in.xlsx", fixtureRows("songjiang"), { name: "松江" });
    before = { bytes: fs.readFileSync(input), mtime: fs.statSync(input).mtimeMs };
  });
  afterEach(() => {
    expect(fs.readFileSync(input).equals(before.bytes)).toBe(true);
    expect(fs.statSync(input).mtimeMs).toBe(before.mtime);
  });

  test("OUT is IN: by the same path, another spelling of it, a hard link; --force does not help", async () => {
    const link = file("refuse-link.xlsx");
    fs.linkSync(input, link);
    for (const out of [input, `${dir}${path.sep}.${path.sep}refuse-in.xlsx`, link]) {
      for (const force of [[], ["--force"]]) {
        const run = await zpb("import", input, "--out", out, ...force);
        expect([run.code, run.out]).toEqual([2, ""]);
        expect(run.err).toMatch(/^zpb：输出文件不能是输入文件本身/);
      }
    }
  });

  test("an existing OUT is kept without --force, replaced with it", async () => {
    const out = file("refuse-existing.xlsx");
    fs.writeFileSync(out, "keep me");
    const refused = await zpb("import", input, "--out", out);
    expect([refused.code, refused.err]).toEqual([2, `zpb：输出文件已存在：${out}（如要覆盖，请加 --force）\n`]);
    expect(fs.readFileSync(out, "utf8")).toBe("keep me");
    const forced = await zpb("import", input, "--out", out, "--force");
    expect(forced.code).toBe(0);
    expect((await checkForms(out)).map((f) => f.sheet)).toEqual([
      "编外人员工作经费",
      "编外人员工作经费(2)",
      "帮困慰问",
      "职工服务",
    ]);
    expect(fs.readdirSync(dir).filter((n) => n.startsWith(".~zpb-import"))).toEqual([]);
  });

  test("an unreadable input, no form at all, a missing --out, two inputs", async () => {
    const damaged = file("refuse-damaged.xlsx");
    fs.writeFileSync(damaged, before.bytes.subarray(0, before.bytes.length / 2));
    const bad = await zpb("import", damaged, "--out", file("refuse-damaged-out.xlsx"));
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^zpb：无法读取 .*refuse-damaged\.xlsx：/);
    expect(fs.existsSync(file("refuse-damaged-out.xlsx"))).toBe(false);

    const empty = await workbook("refuse-empty.xlsx", [["某单位 2023 年度工作总结"], ["无表格"]], {});
    const none = await zpb("import", empty, "--out", file("refuse-empty-out.xlsx"));
    expect([none.code, none.err]).toEqual([
      1,
      `zpb：${empty} 中没有找到自评表、申报表或专家评分表，未生成 ${file("refuse-empty-out.xlsx")}\n`,
    ]);
    expect(fs.existsSync(file("refuse-empty-out.xlsx"))).toBe(false);

    expect((await zpb("import", input)).err).toMatch(/请用 --out 给出输出文件/);
    expect((await zpb("import", input, input, "--out", file("x.xlsx"))).code).toBe(2);
    expect((await zpb("import", file("nowhere.xlsx"), "--out", file("x.xlsx"))).err).toMatch(/找不到输入文件/);
  });

  test("the help lists import in Chinese and English", async () => {
    const help = await zpb("import", "--help");
    expect(help.code).toBe(0);
    expect(help.out).toContain("zpb import 原表.xlsx --out 标准表.xlsx");
    expect(help.out).toContain("Convert forms in other layouts to standard sheets");
  });
});

describe("sheet names from project names", () => {
  test("forbidden characters replaced, 31 characters at most, unique case-insensitively, the kind when blank", () => {
    const long = "职业化、社会化工会工作者保障经费项目（第二批）及其他相关经费支出明细";
    expect(
      sheetNames(
        ["a/b:c", "A/B:C", long, long, null, "  ", "'引号'", "History", "[x]*?\\"],
        ["自评表", "自评表", "自评表", "自评表", "申报表", "自评表", "自评表", "自评表", "自评表"],
      ),
    ).toEqual([
      "a_b_c",
      "A_B_C(2)",
      [...long].slice(0, 31).join(""),
      `${[...long].slice(0, 28).join("")}(2)`,
      "申报表",
      "自评表",
      "引号",
      "History_",
      "_x____",
    ]);
  });

  test("31 UTF-16 units, never half an emoji; no apostrophe at either end after the cut; no control character; not the hidden sheet's name", () => {
    const thirty = "一二三四五六七八九十".repeat(3);
    const names = sheetNames(
      [
        `${thirty}'尾`,
        `${thirty}😀`,
        "职工\u000b培训\u0001",
        "zpb_templates",
        "ZPB_TEMPLATES",
        `${"a".repeat(29)}😀😀`,
      ],
      ["自评表", "自评表", "自评表", "自评表", "自评表", "自评表"],
    );
    expect(names).toEqual([
      thirty, // the apostrophe that the cut left at the end is dropped
      `${thirty.slice(0, 28)}(2)`, // the emoji did not fit; the same stem again
      "职工 培训",
      "zpb_templates_",
      "ZPB_TEMPLATES_(2)",
      `${"a".repeat(29)}😀`, // 29 + 2 units: one emoji fits, the second does not
    ]);
    for (const n of names) {
      expect(n.length).toBeLessThanOrEqual(31);
      expect(n).not.toMatch(/^'|'$|[\ud800-\udbff]$/);
      expect([...n].some((ch) => ch.charCodeAt(0) < 0x20)).toBe(false);
    }
  });
});
