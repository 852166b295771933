import Papa from 'papaparse';
import { safeRow, safeRows } from '../../../../shared/spreadsheet';

export interface SheetData {
  /** File name without the extension. */
  name: string;
  title: string;
  header: string[];
  rows: (string | number)[][];
  /** Columns (0-based) holding rupiah. */
  moneyColumns: number[];
}

function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** CSV with a BOM so Excel opens it as UTF-8; amounts as plain integers; text cells neutralised (shared/spreadsheet). */
export function exportCsv(d: SheetData): string {
  const csv = Papa.unparse({ fields: safeRow(d.header), data: safeRows(d.rows) });
  const filename = `${d.name}.csv`;
  download(new Blob(['\ufeff', csv], { type: 'text/csv;charset=utf-8' }), filename);
  return filename;
}

/** An Excel workbook made in the browser (exceljs is loaded only when someone exports). */
export async function exportXlsx(d: SheetData): Promise<string> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(d.title.slice(0, 31));
  ws.addRow(safeRow(d.header)).font = { bold: true };
  for (const r of safeRows(d.rows)) ws.addRow(r);
  ws.columns.forEach((col, i) => {
    col.width = i === 0 ? 28 : 16;
    if (d.moneyColumns.includes(i)) col.numFmt = '"Rp" #,##0';
  });
  const buf = await wb.xlsx.writeBuffer();
  const filename = `${d.name}.xlsx`;
  download(new Blob([buf], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), filename);
  return filename;
}

/** Starts loading exceljs when the export menu opens, so the file is ready right after the click. */
export function preloadXlsx(): void {
  void import('exceljs').catch(() => undefined);
}
