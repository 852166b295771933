import { desktopApi } from '../../../api/client';
import type { RenderedCells } from './engine/render';
import { bridgePageSize, sheetDocument, splitDocuments } from './engine/sheet';

/** The desktop print hook takes at most 5,000,000 characters of HTML (main/desktop/print-options.ts). */
const BRIDGE_MAX_CHARS = 4_900_000;

export const isDesktopApp = (): boolean => !!desktopApi();

export function documentOf(r: RenderedCells, title: string): string {
  return sheetDocument(r.cells, r.layout, r.css, title);
}

/** Desktop: the system print dialog (in parts when the sheet is very large). Returns the number of parts. */
export async function printOnDesktop(r: RenderedCells, title: string): Promise<number> {
  const d = desktopApi();
  if (!d) throw new Error('Not the desktop app');
  const docs = splitDocuments(r.cells, r.layout, r.css, title, BRIDGE_MAX_CHARS);
  for (const html of docs) {
    const res = await d.print({ html, pageSize: bridgePageSize(r.layout.paper) });
    if (!res.ok) throw new Error(res.error.message);
    if (!res.result.printed) break;
  }
  return docs.length;
}

function download(bytes: Uint8Array, filename: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/pdf' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Desktop: PDF file(s) made by the print hook, downloaded. Returns the file names. */
export async function pdfOnDesktop(r: RenderedCells, title: string, base: string): Promise<string[]> {
  const d = desktopApi();
  if (!d) throw new Error('Not the desktop app');
  const docs = splitDocuments(r.cells, r.layout, r.css, title, BRIDGE_MAX_CHARS);
  const names: string[] = [];
  for (const [i, html] of docs.entries()) {
    const res = await d.printToPdf({ html, pageSize: bridgePageSize(r.layout.paper) });
    if (!res.ok) throw new Error(res.error.message);
    const name = docs.length > 1 ? `${base}-${i + 1}.pdf` : `${base}.pdf`;
    download(Uint8Array.from(atob(res.result.pdfBase64), (c) => c.charCodeAt(0)), name);
    names.push(name);
  }
  return names;
}

/** A file name from a batch comment: letters, digits, dot and dash. */
export const pdfBaseName = (what: string): string => `voucher-${what.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '') || 'cetak'}`;
