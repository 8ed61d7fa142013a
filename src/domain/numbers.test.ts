import { readDate, readNumber } from "./numbers";

const shown = (raw: Parameters<typeof readNumber>[0]) => {
  const r = readNumber(raw);
  return r.ok ? { value: r.value.toString(), percent: r.percent, decimals: r.decimals } : { reason: r.reason };
};

test.each([
  [9.7, { value: "9.7", percent: false, decimals: 1 }],
  ["9.70", { value: "9.7", percent: false, decimals: 2 }],
  ["1,980.00", { value: "1980", percent: false, decimals: 2 }],
  ["21,045,108.18", { value: "21045108.18", percent: false, decimals: 2 }],
  ["２，８６３．００", { value: "2863", percent: false, decimals: 2 }],
  ["85.19%", { value: "85.19", percent: true, decimals: 2 }],
  ["85.19％", { value: "85.19", percent: true, decimals: 2 }],
  [" 10\n", { value: "10", percent: false, decimals: 0 }],
  ["10分", { value: "10", percent: false, decimals: 0 }],
  ["-5", { value: "-5", percent: false, decimals: 0 }],
  [null, { reason: "blank" }],
  ["", { reason: "blank" }],
  ["-", { reason: "placeholder" }],
  ["—", { reason: "placeholder" }],
  ["#DIV/0!", { reason: "error-value" }],
  ["#N/A", { reason: "error-value" }],
  ["十", { reason: "not-a-number" }],
  ["1,00", { reason: "not-a-number" }],
  [true, { reason: "not-a-number" }],
  [Number.NaN, { reason: "not-a-number" }],
])("readNumber(%p)", (raw, expected) => {
  expect(shown(raw)).toEqual(expected);
});

test.each([
  ["2024-01-01", { year: 2024, month: 1, day: 1 }],
  ["2024/1/31", { year: 2024, month: 1, day: 31 }],
  ["2024.12.31", { year: 2024, month: 12, day: 31 }],
  ["2024年2月29日", { year: 2024, month: 2, day: 29 }],
  [45292, { year: 2024, month: 1, day: 1 }], // Excel serial
  ["2023-02-29", null],
  ["2024-13-01", null],
  ["明年", null],
  [null, null],
])("readDate(%p)", (raw, expected) => {
  expect(readDate(raw)).toEqual(expected);
});
