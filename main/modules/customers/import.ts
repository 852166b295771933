import type { EntityManager } from 'typeorm';
import { customerInputSchema, type ImportPreview, type ImportRowResult } from '../../../shared/contract/customers';
import { AppError } from '../../../shared/errors';
import { toE164 } from './phone';
import type { CustomerFields } from './service';
import { isBlank, readTable, type ImportFormat } from './table';

export const IMPORT_MAX_ROWS = 10_000;

type Field = 'name' | 'phone' | 'whatsapp' | 'address' | 'area' | 'idNumber' | 'npwp' | 'notes' | 'lat' | 'lng' | 'waOptIn';

/** Header names in English and Indonesian, compared lower-case with spaces, dashes, dots and slashes folded. */
const HEADERS: Record<Field, string[]> = {
  name: ['name', 'nama', 'nama pelanggan', 'customer', 'customer name'],
  phone: ['phone', 'telepon', 'telp', 'tlp', 'hp', 'no hp', 'nomor hp', 'no telepon', 'nomor telepon', 'phone number'],
  whatsapp: ['whatsapp', 'wa', 'no wa', 'nomor wa', 'nomor whatsapp'],
  address: ['address', 'alamat'],
  area: ['area', 'wilayah', 'rt rw', 'rtrw'],
  idNumber: ['id number', 'nik', 'ktp', 'no ktp', 'nomor ktp'],
  npwp: ['npwp', 'tax number', 'no npwp', 'nomor npwp'],
  notes: ['notes', 'note', 'catatan', 'keterangan'],
  lat: ['lat', 'latitude'],
  lng: ['lng', 'lon', 'long', 'longitude'],
  waOptIn: ['wa opt in', 'whatsapp opt in'],
};
const fold = (h: string): string => h.toLowerCase().replace(/[\s_\-./]+/g, ' ').trim();
const LOOKUP = new Map<string, Field>(Object.entries(HEADERS).flatMap(([field, names]) => names.map((n) => [n, field as Field] as const)));

const YES = new Set(['1', 'y', 'ya', 'yes', 'true', 'iya']);
const NO = new Set(['', '0', 'n', 'no', 'tidak', 'false', 't']);

export interface ImportCheck {
  preview: ImportPreview;
  /** The rows to create, in file order (only meaningful when every row is valid). */
  valid: CustomerFields[];
}

function coordinate(raw: string, errors: ImportRowResult['errors'], field: 'lat' | 'lng'): number | null {
  if (raw === '') return null;
  const n = Number(raw.replace(/^(-?\d+),(\d+)$/, '$1.$2'));
  if (Number.isFinite(n)) return n;
  errors.push({ field, message: `"${raw}" is not a number` });
  return null;
}

/** Reads and checks every row of an import file; writes nothing. */
export async function checkImport(em: EntityManager, format: ImportFormat, base64: string): Promise<ImportCheck> {
  const [header = [], ...body] = await readTable(format, base64);
  const fieldAt = new Map<number, Field>();
  const ignored: string[] = [];
  header.forEach((h, i) => {
    const field = LOOKUP.get(fold(h));
    if (field && ![...fieldAt.values()].includes(field)) fieldAt.set(i, field);
    else if (h !== '') ignored.push(h);
  });
  const columns = [...fieldAt.values()];
  if (!columns.includes('name')) {
    throw new AppError('customers.import_rejected', 'The first row must name the columns, with at least a name (Nama) column', { missing: 'name', ignored, rows: [] });
  }
  const lines = body.map((cells, i) => ({ cells, row: i + 2 })).filter((l) => !isBlank(l.cells));
  if (lines.length > IMPORT_MAX_ROWS) {
    throw new AppError('customers.import_rejected', `A file may have at most ${IMPORT_MAX_ROWS} customers; this one has ${lines.length}`, {
      limit: IMPORT_MAX_ROWS,
      total: lines.length,
      rows: [],
    });
  }

  const checked = lines.map(({ cells, row }) => {
    const text = (f: Field): string => {
      for (const [i, field] of fieldAt) if (field === f) return cells[i] ?? '';
      return '';
    };
    const errors: ImportRowResult['errors'] = [];
    const optIn = text('waOptIn').toLowerCase();
    if (!YES.has(optIn) && !NO.has(optIn)) errors.push({ field: 'waOptIn', message: `"${text('waOptIn')}" is not yes or no` });
    const parsed = customerInputSchema.safeParse({
      name: text('name'),
      phone: text('phone') || null,
      whatsapp: text('whatsapp') || null,
      waOptIn: YES.has(optIn),
      address: text('address'),
      area: text('area'),
      idNumber: text('idNumber'),
      npwp: text('npwp'),
      notes: text('notes'),
      lat: coordinate(text('lat'), errors, 'lat'),
      lng: coordinate(text('lng'), errors, 'lng'),
    });
    if (!parsed.success) for (const issue of parsed.error.issues) errors.push({ field: String(issue.path[0] ?? 'row'), message: issue.message });
    const phone = toE164(text('phone'));
    const whatsapp = toE164(text('whatsapp'));
    if (phone === undefined) errors.push({ field: 'phone', message: `"${text('phone')}" is not a valid phone number` });
    if (whatsapp === undefined) errors.push({ field: 'whatsapp', message: `"${text('whatsapp')}" is not a valid phone number` });
    const fields: CustomerFields | null =
      parsed.success && phone !== undefined && whatsapp !== undefined ? { ...parsed.data, phone, whatsapp } : null;
    const result: ImportRowResult = { row, name: text('name'), phone: phone ?? (text('phone') || null), area: text('area'), errors };
    return { result, fields };
  });

  await markDuplicatePhones(em, checked.map((c) => c.result));
  const rows = checked.map((c) => c.result);
  const invalid = rows.filter((r) => r.errors.length > 0).length;
  return {
    preview: { total: rows.length, valid: rows.length - invalid, invalid, rows, columns, ignored },
    valid: checked.flatMap((c) => (c.fields && c.result.errors.length === 0 ? [c.fields] : [])),
  };
}

/** A phone may appear once in the file and must not belong to a customer already. */
async function markDuplicatePhones(em: EntityManager, rows: ImportRowResult[]): Promise<void> {
  const firstRow = new Map<string, number>();
  for (const r of rows) {
    if (!r.phone?.startsWith('+')) continue;
    const seen = firstRow.get(r.phone);
    if (seen !== undefined) r.errors.push({ field: 'phone', message: `Same phone as row ${seen}` });
    else firstRow.set(r.phone, r.row);
  }
  const phones = [...firstRow.keys()];
  const taken = new Map<string, string>();
  for (let at = 0; at < phones.length; at += 500) {
    const chunk = phones.slice(at, at + 500);
    const found = (await em.query(`SELECT phone, number FROM customers WHERE phone IN (${chunk.map(() => '?').join(',')})`, chunk)) as {
      phone: string;
      number: string;
    }[];
    for (const f of found) taken.set(f.phone, f.number);
  }
  for (const r of rows) {
    const owner = r.phone ? taken.get(r.phone) : undefined;
    if (owner) r.errors.push({ field: 'phone', message: `Phone already belongs to customer ${owner}` });
  }
}
