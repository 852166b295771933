/**
 * The printed document: A4 sheets of columns × rows vouchers (explicit pages, so the page count is known
 * before printing) or a continuous thermal roll. Plain HTML + CSS: the desktop prints it in a window with
 * JavaScript off, a browser from a sandboxed frame, the e2e test and the bench with page.pdf().
 */
import type { Paper } from '../../../../../../shared/contract/voucher-templates';
import { escapeHtml } from './template';

export interface SheetLayout {
  paper: Paper;
  columns: number;
  /** Rows per A4 page. */
  rows: number;
}

/** A4 printable area with 10 mm margins, kept 1 mm short so rounding never spills onto an extra page. */
export const A4 = { widthMm: 210, heightMm: 297, marginMm: 10, contentWidthMm: 190, contentHeightMm: 276 };
/** Thermal rolls: the width; a printed "page" is 297 mm long (main/desktop/print-options.ts). */
export const ROLL_WIDTH_MM: Record<Exclude<Paper, 'a4'>, number> = { '58mm': 58, '80mm': 80 };

/** Vouchers per A4 page; null on a roll. */
export const perPage = (l: SheetLayout): number | null => (l.paper === 'a4' ? l.columns * l.rows : null);

/** Pages of an A4 sheet (at least one); a roll is one continuous document. */
export function pageCount(n: number, l: SheetLayout): number {
  const size = perPage(l);
  return size === null ? 1 : Math.max(1, Math.ceil(n / size));
}

export function paginate<T>(items: readonly T[], l: SheetLayout): T[][] {
  const size = perPage(l) ?? Math.max(1, items.length);
  const pages: T[][] = [];
  for (let i = 0; i < items.length; i += size) pages.push(items.slice(i, i + size));
  return pages.length ? pages : [[]];
}

/** Cell size in mm (A4: the page divided by the grid; roll: its width by the columns, free height). */
export function cellSizeMm(l: SheetLayout): { width: number; height: number | null } {
  if (l.paper === 'a4') return { width: A4.contentWidthMm / l.columns, height: A4.contentHeightMm / l.rows };
  return { width: (ROLL_WIDTH_MM[l.paper] - 4) / l.columns, height: null };
}

/** The desktop print hook's paper name. */
export const bridgePageSize = (p: Paper): 'A4' | '58mm' | '80mm' => (p === 'a4' ? 'A4' : p);

const BASE = `
*{box-sizing:border-box}
html,body{margin:0;padding:0;background:#fff;color:#000;-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{font-family:"DejaVu Sans","Segoe UI",Roboto,Arial,sans-serif;font-size:9pt;line-height:1.25}
.mbv-grid{display:grid;gap:0}
.mbv-cell{overflow:hidden;min-width:0;break-inside:avoid;page-break-inside:avoid}
.mbv-cell svg.qr{display:block;width:100%;height:auto}
.mbv-cell img{max-width:100%}`;

function layoutCss(l: SheetLayout): string {
  const cols = `grid-template-columns:repeat(${l.columns},minmax(0,1fr))`;
  if (l.paper === 'a4') {
    return `
@page{size:A4;margin:${A4.marginMm}mm}
.mbv-page{width:${A4.contentWidthMm}mm;height:${A4.contentHeightMm}mm;overflow:hidden}
.mbv-page+.mbv-page{break-before:page;page-break-before:always}
.mbv-grid{${cols};grid-template-rows:repeat(${l.rows},minmax(0,1fr));height:100%}
.mbv-cell{border:0.2mm solid #aaa}
@media screen{html{background:#ced4da}body{padding:12px 0;background:#ced4da}
.mbv-page{box-sizing:content-box;padding:${A4.marginMm}mm;background:#fff;margin:0 auto 12px;box-shadow:0 1px 4px rgba(0,0,0,.3)}}`;
  }
  const w = ROLL_WIDTH_MM[l.paper];
  return `
@page{size:${w}mm 297mm;margin:0}
.mbv-page{width:${w}mm;padding:0 2mm}
.mbv-grid{${cols}}
.mbv-cell{border-bottom:0.3mm solid #000;padding:2mm 0}
@media screen{html{background:#ced4da}body{padding:12px 0;background:#ced4da}.mbv-page{background:#fff;margin:0 auto;box-shadow:0 1px 4px rgba(0,0,0,.3)}}`;
}

export const cellHtml = (inner: string, serial: number | string): string => `<div class="mbv-cell" data-serial="${escapeHtml(String(serial))}">${inner}</div>`;

function documentOf(pages: string[][], l: SheetLayout, css: string, title: string): string {
  const body = pages.map((cells) => `<section class="mbv-page"><div class="mbv-grid">${cells.join('')}</div></section>`).join('\n');
  return `<!doctype html><html lang="id"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${BASE}${layoutCss(l)}</style><style>${css}</style></head><body class="mbv mbv-${l.paper}">\n${body}\n</body></html>`;
}

/** One document with every voucher (the preview, browser printing, page.pdf()). `css` must be sanitized. */
export function sheetDocument(cells: readonly string[], l: SheetLayout, css: string, title: string): string {
  return documentOf(paginate(cells, l), l, css, title);
}

/**
 * The same vouchers as documents of at most `maxChars` each, cut between pages (A4) or vouchers (roll):
 * the desktop print hook takes at most 5 MB of HTML per job.
 */
export function splitDocuments(cells: readonly string[], l: SheetLayout, css: string, title: string, maxChars: number): string[] {
  const units = l.paper === 'a4' ? paginate(cells, l) : cells.map((c) => [c]);
  const overhead = documentOf([], l, css, title).length + 64;
  const docs: string[][][] = [];
  let current: string[][] = [];
  let size = overhead;
  for (const u of units) {
    const len = u.reduce((s, c) => s + c.length, 0) + 64;
    if (current.length && size + len > maxChars) {
      docs.push(current);
      current = [];
      size = overhead;
    }
    current.push(u);
    size += len;
  }
  if (current.length || !docs.length) docs.push(current);
  return docs.map((d) => documentOf(l.paper === 'a4' ? d : [d.flat()], l, css, title));
}
