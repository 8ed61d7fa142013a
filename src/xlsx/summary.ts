/**
 * The bureau's review summary (`zpb check … --summary 汇总.xlsx`): on sheet 汇总 one row per form
 * (header frozen, filters on, a link back to each file and form), a totals block with formulas, a
 * bar chart of 总分 by project on sheet 图表, and what each column means on sheet 说明.
 *
 * Text from the checked files is written as text and never as a formula. Text that a spreadsheet
 * would take for a formula when someone edits the cell (`=`, `+`, `-`, `@`, tab, carriage return at
 * the start) gets the cell style's quote prefix (`quotePrefix="1"`, what Excel sets when one types
 * `'=…`): the reader sees the text exactly as the form holds it, and editing it keeps it text.
 * ExcelJS cannot write that flag, nor charts, so the package is reopened and those parts added
 * (see `finishPackage`).
 */
import ExcelJS from "exceljs";
import { promises as fs } from "fs";
import * as path from "path";
import type { Report } from "../layout/report";
import { SUMMARY_COLUMNS, summaryRowOf, type SummaryRow } from "../layout/summary";
import { readZipEntries, writeZip, type ZipEntry } from "./zip-write";

/** Text a spreadsheet could read as a formula once the cell is edited. */
export function needsQuotePrefix(text: string): boolean {
  return /^[=+\-@\t\r]/.test(text);
}

/**
 * The number format the guarded cells carry: Text (`@`, built-in id 49), so that editing them keeps
 * them text even where the quote prefix is not honoured; the package's styles give every cell format
 * with it the quote prefix, and no other cell of the summary uses it.
 */
const GUARDED_FORMAT = "@";
const GUARDED_FORMAT_ID = "49";

export const SUMMARY_SHEET = "汇总";
export const CHART_SHEET = "图表";
export const NOTES_SHEET = "说明";

/** Column letters of the 汇总 sheet: 文件 first, then the shared summary columns. */
const COLUMNS = [
  { key: "file", header: "文件", width: 30, numberFormat: undefined },
  ...SUMMARY_COLUMNS.map((c) => ({ key: c.key, header: c.header, width: c.width, numberFormat: c.numberFormat })),
] as const;
const col = (key: string): number => COLUMNS.findIndex((c) => c.key === key) + 1;
const letter = (key: string): string => String.fromCharCode(64 + col(key));

/**
 * A relative link from the summary's folder to a checked file, each path segment percent-encoded
 * (`#`, `%`, spaces and Chinese alike), with `#'Sheet'!A1` appended to jump to a form's sheet.
 * @example fileLink("/r", "/r/二 季度/a#1.xlsx", "自评表") === "%E4%BA%8C%20%E5%AD%A3%E5%BA%A6/a%231.xlsx#'自评表'!A1"
 */
export function fileLink(summaryDir: string, file: string, sheet: string | null): string {
  const relative = path.relative(summaryDir, path.resolve(file)).split(path.sep);
  const encoded = relative.map((s) => (s === ".." || s === "." ? s : encodeURIComponent(s))).join("/");
  return sheet === null ? encoded : `${encoded}#'${sheet.replace(/'/g, "''")}'!A1`;
}

const HEADER_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDEECF9" } };
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: "thin" },
  bottom: { style: "thin" },
  left: { style: "thin" },
  right: { style: "thin" },
};

/** Sets a text cell; text that could become a formula is marked for the quote prefix. */
function setText(cell: ExcelJS.Cell, text: string | null): void {
  if (text === null) return;
  cell.value = text;
  if (needsQuotePrefix(text)) cell.numFmt = GUARDED_FORMAT;
}

export interface SummaryLayout {
  /** Data rows 2…lastDataRow (1-based); equal to 1 when there are none. */
  readonly lastDataRow: number;
  /** The rows of 表数, 平均总分, 有错误的表数 (1-based). */
  readonly totals: { readonly forms: number; readonly average: number; readonly withErrors: number };
}

export async function writeSummary(report: Report, file: string): Promise<SummaryLayout> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "绩效自评助手";
  const ws = wb.addWorksheet(SUMMARY_SHEET, { views: [{ state: "frozen", ySplit: 1, topLeftCell: "A2" }] });
  ws.columns = COLUMNS.map((c) => ({ key: c.key, width: c.width }));

  const header = ws.getRow(1);
  COLUMNS.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.border = THIN;
    cell.alignment = { horizontal: "center", vertical: "middle" };
  });

  const dir = path.dirname(path.resolve(file));
  const rows: { file: string; link: string; row: SummaryRow | null; error: string | null }[] = [];
  for (const f of report.files) {
    if (f.error) {
      rows.push({ file: f.path, link: fileLink(dir, f.path, null), row: null, error: `无法读取：${f.error.message}` });
      continue;
    }
    for (const form of f.forms) {
      rows.push({ file: f.path, link: fileLink(dir, f.path, form.sheet), row: summaryRowOf(form), error: null });
    }
  }

  rows.forEach((r, i) => {
    const row = ws.getRow(i + 2);
    const name = path.basename(r.file);
    const fileCell = row.getCell(col("file"));
    // The shown text is the file's name as it is; the link target is a separate, encoded attribute.
    fileCell.value = { text: name, hyperlink: r.link, tooltip: `打开 ${name}` };
    fileCell.font = { color: { argb: "FF0563C1" }, underline: true };
    if (needsQuotePrefix(name)) fileCell.numFmt = GUARDED_FORMAT;
    if (r.row === null) {
      setText(row.getCell(col("first")), r.error);
    } else {
      const s = r.row;
      setText(row.getCell(col("sheet")), s.sheet);
      setText(row.getCell(col("unit")), s.unit);
      setText(row.getCell(col("project")), s.project);
      setText(row.getCell(col("grade")), s.grade);
      setText(row.getCell(col("first")), s.first);
      for (const key of ["budget", "rate", "total", "errors", "warnings"] as const) {
        const value = s[key];
        const cell = row.getCell(col(key));
        if (value !== null) cell.value = value;
        const format = COLUMNS[col(key) - 1].numberFormat;
        if (format) cell.numFmt = format;
      }
    }
    for (let c = 1; c <= COLUMNS.length; c++) row.getCell(c).border = THIN;
  });

  const lastDataRow = rows.length + 1;
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: lastDataRow, column: COLUMNS.length } };

  // Totals, a blank row below the table so that filtering and sorting leave them alone. Formulas over
  // the whole data rows, with the values they give now as cached results.
  const data = (key: string): string => `${letter(key)}2:${letter(key)}${Math.max(2, lastDataRow)}`;
  const forms = rows.filter((r) => r.row !== null);
  const scores = forms.map((r) => r.row?.total).filter((x): x is number => typeof x === "number");
  const average = scores.length === 0 ? "" : scores.reduce((a, b) => a + b, 0) / scores.length;
  const totals = { forms: lastDataRow + 2, average: lastDataRow + 3, withErrors: lastDataRow + 4 };
  const totalCells: [number, string, string, number | string, string][] = [
    [totals.forms, "表数", `COUNTA(${data("sheet")})`, forms.length, "0"],
    [totals.average, "平均总分", `IF(COUNT(${data("total")})=0,"",AVERAGE(${data("total")}))`, average, "0.00"],
    [
      totals.withErrors,
      "有错误的表数",
      `COUNTIF(${data("errors")},">0")`,
      forms.filter((r) => (r.row?.errors ?? 0) > 0).length,
      "0",
    ],
  ];
  for (const [r, label, formula, result, format] of totalCells) {
    const labelCell = ws.getCell(r, 1);
    labelCell.value = label;
    labelCell.font = { bold: true };
    const valueCell = ws.getCell(r, 2);
    valueCell.value = { formula, result } as ExcelJS.CellFormulaValue;
    valueCell.numFmt = format;
    valueCell.font = { bold: true };
  }

  ws.pageSetup = {
    paperSize: 9,
    orientation: "landscape",
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    printTitlesRow: "1:1",
  };

  const chart = wb.addWorksheet(CHART_SHEET);
  chart.getCell("A1").value = "总分（按项目）";
  chart.getCell("A1").font = { bold: true, size: 12 };
  chart.pageSetup = { paperSize: 9, orientation: "landscape" };

  const notes = wb.addWorksheet(NOTES_SHEET);
  notes.columns = [{ width: 16 }, { width: 80 }];
  const noteRows: [string, string][] = [
    ["列", "含义"],
    ["文件", "被检查的文件；点击可打开该文件并跳到表所在的工作表（链接为相对于本汇总表的路径）"],
    ...SUMMARY_COLUMNS.map((c): [string, string] => [c.header, c.meaning]),
    ["", ""],
    ["合计", "表格下方：表数（读到的表）、平均总分（有总分的表的平均）、有错误的表数；均为公式，随筛选前的全部行计算"],
    ["图表", "“图表”工作表：各项目的总分柱形图，数据取自“汇总”工作表"],
    ["无法读取", "文件无法读取时只有“文件”与“首要问题”两列，说明原因"],
    ["以 = + - @ 开头的文字", "按原样显示为文字（单元格带前缀撇号标记），不会被当作公式计算"],
    ["", ""],
    ["退出码", "含义（zpb check 命令结束时返回）"],
    ["0", "所有文件都已读取，没有发现错误"],
    ["1", "至少一张表有错误"],
    ["2", "至少一个文件无法读取"],
  ];
  noteRows.forEach(([a, b], i) => {
    const row = notes.getRow(i + 1);
    row.getCell(1).value = a;
    row.getCell(2).value = b;
    row.getCell(2).alignment = { wrapText: true, vertical: "top" };
    if (a === "列" || a === "退出码") row.font = { bold: true };
  });

  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  const finished = await finishPackage(buffer, {
    categories: `'${SUMMARY_SHEET}'!$${letter("project")}$2:$${letter("project")}$${Math.max(2, lastDataRow)}`,
    values: `'${SUMMARY_SHEET}'!$${letter("total")}$2:$${letter("total")}$${Math.max(2, lastDataRow)}`,
    seriesName: `'${SUMMARY_SHEET}'!$${letter("total")}$1`,
    points: rows.map((r) => ({ category: r.row?.project ?? "", value: r.row?.total ?? null })),
    chartSheet: CHART_SHEET,
  });
  await fs.writeFile(file, finished);
  return { lastDataRow, totals };
}

// ---------------------------------------------------------------------------------------------------
// Package post-processing: the quote prefix and the chart

interface ChartSpec {
  /** `'汇总'!$D$2:$D$9` */
  readonly categories: string;
  readonly values: string;
  readonly seriesName: string;
  /** What the ranges hold now, as the chart's cache (shown before any recalculation). */
  readonly points: readonly { readonly category: string; readonly value: number | null }[];
  /** The worksheet the chart is drawn on. */
  readonly chartSheet: string;
}

/**
 * Text for the chart and drawing parts, which are written here, not by ExcelJS: escaped, and without
 * the control characters XML 1.0 does not allow (a vertical tab pasted from Word reads back from a cell
 * written as `_x000B_`), which would make the part not well-formed — Excel would repair the file.
 */
const xml = (s: string): string =>
  s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, " ") // eslint-disable-line no-control-regex
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");

const NS = {
  c: "http://schemas.openxmlformats.org/drawingml/2006/chart",
  a: "http://schemas.openxmlformats.org/drawingml/2006/main",
  r: "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
  xdr: "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
  rel: "http://schemas.openxmlformats.org/package/2006/relationships",
  drawingRel: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing",
  chartRel: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart",
};

function chartXml(spec: ChartSpec): string {
  const cats = spec.points.map((p, i) => `<c:pt idx="${i}"><c:v>${xml(p.category)}</c:v></c:pt>`).join("");
  const vals = spec.points
    .map((p, i) => (p.value === null ? "" : `<c:pt idx="${i}"><c:v>${p.value}</c:v></c:pt>`))
    .join("");
  const n = spec.points.length;
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<c:chartSpace xmlns:c="${NS.c}" xmlns:a="${NS.a}" xmlns:r="${NS.r}">` +
    `<c:roundedCorners val="0"/>` +
    `<c:chart>` +
    `<c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>总分（按项目）</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>` +
    `<c:autoTitleDeleted val="0"/>` +
    `<c:plotArea><c:layout/>` +
    `<c:barChart><c:barDir val="bar"/><c:grouping val="clustered"/><c:varyColors val="0"/>` +
    `<c:ser><c:idx val="0"/><c:order val="0"/>` +
    `<c:tx><c:strRef><c:f>${xml(spec.seriesName)}</c:f><c:strCache><c:ptCount val="1"/><c:pt idx="0"><c:v>总分</c:v></c:pt></c:strCache></c:strRef></c:tx>` +
    `<c:spPr><a:solidFill><a:srgbClr val="2E75B6"/></a:solidFill></c:spPr>` +
    `<c:invertIfNegative val="0"/>` +
    `<c:dLbls><c:numFmt formatCode="0.00" sourceLinked="0"/><c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>` +
    `<c:cat><c:strRef><c:f>${xml(spec.categories)}</c:f><c:strCache><c:ptCount val="${n}"/>${cats}</c:strCache></c:strRef></c:cat>` +
    `<c:val><c:numRef><c:f>${xml(spec.values)}</c:f><c:numCache><c:formatCode>0.00</c:formatCode><c:ptCount val="${n}"/>${vals}</c:numCache></c:numRef></c:val>` +
    `</c:ser>` +
    `<c:gapWidth val="80"/><c:axId val="500000001"/><c:axId val="500000002"/></c:barChart>` +
    `<c:catAx><c:axId val="500000001"/><c:scaling><c:orientation val="maxMin"/></c:scaling><c:delete val="0"/><c:axPos val="l"/><c:numFmt formatCode="General" sourceLinked="0"/><c:tickLblPos val="nextTo"/><c:crossAx val="500000002"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>` +
    `<c:valAx><c:axId val="500000002"/><c:scaling><c:orientation val="minMax"/><c:max val="100"/><c:min val="0"/></c:scaling><c:delete val="0"/><c:axPos val="t"/><c:majorGridlines/><c:numFmt formatCode="0" sourceLinked="0"/><c:tickLblPos val="nextTo"/><c:crossAx val="500000001"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>` +
    `</c:plotArea>` +
    `<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/>` +
    `</c:chart></c:chartSpace>`
  );
}

/** A drawing with the chart from B3, tall enough for every project (a bar per 0.6 rows, 15 rows at least). */
function drawingXml(points: number): string {
  const toRow = 2 + Math.max(15, Math.ceil(points * 1.2) + 4);
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<xdr:wsDr xmlns:xdr="${NS.xdr}" xmlns:a="${NS.a}">` +
    `<xdr:twoCellAnchor editAs="oneCell">` +
    `<xdr:from><xdr:col>1</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>2</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>` +
    `<xdr:to><xdr:col>12</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${toRow}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>` +
    `<xdr:graphicFrame macro="">` +
    `<xdr:nvGraphicFramePr><xdr:cNvPr id="2" name="总分图"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
    `<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>` +
    `<a:graphic><a:graphicData uri="${NS.c}"><c:chart xmlns:c="${NS.c}" xmlns:r="${NS.r}" r:id="rId1"/></a:graphicData></a:graphic>` +
    `</xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>`
  );
}

/** Worksheet elements that must come after `<drawing>` (ECMA-376 CT_Worksheet order). */
const AFTER_DRAWING = [
  "legacyDrawing",
  "legacyDrawingHF",
  "drawingHF",
  "picture",
  "oleObjects",
  "controls",
  "webPublishItems",
  "tableParts",
  "extLst",
];

/** The sheet XML with `<drawing r:id=…/>` where the schema wants it. */
export function insertDrawing(sheetXml: string, rId: string): string {
  if (/<drawing\b/.test(sheetXml)) throw new Error("the sheet already has a drawing");
  const element = `<drawing r:id="${rId}"/>`;
  let at = sheetXml.lastIndexOf("</worksheet>");
  for (const tag of AFTER_DRAWING) {
    const i = sheetXml.search(new RegExp(`<${tag}[\\s/>]`));
    if (i >= 0 && i < at) at = i;
  }
  let out = sheetXml.slice(0, at) + element + sheetXml.slice(at);
  if (!/<worksheet\b[^>]*\bxmlns:r=/.test(out)) out = out.replace(/<worksheet\b/, `<worksheet xmlns:r="${NS.r}"`);
  return out;
}

/** A relationships part with one more relationship (a fresh rId); a new part when there was none. */
export function addRelationship(relsXml: string | null, type: string, target: string): { xml: string; rId: string } {
  const base =
    relsXml ??
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${NS.rel}"></Relationships>`;
  const taken = new Set([...base.matchAll(/\bId="([^"]+)"/g)].map((m) => m[1]));
  let n = 1;
  while (taken.has(`rId${n}`)) n++;
  const rId = `rId${n}`;
  const rel = `<Relationship Id="${rId}" Type="${type}" Target="${xml(target)}"/>`;
  const closed = base.replace(/<Relationships([^>]*)\/>/, "<Relationships$1></Relationships>");
  return { xml: closed.replace("</Relationships>", `${rel}</Relationships>`), rId };
}

/** Every cell format with the Text number format gets the quote prefix. */
export function addQuotePrefix(stylesXml: string): string {
  return stylesXml.replace(/<cellXfs\b[\s\S]*?<\/cellXfs>/, (block) =>
    block.replace(/<xf\b([^>]*?)(\/?)>/g, (whole, attrs: string, slash: string) =>
      new RegExp(`\\bnumFmtId="${GUARDED_FORMAT_ID}"`).test(attrs) && !/\bquotePrefix=/.test(attrs)
        ? `<xf${attrs} quotePrefix="1"${slash}>`
        : whole,
    ),
  );
}

/** The worksheet part of a sheet, from the workbook and its relationships. */
function sheetPart(entries: Map<string, Buffer>, sheetName: string): string {
  const workbook = entries.get("xl/workbook.xml")?.toString("utf8") ?? "";
  const rels = entries.get("xl/_rels/workbook.xml.rels")?.toString("utf8") ?? "";
  const sheet = [...workbook.matchAll(/<sheet\b[^>]*>/g)]
    .map((m) => m[0])
    .find((s) => s.includes(`name="${xml(sheetName)}"`));
  const rId = sheet ? /\br:id="([^"]+)"/.exec(sheet)?.[1] : undefined;
  const rel = rId
    ? [...rels.matchAll(/<Relationship\b[^>]*>/g)].map((m) => m[0]).find((r) => r.includes(`Id="${rId}"`))
    : undefined;
  const target = rel ? /\bTarget="([^"]+)"/.exec(rel)?.[1] : undefined;
  if (!target) throw new Error(`no worksheet part for ${sheetName}`);
  return target.startsWith("/") ? target.slice(1) : path.posix.join("xl", target);
}

/**
 * A link to a sheet of another workbook is its file (the relationship's target) and a place in it (the
 * link's `location`). ExcelJS writes the whole `file#'sheet'!A1` as both, and Excel joins the two
 * (`file#'sheet'!A1#file#'sheet'!A1`): the link opens nothing. The target keeps the file, the location
 * the place.
 */
function splitLinkTargets(rels: string): string {
  return rels.replace(/(<Relationship\b[^>]*\bType="[^"]*\/hyperlink"[^>]*\bTarget=")([^"#]*)#[^"]*"/g, '$1$2"');
}

function splitLinkLocations(sheetXml: string): string {
  return sheetXml.replace(/(<hyperlink\b[^>]*\blocation=")[^"#]*#([^"]*)"/g, '$1$2"');
}

/** Adds the quote prefix, the links' places and the chart to a package ExcelJS wrote. */
async function finishPackage(buffer: Buffer, chart: ChartSpec): Promise<Buffer> {
  const list = await readZipEntries(buffer);
  const entries = new Map(list.map((e) => [e.name, e.data]));
  const text = (name: string): string | null => entries.get(name)?.toString("utf8") ?? null;
  const put = (name: string, content: string): void => {
    entries.set(name, Buffer.from(content, "utf8"));
  };

  const styles = text("xl/styles.xml");
  if (styles !== null) put("xl/styles.xml", addQuotePrefix(styles));
  for (const name of [...entries.keys()]) {
    if (/^xl\/worksheets\/sheet\d+\.xml$/.test(name)) put(name, splitLinkLocations(text(name) ?? ""));
    if (/^xl\/worksheets\/_rels\/sheet\d+\.xml\.rels$/.test(name)) put(name, splitLinkTargets(text(name) ?? ""));
  }

  let n = 1;
  while (entries.has(`xl/charts/chart${n}.xml`) || entries.has(`xl/drawings/drawing${n}.xml`)) n++;
  const chartName = `xl/charts/chart${n}.xml`;
  const drawingName = `xl/drawings/drawing${n}.xml`;
  put(chartName, chartXml(chart));
  put(drawingName, drawingXml(chart.points.length));
  put(`xl/drawings/_rels/drawing${n}.xml.rels`, addRelationship(null, NS.chartRel, `../charts/chart${n}.xml`).xml);

  const sheet = sheetPart(entries, chart.chartSheet);
  const sheetRels = path.posix.join(path.posix.dirname(sheet), "_rels", `${path.posix.basename(sheet)}.rels`);
  const rel = addRelationship(text(sheetRels), NS.drawingRel, `../drawings/drawing${n}.xml`);
  put(sheetRels, rel.xml);
  put(sheet, insertDrawing(text(sheet) ?? "", rel.rId));

  const types = text("[Content_Types].xml") ?? "";
  const overrides =
    `<Override PartName="/${chartName}" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>` +
    `<Override PartName="/${drawingName}" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/>`;
  put("[Content_Types].xml", types.replace("</Types>", `${overrides}</Types>`));

  // [Content_Types].xml first, as packages usually have it.
  const order = [...entries.keys()].sort((a, b) =>
    a === "[Content_Types].xml" ? -1 : b === "[Content_Types].xml" ? 1 : 0,
  );
  const out: ZipEntry[] = order.map((name) => ({ name, data: entries.get(name) as Buffer }));
  return writeZip(out);
}
