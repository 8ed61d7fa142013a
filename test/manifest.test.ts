/**
 * The add-in manifest: valid against the Office XSDs offline, and saying what the add-in promises —
 * ExcelApi 1.7 at least, the three ribbon buttons in Chinese with English overrides, icons that exist.
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");
const manifest = fs.readFileSync(path.join(ROOT, "manifest.xml"), "utf8");

test("passes the offline XSD validation (npm run validate)", () => {
  const r = spawnSync("bash", [path.join(ROOT, "scripts", "validate-manifest.sh"), path.join(ROOT, "manifest.xml")], {
    encoding: "utf8",
  });
  expect(r.status).toBe(0);
  expect(r.stdout + r.stderr).toContain("validates");
});

test("an invalid manifest is refused", () => {
  const bad = path.join(ROOT, "build", "bad-manifest.xml");
  fs.mkdirSync(path.dirname(bad), { recursive: true });
  fs.writeFileSync(
    bad,
    manifest.replace("<DefaultLocale>zh-CN</DefaultLocale>", "<DefaultLocale>zh-CN</DefaultLocale><Frobnicate/>"),
  );
  expect(() =>
    execFileSync("bash", [path.join(ROOT, "scripts", "validate-manifest.sh"), bad], { stdio: "pipe" }),
  ).toThrow();
});

test("declares the lowest ExcelApi the core needs: 1.7 (onChanged)", () => {
  expect(manifest).toMatch(/<Set Name="ExcelApi" MinVersion="1\.7"\s*\/>/);
});

test("the ribbon group has 新建自评表, 检查本表 and 打开助手, each with an English override", () => {
  for (const [resid, zh] of [
    ["NewButton.Label", "新建自评表"],
    ["CheckButton.Label", "检查本表"],
    ["OpenButton.Label", "打开助手"],
  ]) {
    const m = new RegExp(
      `<bt:String id="${resid.replace(".", "\\.")}" DefaultValue="([^"]+)">\\s*<bt:Override Locale="en-US" Value="[^"]+"\\s*/>`,
    ).exec(manifest);
    expect(m?.[1]).toBe(zh);
  }
  expect(manifest).toContain("<DefaultLocale>zh-CN</DefaultLocale>");
});

test("every icon the manifest names exists in assets/ at its size", () => {
  const icons = [...manifest.matchAll(/assets\/(icon-(\d+)\.png)/g)];
  expect(new Set(icons.map((m) => m[2]))).toEqual(new Set(["16", "32", "64", "80"]));
  for (const [, file, size] of icons) {
    const png = fs.readFileSync(path.join(ROOT, "assets", file));
    // PNG IHDR: width and height as big-endian 32-bit integers at bytes 16 and 20.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([Number(size), Number(size)]);
  }
});
