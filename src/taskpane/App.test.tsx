/** @jest-environment jsdom */
import * as React from "react";
import { act, fireEvent, render, screen } from "@testing-library/react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { cleanSpec, makeForm } from "../../test/factories";
import { FakeGateway } from "../../test/fake-gateway";
import { viewFromSearch } from "./App";
import { ErrorBoundary } from "./errors";
import { NOT_CONNECTED_MESSAGE, disconnectedGateway } from "./gateway-provider";
import { renderPane } from "./test-utils";
import type { Form } from "../domain";

const settle = (): Promise<void> => act(async () => {});

const selectedTab = (): string | null =>
  screen.getAllByRole("tab").find((t) => t.getAttribute("aria-selected") === "true")?.textContent ?? null;

afterEach(() => window.history.replaceState(null, "", "/"));

describe("?view= routing", () => {
  test.each([
    ["?view=new", "new"],
    ["?view=check", "check"],
    ["?view=fill", "fill"],
    ["?view=help", "check"],
    ["", "check"],
    ["?_host_Info=Excel$Win32$16.01$zh-CN&view=new", "new"],
  ])("%p opens %s", (search, view) => {
    expect(viewFromSearch(search)).toBe(view);
  });

  test("the ribbon's 新建 button opens the 新建 view", async () => {
    window.history.replaceState(null, "", "/taskpane.html?view=new");
    renderPane(new FakeGateway());
    await settle();
    expect(selectedTab()).toBe("新建");
    expect(screen.getByRole("heading", { name: "新建表格" })).toBeTruthy();
  });

  test("the ribbon's 检查 button opens the 检查 view", async () => {
    window.history.replaceState(null, "", "/taskpane.html?view=check");
    renderPane(new FakeGateway({ Sheet1: [makeForm(cleanSpec())] }));
    await settle();
    expect(selectedTab()).toBe("检查");
    expect(screen.getByText("职工技能培训")).toBeTruthy();
  });

  test("the tabs switch views", async () => {
    renderPane(new FakeGateway(), { initialView: "check" });
    await settle();
    fireEvent.click(screen.getByRole("tab", { name: "填充" }));
    await settle();
    expect(selectedTab()).toBe("填充");
    expect(screen.getByRole("heading", { name: "填充计算结果" })).toBeTruthy();
    expect(screen.getByRole("tabpanel").getAttribute("aria-labelledby")).toBe("tab-fill");
  });
});

describe("errors are shown, not only logged", () => {
  test("without Excel the pane says it is not connected", async () => {
    renderPane(disconnectedGateway, { initialView: "check" });
    await settle();
    // Read and both subscriptions fail with the same message: shown once.
    expect(screen.getAllByText(NOT_CONNECTED_MESSAGE)).toHaveLength(1);
    expect(NOT_CONNECTED_MESSAGE).toBe("尚未连接到 Excel");
  });

  test("an error can be dismissed", async () => {
    const gateway = new FakeGateway();
    gateway.fail("readActiveSheet", "读取工作表失败");
    renderPane(gateway, { initialView: "check" });
    await settle();
    fireEvent.click(screen.getByRole("button", { name: "关闭" }));
    expect(screen.queryByText("读取工作表失败")).toBeNull();
  });

  test("a failed selectCell is shown", async () => {
    const form: Form = makeForm({ ...cleanSpec(), projectName: "" });
    const gateway = new FakeGateway({ Sheet1: [form] });
    gateway.fail("selectCell", "找不到工作表“Sheet1”");
    renderPane(gateway, { initialView: "check" });
    await settle();
    fireEvent.click(screen.getByRole("button", { name: /项目名称未填写/ }));
    await settle();
    expect(screen.getByText("找不到工作表“Sheet1”")).toBeTruthy();
  });

  test("a failed subscription is shown", async () => {
    const gateway = new FakeGateway();
    gateway.fail("onSheetChanged", "无法监听工作表的更改");
    renderPane(gateway, { initialView: "check" });
    await settle();
    expect(screen.getByText("无法监听工作表的更改")).toBeTruthy();
  });

  test("a bug in the engine is shown in the error area", async () => {
    const broken = { ...makeForm(cleanSpec()), indicators: null } as unknown as Form;
    renderPane(new FakeGateway({ Sheet1: [broken] }), { initialView: "check" });
    await settle();
    expect(screen.getByText("操作失败")).toBeTruthy();
  });

  test("a view that throws while rendering is replaced by its message", () => {
    const quiet = jest.spyOn(console, "error").mockImplementation(() => undefined);
    function Broken(): React.JSX.Element {
      throw new Error("视图渲染失败");
    }
    render(
      <FluentProvider theme={webLightTheme}>
        <ErrorBoundary>
          <Broken />
        </ErrorBoundary>
      </FluentProvider>,
    );
    quiet.mockRestore();
    expect(screen.getByText("界面出错")).toBeTruthy();
    expect(screen.getByText("视图渲染失败")).toBeTruthy();
  });
});

describe("index.tsx", () => {
  /**
   * Loads index.tsx afresh, as the page does, and lets its fallback timer fire. It renders with its own
   * copy of React, so its updates are wrapped in that copy's act().
   */
  async function startPage(): Promise<void> {
    await jest.isolateModulesAsync(async () => {
      const { act: pageAct } = await import("react");
      await import("./index");
      await pageAct(async () => {
        jest.advanceTimersByTime(300);
      });
      await pageAct(async () => {});
    });
  }

  beforeEach(() => {
    jest.useFakeTimers();
    document.body.innerHTML = '<div id="container"></div>';
  });
  afterEach(() => {
    jest.useRealTimers();
    delete window.zpbUnsupportedWebview;
  });

  test("outside Office it renders the pane after the fallback delay, on the disconnected gateway", async () => {
    await startPage();
    expect(screen.getByRole("heading", { name: "绩效自评助手" })).toBeTruthy();
    expect(screen.getByText(NOT_CONNECTED_MESSAGE)).toBeTruthy();
  });

  test("it renders nothing over the upgrade message the inline script showed", async () => {
    window.zpbUnsupportedWebview = true;
    document.getElementById("container")?.append("升级提示");
    await startPage();
    expect(document.getElementById("container")?.textContent).toBe("升级提示");
  });
});
