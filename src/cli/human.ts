/**
 * The human output of `zpb check`: a readable Chinese table per file, then the findings with their
 * cells. Widths count a Chinese character as two columns, as terminals show them.
 */
import { dec } from "../domain";
import type { FileReport, Report } from "../layout/report";

const SEVERITY_ZH = { error: "错误", warning: "警告", info: "提示" } as const;

/** Terminal columns of a string: East Asian wide and full-width characters take two. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    const wide =
      (cp >= 0x1100 && cp <= 0x115f) ||
      (cp >= 0x2e80 && cp <= 0xa4cf) ||
      (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0xfe30 && cp <= 0xfe4f) ||
      (cp >= 0xff00 && cp <= 0xff60) ||
      (cp >= 0xffe0 && cp <= 0xffe6) ||
      (cp >= 0x20000 && cp <= 0x3fffd);
    w += wide ? 2 : 1;
  }
  return w;
}

/** Pads (or cuts, with …) to a display width. */
export function fit(text: string, width: number): string {
  let out = "";
  let w = 0;
  for (const ch of text) {
    const cw = displayWidth(ch);
    if (w + cw > width - (displayWidth(text) > width ? 1 : 0)) {
      out += "…";
      w += 1;
      break;
    }
    out += ch;
    w += cw;
  }
  return out + " ".repeat(Math.max(0, width - w));
}

const two = (n: number | null): string => (n === null ? "—" : dec(n).toFixed(2));
const pct = (n: number | null): string => (n === null ? "—" : `${dec(n).times(100).toFixed(2)}%`);

const KIND_ZH: Record<FileReport["forms"][number]["kind"], string> = {
  "self-evaluation": "自评表",
  "target-declaration": "申报表",
  "expert-scoring": "专家评分表",
};

function fileBlock(file: FileReport): string[] {
  const lines = [file.path];
  if (file.error) {
    lines.push(`  无法读取（${file.error.code}）：${file.error.message}`);
    return lines;
  }
  for (const note of file.notes ?? []) lines.push(`  注意：${note}`);
  if (file.forms.length === 0) {
    lines.push("  未找到自评表、申报表或专家评分表");
    return lines;
  }
  const cols: [string, number][] = [
    ["工作表", 14],
    ["项目名称", 28],
    ["执行率", 9],
    ["资金得分", 9],
    ["总分", 8],
    ["等级", 5],
    ["错误", 5],
    ["警告", 5],
    ["提示", 5],
  ];
  lines.push(`  ${cols.map(([h, w]) => fit(h, w)).join(" ")}`);
  for (const form of file.forms) {
    const count = (s: string): string => String(form.findings.filter((f) => f.severity === s).length);
    const c = form.computed;
    const values = [
      form.sheet,
      form.projectName ?? "（未填）",
      pct(c.executionRate),
      two(c.fundingScore),
      two(c.totalScore),
      c.grade ?? "—",
      count("error"),
      count("warning"),
      count("info"),
    ];
    lines.push(`  ${values.map((v, i) => fit(v, cols[i][1])).join(" ")}`);
  }
  for (const form of file.forms) {
    if (form.findings.length === 0 && form.unplaced.length === 0) continue;
    const kind = form.kind === "self-evaluation" ? "" : `（${KIND_ZH[form.kind]}）`;
    lines.push(`  ▸ ${form.sheet} · ${form.projectName ?? "（未填项目名称）"}${kind}`);
    // A document's cells are named in words (`表2 第5行第3列`); a workbook's by their address on the sheet.
    // Never cut: a cut place points nowhere.
    const local = (at: { cell: string | null; location?: string }): string =>
      at.location ?? fit(at.cell === null ? "（整表）" : at.cell.slice(at.cell.lastIndexOf("!") + 1), 8);
    for (const u of form.unplaced) lines.push(`    [未读入] ${local(u)} “${u.text}”：${u.reason}`);
    for (const f of form.findings) lines.push(`    [${SEVERITY_ZH[f.severity]}] ${local(f)} ${f.message}  (${f.code})`);
  }
  return lines;
}

/** The whole human report. */
export function humanReport(report: Report): string {
  const s = report.summary;
  const unreadable = report.files.filter((f) => f.error !== null).length;
  const head = `检查了 ${s.files} 个文件、${s.forms} 张表：错误 ${s.errors} · 警告 ${s.warnings} · 提示 ${s.infos}${unreadable > 0 ? ` · 无法读取的文件 ${unreadable}` : ""}`;
  const blocks = report.files.map((f) => fileBlock(f).join("\n"));
  const verdict =
    unreadable > 0
      ? "有文件无法读取，请查看上面的原因。"
      : s.errors > 0
        ? "有表存在错误，修改后才能提交。"
        : "所有表均无错误，可以提交。";
  return [head, "", ...blocks.flatMap((b) => [b, ""]), verdict, ""].join("\n");
}
