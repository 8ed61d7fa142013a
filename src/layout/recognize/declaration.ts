/**
 * A 申报表 in any layout: title and year, header (项目性质, 项目类别, dates), the two funding identities,
 * 项目总目标 / 年度总体目标, and the indicator table with its targets.
 */
import type { DeclaredIndicator, Field, TargetDeclarationForm } from "../../domain/model";
import { ABSENT } from "../../domain/model";
import type { Anchor } from "./anchors";
import { findRow, FormReader, readTrailers, REASON, type Recognized } from "./form-reader";
import { NO_DECLARATION_FUNDING, readDeclarationFunding } from "./funding";
import { findTableHeader, readDeclTable } from "./indicators";
import { declFundingOf, isAnnualGoal, isOverallGoal, isTrailer } from "./lexicon";
import type { Area, View } from "./view";

export function readDeclaration(view: View, area: Area, anchor: Anchor): Recognized {
  const reader = new FormReader(view, area, anchor);
  const table = findTableHeader(reader, area.top, area.bottom);
  const tableOrEnd = table ? table.row : area.bottom + 1;
  const fundLabel = reader.find(area.top, tableOrEnd - 1, (k) => {
    const f = declFundingOf(k);
    return f === "projectTotal" || f === "annualTotal";
  });
  const goalLabel = reader.find(area.top, tableOrEnd - 1, (k) => isOverallGoal(k) || isAnnualGoal(k));
  const nameRow = anchor.name ? anchor.name.row : area.top;
  const fundRow = fundLabel ? fundLabel.row : -1;
  const goalsRow = goalLabel ? goalLabel.row : -1;
  const headerEnd = Math.min(...[fundRow, goalsRow, tableOrEnd].filter((r) => r >= 0));

  reader.readTop(Math.min(nameRow, headerEnd));
  reader.regions.push({ row: Math.min(nameRow, headerEnd), reason: REASON.header });
  const header = reader.readHeader(area.top, headerEnd, [
    "projectName",
    "nature",
    "category",
    "department",
    "implementer",
    "startDate",
    "endDate",
    "unit",
    "period",
    "manager",
    "phone",
    "managerPhone",
  ]);

  let funding: TargetDeclarationForm["funding"] = NO_DECLARATION_FUNDING;
  let unit: "万元" | "元" | null = null;
  if (fundRow >= 0) {
    reader.regions.push({ row: fundRow, reason: REASON.funding });
    const end = Math.min(...[goalsRow, tableOrEnd].filter((r) => r > fundRow));
    ({ funding, unit } = readDeclarationFunding(reader, fundRow, end));
  }
  const unitFinal = unit ?? reader.unitAbove(tableOrEnd);

  let goals: [Field, Field] = [ABSENT, ABSENT];
  if (goalsRow >= 0) {
    reader.regions.push({ row: goalsRow, reason: REASON.goals });
    goals = reader.readGoals(goalsRow, tableOrEnd, isOverallGoal, isAnnualGoal);
  }

  let indicators: DeclaredIndicator[] = [];
  if (table) {
    reader.regions.push({ row: table.row, reason: REASON.table });
    const footerRow = findRow(
      reader,
      table.row + 1,
      area.bottom,
      (k) => isTrailer(k) && !/^(其他需要说明|说明|备注)/.test(k),
    );
    const end = footerRow >= 0 ? footerRow - 1 : area.bottom;
    indicators = readDeclTable(reader, table, end);
    if (footerRow >= 0) {
      reader.regions.push({ row: footerRow, reason: REASON.after });
      readTrailers(reader, footerRow);
    }
  }

  const form: TargetDeclarationForm = {
    kind: "target-declaration",
    sheet: view.sheet.name,
    range: reader.range(),
    templateId: null,
    year: reader.year,
    header: {
      projectName: header.projectName,
      nature: header.nature,
      category: header.category,
      department: header.department,
      implementer: header.implementer,
      startDate: header.startDate,
      endDate: header.endDate,
    },
    moneyUnit: unitFinal,
    funding,
    goals: { overall: goals[0], annual: goals[1] },
    indicators,
    ...(reader.placeholders.length > 0 ? { placeholderRows: reader.placeholders } : {}),
  };
  return { form, unplaced: reader.unplaced() };
}
