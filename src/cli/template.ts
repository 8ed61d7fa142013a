/**
 * `zpb template`: a blank template workbook for a template and year, carrying its template on a very
 * hidden sheet (src/layout/carried-templates.ts).
 */
import type { Template } from "../domain";
import { templateSheet } from "../layout/carried-templates";
import { blankDeclaration, layoutDeclaration } from "../layout/declaration";
import { blankExpertScoring, layoutExpertScoring } from "../layout/expert";
import { blankSelfEvaluation, layoutSelfEvaluation } from "../layout/standard";
import { writeWorkbook } from "../xlsx/write";

/** Writes a blank form of the template's kind to `file` (an expert panel of `experts`, the template's number by default). */
export async function makeTemplateWorkbook(
  template: Template,
  year: number | null,
  file: string,
  experts?: number,
): Promise<void> {
  const sheet =
    template.kind === "target-declaration"
      ? layoutDeclaration(template, blankDeclaration(template, year), { formNo: 1, sheetName: "申报表" })
      : template.kind === "expert-scoring"
        ? layoutExpertScoring(template, blankExpertScoring(template, year, experts), {
            formNo: 1,
            sheetName: "专家评分表",
          }).sheet
        : layoutSelfEvaluation(template, blankSelfEvaluation(template, year), { formNo: 1, sheetName: "自评表" }).sheet;
  await writeWorkbook([sheet, templateSheet([template])], file);
}
