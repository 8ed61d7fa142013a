/**
 * The PDF reader on PDFs made by a real writer: the published forms of the corpus (test/corpus/) laid
 * out as .xlsx with borders, wrapped text and fit-to-width landscape pages, as units print them, then
 * printed to PDF by LibreOffice — and a Word document, a table over three pages, an encrypted PDF. Each
 * PDF must give the checker what the .xlsx gives it: the same forms, the same findings with the same
 * values. PDFs are cached under build/pdf-test/ (keyed by their source and this file).
 *
 * pdf.js is an ES module that Jest cannot require() on Node 20, so PDFs are read in worker threads
 * (pdf-reader.fixture-job.ts, through the pool), as the CLI's batch reads files. The layout itself
 * (pdf-layout.ts) is plain geometry and is tested here in-process.
 */
import { execFileSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { checkWorkbook, type FileReport } from "../layout/report";
import { corpusGrid, loadCorpus, writeGridsWorkbook, type CorpusEntry } from "../../test/corpus/corpus";
import { printable } from "../../test/format-files";
import { readWorkbookFile } from "./fast-reader";
import { visiblePart, type PageContent, type Rule, type TextBox } from "./pdf-extract";
import { layoutPages } from "./pdf-layout";
import type { PdfDump } from "./pdf-reader.fixture-job";
import { runInWorkers } from "./pool";

const OUT = path.resolve(__dirname, "..", "..", "build", "pdf-test");
const JOB = path.join(__dirname, "pdf-reader.fixture-job.ts");
const SOFFICE = ["/usr/bin/soffice", "/usr/local/bin/soffice"].find((p) => fs.existsSync(p)) ?? null;
const KEY = createHash("sha256").update(fs.readFileSync(__filename)).digest("hex").slice(0, 12);

/** LibreOffice, headless, with a profile of its own (two instances on one profile clash). */
function soffice(args: readonly string[]): void {
  if (!SOFFICE) throw new Error("soffice not found");
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "lo-pdf-"));
  try {
    execFileSync(SOFFICE, ["--headless", `-env:UserInstallation=file://${profile}`, ...args], {
      cwd: OUT,
      stdio: "pipe",
      timeout: 120_000,
    });
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

const file = (name: string): string => path.join(OUT, name);
const fresh = (name: string, key: string): boolean =>
  fs.existsSync(file(name)) &&
  fs.existsSync(file(`${name}.key`)) &&
  fs.readFileSync(file(`${name}.key`), "utf8") === key;
const stamp = (name: string, key: string): void => fs.writeFileSync(file(`${name}.key`), key);

/** The corpus entry with its last indicator row repeated, so that its table runs over three pages. */
function lengthened(entry: CorpusEntry, copies: number): CorpusEntry {
  const last = entry.rows[entry.rows.length - 1];
  const rows = [
    ...entry.rows,
    ...Array.from({ length: copies }, (_, i) => last.map((t, c) => (c === 3 ? `${t}${i + 1}` : t))),
  ];
  return { ...entry, id: `${entry.id}-long`, rows };
}

/** A one-page PDF whose page is a picture (a scan): an image XObject and no text. */
function imageOnlyPdf(): Buffer {
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 4 0 R >> >> /Contents 5 0 R >>",
    "<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length 4 >>\nstream\n\u0000\u00ff\u00ff\u0000\nendstream",
    "<< /Length 37 >>\nstream\nq 595 0 0 842 0 0 cm /Im1 Do Q\nendstream",
  ];
  let pdf = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(pdf, "latin1"));
    pdf += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf, "latin1");
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  pdf += offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("");
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, "latin1");
}

interface Made {
  /** Forms printed from .xlsx: the .xlsx and its PDF. */
  readonly forms: { readonly id: string; readonly xlsx: string; readonly pdf: string }[];
  readonly docx: { readonly xlsx: string; readonly pdf: string };
  readonly paragraphs: string;
  readonly encrypted: string;
}

/** Makes (or finds in the cache) every PDF the tests read. */
async function makeInputs(): Promise<Made> {
  fs.mkdirSync(OUT, { recursive: true });
  const entries = loadCorpus();
  const long = lengthened(entries.find((e) => e.id === "anhui-guichi-2022-cunjibuzhu") ?? entries[0], 70);
  const forms: Made["forms"] = [];
  const toConvert: string[] = [];
  for (const entry of [...entries, long]) {
    const key = `${KEY} ${createHash("sha256")
      .update(JSON.stringify([entry.rows, entry.meta.merges]))
      .digest("hex")}`;
    const xlsx = file(`${entry.id}.xlsx`);
    const pdf = file(`${entry.id}.pdf`);
    forms.push({ id: entry.id, xlsx, pdf });
    if (fresh(`${entry.id}.pdf`, key)) continue;
    const plain = file(`${entry.id}.plain.xlsx`);
    await writeGridsWorkbook([corpusGrid(entry.rows, entry.meta.merges, { name: "表1" })], plain);
    await printable(plain, xlsx);
    fs.rmSync(plain);
    toConvert.push(path.basename(xlsx));
    stamp(`${entry.id}.pdf`, key);
  }
  if (toConvert.length > 0) soffice(["--convert-to", "pdf", "--outdir", OUT, ...toConvert]);

  // A Word document: the first form through HTML into .docx, printed by Writer.
  const docx = { xlsx: forms[0].xlsx, pdf: file("word-form.pdf") };
  if (!fresh("word-form.pdf", KEY)) {
    fs.copyFileSync(forms[0].xlsx, file("word-form.xlsx"));
    soffice(["--convert-to", "html", "--outdir", OUT, "word-form.xlsx"]);
    soffice([
      "--infilter=HTML (StarWriter)",
      "--convert-to",
      "docx:MS Word 2007 XML",
      "--outdir",
      OUT,
      "word-form.html",
    ]);
    soffice(["--convert-to", "pdf", "--outdir", OUT, "word-form.docx"]);
    stamp("word-form.pdf", KEY);
  }
  // Paragraphs only, no table.
  if (!fresh("paragraphs.pdf", KEY)) {
    fs.writeFileSync(
      file("paragraphs.html"),
      '<html><head><meta charset="utf-8"></head><body><p>2023年度项目支出绩效自评表</p><p>（2023年度）</p>' +
        "<p>填报单位：某某县财政局</p><p>本表所列 items 12 项均已完成。</p></body></html>",
    );
    soffice([
      "--infilter=HTML (StarWriter)",
      "--convert-to",
      "pdf:writer_pdf_Export",
      "--outdir",
      OUT,
      "paragraphs.html",
    ]);
    stamp("paragraphs.pdf", KEY);
  }
  // An encrypted PDF: LibreOffice's export with an opening password.
  if (!fresh("encrypted.pdf", KEY)) {
    fs.copyFileSync(forms[0].xlsx, file("encrypted.xlsx"));
    soffice([
      "--convert-to",
      'pdf:calc_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},"DocumentOpenPassword":{"type":"string","value":"zpb"}}',
      "--outdir",
      OUT,
      "encrypted.xlsx",
    ]);
    stamp("encrypted.pdf", KEY);
  }
  fs.writeFileSync(file("scanned.pdf"), imageOnlyPdf());
  const real = fs.readFileSync(forms[0].pdf);
  fs.writeFileSync(file("truncated.pdf"), real.subarray(0, Math.floor(real.length * 0.3)));
  fs.writeFileSync(
    file("garbage.pdf"),
    Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.from("这不是 PDF 的内容 ".repeat(200))]),
  );
  return { forms, docx, paragraphs: file("paragraphs.pdf"), encrypted: file("encrypted.pdf") };
}

/** What the checker says of a workbook, without where (the rows differ: a PDF has no blank rows). */
function essence(report: FileReport) {
  const squash = (s: string | null): string | null => (s === null ? null : s.replace(/\s+/g, ""));
  return report.forms.map((f) => ({
    kind: f.kind,
    year: f.year,
    projectName: squash(f.projectName),
    unit: squash(f.unit),
    annualBudget: f.annualBudget,
    computed: f.computed,
    findings: f.findings.map((x) => `${x.code} ${JSON.stringify(x.params)}`).sort(),
  }));
}

async function xlsxReport(xlsx: string): Promise<FileReport> {
  const read = await readWorkbookFile(xlsx);
  if (!read.ok) throw new Error(read.error.message);
  return checkWorkbook(xlsx, read.workbook);
}

const describeWithSoffice = SOFFICE ? describe : describe.skip;
if (!SOFFICE)
  console.warn("pdf-reader.test.ts: LibreOffice (soffice) not found; the tests on printed PDFs are skipped");

describeWithSoffice("PDFs printed by LibreOffice", () => {
  let made: Made;
  const dumps = new Map<string, PdfDump>();
  const read = (pdf: string): PdfDump => {
    const d = dumps.get(pdf);
    if (!d) throw new Error(`not read: ${pdf}`);
    return d;
  };

  beforeAll(async () => {
    made = await makeInputs();
    const pdfs = [
      ...made.forms.map((f) => f.pdf),
      made.docx.pdf,
      made.paragraphs,
      made.encrypted,
      file("scanned.pdf"),
      file("truncated.pdf"),
      file("garbage.pdf"),
    ];
    const results = await runInWorkers<PdfDump>(pdfs, JOB, { workers: Math.min(4, os.availableParallelism()) });
    results.forEach((r, i) => {
      if (!r.ok) throw new Error(`${pdfs[i]}: ${r.message}`);
      dumps.set(pdfs[i], r.value);
    });
  }, 240_000);

  test("every corpus form: the same forms, findings and values from its PDF as from its .xlsx", async () => {
    expect(made.forms.length).toBeGreaterThanOrEqual(20);
    for (const form of made.forms) {
      const pdf = read(form.pdf);
      expect({ id: form.id, code: pdf.code }).toEqual({ id: form.id, code: null });
      const fromXlsx = essence(await xlsxReport(form.xlsx));
      expect(fromXlsx.length).toBeGreaterThan(0);
      expect({ id: form.id, forms: essence(pdf.report as FileReport) }).toEqual({ id: form.id, forms: fromXlsx });
      // Every finding about a cell says where it is on the page.
      for (const f of (pdf.report as FileReport).forms.flatMap((x) => x.findings))
        if (f.cell !== null) expect(f.location).toMatch(/^第\d+页 (表\d+ 第\d+行第\d+列|第\d+行)$/);
    }
  });

  test("every text cell of an .xlsx table is at the same place in the PDF's table", async () => {
    for (const form of made.forms) {
      const x = await readWorkbookFile(form.xlsx);
      if (!x.ok) throw new Error(x.error.message);
      const sheet = x.workbook.sheets[0];
      // The table starts at the first row with two cells, in both.
      let top = 0;
      while (top < sheet.rowCount && (sheet.rowCells?.(top).length ?? 0) < 2) top++;
      const pdf = read(form.pdf);
      const pdfTop = Math.min(...pdf.cells.filter((c) => /表1 第1行/.test(c.at ?? "")).map((c) => c.row));
      const at = new Map(pdf.cells.map((c) => [`${c.row - pdfTop},${c.col}`, c.text.replace(/\s+/g, "")]));
      for (let r = top; r < sheet.rowCount; r++)
        for (const [c, cell] of sheet.rowCells?.(r) ?? []) {
          if (typeof cell.value !== "string") continue;
          expect({ id: form.id, r, c, text: at.get(`${r - top},${c}`) }).toEqual({
            id: form.id,
            r,
            c,
            text: cell.value.replace(/\s+/g, ""),
          });
        }
    }
  });

  test("title and year lines above the table are rows with their text in column A", () => {
    const pdf = read(made.forms.find((f) => f.id === "anhui-guichi-2022-cunjibuzhu")?.pdf ?? "");
    expect(pdf.cells.slice(0, 3)).toEqual([
      { row: 0, col: 0, text: "附件:", at: "第1页 第1行" },
      { row: 1, col: 0, text: "项目支出绩效自评表", at: "第1页 第2行" },
      { row: 2, col: 0, text: "(2022年度)", at: "第1页 第3行" },
    ]);
    expect(pdf.cells[3]).toEqual({ row: 3, col: 0, text: "项目名称", at: "第1页 表1 第1行第1列" });
  });

  test("a table over a page break is one table: rows go on, a merged cell cut by the break is one cell", () => {
    const pdf = read(made.forms.find((f) => f.id === "anhui-guichi-2022-cunjibuzhu")?.pdf ?? "");
    // 绩效指标 (A13) spans the indicator rows, from page 1 onto page 2.
    const label = pdf.cells.find((c) => c.text === "绩效指标");
    expect(label?.at).toBe("第1页 表1 第10行第1列");
    expect(pdf.cells.filter((c) => c.text === "绩效指标")).toHaveLength(1);
    const last = pdf.cells.find((c) => c.text === "社会效益指标");
    expect(last?.at).toBe("第2页 表1 第18行第3列");
    expect(pdf.merges).toContainEqual([label?.row, 0, last?.row, 0]);
    // LibreOffice draws the cut cell's text on both pages: read once, not twice.
    const lingling = read(made.forms.find((f) => f.id === "hunan-lingling-2021-linye-zhengti")?.pdf ?? "");
    expect(lingling.cells.filter((c) => c.text.includes("30分)")).map((c) => c.text)).toEqual(["效益指标30分)"]);
  });

  test("a table over three pages or more: one table, the rows of every later page numbered on", () => {
    const long = made.forms.find((f) => f.id.endsWith("-long"));
    const pdf = read(long?.pdf ?? "");
    const pages = new Set(pdf.cells.map((c) => /^第(\d+)页/.exec(c.at ?? "")?.[1]));
    expect(pages.size).toBeGreaterThanOrEqual(3);
    expect(pdf.cells.every((c) => !/表[2-9]/.test(c.at ?? ""))).toBe(true);
    const rows = pdf.cells.filter((c) => c.col === 3 && /^提高村\(社区\)干部工作积极性的影响程度\d+$/.test(c.text));
    expect(rows).toHaveLength(70);
    // Its last row is on a later page (how many depends on the printed row heights), still 表1.
    expect(rows[69].at).toMatch(/^第([3-9]|[1-9]\d)页 表1 第88行第4列$/);
  });

  test("a Word document printed to PDF: the same findings as its workbook", async () => {
    const pdf = read(made.docx.pdf);
    expect(pdf.code).toBeNull();
    expect(essence(pdf.report as FileReport)).toEqual(essence(await xlsxReport(made.docx.xlsx)));
  });

  test("paragraphs without a table: one row each, text in column A, no spaces inserted into CJK", () => {
    const pdf = read(made.paragraphs);
    expect(pdf.cells.map(({ col, text, at }) => ({ col, text, at }))).toEqual([
      { col: 0, text: "2023年度项目支出绩效自评表", at: "第1页 第1行" },
      { col: 0, text: "（2023年度）", at: "第1页 第2行" },
      { col: 0, text: "填报单位：某某县财政局", at: "第1页 第3行" },
      // The space between two Latin words stays; those between CJK and Latin are not told from kerning.
      { col: 0, text: "本表所列items 12项均已完成。", at: "第1页 第4行" },
    ]);
  });

  test("an encrypted PDF, a scanned one, a damaged one: an error with a Chinese message, never a throw", () => {
    expect(read(made.encrypted)).toMatchObject({ code: "ENCRYPTED", message: "PDF 设有打开密码（已加密），无法读取" });
    expect(read(file("scanned.pdf"))).toMatchObject({
      code: "NO_TEXT_LAYER",
      message: "这是扫描的 PDF（页面是图片，没有文字层），无法读取表格；请用原始的 Excel 或 Word 文件检查",
    });
    for (const damaged of ["truncated.pdf", "garbage.pdf"]) {
      const d = read(file(damaged));
      expect({ damaged, code: d.code }).toEqual({ damaged, code: "DAMAGED" });
      expect(d.message).toMatch(/^PDF 文件已损坏，无法读取（.+）$/);
    }
  });

  test("more pages than maxPages: TOO_LARGE", async () => {
    const twoPages = made.forms.find((f) => f.id === "anhui-guichi-2022-cunjibuzhu")?.pdf ?? "";
    const [r] = await runInWorkers<PdfDump>([twoPages], JOB, { workers: 1, entry: "runOnePage" });
    if (!r.ok) throw new Error(r.message);
    expect(r.value).toMatchObject({ code: "TOO_LARGE", message: "PDF 有 2 页，超过可检查的上限 1 页" });
  }, 60_000);
});

// The layout on its own: pages as geometry, as pdf-extract.ts gives them.
const box = (text: string, x0: number, top: number, size = 10): TextBox => ({
  text,
  x0,
  x1: x0 + size * [...text].length,
  top,
  bottom: top + size,
  size,
});
const h = (at: number, a: number, b: number): Rule => ({ dir: "h", at, a, b });
const v = (at: number, a: number, b: number): Rule => ({ dir: "v", at, a, b });
/** A grid of rules: columns at xs, rows at ys, every cell closed except where `open` says. */
function grid(xs: number[], ys: number[], open: { top?: boolean; bottom?: boolean } = {}): Rule[] {
  const rules: Rule[] = [];
  ys.forEach((y, i) => {
    if ((i === 0 && open.top) || (i === ys.length - 1 && open.bottom)) return;
    rules.push(h(y, xs[0], xs[xs.length - 1]));
  });
  for (const x of xs) rules.push(v(x, ys[0], ys[ys.length - 1]));
  return rules;
}
const texts = (layout: ReturnType<typeof layoutPages>) =>
  [...layout.cells].map(([key, cell]) => [Math.floor(key / 16384), key % 16384, cell.value]);

describe("layoutPages", () => {
  test("a row cut by a page break (Word): one row, its cells' text joined; page numbers dropped", () => {
    const page1: PageContent = {
      width: 600,
      height: 800,
      rules: grid([50, 200, 350], [100, 130, 160], { bottom: true }),
      texts: [
        box("指标", 60, 110),
        box("得分", 210, 110),
        box("项目完成", 60, 140),
        box("90", 210, 140),
        box("- 1 -", 290, 770),
      ],
    };
    const page2: PageContent = {
      width: 600,
      height: 800,
      rules: grid([50.5, 200.5, 350.5], [60, 90], { top: true }),
      texts: [box("率", 60, 70), box("第 2 页", 280, 20)],
    };
    const layout = layoutPages([page1, page2]);
    expect(texts(layout)).toEqual([
      [0, 0, "指标"],
      [0, 1, "得分"],
      [1, 0, "项目完成\n率"],
      [1, 1, "90"],
    ]);
    expect(layout.merges).toEqual([]);
    expect(layout.sources).toEqual([
      { kind: "table", page: 1, table: 1, row: 1 },
      { kind: "table", page: 1, table: 1, row: 2 },
    ]);
  });

  test("different columns after a page break: another table", () => {
    const page1: PageContent = {
      width: 600,
      height: 800,
      rules: grid([50, 200, 350], [700, 730]),
      texts: [box("甲", 60, 710)],
    };
    const page2: PageContent = {
      width: 600,
      height: 800,
      rules: grid([50, 120, 350], [60, 90]),
      texts: [box("乙", 60, 70)],
    };
    expect(layoutPages([page1, page2]).sources).toEqual([
      { kind: "table", page: 1, table: 1, row: 1 },
      { kind: "table", page: 2, table: 2, row: 1 },
    ]);
  });

  test("a column whose merged cell runs through a whole page (no rule across it there) is part of the table", () => {
    // 指标情况 (column A) spans every row, from page 1 over page 2 onto page 3: on page 2 its rules
    // touch no horizontal rule. Its text is centred in the whole cell: a line on page 1 and one on page 2.
    const page1: PageContent = {
      width: 600,
      height: 800,
      rules: [h(100, 50, 350), h(130, 150, 350), h(160, 150, 350), ...[50, 150, 250, 350].map((x) => v(x, 100, 160))],
      texts: [box("指标", 60, 140), box("甲", 160, 110), box("1", 260, 110), box("乙", 160, 140), box("2", 260, 140)],
    };
    const page2: PageContent = {
      width: 600,
      height: 800,
      rules: [h(60, 150, 350), h(90, 150, 350), h(120, 150, 350), ...[50, 150, 250, 350].map((x) => v(x, 60, 120))],
      texts: [box("情况", 60, 70), box("丙", 160, 70), box("3", 260, 70), box("丁", 160, 100), box("4", 260, 100)],
    };
    const page3: PageContent = {
      width: 600,
      height: 800,
      rules: [h(60, 150, 350), h(90, 50, 350), ...[50, 150, 250, 350].map((x) => v(x, 60, 90))],
      texts: [box("戊", 160, 70), box("5", 260, 70)],
    };
    const layout = layoutPages([page1, page2, page3]);
    expect(texts(layout)).toEqual([
      [0, 0, "指标\n情况"],
      [0, 1, "甲"],
      [0, 2, "1"],
      [1, 1, "乙"],
      [1, 2, "2"],
      [2, 1, "丙"],
      [2, 2, "3"],
      [3, 1, "丁"],
      [3, 2, "4"],
      [4, 1, "戊"],
      [4, 2, "5"],
    ]);
    expect(layout.merges).toEqual([{ from: { row: 0, col: 0 }, to: { row: 4, col: 0 } }]);
    expect(layout.sources.map((s) => (s.kind === "table" ? `${s.page} ${s.table} ${s.row}` : s))).toEqual([
      "1 1 1",
      "1 1 2",
      "2 1 3",
      "2 1 4",
      "3 1 5",
    ]);
  });

  test("a line of a merged cell cut by a page break: read once, on the page where most of it is", () => {
    // LibreOffice draws 效益指标 (column A, over the break) on both pages, clipped to the cell's part on
    // each: 指标 shows 3 of its 10 pt at the foot of page 1, below the table's last rule, and 7 at the
    // head of page 2.
    const page1: PageContent = {
      width: 600,
      height: 800,
      rules: [h(100, 50, 350), h(130, 82, 350), h(160, 82, 350), ...[50, 82, 200, 350].map((x) => v(x, 100, 160))],
      texts: [
        box("效益", 60, 140),
        visiblePart(box("指标", 60, 157), [50, 100, 82, 160]),
        box("甲", 100, 110),
        box("1", 260, 110),
        box("乙", 100, 140),
        box("2", 260, 140),
      ].filter((b): b is TextBox => b !== null),
    };
    const page2: PageContent = {
      width: 600,
      height: 800,
      rules: [h(60, 82, 350), h(90, 50, 350), ...[50, 82, 200, 350].map((x) => v(x, 60, 90))],
      texts: [visiblePart(box("指标", 60, 57), [50, 60, 82, 90]), box("丙", 100, 70), box("3", 260, 70)].filter(
        (b): b is TextBox => b !== null,
      ),
    };
    expect(page1.texts).toHaveLength(5);
    const layout = layoutPages([page1, page2]);
    expect(texts(layout)).toEqual([
      [0, 0, "效益指标"],
      [0, 1, "甲"],
      [0, 2, "1"],
      [1, 1, "乙"],
      [1, 2, "2"],
      [2, 1, "丙"],
      [2, 2, "3"],
    ]);
    expect(layout.merges).toEqual([{ from: { row: 0, col: 0 }, to: { row: 2, col: 0 } }]);
    expect(layout.sources.every((s) => s.kind === "table" && s.table === 1)).toBe(true);
  });

  test("a cell without an inner rule spans its grid cells, both ways", () => {
    // Three columns, three rows; the top-left 2×2 block has no inner rules, the last row has all.
    const rules = [
      h(100, 50, 350),
      h(130, 250, 350),
      h(160, 50, 350),
      h(190, 50, 350),
      v(50, 100, 190),
      v(250, 100, 190),
      v(350, 100, 190),
      v(150, 160, 190),
    ];
    const page: PageContent = {
      width: 600,
      height: 800,
      rules,
      texts: [box("合并", 60, 120), box("A", 260, 105), box("B", 260, 135), box("C", 60, 165), box("D", 160, 165)],
    };
    const layout = layoutPages([page]);
    expect(layout.merges).toEqual([{ from: { row: 0, col: 0 }, to: { row: 1, col: 1 } }]);
    expect(texts(layout)).toEqual([
      [0, 0, "合并"],
      [0, 2, "A"],
      [1, 2, "B"],
      [2, 0, "C"],
      [2, 1, "D"],
    ]);
  });

  test("a page with text and no rules: lines as rows, cut into columns at wide gaps", () => {
    const page: PageContent = {
      width: 600,
      height: 800,
      rules: [],
      texts: [
        box("项目支出绩效自评表", 200, 100),
        box("项目名称", 50, 130),
        box("乡村道路", 250, 130),
        box("分值", 50, 150),
        box("10", 250, 150),
      ],
    };
    expect(texts(layoutPages([page]))).toEqual([
      [0, 0, "项目支出绩效自评表"],
      [1, 0, "项目名称"],
      [1, 1, "乡村道路"],
      [2, 0, "分值"],
      [2, 1, "10"],
    ]);
  });
});

describe("visiblePart", () => {
  const line = box("指标", 60, 100); // 100–110
  test.each([
    ["not clipped", null, { top: 100, bottom: 110 }],
    ["inside its clip", [50, 90, 200, 120], { top: 100, bottom: 110 }],
    ["3 of 10 pt at the foot of a page", [50, 50, 200, 103], null],
    ["7 of 10 pt at the head of a page", [50, 103, 200, 200], { top: 103, bottom: 110 }],
    ["half at the foot of a page", [50, 50, 200, 105], null],
    ["half at the head of the next", [50, 105, 200, 200], { top: 105, bottom: 110 }],
    ["beside its clip", [200, 50, 300, 200], null],
  ] as const)("%s", (_, clip, seen) => {
    const got = visiblePart(line, clip);
    expect(got && { top: got.top, bottom: got.bottom }).toEqual(seen);
    if (got) expect({ ...got, top: 0, bottom: 0 }).toEqual({ ...line, top: 0, bottom: 0 });
  });
});
