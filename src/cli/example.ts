/**
 * The main job on built-in example data: checks the example forms in examples/forms.json with their
 * template and prints what a reviewer would read.
 *
 * Usage: npm run example [-- path/to/forms.json]
 */
import * as fs from "fs";
import * as path from "path";
import {
  adr,
  builtinTemplate,
  countBySeverity,
  dec,
  evaluateForm,
  formatSheetCell,
  messageOf,
  type Form,
  type Severity,
} from "../domain";

const SEVERITY_ZH: Record<Severity, string> = { error: "错误", warning: "警告", info: "提示" };

/** Turns `"at": "C3"` back into addresses; everything else is the form model as is. */
function revive(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(revive);
  if (value && typeof value === "object") {
    const o = value as Record<string, unknown>;
    if ("value" in o && "at" in o) return { ...o, at: typeof o.at === "string" ? adr(o.at) : null };
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, revive(v)]));
  }
  return value;
}

function main(argv: string[]): number {
  const file = argv[0] ?? path.join(__dirname, "..", "..", "examples", "forms.json");
  let data: { template: string; forms: unknown[] };
  try {
    data = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    process.stderr.write(`无法读取示例数据 ${file}：${(error as Error).message}\n`);
    return 2;
  }
  const template = builtinTemplate(data.template);
  if (!template) {
    process.stderr.write(`未知的模板：${data.template}\n`);
    return 2;
  }
  let anyError = false;
  process.stdout.write(`模板：${template.name}（${template.id}）\n\n`);
  for (const raw of data.forms) {
    const form = revive(raw) as Form;
    const { computed, findings } = evaluateForm(form, template);
    const counts = countBySeverity(findings);
    anyError ||= counts.error > 0;
    const name = form.header.projectName.value;
    const pct = computed.executionRate === null ? "—" : `${dec(computed.executionRate).times(100).toFixed(2)}%`;
    const two = (n: number | null): string => (n === null ? "—" : dec(n).toFixed(2));
    process.stdout.write(
      `■ ${String(name ?? "（未填项目名称）")}  执行率 ${pct}  资金得分 ${two(computed.fundingScore)}  ` +
        `总分 ${two(computed.totalScore)}/${computed.fullScore ?? "—"}  等级 ${computed.grade ?? "—"}  ` +
        `错误 ${counts.error} · 警告 ${counts.warning} · 提示 ${counts.info}\n`,
    );
    for (const f of findings) {
      const where = f.cell ? formatSheetCell(f.cell) : "（整表）";
      process.stdout.write(`  [${SEVERITY_ZH[f.severity]}] ${where.padEnd(16)} ${f.code}  ${messageOf(f)}\n`);
    }
    process.stdout.write("\n");
  }
  process.stdout.write(anyError ? "有表单存在错误，修改后才能提交。\n" : "所有表单均无错误，可以提交。\n");
  return 0;
}

process.exitCode = main(process.argv.slice(2));
