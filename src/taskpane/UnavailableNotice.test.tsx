/** @jest-environment jsdom */
/**
 * On an Excel below the API sets some features need (Excel 2019, a host at the manifest's ExcelApi 1.7),
 * each writing command says which features it left out, after its result; on a full Excel it says nothing.
 */
import { act, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { cleanDeclarationSpec, cleanSpec, makeDeclaration, makeForm } from "../../test/factories";
import { FakeGateway } from "../../test/fake-gateway";
import { renderPane } from "./test-utils";

const settle = (): Promise<void> => act(async () => {});
const VALIDATION = "此版本的 Excel 不支持下拉列表和输入限制（数据验证）（需要 ExcelApi 1.8），已跳过 12 项";
const PRINT = "此版本的 Excel 不支持打印设置（A4、页边距、打印标题）（需要 ExcelApi 1.9），已跳过";
const listed = (): string[] =>
  within(screen.getByRole("list", { name: "此版本的 Excel 中不可用的功能" }))
    .getAllByRole("listitem")
    .map((li) => li.textContent ?? "");
const noNotice = (): void => expect(screen.queryByText("部分功能在此版本的 Excel 中不可用")).toBeNull();

describe("what this Excel could not do, after each writing command", () => {
  test("生成 in 新建: the features left out are listed under 已生成", async () => {
    const gateway = new FakeGateway();
    gateway.unavailable = [VALIDATION, PRINT];
    renderPane(gateway, { initialView: "new" });
    const user = userEvent.setup();
    for (const [label, value] of [
      ["项目名称", "职工技能培训"],
      ["主管部门", "区总工会"],
      ["实施单位", "区总工会"],
    ])
      await user.type(screen.getByRole("textbox", { name: new RegExp(`^${label}`) }), value);
    await user.click(screen.getByRole("button", { name: "生成" }));
    await settle();
    expect(await screen.findByText("已生成")).toBeTruthy();
    expect(listed()).toEqual([VALIDATION, PRINT]);
  });

  test("生成 on a full Excel: no notice", async () => {
    renderPane(new FakeGateway(), { initialView: "new" });
    const user = userEvent.setup();
    for (const label of ["项目名称", "主管部门", "实施单位"])
      await user.type(screen.getByRole("textbox", { name: new RegExp(`^${label}`) }), "甲");
    await user.click(screen.getByRole("button", { name: "生成" }));
    await settle();
    expect(await screen.findByText("已生成")).toBeTruthy();
    noNotice();
  });

  test("生成汇总表", async () => {
    const gateway = new FakeGateway({ Sheet1: [makeForm(cleanSpec())] });
    gateway.unavailable = [PRINT];
    renderPane(gateway, { initialView: "fill", debounceMs: 5 });
    await settle();
    await userEvent.setup().click(screen.getByRole("button", { name: "生成汇总表" }));
    await settle();
    expect(await screen.findByText("工作表“汇总”：1 张表。")).toBeTruthy();
    expect(listed()).toEqual([PRINT]);
  });

  test("由申报表生成自评表", async () => {
    const gateway = new FakeGateway({ 申报表: [makeDeclaration(cleanDeclarationSpec())] });
    gateway.unavailable = [VALIDATION];
    renderPane(gateway, { initialView: "check", debounceMs: 5 });
    await settle();
    await userEvent.setup().click(await screen.findByRole("button", { name: "由申报表生成自评表" }));
    await settle();
    expect(await screen.findByText("已生成自评表")).toBeTruthy();
    expect(listed()).toEqual([VALIDATION]);
  });
});
