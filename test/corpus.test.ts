/**
 * The corpus of real published forms (test/corpus/): every form read, checked with no false error,
 * and the expected findings (written by hand) found — the same score `npm run corpus` prints, here on
 * the in-memory grids. Then every form through the variations of domain.md §2.4: the same findings,
 * cells aside.
 */
import fc from "fast-check";
import { formJson, templateFor } from "../src/layout/report";
import { evaluateForm, messageOf, type Finding } from "../src/domain";
import type { Form } from "../src/domain/model";
import { recognizeForms } from "../src/layout/recognize";
import { corpusGrid, loadCorpus, parseRange, scoreForm, type CorpusEntry } from "./corpus/corpus";
import {
  besides,
  decorateLevel1,
  relabel,
  stacked,
  swapTableColumns,
  withPlaceholders,
  type Layout,
} from "./corpus/variants";

const ENTRIES = loadCorpus();
const layoutOf = (e: CorpusEntry): Layout => ({ rows: e.rows, merges: e.meta.merges.map(parseRange) });

const formsOf = (layout: Layout, text = false): Form[] =>
  recognizeForms(corpusGrid(layout.rows, layout.merges, { text })).map((r) => r.form);

/** A form's findings as a reviewer reads them: code and message, no cell (a row number in a name aside). */
function said(form: Form): string[] {
  return evaluateForm(form, templateFor(form))
    .findings.map((f: Finding) => `${f.code} ${messageOf(f).replace(/第 \d+ 行/g, "第 ? 行")}`)
    .sort();
}
const withoutPlaceholders = (lines: readonly string[]): string[] =>
  lines.filter((l) => !l.startsWith("PLACEHOLDER_ROWS"));

test("the corpus holds at least 25 forms from at least 9 provinces (see SOURCES.md for how they were found)", () => {
  expect(ENTRIES.length).toBeGreaterThanOrEqual(25);
  expect(new Set(ENTRIES.map((e) => e.meta.province)).size).toBeGreaterThanOrEqual(9);
});

describe("every corpus form, scored against the findings written by hand", () => {
  test.each(ENTRIES.map((e) => [e.id, e] as const))("%s", (_id, entry) => {
    const found = recognizeForms(corpusGrid(entry.rows, entry.meta.merges, { name: "表1" }));
    const score = scoreForm(
      entry,
      found.map(({ form, unplaced }) => formJson(form, templateFor(form), unplaced)),
    );
    expect({
      read: score.read,
      falseErrors: score.falseErrors,
      missed: score.missed,
      unplaced: score.unplaced,
    }).toEqual({
      read: true,
      falseErrors: [],
      missed: [],
      unplaced: [],
    });
  });
});

describe("the variations of domain.md §2.4 keep every corpus form's findings", () => {
  const plain = new Map(ENTRIES.map((e) => [e.id, formsOf(layoutOf(e)).map(said)]));

  test.each(ENTRIES.map((e) => [e.id, e] as const))(
    "%s: numbers typed as text, as pasted from a web page",
    (_id, e) => {
      expect(formsOf(layoutOf(e), true).map(said)).toEqual(plain.get(e.id));
    },
  );

  const VARIATIONS: Record<string, (l: Layout) => Layout | null> = {
    "一级 with weights": (l) => decorateLevel1(l, "weight"),
    "一级 numbered": (l) => decorateLevel1(l, "numbering"),
    "labels cut short": (l) =>
      relabel(l, {
        年度资金总额: "年度资金总",
        "其中：当年财政拨款": "其中：当年财",
        "其中:当年财政拨款": "其中:当年财",
        上年结转资金: "上年结转",
        年度指标值: "年度指标",
      }),
    synonyms: (l) =>
      relabel(l, {
        实际完成值: "全年实际值",
        分值: "权重",
        年度指标值: "指标值",
        偏差原因分析及改进措施: "偏差原因分析",
      }),
    "分值 before 年度指标值": (l) => swapTableColumns(l, "target", "weight"),
    "template rows left in": (l) => withPlaceholders(l),
  };
  const names = Object.keys(VARIATIONS);

  test("any combination of them, on any form (fast-check)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: ENTRIES.length - 1 }),
        fc.subarray(names, { minLength: 1 }),
        (i, chosen) => {
          const entry = ENTRIES[i];
          let layout: Layout = layoutOf(entry);
          let placeholders = false;
          for (const name of chosen) {
            const next = VARIATIONS[name](layout);
            if (next === null) continue;
            layout = next;
            placeholders ||= name === "template rows left in";
          }
          const got = formsOf(layout).map(said);
          const want = plain.get(entry.id) ?? [];
          expect(got.map(withoutPlaceholders)).toEqual(want.map(withoutPlaceholders));
          if (placeholders)
            for (const lines of got) expect(lines.some((l) => l.startsWith("PLACEHOLDER_ROWS"))).toBe(true);
        },
      ),
      { numRuns: 150, seed: 20261206 },
    );
  });

  test("two forms stacked on one sheet, or side by side: each reads as it does alone", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: ENTRIES.length - 1 }),
        fc.integer({ min: 0, max: ENTRIES.length - 1 }),
        fc.boolean(),
        (i, j, side) => {
          const [a, b] = [ENTRIES[i], ENTRIES[j]];
          const layout = side ? besides(layoutOf(a), layoutOf(b)) : stacked(layoutOf(a), layoutOf(b));
          expect(formsOf(layout).map(said)).toEqual([...(plain.get(a.id) ?? []), ...(plain.get(b.id) ?? [])]);
        },
      ),
      { numRuns: 80, seed: 20261206 },
    );
  });
});
