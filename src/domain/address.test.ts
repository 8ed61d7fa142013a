import { a1, adr, AddressSyntaxError, at, columnLetters, formatSheetCell, rangeA1 } from "./address";

test.each([
  ["A1", 0, 0],
  ["B7", 6, 1],
  ["Z10", 9, 25],
  ["AA1", 0, 26],
  ["AB3", 2, 27],
  ["$I$5", 4, 8],
  ["XFD1048576", 1048575, 16383],
])("%s is row %i, col %i", (text, row, col) => {
  expect(adr(text)).toEqual({ row, col });
  expect(a1({ row, col })).toBe(text.replace(/\$/g, ""));
});

test("column letters", () => {
  expect([0, 25, 26, 51, 52, 701, 702].map(columnLetters)).toEqual(["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA"]);
});

test("a programmer's bad address throws a named error", () => {
  expect(() => adr("7B")).toThrow(AddressSyntaxError);
});

test("sheet cells print the way Excel writes them", () => {
  expect(formatSheetCell(at("Sheet1", "I5"))).toBe("Sheet1!I5");
  expect(formatSheetCell(at("闵行", "I177"))).toBe("闵行!I177");
  expect(formatSheetCell(at("2023 自评", "A1"))).toBe("'2023 自评'!A1");
  expect(formatSheetCell(at("O'Brien", "A1"))).toBe("'O''Brien'!A1");
  expect(rangeA1(adr("A1"), adr("I31"))).toBe("A1:I31");
});
