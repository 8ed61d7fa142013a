/**
 * The production build as a district deploys it (docs/部署.md): `--env host=` points every manifest URL at that
 * host and the built manifest passes the offline XSD check; the shipped HTML and JavaScript name no external host
 * but XML namespaces, Microsoft's office.js CDN and the host itself — with `--env officejs=host` not even the CDN,
 * and dist/office/README.txt tells the administrator which Microsoft files to put there. A plain-http host stops the
 * build with a Chinese message. Also scripts/make-reg.js, the trusted-catalog .reg file for a network share.
 *
 * Slow: two production builds side by side, about 40 s.
 */
import { execFile, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");
const HOST = "https://zpb.example.gov.cn/";
const OFFICE_CDN = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";
const URL_RE = /https?:\/\/[^\s"'<>)]+/g;

/** Runs the project's webpack CLI; resolves with its exit code and output. */
function webpack(args: readonly string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(ROOT, "node_modules", "webpack-cli", "bin", "cli.js"), ...args],
      { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, output: `${stdout}\n${stderr}` });
      },
    );
  });
}

/** Every file under dir, as paths relative to it with "/" separators. */
function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
    .sort();
}

/**
 * URLs in shipped code that are not requests and so are allowed whatever the host: XML namespace names (React DOM
 * and SVG), and zod's text-only identifiers — the `$schema` names its JSON-Schema export writes, and the
 * `http://[${ip}]` template its IPv6 check hands to `new URL` without fetching anything.
 */
function isInertIdentifier(url: string): boolean {
  return (
    /^http:\/\/www\.w3\.org\//.test(url) ||
    /^http:\/\/schemas\.(microsoft\.com|openxmlformats\.org)\//.test(url) ||
    [
      "https://json-schema.org/draft/2020-12/schema",
      "http://json-schema.org/draft-07/schema#",
      "http://json-schema.org/draft-04/schema#",
    ].includes(url) ||
    /^http:\/\/\[\$\{\w+\}\]`?$/.test(url)
  );
}

/** The URLs in dist's .js and .html files that are neither inert identifiers nor on the host, by file. */
function externalUrls(dist: string): Record<string, string[]> {
  const found: Record<string, string[]> = {};
  for (const file of filesUnder(dist).filter((f) => /\.(js|html)$/.test(f))) {
    const text = fs.readFileSync(path.join(dist, file), "utf8");
    const urls = (text.match(URL_RE) ?? []).filter((u) => !isInertIdentifier(u) && !u.startsWith(HOST));
    if (urls.length > 0) found[file] = [...new Set(urls)];
  }
  return found;
}

let tmp: string;
let cdnDist: string;
let selfDist: string;
let badHost: { code: number; output: string };

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "zpb-build-"));
  cdnDist = path.join(tmp, "cdn");
  selfDist = path.join(tmp, "self");
  const [cdn, self, bad] = await Promise.all([
    webpack(["--mode", "production", "--env", `host=${HOST}`, "--output-path", cdnDist, "--no-stats"]),
    // Without the trailing "/": the build adds it.
    webpack([
      "--mode",
      "production",
      "--env",
      "host=https://zpb.example.gov.cn",
      "--env",
      "officejs=host",
      "--output-path",
      selfDist,
      "--no-stats",
    ]),
    webpack([
      "--mode",
      "production",
      "--env",
      "host=http://zpb.example.gov.cn/",
      "--output-path",
      path.join(tmp, "bad"),
    ]),
  ]);
  if (cdn.code !== 0) throw new Error(`production build failed:\n${cdn.output}`);
  if (self.code !== 0) throw new Error(`production build with officejs=host failed:\n${self.output}`);
  badHost = bad;
}, 240_000);

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe.each([
  ["office.js from Microsoft's CDN", () => cdnDist],
  ["office.js from the host (--env officejs=host)", () => selfDist],
])("production build, %s", (_name, dist) => {
  test("every URL of the built manifest is on the host, and the files it names are in dist/", () => {
    const manifest = fs.readFileSync(path.join(dist(), "manifest.xml"), "utf8");
    expect(manifest).not.toContain("localhost");
    const urls = (manifest.match(URL_RE) ?? []).filter(
      (u) => !/^http:\/\/(schemas\.microsoft\.com|www\.w3\.org)\//.test(u),
    );
    expect(urls.length).toBeGreaterThanOrEqual(10);
    for (const url of urls) {
      expect(url.startsWith(HOST)).toBe(true);
      const file = url.slice(HOST.length).replace(/[?#].*$/, "");
      expect(fs.existsSync(path.join(dist(), file))).toBe(true);
    }
  });

  test("the built manifest passes the offline XSD check", () => {
    const r = spawnSync(
      "bash",
      [path.join(ROOT, "scripts", "validate-manifest.sh"), path.join(dist(), "manifest.xml")],
      {
        encoding: "utf8",
      },
    );
    expect(r.stdout + r.stderr).toContain("validates");
    expect(r.status).toBe(0);
  });

  test("holds the task pane, the function file and the icons", () => {
    const files = filesUnder(dist());
    for (const f of [
      "manifest.xml",
      "taskpane.html",
      "taskpane.js",
      "commands.html",
      "commands.js",
      "assets/icon-16.png",
      "assets/icon-32.png",
      "assets/icon-64.png",
      "assets/icon-80.png",
    ]) {
      expect(files).toContain(f);
    }
  });

  test("React's error-decoder link is not in the shipped bundle", () => {
    expect(fs.readFileSync(path.join(dist(), "taskpane.js"), "utf8")).not.toContain("react.dev");
  });
});

test("with office.js from the CDN, no .js or .html names an external host but appsforoffice.microsoft.com's office.js", () => {
  expect(externalUrls(cdnDist)).toEqual({ "taskpane.html": [OFFICE_CDN], "commands.html": [OFFICE_CDN] });
});

test("with --env officejs=host, no .js or .html names any external host, and both pages load the host's office.js", () => {
  expect(externalUrls(selfDist)).toEqual({});
  for (const page of ["taskpane.html", "commands.html"]) {
    const html = fs.readFileSync(path.join(selfDist, page), "utf8");
    expect(html).toMatch(/<script src="?https:\/\/zpb\.example\.gov\.cn\/office\/office\.js"?>/);
  }
});

test("--env officejs=host does not ship Microsoft's files; dist/office/README.txt says what to copy and that it is unsupported", () => {
  expect(filesUnder(path.join(selfDist, "office"))).toEqual(["README.txt"]);
  const readme = fs.readFileSync(path.join(selfDist, "office", "README.txt"), "utf8");
  expect(readme.charCodeAt(0)).toBe(0xfeff);
  for (const text of [
    "https://zpb.example.gov.cn/office/office.js",
    "lib/1/hosted/",
    "excel-win32-16.01.js",
    "excel-web-16.00.js",
    "zh-cn/",
    "@microsoft/office-js",
    "不是微软支持的配置",
    "docs/部署.md",
  ]) {
    expect(readme).toContain(text);
  }
  expect(filesUnder(cdnDist).some((f) => f.startsWith("office/"))).toBe(false);
});

test("a host that is not https:// fails the build with a Chinese message", () => {
  expect(badHost.code).not.toBe(0);
  expect(badHost.output).toContain("加载项必须通过 HTTPS 提供");
  expect(fs.existsSync(path.join(tmp, "bad", "manifest.xml"))).toBe(false);
});

describe("scripts/make-reg.js", () => {
  const script = path.join(ROOT, "scripts", "make-reg.js");
  const SHARE = "\\\\服务器\\共享\\绩效自评助手";
  const run = (...args: string[]) => spawnSync(process.execPath, [script, ...args], { cwd: ROOT });
  const decode = (bytes: Buffer): string => {
    expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    return bytes.subarray(2).toString("utf16le");
  };

  test("writes a UTF-16LE .reg file with BOM and CRLF that trusts the share as an add-in catalog shown in the menu", () => {
    const r = run(SHARE);
    expect(r.status).toBe(0);
    const text = decode(r.stdout);
    expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    const lines = text.split("\r\n");
    expect(lines[0]).toBe("Windows Registry Editor Version 5.00");
    expect(lines[1]).toBe("");
    const at = lines.findIndex((l) => l.startsWith("["));
    const key = lines[at] ?? "";
    const m =
      /^\[HKEY_CURRENT_USER\\Software\\Microsoft\\Office\\16\.0\\WEF\\TrustedCatalogs\\(\{[0-9a-f-]{36}\})\]$/.exec(
        key,
      );
    expect(m).not.toBeNull();
    const guid = m?.[1];
    expect(lines.slice(at + 1)).toEqual([
      `"Id"="${guid}"`,
      '"Url"="\\\\\\\\服务器\\\\共享\\\\绩效自评助手"',
      '"Flags"=dword:00000001',
      "",
    ]);
    // Anything else is a comment.
    for (const l of lines.slice(2, at)) expect(l.startsWith(";")).toBe(true);
  });

  test("the GUID is stable per share (case and trailing separator aside), or the one given with --id", () => {
    const guidOf = (bytes: Buffer) => /TrustedCatalogs\\(\{[^}]+\})/.exec(decode(bytes))?.[1];
    const a = guidOf(run(SHARE).stdout);
    expect(a).toMatch(/^\{[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\}$/);
    expect(guidOf(run(SHARE).stdout)).toBe(a);
    expect(guidOf(run("//服务器/共享/绩效自评助手/").stdout)).toBe(a);
    expect(guidOf(run(SHARE.toUpperCase()).stdout)).toBe(a);
    expect(guidOf(run("\\\\服务器\\共享\\其他").stdout)).not.toBe(a);
    const id = "0F3C2B1A-1234-4ABC-8DEF-0123456789AB";
    const given = decode(run(SHARE, "--id", id).stdout);
    expect(given).toContain(`TrustedCatalogs\\{${id.toLowerCase()}}]`);
    expect(given).toContain(`"Id"="{${id.toLowerCase()}}"`);
  });

  test("--out writes the same bytes to a file", () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "zpb-reg-")), "绩效自评助手-受信任目录.reg");
    try {
      expect(run(SHARE, "--out", out).status).toBe(0);
      expect(fs.readFileSync(out).equals(run(SHARE).stdout)).toBe(true);
    } finally {
      fs.rmSync(path.dirname(out), { recursive: true, force: true });
    }
  });

  test("refuses a local path or a bad --id in Chinese, with exit status 2", () => {
    for (const args of [["C:\\加载项"], [SHARE, "--id", "不是GUID"], []]) {
      const r = run(...args);
      expect(r.status).toBe(2);
      expect(r.stdout.length).toBe(0);
      expect(r.stderr.toString("utf8")).toMatch(/UNC|GUID|用法/);
    }
  });
});
