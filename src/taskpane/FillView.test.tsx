/** @jest-environment jsdom */
import { act, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { at } from "../domain";
import { cleanDeclarationSpec, cleanSpec, makeDeclaration, makeForm, withIndicator } from "../../test/factories";
import { FakeGateway } from "../../test/fake-gateway";
import { renderPane } from "./test-utils";
import type { PlannedChange } from "./gateway";

const settle = (): Promise<void> => act(async () => {});

/** 培训人数 scored 15 of 20 with no 偏差原因, and a 总分 that no longer adds up. */
const lowScore = () => makeForm(withIndicator(cleanSpec(), 0, { 6: 15 }));

const PLAN: PlannedChange[] = [
  {
    cell: at("Sheet1", "G14"),
    label: "指标“培训人数”的得分",
    before: "15",
    after: { value: 20 },
    reason: "suggested-score",
  },
  {
    cell: at("Sheet1", "G20"),
    label: "总分",
    before: "99.8",
    after: { formula: "ROUND(I7+SUM(G14:G19),2)" },
    reason: "restore-formula",
  },
];

async function openFill(gateway: FakeGateway): Promise<ReturnType<typeof userEvent.setup>> {
  renderPane(gateway, { initialView: "fill", debounceMs: 5 });
  await settle();
  return userEvent.setup();
}

function sheetWithPlan(): FakeGateway {
  const gateway = new FakeGateway({ Sheet1: [lowScore()] });
  gateway.plans.set("Sheet1", PLAN);
  return gateway;
}

describe("填充 view: focus follows each action to its result, never to the page body", () => {
  const focused = (): Element | null => document.activeElement;
  test("预览 → the planned changes; 取消 → 预览; 确认填充 → 已填充", async () => {
    const gateway = sheetWithPlan();
    const user = await openFill(gateway);
    await user.click(screen.getByRole("button", { name: "预览" }));
    await settle();
    expect(focused()).toBe(screen.getByRole("list", { name: "工作表“Sheet1”的计划更改" }));
    await user.click(screen.getByRole("button", { name: "取消" }));
    await settle();
    expect(focused()).toBe(screen.getByRole("button", { name: "预览" }));
    await user.click(screen.getByRole("button", { name: "预览" }));
    await settle();
    await user.click(screen.getByRole("button", { name: "确认填充" }));
    await settle();
    expect(focused()).toBe(screen.getByText("已填充").closest("[tabindex]"));
    expect(focused()).not.toBe(document.body);
  });

  test("nothing to fill → that message; 删除指标行 → the question; its 取消 → 删除指标行; 确定删除 → the result", async () => {
    const gateway = new FakeGateway({ Sheet1: [lowScore()] });
    const user = await openFill(gateway);
    await user.click(screen.getByRole("button", { name: "预览" }));
    await settle();
    expect(focused()).toBe(screen.getByText("没有需要填充的单元格。").closest("[tabindex]"));
    await user.click(screen.getByRole("button", { name: "删除指标行" }));
    await settle();
    expect(focused()?.textContent).toContain("确定删除指标");
    await user.click(screen.getByRole("button", { name: "取消" }));
    await settle();
    expect(focused()).toBe(screen.getByRole("button", { name: "删除指标行" }));
    await user.click(screen.getByRole("button", { name: "删除指标行" }));
    await user.click(screen.getByRole("button", { name: "确定删除" }));
    await settle();
    expect(focused()?.textContent).toMatch(/^已删除指标“.*”所在行。$/);
  });
});

describe("填充 view", () => {
  test("预览 shows the planned changes and writes nothing", async () => {
    const gateway = sheetWithPlan();
    const user = await openFill(gateway);
    await user.click(screen.getByRole("button", { name: "预览" }));
    await settle();
    expect(gateway.callsOf("planFill").map((c) => c.args)).toEqual([["Sheet1"]]);
    const list = screen.getByRole("list", { name: "工作表“Sheet1”的计划更改" });
    expect(screen.queryByRole("table")).toBeNull();
    const items = within(list).getAllByRole("listitem");
    // What a screen reader reads, card by card: the arrow is hidden, the words for it are not.
    expect(items.map((item) => item.textContent)).toEqual([
      "指标“培训人数”的得分单元格 G14现值 15→，新值 20按完成比例计算的建议得分",
      "总分单元格 G20现值 99.8→，恢复公式 =ROUND(I7+SUM(G14:G19),2)公式被改写或缺失",
    ]);
    expect(
      within(list)
        .getAllByText("→")
        .every((arrow) => arrow.getAttribute("aria-hidden") === "true"),
    ).toBe(true);
    // The 单元格 is a monospace badge beside the 内容; the reason a caption under 现值 → 新值.
    const cell = within(items[0]).getByText("G14");
    expect(cell.closest(".fui-Badge")).not.toBeNull();
    expect(getComputedStyle(cell).fontFamily).toBe("var(--fontFamilyMonospace)");
    expect(within(items[0]).getByText("按完成比例计算的建议得分").classList.contains("fui-Caption1")).toBe(true);
    expect(gateway.writes()).toEqual([]);
  });

  test("确认填充 writes the plan, then checks the sheet again", async () => {
    const gateway = sheetWithPlan();
    const user = await openFill(gateway);
    await user.click(screen.getByRole("button", { name: "预览" }));
    await settle();
    const readsBefore = gateway.callsOf("readActiveSheet").length;
    await user.click(screen.getByRole("button", { name: "确认填充" }));
    await settle();
    expect(gateway.writes().map((c) => c.name)).toEqual(["applyFill"]);
    expect(gateway.callsOf("applyFill")[0].args).toEqual(["Sheet1", PLAN]);
    expect(gateway.callsOf("readActiveSheet").length).toBe(readsBefore + 1);
    expect(screen.getByText(/已写入 2 个单元格/)).toBeTruthy();
    // The fake wrote 20 into G14: the deviation findings are gone and 总分 adds up again.
    expect(screen.getByRole("group", { name: "问题数量" }).textContent).toBe("错误 0警告 0提示 0");
    expect(screen.queryByRole("list", { name: /计划更改/ })).toBeNull();
  });

  test("after 确认填充 the findings that remain are listed, and a click selects the cell", async () => {
    const gateway = new FakeGateway({ Sheet1: [lowScore()] });
    // Only the 总分 formula is restored: 培训人数's low score and its missing 偏差原因 remain.
    gateway.plans.set("Sheet1", [PLAN[1]]);
    const user = await openFill(gateway);
    await user.click(screen.getByRole("button", { name: "预览" }));
    await settle();
    await user.click(screen.getByRole("button", { name: "确认填充" }));
    await settle();
    expect(screen.getByText(/已写入 1 个单元格，重新检查的结果如下/)).toBeTruthy();
    expect(screen.getByRole("group", { name: "问题数量" }).textContent).toBe("错误 2警告 1提示 0");
    expect(screen.getByRole("list", { name: /培训人数.*的问题/ })).toBeTruthy();
    await user.click(screen.getByRole("button", { name: /低于分值 20/ }));
    await settle();
    expect(gateway.callsOf("selectCell").map((c) => c.args[0])).toEqual([at("Sheet1", "H14")]);
    expect(gateway.writes().map((c) => c.name)).toEqual(["applyFill"]);
  });

  test("取消 drops the plan without writing", async () => {
    const gateway = sheetWithPlan();
    const user = await openFill(gateway);
    await user.click(screen.getByRole("button", { name: "预览" }));
    await settle();
    await user.click(screen.getByRole("button", { name: "取消" }));
    expect(screen.queryByRole("list", { name: /计划更改/ })).toBeNull();
    expect(gateway.writes()).toEqual([]);
  });

  test("an empty plan says there is nothing to fill and offers no 确认", async () => {
    const gateway = new FakeGateway({ Sheet1: [makeForm(cleanSpec())] });
    const user = await openFill(gateway);
    await user.click(screen.getByRole("button", { name: "预览" }));
    await settle();
    expect(screen.getByText("没有需要填充的单元格。")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "确认填充" })).toBeNull();
  });

  test("a change to the sheet after 预览 discards the plan", async () => {
    const gateway = sheetWithPlan();
    const user = await openFill(gateway);
    await user.click(screen.getByRole("button", { name: "预览" }));
    await settle();
    act(() => gateway.emitSheetChanged("Sheet1"));
    expect(screen.queryByRole("button", { name: "确认填充" })).toBeNull();
    expect(screen.getByText("表格在预览后有改动，请重新预览。")).toBeTruthy();
    expect(gateway.writes()).toEqual([]);
  });

  test("switching sheets reads the new sheet at once, and 预览 plans for it", async () => {
    const gateway = new FakeGateway({ Sheet1: [lowScore()], Sheet2: [makeForm({ ...cleanSpec(), sheet: "Sheet2" })] });
    const user = await openFill(gateway);
    act(() => gateway.activate("Sheet2"));
    await settle();
    expect(gateway.callsOf("readActiveSheet")).toHaveLength(2);
    await user.click(screen.getByRole("button", { name: "预览" }));
    await settle();
    expect(gateway.callsOf("planFill").map((c) => c.args)).toEqual([["Sheet2"]]);
  });

  test("添加指标行 inserts after the chosen indicator", async () => {
    const gateway = new FakeGateway({ Sheet1: [makeForm(cleanSpec())] });
    const user = await openFill(gateway);
    const select = screen.getByRole("combobox", { name: "指标（三级指标）" }) as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual([
      "1. 培训人数",
      "2. 培训合格率",
      "3. 补贴发放及时性",
      "4. 有责投诉发生数",
      "5. 长效管理机制",
      "6. 服务对象满意度",
    ]);
    await user.selectOptions(select, "2");
    await user.click(screen.getByRole("button", { name: "添加指标行" }));
    await settle();
    expect(gateway.writes().map((c) => [c.name, ...c.args])).toEqual([["addIndicatorRow", "Sheet1", 2]]);
    expect(screen.getByText("已在指标“补贴发放及时性”之后添加一行。")).toBeTruthy();
    // Read again: the new, unnamed row is listed.
    expect(screen.getByRole("option", { name: "4. 第 4 行（未命名）" })).toBeTruthy();
  });

  test("删除指标行 asks first, then deletes the chosen indicator", async () => {
    const gateway = new FakeGateway({ Sheet1: [makeForm(cleanSpec())] });
    const user = await openFill(gateway);
    await user.selectOptions(screen.getByRole("combobox", { name: "指标（三级指标）" }), "4");
    await user.click(screen.getByRole("button", { name: "删除指标行" }));
    expect(screen.getByText("确定删除指标“长效管理机制”所在的行？该行填写的内容将一并删除。")).toBeTruthy();
    expect(gateway.writes()).toEqual([]);
    await user.click(screen.getByRole("button", { name: "确定删除" }));
    await settle();
    expect(gateway.writes().map((c) => [c.name, ...c.args])).toEqual([["deleteIndicatorRow", "Sheet1", 4]]);
    expect(screen.getByText("已删除指标“长效管理机制”所在行。")).toBeTruthy();
    expect(screen.queryByRole("option", { name: /长效管理机制/ })).toBeNull();
  });

  test("the rows of a 申报表 can be edited too", async () => {
    const gateway = new FakeGateway({ 申报表: [makeDeclaration(cleanDeclarationSpec())] });
    const user = await openFill(gateway);
    await user.click(screen.getByRole("button", { name: "添加指标行" }));
    await settle();
    expect(gateway.writes().map((c) => [c.name, ...c.args])).toEqual([["addIndicatorRow", "申报表", 0]]);
  });

  test("a sheet without a form disables 预览 and says why", async () => {
    const gateway = new FakeGateway({ 数据: [] });
    await openFill(gateway);
    expect(screen.getByText("此工作表中没有自评表或申报表")).toBeTruthy();
    // Disabled yet focusable (aria-disabled): focus is never dropped to the page.
    expect(screen.getByRole("button", { name: "预览" }).getAttribute("aria-disabled")).toBe("true");
  });

  test("a failed applyFill is shown and the plan stays for another try", async () => {
    const gateway = sheetWithPlan();
    gateway.fail("applyFill", "工作表“Sheet1”受保护，无法写入");
    const user = await openFill(gateway);
    await user.click(screen.getByRole("button", { name: "预览" }));
    await settle();
    await user.click(screen.getByRole("button", { name: "确认填充" }));
    await settle();
    expect(screen.getByText("工作表“Sheet1”受保护，无法写入")).toBeTruthy();
    expect(screen.getByRole("button", { name: "确认填充" })).toBeTruthy();
  });
});
