// Task-pane entry: waits for Office when office.js is present, then renders the React app.
// Opened in a plain browser (no office.js, or office.js blocked) it renders after a short fallback delay,
// so that the pane can be looked at and tested outside Excel.
import * as React from "react";
import { createRoot } from "react-dom/client";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import App from "./App";

/** How long to wait for Office.onReady when office.js is not there before rendering anyway. */
const NO_OFFICE_FALLBACK_MS = 300;

let rendered = false;

function render(): void {
  if (rendered) return;
  const container = document.getElementById("container");
  if (!container) return;
  rendered = true;
  createRoot(container).render(
    <FluentProvider theme={webLightTheme}>
      <App />
    </FluentProvider>,
  );
}

if (typeof Office !== "undefined" && typeof Office.onReady === "function") {
  Office.onReady(() => render());
} else {
  window.setTimeout(render, NO_OFFICE_FALLBACK_MS);
}
