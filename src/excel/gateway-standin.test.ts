/**
 * The gateway's read-only operations on the strict Excel stand-in (test/fake-excel), at the newest host
 * and at ExcelApi 1.7 (the manifest's floor): checking a form as the user types never writes — no value,
 * formula, format or number format, no sheet or name — counted from before the first read. On Excel
 * builds before ExcelApi 1.19 any write by an add-in clears the user's undo history
 * (https://learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-undo-capabilities), so a write on
 * the first read alone would cost the user their undo the moment 检查 opens.
 */
import { builtinTemplate, evaluateForm, type Template } from "../domain";
import { createFakeExcel, type FakeExcel } from "../../test/fake-excel";
import { SONGJIANG, readSeed } from "../../test/fixtures";
import { songjiangForms } from "../../test/seed-forms";
import { createOfficeGateway } from "./gateway";
import type { WorkbookGateway } from "../layout/workbook-gateway";

const SH = builtinTemplate("sh-district-2023") as Template;

/** Everything of a sheet a write could change: values, formulas and number formats of its used area. */
function snapshot(fake: FakeExcel, sheet: string): unknown {
  const wb = fake.workbook;
  const cells: Record<string, unknown> = {};
  for (let r = 1; r <= 40; r++) {
    for (const col of "ABCDEFGHIJK") {
      const c = wb.cell(sheet, `${col}${r}`);
      cells[`${col}${r}`] = [
        c.value,
        c.formula,
        c.numberFormat,
        wb.format(wb.sheet(sheet), r - 1, col.charCodeAt(0) - 65),
      ];
    }
  }
  return { sheets: wb.sheetNames(), names: wb.definedNames(), cells };
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5));

/** Waits (up to 2 s) for what an asynchronous event does. */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !done(); i++) await settle();
}

describe.each(["1.19", "1.7"])("reading never writes, on a host at ExcelApi %s", (excelApi) => {
  let fake: FakeExcel;
  let uninstall: () => void;
  let gateway: WorkbookGateway;
  let sheetName: string;

  beforeEach(async () => {
    fake = createFakeExcel({ excelApi });
    uninstall = fake.install();
    gateway = createOfficeGateway({ run: fake.Excel.run, retryDelayMs: 1 });
    ({ sheetName } = await gateway.createForm(SH, {
      year: 2024,
      projectName: "职工技能培训",
      department: "区总工会",
      implementer: "区总工会职工服务中心",
      manager: "张三",
      phone: "021-12345678",
    }));
    fake.typeInto(sheetName, "D6", 100);
    fake.typeInto(sheetName, "F6", 95);
    fake.typeInto(sheetName, "C13", "培训人数");
    fake.typeInto(sheetName, "D13", "≥100(人)");
    fake.typeInto(sheetName, "E13", "80(人)");
    fake.typeInto(sheetName, "F13", 20);
    fake.typeInto(sheetName, "G13", 25);
    await settle();
    fake.resetStats();
  });
  afterEach(() => uninstall());

  test("the stand-in counts a format or number-format write (the guard below would see one)", async () => {
    await fake.Excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem(sheetName).getRange("A1");
      range.numberFormat = [["@"]];
      range.format.fill.color = "#FFEE00";
      await context.sync();
    });
    expect(fake.stats.writes).toBe(2);
  });

  test("检查 as the user works: read, type, the change event, read again, go to a finding, switch sheets", async () => {
    const before = snapshot(fake, sheetName);
    const changed: string[] = [];
    const activated: string[] = [];
    const offChanged = await gateway.onSheetChanged((name) => changed.push(name));
    const offActivated = await gateway.onActiveSheetChanged((name) => activated.push(name));

    const first = await gateway.readActiveSheet();
    expect(first.sheetName).toBe(sheetName);
    const finding = evaluateForm(first.forms[0], SH).findings.find((f) => f.code === "SCORE_EXCEEDS_WEIGHT");
    expect(finding?.cell).toMatchObject({ sheet: sheetName, row: 12, col: 6 });

    fake.typeInto(sheetName, "G13", 16);
    await until(() => changed.includes(sheetName));
    expect(changed).toContain(sheetName);
    const second = await gateway.readActiveSheet();
    expect(evaluateForm(second.forms[0], SH).findings.map((f) => f.code)).not.toContain("SCORE_EXCEEDS_WEIGHT");
    await gateway.planFill(sheetName);
    await gateway.selectCell({ sheet: sheetName, row: 12, col: 7 });
    fake.activate("Sheet1");
    await until(() => activated.includes("Sheet1"));
    expect(activated).toContain("Sheet1");
    await gateway.readActiveSheet();
    await offChanged();
    await offActivated();

    expect(fake.stats.writeLog).toEqual([]);
    expect(fake.stats.writes).toBe(0);
    // The user's own typing (G13) is the only difference.
    const after = snapshot(fake, sheetName) as { cells: Record<string, unknown[]> };
    const expected = before as { cells: Record<string, unknown[]> };
    expect(after.cells.G13[0]).toBe(16);
    expect({ ...after, cells: { ...after.cells, G13: null } }).toEqual({
      ...expected,
      cells: { ...expected.cells, G13: null },
    });
  });
});

describe("生成 on a host at ExcelApi 1.7 writes the form without the later features, and says which", () => {
  const header = { year: 2024, projectName: "职工技能培训", department: "区总工会", implementer: "区总工会" };

  test("ExcelApi 1.19: validations and print settings on the sheet, nothing reported", async () => {
    const fake = createFakeExcel({ excelApi: "1.19" });
    const uninstall = fake.install();
    try {
      const made = await createOfficeGateway({ run: fake.Excel.run }).createForm(SH, header);
      expect(made.unavailable).toBeUndefined();
      const sheet = fake.workbook.sheet(made.sheetName);
      expect(sheet.validations.length).toBeGreaterThan(0);
      expect(sheet.pageLayout.printArea).not.toBeNull();
    } finally {
      uninstall();
    }
  });

  test("ExcelApi 1.7: the same values and formulas, no validation or print setting, both reported", async () => {
    const full = createFakeExcel({ excelApi: "1.19" });
    let uninstall = full.install();
    const fullMade = await createOfficeGateway({ run: full.Excel.run }).createForm(SH, header);
    uninstall();
    const fullRules = full.workbook.sheet(fullMade.sheetName).validations.length;

    const fake = createFakeExcel({ excelApi: "1.7" });
    uninstall = fake.install();
    try {
      const made = await createOfficeGateway({ run: fake.Excel.run }).createForm(SH, header);
      expect(made.unavailable).toEqual([
        `此版本的 Excel 不支持下拉列表和输入限制（数据验证）（需要 ExcelApi 1.8），已跳过 ${fullRules} 项`,
        "此版本的 Excel 不支持打印设置（A4、页边距、打印标题）（需要 ExcelApi 1.9），已跳过",
      ]);
      const sheet = fake.workbook.sheet(made.sheetName);
      expect(sheet.validations).toEqual([]);
      expect(sheet.pageLayout.printArea).toBeNull();
      expect(fake.workbook.formulas(made.sheetName)).toEqual(full.workbook.formulas(fullMade.sheetName));
      expect(fake.workbook.values(made.sheetName, "A1:I20")).toEqual(
        full.workbook.values(fullMade.sheetName, "A1:I20"),
      );
    } finally {
      uninstall();
    }
  });
});

describe("the writing commands on the strict stand-in, judged by the sheet they leave", () => {
  let fake: FakeExcel;
  let uninstall: () => void;
  let gateway: WorkbookGateway;
  let sheet: string;

  beforeEach(async () => {
    fake = createFakeExcel({ excelApi: "1.19" });
    uninstall = fake.install();
    gateway = createOfficeGateway({ run: fake.Excel.run, retryDelayMs: 1 });
    ({ sheetName: sheet } = await gateway.createForm(SH, {
      year: 2024,
      projectName: "职工技能培训",
      department: "区总工会",
      implementer: "区总工会",
    }));
    // The blank form: indicators on rows 13 to 18, 满分 and 总分 on row 19.
    fake.typeInto(sheet, "C13", "培训人数");
    fake.typeInto(sheet, "D13", "≥100(人)");
    fake.typeInto(sheet, "E13", "90(人)");
    fake.typeInto(sheet, "F13", 20);
    fake.typeInto(sheet, "C14", "培训合格率");
    await settle();
  });
  afterEach(() => uninstall());

  test("填充 writes the suggested score, 20 × 90 / 100 = 18, and the sheet's 总分 follows: 9.5 + 18", async () => {
    // 全年预算数 100, 执行数 95: 资金得分 10 × 95% = 9.5.
    fake.typeInto(sheet, "D6", 100);
    fake.typeInto(sheet, "E6", 100);
    fake.typeInto(sheet, "F6", 95);
    await settle();
    expect(fake.workbook.cell(sheet, "G19").value).toBe(9.5);
    const changes = await gateway.planFill(sheet);
    expect(changes.map((c) => [c.cell.row, c.cell.col, c.after])).toContainEqual([12, 6, { value: 18 }]);
    await gateway.applyFill(sheet, changes);
    expect(fake.workbook.cell(sheet, "G13").value).toBe(18);
    expect(fake.workbook.cell(sheet, "G19").value).toBe(27.5);
  });

  test("增加指标行 after the first: a blank row 14, the rest moved down, the sums widened", async () => {
    expect(fake.workbook.formulas(sheet).F19).toMatch(/SUM\(F13:F18\)/);
    await gateway.addIndicatorRow(sheet, 0);
    expect(fake.workbook.values(sheet, "C13:F15")).toEqual([
      ["培训人数", "≥100(人)", "90(人)", 20],
      ["", "", "", ""],
      ["培训合格率", "", "", ""],
    ]);
    expect(fake.workbook.formulas(sheet).F20).toMatch(/SUM\(F13:F19\)/);
    const read = await gateway.readActiveSheet();
    const form = read.forms[0];
    expect(form.kind === "self-evaluation" ? form.indicators.length : 0).toBe(7);
  });

  test("删除指标行 the second: 培训合格率's row goes, the sums narrow", async () => {
    await gateway.deleteIndicatorRow(sheet, 1);
    expect(fake.workbook.values(sheet, "C13:C14")).toEqual([["培训人数"], [""]]);
    expect(fake.workbook.formulas(sheet).F18).toMatch(/SUM\(F13:F17\)/);
  });
});

describe("生成汇总表, 规范化 and 由申报表生成自评表 on the strict stand-in, judged by the sheets they make", () => {
  let fake: FakeExcel;
  let uninstall: () => void;
  let gateway: WorkbookGateway;
  beforeEach(() => {
    fake = createFakeExcel({ excelApi: "1.19" });
    uninstall = fake.install();
    gateway = createOfficeGateway({ run: fake.Excel.run, retryDelayMs: 1 });
  });
  afterEach(() => uninstall());

  /** The published Songjiang 申报表s, typed into Sheet1 (text starting with = kept as text). */
  const typeSongjiang = (): void =>
    readSeed(SONGJIANG).forEach((row, r) =>
      row.forEach((text, c) => {
        if (text.trim() !== "")
          fake.typeInto("Sheet1", `${String.fromCharCode(65 + c)}${r + 1}`, /^[=+]/.test(text) ? `'${text}` : text);
      }),
    );
  const projects = songjiangForms().map((f) => String(f.header.projectName.value).trim());

  test("生成汇总表: a 汇总 sheet, a header row, one row per form with its sheet and project", async () => {
    const a = await gateway.createForm(SH, {
      year: 2024,
      projectName: "甲项目",
      department: "区总工会",
      implementer: "甲单位",
    });
    const b = await gateway.createForm(SH, {
      year: 2024,
      projectName: "乙项目",
      department: "区总工会",
      implementer: "乙单位",
    });
    const made = await gateway.buildSummarySheet();
    expect(made).toMatchObject({ sheetName: "汇总", forms: 2 });
    expect(fake.workbook.values("汇总", "A1:C3")).toEqual([
      ["工作表", "实施单位", "项目名称"],
      [a.sheetName, "甲单位", "甲项目"],
      [b.sheetName, "乙单位", "乙项目"],
    ]);
  });

  test("规范化: one standard 申报表 sheet per published 申报表, its project name in B3; Sheet1 untouched", async () => {
    typeSongjiang();
    await settle();
    const original = fake.workbook.values("Sheet1", "A1:N110");
    const result = await gateway.normalizeSheet("Sheet1");
    expect(result.sheets).toHaveLength(projects.length);
    expect(result.sheets.map((s) => fake.workbook.cell(s, "B3").value)).toEqual(projects);
    expect(fake.workbook.values("Sheet1", "A1:N110")).toEqual(original);
  });

  test("由申报表生成自评表: one 自评表 per published 申报表, its project name in C3", async () => {
    typeSongjiang();
    await settle();
    const result = await gateway.selfEvaluationFromDeclarations("Sheet1");
    expect(result.sheets.map((s) => s.projectName)).toEqual(projects);
    expect(result.sheets.map((s) => fake.workbook.cell(s.sheetName, "C3").value)).toEqual(projects);
  });
});
