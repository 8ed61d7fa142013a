/** @jest-environment jsdom */
import { act, fireEvent, screen, within } from "@testing-library/react";
import { at } from "../domain";
import { cleanDeclarationSpec, cleanSpec, makeDeclaration, makeForm, withIndicator } from "../../test/factories";
import { FakeGateway } from "../../test/fake-gateway";
import { renderPane } from "./test-utils";
import { splitParenthetical } from "./CheckResults";

const DEBOUNCE = 400;

/** Lets pending promise callbacks (the fake's answers) run inside act. */
const settle = (): Promise<void> => act(async () => {});
const advance = (ms: number): Promise<void> =>
  act(async () => {
    jest.advanceTimersByTime(ms);
  });

const clean = () => makeForm(cleanSpec());
/** 培训人数 scored 15 of 20 with no 偏差原因, so its 总分 no longer adds up either. */
const lowScore = () => makeForm(withIndicator(cleanSpec(), 0, { 6: 15 }));
const named = (projectName: string) => makeForm({ ...cleanSpec(), projectName });

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

async function openCheck(gateway: FakeGateway): Promise<void> {
  renderPane(gateway, { initialView: "check", debounceMs: DEBOUNCE });
  await settle();
}

describe("检查 view", () => {
  test("checks the active sheet once when opened and shows the summary", async () => {
    const gateway = new FakeGateway({ Sheet1: [clean()] });
    await openCheck(gateway);
    expect(gateway.callsOf("readActiveSheet")).toHaveLength(1);
    expect(screen.getByText("职工技能培训")).toBeTruthy();
    expect(screen.getByText("98.00%")).toBeTruthy();
    expect(screen.getByText("9.80")).toBeTruthy();
    expect(screen.getByText("99.80 / 100.00")).toBeTruthy();
    expect(screen.getByText("优")).toBeTruthy();
    const counts = screen.getByRole("group", { name: "问题数量" });
    expect(counts.textContent).toBe("错误 0警告 0提示 0");
    expect(screen.getByText("没有错误，可以提交。")).toBeTruthy();
  });

  test("the card's subtitle names the template and never breaks its 「（默认）」", async () => {
    const gateway = new FakeGateway({ Sheet1: [clean()] });
    await openCheck(gateway);
    const tail = screen.getByText("（默认）");
    expect(tail.parentElement?.textContent).toBe("绩效自评表 · 财预〔2020〕10号 项目支出绩效自评表（默认）");
    expect(getComputedStyle(tail).whiteSpace).toBe("nowrap");
  });

  test("a change is checked after the debounce with one read, and the findings are grouped by indicator", async () => {
    const gateway = new FakeGateway({ Sheet1: [clean()] });
    await openCheck(gateway);
    gateway.setForms("Sheet1", [lowScore()]);
    gateway.emitSheetChanged("Sheet1");
    gateway.emitSheetChanged("Sheet1");
    await advance(DEBOUNCE - 1);
    gateway.emitSheetChanged("Sheet1");
    await advance(DEBOUNCE - 1);
    expect(gateway.callsOf("readActiveSheet")).toHaveLength(1);
    await advance(1);
    await settle();
    expect(gateway.callsOf("readActiveSheet")).toHaveLength(2);

    expect(screen.getByRole("group", { name: "问题数量" }).textContent).toBe("错误 2警告 1提示 0");
    expect(screen.getByText("有 2 个错误需要修改后才能提交。")).toBeTruthy();
    const indicator = screen.getByRole("list", { name: "培训人数的问题" });
    const items = within(indicator).getAllByRole("button");
    // Errors before warnings within a group.
    expect(items.map((b) => b.textContent)).toEqual([
      "错误：指标“培训人数”得分 15.00 低于分值 20，请填写偏差原因分析及改进措施H14",
      "警告：指标“培训人数”得分 15.00，按完成比例计算的建议得分为 20.00G14",
    ]);
    const table = screen.getByRole("list", { name: "整表的问题" });
    expect(within(table).getByRole("button").textContent).toBe(
      "错误：总分填写为 99.8，资金得分与各指标得分之和应为 94.80G20",
    );
  });

  test("clicking a finding selects its cell", async () => {
    const gateway = new FakeGateway({ Sheet1: [lowScore()] });
    await openCheck(gateway);
    fireEvent.click(screen.getByRole("button", { name: /低于分值 20/ }));
    await settle();
    expect(gateway.callsOf("selectCell").map((c) => c.args[0])).toEqual([at("Sheet1", "H14")]);
  });

  test("a finding is a button, so the keyboard reaches and activates it", async () => {
    const gateway = new FakeGateway({ Sheet1: [lowScore()] });
    await openCheck(gateway);
    const item = screen.getByRole("button", { name: /总分填写为/ });
    expect(item.tagName).toBe("BUTTON");
    expect(item.getAttribute("type")).toBe("button");
  });

  test("a read that a later change made stale is dropped: only the latest result is shown", async () => {
    const gateway = new FakeGateway({ Sheet1: [named("第一版")] });
    await openCheck(gateway);
    expect(screen.getByText("第一版")).toBeTruthy();

    gateway.setForms("Sheet1", [named("第二版")]);
    const slow = gateway.holdNext("readActiveSheet");
    gateway.emitSheetChanged();
    await advance(DEBOUNCE);
    expect(gateway.callsOf("readActiveSheet")).toHaveLength(2);

    gateway.setForms("Sheet1", [named("第三版")]);
    gateway.emitSheetChanged();
    await advance(DEBOUNCE);
    await settle();
    expect(gateway.callsOf("readActiveSheet")).toHaveLength(3);
    expect(screen.getByText("第三版")).toBeTruthy();

    slow.release();
    await settle();
    expect(screen.queryByText("第二版")).toBeNull();
    expect(screen.getByText("第三版")).toBeTruthy();
  });

  test("switching sheets checks the new sheet; a change on another sheet does not", async () => {
    const gateway = new FakeGateway({ Sheet1: [named("一号表")], Sheet2: [named("二号表")] });
    await openCheck(gateway);
    gateway.emitSheetChanged("Sheet2");
    await advance(DEBOUNCE);
    await settle();
    expect(gateway.callsOf("readActiveSheet")).toHaveLength(1);

    gateway.activate("Sheet2");
    await advance(DEBOUNCE);
    await settle();
    expect(gateway.callsOf("readActiveSheet")).toHaveLength(2);
    expect(screen.getByText("二号表")).toBeTruthy();
    expect(screen.getByRole("heading", { name: "工作表“Sheet2”" })).toBeTruthy();
  });

  test("live checking calls no method that writes", async () => {
    const gateway = new FakeGateway({ Sheet1: [lowScore()], Sheet2: [] });
    await openCheck(gateway);
    for (let i = 0; i < 3; i++) {
      gateway.emitSheetChanged();
      await advance(DEBOUNCE);
    }
    gateway.activate("Sheet2");
    await advance(DEBOUNCE);
    gateway.activate("Sheet1");
    await advance(DEBOUNCE);
    await settle();
    fireEvent.click(screen.getByRole("button", { name: /总分填写为/ }));
    await settle();
    expect(gateway.writes()).toEqual([]);
    const allowed = new Set(["readActiveSheet", "selectCell", "onSheetChanged", "onActiveSheetChanged"]);
    expect(gateway.calls.filter((c) => !allowed.has(c.name))).toEqual([]);
  });

  test("a form in another layout offers 规范化, which writes only on the click", async () => {
    const gateway = new FakeGateway({ 原表: [named("劳模慰问")] });
    await openCheck(gateway);
    expect(screen.getByText("其他版式的表")).toBeTruthy();
    expect(gateway.writes()).toEqual([]);
    fireEvent.click(screen.getByRole("button", { name: "规范化当前工作表" }));
    await settle();
    expect(gateway.callsOf("normalizeSheet").map((c) => c.args)).toEqual([["原表"]]);
    expect(screen.getByText(/新建工作表：劳模慰问/)).toBeTruthy();
  });

  test("a standard form does not offer 规范化", async () => {
    const gateway = new FakeGateway({ 自评表: [{ ...clean(), sheet: "自评表", templateId: "sh-district-2023" }] });
    await openCheck(gateway);
    expect(screen.queryByRole("button", { name: "规范化当前工作表" })).toBeNull();
  });

  test("a 申报表 offers 由申报表生成自评表, which writes only on the click and lists what it changed", async () => {
    const declaration = { ...makeDeclaration(cleanDeclarationSpec()), templateId: "sh-2024-declaration" };
    const gateway = new FakeGateway({ 申报表: [declaration] });
    await openCheck(gateway);
    expect(screen.getByText("绩效目标申报表")).toBeTruthy();
    expect(screen.getByText(/可由本申报表生成当年的自评表/)).toBeTruthy();
    // A standard 申报表 is not offered 规范化.
    expect(screen.queryByRole("button", { name: "规范化当前工作表" })).toBeNull();
    expect(gateway.writes()).toEqual([]);

    fireEvent.click(screen.getByRole("button", { name: "由申报表生成自评表" }));
    await settle();
    expect(gateway.callsOf("selfEvaluationFromDeclarations").map((c) => c.args)).toEqual([["申报表", undefined]]);
    expect(gateway.writes()).toHaveLength(1);
    expect(screen.getByText("已生成自评表")).toBeTruthy();
    expect(screen.getByText(/新建工作表：编外人员工作经费自评表/)).toBeTruthy();
    const notes = screen.getByRole("list", { name: "工作表“编外人员工作经费自评表”的说明" });
    expect(
      within(notes)
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual([
      "金额单位由申报表的元换算为模板的万元（除以 10000，精确换算，未舍入）：年初预算数 615848 元 → 61.5848 万元",
      "5 个三级指标去掉了“指标1：”式的编号，其余文字照原样保留",
    ]);

    // Excel activates the new sheet: the pane checks the new 自评表, which asks for the year-end figures.
    await advance(DEBOUNCE);
    await settle();
    expect(screen.getByRole("heading", { name: "工作表“编外人员工作经费自评表”" })).toBeTruthy();
    expect(screen.getByText(/全年预算数未填写/)).toBeTruthy();
    expect(screen.queryByRole("button", { name: "由申报表生成自评表" })).toBeNull();
    expect(screen.getByText("已生成自评表")).toBeTruthy();
  });

  test("several 申报表 on a sheet: one 自评表 each, every note labelled with its sheet", async () => {
    const spec = cleanDeclarationSpec();
    const second = makeDeclaration({ ...spec, header: { ...spec.header, projectName: "帮困慰问" } });
    const gateway = new FakeGateway({ 松江: [makeDeclaration(spec), second] });
    await openCheck(gateway);
    expect(screen.getByText(/可由本表的 2 张申报表生成当年的自评表/)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "由申报表生成自评表" }));
    await settle();
    expect(screen.getByText(/新建工作表：编外人员工作经费自评表、帮困慰问自评表/)).toBeTruthy();
    const items = within(screen.getByRole("list", { name: "工作表“帮困慰问自评表”的说明" })).getAllByRole("listitem");
    expect(items[0].textContent).toMatch(/^帮困慰问自评表：金额单位由申报表的元换算为模板的万元/);
  });

  test("a 自评表 does not offer 由申报表生成自评表; a failed conversion is shown with the gateway's message", async () => {
    const gateway = new FakeGateway({ 自评表: [clean()], 申报表: [makeDeclaration(cleanDeclarationSpec())] });
    await openCheck(gateway);
    expect(screen.queryByRole("button", { name: "由申报表生成自评表" })).toBeNull();
    gateway.activate("申报表");
    await advance(DEBOUNCE);
    await settle();
    gateway.fail("selfEvaluationFromDeclarations", "工作簿已被保护，无法添加工作表");
    fireEvent.click(screen.getByRole("button", { name: "由申报表生成自评表" }));
    await settle();
    expect(screen.getByText("工作簿已被保护，无法添加工作表")).toBeTruthy();
    expect(screen.queryByText("已生成自评表")).toBeNull();
    expect(screen.getByRole("button", { name: "由申报表生成自评表" })).toHaveProperty("disabled", false);
  });

  test("a sheet without a form says so and points to 新建", async () => {
    const gateway = new FakeGateway({ 数据: [] });
    await openCheck(gateway);
    // Neutral: an empty Sheet1 is not a form anyone else made either.
    expect(screen.getByText("此工作表中没有自评表或申报表")).toBeTruthy();
    expect(screen.queryByText(/不是本助手生成/)).toBeNull();
    expect(screen.getByText(/工作表“数据”中没有找到绩效自评表或目标申报表。可在“新建”中按模板生成/)).toBeTruthy();
    expect(screen.getByText(/可用“规范化”转换为标准版式/)).toBeTruthy();
  });

  test("missing named cells of a standard form are reported", async () => {
    const gateway = new FakeGateway({ Sheet1: [clean()] });
    gateway.missing.set("Sheet1", ["fundingScore", "grade"]);
    await openCheck(gateway);
    expect(screen.getByText(/找不到以下单元格（可能已被删除）：fundingScore、grade/)).toBeTruthy();
  });

  test("leaving the view unsubscribes and stops checking", async () => {
    const gateway = new FakeGateway({ Sheet1: [clean()] });
    await openCheck(gateway);
    expect(gateway.listenerCount).toBe(2);
    gateway.emitSheetChanged();
    fireEvent.click(screen.getByRole("tab", { name: "新建" }));
    await advance(DEBOUNCE);
    await settle();
    expect(gateway.listenerCount).toBe(0);
    expect(gateway.callsOf("readActiveSheet")).toHaveLength(1);
  });

  test("a failed read is shown in the error area with the gateway's message", async () => {
    const gateway = new FakeGateway({ Sheet1: [clean()] });
    gateway.fail("readActiveSheet", "Excel 正忙（单元格编辑模式），请稍后再试");
    await openCheck(gateway);
    expect(screen.getByText("Excel 正忙（单元格编辑模式），请稍后再试")).toBeTruthy();
  });
});

describe("splitParenthetical", () => {
  test.each([
    ["财预〔2020〕10号 项目支出绩效自评表（默认）", "财预〔2020〕10号 项目支出绩效自评表", "（默认）"],
    ["上海市区级 财政项目支出绩效自评表（2023/2024）", "上海市区级 财政项目支出绩效自评表", "（2023/2024）"],
    ["财预〔2021〕101号 核心指标体系 自评表", "财预〔2021〕101号 核心指标体系 自评表", ""],
    ["（默认）", "（默认）", ""],
  ])("%s", (name, head, tail) => {
    expect(splitParenthetical(name)).toEqual([head, tail]);
  });
});

describe("检查 view for a screen reader and the keyboard", () => {
  /** Two findings on 培训人数 (score below weight: no 偏差原因; TOTAL no longer adds up). */
  const findingButtons = (): HTMLElement[] =>
    screen.getAllByRole("button").filter((b) => b.hasAttribute("data-finding-key"));

  test("a re-check that fixes the focused finding moves focus to the one in its place and says it is fixed", async () => {
    const gateway = new FakeGateway({ Sheet1: [lowScore()] });
    await openCheck(gateway);
    const before = findingButtons();
    expect(before.length).toBeGreaterThanOrEqual(2);
    before[0].focus();
    const fixedText = before[0].dataset.findingText;
    const secondKey = before[1].dataset.findingKey;
    // The user writes the 偏差原因: the first finding goes, the second stays.
    gateway.setForms("Sheet1", [makeForm(withIndicator(cleanSpec(), 0, { 6: 15, 7: "报名人数不足" }))]);
    gateway.emitSheetChanged("Sheet1");
    await advance(DEBOUNCE);
    await settle();
    const after = findingButtons();
    expect(after.map((b) => b.dataset.findingKey)).not.toContain(before[0].dataset.findingKey);
    expect(document.activeElement).toBe(after[0]);
    expect(after[0].dataset.findingKey).toBe(secondKey);
    await advance(100);
    expect(screen.getByTestId("announce-polite").textContent).toBe(`已修正：${fixedText}`);
  });

  test("a re-check that keeps the focused finding keeps focus on it, wherever it moved", async () => {
    const gateway = new FakeGateway({ Sheet1: [lowScore()] });
    await openCheck(gateway);
    const before = findingButtons();
    const last = before[before.length - 1];
    last.focus();
    const key = last.dataset.findingKey;
    gateway.setForms("Sheet1", [lowScore()]);
    gateway.emitSheetChanged("Sheet1");
    await advance(DEBOUNCE);
    await settle();
    expect((document.activeElement as HTMLElement).dataset.findingKey).toBe(key);
  });

  test("the live check's counts are spoken when they change, not at every re-check", async () => {
    const gateway = new FakeGateway({ Sheet1: [clean()] });
    await openCheck(gateway);
    await advance(100);
    expect(screen.getByTestId("announce-polite").textContent).toBe("工作表“Sheet1”：没有发现问题");
    gateway.setForms("Sheet1", [lowScore()]);
    gateway.emitSheetChanged("Sheet1");
    await advance(DEBOUNCE);
    await settle();
    await advance(100);
    expect(screen.getByTestId("announce-polite").textContent).toMatch(/^工作表“Sheet1”：错误 \d+ 个，警告 \d+ 个$/);
  });
});
