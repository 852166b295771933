import { useEffect, useId, useImperativeHandle, useRef, useState, useSyncExternalStore, type ReactNode, type Ref } from 'react';
import { createPortal } from 'react-dom';
import { desktopApi } from '../../api/client';
import { useCall } from '../../lib/useCall';
import { useCan, useSession } from '../../store/session';
import { DOC_CSS } from './docCss';

export type PrintSize = 'A4' | '58mm' | '80mm';

/** The office as printed on invoices and receipts: name and logo for everyone, address, phone and NPWP where known. */
export interface OfficeInfo {
  name: string;
  logo: string | null;
  address: string;
  phone: string;
  /** The office's tax number; '' = not printed. */
  npwp: string;
}

export function useOfficeInfo(): OfficeInfo {
  // npwp: in the public office profile once the server sends it there (staff who cannot read the settings).
  const office = useSession((s) => s.office) as (ReturnType<typeof useSession.getState>['office'] & { address?: string; phone?: string; npwp?: string }) | null;
  const canRead = useCan('settings.read');
  const settings = useCall('settings.get', {}, canRead);
  const o = settings.data?.office;
  return {
    name: o?.name ?? office?.name ?? '',
    logo: o?.logo ?? office?.logo ?? null,
    address: o?.address ?? office?.address ?? '',
    phone: o?.phone ?? office?.phone ?? '',
    npwp: o?.npwp ?? office?.npwp ?? '',
  };
}

// The most recently shown document is the one that prints (Ctrl+P included).
let stack: string[] = [];
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());
const store = {
  subscribe(l: () => void) {
    listeners.add(l);
    return () => listeners.delete(l);
  },
  top: () => stack[stack.length - 1] ?? null,
};

const MM_PER_PX = 25.4 / 96;
function pageCss(size: PrintSize, heightMm: number): string {
  if (size === 'A4') return '@page { size: A4; margin: 12mm; }';
  const width = size === '58mm' ? 58 : 80;
  return `@page { size: ${width}mm ${Math.max(60, Math.ceil(heightMm) + 8)}mm; margin: 0; }`;
}

const SCREEN_CSS = `
@media screen { .mb-print { position: fixed; left: -10000px; top: 0; visibility: hidden; pointer-events: none; } }
@media print {
  body > *:not(.mb-print-active) { display: none !important; }
  .mb-print-active { display: block !important; position: static; }
  html, body { background: #fff !important; margin: 0; padding: 0; }
}`;

/** The styles of printed documents, on screen (previews) and in print. */
export function DocStyles() {
  return (
    <style href="mb-doc-css" precedence="default">
      {DOC_CSS + SCREEN_CSS}
    </style>
  );
}

export interface PrintHandle {
  print(): Promise<void>;
  pdf(filename: string): Promise<void>;
}

/**
 * Renders a document once more, straight under <body>, where the print CSS shows it alone. In the desktop
 * app the same HTML goes to the print hook (a sandboxed window); in a browser, window.print().
 */
export function PrintArea({ size, children, ref: handleRef }: { size: PrintSize; children: ReactNode; ref: Ref<PrintHandle> }) {
  const id = useId();
  const ref = useRef<HTMLDivElement>(null);
  const [height, setHeight] = useState(200);
  const active = useSyncExternalStore(store.subscribe, store.top) === id;

  useEffect(() => {
    stack = [...stack, id];
    emit();
    return () => {
      stack = stack.filter((x) => x !== id);
      emit();
    };
  }, [id]);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setHeight(el.getBoundingClientRect().height * MM_PER_PX));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const css = pageCss(size, height);
  const html = () => `<!doctype html><html><head><meta charset="utf-8"><title>print</title><style>${DOC_CSS}</style></head><body style="margin:0">${ref.current?.innerHTML ?? ''}</body></html>`;
  useImperativeHandle(handleRef, () => ({
    async print() {
      const d = desktopApi();
      if (d) {
        const r = await d.print({ html: html(), pageSize: size });
        if (!r.ok) throw new Error(r.error.message);
      } else window.print();
    },
    async pdf(filename) {
      const d = desktopApi();
      if (!d) return window.print();
      const r = await d.printToPdf({ html: html(), pageSize: size });
      if (!r.ok) throw new Error(r.error.message);
      const bytes = Uint8Array.from(atob(r.result.pdfBase64), (c) => c.charCodeAt(0));
      const url = URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = filename;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
  }));

  return createPortal(
    <div className={active ? 'mb-print mb-print-active' : 'mb-print'} aria-hidden="true" data-print-size={size}>
      {active && <style>{`@media print { ${css} }`}</style>}
      <div ref={ref}>{children}</div>
    </div>,
    document.body,
  );
}
