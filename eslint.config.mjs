// ESLint 9 flat config: typescript-eslint strict + the Office add-in rules of eslint-plugin-office-addins.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import tsParser from "@typescript-eslint/parser";
import officeAddins from "eslint-plugin-office-addins";
import prettier from "eslint-plugin-prettier";
import prettierConfig from "eslint-config-prettier";
import globals from "globals";

// The plugin's "recommended" preset bundles its own copy of @typescript-eslint; we take only its rules
// (office-addins/* and prettier) so that one typescript-eslint version is in play.
const officeRecommended = officeAddins.configs.recommended.find((c) => c.plugins && c.plugins["office-addins"]);
const officeRules = Object.fromEntries(
  Object.entries(officeRecommended.rules).filter(
    ([name]) => name.startsWith("office-addins/") || name.startsWith("prettier/"),
  ),
);

/** What src/domain may not import: it is pure (no Office, UI, xlsx library or Node I/O). */
const domainForbidden = {
  paths: [
    { name: "react", message: "src/domain is pure: no React." },
    { name: "react-dom", message: "src/domain is pure: no React." },
    { name: "exceljs", message: "src/domain is pure: the xlsx library lives in src/xlsx." },
    { name: "xlsx", message: "src/domain is pure: the xlsx library lives in src/xlsx." },
    { name: "fs", message: "src/domain is pure: no Node I/O." },
    { name: "path", message: "src/domain is pure: no Node I/O." },
    { name: "os", message: "src/domain is pure: no Node I/O." },
    { name: "child_process", message: "src/domain is pure: no Node I/O." },
  ],
  patterns: [
    { group: ["node:*"], message: "src/domain is pure: no Node built-ins." },
    {
      group: ["@fluentui/*", "@microsoft/office-js*", "office-addin-*"],
      message: "src/domain is pure: no Office or UI packages.",
    },
    {
      group: ["fs/*", "fs-extra", "yauzl", "jszip", "fflate", "sax", "saxes"],
      message: "src/domain is pure: no I/O or file-format libraries.",
    },
    {
      group: ["**/excel/**", "**/xlsx/**", "**/taskpane/**", "**/cli/**", "**/commands/**", "**/layout/**"],
      message: "src/domain imports no outer layer.",
    },
  ],
};

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "build/", "coverage/", "test/summary-reporter.js", "**/*.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  prettierConfig,
  {
    files: ["**/*.{ts,tsx,js,mjs,cjs}"],
    plugins: { "office-addins": officeAddins, prettier },
    languageOptions: {
      parser: tsParser,
      ecmaVersion: 2022,
      sourceType: "module",
      parserOptions: { ecmaFeatures: { jsx: true } },
      globals: {
        ...globals.browser,
        ...globals.node,
        Office: "readonly",
        Excel: "readonly",
        OfficeExtension: "readonly",
      },
    },
    rules: {
      ...officeRules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["src/domain/**/*.ts"],
    ignores: ["src/domain/**/*.test.ts"],
    rules: {
      "no-restricted-imports": ["error", domainForbidden],
      "no-restricted-globals": [
        "error",
        { name: "Office", message: "src/domain is pure: Office lives in src/excel." },
        { name: "Excel", message: "src/domain is pure: Excel lives in src/excel." },
        { name: "window", message: "src/domain is pure: no DOM." },
        { name: "document", message: "src/domain is pure: no DOM." },
        { name: "process", message: "src/domain is pure: no Node globals." },
        { name: "require", message: "src/domain is pure: import what it needs." },
      ],
    },
  },
  {
    // The layers import downwards only: domain → layout → xlsx / excel → cli / taskpane.
    files: ["src/layout/**/*.ts"],
    ignores: ["src/layout/**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/excel/**", "**/xlsx/**", "**/taskpane/**", "**/cli/**", "**/commands/**"],
              message: "src/layout is below the adapters and the fronts: it imports none of them.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["src/xlsx/**/*.ts", "src/excel/**/*.ts"],
    ignores: ["src/**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/taskpane/**", "**/cli/**", "**/commands/**"],
              message: "src/xlsx and src/excel are below the fronts: they import neither the CLI nor the pane.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["**/*.cjs", "webpack.config.js", "jest.config.js", "scripts/**/*.js", "bin/**/*.js", "test/*.js"],
    languageOptions: { sourceType: "commonjs" },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
