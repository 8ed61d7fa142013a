/**
 * The batch workload of `npm run bench`: N workbooks of 10 forms each, stacked on one sheet in the
 * layout units send (the Minhang 自评表 layout of ../shared/fixtures/seeds: labels merged, rows shifted,
 * a 评分等级 row), with varied values — amounts, rates, scores and names differ from file to file, so
 * that no two forms check alike. Written as Excel writes a workbook (shared strings, number formats,
 * merges), directly with the project's zip writer, so that a 100,000-form batch takes seconds to make.
 *
 * Cached in os.tmpdir()/zpb-workload-<files>; run alone: node -r ts-node/register/transpile-only
 * bench/workload.ts [files]
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { writeZip } from "../src/xlsx/zip-write";
import { MINHANG, readSeed } from "../test/fixtures";
import { prng } from "../test/prng";

const FORMS_PER_FILE = 10;

/** The first 10 forms of the Minhang fixture, as rows (each form from its title to the next). */
function seedForms(): string[][][] {
  const rows = readSeed(MINHANG);
  const starts = rows.flatMap((r, i) => (r.some((c) => c.trim() === "财政项目支出绩效自评表") ? [i] : []));
  return starts.slice(0, FORMS_PER_FILE).map((s, k) => rows.slice(s, starts[k + 1] ?? rows.length));
}

const NUMBER = /^[\d,]+(\.\d+)?$/;
const xml = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const column = (c: number): string => {
  let s = "";
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
};

/**
 * One workbook's parts: the forms one under another, each form's amounts scaled by its own whole
 * factor, each project named after its file.
 */
function workbookParts(fileNo: number, forms: readonly string[][][]): { name: string; data: Buffer }[] {
  const random = prng(fileNo * 7919 + 1);
  const strings: string[] = [];
  const index = new Map<string, number>();
  const shared = (s: string): number => {
    let i = index.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      index.set(s, i);
    }
    return i;
  };
  const rowsXml: string[] = [];
  const merges: string[] = [];
  let r = 0;
  for (const [k, form] of forms.entries()) {
    // Each form's amounts scaled by its own whole factor: every sum, rate and score stays what the
    // published form says, while the figures differ from file to file.
    const factor = 1 + Math.floor(random() * 9);
    let inFunding = false;
    for (const cells of form) {
      const out: string[] = [];
      const first = cells.find((x) => x.trim() !== "")?.trim() ?? "";
      if (first.startsWith("项目资金")) inFunding = true;
      else if (first.startsWith("年度")) inFunding = false;
      cells.forEach((text, c) => {
        const t = text.trim();
        if (t === "") return;
        const ref = `${column(c)}${r + 1}`;
        if (NUMBER.test(t)) {
          const n = Number(t.replace(/,/g, ""));
          // The amounts: 年初预算数, 全年预算数, 全年执行数 (three columns after the row's label).
          const amount = inFunding && cells.slice(0, c).filter((x) => x.trim() !== "").length <= 3;
          const varied = amount ? n * factor : n;
          out.push(`<c r="${ref}" s="1"><v>${Math.round(varied * 100) / 100}</v></c>`);
        } else {
          const value = k === 0 && c > 0 && cells[0]?.trim() === "项目名称" ? `${t}（${fileNo}）` : t;
          out.push(`<c r="${ref}" t="s"><v>${shared(value)}</v></c>`);
        }
        // Labels merged over the empty cells after them, as the published forms show them.
        if (/^(项目名称|主管部门|实施单位|年度总体目标|预期目标|实际完成情况|总分|评分等级)$/.test(t)) {
          let next = c + 1;
          while (next < cells.length && cells[next].trim() === "") next++;
          if (next - 1 > c) merges.push(`${ref}:${column(next - 1)}${r + 1}`);
        }
      });
      rowsXml.push(`<row r="${r + 1}">${out.join("")}</row>`);
      r++;
    }
    r += 2;
  }
  const sheet =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
    `<sheetData>${rowsXml.join("")}</sheetData>` +
    (merges.length > 0
      ? `<mergeCells count="${merges.length}">${merges.map((m) => `<mergeCell ref="${m}"/>`).join("")}</mergeCells>`
      : "") +
    `</worksheet>`;
  const sst =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${strings.length}" uniqueCount="${strings.length}">` +
    strings.map((s) => `<si><t xml:space="preserve">${xml(s)}</t></si>`).join("") +
    `</sst>`;
  const text = (name: string, body: string): { name: string; data: Buffer } => ({
    name,
    data: Buffer.from(body, "utf8"),
  });
  return [
    text(
      "[Content_Types].xml",
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`,
    ),
    text(
      "_rels/.rels",
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    text(
      "xl/workbook.xml",
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="自评表" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    text(
      "xl/_rels/workbook.xml.rels",
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
    ),
    text(
      "xl/styles.xml",
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="0.00"/></numFmts><fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`,
    ),
    text("xl/sharedStrings.xml", sst),
    text("xl/worksheets/sheet1.xml", sheet),
  ];
}

/**
 * The folder of `files` workbooks (10 forms each), made once and cached.
 * @example const dir = workload(500) // 5,000 forms
 */
export function workload(files: number): string {
  const dir = path.join(os.tmpdir(), `zpb-workload-${files}`);
  const done = path.join(dir, ".complete");
  if (fs.existsSync(done)) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const forms = seedForms();
  for (let i = 1; i <= files; i++) {
    fs.writeFileSync(path.join(dir, `单位${String(i).padStart(5, "0")}.xlsx`), writeZip(workbookParts(i, forms)));
  }
  fs.writeFileSync(done, "");
  return dir;
}

if (require.main === module) {
  const files = Number(process.argv[2] ?? 500);
  const t = Date.now();
  const dir = workload(files);
  console.log(`${dir}: ${files} files × ${FORMS_PER_FILE} forms, ${((Date.now() - t) / 1000).toFixed(1)} s`);
}
