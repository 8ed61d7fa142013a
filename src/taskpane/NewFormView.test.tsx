/** @jest-environment jsdom */
import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { builtinTemplate } from "../domain";
import { FakeGateway } from "../../test/fake-gateway";
import { renderPane } from "./test-utils";
import type { NewFormHeader } from "./gateway";

const settle = (): Promise<void> => act(async () => {});

function openNew(gateway = new FakeGateway()): { gateway: FakeGateway; user: ReturnType<typeof userEvent.setup> } {
  renderPane(gateway, { initialView: "new" });
  return { gateway, user: userEvent.setup() };
}

const field = (label: string): HTMLInputElement => screen.getByRole("textbox", { name: new RegExp(`^${label}`) });

function templateFile(name: string, content: unknown): File {
  return new File([typeof content === "string" ? content : JSON.stringify(content)], name, {
    type: "application/json",
  });
}

/** The hidden <input type="file"> behind the 选择模板文件… button. */
function fileInput(): HTMLInputElement {
  const input = document.querySelector<HTMLInputElement>('input[type="file"]');
  if (!input) throw new Error("no file input");
  return input;
}

const fileButton = (): HTMLElement => screen.getByRole("button", { name: /选择模板文件…/ });

describe("新建 view", () => {
  test("offers the built-in 自评表 and 申报表 templates, with 年度 defaulting to this year", () => {
    openNew();
    const select = screen.getByRole("combobox", { name: "模板" }) as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual([
      "财预〔2020〕10号 项目支出绩效自评表（默认）",
      "上海市区级 财政项目支出绩效自评表（2023/2024）",
      "北京市 项目支出绩效自评表（2020）",
      "财预〔2021〕101号 核心指标体系 自评表",
      "上海市区级 财政项目支出绩效目标申报表（2024）",
      "财预〔2020〕10号 指标体系 绩效目标申报表",
      "项目支出绩效评价 专家评分表（财预〔2020〕10号 共性指标框架）",
    ]);
    expect(field("年度").value).toBe(String(new Date().getFullYear()));
    expect(screen.queryByRole("textbox", { name: /专家人数/ })).toBeNull();
    expect(screen.queryByRole("textbox", { name: /项目负责人/ })).toBeNull();
  });

  test("生成 with blank required fields shows each error and writes nothing", async () => {
    const { gateway, user } = openNew();
    await user.clear(field("年度"));
    await user.type(field("年度"), "23");
    await user.click(screen.getByRole("button", { name: "生成" }));
    expect(screen.getByText("请填写项目名称")).toBeTruthy();
    expect(screen.getByText("请填写主管部门")).toBeTruthy();
    expect(screen.getByText("请填写实施单位")).toBeTruthy();
    expect(screen.getByText("年度应为 2000～2100 之间的四位数字")).toBeTruthy();
    expect(field("项目名称").getAttribute("aria-invalid")).toBe("true");
    expect(gateway.calls.filter((c) => c.name === "createForm")).toEqual([]);
  });

  test("生成 calls createForm with the template and the header, then names the new sheet", async () => {
    const { gateway, user } = openNew();
    await user.selectOptions(screen.getByRole("combobox", { name: "模板" }), "builtin:sh-district-2023");
    await user.clear(field("年度"));
    await user.type(field("年度"), "2023");
    await user.type(field("项目名称"), " 职工技能培训 ");
    await user.type(field("主管部门"), "上海市某区总工会");
    await user.type(field("实施单位"), "上海市某区总工会");
    await user.click(screen.getByRole("button", { name: "生成" }));
    await settle();
    const calls = gateway.callsOf("createForm");
    expect(calls).toHaveLength(1);
    expect(calls[0].args[0]).toBe(builtinTemplate("sh-district-2023"));
    expect(calls[0].args[1]).toEqual<NewFormHeader>({
      year: 2023,
      projectName: "职工技能培训",
      department: "上海市某区总工会",
      implementer: "上海市某区总工会",
    });
    expect(screen.getByText(/新表已生成在工作表“职工技能培训”中/)).toBeTruthy();
  });

  test("a 专家评分表 asks for 专家人数 (1–20, the template's 5 by default) and passes it on", async () => {
    const { gateway, user } = openNew();
    await user.selectOptions(screen.getByRole("combobox", { name: "模板" }), "builtin:expert-2020");
    expect(field("专家人数").value).toBe("5");
    await user.type(field("项目名称"), "社区养老服务补贴");
    await user.type(field("主管部门"), "区民政局");
    await user.type(field("实施单位"), "区养老服务指导中心");
    await user.clear(field("专家人数"));
    await user.type(field("专家人数"), "21");
    await user.click(screen.getByRole("button", { name: "生成" }));
    expect(screen.getByText("专家人数应为 1～20 之间的整数")).toBeTruthy();
    expect(gateway.callsOf("createForm")).toEqual([]);
    await user.clear(field("专家人数"));
    await user.type(field("专家人数"), "7");
    await user.click(screen.getByRole("button", { name: "生成" }));
    await settle();
    const calls = gateway.callsOf("createForm");
    expect(calls).toHaveLength(1);
    expect(calls[0].args[0]).toBe(builtinTemplate("expert-2020"));
    expect(calls[0].args[1]).toMatchObject({ projectName: "社区养老服务补贴", experts: 7 });
  });

  test("a template with 项目负责人 and 联系电话 asks for them and passes them on", async () => {
    const { gateway, user } = openNew();
    await user.selectOptions(screen.getByRole("combobox", { name: "模板" }), "builtin:bj-2020");
    await user.type(field("项目名称"), "社区服务");
    await user.type(field("主管部门"), "北京市某区民政局");
    await user.type(field("实施单位"), "某街道");
    await user.click(screen.getByRole("button", { name: "生成" }));
    expect(screen.getByText("请填写项目负责人")).toBeTruthy();
    expect(screen.getByText("请填写联系电话")).toBeTruthy();
    expect(gateway.callsOf("createForm")).toEqual([]);

    await user.type(field("项目负责人"), "张三");
    await user.type(field("联系电话"), "010-12345678");
    await user.click(screen.getByRole("button", { name: "生成" }));
    await settle();
    expect(gateway.callsOf("createForm")[0].args[1]).toMatchObject({ manager: "张三", phone: "010-12345678" });
  });

  test("while the form is laid out: a spinner, the button disabled yet keeping focus, no second 生成", async () => {
    const { gateway, user } = openNew();
    const held = gateway.holdNext("createForm");
    await user.type(field("项目名称"), "甲");
    await user.type(field("主管部门"), "乙");
    await user.type(field("实施单位"), "丙");
    await user.click(screen.getByRole("button", { name: "生成" }));
    expect(screen.getByText("正在生成…")).toBeTruthy();
    const button = screen.getByRole("button", { name: "生成" });
    expect(button.getAttribute("aria-disabled")).toBe("true");
    expect(document.activeElement).toBe(button);
    // Clicking again, or Enter in a field, lays out nothing more.
    await user.click(button);
    fireEvent.submit(button.closest("form") as HTMLFormElement);
    held.release();
    await waitFor(() => expect(screen.queryByText("正在生成…")).toBeNull());
    expect(gateway.callsOf("createForm")).toHaveLength(1);
    expect(screen.getByRole("button", { name: "生成" }).getAttribute("aria-disabled")).not.toBe("true");
  });

  test("focus: on the result after 生成, on the first wrong field after a refusal, back on 生成 after a failure", async () => {
    const { gateway, user } = openNew();
    await user.clear(field("年度"));
    await user.type(field("主管部门"), "乙");
    await user.click(screen.getByRole("button", { name: "生成" }));
    expect(document.activeElement).toBe(field("年度"));
    await user.type(field("年度"), "2024");
    await user.click(screen.getByRole("button", { name: "生成" }));
    expect(document.activeElement).toBe(field("项目名称"));

    await user.type(field("项目名称"), "甲");
    await user.type(field("实施单位"), "丙");
    gateway.fail("createForm", "工作簿受保护");
    await user.click(screen.getByRole("button", { name: "生成" }));
    await settle();
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "生成" }));
    expect(await screen.findByTestId("announce-assertive", {}, { timeout: 1000 })).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId("announce-assertive").textContent).toBe("操作失败：工作簿受保护"));

    gateway.fail("createForm", null);
    await user.click(screen.getByRole("button", { name: "生成" }));
    await settle();
    const result = screen.getByText("已生成").closest("[tabindex]");
    expect(document.activeElement).toBe(result);
    await waitFor(() => expect(screen.getByTestId("announce-polite").textContent).toBe("已生成：新表在工作表“甲”中"));
  });

  test("a failed createForm shows the gateway's message in the error area", async () => {
    const { gateway, user } = openNew();
    gateway.fail("createForm", "已存在同名工作表“职工技能培训”");
    await user.type(field("项目名称"), "职工技能培训");
    await user.type(field("主管部门"), "乙");
    await user.type(field("实施单位"), "丙");
    await user.click(screen.getByRole("button", { name: "生成" }));
    await settle();
    expect(screen.getByText("操作失败")).toBeTruthy();
    expect(screen.getByText("已存在同名工作表“职工技能培训”")).toBeTruthy();
    expect(screen.queryByText(/新表已生成/)).toBeNull();
  });

  test("a template file with errors lists each problem as path：message", async () => {
    openNew();
    const bad = {
      ...templateInput(),
      id: "Bad Id",
      gradeBands: [
        { grade: "优", min: 60 },
        { grade: "良", min: 80 },
      ],
    };
    fireEvent.change(fileInput(), { target: { files: [templateFile("bad.json", bad)] } });
    await screen.findByText(/模板文件“bad.json”有 2 处问题/);
    expect(screen.getByText("id：模板编号只能包含小写字母、数字和连字符，如 sh-district-2023")).toBeTruthy();
    expect(screen.getByText("gradeBands.1：评分等级须按分数下限从高到低排列")).toBeTruthy();
    expect(fileButton().getAttribute("aria-invalid")).toBe("true");
    expect(screen.getByText("bad.json")).toBeTruthy();
  });

  test("the template file is chosen with a Chinese button; the browser's own file input is hidden", async () => {
    const { user } = openNew();
    const button = fileButton();
    // Named by the field's label and its own text; described by the chosen file's name.
    expect(button.textContent).toBe("选择模板文件…");
    expect(screen.getByRole("button", { name: "从文件加载模板（JSON） 选择模板文件…" })).toBe(button);
    expect(screen.getByText("未选择文件")).toBeTruthy();
    expect(button.getAttribute("aria-describedby")).toContain(screen.getByText("未选择文件").id);
    expect(fileInput().getAttribute("aria-hidden")).toBe("true");
    expect(fileInput().tabIndex).toBe(-1);
    expect(getComputedStyle(fileInput()).display).toBe("none");
    const click = jest.spyOn(fileInput(), "click").mockImplementation(() => {});
    await user.click(button);
    expect(click).toHaveBeenCalledTimes(1);
  });

  test("the 模板 drop-down fills the pane's width and the chosen template's full name is shown under it", () => {
    openNew();
    const select = screen.getByRole("combobox", { name: "模板" });
    expect(getComputedStyle(select).width).toBe("100%");
    expect(getComputedStyle(select).minWidth).toBe("0");
    expect(getComputedStyle(select).textOverflow).toBe("ellipsis");
    expect(select.getAttribute("title")).toBe("财预〔2020〕10号 项目支出绩效自评表（默认）");
    const hint = document.getElementById(select.getAttribute("aria-describedby") ?? "");
    expect(hint?.textContent).toMatch(/^财预〔2020〕10号 项目支出绩效自评表（默认）财政部《项目支出绩效评价管理办法》/);
    // Every Field's one column is held to the pane: none grows to its widest control.
    for (const field of document.querySelectorAll(".fui-Field"))
      expect(getComputedStyle(field).gridTemplateColumns).toBe("minmax(0, 1fr)");
  });

  test("a file that is not JSON is reported, not thrown", async () => {
    openNew();
    fireEvent.change(fileInput(), { target: { files: [templateFile("x.json", "{ 不是 JSON")] } });
    expect(await screen.findByText("（整个文件）：文件不是有效的 JSON")).toBeTruthy();
  });

  test("a valid template file is added to the list, selected, and used by 生成", async () => {
    const { gateway, user } = openNew();
    fireEvent.change(fileInput(), { target: { files: [templateFile("my.json", templateInput())] } });
    await screen.findByText("已加载模板“某区 2025 自评表”");
    const select = screen.getByRole("combobox", { name: "模板" }) as HTMLSelectElement;
    expect(select.value).toBe("file:my-district-2025");
    expect(select.selectedOptions[0].textContent).toBe("某区 2025 自评表（文件）");
    expect(screen.getByText("my.json")).toBeTruthy();
    expect(screen.queryByText("未选择文件")).toBeNull();
    await user.type(field("项目名称"), "甲");
    await user.type(field("主管部门"), "乙");
    await user.type(field("实施单位"), "丙");
    await user.click(screen.getByRole("button", { name: "生成" }));
    await settle();
    expect(gateway.callsOf("createForm")[0].args[0]).toMatchObject({ id: "my-district-2025", fullScore: 100 });
  });
});

/** A bureau's own template file, with defaults left out. */
function templateInput(): Record<string, unknown> {
  return {
    schemaVersion: 1,
    id: "my-district-2025",
    name: "某区 2025 自评表",
    kind: "self-evaluation",
    moneyUnit: "万元",
    headerFields: ["projectName", "department", "implementer"],
    categorySystem: "2020",
    categories: [
      { name: "产出指标", level2: ["数量指标", "质量指标"] },
      { name: "效益指标", level2: ["社会效益指标"] },
      { name: "满意度指标", level2: ["服务对象满意度指标"] },
    ],
    standardWeights: { funding: 10, level1: { 产出指标: 50, 效益指标: 30, 满意度指标: 10 } },
  };
}
