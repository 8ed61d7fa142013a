import type { FindingJson, FormJson } from "./report";
import { SUMMARY_COLUMNS, describeSummarySheet, firstFinding, isSummarySheet } from "./summary";
import type { SheetGrid } from "./grid";

const finding = (severity: FindingJson["severity"], cell: string | null, message: string): FindingJson => ({
  code: "X",
  severity,
  cell,
  message,
  params: {},
});

const form = (sheet: string, project: string | null, findings: FindingJson[]): FormJson =>
  ({
    sheet,
    range: null,
    kind: "self-evaluation",
    template: "sh-district-2023",
    year: 2024,
    projectName: project,
    unit: "某区卫健委",
    annualBudget: 500000,
    computed: { executionRate: 0.8, totalScore: 88.5, grade: "良" },
    findings,
    unplaced: [],
  }) as unknown as FormJson;

describe("the 汇总 sheet description", () => {
  const forms = [
    form("自评表", "社区卫生服务", [finding("info", null, "提示"), finding("error", "自评表!G20", "总分不符")]),
    form("其他", '=HYPERLINK("http://evil","x")', []),
  ];
  const sheet = describeSummarySheet(forms);
  const at = (row: number, col: number) => sheet.cells.find((c) => c.row === row && c.col === col);

  test("a frozen header row, then one row per form with its figures", () => {
    expect(sheet.sheetName).toBe("汇总");
    expect(sheet.frozenRows).toBe(1);
    expect(SUMMARY_COLUMNS.map((c) => c.header)).toEqual([
      "工作表",
      "实施单位",
      "项目名称",
      "全年预算数",
      "执行率",
      "总分",
      "等级",
      "错误",
      "警告",
      "首要问题",
    ]);
    expect(SUMMARY_COLUMNS.map((_, col) => at(0, col)?.value)).toEqual(SUMMARY_COLUMNS.map((c) => c.header));
    expect(at(0, 0)?.style?.font?.bold).toBe(true);
    expect(SUMMARY_COLUMNS.map((_, col) => at(1, col)?.value)).toEqual([
      "自评表",
      "某区卫健委",
      "社区卫生服务",
      500000,
      0.8,
      88.5,
      "良",
      1,
      0,
      "自评表!G20 总分不符",
    ]);
    expect(at(1, 4)?.style?.numberFormat).toBe("0.00%");
    expect(sheet.columnWidths).toHaveLength(10);
    expect(sheet.print.printArea).toEqual({ from: { row: 0, col: 0 }, to: { row: 2, col: 9 } });
  });

  test("text from a form is a value, never a formula", () => {
    expect(at(2, 2)?.value).toBe('=HYPERLINK("http://evil","x")');
    expect(sheet.cells.every((c) => c.formula === undefined)).toBe(true);
  });

  test("the worst finding first; none gives null", () => {
    expect(firstFinding([finding("warning", "A!B2", "w"), finding("error", null, "e")])).toBe("e");
    expect(firstFinding([])).toBeNull();
  });

  test("a finding in a Word document or PDF is placed in the document's words", () => {
    const inDoc = { ...finding("error", "文档!D7", "全年预算数为 0"), location: "表1 第7行第4列" };
    expect(firstFinding([inDoc])).toBe("表1 第7行第4列 全年预算数为 0");
  });

  test("a 汇总 sheet written before is known by its header row", () => {
    const grid = (row0: string[]): SheetGrid => ({
      name: "x",
      state: "visible",
      rowCount: 1,
      colCount: row0.length,
      cell: (r, c) => (r === 0 && row0[c] !== undefined ? { value: row0[c] } : undefined),
      merges: [],
    });
    expect(isSummarySheet(grid(SUMMARY_COLUMNS.map((c) => c.header)))).toBe(true);
    expect(isSummarySheet(grid(["项目名称", "实施单位"]))).toBe(false);
  });
});
