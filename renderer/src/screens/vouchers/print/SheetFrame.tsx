import { useCallback, useEffect, useImperativeHandle, useRef, type Ref } from 'react';
import type { Paper } from '../../../../../shared/contract/voucher-templates';
import { ROLL_WIDTH_MM } from './engine/sheet';

export interface SheetFrameHandle {
  /** The browser's print dialog for this document only (server mode; "Save as PDF" is one of its printers). */
  print(): void;
}

const PX_PER_MM = 96 / 25.4;

/**
 * The real print document in a sandboxed frame (no scripts; same origin only so we can zoom and print it).
 * A4 sheets shrink to the frame's width; a thermal roll grows a little to stay readable.
 */
export function SheetFrame({ html, paper, height, title, testId, ref }: { html: string; paper: Paper; height: number | string; title: string; testId: string; ref?: Ref<SheetFrameHandle> }) {
  const frame = useRef<HTMLIFrameElement>(null);

  const fit = useCallback(() => {
    const f = frame.current;
    const doc = f?.contentDocument;
    if (!f || !doc?.head) return;
    const pagePx = (paper === 'a4' ? 210 : ROLL_WIDTH_MM[paper]) * PX_PER_MM + 24;
    const zoom = Math.max(0.2, Math.min(paper === 'a4' ? 1 : 1.5, (f.clientWidth - 16) / pagePx));
    let style = doc.getElementById('mbv-zoom');
    if (!style) {
      style = doc.createElement('style');
      style.id = 'mbv-zoom';
      doc.head.appendChild(style);
    }
    style.textContent = `@media screen{body{zoom:${zoom.toFixed(3)}}}`;
  }, [paper]);

  useEffect(() => {
    const f = frame.current;
    if (!f) return;
    const ro = new ResizeObserver(fit);
    ro.observe(f);
    return () => ro.disconnect();
  }, [fit]);

  useImperativeHandle(ref, () => ({
    print() {
      frame.current?.contentWindow?.print();
    },
  }));

  return (
    <iframe
      ref={frame}
      srcDoc={html}
      sandbox="allow-same-origin allow-modals"
      onLoad={fit}
      title={title}
      data-testid={testId}
      style={{ display: 'block', width: '100%', height, border: '1px solid var(--mantine-color-gray-4)', borderRadius: 4, background: '#ced4da' }}
    />
  );
}
