/**
 * The highlights the sheets carry (conditional formats, seen in Excel without the add-in) keep their
 * text readable: at least 4.5:1 between the text and the fill (WCAG 2.1 SC 1.4.3), the text colour being
 * the highlight's own or, without one, the cell's. Worked by the WCAG formula, pinned on known pairs.
 */
import { BUILTIN_TEMPLATES } from "../domain";
import { blankExpertScoring, layoutExpertScoring } from "./expert";
import type { SheetDescription } from "./sheet";
import { blankSelfEvaluation, layoutSelfEvaluation } from "./standard";

/** WCAG 2.1 relative luminance of #RRGGBB. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const lin = (c: number): number => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG 2.1 contrast ratio of two colours. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

test("the contrast formula, on pairs worked by hand", () => {
  expect(contrast("#000000", "#FFFFFF")).toBeCloseTo(21, 5);
  expect(contrast("#FFFFFF", "#FFFFFF")).toBeCloseTo(1, 5);
  // #767676 on white is the classic just-passing grey: 4.54:1.
  expect(contrast("#767676", "#FFFFFF")).toBeCloseTo(4.54, 2);
  // #777777 just fails: 4.48:1.
  expect(contrast("#777777", "#FFFFFF")).toBeLessThan(4.5);
});

function sheets(): { name: string; sheet: SheetDescription }[] {
  return BUILTIN_TEMPLATES.flatMap((t) => {
    if (t.kind === "self-evaluation")
      return [
        {
          name: t.id,
          sheet: layoutSelfEvaluation(t, blankSelfEvaluation(t), { formNo: 1, sheetName: "自评表" }).sheet,
        },
      ];
    if (t.kind === "expert-scoring")
      return [
        {
          name: t.id,
          sheet: layoutExpertScoring(t, blankExpertScoring(t, 2024), { formNo: 1, sheetName: "专家评分表" }).sheet,
        },
      ];
    return [];
  });
}

test.each(sheets().map((s) => [s.name, s.sheet] as const))(
  "every highlight of %s keeps 4.5:1 for the text over it",
  (_name, sheet) => {
    expect(sheet.conditionalFormats.length).toBeGreaterThan(0);
    const styleAt = new Map(sheet.cells.map((c) => [`${c.row},${c.col}`, c.style] as const));
    const low: string[] = [];
    for (const cf of sheet.conditionalFormats) {
      for (let r = cf.range.from.row; r <= cf.range.to.row; r++) {
        for (let c = cf.range.from.col; c <= cf.range.to.col; c++) {
          const text = cf.fontColor ?? styleAt.get(`${r},${c}`)?.font?.color ?? "#000000";
          const ratio = contrast(cf.fill, text);
          if (ratio < 4.5) low.push(`${cf.meaning} (${r},${c}): ${text} on ${cf.fill} = ${ratio.toFixed(2)}`);
        }
      }
    }
    expect(low).toEqual([]);
  },
);
