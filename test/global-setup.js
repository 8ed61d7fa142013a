/**
 * Jest's global setup: the compiled CLI is what `bin/zpb.js` runs, so the tests that run the installed
 * command see the sources as they are now (an incremental build: about 2 s when nothing changed).
 */
const { execFileSync } = require("child_process");
const path = require("path");

module.exports = async function globalSetup() {
  const root = path.resolve(__dirname, "..");
  execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(root, "tsconfig.cli.json")], {
    cwd: root,
    stdio: "inherit",
  });
};
