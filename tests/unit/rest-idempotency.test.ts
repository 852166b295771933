import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprintOf } from '../../main/http/rest';
import { REST_ROUTES } from '../../shared/contract/rest';
import { restWorld, type RestWorld } from './rest-world';

let w: RestWorld;
let key: { id: number; token: string };
beforeAll(async () => {
  w = await restWorld();
  key = await w.key({ name: 'Shop', scopes: ['customers.read', 'customers.manage', 'payments.collect'] });
}, 60_000);
afterAll(async () => w?.close());

const count = async (name: string) => ((await w.core.db.manager.query('SELECT count(*) AS n FROM customers WHERE name = ?', [name])) as { n: number }[])[0]!.n;

describe('Idempotency-Key on POST', () => {
  it('the same key and body replays the stored response; the work is done once', async () => {
    const headers = { 'idempotency-key': '"8e03978e-40d5-43e8-bc93-6894a57f9324"' };
    const first = await w.rest('POST', '/customers', { key: key.token, body: { name: 'Dewi Lestari' }, headers });
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    // The bare form of the same key (as Stripe clients send it) is the same key.
    const again = await w.rest('POST', '/customers', { key: key.token, body: { name: 'Dewi Lestari' }, headers: { 'idempotency-key': '8e03978e-40d5-43e8-bc93-6894a57f9324' } });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.json).toEqual(first.json);
    expect(await count('Dewi Lestari')).toBe(1);
    // Without a key, a POST is simply done again.
    expect((await w.rest('POST', '/customers', { key: key.token, body: { name: 'Dewi Lestari' } })).status).toBe(201);
    expect(await count('Dewi Lestari')).toBe(2);
  });

  it("a mutation's answer is stored in its own transaction (the effect and its answer commit together)", async () => {
    await w.rest('GET', '/customers', { key: key.token }); // the key's last use is recorded: no write below is that
    const db = w.core.db;
    const write = db.write.bind(db);
    const writes: string[] = [];
    db.write = ((fn: Parameters<typeof db.write>[0]) => {
      writes.push(new Error().stack ?? '');
      return write(fn);
    }) as typeof db.write;
    try {
      const r = await w.rest('POST', '/customers', { key: key.token, body: { name: 'Sari Atomik' }, headers: { 'idempotency-key': 'atomic-0001' } });
      expect(r.status).toBe(201);
    } finally {
      db.write = write;
    }
    // One to claim the key, one for the business change with its audit entry and the stored answer — none after.
    expect(writes).toHaveLength(2);
    const [row] = (await db.manager.query("SELECT status, response FROM api_idempotency WHERE client_key = 'atomic-0001'")) as { status: number; response: string }[];
    expect(row!.status).toBe(201);
    expect(JSON.parse(row!.response).data.name).toBe('Sari Atomik');
  });

  it('the same key with another body → 422; an error answer is replayed too', async () => {
    const headers = { 'idempotency-key': 'pay-0001-abcdef' };
    const body = { customerId: w.customerId, amount: 50_000, method: 'cash' };
    expect((await w.rest('POST', '/payments', { key: key.token, body, headers })).status).toBe(201);
    const other = await w.rest('POST', '/payments', { key: key.token, body: { ...body, amount: 60_000 }, headers });
    expect(other.status).toBe(422);
    expect(other.json.error).toMatchObject({ code: 'idempotency.mismatch' });

    const bad = { 'idempotency-key': 'bad-0001-abcdef' };
    const first = await w.rest('POST', '/customers', { key: key.token, body: { name: 'X' }, headers: bad });
    expect(first.status).toBe(400);
    const replay = await w.rest('POST', '/customers', { key: key.token, body: { name: 'X' }, headers: bad });
    expect(replay.status).toBe(400);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.json).toEqual(first.json);
  });

  it('a retry while the first request still runs → 409', async () => {
    // An in-flight request (claimed, not finished), as the store keeps it while the call runs.
    const at = w.clock.now().toISOString();
    const fingerprint = fingerprintOf(REST_ROUTES.find((r) => r.method === 'customers.create')!, { name: 'Rina Wati' });
    await w.core.db.write((em) =>
      em.query("INSERT INTO api_idempotency (api_key_id, client_key, method, fingerprint, created_at, expires_at) VALUES (?, 'running-key-1', 'customers.create', ?, ?, ?)", [key.id, fingerprint, at, new Date(Date.parse(at) + 86_400_000).toISOString()]),
    );
    const r = await w.rest('POST', '/customers', { key: key.token, body: { name: 'Rina Wati' }, headers: { 'idempotency-key': 'running-key-1' } });
    expect(r.status).toBe(409);
    expect(r.json.error?.code).toBe('idempotency.in_progress');
    expect(await count('Rina Wati')).toBe(0);
    // Another body with that key while it runs is still a reuse: 422.
    expect((await w.rest('POST', '/customers', { key: key.token, body: { name: 'Rina Lain' }, headers: { 'idempotency-key': 'running-key-1' } })).status).toBe(422);
    // A claim left by a crash (still running after 10 minutes) may be taken over.
    w.clock.advance(10 * 60_000);
    expect((await w.rest('POST', '/customers', { key: key.token, body: { name: 'Rina Wati' }, headers: { 'idempotency-key': 'running-key-1' } })).status).toBe(201);
    expect(await count('Rina Wati')).toBe(1);

    // Truly concurrent duplicates: the work is done once, every answer is the result, a replay of it, or 409.
    const headers = { 'idempotency-key': 'concurrent-0001' };
    const answers = await Promise.all(Array.from({ length: 6 }, () => w.rest('POST', '/customers', { key: key.token, body: { name: 'Agus Salim' }, headers })));
    expect(await count('Agus Salim')).toBe(1);
    for (const a of answers) expect([201, 409]).toContain(a.status);
    expect(answers.filter((a) => a.status === 201 && a.headers.get('idempotent-replayed') === null)).toHaveLength(1);
  });

  it('keys are per API key, kept 24 hours, and must be well-formed', async () => {
    const other = await w.key({ name: 'Other shop', scopes: ['customers.manage'] });
    const headers = { 'idempotency-key': 'shared-client-key' };
    expect((await w.rest('POST', '/customers', { key: key.token, body: { name: 'Joko Susilo' }, headers })).status).toBe(201);
    const second = await w.rest('POST', '/customers', { key: other.token, body: { name: 'Joko Susilo' }, headers });
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBeNull();
    expect(await count('Joko Susilo')).toBe(2);

    w.clock.advance(24 * 3_600_000 + 1000);
    const later = await w.rest('POST', '/customers', { key: key.token, body: { name: 'Joko Susilo Baru' }, headers });
    expect(later.status).toBe(201);
    const [old] = (await w.core.db.manager.query("SELECT count(*) AS n FROM api_idempotency WHERE expires_at <= ?", [w.clock.now().toISOString()])) as { n: number }[];
    expect(old!.n).toBe(0);

    for (const bad of ['', '"unterminated', 'with"quote', 'x'.repeat(256), 'tab\there']) {
      const r = await w.rest('POST', '/customers', { key: key.token, body: { name: 'Nobody Here' }, headers: { 'idempotency-key': bad } });
      expect(r.status, JSON.stringify(bad)).toBe(400);
      expect(r.json.error?.code).toBe('validation');
    }
    expect(await count('Nobody Here')).toBe(0);
  });
});
