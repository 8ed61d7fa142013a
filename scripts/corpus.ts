/**
 * `npm run corpus`: the corpus of real published forms (test/corpus/) through the checker, scored
 * against the findings written by hand. Each form is rendered as an .xlsx laid out like the original
 * (build/corpus/), read and checked exactly as `zpb check` does, and compared:
 *
 * - found: expected findings the checker reports (same code, same cell);
 * - false errors: error-severity findings no expectation names;
 * - unplaced: cells the reader could not place that the form's JSON does not explain.
 *
 * Prints a table per province and a total line; exits 1 on any false error, on less than 95% of the
 * expected findings found, or on a form not read. `--verbose` lists every miss, false error and
 * unplaced cell; `--sources` rewrites test/corpus/SOURCES.md from the forms' JSON.
 */
import * as fs from "fs";
import * as path from "path";
import { run } from "../src/cli/check-job";
import {
  CORPUS_DIR,
  corpusGrid,
  loadCorpus,
  scoreForm,
  writeGridsWorkbook,
  type CorpusEntry,
  type FormScore,
} from "../test/corpus/corpus";

const OUT = path.resolve(__dirname, "..", "build", "corpus");
const FOUND_BAR = 0.95;

async function scoreAll(entries: readonly CorpusEntry[]): Promise<FormScore[]> {
  fs.mkdirSync(OUT, { recursive: true });
  const scores: FormScore[] = [];
  for (const entry of entries) {
    const file = path.join(OUT, `${entry.id}.xlsx`);
    await writeGridsWorkbook([corpusGrid(entry.rows, entry.meta.merges, { name: "表1" })], file);
    const report = await run(file);
    if (report.error) throw new Error(`${entry.id}: ${report.error.message}`);
    scores.push(scoreForm(entry, report.forms));
  }
  return scores;
}

const pct = (found: number, expected: number): string =>
  expected === 0 ? "—" : `${((100 * found) / expected).toFixed(1)}%`;

function table(scores: readonly FormScore[]): string[] {
  const provinces = [...new Set(scores.map((s) => s.province))].sort((a, b) => a.localeCompare(b, "zh-CN"));
  const rows = provinces.map((p) => {
    const of = scores.filter((s) => s.province === p);
    const sum = (f: (s: FormScore) => number): number => of.reduce((n, s) => n + f(s), 0);
    return [
      p,
      `${sum((s) => (s.read ? 1 : 0))}/${of.length}`,
      `${sum((s) => s.found)}/${sum((s) => s.expected)}`,
      pct(
        sum((s) => s.found),
        sum((s) => s.expected),
      ),
      String(sum((s) => s.falseErrors.length)),
      String(sum((s) => s.unplaced.length)),
    ];
  });
  const head = ["省份", "读出表数", "预期问题找到", "找到率", "误报错误", "未读入单元格"];
  const widths = head.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]))));
  const line = (cells: readonly string[]): string =>
    "| " + cells.map((c, i) => c + " ".repeat(widths[i] - width(c))).join(" | ") + " |";
  return [line(head), "|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|", ...rows.map(line)];
}

/** Display width: CJK characters take two columns. */
const width = (s: string): number => [...s].reduce((n, ch) => n + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0);

function sourcesMarkdown(entries: readonly CorpusEntry[]): string {
  const provinces = new Set(entries.map((e) => e.meta.province));
  const lines = [
    "# 语料来源 · Sources of the corpus",
    "",
    "Made by `npm run corpus -- --sources` from the forms' JSON files; do not edit by hand.",
    "",
    `${entries.length} forms from ${provinces.size} provinces (${entries.filter((e) => e.meta.whole).length} whole, ` +
      `${entries.filter((e) => !e.meta.whole).length} partial). How they were found and transcribed, and what public material did not`,
    "give (forms from 北京 and a dozen other provinces, any 专家评分表 with each expert's scores): README.md.",
    "",
    "| form | kind | province | region | year | whole | publisher | source |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ...entries.map(
      (e) =>
        `| ${e.id} | ${e.meta.kind} | ${e.meta.province} | ${e.meta.region} | ${e.meta.year ?? "—"} | ` +
        `${e.meta.whole ? "whole" : "partial"} | ${e.meta.publisher ?? ""} | ${e.meta.source ?? "(no address: see notes)"} |`,
    ),
    "",
    "## Cells left unplaced on purpose",
    "",
  ];
  for (const e of entries) {
    for (const u of e.meta.unplacedOk ?? []) lines.push(`- ${e.id} ${u.cell}: ${u.why}`);
  }
  lines.push("", "## Notes per form", "");
  for (const e of entries) if (e.meta.notes) lines.push(`- **${e.id}**: ${e.meta.notes}`);
  return lines.join("\n") + "\n";
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const entries = loadCorpus();
  if (args.includes("--sources")) {
    fs.writeFileSync(path.join(CORPUS_DIR, "SOURCES.md"), sourcesMarkdown(entries));
    console.log(`test/corpus/SOURCES.md: ${entries.length} forms`);
    return 0;
  }
  const scores = await scoreAll(entries);
  for (const line of table(scores)) console.log(line);
  const total = (f: (s: FormScore) => number): number => scores.reduce((n, s) => n + f(s), 0);
  const expected = total((s) => s.expected);
  const found = total((s) => s.found);
  const falseErrors = total((s) => s.falseErrors.length);
  const unread = scores.filter((s) => !s.read);
  const provinces = new Set(scores.map((s) => s.province)).size;
  console.log(
    `合计 / total: ${scores.length} 表（${provinces} 个省份），读出 ${scores.length - unread.length}；` +
      `预期问题找到 ${found}/${expected}（${pct(found, expected)}）；误报错误 ${falseErrors}；` +
      `未读入单元格 ${total((s) => s.unplaced.length)}`,
  );
  if (args.includes("--verbose")) {
    for (const s of scores) {
      const lines = [
        ...(s.read ? [] : [`  未读出：找到 ${s.forms} 张表`]),
        ...s.missed.map((m) => `  漏报 ${m.code} ${m.cell ?? "（整表）"}：${m.why}`),
        ...s.falseErrors.map((f) => `  误报 ${f.code} ${f.cell ?? "（整表）"}：${f.message}`),
        ...s.unplaced.map((u) => `  未读入 ${u.cell} ${JSON.stringify(u.text)}：${u.reason}`),
      ];
      if (lines.length > 0) console.log(`${s.id}\n${lines.join("\n")}`);
    }
  }
  const ok = falseErrors === 0 && unread.length === 0 && (expected === 0 || found / expected >= FOUND_BAR);
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(2);
  },
);
