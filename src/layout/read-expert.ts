/**
 * Reads a standard 专家评分表 back into the domain model, by its defined names and then by the sheet
 * itself: the expert columns are the `expertNames` range (so an inserted expert column is seen), the
 * items are every row from under the experts' names to the 总分 row, 合计/平均分 are found by their
 * labels, and the summary lines from their header to their end marker. A computed cell that lost its
 * formula is reported (FORMULA_OVERWRITTEN), not trusted.
 */
import type { CellAddress } from "../domain/address";
import type { ComputedField, ExpertGroupLine, ExpertItem, ExpertScoringForm, Field } from "../domain/model";
import { ABSENT } from "../domain/model";
import { cellText, comparable } from "../domain/text";
import { ECOL } from "./expert";
import { fieldAt, type SheetGrid } from "./grid";
import type { NameTarget, StandardRead } from "./read-standard";

const text = (f: Field): string => cellText(f.value).trim();

export function readExpertScoring(sheet: SheetGrid, names: Map<string, NameTarget>): StandardRead {
  const missing: string[] = [];
  const overwritten: { field: ComputedField; at: CellAddress; text: string }[] = [];
  const named = (field: string): Field => {
    const target = names.get(field);
    if (!target || target.sheet !== sheet.name) {
      missing.push(field);
      return ABSENT;
    }
    return fieldAt(sheet, target.from);
  };
  const computed = (field: Field, kind: ComputedField): Field => {
    if (!field.at) return field;
    const cell = sheet.cell(field.at.row, field.at.col);
    if (cell && cell.formula === undefined && cellText(cell.value).trim() !== "") {
      if (!overwritten.some((o) => o.at.row === field.at?.row && o.at.col === field.at.col))
        overwritten.push({ field: kind, at: field.at, text: cellText(cell.value) });
    }
    return field;
  };

  const expertsTarget = names.get("expertNames");
  const headerTarget = names.get("indicatorHeader");
  const fullScore = computed(named("fullScore"), "fullScore");
  const totalSum = computed(named("totalSum"), "itemSum");
  const averageTotal = computed(named("averageTotal"), "averageTotal");
  const grade = names.has("grade") ? computed(named("grade"), "grade") : null;

  const experts: Field[] = [];
  const expertCols: number[] = [];
  if (expertsTarget && expertsTarget.sheet === sheet.name) {
    for (let c = expertsTarget.from.col; c <= expertsTarget.to.col; c++) {
      experts.push(fieldAt(sheet, { row: expertsTarget.from.row, col: c }));
      expertCols.push(c);
    }
  }
  const lastExpert = expertCols.length > 0 ? expertCols[expertCols.length - 1] : ECOL.firstExpert - 1;
  const headerRow = headerTarget && headerTarget.sheet === sheet.name ? headerTarget.from.row : null;
  const labelCol = (label: string, fallback: number): number => {
    if (headerRow === null) return fallback;
    for (let c = lastExpert + 1; c < Math.max(sheet.colCount, fallback + 1); c++) {
      if (comparable(cellText(fieldAt(sheet, { row: headerRow, col: c }).value)) === label) return c;
    }
    return fallback;
  };
  const sumCol = labelCol("合计", lastExpert + 1);
  const averageCol = labelCol("平均分", lastExpert + 2);

  const items: ExpertItem[] = [];
  const totalRow = fullScore.at?.row ?? averageTotal.at?.row ?? null;
  if (expertsTarget && expertsTarget.sheet === sheet.name && totalRow !== null) {
    let level1: Field = ABSENT;
    let level2: Field = ABSENT;
    for (let r = expertsTarget.from.row + 1; r < totalRow; r++) {
      const l1 = fieldAt(sheet, { row: r, col: ECOL.level1 });
      const l2 = fieldAt(sheet, { row: r, col: ECOL.level2 });
      if (text(l1) !== "") level1 = l1;
      if (text(l2) !== "") level2 = l2;
      for (const c of [ECOL.level1Weight, ECOL.level2Weight])
        computed(fieldAt(sheet, { row: r, col: c }), "groupWeight");
      items.push({
        level1,
        level2,
        level3: fieldAt(sheet, { row: r, col: ECOL.level3 }),
        weight: fieldAt(sheet, { row: r, col: ECOL.weight }),
        scores: expertCols.map((c) => fieldAt(sheet, { row: r, col: c })),
        sum: computed(fieldAt(sheet, { row: r, col: sumCol }), "itemSum"),
        average: computed(fieldAt(sheet, { row: r, col: averageCol }), "itemAverage"),
      });
    }
  }
  const expertTotals =
    totalRow === null ? [] : expertCols.map((c) => computed(fieldAt(sheet, { row: totalRow, col: c }), "expertTotal"));

  // The summary lines: a 一级 line says 小计 in its 二级 cell; the columns are found by their labels.
  const groups: ExpertGroupLine[] = [];
  const groupsHeader = names.get("groupsHeader");
  const groupsEnd = names.get("groupsEnd");
  if (groupsHeader && groupsHeader.sheet === sheet.name) {
    const hr = groupsHeader.from.row;
    const cols = new Map<string, number>();
    for (let c = 0; c < sheet.colCount; c++) {
      const label = comparable(cellText(sheet.cell(hr, c)?.value ?? null));
      if (label !== "" && !cols.has(label)) cols.set(label, c);
    }
    const stop = groupsEnd && groupsEnd.sheet === sheet.name ? groupsEnd.from.row : sheet.rowCount;
    for (let r = hr + 1; r < stop; r++) {
      const l1 = fieldAt(sheet, { row: r, col: cols.get("一级指标") ?? 0 });
      const l2 = fieldAt(sheet, { row: r, col: cols.get("二级指标") ?? 2 });
      if (text(l1) === "" && text(l2) === "") continue;
      groups.push({
        level1: l1,
        level2: comparable(text(l2)) === "小计" ? null : l2,
        weight: computed(fieldAt(sheet, { row: r, col: cols.get("分值") ?? 5 }), "groupWeight"),
        average: computed(fieldAt(sheet, { row: r, col: cols.get("平均得分") ?? 6 }), "groupAverage"),
        lossRate: computed(fieldAt(sheet, { row: r, col: cols.get("失分率") ?? 9 }), "lossRate"),
      });
    }
  }

  const templateId = cellText(named("templateId").value).trim();
  const yearText = cellText(named("year").value);
  const year = /(\d{4})\s*年/.exec(yearText);
  // The form ends with its last summary line (the row before the end marker), else with its 等级 or 总分 line.
  const last = groupsEnd ? groupsEnd.from.row - 1 : (grade?.at?.row ?? totalRow ?? sheet.rowCount - 1);
  const form: ExpertScoringForm = {
    kind: "expert-scoring",
    sheet: sheet.name,
    range: { from: { row: 0, col: 0 }, to: { row: Math.max(0, last), col: Math.max(averageCol, 0) } },
    templateId: templateId === "" ? null : templateId,
    year: year ? Number(year[1]) : null,
    header: {
      projectName: named("projectName"),
      department: named("department"),
      implementer: named("implementer"),
    },
    experts,
    items,
    expertTotals,
    fullScore,
    totalSum,
    averageTotal,
    grade,
    groups,
    // In reading order, as the findings about them will be listed.
    overwritten: overwritten.sort((a, b) => a.at.row - b.at.row || a.at.col - b.at.col),
  };
  return { form, missing };
}
