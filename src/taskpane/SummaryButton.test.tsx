/** @jest-environment jsdom */
import { act, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { cleanSpec, makeForm } from "../../test/factories";
import { FakeGateway } from "../../test/fake-gateway";
import { renderPane } from "./test-utils";

const settle = (): Promise<void> => act(async () => {});

async function openFill(gateway: FakeGateway): Promise<ReturnType<typeof userEvent.setup>> {
  renderPane(gateway, { initialView: "fill", debounceMs: 5 });
  await settle();
  return userEvent.setup();
}

describe("生成汇总表 in the 填充 view", () => {
  test("writes nothing until clicked, then builds a new 汇总 sheet each time and says so", async () => {
    const gateway = new FakeGateway({ Sheet1: [makeForm(cleanSpec())], 表2: [makeForm(cleanSpec())] });
    const user = await openFill(gateway);
    expect(gateway.callsOf("buildSummarySheet")).toHaveLength(0);
    expect(gateway.writes()).toEqual([]);

    await user.click(screen.getByRole("button", { name: "生成汇总表" }));
    await settle();
    expect(gateway.callsOf("buildSummarySheet")).toHaveLength(1);
    expect(await screen.findByText("工作表“汇总”：2 张表。")).toBeTruthy();

    await user.click(screen.getByRole("button", { name: "生成汇总表" }));
    await settle();
    expect(gateway.callsOf("buildSummarySheet")).toHaveLength(2);
    expect(await screen.findByText("工作表“汇总 (2)”：2 张表。")).toBeTruthy();
  });

  test("a failure is shown, not swallowed", async () => {
    const gateway = new FakeGateway({ Sheet1: [makeForm(cleanSpec())] });
    gateway.fail("buildSummarySheet", "工作簿受保护，无法添加工作表");
    const user = await openFill(gateway);
    await user.click(screen.getByRole("button", { name: "生成汇总表" }));
    await settle();
    expect(await screen.findByText("工作簿受保护，无法添加工作表")).toBeTruthy();
    expect(screen.queryByText(/已生成汇总表/)).toBeNull();
  });
});
