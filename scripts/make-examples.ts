/**
 * Writes the example workbooks of the main job into examples/ (run once; the outputs are committed):
 *   - 职工技能培训.xlsx      a standard 自评表, correctly filled
 *   - 职工服务阵地运维.xlsx  a standard 自评表 with the mistakes reviewers meet most
 *   - 闵行区总工会-2023-原表.xlsx  the 11 real Minhang forms in the layout units already have
 *   - 专家评分-社区养老服务.xlsx  a standard 专家评分表 of 5 experts, with a score above its 分值 and two
 *                           experts far apart on one item
 *   - 已损坏.xlsx            a damaged file (cut in half), to show that the run goes on
 * Run: node -r ts-node/register/transpile-only scripts/make-examples.ts
 * Made from its outputs by LibreOffice (by hand, once): 职工服务阵地运维-打印件.pdf
 * (`soffice --convert-to pdf 职工服务阵地运维.xlsx`) and 职工服务阵地运维-Word.docx (`--convert-to html`,
 * then `--infilter="HTML (StarWriter)" --convert-to "docx:MS Word 2007 XML"`): the same form as PDF and Word.
 */
import ExcelJS from "exceljs";
import * as fs from "fs";
import * as path from "path";
import { builtinTemplate, type Template } from "../src/domain";
import type { SheetDescription } from "../src/layout/sheet";
import { templateSheet } from "../src/layout/carried-templates";
import { blankExpertScoring, layoutExpertScoring } from "../src/layout/expert";
import { layoutSelfEvaluation, type SelfEvaluationData } from "../src/layout/standard";
import { writeWorkbook } from "../src/xlsx/write";

const OUT = path.join(__dirname, "..", "examples");
const SEEDS = path.join(__dirname, "..", "..", "shared", "fixtures", "seeds");
const SH = builtinTemplate("sh-district-2023") as Template;

const base: SelfEvaluationData = {
  year: 2024,
  projectName: "职工技能培训",
  department: "上海市某区总工会",
  implementer: "上海市某区职工服务中心",
  funding: {
    total: { initialBudget: 120, annualBudget: 100, executed: 98.5 },
    currentYear: { initialBudget: 120, annualBudget: 100, executed: 98.5 },
    carryOver: { initialBudget: 0, annualBudget: 0, executed: 0 },
    other: { initialBudget: 0, annualBudget: 0, executed: 0 },
  },
  goals: {
    expected: "全年培训职工不少于 100 人，培训合格率不低于 95%，补贴按季度发放。",
    actual: "全年培训职工 120 人，合格率 98%，四个季度的补贴均按时发放。",
  },
  indicators: [
    {
      level1: "产出指标",
      level2: "数量指标",
      level3: "培训人数",
      target: "≥100(人)",
      actual: 120,
      weight: 20,
      score: 20,
      deviation: null,
    },
    {
      level1: "产出指标",
      level2: "质量指标",
      level3: "培训合格率",
      target: "≥95.00(%)",
      actual: 98,
      weight: 15,
      score: 15,
      deviation: null,
    },
    {
      level1: "产出指标",
      level2: "时效指标",
      level3: "补贴发放及时性",
      target: "及时",
      actual: "达成年度指标",
      weight: 15,
      score: 15,
      deviation: null,
    },
    {
      level1: "效益指标",
      level2: "社会效益指标",
      level3: "有责投诉发生数",
      target: "=0(起)",
      actual: 0,
      weight: 15,
      score: 15,
      deviation: null,
    },
    {
      level1: "效益指标",
      level2: "可持续影响指标",
      level3: "长效管理机制",
      target: "建立健全",
      actual: "达成年度指标",
      weight: 15,
      score: 15,
      deviation: null,
    },
    {
      level1: "满意度指标",
      level2: "服务对象满意度指标",
      level3: "服务对象满意度",
      target: "≥85.00(%)",
      actual: 92,
      weight: 10,
      score: 10,
      deviation: null,
    },
  ],
};

/** The same sheet with a typed value where the layout put a formula (a user typing over it). */
function typeOver(sheet: SheetDescription, row: number, col: number, value: string | number): SheetDescription {
  return {
    ...sheet,
    cells: sheet.cells.map((c) => (c.row === row && c.col === col ? { row, col, value, style: c.style } : c)),
  };
}

async function standardExamples(): Promise<void> {
  await writeWorkbook(
    [layoutSelfEvaluation(SH, base, { formNo: 1, sheetName: "自评表" }).sheet],
    path.join(OUT, "职工技能培训.xlsx"),
  );

  const messy: SelfEvaluationData = {
    ...base,
    projectName: "职工服务阵地运维",
    funding: {
      ...base.funding,
      total: { initialBudget: 120, annualBudget: 120, executed: 110 },
      currentYear: { initialBudget: 120, annualBudget: 110, executed: 110 },
    },
    indicators: base.indicators.map((row, i) => {
      if (i === 0) return { ...row, actual: 90, score: 20 }; // target missed, full marks, no reason
      if (i === 2) return { ...row, actual: "部分达成年度指标并具有一定效果", score: 14 }; // out of tier, no reason
      if (i === 3) return { ...row, score: 16 }; // above its 分值
      if (i === 5) return { ...row, actual: ">=85%" }; // a comparison, not a value
      return row;
    }),
  };
  const { sheet, map } = layoutSelfEvaluation(SH, messy, { formNo: 1, sheetName: "自评表" });
  const typed = typeOver(typeOver(sheet, map.fundingRows.total, 8, 9.5), map.gradeRow ?? map.totalRow + 1, 2, "良");
  await writeWorkbook([typed], path.join(OUT, "职工服务阵地运维.xlsx"));
}

/** The Minhang fixture as units send it: one row per line, one cell per field, labels merged over the cells they cover. */
async function foreignExample(): Promise<void> {
  const lines = fs.readFileSync(path.join(SEEDS, "minhang-2023-self-evaluation.tsv"), "utf8").split(/\r?\n/);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("2023年度自评表");
  ws.columns = [10, 14, 24, 14, 14, 9, 9, 22, 10].map((width) => ({ width }));
  lines.forEach((line, r) => {
    line.split("\t").forEach((text, c) => {
      if (text === "") return;
      const cell = ws.getCell(r + 1, c + 1);
      cell.value = text;
      cell.alignment = { wrapText: true, vertical: "middle" };
    });
  });
  await wb.xlsx.writeFile(path.join(OUT, "闵行区总工会-2023-原表.xlsx"));
}

/** An expert panel's sheet as a panel fills it in: five experts, scores with one or two decimals. */
async function expertExample(): Promise<void> {
  const template = builtinTemplate("expert-2020") as Template;
  const blank = blankExpertScoring(template, 2024);
  const share = [0.95, 0.9, 0.85, 0.9, 0.8];
  const items = blank.items.map((item, i) => ({
    ...item,
    scores: share.map((s, e) => Math.round(Number(item.weight) * (s - ((i + e) % 3) * 0.05) * 10) / 10),
  }));
  items[7] = { ...items[7], scores: [4, 3.6, 1.2, 3.8, 3.5] }; // 预算执行率: one expert far below the others
  items[12] = { ...items[12], scores: [9, 10.5, 8.5, 9, 8] }; // 质量达标率: above its 分值 of 10
  const data = {
    ...blank,
    experts: ["王建国", "李敏", "张伟", "刘芳", "陈静"],
    projectName: "社区居家养老服务补贴",
    department: "上海市某区民政局",
    implementer: "上海市某区养老服务指导中心",
    items,
  };
  await writeWorkbook(
    [layoutExpertScoring(template, data, { formNo: 1, sheetName: "专家评分表" }).sheet, templateSheet([template])],
    path.join(OUT, "专家评分-社区养老服务.xlsx"),
  );
}

async function main(): Promise<void> {
  fs.mkdirSync(OUT, { recursive: true });
  await standardExamples();
  await foreignExample();
  await expertExample();
  const good = fs.readFileSync(path.join(OUT, "职工技能培训.xlsx"));
  fs.writeFileSync(path.join(OUT, "已损坏.xlsx"), good.subarray(0, Math.floor(good.length / 2)));
  fs.rmSync(path.join(OUT, "forms.json"), { force: true });
}

void main();
