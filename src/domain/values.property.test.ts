/**
 * Property tests of the value grammar (domain.md §3) and of numeric/date cell reading: parsing never
 * throws, and the canonical text of a parsed value parses back to the same value.
 */
import fc from "fast-check";
import { readDate, readNumber } from "./numbers";
import {
  formatActual,
  formatTarget,
  isUnit,
  parseActual,
  parseTarget,
  tierOf,
  type ActualValue,
  type Comparator,
  type TargetValue,
} from "./values";

const RUNS = { numRuns: 2000 };

/** The characters the grammar reads, mixed with a few that it must reject or treat as text. */
const GRAMMAR_CHARS = [
  ..."0123456789",
  ..."０１２３４５６７８９",
  ..."≥≤=<>≧≦＞＜＝％%()（）,，.．+-－—~～/",
  ..."万元人次名天月起家项场",
  ..."以上下内不低于超过约至每",
  " ",
  "\u3000",
  "\n",
  "\t",
];

/** Any text a cell might hold: ASCII, grapheme clusters, arbitrary code points (lone surrogates too), grammar soup. */
const anyText = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme" }),
  fc.string({ unit: "binary" }),
  fc.string({ unit: fc.constantFrom(...GRAMMAR_CHARS), maxLength: 24 }),
);

/** What a numeric or date cell may hold once read from a sheet. */
const anyRaw = fc.oneof(
  anyText,
  fc.double(),
  fc.integer({ min: -1e6, max: 3e6 }),
  fc.boolean(),
  fc.constantFrom(null, undefined),
);

describe("parsing never throws", () => {
  test("parseTarget", () => {
    fc.assert(
      fc.property(anyText, (s) => {
        parseTarget(s);
      }),
      RUNS,
    );
  });

  test("parseActual, without and with a target", () => {
    fc.assert(
      fc.property(anyText, anyText, (s, t) => {
        parseActual(s);
        const target = parseTarget(t);
        parseActual(s, target.ok ? target.value : undefined);
      }),
      RUNS,
    );
  });

  test("tierOf, without and with a target text", () => {
    fc.assert(
      fc.property(anyText, anyText, (s, t) => {
        tierOf(s);
        tierOf(s, t);
      }),
      RUNS,
    );
  });

  test("readNumber", () => {
    fc.assert(
      fc.property(anyRaw, (raw) => {
        readNumber(raw);
      }),
      RUNS,
    );
  });

  test("readDate", () => {
    fc.assert(
      fc.property(anyRaw, (raw) => {
        readDate(raw);
      }),
      RUNS,
    );
  });
});

const comparator = fc.constantFrom<Comparator>(">=", "<=", "=", ">", "<");

/** Numbers in the canonical form parseTarget gives: ASCII digits, optional sign, decimals kept. */
const canonicalNumber = fc.oneof(
  fc.constantFrom("85", "85.00", "0.5", "-3", "4500.00", "0", "0.00", "100", "15.20", "10764.00"),
  fc
    .tuple(
      fc.boolean(),
      fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: 1, maxLength: 12 }),
      fc.option(fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: 1, maxLength: 6 })),
    )
    .map(([negative, int, frac]) => `${negative ? "-" : ""}${int}${frac === null ? "" : `.${frac}`}`),
);

/** The characters UNIT (values.ts) accepts besides letters. */
const UNIT_SIGNS = ["%", "‰", "℃", "°", "/", "·", "²", "³"];

/**
 * A letter of any script. Full-width Latin letters (Ａ–Ｚ, ａ–ｚ) are left out: parsing reads a cell
 * half-width first, so `(ｋｍ)` gives the unit `km` — a unit written full-width is not in the canonical
 * form that parseTarget returns, and `parse(format(v)) = v` is only meant for canonical values.
 */
const letter = fc.oneof(
  fc.integer({ min: 0x4e00, max: 0x9fff }).map((cp) => String.fromCodePoint(cp)),
  fc.constantFrom(..."abcxyzABCXYZ"),
  fc
    .integer({ min: 0, max: 0x10ffff })
    .map((cp) => String.fromCodePoint(cp))
    .filter((ch) => /^\p{L}$/u.test(ch) && !/[\uFF21-\uFF3A\uFF41-\uFF5A]/.test(ch)),
);

/**
 * Units: the ones real forms use, and arbitrary short strings that UNIT accepts. The unit is always
 * written in brackets by formatTarget, so a unit that ends with 以上/以下/以内 or starts with a
 * comparative word (不低于…) is not excluded: inside `(…)` neither can be read as a comparator.
 */
const unit = fc.oneof(
  fc.constant(null),
  fc.constantFrom(
    "%",
    "人",
    "名",
    "人次",
    "人/次",
    "次",
    "家",
    "个",
    "项",
    "场",
    "节",
    "张",
    "份",
    "起",
    "万元",
    "元",
    "天",
    "月",
    "分",
    "名/天",
  ),
  fc
    .string({ unit: fc.oneof(letter, fc.constantFrom(...UNIT_SIGNS)), minLength: 1, maxLength: 8 })
    .filter((u) => isUnit(u)),
  fc.constantFrom("以上", "人以上", "以下", "以内", "不低于", "大于人", "内"),
);

const quantitativeTarget: fc.Arbitrary<TargetValue> = fc.record({
  kind: fc.constant("quantitative" as const),
  comparator,
  number: canonicalNumber,
  unit,
});

const quantitativeActual: fc.Arbitrary<ActualValue> = fc.record({
  kind: fc.constant("quantitative" as const),
  number: canonicalNumber,
  unit,
});

const comparisonActual: fc.Arbitrary<ActualValue> = fc.record({
  kind: fc.constant("comparison" as const),
  comparator,
  number: canonicalNumber,
  unit,
});

describe("round trip: the canonical text parses back to the same value", () => {
  test("quantitative targets: parseTarget(formatTarget(v)) = v", () => {
    fc.assert(
      fc.property(quantitativeTarget, (v) => {
        expect(parseTarget(formatTarget(v))).toEqual({ ok: true, value: v });
      }),
      RUNS,
    );
  });

  test("any parsed target (qualitative ones included) formats and parses back to itself", () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const parsed = parseTarget(s);
        if (!parsed.ok) return;
        expect(parseTarget(formatTarget(parsed.value))).toEqual(parsed);
      }),
      RUNS,
    );
  });

  test("qualitative targets from arbitrary text stay qualitative with the same text", () => {
    fc.assert(
      fc.property(
        anyText.filter((s) => {
          const p = parseTarget(s);
          return p.ok && p.value.kind === "qualitative";
        }),
        (s) => {
          const parsed = parseTarget(s);
          expect(parseTarget(formatTarget((parsed as { value: TargetValue }).value))).toEqual(parsed);
        },
      ),
      { numRuns: 500 },
    );
  });

  test("quantitative and comparison actuals: parseActual(formatActual(v)) = v", () => {
    fc.assert(
      fc.property(fc.oneof(quantitativeActual, comparisonActual), (v) => {
        expect(parseActual(formatActual(v))).toEqual({ ok: true, value: v });
      }),
      RUNS,
    );
  });

  test("any parsed actual (qualitative ones with their tier included) formats and parses back to itself", () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const parsed = parseActual(s);
        if (!parsed.ok) return;
        expect(parseActual(formatActual(parsed.value))).toEqual(parsed);
      }),
      RUNS,
    );
  });
});

/** Inserts white space at code-point boundaries (never inside a surrogate pair). */
function insertSpaces(text: string, inserts: ReadonlyArray<readonly [number, string]>): string {
  const chars = Array.from(text);
  for (const [at, space] of inserts) chars.splice(at % (chars.length + 1), 0, space);
  return chars.join("");
}

const spaces = fc.array(fc.tuple(fc.nat(), fc.constantFrom(" ", "  ", "\n", "\r\n", "\t", "\u3000", "\u00A0")), {
  maxLength: 6,
});

/** Writes the chosen ASCII characters full-width (＞＝８５．００（％）), as some users type them. */
function fullWidth(text: string, pick: readonly boolean[]): string {
  return Array.from(text)
    .map((ch, i) => {
      const code = ch.charCodeAt(0);
      return ch.length === 1 && code >= 0x21 && code <= 0x7e && pick[i % pick.length]
        ? String.fromCharCode(code + 0xfee0)
        : ch;
    })
    .join("");
}

describe("§3.1 noise: white space and full-width characters do not change a value", () => {
  test("white space inserted anywhere in any text gives the same target and the same actual", () => {
    fc.assert(
      fc.property(anyText, spaces, (s, inserts) => {
        const spaced = insertSpaces(s, inserts);
        expect(parseTarget(spaced)).toEqual(parseTarget(s));
        expect(parseActual(spaced)).toEqual(parseActual(s));
      }),
      RUNS,
    );
  });

  test("a quantitative target written with line breaks and full-width characters parses to the same value", () => {
    fc.assert(
      fc.property(
        quantitativeTarget,
        spaces,
        fc.array(fc.boolean(), { minLength: 1, maxLength: 32 }),
        (v, inserts, pick) => {
          const typed = insertSpaces(fullWidth(formatTarget(v), pick), inserts);
          expect(parseTarget(typed)).toEqual({ ok: true, value: v });
        },
      ),
      RUNS,
    );
  });
});
