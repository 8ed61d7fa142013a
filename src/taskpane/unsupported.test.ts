/** @jest-environment jsdom */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import {
  UNSUPPORTED_FLAG,
  UPGRADE_MESSAGE,
  isUnsupportedWebview,
  needsUpgrade,
  showUpgradeMessage,
} from "./unsupported";

const USER_AGENTS: [string, string, boolean][] = [
  ["IE11", "Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko", true],
  [
    "Office 2016 Trident webview",
    "Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; .NET4.0C; .NET4.0E; ms-office; MSOffice 16) like Gecko",
    true,
  ],
  [
    "Office 2019 EdgeHTML webview",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; WebView/3.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/70.0.3538.102 Safari/537.36 Edge/18.19045",
    true,
  ],
  [
    "WebView2 (Chromium Edge)",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0",
    false,
  ],
  [
    "Office on Mac (WKWebView)",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)",
    false,
  ],
  [
    "Chrome (Office on the web)",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
    false,
  ],
  ["jsdom", "Mozilla/5.0 (linux) AppleWebKit/537.36 (KHTML, like Gecko) jsdom/26.1.0", false],
];

const html = fs.readFileSync(path.join(__dirname, "taskpane.html"), "utf8");
const inlineScript = ((): string => {
  const m = /<script type="text\/javascript" id="zpb-webview-check">([\s\S]*?)<\/script>/.exec(html);
  if (!m) throw new Error("taskpane.html has no zpb-webview-check script");
  return m[1];
})();

function setUserAgent(ua: string): void {
  Object.defineProperty(window.navigator, "userAgent", { value: ua, configurable: true });
}

/** Runs taskpane.html's inline script in a fresh page with the given user agent. */
function runInlineScript(ua: string): HTMLElement {
  document.body.innerHTML = '<div id="container"></div>';
  delete window.zpbUnsupportedWebview;
  setUserAgent(ua);
  // The page's own inline script, run as the browser runs it.
  new Function(inlineScript)();
  return document.getElementById("container") as HTMLElement;
}

function expectedMessageHtml(): string {
  const container = document.createElement("div");
  showUpgradeMessage(container);
  return container.innerHTML;
}

afterAll(() => {
  delete window.zpbUnsupportedWebview;
});

describe("unsupported webviews (IE11/Trident, EdgeHTML)", () => {
  test.each(USER_AGENTS)("%s (%s) is unsupported: %s", (_name, ua, unsupported) => {
    expect(isUnsupportedWebview(ua)).toBe(unsupported);
  });

  test.each(USER_AGENTS)("taskpane.html's inline script agrees for %s", (_name, ua, unsupported) => {
    const container = runInlineScript(ua);
    expect(window[UNSUPPORTED_FLAG] === true).toBe(unsupported);
    expect(container.innerHTML).toBe(unsupported ? expectedMessageHtml() : "");
    expect(needsUpgrade(window)).toBe(unsupported);
  });

  test("the message recommends Microsoft 365 or a current Office, in Chinese and English", () => {
    const container = runInlineScript(USER_AGENTS[0][1]);
    expect(container.querySelector("[role=alert]")?.textContent).toBe(
      UPGRADE_MESSAGE.title + UPGRADE_MESSAGE.zh + UPGRADE_MESSAGE.en,
    );
    expect(UPGRADE_MESSAGE.zh).toContain("Microsoft 365");
    expect(UPGRADE_MESSAGE.en).toContain("Microsoft 365");
    expect(UPGRADE_MESSAGE.en).toContain("Office 2021 or later");
  });

  test("the flag alone makes index.tsx stand down", () => {
    setUserAgent(USER_AGENTS[3][1]);
    window[UNSUPPORTED_FLAG] = true;
    expect(needsUpgrade(window)).toBe(true);
    delete window.zpbUnsupportedWebview;
    expect(needsUpgrade(window)).toBe(false);
  });

  test("the inline script is ES5: IE11 must be able to parse it", () => {
    const source = ts.createSourceFile("inline.js", inlineScript, ts.ScriptTarget.ES5, true, ts.ScriptKind.JS);
    const es2015: string[] = [];
    const visit = (node: ts.Node): void => {
      const later =
        ts.isArrowFunction(node) ||
        ts.isClassDeclaration(node) ||
        ts.isClassExpression(node) ||
        ts.isTemplateExpression(node) ||
        ts.isNoSubstitutionTemplateLiteral(node) ||
        ts.isSpreadElement(node) ||
        ts.isForOfStatement(node) ||
        ts.isShorthandPropertyAssignment(node) ||
        ts.isObjectBindingPattern(node) ||
        ts.isArrayBindingPattern(node) ||
        ts.isAwaitExpression(node) ||
        (ts.isVariableDeclarationList(node) && (node.flags & ts.NodeFlags.BlockScoped) !== 0) ||
        ((ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node)) && node.asteriskToken !== undefined);
      if (later) es2015.push(`${ts.SyntaxKind[node.kind]}: ${node.getText(source)}`);
      ts.forEachChild(node, visit);
    };
    visit(source);
    expect((source as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics).toEqual([]);
    expect(es2015).toEqual([]);
    // Nor library calls newer than ES5 (includes, startsWith, classList…).
    expect(inlineScript).not.toMatch(/\.(includes|startsWith|endsWith|classList|append|prepend|forEach)\(/);
  });

  test("taskpane.html loads nothing from outside but office.js", () => {
    const urls = html.match(/https?:\/\/[^\s"'<>)]+/g) ?? [];
    expect(new Set(urls)).toEqual(new Set(["https://appsforoffice.microsoft.com/lib/1/hosted/office.js"]));
  });
});
