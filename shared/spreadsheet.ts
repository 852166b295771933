/**
 * Spreadsheet (CSV/XLSX) export cells, neutralised against formula injection (OWASP "CSV Injection"): a text
 * cell starting with = + - @ tab or carriage return would be read as a formula by Excel, LibreOffice or Google
 * Sheets (`=HYPERLINK(…)`, `@SUM(…)`, `-2+A1`), so it gets a leading apostrophe and stays text. Numbers stay
 * numbers, negative ones too: only text is touched. Every export writes its cells through safeCell/safeRows.
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
/**
 * Left as it is: a phone number or a plain signed number (`+6281234567890`, `-5000`, `+62 812-3456-7890`).
 * Digits, spaces, dots, dashes and brackets cannot name a function or a cell, so nothing is injected, and
 * the import reads the exported phone numbers back.
 */
const PLAIN_NUMBER = /^[+-]?\d[\d ().-]*$/;

export type SheetCell = string | number | boolean | null | undefined;

export function safeCell<T extends SheetCell>(value: T): T | string {
  return typeof value === 'string' && FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

export function safeRow<T extends SheetCell>(row: readonly T[]): (T | string)[] {
  return row.map((v) => safeCell(v));
}

export function safeRows<T extends SheetCell>(rows: readonly (readonly T[])[]): (T | string)[][] {
  return rows.map((r) => safeRow(r));
}
