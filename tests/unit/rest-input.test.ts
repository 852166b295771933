import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { contract } from '../../shared/contract';
import { REST_ROUTES, pathParams, type RestRoute } from '../../shared/contract/rest';
import { PERMISSIONS } from '../../shared/permissions';
import { restWorld, type RestAnswer, type RestWorld } from './rest-world';

/**
 * Bad input on every REST route — wrong types, unknown fields, huge bodies, broken JSON — is a 4xx with the app's
 * error shape, never a 5xx, and changes nothing.
 */

type Schema = { type?: string | string[]; properties?: Record<string, Schema>; anyOf?: Schema[]; enum?: unknown[]; const?: unknown };

let w: RestWorld;
let token: string;
beforeAll(async () => {
  w = await restWorld({ restLimits: { perKeyPerMinute: 1_000_000, authFailuresPerMinute: 1_000_000 } });
  token = (await w.key({ name: 'fuzz', scopes: [...PERMISSIONS] })).token;
}, 60_000);
afterAll(async () => w?.close());

const fourXX = (r: RestAnswer, label: string) => {
  expect(r.status, `${label}: ${JSON.stringify(r.json).slice(0, 300)}`).toBeGreaterThanOrEqual(400);
  expect(r.status, label).toBeLessThan(500);
  expect(typeof r.json.error?.code, label).toBe('string');
  expect(typeof r.json.error?.message, label).toBe('string');
};

const typesOf = (s: Schema): string[] => [...(typeof s.type === 'string' ? [s.type] : (s.type ?? [])), ...(s.anyOf ?? []).flatMap(typesOf), ...(s.enum ? ['enum'] : []), ...('const' in s ? ['enum'] : [])];

/** A value of a type the field does not take. */
function wrong(s: Schema): unknown {
  const t = typesOf(s);
  if (t.includes('string') || t.includes('enum')) return t.includes('object') ? 12 : { not: 'a string' };
  if (t.includes('integer') || t.includes('number')) return 'twelve';
  if (t.includes('boolean')) return 'yes';
  if (t.includes('array')) return 'not-a-list';
  if (t.includes('object')) return 5;
  return undefined;
}
/** A query-string text the field cannot take. */
function wrongText(s: Schema): string | null {
  const t = typesOf(s);
  if (t.includes('string') && !t.includes('enum')) return null; // any text is a string
  if (t.includes('integer') || t.includes('number')) return 'twelve';
  if (t.includes('boolean')) return 'maybe';
  if (t.includes('enum')) return 'zzz-not-one';
  if (t.includes('array')) return 'x';
  return null;
}

const schemaOf = (r: RestRoute) => z.toJSONSchema(contract[r.method].input as z.ZodType, { io: 'input', unrepresentable: 'any' }) as Schema;
const urlOf = (r: RestRoute, id: string | number = 1) => r.path.replace(/\{\w+\}/g, String(id));

async function auditCount(): Promise<number> {
  return ((await w.core.db.manager.query('SELECT count(*) AS n FROM audit_log')) as { n: number }[])[0]!.n;
}

describe('bad input on every route: 4xx with the error shape, no 5xx, nothing written', () => {
  it.each(REST_ROUTES.map((r) => [`${r.verb} ${r.path}`, r] as const))('%s', async (_label, route) => {
    const before = await auditCount();
    const schema = schemaOf(route);
    const props = schema.properties ?? {};
    const inPath = pathParams(route.path);
    const body = route.verb === 'POST' || route.verb === 'PATCH';

    // A path parameter that is not a number, a negative one, a huge one.
    if (inPath.length > 0) for (const bad of ['abc', '-1', '1.5', '99999999999999999999']) fourXX(await w.rest(route.verb, urlOf(route, bad), { key: token, ...(body ? { body: {} } : {}) }), `${route.method} path ${bad}`);

    if (body) {
      // Unknown fields, at the top and (where the schema has objects) inside.
      const unknown = await w.rest(route.verb, urlOf(route), { key: token, body: { zzUnknown: 1 } });
      fourXX(unknown, `${route.method} unknown field`);
      expect(unknown.json.error?.details?.issues).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'unrecognized_keys' })]));
      // Each field with a wrong type.
      for (const [k, s] of Object.entries(props)) {
        if (inPath.includes(k)) continue;
        const v = wrong(s);
        if (v === undefined) continue;
        fourXX(await w.rest(route.verb, urlOf(route), { key: token, body: { [k]: v } }), `${route.method} ${k}=${JSON.stringify(v)}`);
      }
      // Not an object, not JSON, not declared as JSON, 2 MB.
      for (const raw of ['[]', 'null', '"text"', '42', '{"name":', '\u0000']) fourXX(await w.rest(route.verb, urlOf(route), { key: token, raw }), `${route.method} raw ${JSON.stringify(raw)}`);
      fourXX(await w.rest(route.verb, urlOf(route), { key: token, raw: '{}', contentType: 'text/plain' }), `${route.method} text/plain`);
      const huge = await w.rest(route.verb, urlOf(route), { key: token, raw: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }) });
      fourXX(huge, `${route.method} 2 MB`);
      // A query string on a body route is refused, not ignored.
      fourXX(await w.rest(route.verb, `${urlOf(route)}?name=x`, { key: token, body: {} }), `${route.method} query on a body route`);
    } else {
      const unknown = await w.rest(route.verb, `${urlOf(route)}?zzUnknown=1`, { key: token });
      fourXX(unknown, `${route.method} unknown query`);
      for (const [k, s] of Object.entries(props)) {
        if (inPath.includes(k)) continue;
        const text = wrongText(s);
        if (text === null) continue;
        fourXX(await w.rest(route.verb, `${urlOf(route)}?${k}=${encodeURIComponent(text)}`, { key: token }), `${route.method} ?${k}=${text}`);
      }
      fourXX(await w.rest(route.verb, urlOf(route), { key: token, raw: '{"a":1}' }), `${route.method} with a body`);
    }
    // Another verb on the route's path.
    fourXX(await w.rest('PUT', urlOf(route), { key: token }), `${route.method} PUT`);
    expect(await auditCount(), `${route.method} wrote an audit entry`).toBe(before);
  });

  it('unknown routes and unknown nested fields', async () => {
    fourXX(await w.rest('GET', '/nothing-here', { key: token }), 'unknown route');
    fourXX(await w.rest('GET', '/nothing-here'), 'unknown route without a key');
    const nested = await w.rest('POST', '/tickets', { key: token, body: { customerId: w.customerId, category: 'slow', text: 'Lambat sekali', photo: { mime: 'image/png', base64: 'AAAA', extra: true } } });
    fourXX(nested, "nested unknown");
    expect(nested.json.error?.details?.issues?.[0]).toMatchObject({ path: ['photo'], code: 'unrecognized_keys' });
    // A prototype key is a field like any other: refused.
    const proto = await w.rest('POST', '/customers', { key: token, raw: '{"name":"Siti Proto","__proto__":{"isAdmin":true}}' });
    fourXX(proto, 'proto');
    expect(proto.json.error?.details?.issues?.[0]).toMatchObject({ code: 'unrecognized_keys', params: { keys: ['__proto__'] } });
    // A body id that disagrees with the path.
    const clash = await w.rest('PATCH', `/customers/${w.customerId}`, { key: token, body: { id: w.customerId + 1, name: 'Siti Aminah' } });
    fourXX(clash, 'id clash');
  });
});

describe('rate limit per key', () => {
  let lw: RestWorld;
  afterAll(async () => lw?.close());
  it('429 with Retry-After and draft-8 RateLimit headers; other keys are not held up', async () => {
    lw = await restWorld({ restLimits: { perKeyPerMinute: 5 } });
    const a = await lw.key({ name: 'busy' });
    const b = await lw.key({ name: 'quiet' });
    const answers: RestAnswer[] = [];
    for (let i = 0; i < 6; i++) answers.push(await lw.rest('GET', '/customers', { key: a.token }));
    expect(answers.slice(0, 5).map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(answers[0]!.headers.get('ratelimit-policy')).toMatch(/^"per-key"; q=5; w=60/);
    expect(answers[0]!.headers.get('ratelimit')).toMatch(/^"per-key"; r=4; t=\d+/);
    const limited = answers[5]!;
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.json.error).toMatchObject({ code: 'rate_limited', details: { retryAfterSeconds: 60 } });
    expect((await lw.rest('GET', '/customers', { key: b.token })).status).toBe(200);
  }, 60_000);
});
