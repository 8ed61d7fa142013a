/**
 * `zpb template`: a blank template workbook for a template and year, carrying its template on a very
 * hidden sheet (src/layout/carried-templates.ts).
 */
import type { Template } from "../domain";
import { templateSheet } from "../layout/carried-templates";
import { blankDeclaration, layoutDeclaration } from "../layout/declaration";
import { blankSelfEvaluation, layoutSelfEvaluation } from "../layout/standard";
import { writeWorkbook } from "../xlsx/write";

/** Writes a blank form of the template's kind to `file`. */
export async function makeTemplateWorkbook(template: Template, year: number | null, file: string): Promise<void> {
  const sheet =
    template.kind === "target-declaration"
      ? layoutDeclaration(template, blankDeclaration(template, year), { formNo: 1, sheetName: "申报表" })
      : layoutSelfEvaluation(template, blankSelfEvaluation(template, year), { formNo: 1, sheetName: "自评表" }).sheet;
  await writeWorkbook([sheet, templateSheet([template])], file);
}
