import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow, session, type WebContents } from 'electron';
import type { Logger } from 'pino';
import type { RpcResult } from '../../shared/errors';
import type { PrintRequest } from '../../preload/bridge-types';
import { marginsFor, pdfMargins, pdfPageSize, printPageSize } from './print-options';
import { hardenSession, secureWebPreferences } from './security';

/** In-memory session of the print windows: no JavaScript, no network, only the document itself and data: images. */
const PRINT_PARTITION = 'mb-print';

export interface Printing {
  print(req: PrintRequest): Promise<RpcResult<{ printed: boolean }>>;
  printToPdf(req: PrintRequest): Promise<RpcResult<{ pdfBase64: string }>>;
}

const failed = (message: string): { ok: false; error: { code: 'internal'; message: string } } => ({ ok: false, error: { code: 'internal', message } });

/** Voucher sheets and receipts: the HTML is rendered in a hidden, sandboxed, script-less window. */
export function createPrinting(logger: Logger): Printing {
  const allowed = new Set<string>();
  const ses = session.fromPartition(PRINT_PARTITION);
  hardenSession(ses);
  ses.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !(details.url.startsWith('data:') || allowed.has(details.url)) });
  });

  async function withDocument<T>(html: string, use: (contents: WebContents) => Promise<T>): Promise<T> {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mb-print-'));
    const file = path.join(dir, 'document.html');
    const url = pathToFileURL(file).href;
    await fs.writeFile(file, html, 'utf8');
    allowed.add(url);
    const win = new BrowserWindow({ show: false, width: 800, height: 1100, webPreferences: { ...secureWebPreferences(), javascript: false, partition: PRINT_PARTITION } });
    try {
      await win.loadURL(url);
      return await use(win.webContents);
    } finally {
      allowed.delete(url);
      if (!win.isDestroyed()) win.destroy();
      await fs.rm(dir, { recursive: true, force: true }).catch(() => undefined);
    }
  }

  return {
    async print(req) {
      try {
        return await withDocument(req.html, (contents) =>
          new Promise<RpcResult<{ printed: boolean }>>((resolve) => {
            contents.print(
              {
                silent: req.silent ?? false,
                printBackground: true,
                pageSize: printPageSize(req.pageSize),
                margins: marginsFor(req.pageSize),
                ...(req.deviceName ? { deviceName: req.deviceName } : {}),
              },
              (success, reason) => {
                if (success) resolve({ ok: true, result: { printed: true } });
                else if (reason === 'cancelled') resolve({ ok: true, result: { printed: false } });
                else resolve(failed(`Printing failed: ${reason}`));
              },
            );
          }),
        );
      } catch (err) {
        logger.error({ err }, 'print failed');
        return failed('Printing failed; the error was logged');
      }
    },

    async printToPdf(req) {
      try {
        const margins = pdfMargins(req.pageSize);
        const pdf = await withDocument(req.html, (contents) =>
          contents.printToPDF({ printBackground: true, pageSize: pdfPageSize(req.pageSize), ...(margins ? { margins } : {}) }),
        );
        return { ok: true, result: { pdfBase64: pdf.toString('base64') } };
      } catch (err) {
        logger.error({ err }, 'print to PDF failed');
        return failed('Could not create the PDF; the error was logged');
      }
    },
  };
}
