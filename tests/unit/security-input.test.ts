import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Core } from '../../main/app/app';
import { BODY_LIMITS, DEFAULT_BODY_LIMIT } from '../../main/http/server';
import { storedValiditySeconds, voucherSeconds } from '../../main/modules/vouchers/duration';
import { contract } from '../../shared/contract';
import { durationSchema, MAX_DURATION_SECONDS } from '../../shared/contract/vouchers';
import { httpStatusOf } from '../../shared/errors';
import { safeCell, safeRow } from '../../shared/spreadsheet';
import { setupOffice, startCore, TestClock } from '../support/core';
import { voucherWorld, type VoucherWorld } from '../support/vouchers';

let core: Core | null = null;
let w: VoucherWorld | null = null;
afterEach(async () => {
  await core?.close();
  core = null;
  await w?.close();
  w = null;
});

const OWNER = { fullName: 'Budi Santoso', username: 'budi', password: 'rahasia-123' };

/** A logged-in owner over real HTTP: cookie + CSRF token, as the admin UI in a browser. */
async function httpOwner(c: Core) {
  let cookie = '';
  let csrf = '';
  const post = async (method: string, body: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${c.url}/api/rpc/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}), ...(csrf ? { 'x-csrf-token': csrf } : {}), ...headers },
      body,
    });
    const set = res.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0]!;
    const json = (await res.json()) as { result?: { csrfToken?: string }; error?: { code: string; message: string; details?: Record<string, unknown> } };
    if (json.result?.csrfToken) csrf = json.result.csrfToken;
    return { status: res.status, json };
  };
  const r = await post('setup.complete', JSON.stringify({ office: { name: 'RT05 Net' }, locale: {}, owner: OWNER }));
  expect(r.status).toBe(200);
  return post;
}

describe('Origin check over HTTP', () => {
  it('answers Origin: null (sandboxed frames, file: pages) and unparsable origins with 403 csrf, not 500', async () => {
    core = await startCore({ http: { enabled: true, port: 0 } });
    const post = await httpOwner(core);
    for (const origin of ['null', 'not a url', 'file://', 'http://evil.example']) {
      const r = await post('users.list', '{}', { origin });
      expect(r.status, origin).toBe(403);
      expect(r.json.error?.code, origin).toBe('csrf');
    }
    // The page's own origin still works.
    expect((await post('users.list', '{}', { origin: core.url! })).status).toBe(200);
  });
});

describe('JSON body size over HTTP', () => {
  it('refuses a body over the method limit with 413 too_large; a malformed body is still 400 invalid JSON', async () => {
    core = await startCore({ http: { enabled: true, port: 0 } });
    const post = await httpOwner(core);
    const big = JSON.stringify({ q: 'x'.repeat(DEFAULT_BODY_LIMIT + 10) });
    const r = await post('customers.list', big);
    expect(r.status).toBe(413);
    expect(r.json.error?.code).toBe('too_large');
    expect(r.json.error?.message).toMatch(/too large/);
    expect(r.json.error?.message).not.toMatch(/JSON/);
    expect(httpStatusOf('too_large')).toBe(413);

    const bad = await post('customers.list', '{not json');
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatchObject({ code: 'validation', message: expect.stringMatching(/not valid JSON/) });
  });

  it('lets an import body as large as its schema allows through (here 3 MB of base64), and refuses one above its own limit', async () => {
    core = await startCore({ http: { enabled: true, port: 0 } });
    const post = await httpOwner(core);
    const csv = Buffer.from(`Nama;No HP\n${'Siti Aminah;\n'.repeat(250_000)}`).toString('base64');
    expect(csv.length).toBeGreaterThan(3 * DEFAULT_BODY_LIMIT);
    const r = await post('customers.importPreview', JSON.stringify({ format: 'csv', base64: csv }));
    expect(r.status).not.toBe(413);
    expect(r.status).toBeLessThan(500);
    const limit = BODY_LIMITS['customers.importPreview']!;
    const over = await post('customers.importPreview', JSON.stringify({ format: 'csv', base64: 'A'.repeat(limit) }));
    expect(over.status).toBe(413);
    expect(over.json.error?.details?.limit).toBe(limit);
  }, 60_000);

  it('every import limit covers the largest input its schema accepts', () => {
    // The biggest inputs the schemas accept, as JSON (the secrets escaped at the worst, 6 bytes a character).
    const secrets = Array.from({ length: 20_000 }, () => '\u0001'.repeat(64));
    const plans = Array.from({ length: 500 }, () => ({ profile: '\u0001'.repeat(60), name: '\u0001'.repeat(60), price: 100_000_000 }));
    const importBody = JSON.stringify({ routerId: 1, plans, secrets, anchorDay: 28 });
    expect(contract['billing.importFromRouter'].input.safeParse(JSON.parse(importBody)).success).toBe(true);
    expect(Buffer.byteLength(importBody)).toBeLessThanOrEqual(BODY_LIMITS['billing.importFromRouter']!);
    const fileBody = JSON.stringify({ format: 'xlsx', base64: 'A'.repeat(14_000_000) });
    expect(contract['customers.import'].input.safeParse(JSON.parse(fileBody)).success).toBe(true);
    expect(Buffer.byteLength(fileBody)).toBeLessThanOrEqual(BODY_LIMITS['customers.import']!);
    const template = JSON.stringify({ name: 'A4', paper: 'A4', columns: 4, html: '\u0001'.repeat(100_000), css: '\u0001'.repeat(100_000) });
    expect(Buffer.byteLength(template)).toBeLessThanOrEqual(BODY_LIMITS['vouchers.saveTemplate']!);
  });
});

describe('dates the engine cannot handle are refused by the schema (400), never a 5xx', () => {
  it.each(['0000-01-01', '9999-12-31', '1899-12-31', '2100-01-01'])('%s', async (date) => {
    core = await startCore({ now: new TestClock().now });
    const owner = await setupOffice(core);
    const calls = [
      owner.try('subscriptions.create', { customerId: 1, planId: 1, routerId: 1, username: 'pel001', password: 'rahasia1', installDate: date }),
      owner.try('payments.list', { from: date }),
      owner.try('subscriptions.promise', { id: 1, until: date }),
      owner.try('subscriptions.activate', { id: 1, date }),
      owner.try('billing.revenue', { from: `${date.slice(0, 7)}`, to: `${date.slice(0, 7)}` }),
      owner.try('vouchers.sales', { from: date, to: date }),
    ];
    for (const r of await Promise.all(calls)) {
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.error.code).not.toBe('internal');
      expect(httpStatusOf(r.error.code)).toBeLessThan(500);
    }
    for (const [method, input, field] of [
      ['subscriptions.create', { customerId: 1, planId: 1, routerId: 1, username: 'pel001', password: 'rahasia1', installDate: date }, 'installDate'],
      ['payments.list', { from: date }, 'from'],
      ['subscriptions.promise', { id: 1, until: date }, 'until'],
      ['vouchers.sales', { from: date, to: date }, 'from'],
      ['billing.revenue', { from: date.slice(0, 7), to: date.slice(0, 7) }, 'from'],
    ] as const) {
      const e = await owner.fail(method, input as never);
      expect(e.code, method).toBe('validation');
      expect(e.details?.issues?.map((i) => i.path.join('.')), method).toContain(field);
    }
  });

  it('dates inside the bounds still pass the schema', async () => {
    core = await startCore({ now: new TestClock().now });
    const owner = await setupOffice(core);
    expect(await owner.call('payments.list', { from: '2000-01-01', to: '2099-12-31' })).toMatchObject({ total: 0 });
    expect((await owner.call('billing.revenue', { from: '2026-01', to: '2026-12' })).months).toHaveLength(12);
    // A subscription for a customer that does not exist fails on the customer, not on the date.
    const e = await owner.fail('subscriptions.create', { customerId: 999, planId: 1, routerId: 1, username: 'pel001', password: 'rahasia1', installDate: '2026-11-01' });
    expect(e.details?.issues?.map((i) => i.path.join('.')) ?? []).not.toContain('installDate');
  });
});

describe('voucher durations are bounded to what the expiry code handles', () => {
  it('the schema takes 1 s up to 3650 days and refuses 16-digit or zero durations', () => {
    for (const ok of ['1s', '3h', '1d', '30d', '1w2d3h4m5s', '3650d', '521w3d']) expect(durationSchema.safeParse(ok).success, ok).toBe(true);
    for (const bad of ['9999999999999999d', '9999999999999999', '3651d', '522w', '87601h', '0s', '0d0h', '', '1x', `${'9'.repeat(400)}s`]) {
      expect(durationSchema.safeParse(bad).success, bad).toBe(false);
    }
  });

  it('the parser refuses (a validation error) what it cannot turn into an expiry, and a stored legacy value is read as the longest', () => {
    expect(voucherSeconds('1d')).toBe(86_400);
    expect(voucherSeconds('3650d')).toBe(MAX_DURATION_SECONDS);
    for (const bad of ['9999999999999999d', '3651d', '0s', 'nonsense']) {
      expect(() => voucherSeconds(bad), bad).toThrow(expect.objectContaining({ code: 'validation' }));
    }
    expect(storedValiditySeconds(86_400)).toBe(86_400);
    expect(storedValiditySeconds(8.64e20)).toBe(MAX_DURATION_SECONDS);
    expect(storedValiditySeconds(Number.POSITIVE_INFINITY)).toBe(MAX_DURATION_SECONDS);
    expect(storedValiditySeconds(null)).toBe(0);
  });

  it('profiles and extensions with a 16-digit duration get a validation error; a legacy profile still records first logins', async () => {
    w = await voucherWorld({ http: true });
    const profile = { routerId: w.routerId, name: '10 Tahun', profileName: '10tahun', price: 4000, sellingPrice: 5000 };
    for (const validity of ['9999999999999999d', '3651d']) {
      expect((await w.owner.fail('vouchers.createProfile', { ...profile, validity })).code).toBe('validation');
    }
    expect((await w.owner.fail('vouchers.createProfile', { ...profile, validity: '1d', timeLimit: '9999999999999999h' })).code).toBe('validation');
    expect((await w.owner.call('vouchers.createProfile', { ...profile, validity: '3650d' })).validitySeconds).toBe(MAX_DURATION_SECONDS);

    await w.owner.call('settings.update', { group: 'vouchers', value: { reportUrl: 'http://192.168.88.10:8090', loginUrl: '' } });
    await w.core.outbox.idle();
    const batch = await w.owner.call('vouchers.generate', { profileId: w.profileId, quantity: 2 });
    await w.core.vouchers.pusher.idle();
    const [v1, v2] = (await w.owner.call('vouchers.list', { batchId: batch.id })).items;
    // A profile saved before durations were bounded: 16 digits of days.
    await w.core.db.manager.query('UPDATE voucher_profiles SET validity_seconds = ? WHERE id = ?', [9_999_999_999_999_998 * 86_400, w.profileId]);
    const [{ hotspot_token: token }] = (await w.core.db.manager.query('SELECT hotspot_token FROM routers WHERE id = ?', [w.routerId])) as [{ hotspot_token: string }];
    const res = await fetch(`${w.core.url}/hotspot/login?r=${w.routerId}&t=${token}&u=${v1!.username}&m=02:00:00:00:02:09`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('first-login');
    const seen = await w.owner.call('vouchers.lookup', { code: v1!.username });
    expect(seen).toMatchObject({ state: 'active', firstLoginAt: '2026-11-25T03:00:00.000Z' });
    expect(new Date(seen!.expiresAt!).getTime() - new Date(seen!.firstLoginAt!).getTime()).toBe(MAX_DURATION_SECONDS * 1000);
    // The polling job meets the same profile without failing.
    w.sim.state.login('/ip/hotspot/active', { user: v2!.username, uptime: '5m', 'mac-address': '02:00:00:00:02:01' });
    expect(await w.core.vouchers.watch()).toMatchObject({ firstLogins: 1 });

    expect((await w.owner.fail('vouchers.extend', { id: v1!.id, by: '9999999999999999d' })).code).toBe('validation');
    expect((await w.owner.call('vouchers.extend', { id: v1!.id, by: '1d' })).state).toBe('active');
  });
});

describe('spreadsheet exports neutralise formulas (OWASP CSV injection)', () => {
  it('prefixes text cells starting with = + - @ tab or CR; numbers (negative too) stay numbers', () => {
    expect(safeRow(['=HYPERLINK("http://x","y")', '+A1', '-2+3', '@SUM(A1)', '\tx', '\rx', '＝1', 'Siti', '', 'a=b', -5000, 0, 12.5, null])).toEqual([
      `'=HYPERLINK("http://x","y")`,
      "'+A1",
      "'-2+3",
      "'@SUM(A1)",
      "'\tx",
      "'\rx",
      "'＝1",
      'Siti',
      '',
      'a=b',
      -5000,
      0,
      12.5,
      null,
    ]);
    // Phone numbers and plain signed numbers cannot call or reference anything: left as they are.
    for (const plain of ['+6281234567890', '+62 812-3456-7890', '-5000', '-12.5']) expect(safeCell(plain), plain).toBe(plain);
    for (const formula of ['-1+A1', '+62 812 CALL()', '=1', '-A1', '+cmd|x']) expect(safeCell(formula), formula).toBe(`'${formula}`);
  });

  it('customers export (CSV and XLSX): formula text neutralised, negative balances still numbers', async () => {
    core = await startCore({ now: new TestClock().now });
    const owner = await setupOffice(core);
    const c = await owner.call('customers.create', { name: '=HYPERLINK("http://evil.example","klik")', address: '@SUM(1+1)', area: '+62 RT 05', notes: '' });
    await owner.call('billing.adjust', { customerId: c.id, amount: 25_000, reason: 'biaya pasang' });
    await owner.call('billing.adjust', { customerId: c.id, amount: -75_000, reason: 'kredit awal' });
    const balance = (await owner.call('customers.list', {})).items[0]!.balance;
    expect(balance).not.toBe(0);

    const csv = await owner.call('customers.export', { format: 'csv' });
    const text = Buffer.from(csv.base64, 'base64').toString('utf8').replace(/^\ufeff/, '');
    const rows = Papa.parse<string[]>(text.trim()).data;
    expect(rows[1]!.slice(1, 6)).toEqual([`'=HYPERLINK("http://evil.example","klik")`, '', '', "'@SUM(1+1)", "'+62 RT 05"]);
    expect(rows[1]![9]).toBe(String(balance));

    const xlsx = await owner.call('customers.export', { format: 'xlsx' });
    const wb = new ExcelJS.Workbook();
    const bytes = Buffer.from(xlsx.base64, 'base64');
    await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    const row = wb.worksheets[0]!.getRow(2);
    expect(row.getCell(2).value).toBe(`'=HYPERLINK("http://evil.example","klik")`);
    expect(row.getCell(2).formula).toBeUndefined();
    expect(row.getCell(5).value).toBe("'@SUM(1+1)");
    expect(row.getCell(10).value).toBe(balance);
    expect(typeof row.getCell(10).value).toBe('number');
  });

  it('voucher sales and revenue report exports (renderer, CSV and XLSX) neutralise text cells and keep numbers', async () => {
    // A renderer module (DOM types): loaded by path so the main tsconfig does not type-check it without them.
    const path = '../../renderer/src/screens/vouchers/salesExport';
    type Sheet = { name: string; title: string; header: string[]; rows: (string | number)[][]; moneyColumns: number[] };
    const { exportCsv, exportXlsx } = (await import(path)) as { exportCsv(d: Sheet): string; exportXlsx(d: Sheet): Promise<string> };
    const blobs: Blob[] = [];
    const createObjectURL = vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => (blobs.push(b as Blob), 'blob:test'));
    const revoke = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    vi.stubGlobal('document', { createElement: () => ({ click() {}, remove() {}, style: {} }), body: { appendChild() {} } });
    try {
      const d = { name: 'penjualan', title: 'Penjualan', header: ['Outlet', 'Jumlah', 'Nilai'], rows: [['=cmd|"/c calc"!A1', 3, -15000], ['Warung Bu Sri', 1, 5000]], moneyColumns: [2] };
      exportCsv(d);
      const csvRows = Papa.parse<string[]>((await blobs[0]!.text()).replace(/^\ufeff/, '').trim()).data;
      expect(csvRows[1]).toEqual([`'=cmd|"/c calc"!A1`, '3', '-15000']);
      await exportXlsx(d);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(await blobs[1]!.arrayBuffer());
      const row = wb.worksheets[0]!.getRow(2);
      expect([row.getCell(1).value, row.getCell(2).value, row.getCell(3).value]).toEqual([`'=cmd|"/c calc"!A1`, 3, -15000]);
    } finally {
      createObjectURL.mockRestore();
      revoke.mockRestore();
      vi.unstubAllGlobals();
    }
  });
});
