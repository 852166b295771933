import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restWorld, type RestWorld } from './rest-world';

let w: RestWorld;
beforeAll(async () => {
  w = await restWorld();
}, 60_000);
afterAll(async () => w?.close());

const rows = <T>(sql: string, params: unknown[] = []) => w.core.db.manager.query(sql, params) as Promise<T[]>;

describe('API keys', () => {
  it('are shown once as mbk_ + 32 base62 characters, stored as SHA-256, listed by prefix and last 4', async () => {
    const r = await w.owner.call('apiKeys.create', { name: 'Website', scopes: ['customers.read', 'billing.read'] });
    expect(r.token).toMatch(/^mbk_[0-9A-Za-z]{32}$/);
    expect(r.key).toMatchObject({ name: 'Website', prefix: r.token.slice(0, 8), last4: r.token.slice(-4), scopes: ['customers.read', 'billing.read'], allowIps: [], expiresAt: null, state: 'active', lastUsedAt: null });
    const [stored] = await rows<Record<string, unknown>>('SELECT * FROM api_keys WHERE id = ?', [r.key.id]);
    expect(stored!.key_sha256).toBe(createHash('sha256').update(r.token).digest('hex'));
    expect(JSON.stringify(stored)).not.toContain(r.token);
    const listed = await w.owner.call('apiKeys.list', {});
    expect(JSON.stringify(listed)).not.toContain(r.token);
    expect(listed.find((k) => k.id === r.key.id)?.createdBy?.name).toBe('Budi Santoso');
    // Two keys never share a body.
    const other = await w.owner.call('apiKeys.create', { name: 'Other', scopes: ['customers.read'] });
    expect(other.token).not.toBe(r.token);
  });

  it('only owner/admin manage keys; scopes must be permissions, expiry in the future, allowlist addresses', async () => {
    const cashier = await w.user('cashier', 'kasir1');
    expect((await cashier.fail('apiKeys.create', { name: 'x', scopes: ['customers.read'] })).code).toBe('forbidden');
    expect((await cashier.fail('apiKeys.list', {})).code).toBe('forbidden');
    expect((await w.owner.fail('apiKeys.create', { name: 'x', scopes: ['customers.fly' as 'customers.read'] })).code).toBe('validation');
    expect((await w.owner.fail('apiKeys.create', { name: 'x', scopes: [] })).code).toBe('validation');
    const past = await w.owner.fail('apiKeys.create', { name: 'x', scopes: ['customers.read'], expiresAt: '2026-11-24T00:00:00Z' });
    expect(past.details?.issues?.[0]?.path).toEqual(['expiresAt']);
    const bad = await w.owner.fail('apiKeys.create', { name: 'x', scopes: ['customers.read'], allowIps: ['10.0.0.1', '300.1.1.1'] });
    expect(bad.details?.issues?.[0]?.path).toEqual(['allowIps', 1]);
    const ok = await w.owner.call('apiKeys.create', { name: 'Range', scopes: ['customers.read'], allowIps: ['192.168.1.7/24', '::ffff:10.1.2.3', '10.1.2.3'] });
    expect(ok.key.allowIps).toEqual(['192.168.1.0/24', '10.1.2.3']);
  });

  it('a key acts as its user with its scopes only; the audit entry names the key', async () => {
    const { id, token } = await w.key({ name: 'Kasir bot', scopes: ['customers.read'] });
    const list = await w.rest('GET', '/customers', { key: token });
    expect(list.status).toBe(200);
    expect((list.json.data as { id: number }[]).map((c) => c.id)).toContain(w.customerId);
    // customers.manage is the owner's, but not the key's.
    const denied = await w.rest('POST', '/customers', { key: token, body: { name: 'Budi Rahman' } });
    expect(denied.status).toBe(403);
    expect(denied.json.error).toMatchObject({ code: 'forbidden', details: { permission: 'customers.manage', apiKeyScope: true } });

    const writer = await w.key({ name: 'CRM sync', scopes: ['customers.read', 'customers.manage'] });
    const created = await w.rest('POST', '/customers', { key: writer.token, body: { name: 'Budi Rahman', area: 'RT06' } });
    expect(created.status).toBe(201);
    const [audit] = await rows<{ user_id: number; transport: string; details: string; ip: string }>("SELECT * FROM audit_log WHERE method = 'customers.create' ORDER BY id DESC LIMIT 1");
    expect(audit!.transport).toBe('rest');
    expect(audit!.ip).toBe('127.0.0.1');
    const ownerId = (await w.owner.call('auth.state', {})).session!.user.id;
    expect(audit!.user_id).toBe(ownerId);
    expect(JSON.parse(audit!.details).apiKey).toEqual({ id: writer.id, name: 'CRM sync' });
    // Last use is recorded (time and address).
    const k = (await w.owner.call('apiKeys.list', {})).find((x) => x.id === id)!;
    expect(k.lastUsedAt).toBe(w.clock.now().toISOString());
    expect(k.lastUsedIp).toBe('127.0.0.1');
  });

  it("a key never exceeds its user's current role", async () => {
    const admin = await w.user('admin', 'admin1');
    const { token } = await w.key({ name: 'Admin key', scopes: ['customers.read', 'billing.manage'] }, admin);
    expect((await w.rest('POST', '/plans', { key: token, body: { name: 'Paket 5M', price: 100_000, profileName: 'pk-5M' } })).status).toBe(201);
    const adminId = (await admin.call('auth.state', {})).session!.user.id;
    await w.owner.call('users.update', { id: adminId, fullName: 'User admin1', role: 'cashier' });
    const r = await w.rest('POST', '/plans', { key: token, body: { name: 'Paket 6M', price: 100_000, profileName: 'pk-6M' } });
    expect(r.status).toBe(403);
    expect(r.json.error).toMatchObject({ code: 'forbidden', details: { permission: 'billing.manage' } });
    // A disabled user's keys stop working.
    await w.owner.call('users.setStatus', { id: adminId, status: 'disabled' });
    const off = await w.rest('GET', '/customers', { key: token });
    expect(off.status).toBe(403);
    expect(off.json.error?.details?.reason).toBe('api_key_user_disabled');
  });

  it('expired, revoked, unknown, missing and query-string keys are refused with 401', async () => {
    const soon = new Date(w.clock.now().getTime() + 3_600_000).toISOString();
    const exp = await w.key({ name: 'Short', expiresAt: soon });
    expect((await w.rest('GET', '/customers', { key: exp.token })).status).toBe(200);
    w.clock.advance(2 * 3_600_000);
    const expired = await w.rest('GET', '/customers', { key: exp.token });
    expect(expired.status).toBe(401);
    expect(expired.json.error).toMatchObject({ code: 'unauthenticated', details: { reason: 'api_key_expired' } });
    expect((await w.owner.call('apiKeys.list', {})).find((k) => k.id === exp.id)?.state).toBe('expired');

    const rev = await w.key({ name: 'To revoke' });
    expect((await w.rest('GET', '/customers', { key: rev.token })).status).toBe(200);
    expect((await w.owner.call('apiKeys.revoke', { id: rev.id })).state).toBe('revoked');
    const revoked = await w.rest('GET', '/customers', { key: rev.token });
    expect(revoked.status).toBe(401);
    expect(revoked.json.error?.details?.reason).toBe('api_key_revoked');
    const [audit] = await rows<{ summary: string }>("SELECT summary FROM audit_log WHERE method = 'apiKeys.revoke' ORDER BY id DESC LIMIT 1");
    expect(audit!.summary).toBe('Revoked API key To revoke');

    const unknown = await w.rest('GET', '/customers', { key: `mbk_${'A'.repeat(32)}` });
    expect(unknown.status).toBe(401);
    expect(unknown.headers.get('www-authenticate')).toContain('Bearer');
    expect((await w.rest('GET', '/customers', { key: 'ghp_whatever' })).status).toBe(401);
    const missing = await w.rest('GET', '/customers');
    expect(missing.status).toBe(401);
    expect(missing.json.error).toMatchObject({ code: 'unauthenticated', details: { reason: 'api_key_missing' } });
    const inQuery = await w.rest('GET', `/customers?api_key=${rev.token}`);
    expect(inQuery.status).toBe(401);
    expect(inQuery.json.error?.details?.reason).toBe('key_in_query');
    // A staff session cookie is not an API credential.
    expect((await w.rest('GET', '/customers', { headers: { cookie: 'mb_session=abc' } })).status).toBe(401);
  });

  it('the IP allowlist: other addresses get 403', async () => {
    const far = await w.key({ name: 'Far', allowIps: ['10.0.0.0/8'] });
    const r = await w.rest('GET', '/customers', { key: far.token });
    expect(r.status).toBe(403);
    expect(r.json.error).toMatchObject({ code: 'forbidden', details: { reason: 'ip_not_allowed', ip: '127.0.0.1' } });
    const near = await w.key({ name: 'Near', allowIps: ['10.0.0.0/8', '127.0.0.1'] });
    expect((await w.rest('GET', '/customers', { key: near.token })).status).toBe(200);
    const v6 = await w.key({ name: 'Mapped', allowIps: ['127.0.0.0/24'] });
    expect((await w.rest('GET', '/customers', { key: v6.token })).status).toBe(200);
  });
});
