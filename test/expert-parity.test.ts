/**
 * The 专家评分表's formulas compute like the engine (src/domain/expert.ts) — on a real spreadsheet
 * engine. Random panels (1 to 7 experts, the built-in indicator system and random ones, ROUND and
 * ROUNDDOWN templates, blank scores, and the rounding edges: averages ending in 5 at the third
 * decimal, a 平均总分 of 89.995) are laid out, written as .xlsx, recalculated by LibreOffice headless,
 * read back by the product's own reader, and every figure LibreOffice cached must equal the engine's:
 * each item's 合计 and 平均分, each expert's 总分, the panel's 合计 and 平均总分, 满分 (to the cent), the
 * 等级 exactly, and each 一级/二级 line's 分值 and 平均得分 (to the cent) and 失分率 (to 1e-4). A
 * blank formula result ("") must be exactly where the engine computes nothing.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { builtinTemplate, checkExpertScoring, computeExpertScoring, type Dec, type Template } from "../src/domain";
import type { ExpertScoringForm, Field } from "../src/domain/model";
import { readNumber, type RawValue } from "../src/domain/numbers";
import { cellText } from "../src/domain/text";
import {
  blankExpertScoring,
  layoutExpertScoring,
  type ExpertItemData,
  type ExpertScoringData,
} from "../src/layout/expert";
import { readStandardForms } from "../src/layout/read-standard";
import { readWorkbookFile } from "../src/xlsx/fast-reader";
import { writeWorkbook } from "../src/xlsx/write";
import { prng } from "./prng";
import { convertWith, sofficeGate } from "./standard-form";

const SEED = 0xe9e27;
const RANDOM_PANELS = 140;
const PANELS_PER_WORKBOOK = 20;

const EXPERT = builtinTemplate("expert-2020") as Template;
const TEMPLATES: Template[] = [
  EXPERT,
  { ...EXPERT, id: "expert-2020-rounddown", rounding: { fundingScore: "round", indicatorScore: "rounddown" } },
];

const random = prng(SEED);
const int = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
const chance = (p: number): boolean => random() < p;

/** A score for an item of `weight`: 0, full marks, or a fraction of it with 0–2 decimals. */
function score(weight: number): RawValue {
  if (chance(0.1)) return 0;
  if (chance(0.15)) return weight;
  const places = int(0, 2);
  const f = 10 ** places;
  return Math.floor(random() * weight * f) / f;
}

function randomSystem(): { level1: string; level2: string; level3: string; weight: number }[] {
  const out: { level1: string; level2: string; level3: string; weight: number }[] = [];
  const level1s = ["决策", "过程", "产出", "效益"].slice(0, int(1, 4));
  for (const l1 of level1s) {
    for (let b = 1; b <= int(1, 3); b++) {
      for (let c = 1; c <= int(1, 3); c++) {
        out.push({
          level1: l1,
          level2: `${l1}二级${b}`,
          level3: `${l1}${b}-${c}项`,
          weight: int(1, 20) / (chance(0.3) ? 2 : 1),
        });
      }
    }
  }
  return out;
}

interface Case {
  readonly name: string;
  readonly template: Template;
  readonly data: ExpertScoringData;
}

function randomCase(i: number): Case {
  const template = TEMPLATES[i % TEMPLATES.length];
  const n = int(1, 7);
  const system = chance(0.5)
    ? template.defaultIndicators.map((d) => ({
        level1: d.level1,
        level2: d.level2,
        level3: d.level3,
        weight: d.weight as number,
      }))
    : randomSystem();
  const incomplete = chance(0.15);
  const items: ExpertItemData[] = system.map((s) => ({
    ...s,
    scores: Array.from({ length: n }, () => (incomplete && chance(0.1) ? null : score(s.weight))),
  }));
  const base = blankExpertScoring(template, 2024, n);
  return {
    name: `random-${i}`,
    template,
    data: { ...base, projectName: `项目${i}`, department: "区财政局", implementer: "区某中心", items },
  };
}

/** Panels built on the rounding edges. */
function edgeCases(): Case[] {
  const one = (name: string, template: Template, weight: number, scores: number[]): Case => ({
    name,
    template,
    data: {
      ...blankExpertScoring(template, 2024, scores.length),
      projectName: name,
      department: "区财政局",
      implementer: "区某中心",
      items: [{ level1: "效益", level2: "满意度", level3: "服务对象满意度", weight, scores }],
    },
  });
  return [
    one("edge-9.985", TEMPLATES[0], 10, [9.98, 9.99]),
    one("edge-9.985-down", TEMPLATES[1], 10, [9.98, 9.99]),
    one("edge-2.5025", TEMPLATES[0], 10, [2.5, 2.5, 2.5, 2.51]),
    one("edge-1.005", TEMPLATES[0], 10, [1, 1.01]),
    one("edge-89.995", TEMPLATES[0], 100, [89.99, 90]),
    one("edge-thirds", TEMPLATES[0], 100, [80, 80, 80.01]),
    one("edge-zero", TEMPLATES[0], 100, [0, 0, 0]),
  ];
}

const gate = sofficeGate("expert-parity");

if (gate.missingUnderCi) {
  test("LibreOffice is installed (scripts/ensure-deps.sh)", () => {
    throw new Error("soffice is missing under CI: scripts/ensure-deps.sh installs libreoffice-calc-nogui");
  });
}

/** A cached figure as a number, "" for a blank result, or the text. */
function cached(f: Field): number | "" | string {
  const t = cellText(f.value).trim();
  if (t === "") return "";
  const r = readNumber(f.value);
  return r.ok ? r.value.toNumber() : t;
}

(gate.run ? describe : describe.skip)("专家评分表 formulas on LibreOffice", () => {
  const cases: Case[] = [...edgeCases(), ...Array.from({ length: RANDOM_PANELS }, (_, i) => randomCase(i))];
  const read = new Map<string, ExpertScoringForm>();
  let formulas = 0;

  beforeAll(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "expert-parity-"));
    const files: string[] = [];
    for (let w = 0; w * PANELS_PER_WORKBOOK < cases.length; w++) {
      const chunk = cases.slice(w * PANELS_PER_WORKBOOK, (w + 1) * PANELS_PER_WORKBOOK);
      const sheets = chunk.map((c, i) => {
        const { sheet } = layoutExpertScoring(c.template, c.data, { formNo: i + 1, sheetName: c.name });
        formulas += sheet.cells.filter((cell) => cell.formula !== undefined).length;
        return sheet;
      });
      const file = path.join(dir, `panels-${w}.xlsx`);
      await writeWorkbook(sheets, file);
      files.push(file);
    }
    const outs = convertWith(files, "xlsx", path.join(dir, "out"));
    for (const out of outs) {
      const r = await readWorkbookFile(out);
      if (!r.ok) throw new Error(`${out}: ${r.error.message}`);
      for (const { form } of readStandardForms(r.workbook)) {
        if (form.kind === "expert-scoring") read.set(form.sheet, form);
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }, 180_000);

  test("every panel is read back as a 专家评分表 with its experts and items", () => {
    expect(read.size).toBe(cases.length);
    for (const c of cases) {
      const form = read.get(c.name) as ExpertScoringForm;
      expect(form.experts).toHaveLength(c.data.experts.length);
      expect(form.items).toHaveLength(c.data.items.length);
    }
    // Enough formulas to mean something (the count is reported by npm run bench's note, not asserted tightly).
    expect(formulas).toBeGreaterThan(5000);
  });

  test("every cached figure equals the engine's (to the cent; 失分率 to 1e-4; blanks where the engine has none)", () => {
    const mismatches: string[] = [];
    let compared = 0;
    const same = (
      where: string,
      sheetValue: number | "" | string,
      engine: Dec | string | null,
      places: number,
    ): void => {
      compared++;
      const expected =
        engine === null ? "" : typeof engine === "string" ? engine : engine.toDecimalPlaces(places).toNumber();
      const actual = typeof sheetValue === "number" ? Number(sheetValue.toFixed(places)) : sheetValue;
      if (actual !== expected)
        mismatches.push(`${where}: sheet ${JSON.stringify(sheetValue)}, engine ${JSON.stringify(expected)}`);
    };
    for (const c of cases) {
      const form = read.get(c.name) as ExpertScoringForm;
      const e = computeExpertScoring(form, c.template);
      e.items.forEach((it, i) => {
        same(`${c.name} item ${i} 合计`, cached(it.item.sum), it.sum, 2);
        same(`${c.name} item ${i} 平均分`, cached(it.item.average), it.average, 2);
      });
      e.expertTotals.forEach((t, x) => same(`${c.name} expert ${x} 总分`, cached(form.expertTotals[x]), t, 2));
      same(`${c.name} 满分`, cached(form.fullScore), e.fullScore, 2);
      same(`${c.name} 合计`, cached(form.totalSum), e.panelSum, 2);
      same(`${c.name} 平均总分`, cached(form.averageTotal), e.averageTotal, 2);
      same(`${c.name} 等级`, cached(form.grade as Field), e.grade, 0);
      expect(form.groups).toHaveLength(e.groups.length);
      form.groups.forEach((line, g) => {
        const group = e.groups[g];
        const label = `${c.name} ${group.level1}/${group.level2 ?? "小计"}`;
        expect(cellText(line.level1.value)).toBe(group.level1);
        same(`${label} 分值`, cached(line.weight), group.weight, 2);
        same(`${label} 平均得分`, cached(line.average), group.average, 2);
        same(`${label} 失分率`, cached(line.lossRate), group.lossRate, 4);
      });
    }
    expect(mismatches).toEqual([]);
    expect(compared).toBeGreaterThan(3000);
  });

  test("the edges: 9.985 → 9.99 (ROUND) or 9.98 (ROUNDDOWN); 89.995 shows 90.00 and is 良", () => {
    const avg = (name: string): number | "" | string => cached((read.get(name) as ExpertScoringForm).averageTotal);
    expect(avg("edge-9.985")).toBe(9.99);
    expect(avg("edge-9.985-down")).toBe(9.98);
    expect(avg("edge-1.005")).toBe(1.01);
    expect(avg("edge-89.995")).toBe(90);
    expect(cached((read.get("edge-89.995") as ExpertScoringForm).grade as Field)).toBe("良");
  });

  test("checking the recalculated sheets finds no sum, rounding or grade disagreement with the sheet's own figures", () => {
    const disagreements = cases.flatMap((c) =>
      checkExpertScoring(read.get(c.name) as ExpertScoringForm, c.template)
        .findings.filter((f) =>
          ["EXPERT_SUM_MISMATCH", "ROUNDING_DIFFERENCE", "GRADE_MISMATCH", "FORMULA_OVERWRITTEN"].includes(f.code),
        )
        .map((f) => `${c.name}: ${f.code} ${JSON.stringify(f.cell)}`),
    );
    expect(disagreements).toEqual([]);
  });
});
