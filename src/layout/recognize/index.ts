/**
 * The recognizer of forms the product did not make: 自评表, 申报表 and 专家评分表 typed by hand or exported
 * from budget systems, in whatever layout a unit or a bureau used. It finds every form on a sheet by
 * its structure, with labels as evidence (the lexicon knows their synonyms, weights, numbering and cut
 * spellings), reads it into the domain model with the address of every value, and lists every cell
 * of the form that it could not place, so that nothing is dropped silently.
 *
 * Where to look:
 * - `lexicon.ts`: every label, its synonyms and spellings; categories; titles and trailers;
 * - `anchors.ts`: where forms start and end on a sheet (titles, 项目名称, captions, side by side);
 * - `form-reader.ts`: one form's area — header pairing, goals, the year, what was left unplaced;
 * - `funding.ts`, `indicators.ts`: the funding blocks and the 绩效指标 table;
 * - `self-evaluation.ts`, `declaration.ts`, `expert.ts`: the three kinds of form.
 *
 * What it does not handle (each case ends up in `unplaced` or as a blank field, never silently):
 * - a goal text continued over several lines: the first line is read, the rest reported;
 * - a funding block without its header row of amounts (`年度资金总额：100万元` in one cell);
 * - a row shifted more than two cells from its header (自评表), or a 申报表 row that has a 三级 and a
 *   stray cell but no target (its last cell is read as the target);
 * - forms side by side less than six columns apart (read as one above the other), a form split over
 *   two sheets, and forms with neither a title nor a 项目名称 label;
 * - 部门整体支出 forms, and anything past row 20000 or column 200.
 *
 * Pure: no Node I/O, no Office, no xlsx library — it reads a SheetGrid.
 */
import type { SheetGrid, WorkbookGrid } from "../grid";
import { standardFormNames } from "../read-standard";
import { computeAreas, findAnchors, guessKind } from "./anchors";
import { readDeclaration } from "./declaration";
import { readExpertPanel } from "./expert";
import type { Recognized } from "./form-reader";
import { readSelfEvaluation } from "./self-evaluation";
import { View } from "./view";

export type { Recognized, Unplaced } from "./form-reader";

/**
 * Every 自评表, 申报表 and 专家评分表 on a sheet, found by their labels, in the order they stand (top to
 * bottom, then left to right). An empty or unrelated sheet gives [].
 * @example recognizeForms(sheet).map((r) => r.form.header.projectName.value)
 */
export function recognizeForms(sheet: SheetGrid): Recognized[] {
  const view = new View(sheet);
  let anchors = findAnchors(view);
  let areas = computeAreas(view, anchors);
  // A 项目名称 with no title is a form only when the blocks follow it; a title with neither its 项目名称
  // nor any block below it is a mention of the form (an instructions sheet), not a form.
  const kept = anchors.filter((a, i) => {
    // A titled form with its 项目名称 is one: its blocks need not be looked at to know it.
    if (a.kind && a.kind !== "expert-scoring" && a.name !== null) return true;
    const guessed = guessKind(view, areas[i]);
    if (a.kind) {
      if (a.kind === "expert-scoring")
        return guessed === "expert-scoring" || readExpertPanel(view, areas[i], a) !== null;
      if (guessed === "expert-scoring" && a.name === null) a.kind = guessed;
      return a.name !== null || guessed !== null;
    }
    a.kind = guessed;
    return a.kind !== null;
  });
  if (kept.length !== anchors.length) {
    anchors = kept;
    areas = computeAreas(view, anchors);
  }
  const out = anchors.flatMap((a, i): Recognized[] => {
    if (a.kind === "expert-scoring") {
      const panel = readExpertPanel(view, areas[i], a);
      return panel ? [panel] : [];
    }
    return [
      a.kind === "target-declaration" ? readDeclaration(view, areas[i], a) : readSelfEvaluation(view, areas[i], a),
    ];
  });
  return out.sort(
    (a, b) =>
      (a.form.range?.from.row ?? 0) - (b.form.range?.from.row ?? 0) ||
      (a.form.range?.from.col ?? 0) - (b.form.range?.from.col ?? 0),
  );
}

/**
 * Every form on every sheet of a workbook that is not one of the product's own standard sheets (those
 * are read by their defined names, `readStandardForms`) and not very hidden (a carried template).
 * @example recognizeWorkbook(workbook).length
 */
export function recognizeWorkbook(workbook: WorkbookGrid): Recognized[] {
  const standard = new Set<string>();
  for (const fields of standardFormNames(workbook.definedNames).values()) {
    for (const target of fields.values()) standard.add(target.sheet);
  }
  return workbook.sheets
    .filter((s) => s.state !== "veryHidden" && !standard.has(s.name))
    .flatMap((s) => recognizeForms(s));
}
