import { declarationRows, MINHANG, readSeed, seedValueStrings, selfEvaluationRows, SONGJIANG } from "./fixtures";

describe("readSeed", () => {
  test("reads one row per TSV line, cells split on TAB", () => {
    const minhang = readSeed(MINHANG);
    expect(minhang).toHaveLength(317);
    expect(minhang[2]).toEqual(["财政项目支出绩效自评表"]);
    expect(minhang[16]).toEqual([
      "产出指标",
      "数量指标",
      "残疾人保障金计提率",
      "=100.00(%)",
      "100.00(%)",
      "10.00",
      "10.00",
      "",
      "",
    ]);
    expect(readSeed(SONGJIANG)).toHaveLength(105);
  });
});

describe("selfEvaluationRows (Minhang, 11 自评表)", () => {
  const rows = selfEvaluationRows(readSeed(MINHANG));

  test("finds every indicator row of the 11 forms", () => {
    expect(rows).toHaveLength(127);
  });

  test("copes with rows shifted one cell right or left", () => {
    // Line 163 is shifted right (一级 in the second cell), line 164 left (三级 in the first cell).
    expect(rows.find((r) => r.line === 163)).toEqual({ line: 163, target: "≥85.00(%)", actual: "100.00(%)" });
    expect(rows.find((r) => r.line === 164)).toEqual({ line: 164, target: "=100.00(%)", actual: "100.00(%)" });
    // Line 210: ≥350.00(家), actual 223, the 偏差原因 filled (domain.md §7).
    expect(rows.find((r) => r.line === 210)).toEqual({ line: 210, target: "≥350.00(家)", actual: "223.00(家)" });
  });

  test("stops at 总分 and does not read the funding block", () => {
    const lines = new Set(rows.map((r) => r.line));
    expect(lines.has(24)).toBe(false); // 总分 100 100
    expect(lines.has(10)).toBe(false); // 年度资金总额
    expect(rows.every((r) => r.target.trim() !== "" && r.actual.trim() !== "")).toBe(true);
  });
});

describe("declarationRows (Songjiang, 4 申报表)", () => {
  const rows = declarationRows(readSeed(SONGJIANG));

  test("finds every indicator row of the 4 forms, across the blank line inside 职工服务", () => {
    expect(rows).toHaveLength(47);
    expect(rows.find((r) => r.line === 99)).toEqual({ line: 99, target: "≥10000.00(人)" });
    expect(rows.find((r) => r.line === 105)).toEqual({ line: 105, target: "≥85.00(%)" });
  });

  test("takes the last non-empty cell, wherever the row is shifted", () => {
    expect(rows.find((r) => r.line === 40)).toEqual({ line: 40, target: "≥80.00(%)" }); // shifted left
    expect(rows.find((r) => r.line === 55)).toEqual({ line: 55, target: "≥605.00(人)" }); // empty cell before the target
    expect(rows.find((r) => r.line === 88)).toEqual({ line: 88, target: "=0.00(%)" }); // shifted left by two
  });

  test("does not read the header row or anything before it", () => {
    const targets = rows.map((r) => r.target);
    expect(targets).not.toContain("年度(/项目)指标值");
    expect(targets).not.toContain("特定目标类");
    expect(targets).not.toContain("0.00");
  });
});

describe("seedValueStrings", () => {
  const { targets, actuals } = seedValueStrings();

  test("pins the number of distinct strings", () => {
    expect(targets).toHaveLength(92);
    expect(actuals).toHaveLength(29);
    expect(new Set(targets).size).toBe(targets.length);
    expect(new Set(actuals).size).toBe(actuals.length);
  });

  test.each([
    "≥ 4500.00(名)",
    "=1.00(名/天)",
    "7-8月",
    "约100-200人/场",
    "≤15.20(万元)",
    "=0.00(%)",
    "12月底前",
    "2万元慰问金，200份实物(每家)",
    "增强",
  ])("targets include %s", (s) => {
    expect(targets).toContain(s);
  });

  test.each(["达成指标", "4944.00(名)", "0.00(起)", "223.00(家)", "264.00(人/次)", "90.00(分)"])(
    "actuals include %s",
    (s) => {
      expect(actuals).toContain(s);
    },
  );

  test("a 分值 or 得分 is never taken for a value", () => {
    for (const s of [...targets, ...actuals]) expect(s).not.toMatch(/^\d+(?:\.\d+)?$/);
  });
});
