/**
 * Looks like the form: the standard 自评表, written as .xlsx and printed to PDF by LibreOffice, is one
 * A4-wide page per form up to 30 indicators — the blank template, the real Minhang form with 18
 * indicators, and a form with 30 — and the 专家评分表, blank and filled for 5 and 7 experts (one portrait
 * page each) and 10 (landscape). PNGs of the pages are left in build/render/ to look at.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { builtinTemplate, type Template } from "../src/domain";
import {
  blankSelfEvaluation,
  layoutSelfEvaluation,
  type IndicatorData,
  type SelfEvaluationData,
} from "../src/layout/standard";
import { blankExpertScoring, layoutExpertScoring, type ExpertScoringData } from "../src/layout/expert";
import { writeWorkbook } from "../src/xlsx/write";
import { REPO_ROOT } from "./fixtures";
import { minhangForm, minhangForms } from "./seed-forms";
import { convertWith, dataOf, sofficeGate } from "./standard-form";
import { zpb } from "./run-zpb";

const SH = builtinTemplate("sh-district-2023") as Template;
const OUT = path.join(REPO_ROOT, "build", "render");
const A4_WIDTH_PT = 595.28;
const A4_HEIGHT_PT = 841.89;

/**
 * A form with `n` indicators, made of the real rows of the Minhang forms (names, targets, results
 * and reasons as published), grouped by 一级 as a form lists them.
 */
function formWith(n: number): SelfEvaluationData {
  const training = dataOf(minhangForm("使用地方教育附加专项资金开展职工职业培训工作"));
  const rows: IndicatorData[] = minhangForms()
    .flatMap((f) => dataOf(f).indicators)
    .slice(0, n);
  const order = SH.categories.map((c) => c.name);
  rows.sort((a, b) => order.indexOf(a.level1) - order.indexOf(b.level1));
  if (rows.length !== n) throw new Error(`the Minhang forms have ${rows.length} indicators, not ${n}`);
  return { ...training, projectName: `${n} 项指标的自评表（闵行区各项目的指标）`, indicators: rows };
}

interface Rendered {
  readonly name: string;
  readonly indicators: number;
  readonly pdf: string;
}

/** `pdfinfo` figures: page count and the first page's size in points. */
function pdfInfo(pdf: string): { pages: number; width: number; height: number } {
  const text = execFileSync("pdfinfo", [pdf], { encoding: "utf8" });
  const pages = Number(/^Pages:\s+(\d+)/m.exec(text)?.[1]);
  const size = /^Page size:\s+([\d.]+) x ([\d.]+) pts/m.exec(text);
  return { pages, width: Number(size?.[1]), height: Number(size?.[2]) };
}

const hasPoppler = (): boolean => {
  try {
    execFileSync("sh", ["-c", "command -v pdfinfo && command -v pdftoppm"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
};

const gate = sofficeGate("render");

if (gate.missingUnderCi) {
  test("LibreOffice is installed (scripts/ensure-deps.sh)", () => {
    throw new Error("soffice is missing under CI: scripts/ensure-deps.sh installs libreoffice-calc-nogui");
  });
}

(gate.run ? describe : describe.skip)("the standard 自评表 printed by LibreOffice", () => {
  const rendered: Rendered[] = [];

  beforeAll(async () => {
    if (!hasPoppler()) throw new Error("pdfinfo/pdftoppm are missing: scripts/ensure-deps.sh installs poppler-utils");
    fs.rmSync(OUT, { recursive: true, force: true });
    fs.mkdirSync(OUT, { recursive: true });
    const minhang = dataOf(minhangForm("使用地方教育附加专项资金开展职工职业培训工作"));
    const forms: [string, SelfEvaluationData][] = [
      ["blank", blankSelfEvaluation(SH, 2023)],
      ["minhang-training", minhang],
      ["thirty-indicators", formWith(30)],
    ];
    const files: string[] = [];
    for (const [name, data] of forms) {
      const { sheet } = layoutSelfEvaluation(SH, data, { formNo: 1, sheetName: "自评表" });
      const file = path.join(OUT, `${name}.xlsx`);
      await writeWorkbook([sheet], file);
      files.push(file);
    }
    const pdfs = convertWith(files, "pdf", OUT);
    forms.forEach(([name, data], i) => {
      rendered.push({ name, indicators: data.indicators.length, pdf: pdfs[i] });
      execFileSync("pdftoppm", ["-png", "-r", "80", pdfs[i], path.join(OUT, name)]);
    });
  }, 120_000);

  test("three forms: the blank template, the Minhang training form with its 18 indicators, one with 30", () => {
    expect(rendered.map((r) => [r.name, r.indicators])).toEqual([
      ["blank", 6],
      ["minhang-training", 18],
      ["thirty-indicators", 30],
    ]);
  });

  test.each(["blank", "minhang-training", "thirty-indicators"])("%s: exactly one A4 page, portrait", (name) => {
    const r = rendered.find((x) => x.name === name) as Rendered;
    const info = pdfInfo(r.pdf);
    expect(info.pages).toBe(1);
    expect(Math.abs(info.width - A4_WIDTH_PT)).toBeLessThanOrEqual(2);
    expect(Math.abs(info.height - A4_HEIGHT_PT)).toBeLessThanOrEqual(2);
    const pngs = fs.readdirSync(OUT).filter((f) => f.startsWith(`${name}-`) && f.endsWith(".png"));
    expect(pngs).toHaveLength(1);
  });
});

(gate.run ? describe : describe.skip)("the 专家评分表 printed by LibreOffice", () => {
  const EXPERT = builtinTemplate("expert-2020") as Template;
  const panels: [string, ExpertScoringData][] = [];
  const pdfs = new Map<string, string>();

  beforeAll(() => {
    fs.mkdirSync(OUT, { recursive: true });
    const filled = (experts: number): ExpertScoringData => {
      const blank = blankExpertScoring(EXPERT, 2024, experts);
      return {
        ...blank,
        projectName: "社区居家养老服务补贴项目",
        department: "区民政局",
        implementer: "区养老服务指导中心",
        experts: blank.experts.map(
          (_, i) => ["王建国", "李敏", "张伟", "刘芳", "陈静", "杨帆", "赵磊", "孙丽", "周强", "吴燕"][i],
        ),
        items: blank.items.map((it, i) => ({
          ...it,
          scores: Array.from(
            { length: experts },
            (_, e) => Math.round(Number(it.weight) * (0.7 + ((i + e) % 4) * 0.1) * 10) / 10,
          ),
        })),
      };
    };
    panels.push(
      ["expert-blank", blankExpertScoring(EXPERT, 2024)],
      ["expert-filled-5", filled(5)],
      ["expert-filled-7", filled(7)],
      ["expert-filled-10", filled(10)],
    );
    return (async () => {
      const files: string[] = [];
      for (const [name, data] of panels) {
        const file = path.join(OUT, `${name}.xlsx`);
        await writeWorkbook([layoutExpertScoring(EXPERT, data, { formNo: 1, sheetName: "专家评分表" }).sheet], file);
        files.push(file);
      }
      convertWith(files, "pdf", OUT).forEach((pdf, i) => {
        pdfs.set(panels[i][0], pdf);
        execFileSync("pdftoppm", ["-png", "-r", "80", pdf, path.join(OUT, panels[i][0])]);
      });
    })();
  }, 120_000);

  test.each([
    ["expert-blank", "portrait"],
    ["expert-filled-5", "portrait"],
    ["expert-filled-7", "portrait"],
    ["expert-filled-10", "landscape"],
  ])("%s: A4, %s, one page (the 10-expert panel: its summary may go to a second)", (name, orientation) => {
    const info = pdfInfo(pdfs.get(name) as string);
    expect(info.pages).toBe(name === "expert-filled-10" ? 2 : 1);
    const [w, h] = orientation === "portrait" ? [A4_WIDTH_PT, A4_HEIGHT_PT] : [A4_HEIGHT_PT, A4_WIDTH_PT];
    expect(Math.abs(info.width - w)).toBeLessThanOrEqual(2);
    expect(Math.abs(info.height - h)).toBeLessThanOrEqual(2);
  });
});

(gate.run ? describe : describe.skip)("the files zpb template writes, printed whole by LibreOffice", () => {
  const pdfs = new Map<string, string>();
  beforeAll(async () => {
    fs.mkdirSync(OUT, { recursive: true });
    const files: string[] = [];
    for (const kind of ["自评表", "申报表", "专家评分表"]) {
      const file = path.join(OUT, `template-file-${kind}.xlsx`);
      const run = await zpb("template", "--kind", kind, "--out", file);
      expect(run.code).toBe(0);
      files.push(file);
    }
    convertWith(files, "pdf", OUT).forEach((pdf, i) => pdfs.set(["自评表", "申报表", "专家评分表"][i], pdf));
  }, 120_000);

  // The file carries its template as JSON on a very hidden sheet: that sheet must not print.
  test.each(["自评表", "申报表", "专家评分表"])("%s: the whole file is one A4 page", (kind) => {
    expect(pdfInfo(pdfs.get(kind) as string).pages).toBe(1);
  });
});
