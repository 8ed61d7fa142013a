/**
 * Office 2016/2019 (volume-licensed perpetual) can host the pane in Internet Explorer 11 (Trident) or
 * Edge Legacy (EdgeHTML), which cannot run React 19. Microsoft recommends showing such users an upgrade
 * message rather than a blank pane ("Support older Microsoft webviews and Office versions"), detected
 * from the user agent.
 *
 * The check that actually runs there is the inline ES5 script of taskpane.html, because this bundle
 * does not even parse in IE11: that script writes the message into #container and sets
 * `window.zpbUnsupportedWebview`, which index.tsx respects. This module is the same logic in
 * TypeScript, for index.tsx and for the tests, which run the inline script against it.
 */

/** Set by taskpane.html's inline script when it has shown the upgrade message. */
export const UNSUPPORTED_FLAG = "zpbUnsupportedWebview";

declare global {
  interface Window {
    zpbUnsupportedWebview?: boolean;
  }
}

/**
 * Whether the user agent is Trident (IE11 webview) or EdgeHTML (Edge Legacy webview). Chromium Edge
 * and WebView2 say "Edg/", not "Edge/", and are supported.
 * @example isUnsupportedWebview("Mozilla/5.0 (Windows NT 10.0; Trident/7.0; rv:11.0) like Gecko") === true
 */
export function isUnsupportedWebview(userAgent: string): boolean {
  return userAgent.indexOf("Trident/") !== -1 || userAgent.indexOf("Edge/") !== -1;
}

/** The upgrade message, in Chinese and English (the inline script in taskpane.html holds the same text). */
export const UPGRADE_MESSAGE = {
  title: "需要更新版本的 Office",
  zh: "绩效自评助手无法在此版本的 Office 中运行。请升级到 Microsoft 365，或 Office 2021 及更高版本。",
  en: "This add-in can't run in this version of Office. Please upgrade to Microsoft 365, or to Office 2021 or later.",
} as const;

/** Writes the upgrade message into the container with plain DOM calls, as the inline script does. */
export function showUpgradeMessage(container: HTMLElement): void {
  const doc = container.ownerDocument;
  const box = doc.createElement("div");
  box.className = "zpb-upgrade";
  box.setAttribute("role", "alert");
  const lines: [string, string][] = [
    ["h1", UPGRADE_MESSAGE.title],
    ["p", UPGRADE_MESSAGE.zh],
    ["p", UPGRADE_MESSAGE.en],
  ];
  for (const [tag, text] of lines) {
    const el = doc.createElement(tag);
    el.appendChild(doc.createTextNode(text));
    box.appendChild(el);
  }
  container.appendChild(box);
}

/**
 * Whether the pane must show the upgrade message instead of the app: the inline script said so, or
 * the user agent is one it should have caught.
 */
export function needsUpgrade(win: Window): boolean {
  return win[UNSUPPORTED_FLAG] === true || isUnsupportedWebview(win.navigator.userAgent);
}
