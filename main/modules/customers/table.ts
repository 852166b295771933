import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { AppError } from '../../../shared/errors';

export type ImportFormat = 'csv' | 'xlsx';

/** CSV text: UTF-8 (with or without BOM), or Windows-1252 as older Excel versions save it. */
function decodeText(bytes: Buffer): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('windows-1252').decode(bytes);
  }
  return text.replace(/^\ufeff/, '');
}

function unreadable(format: ImportFormat, err: unknown): AppError {
  const reason = err instanceof Error ? err.message : String(err);
  return new AppError('customers.import_rejected', `The file is not a readable ${format.toUpperCase()} file (${reason})`, { file: 'unreadable', rows: [] });
}

/**
 * A CSV or the first sheet of an XLSX file as rows of trimmed strings; row 0 is the header. Blank rows
 * stay in place (as empty arrays) so row numbers match what the user sees in the file.
 */
export async function readTable(format: ImportFormat, base64: string): Promise<string[][]> {
  const bytes = Buffer.from(base64, 'base64');
  if (format === 'csv') {
    // The delimiter is detected: Indonesian Excel saves CSV with ';'.
    const parsed = Papa.parse<string[]>(decodeText(bytes), { skipEmptyLines: false });
    return parsed.data.map((row) => row.map((v) => String(v ?? '').trim()));
  }
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  } catch (err) {
    throw unreadable(format, err);
  }
  const sheet = wb.worksheets[0];
  if (!sheet) return [];
  const rows: string[][] = [];
  const width = sheet.columnCount;
  sheet.eachRow({ includeEmpty: true }, (row, n) => {
    const cells: string[] = [];
    for (let i = 1; i <= width; i++) cells.push(row.getCell(i).text.trim());
    rows[n - 1] = cells;
  });
  return Array.from(rows, (r) => r ?? []);
}

export const isBlank = (row: string[]): boolean => row.every((v) => v === '');
