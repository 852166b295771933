import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openApiDocument } from '../../main/http/openapi';
import { contract } from '../../shared/contract';
import { REST_ROUTES, pathParams } from '../../shared/contract/rest';
import { startCore } from '../support/core';
import type { Core } from '../../main/app/app';

/**
 * The OpenAPI document is generated from the contract: every exposed method is in it at its route, and its request
 * (path + query parameters, or path parameters + JSON body) is exactly the zod input's JSON Schema — computed here
 * independently with z.toJSONSchema. A route missing from the document, or a schema that drifted, fails.
 */

type Schema = { properties?: Record<string, unknown>; required?: string[]; [k: string]: unknown };
type Operation = { operationId: string; parameters: { name: string; in: string; required: boolean; schema: unknown }[]; requestBody?: { content: { 'application/json': { schema: Schema } } }; 'x-permission': string };

const expected = (m: keyof typeof contract): Schema => {
  const { $schema: _s, ...rest } = z.toJSONSchema(contract[m].input as z.ZodType, { io: 'input', unrepresentable: 'any' }) as Schema;
  return rest;
};

let core: Core;
let doc: { openapi: string; paths: Record<string, Record<string, Operation>>; components: { securitySchemes: Record<string, unknown> } };
beforeAll(async () => {
  core = await startCore({ http: { enabled: true, port: 0, host: '127.0.0.1' } });
  const res = await fetch(`${core.url}/api/v1/openapi.json`);
  expect(res.status).toBe(200);
  doc = (await res.json()) as typeof doc;
}, 60_000);
afterAll(async () => core?.close());

describe('OpenAPI 3.1 from the contract', () => {
  it('is served without a key, 3.1, with the bearer scheme', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    // The served document is the generated one.
    expect(doc).toEqual(JSON.parse(JSON.stringify(openApiDocument('0.0.0-test'))));
  });

  it.each(REST_ROUTES.map((r) => [`${r.verb} ${r.path}`, r] as const))('%s matches its zod input', (_label, route) => {
    const op = doc.paths[route.path]?.[route.verb.toLowerCase()];
    expect(op, 'missing from the document').toBeDefined();
    expect(op!.operationId).toBe(route.method);
    expect(op!['x-permission']).toBe(contract[route.method].access);
    const want = expected(route.method);
    const props = want.properties ?? {};
    const required = new Set(want.required ?? []);
    // Put the request back together from the document: parameters + body.
    const got: Record<string, unknown> = {};
    const gotRequired = new Set<string>();
    const inPath = pathParams(route.path);
    for (const p of op!.parameters) {
      if (p.in === 'header') continue;
      if (route.list === 'paged' && (p.name === 'limit' || p.name === 'cursor')) continue;
      expect(p.in).toBe(inPath.includes(p.name) ? 'path' : 'query');
      got[p.name] = p.schema;
      if (p.required) gotRequired.add(p.name);
    }
    const body = op!.requestBody?.content['application/json'].schema;
    if (body) {
      const { properties, required: req, ...rest } = body;
      const { properties: _p, required: _r, ...wantRest } = want;
      expect(rest).toEqual(wantRest);
      Object.assign(got, properties ?? {});
      for (const k of req ?? []) gotRequired.add(k);
    }
    const wantProps = Object.fromEntries(Object.entries(props).filter(([k]) => !(route.list === 'paged' && (k === 'page' || k === 'pageSize'))));
    expect(got).toEqual(wantProps);
    expect([...gotRequired].sort()).toEqual([...required].filter((k) => k in wantProps).sort());
    // A POST documents the Idempotency-Key header.
    expect(op!.parameters.some((p) => p.in === 'header' && p.name === 'Idempotency-Key')).toBe(route.verb === 'POST');
  });

  it('has no operation the table does not have', () => {
    const ops = Object.values(doc.paths).flatMap((p) => Object.values(p).map((o) => o.operationId));
    expect(ops.sort()).toEqual(REST_ROUTES.map((r) => r.method).sort());
  });

  it('interactive docs at /api/docs come from this PC (swagger-ui-dist), under the staff CSP without inline scripts', async () => {
    const page = await fetch(`${core.url}/api/docs`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('/api/docs/swagger-ui-bundle.js');
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script>(?!<\/script>)/);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    for (const f of ['swagger-ui-bundle.js', 'swagger-ui.css', 'init.js']) {
      const r = await fetch(`${core.url}/api/docs/${f}`);
      expect(r.status, f).toBe(200);
      expect((await r.arrayBuffer()).byteLength, f).toBeGreaterThan(50);
    }
    expect((await fetch(`${core.url}/api/docs/../package.json`)).status).not.toBe(200);
  });
});
