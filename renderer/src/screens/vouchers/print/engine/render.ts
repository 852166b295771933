import type { Paper } from '../../../../../../shared/contract/voucher-templates';
import { qrSvg, svgDataUrl } from './qr';
import { sanitizeCss } from './sanitize';
import { cellHtml, type SheetLayout } from './sheet';
import { compileTemplate, fillTemplate, type Vars } from './template';

/** A template as the engine needs it (a built-in or one the office saved). */
export interface TemplateSource {
  name: string;
  paper: Paper;
  columns: number;
  rows: number;
  html: string;
  css: string;
}

export interface RenderItem {
  serial: number;
  vars: Vars;
  /** What the QR code says; null = no QR code. */
  qrText: string | null;
}

export interface RenderOptions {
  /** Vouchers per slice of work between yields (default 100). */
  chunk?: number;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /** Gives the UI a turn between slices (default: a macrotask). */
  yieldTo?: () => Promise<void>;
}

export interface RenderedCells {
  cells: string[];
  /** Sanitized CSS: the template's plus any <style> its HTML carried. */
  css: string;
  layout: SheetLayout;
}

export class RenderAborted extends Error {
  constructor() {
    super('Rendering was cancelled');
    this.name = 'RenderAborted';
  }
}

const macrotask = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

/** One voucher (sync; used by the live preview of the editor). */
export function renderOne(compiled: ReturnType<typeof compileTemplate>, item: RenderItem): string {
  const svg = item.qrText ? qrSvg(item.qrText) : '';
  return cellHtml(fillTemplate(compiled, { ...item.vars, qrcode: svg, qrcodeurl: svg ? svgDataUrl(svg) : '' }), item.serial);
}

/**
 * Every voucher's cell, QR codes included, in slices so 1,000 vouchers never block the UI thread for long:
 * progress after each slice, cancellable between slices.
 */
export async function renderCells(t: TemplateSource, items: readonly RenderItem[], opts: RenderOptions = {}): Promise<RenderedCells> {
  const compiled = compileTemplate(t.html);
  const chunk = Math.max(1, opts.chunk ?? 100);
  const yieldTo = opts.yieldTo ?? macrotask;
  const cells: string[] = [];
  opts.onProgress?.(0, items.length);
  for (let i = 0; i < items.length; i += chunk) {
    if (opts.signal?.aborted) throw new RenderAborted();
    for (const item of items.slice(i, i + chunk)) cells.push(renderOne(compiled, item));
    opts.onProgress?.(cells.length, items.length);
    if (i + chunk < items.length) await yieldTo();
  }
  if (opts.signal?.aborted) throw new RenderAborted();
  return { cells, css: `${sanitizeCss(t.css)}\n${compiled.css}`, layout: { paper: t.paper, columns: t.columns, rows: t.rows } };
}
