import ExcelJS from "exceljs";
import { strFromU8, unzipSync } from "fflate";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { FindingJson, FormJson, Report } from "../layout/report";
import { convertWith, sofficeGate } from "../../test/standard-form";
import { addRelationship, addQuotePrefix, fileLink, insertDrawing, writeSummary } from "./summary";
import { crc32, readZipEntries, writeZip } from "./zip-write";

const finding = (severity: FindingJson["severity"], cell: string, message: string): FindingJson => ({
  code: "X",
  severity,
  cell,
  message,
  params: {},
});

const form = (sheet: string, project: string | null, total: number | null, findings: FindingJson[]): FormJson =>
  ({
    sheet,
    range: null,
    kind: "self-evaluation",
    template: "sh-district-2023",
    year: 2024,
    projectName: project,
    unit: "上海市某区教育局",
    annualBudget: 1234567.5,
    computed: { executionRate: 0.9512, totalScore: total, grade: total === null ? null : total >= 90 ? "优" : "良" },
    findings,
    unplaced: [],
  }) as unknown as FormJson;

function reportIn(dir: string): Report {
  return {
    version: 1,
    summary: { files: 3, forms: 4, errors: 1, warnings: 1, infos: 0 },
    files: [
      {
        path: path.join(dir, "报表", "一 季度#1.xlsx"),
        error: null,
        forms: [
          form("自评表", "校舍维修项目", 92.5, [
            finding("warning", "自评表!I9", "偏差原因未填写"),
            finding("error", "自评表!H20", "总分与各项得分之和不符"),
          ]),
          form("自评表 (2)", '=HYPERLINK("http://evil","x")', 80, []),
        ],
      },
      { path: path.join(dir, "坏文件.xlsx"), error: { code: "DAMAGED", message: "文件已损坏" }, forms: [] },
      { path: path.join(dir, "c.xlsx"), error: null, forms: [form("S", "+1+1", null, [])] },
    ],
  };
}

let dir = "";
let file = "";
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "zpb-summary-"));
  file = path.join(dir, "汇总.xlsx");
  await writeSummary(reportIn(dir), file);
});
afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function parts(): Promise<Map<string, string>> {
  const entries = await readZipEntries(fs.readFileSync(file));
  return new Map(entries.map((e) => [e.name, e.data.toString("utf8")]));
}

describe("the summary workbook", () => {
  test("one row per form, an unreadable file on a row of its own, the header frozen and styled", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["汇总", "图表", "说明"]);
    const ws = wb.getWorksheet("汇总") as ExcelJS.Worksheet;
    expect(ws.getRow(1).values).toEqual([
      undefined,
      "文件",
      "工作表",
      "实施单位",
      "项目名称",
      "全年预算数",
      "执行率",
      "总分",
      "等级",
      "错误",
      "警告",
      "首要问题",
    ]);
    expect(ws.getCell("A1").font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(ws.autoFilter).toBe("A1:K5");

    expect(ws.getCell("B2").value).toBe("自评表");
    expect(ws.getCell("D2").value).toBe("校舍维修项目");
    expect(ws.getCell("E2").value).toBe(1234567.5);
    expect(ws.getCell("E2").numFmt).toBe("#,##0.00");
    expect(ws.getCell("F2").numFmt).toBe("0.00%");
    expect(ws.getCell("G2").value).toBe(92.5);
    expect(ws.getCell("H2").value).toBe("优");
    expect(ws.getCell("I2").value).toBe(1);
    expect(ws.getCell("J2").value).toBe(1);
    // The error before the warning.
    expect(ws.getCell("K2").value).toBe("自评表!H20 总分与各项得分之和不符");
    // The unreadable file: its name and why.
    expect(ws.getCell("K4").value).toBe("无法读取：文件已损坏");
    expect(ws.getCell("B4").value).toBeNull();
    expect(ws.getCell("G5").value).toBeNull();
  });

  test("links back to each file, relative and percent-encoded: the file as the target, the sheet as the location", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet("汇总") as ExcelJS.Worksheet;
    expect((ws.getCell("A2").value as ExcelJS.CellHyperlinkValue).text).toBe("一 季度#1.xlsx");
    // As Excel reads them: the relationship's target is the file alone (Excel would append the
    // location to a target that has a #fragment already), the link's location the place in it.
    const parts = unzipSync(fs.readFileSync(file));
    const sheetXml = strFromU8(parts["xl/worksheets/sheet1.xml"]);
    const rels = strFromU8(parts["xl/worksheets/_rels/sheet1.xml.rels"]);
    const unescape = (s: string): string => s.replace(/&apos;/g, "'").replace(/&amp;/g, "&");
    const link = (ref: string): { target: string; location: string | null } => {
      const tag = new RegExp(`<hyperlink ref="${ref}"[^>]*>`).exec(sheetXml)?.[0] ?? "";
      const id = /r:id="([^"]+)"/.exec(tag)?.[1];
      const location = /location="([^"]*)"/.exec(tag)?.[1];
      const target = new RegExp(`<Relationship Id="${id}"[^>]*Target="([^"]*)"`).exec(rels)?.[1] ?? "";
      return { target: unescape(target), location: location === undefined ? null : unescape(location) };
    };
    const dir = `${encodeURIComponent("报表")}/${encodeURIComponent("一 季度#1.xlsx")}`;
    expect(link("A2")).toEqual({ target: dir, location: "'自评表'!A1" });
    expect(link("A3")).toEqual({ target: dir, location: "'自评表 (2)'!A1" });
    expect(link("A4")).toEqual({ target: encodeURIComponent("坏文件.xlsx"), location: null });
    expect(link("A5")).toEqual({ target: "c.xlsx", location: "'S'!A1" });
    expect(fileLink("/r/out", "/r/in/a'b.xlsx", "it's")).toBe("../in/a'b.xlsx#'it''s'!A1");
  });

  test("text that could turn into a formula is text with the quote prefix; the only formulas are the totals", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet("汇总") as ExcelJS.Worksheet;
    // Shown exactly as the form holds it: no hidden character in front.
    expect(ws.getCell("D3").value).toBe('=HYPERLINK("http://evil","x")');
    expect(ws.getCell("D5").value).toBe("+1+1");
    const formulas: string[] = [];
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        if (cell.type === ExcelJS.ValueType.Formula) formulas.push(`${cell.address}=${cell.formula}`);
      }),
    );
    expect(formulas).toEqual(["B7=COUNTA(B2:B5)", 'B8=IF(COUNT(G2:G5)=0,"",AVERAGE(G2:G5))', 'B9=COUNTIF(I2:I5,">0")']);
    expect(ws.getCell("B8").result).toBe(86.25);

    // In the package: those cells' format has quotePrefix="1"; the plain ones have not.
    const p = await parts();
    const cellXfs = /<cellXfs\b[\s\S]*?<\/cellXfs>/.exec(p.get("xl/styles.xml") ?? "")?.[0] ?? "";
    const xfs = [...cellXfs.matchAll(/<xf\b[^>]*>/g)];
    const styleOf = (ref: string): string => {
      const s = new RegExp(`<c r="${ref}"[^>]*\\bs="(\\d+)"`).exec(p.get("xl/worksheets/sheet1.xml") ?? "")?.[1];
      return xfs[Number(s)][0];
    };
    expect(styleOf("D3")).toContain('quotePrefix="1"');
    expect(styleOf("D5")).toContain('quotePrefix="1"');
    expect(styleOf("D2")).not.toContain("quotePrefix");
    expect(styleOf("B2")).not.toContain("quotePrefix");
  });

  test("a bar chart of 总分 by 项目名称 on sheet 图表", async () => {
    const p = await parts();
    const chart = p.get("xl/charts/chart1.xml") ?? "";
    expect(chart).toContain("<c:barChart>");
    const refs = [...chart.matchAll(/<c:f>([^<]*)<\/c:f>/g)].map((m) => m[1]);
    expect(refs).toEqual(["'汇总'!$G$1", "'汇总'!$D$2:$D$5", "'汇总'!$G$2:$G$5"]);
    expect(chart).toContain("<c:v>校舍维修项目</c:v>");
    expect(chart).toContain("<c:v>=HYPERLINK(&quot;http://evil&quot;,&quot;x&quot;)</c:v>");

    const workbook = p.get("xl/workbook.xml") ?? "";
    const rid = /<sheet\b[^>]*name="图表"[^>]*r:id="([^"]+)"/.exec(workbook)?.[1];
    const target = new RegExp(`Id="${rid}"[^>]*Target="([^"]+)"`).exec(p.get("xl/_rels/workbook.xml.rels") ?? "")?.[1];
    expect(target).toBe("worksheets/sheet2.xml");
    const sheet = p.get("xl/worksheets/sheet2.xml") ?? "";
    const drawingId = /<drawing r:id="([^"]+)"\/>/.exec(sheet)?.[1];
    expect(sheet.indexOf("<drawing")).toBeGreaterThan(sheet.indexOf("</sheetData>"));
    expect(p.get("xl/worksheets/_rels/sheet2.xml.rels")).toMatch(
      new RegExp(`Id="${drawingId}" Type="[^"]*/drawing" Target="../drawings/drawing1.xml"`),
    );
    expect(p.get("xl/drawings/drawing1.xml")).toContain(
      '<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"',
    );
    expect(p.get("xl/drawings/_rels/drawing1.xml.rels")).toContain('Target="../charts/chart1.xml"');
    const types = p.get("[Content_Types].xml") ?? "";
    expect(types).toContain('PartName="/xl/charts/chart1.xml"');
    expect(types).toContain('PartName="/xl/drawings/drawing1.xml"');
    // The hyperlinks' relationships on the 汇总 sheet are untouched.
    expect((p.get("xl/worksheets/_rels/sheet1.xml.rels") ?? "").match(/\/hyperlink"/g)).toHaveLength(4);
  });

  test("说明 explains the columns and the exit codes", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const notes = wb.getWorksheet("说明") as ExcelJS.Worksheet;
    const text: string[] = [];
    notes.eachRow((row) => text.push(row.values.toString()));
    const all = text.join("\n");
    for (const word of ["首要问题", "执行率", "退出码", "至少一个文件无法读取"]) expect(all).toContain(word);
  });
});

describe("package pieces", () => {
  test("a relationship joins the existing ones with a fresh id", () => {
    const existing =
      '<?xml version="1.0"?><Relationships xmlns="x"><Relationship Id="rId1" Type="h" Target="a"/><Relationship Id="rId2" Type="h" Target="b"/></Relationships>';
    const { xml, rId } = addRelationship(existing, "d", "../drawings/drawing1.xml");
    expect(rId).toBe("rId3");
    expect(xml.match(/<Relationship /g)).toHaveLength(3);
    expect(addRelationship('<Relationships xmlns="x"/>', "d", "t").xml).toContain('<Relationship Id="rId1"');
  });

  test("<drawing> goes before legacyDrawing, tableParts and extLst", () => {
    const sheet = '<worksheet xmlns:r="r"><sheetData/><pageSetup/><tableParts count="0"/><extLst/></worksheet>';
    expect(insertDrawing(sheet, "rId5")).toBe(
      '<worksheet xmlns:r="r"><sheetData/><pageSetup/><drawing r:id="rId5"/><tableParts count="0"/><extLst/></worksheet>',
    );
  });

  test("only Text-format cell styles get the quote prefix", () => {
    const styles = '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="49" applyNumberFormat="1"></xf></cellXfs>';
    expect(addQuotePrefix(styles)).toBe(
      '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="49" applyNumberFormat="1" quotePrefix="1"></xf></cellXfs>',
    );
  });

  test("the zip writer round-trips through yauzl, CRC-32 as zip has it", async () => {
    expect(crc32(Buffer.from("123456789"))).toBe(0xcbf43926);
    const entries = [
      { name: "a.txt", data: Buffer.from("x".repeat(1000)) },
      { name: "目录/b.bin", data: Buffer.from([1, 2, 3]) },
    ];
    const back = await readZipEntries(writeZip(entries));
    expect(back.map((e) => [e.name, e.data.toString("hex")])).toEqual(
      entries.map((e) => [e.name, e.data.toString("hex")]),
    );
  });
});

const gate = sofficeGate("summary workbook");
if (gate.missingUnderCi) {
  test("LibreOffice is installed (scripts/ensure-deps.sh)", () => {
    throw new Error("soffice is missing under CI: scripts/ensure-deps.sh installs libreoffice-calc-nogui");
  });
}

(gate.run ? describe : describe.skip)("the summary workbook in LibreOffice", () => {
  test("opens, recalculates the totals (cached results removed first) and prints", async () => {
    // Without cached results LibreOffice must compute the totals itself.
    const entries = await readZipEntries(fs.readFileSync(file));
    const bare = entries.map((e) =>
      e.name === "xl/worksheets/sheet1.xml"
        ? { name: e.name, data: Buffer.from(e.data.toString("utf8").replace(/(<f>[^<]*<\/f>)<v>[^<]*<\/v>/g, "$1")) }
        : e,
    );
    expect(bare.find((e) => e.name === "xl/worksheets/sheet1.xml")?.data.toString()).not.toMatch(/<\/f><v>/);
    const bareFile = path.join(dir, "bare.xlsx");
    fs.writeFileSync(bareFile, writeZip(bare));

    const out = path.join(dir, "lo");
    const [xlsx] = convertWith([bareFile], "xlsx", out);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    const ws = wb.getWorksheet("汇总") as ExcelJS.Worksheet;
    expect(ws.getCell("B7").result).toBe(3);
    expect(ws.getCell("B8").result).toBeCloseTo(86.25, 10);
    expect(ws.getCell("B9").result).toBe(1);
    expect(ws.getCell("D3").value).toBe('=HYPERLINK("http://evil","x")');
    expect(ws.getCell("D3").type).not.toBe(ExcelJS.ValueType.Formula);

    const [pdf] = convertWith([file], "pdf", out);
    const info = execFileSync("pdfinfo", [pdf], { encoding: "utf8" });
    expect(Number(/Pages:\s+(\d+)/.exec(info)?.[1])).toBeGreaterThanOrEqual(1);
  }, 180_000);
});
