// QR codes for vouchers, shared by the print engine (renderer) and the voucher shop's page (main).
import { create } from 'qrcode';

/** Mikhmon's QR login: the hotspot login page with the voucher's credentials, which logs the phone in. */
export function qrLoginUrl(loginUrl: string, username: string, password: string): string {
  const sep = loginUrl.includes('?') ? '&' : '?';
  return `${loginUrl}${sep}username=${encodeURIComponent(username)}&password=${encodeURIComponent(password)}`;
}

/**
 * A QR code as a small SVG string: one path of horizontal runs (stroke 1, crisp edges), a one-module quiet
 * zone, no fixed size (the template's CSS sizes it). Level L like Mikhmon: short codes stay version 3–4.
 */
export function qrSvg(text: string): string {
  const { size, data } = create(text, { errorCorrectionLevel: 'L' }).modules;
  let d = '';
  for (let y = 0; y < size; y++) {
    let x = 0;
    while (x < size) {
      if (!data[y * size + x]) {
        x++;
        continue;
      }
      const start = x;
      while (x < size && data[y * size + x]) x++;
      d += `M${start} ${y}.5h${x - start}`;
    }
  }
  return `<svg class="qr" xmlns="http://www.w3.org/2000/svg" viewBox="-1 -1 ${size + 2} ${size + 2}" shape-rendering="crispEdges"><path fill="#fff" d="M-1-1h${size + 2}v${size + 2}h-${size + 2}z"/><path stroke="#000" d="${d}"/></svg>`;
}
