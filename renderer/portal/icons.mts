/// <reference types="node" />
import { deflateSync } from 'node:zlib';

/*
 * The portal's home-screen icons (192 and 512 px PNG), drawn at build time so no binary is committed: a rounded
 * green square with a white Wi-Fi sign. Anti-aliased by 4×4 supersampling; encoded as a plain RGBA PNG.
 */

const BG = [11, 110, 79] as const; // #0b6e4f, the portal's theme colour
const FG = [255, 255, 255] as const;

/** Coverage (0..1) of the shape at a point in a unit square (0..1 both ways). */
function shapeAt(x: number, y: number, maskable: boolean): { bg: boolean; fg: boolean } {
  // Background: rounded square (radius 22 %), or the whole square for a maskable icon.
  const r = maskable ? 0 : 0.22;
  const dx = Math.max(r - x, 0, x - (1 - r));
  const dy = Math.max(r - y, 0, y - (1 - r));
  const bg = maskable || dx * dx + dy * dy <= r * r;
  // Foreground, shrunk into the safe zone of a maskable icon (the centre 80 %).
  const s = maskable ? 0.8 : 1;
  const fx = (x - 0.5) / s + 0.5;
  const fy = (y - 0.5) / s + 0.5;
  const cx = 0.5;
  const cy = 0.7;
  const d = Math.hypot(fx - cx, fy - cy);
  const angle = Math.atan2(cy - fy, fx - cx); // up = +90°
  const inWedge = angle > Math.PI / 4 && angle < (3 * Math.PI) / 4;
  const dot = d <= 0.065;
  const ring = (radius: number) => inWedge && Math.abs(d - radius) <= 0.045;
  const fg = dot || ring(0.2) || ring(0.34) || ring(0.48);
  return { bg, fg: bg && fg };
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** The icon as PNG bytes. */
export function iconPng(size: number, maskable = false): Buffer {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  const SS = 4;
  for (let y = 0; y < size; y++) {
    const row = y * (size * 4 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      let bgN = 0;
      let fgN = 0;
      for (let sy = 0; sy < SS; sy++)
        for (let sx = 0; sx < SS; sx++) {
          const p = shapeAt((x + (sx + 0.5) / SS) / size, (y + (sy + 0.5) / SS) / size, maskable);
          if (p.fg) fgN++;
          else if (p.bg) bgN++;
        }
      const n = SS * SS;
      const a = (bgN + fgN) / n;
      const o = row + 1 + x * 4;
      for (let c = 0; c < 3; c++) raw[o + c] = a === 0 ? 0 : Math.round((BG[c]! * bgN + FG[c]! * fgN) / (bgN + fgN));
      raw[o + 3] = Math.round(a * 255);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([sig, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

/** The files the build emits next to the manifest. */
export const ICONS: { file: string; size: number; maskable: boolean }[] = [
  { file: 'icon-192.png', size: 192, maskable: false },
  { file: 'icon-512.png', size: 512, maskable: false },
  { file: 'icon-maskable-512.png', size: 512, maskable: true },
  { file: 'apple-touch-icon.png', size: 180, maskable: true },
];
