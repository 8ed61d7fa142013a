/** Jest runs every *.test.ts(x) beside the code it pins, plus the end-to-end suites under test/. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/src", "<rootDir>/test"],
  testMatch: ["**/*.test.ts", "**/*.test.tsx"],
  transform: {
    // Types are checked once by `npm run typecheck`; the transform only strips them, which keeps the suite fast.
    "^.+\\.tsx?$": ["ts-jest", { tsconfig: "tsconfig.json", diagnostics: false }],
  },
  reporters: ["default", "<rootDir>/test/summary-reporter.js"],
  // The compiled CLI (build/cli) is built first: the tests of the installed command run it.
  globalSetup: "<rootDir>/test/global-setup.js",
};
