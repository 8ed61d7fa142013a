// Webpack configuration for the 绩效自评助手 Excel add-in (task pane + function file), after the official
// Office-Addin-TaskPane-React template, without anything that needs the network at build time.
//
//   npm run build                                   production build into dist/ (manifest URLs stay localhost)
//   npm run build -- --env host=https://zpb.example.gov.cn/
//                                                   production build whose dist/manifest.xml points at that host
//   npm run build -- --env host=https://zpb.example.gov.cn/ --env officejs=host
//                                                   the same, but taskpane.html and commands.html load office.js from
//                                                   that host (host/office/office.js) instead of Microsoft's CDN, for
//                                                   intranets without internet; the administrator copies Microsoft's
//                                                   files there (dist/office/README.txt). Not a configuration Microsoft
//                                                   supports: it supports office.js only from its CDN. See docs/部署.md.
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

/** Microsoft's CDN address of office.js, as src/taskpane/taskpane.html and src/commands/commands.html name it. */
const officeJsCdn = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";

/** Where the `officejs=host` build loads office.js from, relative to the host. */
const officeJsSelfPath = "office/office.js";

/** React's production error decoder link; rewritten out of the shipped bundle (see RewriteAssetsPlugin). */
const reactErrorUrl = "https://react.dev/errors/";

/**
 * Normalises `--env host=...` to an absolute https:// URL ending in "/"; without it the manifest keeps the
 * development origin. Anything else stops the build with a message in Chinese.
 */
function normaliseHost(host) {
  if (host === undefined || host === true || (typeof host === "string" && host.trim() === "")) return urlDev;
  const text = String(host).trim();
  let url;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || url.protocol !== "https:" || !/^https:\/\//i.test(text) || url.search || url.hash || url.username) {
    throw new Error(
      `--env host= 的值无效：“${text}”。加载项必须通过 HTTPS 提供，请写成以 https:// 开头的完整地址，` +
        `例如 --env host=https://zpb.example.gov.cn/（不带 ? 或 # 部分）。`,
    );
  }
  return url.href.endsWith("/") ? url.href : `${url.href}/`;
}

/** `--env officejs=cdn` (default, Microsoft's CDN) or `--env officejs=host` (the add-in's own host). */
function officeJsMode(value) {
  if (value === undefined || value === "cdn") return "cdn";
  if (value === "host") return "host";
  throw new Error(
    `--env officejs= 的值无效：“${value}”。只能是 cdn（默认，从微软 CDN 加载 office.js）或 host（从加载项所在服务器加载）。`,
  );
}

/** dist/office/README.txt of the `officejs=host` build: what the administrator has to put next to it. */
function officeReadme(host) {
  return [
    "绩效自评助手 · 自行托管 office.js 说明",
    "",
    "本目录是为无法访问互联网的内网准备的：这次构建使用了 --env officejs=host，",
    `taskpane.html 和 commands.html 会从 ${host}${officeJsSelfPath} 加载 office.js，而不是从微软的 CDN`,
    `（${officeJsCdn}）加载。`,
    "",
    "构建时没有也不能附带微软的文件（它们属于微软，且构建机器无法联网）。管理员必须在一台能上网的电脑上取得微软",
    "office.js 发行包中完整的 lib/1/hosted/ 目录，把其中的全部内容复制到本目录（dist/office/），使本目录下直接有：",
    "",
    "  office.js                      入口文件",
    "  excel-win32-16.01.js 等         office.js 按宿主加载的文件（如 excel-win32-16.01.js、excel-web-16.00.js、",
    "                                 excel-mac-16.00.js 等，以及它们依赖的其他 .js 文件）",
    "  zh-cn/、en-us/ 等语言目录        各语言的字符串文件（至少保留 zh-cn 和 en-us）",
    "",
    "一种取得方法：在能上网的电脑上执行 npm pack @microsoft/office-js（或 npm install @microsoft/office-js），",
    "把包中 dist/ 目录下的全部文件（即 lib/1/hosted/ 的内容）复制到这里。只复制 office.js 一个文件是不够的：",
    "它会在运行时按 Excel 的类型和语言再加载同目录下的其他文件，缺少时任务窗格会停在“尚未连接到 Excel”。",
    "",
    "重要：这不是微软支持的配置。微软只支持从其 CDN 加载 office.js；自行托管的副本不会自动更新，",
    "新版本 Office 需要的新文件可能缺失，出现问题时微软不提供支持。请定期（例如每季度）用最新的",
    "@microsoft/office-js 更新本目录；有条件联网时请改用默认构建（--env officejs=cdn）。",
    "",
    "详见 docs/部署.md 中“内网自行托管 office.js”一节。",
    "",
  ].join("\r\n");
}

/**
 * Rewrites emitted assets:
 *  - the `officejs=host` build points taskpane.html and commands.html at office.js on the add-in's host and emits
 *    office/README.txt;
 *  - React's production error messages carry the link https://react.dev/errors/<code>; the shipped bundle names no
 *    external host, so the link becomes plain text ("React error 418?args[]=…", still enough to look the code up).
 */
class RewriteAssetsPlugin {
  constructor({ officeJsUrl, readme }) {
    this.officeJsUrl = officeJsUrl;
    this.readme = readme;
  }

  apply(compiler) {
    const { Compilation, sources } = compiler.webpack;
    const replaceAll = (source, from, to) => {
      const text = source.source().toString();
      if (!text.includes(from)) return undefined;
      const out = new sources.ReplaceSource(source);
      for (let i = text.indexOf(from); i !== -1; i = text.indexOf(from, i + from.length)) {
        out.replace(i, i + from.length - 1, to);
      }
      return out;
    };
    compiler.hooks.thisCompilation.tap("RewriteAssetsPlugin", (compilation) => {
      // After minification (Terser keeps the literal), before source maps are generated.
      compilation.hooks.processAssets.tap(
        { name: "RewriteAssetsPlugin", stage: Compilation.PROCESS_ASSETS_STAGE_OPTIMIZE_SIZE + 1 },
        (assets) => {
          for (const name of Object.keys(assets)) {
            if (!name.endsWith(".js")) continue;
            const out = replaceAll(compilation.getAsset(name).source, reactErrorUrl, "React error ");
            if (out) compilation.updateAsset(name, out);
          }
        },
      );
      if (this.officeJsUrl) {
        HtmlWebpackPlugin.getHooks(compilation).beforeEmit.tap("RewriteAssetsPlugin", (data) => {
          if (!data.html.includes(officeJsCdn)) {
            throw new Error(`${data.outputName} 中没有 ${officeJsCdn}，无法改为自行托管的 office.js。`);
          }
          data.html = data.html.replaceAll(officeJsCdn, this.officeJsUrl);
          return data;
        });
        compilation.hooks.processAssets.tap(
          { name: "RewriteAssetsPlugin", stage: Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL },
          () =>
            compilation.emitAsset(
              "office/README.txt",
              new sources.RawSource(Buffer.from(`\ufeff${this.readme}`, "utf8")),
            ),
        );
      }
    });
  }
}

module.exports = async (env = {}, argv = {}) => {
  const dev = argv.mode === "development";
  const serving = Boolean(env.WEBPACK_SERVE || process.env.WEBPACK_SERVE);
  const urlProd = normaliseHost(env.host);
  const officeJs = officeJsMode(env.officejs);

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
              // The source's comments speak of the development origin; the built manifest goes without them.
              if (dev) return content;
              return content
                .toString()
                .replace(/<!--[\s\S]*?-->\s*/g, "")
                .replaceAll(urlDev, urlProd);
            },
          },
        ],
      }),
      new RewriteAssetsPlugin({
        officeJsUrl: officeJs === "host" ? `${dev ? urlDev : urlProd}${officeJsSelfPath}` : undefined,
        readme: officeReadme(dev ? urlDev : urlProd),
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
