import { useEffect, useState } from 'react';
import type { VoucherPrintData } from '../../../../../shared/contract/voucher-templates';
import { voucherVars, type Formatters } from './engine/fields';
import { RenderAborted, renderCells, type RenderedCells, type TemplateSource } from './engine/render';

export interface SheetState {
  rendered: RenderedCells | null;
  /** Vouchers rendered so far while working; null when done. */
  progress: { done: number; total: number } | null;
  error: unknown;
}

/** A frame's worth of work at a time: the progress bar moves and clicks still land while 1,000 QR codes are drawn. */
const nextFrame = (): Promise<void> =>
  new Promise((resolve) => {
    // requestAnimationFrame stalls in a hidden tab; the timeout keeps the work going there.
    const timer = setTimeout(resolve, 50);
    requestAnimationFrame(() => {
      clearTimeout(timer);
      setTimeout(resolve, 0);
    });
  });

/** Renders the sheet (QR codes included) in slices whenever the data, the template or the QR choice changes. */
export function useSheet(data: VoucherPrintData | undefined, source: TemplateSource | null, qr: boolean, fmt: Formatters, chunk = 100): SheetState {
  const [state, setState] = useState<SheetState>({ rendered: null, progress: null, error: null });
  useEffect(() => {
    if (!data || !source) return;
    const ctl = new AbortController();
    const items = data.vouchers.map((v) => ({ serial: v.serial, ...voucherVars(v, data, fmt, qr) }));
    setState((s) => ({ ...s, progress: { done: 0, total: items.length }, error: null }));
    renderCells(source, items, { chunk, signal: ctl.signal, yieldTo: nextFrame, onProgress: (done, total) => !ctl.signal.aborted && setState((s) => ({ ...s, progress: { done, total } })) }).then(
      (rendered) => !ctl.signal.aborted && setState({ rendered, progress: null, error: null }),
      (error: unknown) => !(error instanceof RenderAborted) && setState({ rendered: null, progress: null, error }),
    );
    return () => ctl.abort();
  }, [data, source, qr, fmt, chunk]);
  return state;
}
