/**
 * The same forms in every format they arrive in give the same findings (issue: .xls, .docx, PDF).
 * The published forms of the corpus and the two seed fixtures are written as .xlsx, then by LibreOffice
 * as the other formats: a Word document from the sheet (Calc's web page opened in Writer: the whole
 * sheet one table) and one as a unit pastes a form into Word (title and year lines as paragraphs above
 * the table). `zpb check --json` on the folder holding all of them must give, for every file, the
 * forms and findings of its .xlsx — each finding's code, severity and parameters; the cells differ by
 * nature (a document's cells are `表1 第5行第3列`), so only their presence is compared.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parseRange, loadCorpus, corpusGrid, writeGridsWorkbook } from "./corpus/corpus";
import { fixtureRows, writeFixtureWorkbook } from "./fixture-workbooks";
import { convertHtmlToDocx, convertWorkbooks, formAsWordPage } from "./format-files";
import { zpb } from "./run-zpb";
import type { Report } from "../src/layout/report";

const OUT = path.resolve(__dirname, "..", "build", "formats");
const ALL = path.join(OUT, "all");
const ZPB = path.resolve(__dirname, "..", "bin", "zpb.js");
jest.setTimeout(300_000);

/**
 * Text as a PDF can give it back: a PDF keeps where glyphs are, not the spaces between them, so a space
 * before a checkbox or inside a wrapped name is not there to read (`结 算费用` prints as `结算费用`).
 */
const squashed = (t: string | null): string | null => (t === null ? null : t.replace(/\s+/g, ""));

/** What a reviewer reads of a file's result, cells aside. */
function said(file: Report["files"][number]): unknown {
  if (file.error) return { error: file.error.code };
  return file.forms.map((f) => ({
    kind: f.kind,
    template: f.template,
    year: f.year,
    projectName: squashed(f.projectName),
    unit: squashed(f.unit),
    annualBudget: f.annualBudget,
    computed: f.computed,
    findings: f.findings
      .map((x) => `${x.severity} ${x.code} ${x.cell === null ? "整表" : "有位置"} ${JSON.stringify(x.params)}`)
      .sort(),
    unplaced: f.unplaced.map((u) => squashed(u.text)).sort(),
  }));
}

let report: Report;
const byName = new Map<string, Map<string, Report["files"][number]>>();

beforeAll(async () => {
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(ALL, { recursive: true });
  const entries = loadCorpus();
  const xlsx: string[] = [];
  for (const e of entries) {
    const file = path.join(ALL, `${e.id}.xlsx`);
    await writeGridsWorkbook([corpusGrid(e.rows, e.meta.merges, { name: "表1" })], file);
    xlsx.push(file);
  }
  for (const which of ["minhang", "songjiang"] as const) {
    const file = path.join(ALL, `${which}.xlsx`);
    await writeFixtureWorkbook(which, file, { merged: true });
    xlsx.push(file);
  }
  for (const format of ["docx", "xls", "pdf"] as const) await convertWorkbooks(xlsx, format, ALL);

  // As pasted into Word: title lines as paragraphs (`-word.docx`, compared with the form's .xlsx).
  const pages = path.join(OUT, "word-pages");
  fs.mkdirSync(pages, { recursive: true });
  const html = entries.map((e) => {
    const file = path.join(pages, `${e.id}-word.html`);
    fs.writeFileSync(file, formAsWordPage(e.rows, e.meta.merges.map(parseRange)));
    return file;
  });
  html.push(path.join(pages, "minhang-word.html"));
  fs.writeFileSync(html[html.length - 1], formAsWordPage(fixtureRows("minhang"), []));
  convertHtmlToDocx(html, ALL);

  // The installed command (compiled; Jest cannot load pdf.js in its own module registry on Node 20).
  const run = spawnSync(process.execPath, [ZPB, "check", "--json", ALL], { encoding: "utf8", maxBuffer: 1 << 28 });
  if (run.status === 2 || !run.stdout) throw new Error(`zpb check failed: ${run.stderr}`);
  report = JSON.parse(run.stdout) as Report;
  for (const f of report.files) {
    const base = path.basename(f.path).replace(/(-word)?\.(xlsx|xls|docx|pdf)$/, "");
    const kind = path.basename(f.path).slice(base.length);
    if (!byName.has(base)) byName.set(base, new Map());
    byName.get(base)?.set(kind, f);
  }
});

test("the folder holds every form as .xlsx and as the other formats, and every file is read", () => {
  expect(byName.size).toBe(loadCorpus().length + 2);
  for (const [base, m] of byName) {
    expect([base, [...m.keys()].sort()]).toEqual([
      base,
      expect.arrayContaining([".xlsx", ".xls", ".docx", ".pdf", ...(base === "songjiang" ? [] : ["-word.docx"])]),
    ]);
  }
  const unread = report.files.filter((f) => f.error !== null).map((f) => `${f.path}: ${f.error?.message}`);
  expect(unread).toEqual([]);
  expect(report.files.every((f) => f.forms.length > 0)).toBe(true);
});

test.each([".xls", ".docx", "-word.docx", ".pdf"])("%s gives the findings of the .xlsx for every form", (kind) => {
  let compared = 0;
  const differ: { base: string; got: unknown; want: unknown }[] = [];
  for (const [base, m] of byName) {
    const doc = m.get(kind);
    const book = m.get(".xlsx");
    if (!doc || !book) continue;
    compared++;
    if (JSON.stringify(said(doc)) !== JSON.stringify(said(book)))
      differ.push({ base, got: said(doc), want: said(book) });
  }
  expect(compared).toBeGreaterThanOrEqual(kind === "-word.docx" ? 27 : 28);
  expect(differ).toEqual([]);
});

test("every finding in a Word document says where it is in the document's words", () => {
  for (const f of report.files.filter((x) => x.path.endsWith(".docx"))) {
    for (const form of f.forms) {
      expect(form.sheet).toBe("文档");
      for (const x of form.findings) {
        if (x.cell === null) expect(x.location).toBeUndefined();
        else expect(x.location).toMatch(/^(表\d+ 第\d+行第\d+列|第\d+段)$/);
      }
    }
  }
});

test("zpb import of a Word document writes the standard sheets of its .xlsx and says where in the document each form was", async () => {
  const fromDoc = path.join(OUT, "import-docx.xlsx");
  const fromBook = path.join(OUT, "import-xlsx.xlsx");
  const doc = await zpb("import", path.join(ALL, "minhang-word.docx"), "--out", fromDoc);
  expect(doc.code).toBe(0);
  expect(doc.out).toContain("来自 第1段 至 表1 第19行第9列");
  expect((await zpb("import", path.join(ALL, "minhang.xlsx"), "--out", fromBook)).code).toBe(0);
  // A kept value is quoted as the original wrote it: `9.70` in the document, 9.7 in the workbook.
  const checked = async (file: string): Promise<unknown> =>
    JSON.parse(
      JSON.stringify(
        (JSON.parse((await zpb("check", "--json", file)).out) as Report).files.map((f) => said(f)),
      ).replace(
        /\\"text\\":\\"(\d+)(?:\.(\d*?)0*)?\\"/g,
        (_m, int: string, frac: string | undefined) => `\\"text\\":${frac ? `${int}.${frac}` : int}`,
      ),
    );
  const imported = await checked(fromDoc);
  expect((imported as unknown[][])[0]).toHaveLength(11);
  expect(imported).toEqual(await checked(fromBook));
});
