/**
 * Writes examples/forms.json, the built-in example data of the main job, from the test factories:
 * a clean form, the Minhang 群团改革专项 form (a rounding difference), and a form with the mistakes
 * reviewers meet most. Run: node -r ts-node/register/transpile-only scripts/make-example-forms.ts
 */
import * as fs from "fs";
import * as path from "path";
import { a1 } from "../src/domain/address";
import { cleanSpec, makeForm, withIndicator } from "../test/factories";
import { minhangForm } from "../test/seed-forms";

const toJson = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(toJson);
  if (value && typeof value === "object") {
    const o = value as Record<string, unknown>;
    if ("value" in o && "at" in o) return { ...o, at: o.at ? a1(o.at as { row: number; col: number }) : null };
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, toJson(v)]));
  }
  return value;
};

const clean = { ...makeForm(cleanSpec()), sheet: "职工技能培训" };
let messy = withIndicator(cleanSpec(), 0, { 4: "90(人)", 6: 20 });
messy = withIndicator(messy, 2, { 4: "部分达成年度指标并具有一定效果", 6: 14 });
messy = withIndicator(messy, 5, { 4: ">=85%" });
const s = {
  ...messy,
  projectName: "职工服务阵地运维",
  funding: {
    ...messy.funding,
    total: [120, 120, 118, 10, 95.5, 9.9] as typeof messy.funding.total,
    currentYear: [120, 110, 118, "-", 98.33, "-"] as typeof messy.funding.total,
  },
  total: [100, 99.9] as typeof messy.total,
  grade: "良",
};
const problems = { ...makeForm(s), sheet: "职工服务阵地运维" };
const rounding = minhangForm("群团改革专项");

const out = { template: "sh-district-2023", forms: [clean, rounding, problems].map(toJson) };
fs.writeFileSync(path.join(__dirname, "..", "examples", "forms.json"), JSON.stringify(out, null, 1) + "\n");
