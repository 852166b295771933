/**
 * Issue 5: a 1,000-voucher A4 sheet with QR codes to PDF in Chromium. The renderer's own engine is bundled
 * and runs in the page (QR codes as SVG, in slices of 100 as the UI does), then the document goes to
 * page.pdf(). Baseline in the same run: the very same sheet without QR codes. Goal: ≤ 5 s in all.
 */
import { build } from 'esbuild';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { findBrowser } from '../scripts/find-browser.mjs';

const N = Number(process.env.BENCH_VOUCHERS ?? 1000);
const found = findBrowser();
if (found.path === null) throw new Error(found.error);
const CHROMIUM = found.path;
const ROOT = path.resolve(__dirname, '..');
const ms = (t0: number) => performance.now() - t0;

const ENTRY = `
import { builtinTemplates } from './renderer/src/screens/vouchers/print/engine/builtins';
import { ID_FORMATTERS, voucherVars } from './renderer/src/screens/vouchers/print/engine/fields';
import { renderCells } from './renderer/src/screens/vouchers/print/engine/render';
import { sampleData } from './renderer/src/screens/vouchers/print/engine/sample';
import { pageCount, sheetDocument } from './renderer/src/screens/vouchers/print/engine/sheet';
window.__sheet = async (n, qr) => {
  const data = sampleData({ name: 'RT/RW Net Sejahtera', logo: null, phone: '' }, 'http://hotspot.rt05.net/login');
  const vouchers = Array.from({ length: n }, (_, i) => ({ ...data.vouchers[i % 3], id: i + 1, serial: i + 1, username: 'V' + String(100000 + i * 7919).slice(-6) }));
  const t0 = performance.now();
  const items = vouchers.map((v) => ({ serial: v.serial, ...voucherVars(v, data, ID_FORMATTERS, qr) }));
  const r = await renderCells(builtinTemplates()[0], items, { chunk: 100 });
  const html = sheetDocument(r.cells, r.layout, r.css, 'Voucher');
  return { html, renderMs: performance.now() - t0, pages: pageCount(n, r.layout) };
};`;

async function bundle(): Promise<string> {
  const out = await build({ stdin: { contents: ENTRY, resolveDir: ROOT, loader: 'ts' }, bundle: true, format: 'iife', platform: 'browser', write: false, logLevel: 'silent' });
  return out.outputFiles[0]!.text;
}

/** In-page render (engine) + page.pdf() of the resulting document; the PDF's page count is checked. */
async function sheetToPdf(browser: Browser, script: string, qr: boolean): Promise<{ renderMs: number; pdfMs: number; totalMs: number; pages: number; bytes: number; htmlChars: number }> {
  const page = await browser.newPage();
  try {
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ content: script });
    const t0 = performance.now();
    const r = await page.evaluate(([n, q]) => (globalThis as unknown as { __sheet(n: number, q: boolean): Promise<{ html: string; renderMs: number; pages: number }> }).__sheet(n, q), [N, qr] as const);
    const doc = await browser.newPage();
    const t1 = performance.now();
    await doc.setContent(r.html, { waitUntil: 'load' });
    const pdf = await doc.pdf({ preferCSSPageSize: true, printBackground: true });
    const pdfMs = ms(t1);
    const totalMs = ms(t0);
    await doc.close();
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
    if (pages !== r.pages) throw new Error(`expected ${r.pages} pages in the PDF, found ${pages}`);
    return { renderMs: r.renderMs, pdfMs, totalMs, pages, bytes: pdf.length, htmlChars: r.html.length };
  } finally {
    await page.close();
  }
}

export async function printBench(): Promise<void> {
  const script = await bundle();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    await sheetToPdf(browser, script, true); // warm-up: Chromium's first PDF pays for fonts and the PDF backend
    const plain = await sheetToPdf(browser, script, false);
    const withQr = await sheetToPdf(browser, script, true);
    const row = (label: string, r: typeof plain) =>
      `${label}: render ${r.renderMs.toFixed(0)} ms + PDF ${r.pdfMs.toFixed(0)} ms = ${r.totalMs.toFixed(0)} ms (${r.pages} pages, ${(r.htmlChars / 1e6).toFixed(2)} MB HTML, ${(r.bytes / 1e6).toFixed(2)} MB PDF)`;
    console.log(`\n## Printing: ${N.toLocaleString('en')} vouchers on A4 (built-in grid, 32 per page) to PDF in Chromium`);
    console.log(row('baseline, no QR codes', plain));
    console.log(row('with QR codes (SVG)  ', withQr));
    console.log(`ratio QR / baseline  : ${(withQr.totalMs / plain.totalMs).toFixed(1)}×  (goal ≤ 5000 ms with QR codes: ${withQr.totalMs <= 5000 ? 'met' : 'NOT met'})`);
  } finally {
    await browser.close();
  }
}

if (require.main === module) {
  printBench().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
