#!/usr/bin/env node
/**
 * The `zpb` command. Runs the compiled CLI when the package has been built (`npm run build:cli`),
 * and the TypeScript sources through ts-node otherwise (a development checkout).
 */
"use strict";
const fs = require("fs");
const path = require("path");

const compiled = path.join(__dirname, "..", "build", "cli", "src", "cli", "zpb.js");
let cli;
if (fs.existsSync(compiled)) {
  cli = require(compiled);
} else {
  require("ts-node").register({ transpileOnly: true, compilerOptions: { module: "commonjs" } });
  cli = require(path.join(__dirname, "..", "src", "cli", "zpb.ts"));
}
cli.main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`zpb：内部错误：${error && error.message}\n`);
    process.exitCode = 2;
  },
);
