#!/usr/bin/env node
// Writes a Windows .reg file that adds a network shared folder as a trusted add-in catalog for Office 2016 and
// later (HKEY_CURRENT_USER\Software\Microsoft\Office\16.0\WEF\TrustedCatalogs\{GUID}: Id, Url, Flags=1 so the
// catalog shows in 我的加载项 > 共享文件夹). The file is UTF-16LE with a byte-order mark and CRLF line ends, as
// regedit writes it. See docs/部署.md.
//
// 生成把网络共享文件夹加入“受信任的加载项目录”的 .reg 文件，用户双击导入即可。
//
// Usage / 用法:
//   node scripts/make-reg.js \\服务器\共享\绩效自评助手 > 绩效自评助手-受信任目录.reg
//   node scripts/make-reg.js \\服务器\共享\绩效自评助手 --out 绩效自评助手-受信任目录.reg
//   node scripts/make-reg.js \\服务器\共享\绩效自评助手 --id {0f3c…} --out …   (a GUID of your own)
// In Windows PowerShell 5 use --out: its ">" re-encodes what a program writes and would spoil the file.
// Without --id the GUID is derived from the path (case-insensitive), so the same share always gives the same key
// and importing the file twice does not add the catalog twice.
"use strict";

const { createHash } = require("crypto");
const fs = require("fs");

const KEY = "HKEY_CURRENT_USER\\Software\\Microsoft\\Office\\16.0\\WEF\\TrustedCatalogs";
const GUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;

/** `\\server\share\folder` (forward slashes accepted, trailing separator dropped); throws in Chinese otherwise. */
function normaliseShare(input) {
  const share = String(input).trim().replace(/\//g, "\\").replace(/\\+$/, "");
  if (!/^\\\\[^\\]+\\[^\\]+/.test(share) || /["\r\n\0]/.test(share)) {
    throw new Error(
      `不是网络共享路径：“${input}”。受信任的目录必须是 UNC 路径，如 \\\\服务器\\共享\\绩效自评助手` +
        `（本地文件夹或映射的盘符 Office 不接受）。`,
    );
  }
  return share;
}

/** A stable GUID for a share: the first 16 bytes of SHA-1 over the lower-cased path, marked as a v5-style UUID. */
function guidFor(share) {
  const b = createHash("sha1").update(share.toLowerCase(), "utf8").digest().subarray(0, 16);
  b[6] = (b[6] & 0x0f) | 0x50;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString("hex");
  return `{${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}}`;
}

/** A .reg string value: backslashes and double quotes escaped. */
function regString(text) {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** The .reg text (CRLF line ends) for a share, with an optional GUID of the caller's. */
function regText(shareInput, id) {
  const share = normaliseShare(shareInput);
  let guid = guidFor(share);
  if (id !== undefined) {
    const m = GUID.exec(String(id).trim());
    if (!m) throw new Error(`--id 不是 GUID：“${id}”。应形如 {0f3c2b1a-1234-4abc-8def-0123456789ab}。`);
    guid = `{${m[1].toLowerCase()}}`;
  }
  return [
    "Windows Registry Editor Version 5.00",
    "",
    `; 绩效自评助手：把 ${share} 加入 Office 的受信任加载项目录（在“我的加载项 > 共享文件夹”中显示）。`,
    `; Trusts the add-in catalog ${share} (shown under My Add-ins > Shared Folder). Restart Excel after importing.`,
    `[${KEY}\\${guid}]`,
    `"Id"=${regString(guid)}`,
    `"Url"=${regString(share)}`,
    `"Flags"=dword:00000001`,
    "",
  ].join("\r\n");
}

/** The file's bytes: UTF-16LE with a byte-order mark. */
function regBytes(text) {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
}

const USAGE =
  "用法 / usage: node scripts/make-reg.js \\\\服务器\\共享\\绩效自评助手 [--id {GUID}] [--out 文件.reg]\n" +
  "  不写 --out 时写到标准输出（请重定向到 .reg 文件；Windows PowerShell 中请用 --out）。\n";

function main(argv) {
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(USAGE);
    return 0;
  }
  let share;
  let id;
  let out;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--id" || a === "--out" || a === "-o") {
      if (argv[i + 1] === undefined) throw new Error(`${a} 后面缺少值。`);
      if (a === "--id") id = argv[++i];
      else out = argv[++i];
    } else if (a.startsWith("--id=")) id = a.slice(5);
    else if (a.startsWith("--out=")) out = a.slice(6);
    else if (a.startsWith("-")) throw new Error(`不认识的选项：“${a}”。\n${USAGE}`);
    else if (share === undefined) share = a;
    else throw new Error(`多余的参数：“${a}”。\n${USAGE}`);
  }
  if (share === undefined) {
    process.stderr.write(USAGE);
    return 2;
  }
  const bytes = regBytes(regText(share, id));
  if (out) fs.writeFileSync(out, bytes);
  else process.stdout.write(bytes);
  return 0;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  }
}

module.exports = { regText, regBytes, guidFor, normaliseShare };
