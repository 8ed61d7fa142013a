/**
 * Each format's read and check time per form, next to .xlsx (issue 15): the corpus of published forms
 * and the Minhang sheet (11 forms) written as .xlsx, then by LibreOffice as .xls, .docx and PDF (not
 * timed); every file read and checked in this process as `zpb check` does for one file
 * (`check-job.run`: read, recognize, check), repeated until ~1 s has passed, median of 5 such rounds.
 * The figure is milliseconds per form; the ratio is to .xlsx on the same forms.
 */
import * as fs from "fs";
import * as path from "path";
import { run } from "../src/cli/check-job";
import { corpusGrid, loadCorpus, writeGridsWorkbook } from "../test/corpus/corpus";
import { writeFixtureWorkbook } from "../test/fixture-workbooks";
import { convertWorkbooks, type Format } from "../test/format-files";

interface Row {
  readonly what: string;
  readonly figure: string;
}

const OUT = path.resolve(__dirname, "..", "build", "bench-formats");
const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Milliseconds to read and check all files once (median of 5 rounds of ~1 s each) and the forms read. */
async function timeFiles(files: readonly string[]): Promise<{ ms: number; forms: number; unread: number }> {
  let forms = 0;
  let unread = 0;
  for (const f of files) {
    const r = await run(f);
    if (r.error) unread++;
    forms += r.forms.length;
  }
  const rounds: number[] = [];
  for (let k = 0; k < 5; k++) {
    const start = process.hrtime.bigint();
    let n = 0;
    do {
      for (const f of files) await run(f);
      n++;
    } while (Number(process.hrtime.bigint() - start) / 1e6 < 1000);
    rounds.push(Number(process.hrtime.bigint() - start) / 1e6 / n);
  }
  return { ms: median(rounds), forms, unread };
}

export async function benchFormats(formats: readonly Format[] = ["xls", "docx", "pdf"]): Promise<Row[]> {
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });
  const xlsx: string[] = [];
  for (const e of loadCorpus()) {
    const file = path.join(OUT, `${e.id}.xlsx`);
    await writeGridsWorkbook([corpusGrid(e.rows, e.meta.merges, { name: "表1" })], file);
    xlsx.push(file);
  }
  const minhang = path.join(OUT, "minhang.xlsx");
  await writeFixtureWorkbook("minhang", minhang, { merged: true });
  xlsx.push(minhang);

  const base = await timeFiles(xlsx);
  const perForm = (ms: number, forms: number): string => `${forms > 0 ? (ms / forms).toFixed(2) : "—"} ms/form`;
  const rows: Row[] = [
    {
      what: "read+check per form: .xlsx",
      figure: `${perForm(base.ms, base.forms)} (${xlsx.length} files, ${base.forms} forms)`,
    },
  ];
  for (const format of formats) {
    let files: string[];
    try {
      files = await convertWorkbooks(xlsx, format, path.join(OUT, format));
    } catch (e) {
      rows.push({ what: `read+check per form: .${format}`, figure: `not measured: ${(e as Error).message}` });
      continue;
    }
    const t = await timeFiles(files);
    const ratio = base.forms > 0 && t.forms > 0 ? (t.ms / t.forms / (base.ms / base.forms)).toFixed(1) : "—";
    rows.push({
      what: `read+check per form: .${format}`,
      figure: `${perForm(t.ms, t.forms)} = ${ratio}× .xlsx (${t.forms} forms read${t.unread > 0 ? `, ${t.unread} files unread` : ""})`,
    });
  }
  return rows;
}
