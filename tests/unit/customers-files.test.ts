import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/app';
import { type Caller, setupOffice, startCore, TestClock } from '../support/core';

let core: Core | null = null;
afterEach(async () => {
  await core?.close();
  core = null;
});

async function office(): Promise<{ core: Core; owner: Caller }> {
  core = await startCore({ now: new TestClock().now });
  return { core, owner: await setupOffice(core) };
}

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const count = async (c: Core) => ((await c.db.manager.query('SELECT count(*) AS n FROM customers')) as { n: number }[])[0]!.n;

async function xlsx(rows: (string | number | null)[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('Data');
  for (const r of rows) sheet.addRow(r);
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer).toString('base64');
}

/** A cell as text; a rich-text or formula cell shows as JSON instead of "[object Object]". */
const cellText = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'object' && !(v instanceof Date) ? JSON.stringify(v) : String(v as string | number | boolean | Date));

async function readXlsx(base64: string): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  const bytes = Buffer.from(base64, 'base64');
  await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  const out: string[][] = [];
  wb.worksheets[0]!.eachRow((row) => out.push(Array.from((row.values as unknown[]).slice(1), (v) => cellText(v))));
  return out;
}

const GOOD_CSV = [
  '\ufeffNama;No HP;WA;Alamat;RT/RW;NIK;Catatan;Lat;Lng;WA_opt_in;Kolom Lain',
  'Siti Aminah;0812-3456-7890;;Jl. Melati 5;RT 05;3201;pelanggan lama;-6,2;106.8;ya;x',
  '',
  '"Budi; Hartono";+62 857 1111 2222;081311112222;"Jl. Mawar 1, Gg. 2";RT 06;;;;;tidak;',
  'Citra Dewi;;;;RT 05;;;;;;',
].join('\r\n');

describe('customer import', () => {
  it('a CSV with one bad row writes nothing; the preview lists each row’s errors', async () => {
    const { core: c, owner } = await office();
    const bad = `${GOOD_CSV}\r\nX;0812;;;;;;abc;;mungkin;\r\nSiti Kedua;081234567890;;;;;;;;;`;
    const preview = await owner.call('customers.importPreview', { format: 'csv', base64: b64(bad) });
    expect(preview).toMatchObject({ total: 5, valid: 3, invalid: 2, ignored: ['Kolom Lain'] });
    expect(preview.columns).toEqual(['name', 'phone', 'whatsapp', 'address', 'area', 'idNumber', 'notes', 'lat', 'lng', 'waOptIn']);
    expect(preview.rows.map((r) => r.row)).toEqual([2, 4, 5, 6, 7]);
    const row6 = preview.rows.find((r) => r.row === 6)!;
    expect(row6.errors.map((e) => e.field).sort()).toEqual(['lat', 'name', 'phone', 'waOptIn']);
    expect(preview.rows.find((r) => r.row === 7)!.errors).toEqual([{ field: 'phone', message: 'Same phone as row 2' }]);
    expect(await count(c)).toBe(0);

    const err = await owner.fail('customers.import', { format: 'csv', base64: b64(bad) });
    expect(err.code).toBe('customers.import_rejected');
    expect((err.details!.rows as { row: number }[]).map((r) => r.row)).toEqual([6, 7]);
    expect(await count(c)).toBe(0);
    // The rolled-back import took no customer numbers.
    expect((await owner.call('customers.create', { name: 'Pertama' })).number).toBe('PLG-000001');
  });

  it('a good CSV writes every row in file order, once, with one audit entry', async () => {
    const { core: c, owner } = await office();
    expect(await owner.call('customers.import', { format: 'csv', base64: b64(GOOD_CSV) })).toEqual({ created: 3 });
    const list = (await owner.call('customers.list', {})).items;
    expect(list.map((i) => [i.number, i.name, i.phone, i.whatsapp, i.area, i.waOptIn])).toEqual([
      ['PLG-000002', 'Budi; Hartono', '+6285711112222', '+6281311112222', 'RT 06', false],
      ['PLG-000003', 'Citra Dewi', null, null, 'RT 05', false],
      ['PLG-000001', 'Siti Aminah', '+6281234567890', null, 'RT 05', true],
    ]);
    expect(list[2]).toMatchObject({ address: 'Jl. Melati 5', idNumber: '3201', notes: 'pelanggan lama', lat: -6.2, lng: 106.8 });
    expect(list[0]!.address).toBe('Jl. Mawar 1, Gg. 2');
    expect((await owner.call('customers.list', { q: '0857 1111' })).items.map((i) => i.name)).toEqual(['Budi; Hartono']);
    const audit = await owner.call('audit.list', { method: 'customers.' });
    expect(audit.items.map((a) => a.summary)).toEqual(['Imported 3 customer(s) from a csv file']);
    // The same phones again are duplicates of existing customers.
    const again = await owner.call('customers.importPreview', { format: 'csv', base64: b64(GOOD_CSV) });
    expect(again.rows.map((r) => r.errors.map((e) => e.message))).toEqual([['Phone already belongs to customer PLG-000001'], ['Phone already belongs to customer PLG-000002'], []]);
    expect(await count(c)).toBe(3);
  });

  it('reads XLSX files: a bad row rejects all, a good file writes all', async () => {
    const { core: c, owner } = await office();
    const header = ['Name', 'Phone', 'WhatsApp', 'Address', 'Area', 'ID number'];
    const bad = await xlsx([header, ['Ani', 81234567890, null, 'Jl. A', 'RT 01', '320101'], ['Bayu', 'not a phone', null, null, null, null]]);
    const err = await owner.fail('customers.import', { format: 'xlsx', base64: bad });
    expect(err).toMatchObject({ code: 'customers.import_rejected', details: { rows: [{ row: 3, name: 'Bayu', errors: [{ field: 'phone' }] }] } });
    expect(await count(c)).toBe(0);
    const good = await xlsx([header, ['Ani', 81234567890, null, 'Jl. A', 'RT 01', '320101'], [], ['Bayu', '6285711112222', null, null, 'RT 02', null]]);
    const preview = await owner.call('customers.importPreview', { format: 'xlsx', base64: good });
    expect(preview.rows.map((r) => [r.row, r.name, r.phone, r.errors])).toEqual([
      [2, 'Ani', '+6281234567890', []],
      [4, 'Bayu', '+6285711112222', []],
    ]);
    expect(await owner.call('customers.import', { format: 'xlsx', base64: good })).toEqual({ created: 2 });
    expect((await owner.call('customers.list', {})).items.map((i) => [i.number, i.name, i.phone, i.idNumber])).toEqual([
      ['PLG-000001', 'Ani', '+6281234567890', '320101'],
      ['PLG-000002', 'Bayu', '+6285711112222', ''],
    ]);
  });

  it('refuses files without a name column, unreadable files and more than 10,000 rows', async () => {
    const { core: c, owner } = await office();
    expect((await owner.fail('customers.importPreview', { format: 'csv', base64: b64('phone\n0812345678') })).details).toMatchObject({ missing: 'name' });
    expect((await owner.fail('customers.importPreview', { format: 'xlsx', base64: b64('not a zip') })).code).toBe('customers.import_rejected');
    const big = ['name', ...Array.from({ length: 10_001 }, (_, i) => `Pelanggan ${i}`)].join('\n');
    expect((await owner.fail('customers.import', { format: 'csv', base64: b64(big) })).details).toMatchObject({ limit: 10_000, total: 10_001 });
    expect(await count(c)).toBe(0);
  });
});

describe('customer export', () => {
  it('exports the filtered list as CSV that the import reads back, and as XLSX in the office language', async () => {
    const { core: c, owner } = await office();
    await owner.call('customers.create', { name: 'Siti Aminah', phone: '081234567890', area: 'RT 05', address: 'Jl. Melati 5, "Gg. 2"' });
    await owner.call('customers.create', { name: 'Budi Hartono', area: 'RT 06' });
    await owner.call('customers.create', { name: 'Citra Dewi', area: 'RT 05' });
    const csv = await owner.call('customers.export', { format: 'csv', area: 'RT 05' });
    expect(csv).toMatchObject({ filename: 'pelanggan-2026-11-25.csv', mime: 'text/csv;charset=utf-8' });
    const text = Buffer.from(csv.base64, 'base64').toString('utf8');
    expect(text.split('\r\n')[0]).toBe('\ufeffNomor,Nama,Telepon,WhatsApp,Alamat,Wilayah,Status,Username PPPoE,Paket,Saldo,Tunggakan');
    expect(text).toContain('PLG-000001,Siti Aminah,+6281234567890,,"Jl. Melati 5, ""Gg. 2""",RT 05,active,,,0,0');
    const back = await owner.call('customers.importPreview', { format: 'csv', base64: csv.base64 });
    expect(back.ignored).toEqual(['Nomor', 'Status', 'Username PPPoE', 'Paket', 'Saldo', 'Tunggakan']);
    expect(back.rows.map((r) => [r.name, r.phone, r.area, r.errors.map((e) => e.message)])).toEqual([
      ['Citra Dewi', null, 'RT 05', []],
      ['Siti Aminah', '+6281234567890', 'RT 05', ['Phone already belongs to customer PLG-000001']],
    ]);

    await owner.call('settings.update', { group: 'locale', value: { language: 'en', timezone: 'Asia/Jakarta' } });
    const file = await owner.call('customers.export', { format: 'xlsx' });
    expect(file.filename).toBe('customers-2026-11-25.xlsx');
    const rows = await readXlsx(file.base64);
    expect(rows[0]).toEqual(['Number', 'Name', 'Phone', 'WhatsApp', 'Address', 'Area', 'Status', 'PPPoE usernames', 'Plans', 'Balance', 'Overdue']);
    expect(rows.slice(1).map((r) => [r[0], r[1], r[2]])).toEqual([
      ['PLG-000002', 'Budi Hartono', ''],
      ['PLG-000003', 'Citra Dewi', ''],
      ['PLG-000001', 'Siti Aminah', '+6281234567890'],
    ]);
    expect((await owner.call('customers.importPreview', { format: 'xlsx', base64: file.base64 })).total).toBe(3);
    void c;
  });
});
