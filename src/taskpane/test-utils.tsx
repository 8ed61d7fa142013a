/**
 * Rendering the pane in component tests: the whole App, inside Fluent's provider, on a given gateway
 * (usually test/fake-gateway.ts). Not part of the bundle: only tests import it.
 */
import * as React from "react";
import { render, type RenderResult } from "@testing-library/react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import App, { type AppProps } from "./App";
import { GatewayProvider } from "./GatewayContext";
import type { WorkbookGateway } from "./gateway";

/**
 * jsdom has no ResizeObserver; Fluent's MessageBar uses one to reflow its actions (every webview the
 * pane supports has it). A no-op stands in.
 */
class NoResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
if (typeof window !== "undefined" && !("ResizeObserver" in window)) {
  Object.defineProperty(window, "ResizeObserver", { value: NoResizeObserver, configurable: true, writable: true });
}

export function renderPane(gateway: WorkbookGateway, props: AppProps = {}): RenderResult {
  return render(
    <FluentProvider theme={webLightTheme}>
      <GatewayProvider gateway={gateway}>
        <App {...props} />
      </GatewayProvider>
    </FluentProvider>,
  );
}
