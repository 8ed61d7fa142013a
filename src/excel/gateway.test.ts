/**
 * The Office.js workbook gateway on mock workbooks (office-addin-mock through test/office-mock.ts).
 * What these tests can show: the round trips each operation takes, for 10 and 200 indicator rows;
 * that reading never queues a write; which cells, names and sheets are picked; which operations a row
 * command queues, in which round trip, at which addresses; that 填充 skips a cell changed since the
 * preview; that a batch refused in cell-edit mode is run again and its result kept; event handlers
 * added and removed in their own context.
 *
 * What they cannot: the mock records operations but does not play them as Excel would — an insert
 * does not move cells, names, merges, validation or conditional formats, `copyFrom` copies nothing,
 * formulas are not evaluated. That the queued operations leave a whole table in real Excel is left to
 * the in-memory Excel stand-in (HyperFormula) and to manual runs in Excel.
 */
import { a1, builtinTemplate, type SelfEvaluationForm, type Template } from "../domain";
import { CELL_EDIT_MODE, ExcelOperationError } from "./run";
import { createOfficeGateway } from "./gateway";
import { writeSheet } from "./write-sheet";
import { layoutDeclaration, blankDeclaration } from "../layout/declaration";
import {
  COL,
  blankSelfEvaluation,
  layoutSelfEvaluation,
  type IndicatorData,
  type SelfEvaluationData,
  type StandardMap,
} from "../layout/standard";
import type { SheetDescription } from "../layout/sheet";
import type { PlannedChange } from "../layout/workbook-gateway";
import {
  mockSheetId,
  mockWorkbook,
  upTo,
  type MockCall,
  type MockCell,
  type MockWorkbook,
  type MockWorkbookSpec,
} from "../../test/office-mock";
import { fixtureRows } from "../../test/fixture-workbooks";

const SH = builtinTemplate("sh-district-2023") as Template;
const DECL = builtinTemplate("sh-2024-declaration") as Template;
const ALL = (): boolean => true;

/** A 自评表 of `n` indicator rows: 产出 rows in groups of three 二级, quantitative, scores left blank. */
function data(t: Template, n: number): SelfEvaluationData {
  const level2 = ["数量指标", "质量指标", "时效指标"];
  const indicators: IndicatorData[] = Array.from({ length: n }, (_, i) => ({
    level1: i < n - 1 ? "产出指标" : "满意度指标",
    level2: i < n - 1 ? level2[Math.floor((i * 3) / Math.max(n - 1, 1))] : "服务对象满意度指标",
    level3: `指标${i + 1}`,
    target: "≥100(人)",
    actual: "80(人)",
    weight: 5,
    score: null,
    deviation: null,
  }));
  const blank = blankSelfEvaluation(t, 2024);
  return {
    ...blank,
    projectName: "职工职业培训",
    funding: { ...blank.funding, total: { initialBudget: 100, annualBudget: 100, executed: 98 } },
    indicators,
  };
}

/** A mock workbook holding what writeSheet wrote for these descriptions, as Excel would hold it. */
async function bookOf(descriptions: readonly SheetDescription[], active?: string): Promise<MockWorkbookSpec> {
  const written = mockWorkbook({ sheets: [{ name: "说明", cells: { A1: "填表说明" } }] });
  for (const d of descriptions) await writeSheet(written.context, d, { supports: ALL });
  return { ...written.snapshot(), active: active ?? descriptions[0]?.sheetName };
}

function selfEvaluation(n: number, t: Template = SH): { sheet: SheetDescription; map: StandardMap } {
  return layoutSelfEvaluation(t, data(t, n), { formNo: 1, sheetName: "自评表" });
}

/** A gateway on a mock workbook, with its `Excel.run` stand-in. */
function gatewayOn(book: MockWorkbook, supports: (v: string) => boolean = ALL) {
  const runs: { withContext: boolean }[] = [];
  const run = ((a: unknown, b?: unknown) => {
    const batch = (typeof a === "function" ? a : b) as (context: Excel.RequestContext) => Promise<unknown>;
    runs.push({ withContext: typeof a !== "function" });
    return batch(book.context);
  }) as unknown as typeof Excel.run;
  return { gateway: createOfficeGateway({ run, supports, retryDelayMs: 1 }), runs };
}

/** Calls that change the workbook (everything but reads). */
const WRITES = /\.(merge|unmerge|insert|delete|copyFrom|clear|select|activate|add|remove)$|worksheets\.add$/;
const writeCalls = (book: MockWorkbook): MockCall[] => book.host.calls.filter((c) => WRITES.test(c.path));
/** Ranges that had content set. */
const contentWrites = (book: MockWorkbook, sheet = "自评表") =>
  (book.sheet(sheet)?.ranges ?? [])
    .filter((r) => r.mock.formulas !== undefined || r.mock.values !== undefined)
    .map((r) => ({ address: r.address, formulas: r.mock.formulas as unknown }));

/**
 * Round trips of a read: one when the form lies within the first window (A1:Z200); the 200-row form
 * ends below row 200, so its last rows take one more (bounded reads, src/excel/read-grid.ts).
 */
const reads = (n: number): number => (n === 10 ? 1 : 2);

describe("readActiveSheet", () => {
  it.each([10, 200])(
    "reads a %i-row form (one round trip within A1:Z200, two beyond) and queues no write",
    async (n) => {
      const book = mockWorkbook(await bookOf([selfEvaluation(n).sheet]));
      const { gateway, runs } = gatewayOn(book);
      const sheet = await gateway.readActiveSheet();
      expect(book.host.syncs).toBe(reads(n));
      expect(runs).toHaveLength(1);
      expect(writeCalls(book)).toEqual([]);
      expect(contentWrites(book)).toEqual([]);
      expect(sheet.sheetName).toBe("自评表");
      expect(sheet.forms).toHaveLength(1);
      expect((sheet.forms[0] as SelfEvaluationForm).indicators).toHaveLength(n);
      expect(sheet.forms[0].templateId).toBe("sh-district-2023");
      expect(sheet.missing).toEqual([]);
    },
  );

  it("reads a form the product did not make with the recognizer, and reports a standard form's missing names", async () => {
    const spec = await bookOf([selfEvaluation(5).sheet]);
    const withoutNames = mockWorkbook({ ...spec, names: [] });
    const recognized = await gatewayOn(withoutNames).gateway.readActiveSheet();
    expect(recognized.forms).toHaveLength(1);
    expect(recognized.forms[0]).toMatchObject({ kind: "self-evaluation", templateId: null });
    expect(recognized.missing).toEqual([]);

    const broken = mockWorkbook({
      ...spec,
      names: (spec.names ?? []).filter((n) => n.name !== "zpb_department_1"),
    });
    const standard = await gatewayOn(broken).gateway.readActiveSheet();
    expect(standard.forms).toHaveLength(1);
    expect(standard.missing).toEqual(["department"]);
  });

  it("a sheet without a form has no forms", async () => {
    const book = mockWorkbook({ sheets: [{ name: "Sheet1", cells: { A1: "备忘" } }] });
    expect(await gatewayOn(book).gateway.readActiveSheet()).toEqual({ sheetName: "Sheet1", forms: [], missing: [] });
  });
});

describe("createForm", () => {
  const header = { year: 2024, projectName: "职工职业培训", department: "区总工会", implementer: "区职工服务中心" };

  it("takes the first free form number and sheet name, in three round trips", async () => {
    const spec = await bookOf([selfEvaluation(3).sheet]);
    const book = mockWorkbook({
      ...spec,
      sheets: [...spec.sheets, { name: "自评表 (2)" }],
      names: [...(spec.names ?? []), { name: "zpb_projectName_2", formula: "='自评表 (2)'!$C$3" }],
    });
    const { gateway } = gatewayOn(book);
    await expect(gateway.createForm(SH, header)).resolves.toEqual({ sheetName: "自评表 (3)" });
    expect(book.host.syncs).toBe(3);
    const added = book.host.called("workbook.names.add").map((c) => c.args[0] as string);
    expect(added).toContain("zpb_projectName_3");
    expect(added.every((n) => n.endsWith("_3"))).toBe(true);
    const cells = book.snapshot().sheets.find((s) => s.name === "自评表 (3)")?.cells ?? {};
    expect(cells.C3).toEqual({ value: "职工职业培训" });
    expect(cells.A2).toEqual({ value: "（2024年度）" });
    expect(book.host.called("自评表 (3).activate")).toHaveLength(1);
  });

  it("lays out a 申报表 on a sheet of that name, with the number after the highest taken", async () => {
    const book = mockWorkbook({
      sheets: [{ name: "Sheet1" }],
      names: [
        { name: "zpb_projectName_1", formula: "=Sheet1!$C$3" },
        { name: "zpb_year_2", formula: "=Sheet1!$A$2" },
      ],
    });
    const { gateway } = gatewayOn(book);
    await expect(gateway.createForm(DECL, { ...header, year: null })).resolves.toEqual({ sheetName: "申报表" });
    const added = book.host.called("workbook.names.add").map((c) => c.args[0] as string);
    expect(added).toContain("zpb_nature_3");
    expect(book.snapshot().sheets.find((s) => s.name === "申报表")?.cells?.B3).toEqual({ value: "职工职业培训" });
  });

  it("lays out a 专家评分表 for the asked number of experts, in three round trips, and reads it back", async () => {
    const book = mockWorkbook({ sheets: [{ name: "Sheet1" }] });
    const expert = builtinTemplate("expert-2020") as Template;
    const { gateway } = gatewayOn(book);
    await expect(gateway.createForm(expert, { ...header, experts: 7 })).resolves.toEqual({ sheetName: "专家评分表" });
    expect(book.host.syncs).toBe(3);
    const cells = book.snapshot().sheets.find((s) => s.name === "专家评分表")?.cells ?? {};
    expect(cells.C3).toEqual({ value: "职工职业培训" });
    expect(cells.G6).toEqual({ value: "专家1" });
    expect(cells.M6).toEqual({ value: "专家7" });
    expect(cells.N5).toEqual({ value: "合计" });
    const added = book.host.called("workbook.names.add").map((c) => c.args[0] as string);
    expect(added).toEqual(expect.arrayContaining(["zpb_expertNames_1", "zpb_averageTotal_1", "zpb_kind_1"]));
  });
});

describe("selfEvaluationFromDeclarations", () => {
  /** The first Songjiang 申报表 as a standard sheet (formNo 1), the indicators numbered as units type them. */
  const standardDeclaration = (): SheetDescription =>
    layoutDeclaration(
      DECL,
      {
        ...blankDeclaration(DECL, 2024),
        projectName: "编外人员工作经费",
        department: "上海市松江区总工会",
        implementer: "上海市松江区总工会(本级)",
        fiscal: 615848,
        currentYear: 615848,
        carryOver: 0,
        annualOther: 0,
        goals: { overall: "保障非编人员的劳动权益", annual: "保障非编人员的劳动权益" },
        indicators: [
          { level1: "产出指标", level2: "数量指标", level3: "指标1：非编人员数", target: "=4.00(人)" },
          { level1: "产出指标", level2: "质量指标", level3: "指标1：工资发放准确性", target: "准确" },
          { level1: "产出指标", level2: "时效指标", level3: "指标1：工资发放及时性", target: "及时" },
          { level1: "成本指标", level2: "经济成本指标", level3: "指标1：人均工资福利费", target: "≤15.20(万元)" },
          { level1: "效益指标", level2: "社会效益指标", level3: "指标1：是否提升就业率", target: "是" },
          { level1: "满意度指标", level2: "服务对象满意度指标", level3: "指标1：职工满意度", target: "≥80.00(%)" },
        ],
      },
      { formNo: 1, sheetName: "申报表" },
    );

  /** The Songjiang TSV typed into one sheet as text: its four 申报表 in the layout units send. */
  const songjiangSheet = (): MockWorkbookSpec => {
    const cells: Record<string, MockCell> = {};
    fixtureRows("songjiang").forEach((row, r) =>
      row.forEach((v, c) => {
        if (v.trim() !== "") cells[a1({ row: r, col: c })] = v;
      }),
    );
    return { sheets: [{ name: "松江", cells }] };
  };

  const cellsOf = (book: MockWorkbook, sheet: string) =>
    book.snapshot().sheets.find((s) => s.name === sheet)?.cells ?? {};

  it("lays out a standard 申报表's 自评表 on a new sheet in three round trips; the 申报表 is not written", async () => {
    const book = mockWorkbook(await bookOf([standardDeclaration()]));
    const result = await gatewayOn(book).gateway.selfEvaluationFromDeclarations("申报表");
    expect(book.host.syncs).toBe(3);
    expect(result.sheets.map((s) => [s.sheetName, s.projectName])).toEqual([
      ["编外人员工作经费自评表", "编外人员工作经费"],
    ]);
    expect(result.sheets[0].notes).toEqual([
      "金额单位由申报表的元换算为模板的万元（除以 10000，精确换算，未舍入）：年初预算数 615848 元 → 61.5848 万元",
      "6 个三级指标去掉了“指标1：”式的编号，其余文字照原样保留",
      "模板“sh-district-2023”采用 2020 年指标体系，成本指标不单列为一级指标：申报表中一级指标“成本指标”下的 1 个指标已归入“产出指标/成本指标”（原二级指标：经济成本指标）",
    ]);
    expect(result.unplaced).toEqual([]);
    expect(contentWrites(book, "申报表")).toEqual([]);
    expect(book.host.called("申报表.activate")).toHaveLength(0);

    // The form number after the 申报表's, and the sheet as the standard layout has it.
    const added = book.host.called("workbook.names.add").map((c) => c.args[0] as string);
    expect(added).toContain("zpb_projectName_2");
    expect(added.every((n) => n.endsWith("_2"))).toBe(true);
    const { map } = layoutSelfEvaluation(SH, blankSelfEvaluation(SH, 2024), { formNo: 2, sheetName: "x" });
    const cells = cellsOf(book, "编外人员工作经费自评表");
    const at = (row: number, col: number): MockCell | undefined => cells[a1({ row, col })];
    expect(at(1, 0)).toMatchObject({ value: "（2024年度）" });
    expect(at(map.headerRows.projectName, 2)).toMatchObject({ value: "编外人员工作经费" });
    expect(at(map.fundingRows.total, COL.initialBudget)).toMatchObject({ value: 61.5848 });
    const rows = Array.from({ length: 6 }, (_, i) => map.firstIndicatorRow + i);
    const text = (cell: MockCell | undefined): unknown =>
      typeof cell === "object" && cell !== null ? ("value" in cell ? cell.value : undefined) : cell;
    expect(rows.map((r) => [text(at(r, COL.level3)), text(at(r, COL.target)), text(at(r, COL.weight))])).toEqual([
      ["非编人员数", "=4.00(人)", 12.5],
      ["工资发放准确性", "准确", 12.5],
      ["工资发放及时性", "及时", 12.5],
      ["人均工资福利费", "≤15.20(万元)", 12.5],
      ["是否提升就业率", "是", 30],
      ["职工满意度", "≥80.00(%)", 10],
    ]);
    // Left for the user: 全年预算数, 全年执行数, 实际完成值, 得分, 偏差原因.
    const blanks = [
      at(map.fundingRows.total, COL.annualBudget),
      at(map.fundingRows.total, COL.executed),
      ...rows.flatMap((r) => [at(r, COL.actual), at(r, COL.score), at(r, COL.deviation)]),
    ];
    expect(blanks.map((c) => text(c) ?? "")).toEqual(Array(blanks.length).fill(""));

    // The workbook carries the 自评表's template, very hidden.
    expect(book.sheet("zpb_templates")?.mock.visibility).toBe("VeryHidden");
    expect(cellsOf(book, "zpb_templates").A2).toMatchObject({ value: "sh-district-2023" });
  });

  it("converts every 申报表 of a sheet in another layout in 3 round trips: the sheet, then writeSheets' read and write", async () => {
    const book = mockWorkbook(songjiangSheet());
    const result = await gatewayOn(book).gateway.selfEvaluationFromDeclarations("松江");
    expect(result.sheets.map((s) => s.sheetName)).toEqual([
      "编外人员工作经费自评表",
      "编外人员工作经费自评表 (2)",
      "帮困慰问自评表",
      "职工服务自评表",
    ]);
    // One write round trip for all four: a retry after Excel refused it never finds half of them made.
    expect(book.host.syncs).toBe(1 + 2);
    expect(contentWrites(book, "松江")).toEqual([]);
    const added = book.host.called("workbook.names.add").map((c) => c.args[0] as string);
    expect(added.filter((n) => n.startsWith("zpb_projectName_"))).toEqual([
      "zpb_projectName_1",
      "zpb_projectName_2",
      "zpb_projectName_3",
      "zpb_projectName_4",
    ]);
    // The template is written once, with the first sheet.
    expect(book.host.called("worksheets.add").map((c) => c.args[0])).toEqual([
      "zpb_templates",
      "编外人员工作经费自评表",
      "编外人员工作经费自评表 (2)",
      "帮困慰问自评表",
      "职工服务自评表",
    ]);
  });

  it("with another template: its unit, weights and categories, and the template carried", async () => {
    const mof2021 = builtinTemplate("mof-2021") as Template;
    const book = mockWorkbook(await bookOf([standardDeclaration()]));
    const result = await gatewayOn(book).gateway.selfEvaluationFromDeclarations("申报表", mof2021);
    expect(result.sheets[0].notes.some((n) => n.includes("成本指标"))).toBe(false);
    expect(cellsOf(book, "zpb_templates").A2).toMatchObject({ value: "mof-2021" });
  });

  it("refuses a sheet without a 申报表 after one round trip, and a 申报表 template without any, writing nothing", async () => {
    const book = mockWorkbook(await bookOf([selfEvaluation(3).sheet]));
    const { gateway } = gatewayOn(book);
    await expect(gateway.selfEvaluationFromDeclarations("自评表")).rejects.toMatchObject({
      code: "NoForm",
      message: "在工作表“自评表”中没有找到绩效目标申报表",
    });
    expect(book.host.syncs).toBe(1);
    await expect(gateway.selfEvaluationFromDeclarations("自评表", DECL)).rejects.toThrow(
      "模板“sh-2024-declaration”不是自评表模板，无法生成自评表",
    );
    expect(book.host.syncs).toBe(1);
    expect(writeCalls(book)).toEqual([]);
    expect(contentWrites(book)).toEqual([]);
  });
});

describe("selectCell", () => {
  it("activates the sheet and selects the cell in one round trip", async () => {
    const book = mockWorkbook({ sheets: [{ name: "Sheet1" }, { name: "自评 表" }] });
    await gatewayOn(book).gateway.selectCell({ sheet: "自评 表", row: 13, col: 6 });
    expect(book.host.syncs).toBe(1);
    expect(book.host.called("自评 表.activate")).toHaveLength(1);
    expect(book.host.called("自评 表!G14.select")).toHaveLength(1);
  });
});

describe("planFill and applyFill", () => {
  it.each([10, 200])("plans a %i-row form in the read's round trips without writing", async (n) => {
    const { sheet, map } = selfEvaluation(n);
    const book = mockWorkbook(await bookOf([sheet]));
    const changes = await gatewayOn(book).gateway.planFill("自评表");
    expect(book.host.syncs).toBe(reads(n));
    expect(writeCalls(book)).toEqual([]);
    expect(contentWrites(book)).toEqual([]);
    // Every row is quantitative and unscored: 80 of 100 people × 5 = 4.
    expect(changes).toHaveLength(n);
    expect(changes[0]).toEqual({
      cell: { sheet: "自评表", row: map.firstIndicatorRow, col: COL.score },
      label: "指标“指标1”的得分",
      before: "",
      after: { value: 4 },
      reason: "suggested-score",
    });
  });

  it("plans formulas to restore on a standard sheet; on a recognized form, scores only", async () => {
    const { sheet, map } = selfEvaluation(3);
    const spec = await bookOf([sheet]);
    const total = a1({ row: map.totalRow, col: COL.score });
    const cells = { ...spec.sheets[1].cells, [total]: 95 };
    const typedOver = { ...spec, sheets: [spec.sheets[0], { ...spec.sheets[1], cells }] };
    const standard = await gatewayOn(mockWorkbook(typedOver)).gateway.planFill("自评表");
    expect(standard.filter((c) => c.reason === "restore-formula").map((c) => [c.label, c.before])).toEqual([
      ["总分", "95"],
    ]);
    const recognized = await gatewayOn(mockWorkbook({ ...typedOver, names: [] })).gateway.planFill("自评表");
    expect(recognized.map((c) => c.reason)).toEqual(["suggested-score", "suggested-score", "suggested-score"]);
  });

  it.each([10, 200])("writes the confirmed changes of a %i-row form: the read, then one write", async (n) => {
    const book = mockWorkbook(await bookOf([selfEvaluation(n).sheet]));
    const { gateway } = gatewayOn(book);
    const changes = await gateway.planFill("自评表");
    book.host.syncs = 0;
    await gateway.applyFill("自评表", changes);
    expect(book.host.syncs).toBe(reads(n) + 1);
    const written = contentWrites(book);
    expect(written).toHaveLength(n);
    expect(written[0]).toEqual({ address: a1(changes[0].cell), formulas: [[4]] });
  });

  it("restores a formula with its =", async () => {
    const { sheet, map } = selfEvaluation(3);
    const spec = await bookOf([sheet]);
    const total = a1({ row: map.totalRow, col: COL.score });
    const cells = Object.fromEntries(Object.entries(spec.sheets[1].cells ?? {}).filter(([at]) => at !== total));
    const book = mockWorkbook({ ...spec, sheets: [spec.sheets[0], { ...spec.sheets[1], cells }] });
    const { gateway } = gatewayOn(book);
    const restore = (await gateway.planFill("自评表")).filter((c) => c.reason === "restore-formula");
    await gateway.applyFill("自评表", restore);
    const t = map.fundingRows.total + 1;
    const sum = `SUM(G${map.firstIndicatorRow + 1}:G${map.totalRow})`;
    expect(contentWrites(book)).toEqual([{ address: total, formulas: [[`=IF(I${t}="","",ROUND(I${t}+${sum},9))`]] }]);
  });

  it("skips a cell the user typed into since the preview, writes the rest, and says which in Chinese", async () => {
    const { sheet, map } = selfEvaluation(3);
    const spec = await bookOf([sheet]);
    const planned = await gatewayOn(mockWorkbook(spec)).gateway.planFill("自评表");
    expect(planned).toHaveLength(3);
    // Since the preview: a score typed into the second row, and the third row's 实际完成值 changed.
    const second = a1({ row: map.firstIndicatorRow + 1, col: COL.score });
    const thirdActual = a1({ row: map.firstIndicatorRow + 2, col: COL.actual });
    const cells = { ...spec.sheets[1].cells, [second]: 3.5, [thirdActual]: "90(人)" };
    const book = mockWorkbook({ ...spec, sheets: [spec.sheets[0], { ...spec.sheets[1], cells }] });
    const error = await gatewayOn(book)
      .gateway.applyFill("自评表", planned)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExcelOperationError);
    expect((error as Error).message).toBe(
      `${second}、${a1({ row: map.firstIndicatorRow + 2, col: COL.score })}单元格在预览后有改动，未写入（其余 1 个已写入）；请重新预览`,
    );
    expect(contentWrites(book)).toEqual([{ address: a1(planned[0].cell), formulas: [[4]] }]);
  });

  it("writes nothing and makes no round trip when every planned cell changed, or nothing was planned", async () => {
    const { sheet, map } = selfEvaluation(1);
    const spec = await bookOf([sheet]);
    const planned = await gatewayOn(mockWorkbook(spec)).gateway.planFill("自评表");
    const cells = { ...spec.sheets[1].cells, [a1({ row: map.firstIndicatorRow, col: COL.score })]: 5 };
    const book = mockWorkbook({ ...spec, sheets: [spec.sheets[0], { ...spec.sheets[1], cells }] });
    const { gateway } = gatewayOn(book);
    await expect(gateway.applyFill("自评表", planned)).rejects.toThrow("在预览后有改动");
    expect(book.host.syncs).toBe(1);
    await gateway.applyFill("自评表", []);
    expect(book.host.syncs).toBe(1);
    expect(contentWrites(book)).toEqual([]);
  });
});

/** The row-command calls on the sheet, as `address.method(args)`, in order. */
const rowCalls = (book: MockWorkbook, sheet = "自评表"): string[] =>
  book.host.calls
    .filter((c) => c.path.startsWith(`${sheet}!`) && !/getItem$/.test(c.path))
    .map((c) => `${c.path.slice(sheet.length + 1)}(${c.args.map((a) => JSON.stringify(a)).join(",")})`);

describe("addIndicatorRow", () => {
  it.each([10, 200])(
    "inserts a whole row in a %i-row form and keeps the table whole: the read, then one write",
    async (n) => {
      const t = { ...SH, suggestedScoreColumn: true };
      const { sheet, map } = selfEvaluation(n, t);
      const book = mockWorkbook(await bookOf([sheet]));
      await gatewayOn(book).gateway.addIndicatorRow("自评表", n - 2);
      expect(book.host.syncs).toBe(reads(n) + 1);
      // Everything is queued after the read, and goes in the last round trip.
      expect(writeCalls(book).every((c) => c.afterSyncs === reads(n))).toBe(true);

      const above = map.firstIndicatorRow + n - 2; // zero-based
      const r = above + 2; // one-based number of the new row
      expect(rowCalls(book)).toEqual([
        `${r}:${r}.insert("Down")`,
        `C${r}:M${r}.copyFrom("C${r - 1}:M${r - 1}","All")`,
        `C${r}:H${r}.clear("Contents")`,
        // The 产出指标 group (rows first..n-1) and the 时效指标 group grow over the new row.
        `A${map.firstIndicatorRow + 1}:A${r}.unmerge()`,
        `A${map.firstIndicatorRow + 1}:A${r}.merge(false)`,
        expect.stringMatching(new RegExp(`^B\\d+:B${r}\\.unmerge\\(\\)$`)) as unknown as string,
        expect.stringMatching(new RegExp(`^B\\d+:B${r}\\.merge\\(false\\)$`)) as unknown as string,
      ]);
      const formulas = Object.fromEntries(contentWrites(book).map((w) => [w.address, w.formulas]));
      const first = map.firstIndicatorRow + 1;
      const totalRow = map.totalRow + 2;
      const f = map.fundingRows.total + 1;
      expect(formulas[`F${totalRow}`]).toEqual([[`=ROUND(N(G${f})+SUM(F${first}:F${totalRow - 1}),9)`]]);
      expect(formulas[`G${totalRow}`]).toEqual([[`=IF(I${f}="","",ROUND(I${f}+SUM(G${first}:G${totalRow - 1}),9))`]]);
      expect(formulas[`I${r}`]?.toString()).toContain(`K${r}`);
      expect(Object.keys(formulas).sort()).toEqual([
        `F${totalRow}`,
        `G${totalRow}`,
        `I${r}`,
        `K${r}`,
        `L${r}`,
        `M${r}`,
      ]);
      // The table's name covers the new row.
      const name = book.host.called("workbook.names.getItem");
      expect(name.map((c) => c.args[0])).toEqual(["zpb_indicators_1"]);
      expect((name[0].result as { formula: string }).formula).toBe(`='自评表'!$A$${first}:$I$${map.totalRow + 1}`);
    },
  );

  it("without ExcelApi 1.9: no copyFrom; the 偏差原因 merge, the groups and the formulas all the same", async () => {
    const { sheet, map } = selfEvaluation(4);
    const book = mockWorkbook(await bookOf([sheet]));
    await gatewayOn(book, upTo("1.8")).gateway.addIndicatorRow("自评表", 0);
    const r = map.firstIndicatorRow + 2;
    const calls = rowCalls(book);
    expect(calls.filter((c) => c.includes("copyFrom") || c.includes("clear"))).toEqual([]);
    expect(calls).toContain(`H${r}:I${r}.merge(false)`);
    expect(calls[0]).toBe(`${r}:${r}.insert("Down")`);
    expect(book.host.syncs).toBe(2);
    // Without the 建议得分 column only 满分 and 总分 are rewritten.
    expect(contentWrites(book).map((w) => w.address)).toEqual([`F${map.totalRow + 2}`, `G${map.totalRow + 2}`]);
  });

  it("leaves a 总分 the user typed over alone (填充 offers to restore it)", async () => {
    const { sheet, map } = selfEvaluation(4);
    const spec = await bookOf([sheet]);
    const cells = { ...spec.sheets[1].cells, [a1({ row: map.totalRow, col: COL.score })]: 88 };
    const book = mockWorkbook({ ...spec, sheets: [spec.sheets[0], { ...spec.sheets[1], cells }] });
    await gatewayOn(book).gateway.addIndicatorRow("自评表", 3);
    expect(contentWrites(book).map((w) => w.address)).toEqual([`F${map.totalRow + 2}`]);
  });

  it("in a 申报表: the target cells merged, the 绩效指标 label and the groups grown, no formulas", async () => {
    const decl = layoutDeclaration(DECL, { ...blankDeclaration(DECL, 2024) }, { formNo: 1, sheetName: "申报表" });
    const book = mockWorkbook(await bookOf([decl]));
    const rows = (await gatewayOn(book).gateway.readActiveSheet()).forms[0];
    expect(rows.kind).toBe("target-declaration");
    book.host.calls.length = 0;
    book.host.syncs = 0;
    const n = rows.kind === "target-declaration" ? rows.indicators.length : 0;
    const last = rows.kind === "target-declaration" ? (rows.indicators[n - 1].level3.at?.row ?? -1) : -1;
    await gatewayOn(book).gateway.addIndicatorRow("申报表", n - 1);
    const calls = rowCalls(book, "申报表");
    const header = last - n; // zero-based: the table's header row
    const r = last + 2; // one-based number of the new row, under the last
    expect(calls).toEqual(
      expect.arrayContaining([
        `${r}:${r}.insert("Down")`,
        `D${r}:F${r}.copyFrom("D${r - 1}:F${r - 1}","All")`,
        `D${r}:F${r}.clear("Contents")`,
        `E${r}:F${r}.merge(false)`,
        `A${header + 1}:A${r}.merge(false)`,
      ]),
    );
    expect(contentWrites(book, "申报表")).toEqual([]);
    expect(book.host.syncs).toBe(2);
  });

  it("refuses a stale row index and a sheet the product did not lay out, in Chinese, writing nothing", async () => {
    const spec = await bookOf([selfEvaluation(3).sheet]);
    const book = mockWorkbook(spec);
    await expect(gatewayOn(book).gateway.addIndicatorRow("自评表", 3)).rejects.toThrow("找不到所选的指标行");
    const foreign = mockWorkbook({ ...spec, names: [] });
    await expect(gatewayOn(foreign).gateway.addIndicatorRow("自评表", 0)).rejects.toThrow(
      "不是由本助手或 zpb 命令生成的",
    );
    expect([...writeCalls(book), ...writeCalls(foreign)]).toEqual([]);
  });
});

describe("deleteIndicatorRow", () => {
  it.each([10, 200])("deletes a whole row of a %i-row form: the read, then one write", async (n) => {
    const { sheet, map } = selfEvaluation(n);
    const book = mockWorkbook(await bookOf([sheet]));
    await gatewayOn(book).gateway.deleteIndicatorRow("自评表", 1);
    expect(book.host.syncs).toBe(reads(n) + 1);
    const r = map.firstIndicatorRow + 2;
    expect(rowCalls(book)).toEqual([`${r}:${r}.delete("Up")`]);
    expect(contentWrites(book)).toEqual([]);
  });

  it("deleting the first row of a group hands the group's name to the next row", async () => {
    const { sheet, map } = selfEvaluation(10);
    const book = mockWorkbook(await bookOf([sheet]));
    await gatewayOn(book).gateway.deleteIndicatorRow("自评表", 0);
    const r = map.firstIndicatorRow + 1;
    expect(rowCalls(book)).toEqual([`${r}:${r}.delete("Up")`]);
    expect(contentWrites(book)).toEqual([
      { address: `A${r}`, formulas: [["产出指标"]] },
      { address: `B${r}`, formulas: [["数量指标"]] },
    ]);
  });

  it("refuses to delete the last remaining row, in Chinese, writing nothing", async () => {
    const book = mockWorkbook(await bookOf([selfEvaluation(1).sheet]));
    await expect(gatewayOn(book).gateway.deleteIndicatorRow("自评表", 0)).rejects.toMatchObject({
      name: "ExcelOperationError",
      message: "表中只剩这一行指标，不能删除；如需更换指标，请直接修改这一行的内容",
    });
    expect(writeCalls(book)).toEqual([]);
  });
});

describe("events", () => {
  const sheets = { sheets: [{ name: "Sheet1" }, { name: "自评表" }] };

  it("onSheetChanged: one handler on every sheet's changes (ExcelApi 1.9), with the sheet's name; removed in its context", async () => {
    const book = mockWorkbook(sheets);
    const { gateway, runs } = gatewayOn(book);
    const seen: string[] = [];
    const unsubscribe = await gateway.onSheetChanged((name) => seen.push(name));
    expect(book.handlerCount("worksheets.onChanged")).toBe(1);
    expect(book.host.syncs).toBe(1);
    await book.emit("worksheets.onChanged", { worksheetId: mockSheetId("自评表") });
    expect(seen).toEqual(["自评表"]);
    expect(book.host.syncs).toBe(2);
    unsubscribe();
    await book.emit("worksheets.onChanged", { worksheetId: mockSheetId("自评表") });
    expect(seen).toEqual(["自评表"]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(book.handlerCount("worksheets.onChanged")).toBe(0);
    expect(runs[runs.length - 1]).toEqual({ withContext: true });
  });

  it("onSheetChanged before ExcelApi 1.9: a handler on each sheet, and on sheets added later", async () => {
    const book = mockWorkbook(sheets);
    const { gateway } = gatewayOn(book, upTo("1.8"));
    const seen: string[] = [];
    const unsubscribe = await gateway.onSheetChanged((name) => seen.push(name));
    expect(book.handlerCount("worksheets.onChanged")).toBe(0);
    expect(book.handlerCount("Sheet1.onChanged")).toBe(1);
    expect(book.handlerCount("自评表.onChanged")).toBe(1);
    expect(book.host.syncs).toBe(2);
    await book.emit("Sheet1.onChanged", { worksheetId: mockSheetId("Sheet1") });
    expect(seen).toEqual(["Sheet1"]);

    book.context.workbook.worksheets.add("新表");
    await book.emit("worksheets.onAdded", { worksheetId: mockSheetId("新表") });
    expect(book.handlerCount("新表.onChanged")).toBe(1);
    await book.emit("新表.onChanged", { worksheetId: mockSheetId("新表") });
    expect(seen).toEqual(["Sheet1", "新表"]);

    unsubscribe();
    await new Promise((resolve) => setImmediate(resolve));
    for (const event of ["Sheet1.onChanged", "自评表.onChanged", "新表.onChanged", "worksheets.onAdded"]) {
      expect(book.handlerCount(event)).toBe(0);
    }
  });

  it("onActiveSheetChanged: the activated sheet's name", async () => {
    const book = mockWorkbook(sheets);
    const seen: string[] = [];
    const unsubscribe = await gatewayOn(book).gateway.onActiveSheetChanged((name) => seen.push(name));
    await book.emit("worksheets.onActivated", { worksheetId: mockSheetId("Sheet1") });
    expect(seen).toEqual(["Sheet1"]);
    unsubscribe();
    await new Promise((resolve) => setImmediate(resolve));
    expect(book.handlerCount("worksheets.onActivated")).toBe(0);
  });
});

describe("cell-edit mode", () => {
  /** Excel.run refusing the first `refusals` batches as in cell-edit mode, then running them. */
  function busyExcel(book: MockWorkbook, refusals: number) {
    let attempts = 0;
    const run = ((batch: (context: Excel.RequestContext) => Promise<unknown>) => {
      attempts++;
      if (attempts <= refusals) {
        return Promise.reject(Object.assign(new Error("cell-edit mode"), { code: CELL_EDIT_MODE }));
      }
      return batch(book.context);
    }) as unknown as typeof Excel.run;
    return { gateway: createOfficeGateway({ run, supports: ALL, retryDelayMs: 1 }), attempts: () => attempts };
  }

  it("a read refused while the user types is run again, and its result comes back", async () => {
    const book = mockWorkbook(await bookOf([selfEvaluation(3).sheet]));
    const busy = busyExcel(book, 2);
    const changes: readonly PlannedChange[] = await busy.gateway.planFill("自评表");
    expect(busy.attempts()).toBe(3);
    expect(changes).toHaveLength(3);
  });

  it("a write refused while the user types is written once, when Excel accepts it", async () => {
    const spec = await bookOf([selfEvaluation(3).sheet]);
    const planned = await gatewayOn(mockWorkbook(spec)).gateway.planFill("自评表");
    const book = mockWorkbook(spec);
    const busy = busyExcel(book, 1);
    await busy.gateway.applyFill("自评表", planned);
    expect(busy.attempts()).toBe(2);
    expect(contentWrites(book)).toHaveLength(3);
  });

  it("gives up with the Chinese cell-edit message when the user stays in the cell", async () => {
    const book = mockWorkbook({ sheets: [{ name: "Sheet1" }] });
    const busy = busyExcel(book, 100);
    await expect(busy.gateway.readActiveSheet()).rejects.toMatchObject({
      code: CELL_EDIT_MODE,
      message: "单元格正在编辑中，请按 Enter 或 Esc 后重试",
    });
  });
});
