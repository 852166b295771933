import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/app';
import { setupOffice, startCore } from '../support/core';

let core: Core;
afterEach(async () => core?.close());

describe('audit log', () => {
  it('records who, when, what and a summary of every mutating call, without secrets', async () => {
    core = await startCore();
    const owner = await setupOffice(core);
    await owner.call('users.create', { username: 'kasir1', fullName: 'Siti Kasir', role: 'cashier', password: 'kasir-pass-1' });
    await owner.call('settings.update', { group: 'backup', value: { keep: 3, hour: 4 } });
    await owner.call('users.list', {}); // reads are not audited
    const page = await owner.call('audit.list', {});
    expect(page.items.map((a) => a.method)).toEqual(['settings.update', 'users.create', 'setup.complete']);
    const created = page.items[1]!;
    expect(created).toMatchObject({
      username: 'budi',
      userId: 1,
      transport: 'ipc',
      summary: 'Created user kasir1 (cashier)',
      summaryKey: 'users.created',
      summaryParams: { username: 'kasir1', role: 'cashier' },
    });
    expect(created.details?.input).toMatchObject({ username: 'kasir1', password: '[redacted]' });
    expect(JSON.stringify(page.items)).not.toContain('kasir-pass-1');
    expect(page.items[0]).toMatchObject({ summary: 'Changed the backup settings', summaryKey: 'settings.changed', details: { changed: ['keep', 'hour'] } });
  });

  it('filters by user, method prefix, text and date, with pagination', async () => {
    core = await startCore();
    const owner = await setupOffice(core);
    for (let i = 0; i < 7; i++) await owner.call('users.create', { username: `user${i}`, fullName: `User ${i}`, role: 'collector', password: 'pass-word-1' });
    expect((await owner.call('audit.list', { method: 'users.' })).total).toBe(7);
    expect((await owner.call('audit.list', { method: 'users.create', search: 'user3' })).items.map((a) => a.summary)).toEqual(['Created user user3 (collector)']);
    const p2 = await owner.call('audit.list', { page: 2, pageSize: 3 });
    expect(p2).toMatchObject({ total: 8, page: 2, pageSize: 3 });
    expect(p2.items).toHaveLength(3);
    expect((await owner.call('audit.list', { userId: 1 })).total).toBe(8);
    expect((await owner.call('audit.list', { from: '2099-01-01T00:00:00Z' })).total).toBe(0);
    // Beyond what the app handles: refused by the schema, not a 5xx.
    expect((await owner.fail('audit.list', { from: '2999-01-01T00:00:00Z' })).code).toBe('validation');
    // Names inside the summary's params are searchable too (the office name of the setup entry).
    expect((await owner.call('audit.list', { search: 'rt05' })).items.map((a) => a.method)).toEqual(['setup.complete']);
    expect(await owner.call('audit.methods', {})).toEqual(['setup.complete', 'users.create']);
  });

  it('cannot be edited or deleted, not even with SQL', async () => {
    core = await startCore();
    await setupOffice(core);
    await expect(core.db.write((em) => em.query("UPDATE audit_log SET summary = 'x'"))).rejects.toThrow(/append-only/);
    await expect(core.db.write((em) => em.query('DELETE FROM audit_log'))).rejects.toThrow(/append-only/);
    const rows: { n: number }[] = await core.db.manager.query('SELECT count(*) AS n FROM audit_log');
    expect(rows[0]!.n).toBe(1);
  });

  it('a failed mutation leaves no trace but the error', async () => {
    core = await startCore();
    const owner = await setupOffice(core);
    await owner.fail('users.update', { id: 99, fullName: 'Nobody', role: 'cashier' });
    expect((await owner.call('audit.list', {})).total).toBe(1);
  });
});
