/**
 * The templates a workbook carries (domain.md §6): every form made by this product names its template
 * by id (the hidden `zpb_templateId_<n>` cell), and the workbook holds each such template in full, as
 * JSON, on a very hidden sheet `zpb_templates`. Checking a form then uses the form's own template,
 * whatever the checker has installed. Pure: the sheet is described here and read from a WorkbookGrid;
 * the xlsx and Office.js writers render it like any other sheet.
 *
 * The sheet: row 1 is a caption; from row 2 on, one template a row — column A its id, columns B, C, …
 * its JSON text in chunks of at most 32,000 characters (Excel holds at most 32,767 in a cell).
 */
import { validateTemplate, type Template, type TemplateIssue } from "../domain/templates/schema";
import type { SheetGrid, WorkbookGrid } from "./grid";
import type { CellSpec, SheetDescription } from "./sheet";

/** The very hidden sheet's name. */
export const TEMPLATE_SHEET = "zpb_templates";
/** Characters of JSON per cell: below Excel's 32,767. */
export const TEMPLATE_CHUNK = 32000;
const CAPTION = ["模板编号", "模板 JSON（绩效自评助手，请勿修改）"];

/** A carried template that was left out: its JSON is broken, or it is not a valid template. */
export interface CarriedTemplateIssue {
  /** The id in column A ("" when empty). */
  readonly id: string;
  /** 1-based row on the sheet. */
  readonly row: number;
  readonly issues: readonly TemplateIssue[];
}

/**
 * A template's JSON cut into cell-sized pieces.
 * @example templateChunks("x".repeat(64001)).length === 3
 */
export function templateChunks(json: string, size: number = TEMPLATE_CHUNK): string[] {
  const out: string[] = [];
  for (let i = 0; i < json.length; i += size) out.push(json.slice(i, i + size));
  return out.length === 0 ? [""] : out;
}

/** The rows of the template sheet (caption first), one template per id, the first of an id kept. */
export function templateRows(templates: readonly Template[]): string[][] {
  const seen = new Set<string>();
  const rows: string[][] = [CAPTION];
  for (const t of templates) {
    if (seen.has(t.id)) continue;
    seen.add(t.id);
    rows.push([t.id, ...templateChunks(JSON.stringify(t))]);
  }
  return rows;
}

/**
 * The very hidden sheet that carries the workbook's templates, for either writer.
 * @example writeWorkbook([formSheet, templateSheet([template])], "自评表.xlsx")
 */
export function templateSheet(templates: readonly Template[]): SheetDescription {
  const rows = templateRows(templates);
  const cells: CellSpec[] = rows.flatMap((row, r) =>
    row.map((value, col) => ({ row: r, col, value, style: { numberFormat: "@" } })),
  );
  const width = Math.max(...rows.map((r) => r.length));
  return {
    sheetName: TEMPLATE_SHEET,
    state: "veryHidden",
    columnWidths: [20, 60],
    hiddenColumns: [],
    rowHeights: new Map(),
    cells,
    merges: [],
    validations: [],
    conditionalFormats: [],
    names: [],
    print: {
      paperSize: 9,
      orientation: "portrait",
      fitToWidth: 1,
      fitToHeight: 0,
      titleRows: [1, 1],
      margins: { left: 0.7, right: 0.7, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 },
      printArea: { from: { row: 0, col: 0 }, to: { row: rows.length - 1, col: width - 1 } },
    },
    frozenRows: 0,
  };
}

const text = (sheet: SheetGrid, row: number, col: number): string => {
  const v = sheet.cell(row, col)?.value;
  return v === null || v === undefined ? "" : String(v);
};

/**
 * The templates a workbook carries, by id, each validated; a row whose JSON is broken or not a valid
 * template (or whose id does not match column A) is left out and given to `onIssue`.
 * @example readCarriedTemplates(workbook).get("xh-2025")?.fullScore
 */
export function readCarriedTemplates(
  workbook: WorkbookGrid,
  onIssue?: (issue: CarriedTemplateIssue) => void,
): Map<string, Template> {
  const out = new Map<string, Template>();
  const sheet = workbook.sheets.find((s) => s.name.toLowerCase() === TEMPLATE_SHEET);
  if (!sheet) return out;
  for (let row = 1; row < sheet.rowCount; row++) {
    const id = text(sheet, row, 0).trim();
    let json = "";
    for (let col = 1; col < sheet.colCount; col++) {
      const piece = text(sheet, row, col);
      if (piece === "") break;
      json += piece;
    }
    if (id === "" && json === "") continue;
    const report = (message: string, path = ""): void => onIssue?.({ id, row: row + 1, issues: [{ path, message }] });
    let data: unknown;
    try {
      data = JSON.parse(json);
    } catch (error) {
      report(`不是有效的 JSON：${(error as Error).message}`);
      continue;
    }
    const result = validateTemplate(data);
    if (!result.ok) {
      onIssue?.({ id, row: row + 1, issues: result.issues });
      continue;
    }
    if (result.template.id !== id) {
      report(`A 列的编号“${id}”与模板中的编号“${result.template.id}”不一致`, "id");
      continue;
    }
    if (!out.has(id)) out.set(id, result.template);
  }
  return out;
}

/**
 * The rows of an existing template sheet (values as read, from A1) with a template added or
 * replaced: what the add-in writes back when a workbook already carries templates. Null when the
 * template is already there, identical.
 */
export function withTemplate(existing: readonly (readonly unknown[])[], template: Template): string[][] | null {
  const rows = existing.map((row) => row.map((v) => (v === null || v === undefined ? "" : String(v))));
  const json = templateChunks(JSON.stringify(template));
  const wanted = [template.id, ...json];
  const at = rows.findIndex((row, i) => i > 0 && row[0]?.trim() === template.id);
  if (at >= 0) {
    const current = rows[at].slice(1).filter((v) => v !== "");
    if (current.join("") === json.join("")) return null;
    rows[at] = wanted;
  } else {
    if (rows.length === 0) rows.push([...CAPTION]);
    rows.push(wanted);
  }
  // A rectangle, as Office.js writes values: short rows padded with "".
  const width = Math.max(...rows.map((r) => r.length));
  return rows.map((r) => [...r, ...Array<string>(width - r.length).fill("")]);
}
