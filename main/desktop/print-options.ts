import { z } from 'zod';
import type { PrintRequest } from '../../preload/bridge-types';

/** The renderer's print payload, parsed in main (the renderer is not a trust boundary). */
export const printRequestSchema = z
  .object({
    html: z.string().min(1).max(5_000_000),
    pageSize: z.enum(['A4', '58mm', '80mm']),
    silent: z.boolean().optional(),
    deviceName: z.string().trim().min(1).max(256).optional(),
  })
  .strict() satisfies z.ZodType<PrintRequest>;

export type PageSizeName = PrintRequest['pageSize'];

/** Thermal rolls have no page length; receipts longer than this continue on the next "page". */
export const THERMAL_PAGE_LENGTH_MM = 297;

const WIDTH_MM: Record<Exclude<PageSizeName, 'A4'>, number> = { '58mm': 58, '80mm': 80 };

/** webContents.print: a named size, or width × height in micrometres. */
export function printPageSize(size: PageSizeName): 'A4' | { width: number; height: number } {
  if (size === 'A4') return 'A4';
  return { width: WIDTH_MM[size] * 1000, height: THERMAL_PAGE_LENGTH_MM * 1000 };
}

/** webContents.printToPDF: a named size, or width × height in inches. */
export function pdfPageSize(size: PageSizeName): 'A4' | { width: number; height: number } {
  if (size === 'A4') return 'A4';
  return { width: WIDTH_MM[size] / 25.4, height: THERMAL_PAGE_LENGTH_MM / 25.4 };
}

/** Thermal printers have no margin to spare; A4 keeps the printer's default margins. */
export function marginsFor(size: PageSizeName): { marginType: 'default' | 'none' } {
  return { marginType: size === 'A4' ? 'default' : 'none' };
}

/** printToPDF margins in inches: none for thermal widths, Chromium's default for A4. */
export function pdfMargins(size: PageSizeName): { top: number; bottom: number; left: number; right: number } | undefined {
  return size === 'A4' ? undefined : { top: 0, bottom: 0, left: 0, right: 0 };
}
