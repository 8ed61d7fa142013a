// Webpack configuration for the 绩效自评助手 Excel add-in (task pane + function file), after the official
// Office-Addin-TaskPane-React template, without anything that needs the network at build time.
//
//   npm run build                                   production build into dist/ (manifest URLs stay localhost)
//   npx webpack --mode production --env host=https://zpb.example.gov.cn/
//                                                   production build whose dist/manifest.xml points at that host
//   npm run dev-server                              https://localhost:3000/ with the Office dev certificate
"use strict";

const path = require("path");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const HtmlWebpackPlugin = require("html-webpack-plugin");

const urlDev = "https://localhost:3000/";

/** Dev-server HTTPS options from office-addin-dev-certs; required lazily so that builds never touch it. */
async function getHttpsOptions() {
  const devCerts = require("office-addin-dev-certs");
  const httpsOptions = await devCerts.getHttpsServerOptions();
  return { ca: httpsOptions.ca, key: httpsOptions.key, cert: httpsOptions.cert };
}

/** Normalises `--env host=...` to an absolute URL ending in "/". */
function normaliseHost(host) {
  if (typeof host !== "string" || host.trim() === "") return urlDev;
  const trimmed = host.trim();
  return trimmed.endsWith("/") ? trimmed : `${trimmed}/`;
}

module.exports = async (env = {}, argv = {}) => {
  const dev = argv.mode === "development";
  const serving = Boolean(env.WEBPACK_SERVE || process.env.WEBPACK_SERVE);
  const urlProd = normaliseHost(env.host);

  const config = {
    devtool: dev ? "source-map" : false,
    entry: {
      taskpane: "./src/taskpane/index.tsx",
      commands: "./src/commands/commands.ts",
    },
    output: {
      path: path.resolve(__dirname, "dist"),
      filename: "[name].js",
      clean: true,
    },
    resolve: {
      extensions: [".ts", ".tsx", ".js"],
    },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: {
            loader: "ts-loader",
            options: {
              transpileOnly: true,
              configFile: path.resolve(__dirname, "tsconfig.json"),
              // ES modules let webpack tree-shake Fluent UI; tsconfig.json's commonjs is for Node (jest, CLI).
              compilerOptions: { module: "esnext", sourceMap: dev },
            },
          },
        },
      ],
    },
    plugins: [
      new HtmlWebpackPlugin({
        filename: "taskpane.html",
        template: "./src/taskpane/taskpane.html",
        chunks: ["taskpane"],
      }),
      new HtmlWebpackPlugin({
        filename: "commands.html",
        template: "./src/commands/commands.html",
        chunks: ["commands"],
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets/*.png", to: "assets/[name][ext]" },
          {
            from: "manifest.xml",
            to: "[name][ext]",
            transform(content) {
              return dev ? content : content.toString().replaceAll(urlDev, urlProd);
            },
          },
        ],
      }),
    ],
    performance: {
      // Fluent UI + React make a large single bundle; the task pane is loaded from localhost or an intranet host.
      hints: dev ? false : "warning",
      maxEntrypointSize: 2 * 1024 * 1024,
      maxAssetSize: 2 * 1024 * 1024,
    },
  };

  if (serving) {
    config.devServer = {
      port: 3000,
      headers: { "Access-Control-Allow-Origin": "*" },
      server: {
        type: "https",
        options: env.WEBPACK_BUILD || argv.https !== undefined ? argv.https : await getHttpsOptions(),
      },
    };
  }

  return config;
};
