// Draws the app icon (no dependencies): build/icon.png (256×256, Linux, tray) and build/icon.ico
// (16–256 px PNG entries, Windows). Usage: node scripts/make-icon.mjs
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const outDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'build');

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function png(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

// Shapes in unit coordinates (0..1, y down): a blue rounded square with a white "signal" mark.
function colourAt(x, y) {
  const m = 0.03, r = 0.2;
  const dx = Math.max(m + r - x, 0, x - (1 - m - r)), dy = Math.max(m + r - y, 0, y - (1 - m - r));
  if (dx * dx + dy * dy > r * r) return null;
  const cx = 0.5, cy = 0.76, d = Math.hypot(x - cx, y - cy);
  const upright = y < cy && Math.abs(x - cx) < (cy - y) * 1.0;
  const white = d < 0.07 || (upright && ((d > 0.17 && d < 0.245) || (d > 0.315 && d < 0.39) || (d > 0.46 && d < 0.535)));
  if (white) return [255, 255, 255];
  const t = y; // top-to-bottom gradient
  return [Math.round(34 - 10 * t), Math.round(139 - 40 * t), Math.round(230 - 40 * t)];
}

function render(size, ss = 4) {
  const out = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const c = colourAt((px + (sx + 0.5) / ss) / size, (py + (sy + 0.5) / ss) / size);
          if (!c) continue;
          r += c[0]; g += c[1]; b += c[2]; a++;
        }
      }
      const i = (py * size + px) * 4;
      if (a) out.set([Math.round(r / a), Math.round(g / a), Math.round(b / a), Math.round((a / (ss * ss)) * 255)], i);
    }
  }
  return png(size, out);
}

function ico(images) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // icon
  header.writeUInt16LE(images.length, 4);
  let offset = 6 + 16 * images.length;
  const entries = images.map(({ size, data }) => {
    const e = Buffer.alloc(16);
    e.writeUInt8(size >= 256 ? 0 : size, 0);
    e.writeUInt8(size >= 256 ? 0 : size, 1);
    e.writeUInt16LE(1, 4); // planes
    e.writeUInt16LE(32, 6); // bits per pixel
    e.writeUInt32LE(data.length, 8);
    e.writeUInt32LE(offset, 12);
    offset += data.length;
    return e;
  });
  return Buffer.concat([header, ...entries, ...images.map((i) => i.data)]);
}

fs.mkdirSync(outDir, { recursive: true });
const big = render(256);
fs.writeFileSync(path.join(outDir, 'icon.png'), big);
const sizes = [16, 24, 32, 48, 64, 128];
fs.writeFileSync(path.join(outDir, 'icon.ico'), ico([...sizes.map((size) => ({ size, data: render(size, 8) })), { size: 256, data: big }]));
console.log(`wrote ${path.join(outDir, 'icon.png')} and icon.ico`);
