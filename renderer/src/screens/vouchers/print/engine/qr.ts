// The QR helpers live in shared/ (the voucher shop's page in main draws the same codes).
export { qrLoginUrl, qrSvg } from '../../../../../../shared/qr';

/** The same SVG as an image URL (for templates that write <img src="{{qrcode}}">). */
export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
