/**
 * `zpb check` as a user runs it, against the floor measured in the same run (issue 12):
 *
 * - the floor: `node ../shared/bench/floor.js DIR` — unzip every workbook and pull every cell value out
 *   with one regular expression: the least work any checker must do (its own figure, start-up excluded);
 * - `zpb check --json DIR > /dev/null`: the installed command (bin/zpb.js, compiled), the whole process
 *   from start to exit, wall time and peak RSS (GNU time), median of `runs`;
 * - the ratio of the two, forms per second;
 * - start-up: `zpb --help`, and `zpb check` of one small workbook (one 自评表 of examples/), median of 5;
 * - with `--huge`: 10,000 workbooks (100,000 forms), to show the memory stays bounded.
 *
 * The workload is bench/workload.ts: 10 forms per workbook stacked on one sheet in the Minhang layout,
 * with varied values.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { workload } from "./workload";

interface Row {
  readonly what: string;
  readonly figure: string;
}

const ROOT = path.resolve(__dirname, "..");
const ZPB = path.join(ROOT, "bin", "zpb.js");
const FLOOR = path.resolve(ROOT, "..", "shared", "bench", "floor.js");

/** One run of a command under GNU time: wall seconds and peak RSS in MB; stdout thrown away. */
function timed(args: readonly string[]): { wall: number; rssMb: number; status: number | null } {
  const run = spawnSync("/usr/bin/time", ["-f", "%e %M", process.execPath, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    stdio: ["ignore", "ignore", "pipe"],
    maxBuffer: 1 << 20,
  });
  const last = run.stderr.trim().split("\n").pop() ?? "";
  const [wall, kb] = last.split(" ").map(Number);
  return { wall, rssMb: kb / 1024, status: run.status };
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function floorSeconds(dir: string): number {
  const run = spawnSync(process.execPath, [FLOOR, dir], { cwd: ROOT, encoding: "utf8" });
  return (JSON.parse(run.stdout) as { seconds: number }).seconds;
}

export function benchCli(options: { files: number; runs: number; huge: boolean }): Row[] {
  const rows: Row[] = [];
  if (!fs.existsSync(path.join(ROOT, "build", "cli", "cli", "zpb.js"))) {
    return [{ what: "zpb check (whole command)", figure: "not built: run npm run build:cli" }];
  }
  const dir = workload(options.files);
  const forms = options.files * 10;
  const floors: number[] = [];
  const walls: number[] = [];
  const rss: number[] = [];
  for (let i = 0; i < options.runs; i++) {
    floors.push(floorSeconds(dir));
    const r = timed([ZPB, "check", "--json", dir]);
    walls.push(r.wall);
    rss.push(r.rssMb);
  }
  const floor = median(floors);
  const wall = median(walls);
  rows.push(
    { what: `workload`, figure: `${options.files} workbooks × 10 stacked forms (${forms} forms) in ${dir}` },
    { what: `floor: unzip + scan every cell (floor.js), median of ${options.runs}`, figure: `${floor.toFixed(2)} s` },
    {
      what: `zpb check --json DIR, whole command, median of ${options.runs}`,
      figure: `${wall.toFixed(2)} s (min ${Math.min(...walls).toFixed(2)}, max ${Math.max(...walls).toFixed(2)})`,
    },
    { what: "ratio to the floor (goal ≤ 3×)", figure: `${(wall / floor).toFixed(1)}×` },
    { what: "forms per second", figure: `${Math.round(forms / wall)}` },
    { what: "peak RSS (goal < 300 MB)", figure: `${median(rss).toFixed(0)} MB` },
  );
  const help = median(Array.from({ length: 5 }, () => timed([ZPB, "--help"]).wall));
  // One small workbook: a single filled 自评表 of the examples.
  const one = path.join(ROOT, "examples", "职工技能培训.xlsx");
  const small = median(Array.from({ length: 5 }, () => timed([ZPB, "check", one]).wall));
  rows.push(
    { what: "start-up: zpb --help (goal < 0.3 s)", figure: `${help.toFixed(2)} s` },
    { what: "start-up: zpb check of one workbook (goal < 0.3 s)", figure: `${small.toFixed(2)} s` },
  );
  if (options.huge) {
    const big = workload(10000);
    const r = timed([ZPB, "check", "--json", big]);
    rows.push({
      what: "zpb check --json, 10,000 workbooks (100,000 forms)",
      figure: `${r.wall.toFixed(1)} s, peak RSS ${r.rssMb.toFixed(0)} MB`,
    });
  }
  return rows;
}

if (require.main === module) {
  const quick = process.argv.includes("--quick");
  const rows = benchCli({ files: quick ? 100 : 500, runs: quick ? 1 : 3, huge: process.argv.includes("--huge") });
  for (const r of rows) console.log(`${r.what.padEnd(60)}  ${r.figure}`);
}
