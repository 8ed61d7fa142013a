// Task-pane entry: waits for Office when office.js is present, then renders the React app with the
// workbook gateway. Opened in a plain browser (no office.js, or office.js blocked) it renders after a
// short fallback delay, so that the pane can be looked at and tested outside Excel.
// In the IE11/EdgeHTML webviews of Office 2016/2019 taskpane.html's inline script has already shown
// the upgrade message; this bundle then renders nothing (see unsupported.ts).
import * as React from "react";
import { createRoot } from "react-dom/client";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import App from "./App";
import { GatewayProvider } from "./GatewayContext";
import { createGateway } from "./gateway-provider";
import { UNSUPPORTED_FLAG, needsUpgrade, showUpgradeMessage } from "./unsupported";

/** How long to wait for Office.onReady when office.js is not there before rendering anyway. */
const NO_OFFICE_FALLBACK_MS = 300;

let rendered = false;

function render(): void {
  if (rendered) return;
  const container = document.getElementById("container");
  if (!container) return;
  rendered = true;
  if (needsUpgrade(window)) {
    if (window[UNSUPPORTED_FLAG] !== true) showUpgradeMessage(container);
    return;
  }
  createRoot(container).render(
    <FluentProvider theme={webLightTheme}>
      <GatewayProvider gateway={createGateway()}>
        <App />
      </GatewayProvider>
    </FluentProvider>,
  );
}

if (typeof Office !== "undefined" && typeof Office.onReady === "function") {
  Office.onReady(() => render());
} else {
  window.setTimeout(render, NO_OFFICE_FALLBACK_MS);
}
