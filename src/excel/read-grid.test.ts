/**
 * readWorkbookGrid / readSheetGrid on mock workbooks (office-addin-mock, through test/office-mock.ts):
 * the exact grid comes out — values, formulas, number formats, errors, merges, names with their
 * scope, sheet states — in a fixed number of round trips whatever the size; and what writeSheet wrote
 * reads back, through readStandardForms, as the form it was laid out from.
 */
import { builtinTemplate, type Template } from "../domain";
import type { WorkbookGrid } from "../layout/grid";
import { readStandardForms } from "../layout/read-standard";
import { layoutSelfEvaluation, type SelfEvaluationData } from "../layout/standard";
import { mockWorkbook, upTo, type MockCell, type MockWorkbookSpec } from "../../test/office-mock";
import { fromDescriptions, toGrid } from "../../test/sheet-grid";
import { SyncCounter } from "./run";
import { parseAreas, readSheetGrid, readWorkbookGrid } from "./read-grid";
import { writeSheet } from "./write-sheet";

const ALL = (): boolean => true;

/** Every cell of a grid as plain data, for exact comparison. */
function dump(grid: WorkbookGrid) {
  return grid.sheets.map((s) => {
    const cells: Record<string, unknown> = {};
    for (let r = 0; r < s.rowCount; r++) {
      for (let c = 0; c < s.colCount; c++) {
        const cell = s.cell(r, c);
        if (cell) cells[`${String.fromCharCode(65 + c)}${r + 1}`] = cell;
      }
    }
    return { name: s.name, state: s.state, rowCount: s.rowCount, colCount: s.colCount, merges: s.merges, cells };
  });
}

const TWO_SHEETS: MockWorkbookSpec = {
  sheets: [
    {
      name: "自评表",
      cells: {
        B2: "财政项目支出绩效自评表",
        B3: { value: 100, numberFormat: "#,##0.00" },
        C3: { value: 98, numberFormat: "#,##0.00" },
        D3: { formula: "C3/B3", value: 0.98, numberFormat: "0.00%" },
        D4: { formula: "C3/0", error: "#DIV/0!" },
        E4: { formula: 'IF(B3="","",1)', value: "" },
        F4: true,
      },
      merges: ["B2:F2"],
      names: [{ name: "本表备注", formula: "=自评表!$F$4" }],
    },
    {
      name: "说明 (旧)",
      visibility: "Hidden",
      cells: { A1: "填表说明", A2: { value: 45292, numberFormat: "yyyy-mm-dd" } },
    },
    { name: "空表" },
  ],
  names: [
    { name: "zpb_projectName_1", formula: "=自评表!$B$2" },
    { name: "zpb_total_rate_1", formula: "=自评表!$D$3" },
    { name: "说明日期", formula: "='说明 (旧)'!$A$2" },
    { name: "坏名称", formula: "=#REF!" },
  ],
};

describe("readWorkbookGrid", () => {
  it("reads every sheet into the grid: values, formulas, number formats, errors, merges, states", async () => {
    const book = mockWorkbook(TWO_SHEETS);
    const { workbook, skipped } = await readWorkbookGrid(book.context, { supports: ALL });
    expect(skipped).toEqual([]);
    expect(dump(workbook)).toEqual([
      {
        name: "自评表",
        state: "visible",
        rowCount: 4,
        colCount: 6,
        merges: [{ from: { row: 1, col: 1 }, to: { row: 1, col: 5 } }],
        cells: {
          B2: { value: "财政项目支出绩效自评表" },
          B3: { value: 100, numberFormat: "#,##0.00" },
          C3: { value: 98, numberFormat: "#,##0.00" },
          D3: { value: 0.98, formula: "C3/B3", numberFormat: "0.00%" },
          D4: { value: "#DIV/0!", formula: "C3/0", isError: true },
          E4: { value: null, formula: 'IF(B3="","",1)' },
          F4: { value: true },
        },
      },
      {
        name: "说明 (旧)",
        state: "hidden",
        rowCount: 2,
        colCount: 1,
        merges: [],
        cells: { A1: { value: "填表说明" }, A2: { value: 45292, numberFormat: "yyyy-mm-dd" } },
      },
      { name: "空表", state: "visible", rowCount: 0, colCount: 0, merges: [], cells: {} },
    ]);
  });

  it("reads workbook names (scope null) and sheet names (scope: the sheet), refs without the =", async () => {
    const { workbook } = await readWorkbookGrid(mockWorkbook(TWO_SHEETS).context, { supports: ALL });
    expect(workbook.definedNames).toEqual([
      { name: "zpb_projectName_1", scope: null, ref: "自评表!$B$2" },
      { name: "zpb_total_rate_1", scope: null, ref: "自评表!$D$3" },
      { name: "说明日期", scope: null, ref: "'说明 (旧)'!$A$2" },
      { name: "坏名称", scope: null, ref: "#REF!" },
      { name: "本表备注", scope: "自评表", ref: "自评表!$F$4" },
    ]);
  });

  it("round trips: the sheets, their extents, then the cells 40,000 at most a trip", async () => {
    const small = mockWorkbook(TWO_SHEETS);
    const smallCount = new SyncCounter(small.context);
    await readWorkbookGrid(small.context, { supports: ALL });
    expect(smallCount.count).toBe(3);

    const rows: Record<string, MockCell> = {};
    for (let r = 1; r <= 500; r++) {
      rows[`A${r}`] = `指标${r}`;
      rows[`B${r}`] = r;
      rows[`C${r}`] = { formula: `B${r}*2`, value: r * 2, numberFormat: "0.00" };
    }
    const big = mockWorkbook({
      sheets: Array.from({ length: 40 }, (_, i) => ({ name: `表${i + 1}`, cells: rows, merges: ["A1:B1"] })),
    });
    const bigCount = new SyncCounter(big.context);
    const { workbook } = await readWorkbookGrid(big.context, { supports: ALL });
    // 40 sheets of 500 × 3 = 60,000 cells: 26 sheets (39,000 cells) in one trip, 14 in the next.
    expect(bigCount.count).toBe(2 + 2);
    expect(workbook.sheets).toHaveLength(40);
    expect(workbook.sheets[39].cell(499, 2)).toEqual({ value: 1000, formula: "B500*2", numberFormat: "0.00" });
  });

  it("without ExcelApi 1.13 reads no merged areas, and says so", async () => {
    const book = mockWorkbook(TWO_SHEETS);
    const { workbook, skipped } = await readWorkbookGrid(book.context, { supports: upTo("1.12") });
    expect(workbook.sheets.map((s) => s.merges)).toEqual([[], [], []]);
    expect(skipped).toEqual([{ feature: "mergedAreas", requires: "1.13", count: 0 }]);
    expect(book.host.called("getMergedAreasOrNullObject")).toEqual([]);
  });
});

describe("readSheetGrid", () => {
  it("reads one sheet by name, with the workbook's names and its own, in one sync", async () => {
    const book = mockWorkbook(TWO_SHEETS);
    const counter = new SyncCounter(book.context);
    const { workbook } = await readSheetGrid(book.context, "说明 (旧)", { supports: ALL });
    expect(counter.count).toBe(1);
    expect(workbook.sheets.map((s) => [s.name, s.state, s.cell(0, 0)?.value])).toEqual([
      ["说明 (旧)", "hidden", "填表说明"],
    ]);
    expect(workbook.definedNames.map((n) => n.name)).toEqual([
      "zpb_projectName_1",
      "zpb_total_rate_1",
      "说明日期",
      "坏名称",
    ]);
  });

  it("reads the active sheet when no name is given", async () => {
    const book = mockWorkbook({ ...TWO_SHEETS, active: "自评表" });
    const { workbook } = await readSheetGrid(book.context, null, { supports: ALL });
    expect(dump(workbook)[0]).toMatchObject({ name: "自评表", rowCount: 4, merges: [{ from: { row: 1, col: 1 } }] });
    expect(workbook.definedNames.at(-1)).toEqual({ name: "本表备注", scope: "自评表", ref: "自评表!$F$4" });
  });
});

describe("parseAreas", () => {
  it.each([
    ["Sheet1!A1:I1", [["A1", "I1"]]],
    [
      "Sheet1!A1:I1, Sheet1!B3",
      [
        ["A1", "I1"],
        ["B3", "B3"],
      ],
    ],
    [
      "'自评,表 (2)'!$A$1:$B$2,'自评,表 (2)'!C3:D4",
      [
        ["A1", "B2"],
        ["C3", "D4"],
      ],
    ],
    ["", []],
  ])("%j", (address, expected) => {
    const a1 = (p: { row: number; col: number }) => `${String.fromCharCode(65 + p.col)}${p.row + 1}`;
    expect(parseAreas(address).map((m) => [a1(m.from), a1(m.to)])).toEqual(expected);
  });
});

describe("round trip: what writeSheet wrote reads back as the form", () => {
  const T = builtinTemplate("sh-district-2023") as Template;
  const data: SelfEvaluationData = {
    year: 2024,
    projectName: "职工技能培训",
    department: "上海市某区总工会",
    implementer: "上海市某区总工会",
    funding: {
      total: { initialBudget: 100, annualBudget: 100, executed: 98 },
      currentYear: { initialBudget: 100, annualBudget: 100, executed: 98 },
      carryOver: { initialBudget: 0, annualBudget: 0, executed: 0 },
      other: { initialBudget: 0, annualBudget: 0, executed: 0 },
    },
    goals: { expected: "全年培训职工 100 人。", actual: "全年培训职工 120 人。" },
    indicators: [
      {
        level1: "产出指标",
        level2: "数量指标",
        level3: "培训人数",
        target: "≥100(人)",
        actual: 120,
        weight: 30,
        score: 30,
        deviation: null,
      },
      {
        level1: "效益指标",
        level2: "社会效益指标",
        level3: "有责投诉发生数",
        target: "=0(起)",
        actual: 0,
        weight: 30,
        score: 30,
        deviation: null,
      },
      {
        level1: "满意度指标",
        level2: "服务对象满意度指标",
        level3: "参训职工满意度",
        target: "≥90%",
        actual: "92%",
        weight: 30,
        score: 28,
        deviation: "部分学员反映课时偏少，明年增加实操课时",
      },
    ],
  };

  it("writes, snapshots the mock as Excel would hold it, reads it back: the same form as from the description", async () => {
    const { sheet } = layoutSelfEvaluation(T, data, { formNo: 1, sheetName: "自评表" });
    const written = mockWorkbook({ sheets: [{ name: "Sheet1", cells: { A1: "我的数据" } }] });
    await writeSheet(written.context, sheet, { supports: ALL });

    // office-addin-mock records the writes but does not apply them: snapshot() plays them onto plain
    // data (quote prefixes dropped, formulas split from values, merges and names added), and a
    // second mock workbook serves that to the reader. Formulas have no cached values there, as in
    // test/sheet-grid.ts's fromDescriptions.
    const read = mockWorkbook(written.snapshot());
    const counter = new SyncCounter(read.context);
    const { workbook } = await readWorkbookGrid(read.context, { supports: ALL });
    expect(counter.count).toBe(3);

    const fromExcel = readStandardForms(workbook);
    const fromDescription = readStandardForms(toGrid(fromDescriptions([sheet])));
    expect(fromExcel).toHaveLength(1);
    expect(fromExcel).toEqual(fromDescription);
    expect(fromExcel[0].missing).toEqual([]);
    const form = fromExcel[0].form;
    expect(form.kind).toBe("self-evaluation");
    if (form.kind !== "self-evaluation") return;
    expect(form.header.projectName.value).toBe("职工技能培训");
    expect(form.indicators.map((i) => i.target.value)).toEqual(["≥100(人)", "=0(起)", "≥90%"]);
    expect(form.indicators.map((i) => i.actual.value)).toEqual([120, 0, "92%"]);
    expect(form.templateId).toBe("sh-district-2023");
    expect(form.overwritten).toEqual([]);
    // The merged 一级/二级 cells come back as merges too.
    expect(workbook.sheets.find((s) => s.name === "自评表")?.merges).toHaveLength(sheet.merges.length);
  });
});
