import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import Papa from 'papaparse';
import type { CustomerListItem, ExportFile } from '../../../shared/contract';
import type { Language } from '../../../shared/settings';
import { safeRow, safeRows } from '../../../shared/spreadsheet';

type Column = { key: string; id: string; en: string; value: (c: CustomerListItem) => string | number };

/** The exported columns; the import recognises the name, phone, WhatsApp, address and area headers again. */
const COLUMNS: Column[] = [
  { key: 'number', id: 'Nomor', en: 'Number', value: (c) => c.number },
  { key: 'name', id: 'Nama', en: 'Name', value: (c) => c.name },
  { key: 'phone', id: 'Telepon', en: 'Phone', value: (c) => c.phone ?? '' },
  { key: 'whatsapp', id: 'WhatsApp', en: 'WhatsApp', value: (c) => c.whatsapp ?? '' },
  { key: 'address', id: 'Alamat', en: 'Address', value: (c) => c.address },
  { key: 'area', id: 'Wilayah', en: 'Area', value: (c) => c.area },
  { key: 'status', id: 'Status', en: 'Status', value: (c) => c.status },
  { key: 'usernames', id: 'Username PPPoE', en: 'PPPoE usernames', value: (c) => c.usernames.join(', ') },
  { key: 'plans', id: 'Paket', en: 'Plans', value: (c) => c.plans.join(', ') },
  { key: 'balance', id: 'Saldo', en: 'Balance', value: (c) => c.balance },
  { key: 'overdue', id: 'Tunggakan', en: 'Overdue', value: (c) => c.overdue },
];

const MIME = {
  csv: 'text/csv;charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/** The customer list as a CSV (UTF-8 with BOM, so Excel shows accents) or XLSX file, headers in the office language. */
export async function exportCustomers(items: CustomerListItem[], format: 'csv' | 'xlsx', language: Language, today: string): Promise<ExportFile> {
  const headers = safeRow(COLUMNS.map((c) => c[language]));
  const filename = `${language === 'id' ? 'pelanggan' : 'customers'}-${today}.${format}`;
  if (format === 'csv') {
    const csv = Papa.unparse({ fields: headers, data: safeRows(items.map((item) => COLUMNS.map((c) => c.value(item)))) });
    return { filename, mime: MIME.csv, base64: Buffer.from(`\ufeff${csv}\r\n`, 'utf8').toString('base64') };
  }
  // The streaming writer is several times faster than building the workbook in memory (50,000 rows).
  const chunks: Buffer[] = [];
  const sink = new PassThrough();
  sink.on('data', (chunk: Buffer) => chunks.push(chunk));
  const drained = new Promise<void>((resolve, reject) => {
    sink.on('end', resolve);
    sink.on('error', reject);
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: false });
  const sheet = wb.addWorksheet(language === 'id' ? 'Pelanggan' : 'Customers');
  sheet.columns = COLUMNS.map((c, i) => ({
    header: headers[i],
    key: c.key,
    width: c.key === 'address' ? 40 : 18,
    ...(c.key === 'balance' || c.key === 'overdue' ? { style: { numFmt: '#,##0' } } : {}),
  }));
  sheet.getRow(1).font = { bold: true };
  for (const item of items) sheet.addRow(safeRow(COLUMNS.map((c) => c.value(item)))).commit();
  await wb.commit();
  await drained;
  const data = Buffer.concat(chunks);
  return { filename, mime: MIME.xlsx, base64: data.toString('base64') };
}
