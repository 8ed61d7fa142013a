#!/usr/bin/env node
/**
 * The `zpb` command: runs the compiled CLI (build/cli, made by `npm run build:cli`, which `npm ci` and
 * `npm install` run as the package's `prepare` step). Without it, says what to do — it never falls back
 * to compiling TypeScript on the fly, which cost seconds at every start and in every reader thread.
 */
"use strict";
const path = require("path");

const compiled = path.join(__dirname, "..", "build", "cli", "cli", "zpb.js");
let cli;
try {
  cli = require(compiled);
} catch (error) {
  if (error && error.code === "MODULE_NOT_FOUND" && String(error.message).includes(compiled)) {
    process.stderr.write(
      "zpb：找不到编译后的命令行程序（build/cli）。请在项目目录运行 npm run build:cli（npm ci 或 npm install 也会自动编译）。\n" +
        "zpb: the compiled CLI (build/cli) is missing: run `npm run build:cli` in the project folder (npm ci and npm install run it too).\n",
    );
    process.exit(2);
  }
  throw error;
}
// A reader that stops early (`zpb check --json … | head`) closes the pipe: that is not an error.
process.stdout.on("error", (error) => {
  if (error && error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});
cli.main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`zpb：内部错误：${error && error.message}\n`);
    process.exitCode = 2;
  },
);
