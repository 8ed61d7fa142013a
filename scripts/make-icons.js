#!/usr/bin/env node
// Generates the add-in icons (assets/icon-16.png, icon-32.png, icon-64.png, icon-80.png, logo-filled.png)
// with nothing but Node's zlib: the design is drawn from vector shapes with 4x4 supersampling, and the PNG
// file (signature, IHDR/IDAT/IEND chunks, CRC-32) is written by hand.
//
// Design: a blue rounded square holding a white form (table grid with a header row) and a green check mark.
//
// Usage: node scripts/make-icons.js [outDir]   (default: assets/ next to this script's parent)
"use strict";

const fs = require("fs");
const path = require("path");
const zlib = require("zlib");

// ---------------------------------------------------------------- PNG encoding

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) {
      c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    }
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(buf) {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) {
    c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  }
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const typeAndData = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length, 0);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData), 0);
  return Buffer.concat([len, typeAndData, crc]);
}

/** Encodes an RGBA8 pixel buffer (width*height*4 bytes, row-major) as a PNG file. */
function encodePng(width, height, rgba) {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: RGBA
  ihdr[10] = 0; // compression: deflate
  ihdr[11] = 0; // filter method 0
  ihdr[12] = 0; // no interlace
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0; // filter type None
    rgba.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  }
  const idat = zlib.deflateSync(raw, { level: 9 });
  return Buffer.concat([signature, chunk("IHDR", ihdr), chunk("IDAT", idat), chunk("IEND", Buffer.alloc(0))]);
}

// ---------------------------------------------------------------- drawing (unit square coordinates 0..1)

const BLUE = [0x0f, 0x6c, 0xbd]; // Fluent brand blue
const LIGHT_BLUE = [0xcf, 0xe4, 0xfa];
const WHITE = [0xff, 0xff, 0xff];
const GREEN = [0x10, 0x7c, 0x10];

function inRoundedRect(x, y, x0, y0, x1, y1, r) {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

function distToSegment(x, y, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}

function distToPolyline(x, y, pts) {
  let d = Infinity;
  for (let i = 0; i + 1 < pts.length; i++) {
    d = Math.min(d, distToSegment(x, y, pts[i][0], pts[i][1], pts[i + 1][0], pts[i + 1][1]));
  }
  return d;
}

/**
 * Colour (RGBA, alpha 0..1) of the design at a unit-square point. `px` is one pixel in unit coordinates,
 * used so that thin lines stay at least about one pixel wide on the small icons.
 */
function shade(x, y, px) {
  const sheet = { x0: 0.17, y0: 0.16, x1: 0.75, y1: 0.8 };
  const check = [
    [0.4, 0.6],
    [0.55, 0.75],
    [0.85, 0.4],
  ];
  const checkWidth = Math.max(0.1, 2 * px);
  const outlineWidth = checkWidth + Math.max(0.07, 1.5 * px);
  const gridWidth = Math.max(0.028, 0.9 * px);

  const dCheck = distToPolyline(x, y, check);
  if (dCheck <= checkWidth / 2) return [...GREEN, 1];
  if (dCheck <= outlineWidth / 2) return [...WHITE, 1];

  if (inRoundedRect(x, y, sheet.x0, sheet.y0, sheet.x1, sheet.y1, 0.05)) {
    const headerBottom = 0.33;
    const rows = [headerBottom, 0.49, 0.645];
    const colX = 0.38;
    for (const ry of rows) {
      if (Math.abs(y - ry) <= gridWidth / 2) return [...BLUE, 1];
    }
    if (y > headerBottom && Math.abs(x - colX) <= gridWidth / 2) return [...BLUE, 1];
    if (y < headerBottom) return [...LIGHT_BLUE, 1];
    return [...WHITE, 1];
  }

  if (inRoundedRect(x, y, 0.02, 0.02, 0.98, 0.98, 0.2)) return [...BLUE, 1];
  return [0, 0, 0, 0];
}

/** Renders the design at size x size pixels with SS x SS supersampling (premultiplied averaging). */
function render(size) {
  const SS = 4;
  const rgba = Buffer.alloc(size * size * 4);
  const px = 1 / size;
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sj = 0; sj < SS; sj++) {
        for (let si = 0; si < SS; si++) {
          const x = (i + (si + 0.5) / SS) / size;
          const y = (j + (sj + 0.5) / SS) / size;
          const [cr, cg, cb, ca] = shade(x, y, px);
          r += cr * ca;
          g += cg * ca;
          b += cb * ca;
          a += ca;
        }
      }
      const o = (j * size + i) * 4;
      if (a > 0) {
        rgba[o] = Math.round(r / a);
        rgba[o + 1] = Math.round(g / a);
        rgba[o + 2] = Math.round(b / a);
      }
      rgba[o + 3] = Math.round((a / (SS * SS)) * 255);
    }
  }
  return rgba;
}

// ---------------------------------------------------------------- main

const OUTPUTS = [
  ["icon-16.png", 16],
  ["icon-32.png", 32],
  ["icon-64.png", 64],
  ["icon-80.png", 80],
  ["logo-filled.png", 300],
];

function main() {
  const outDir = path.resolve(process.argv[2] || path.join(__dirname, "..", "assets"));
  fs.mkdirSync(outDir, { recursive: true });
  for (const [name, size] of OUTPUTS) {
    const file = path.join(outDir, name);
    fs.writeFileSync(file, encodePng(size, size, render(size)));
    console.log(`${path.relative(process.cwd(), file)}  ${size}x${size}`);
  }
}

if (require.main === module) {
  main();
}

module.exports = { encodePng, crc32, render };
