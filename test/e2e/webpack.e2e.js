// Bundles the Excel stand-in (test/fake-excel, through office-standin.ts) for the browser, into
// build/e2e/office.js: the e2e test serves it where taskpane.html loads Microsoft's office.js.
//   npx webpack --config test/e2e/webpack.e2e.js
"use strict";
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS webpack config, like the root webpack.config.js */

const path = require("path");

const root = path.resolve(__dirname, "..", "..");

module.exports = (env = {}) => ({
  mode: "development",
  devtool: false,
  target: "web",
  entry: path.resolve(__dirname, "office-standin.ts"),
  output: {
    path: env.outDir ? path.resolve(env.outDir) : path.resolve(root, "build", "e2e"),
    filename: "office.js",
  },
  resolve: { extensions: [".ts", ".js"] },
  module: {
    rules: [
      {
        test: /\.ts$/,
        exclude: /node_modules/,
        use: {
          loader: "ts-loader",
          options: {
            transpileOnly: true,
            configFile: path.resolve(root, "tsconfig.json"),
            compilerOptions: { module: "esnext", sourceMap: false },
          },
        },
      },
    ],
  },
  performance: { hints: false },
});
