/** @jest-environment jsdom */
/**
 * The summary card of a 专家评分表 (the 自评表's is pinned by CheckView.test.tsx): 专家人数, 平均总分/满分
 * and 等级 from the engine, the counts, and the findings grouped by item with their cells.
 */
import * as React from "react";
import { fireEvent, render, screen, within } from "@testing-library/react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import "./test-utils";
import type { ExpertScoringForm } from "../domain/model";
import type { RawValue } from "../domain/numbers";
import { builtinTemplate } from "../domain/templates/builtin";
import type { Template } from "../domain/templates/schema";
import { fromDescriptions, toGrid } from "../../test/sheet-grid";
import { blankExpertScoring, layoutExpertScoring } from "../layout/expert";
import { readStandardForms } from "../layout/read-standard";
import { checkSheet } from "./check";
import { SheetResults } from "./CheckResults";

const T = builtinTemplate("expert-2020") as Template;

function panel(): ExpertScoringForm {
  const blank = blankExpertScoring(T, 2024, 3);
  const items = blank.items.map((it) => ({
    ...it,
    scores: [Number(it.weight), Number(it.weight) * 0.9, Number(it.weight) * 0.8] as RawValue[],
  }));
  items[0] = { ...items[0], scores: [2, 0.5, null] };
  const { sheet } = layoutExpertScoring(
    T,
    { ...blank, projectName: "社区养老服务补贴", department: "区民政局", implementer: "区养老服务指导中心", items },
    { formNo: 1, sheetName: "专家评分表" },
  );
  return readStandardForms(toGrid(fromDescriptions([sheet])))[0].form as ExpertScoringForm;
}

test("a 专家评分表: its figures, its counts, and each finding takes the user to its cell", () => {
  const check = checkSheet({ sheetName: "专家评分表", forms: [panel()], missing: [] });
  const selected: unknown[] = [];
  render(
    <FluentProvider theme={webLightTheme}>
      <SheetResults check={check} showFindings onSelectCell={(cell) => selected.push(cell)} />
    </FluentProvider>,
  );
  expect(screen.getByText("专家评分表", { exact: false })).toBeTruthy();
  const figures = screen.getByText("专家人数").closest("dl") as HTMLElement;
  expect(within(figures).getByText("3")).toBeTruthy();
  // A blank score: no 平均总分 or 等级 yet.
  expect(within(figures).getByText("— / 100.00")).toBeTruthy();
  expect(screen.getByText("错误 1")).toBeTruthy();
  expect(screen.getByText("警告 1")).toBeTruthy();
  const group = screen.getByRole("region", { name: "立项依据充分性" });
  fireEvent.click(within(group).getByRole("button", { name: /专家3对指标“立项依据充分性”的评分未填写/ }));
  expect(selected).toEqual([{ sheet: "专家评分表", row: 6, col: 8 }]);
});
