import { z } from 'zod';
import { contract, type Method } from '../../shared/contract';
import { REST_DEFAULT_LIMIT, REST_MAX_LIMIT, REST_ROUTES, pathParams, type RestRoute } from '../../shared/contract/rest';
import { ERROR_CODES } from '../../shared/errors';

/*
 * The OpenAPI 3.1 document of /api/v1, generated from the REST table and the contract's zod schemas with zod's
 * own JSON Schema converter (z.toJSONSchema, draft 2020-12 — the dialect of OpenAPI 3.1), in "input" mode: what
 * a client sends, before defaults. Nothing here is written by hand per method: a new route or a changed schema
 * changes the document (tests/unit/rest-openapi.test.ts holds the two together).
 */

export type JsonSchema = { [key: string]: unknown; properties?: Record<string, JsonSchema>; required?: string[] };

const cache = new Map<Method, JsonSchema>();

/** The JSON Schema of a method's input as a client sends it. */
export function inputJsonSchema(method: Method): JsonSchema {
  let s = cache.get(method);
  if (!s) {
    const { $schema: _ignored, ...rest } = z.toJSONSchema(contract[method].input as z.ZodType, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
    s = rest;
    cache.set(method, s);
  }
  return s;
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** The input schema without some properties (path parameters, page/pageSize). */
export function withoutProps(schema: JsonSchema, drop: readonly string[]): JsonSchema {
  const s = clone(schema);
  for (const k of drop) delete s.properties?.[k];
  if (s.required) {
    s.required = s.required.filter((k) => !drop.includes(k));
    if (s.required.length === 0) delete s.required;
  }
  return s;
}

/** Fields that travel in the query string: a GET's or DELETE's input, minus path parameters (and page/pageSize of a paged list). */
export function queryFields(route: RestRoute): string[] {
  if (route.verb !== 'GET' && route.verb !== 'DELETE') return [];
  const drop = new Set([...pathParams(route.path), ...(route.list === 'paged' ? ['page', 'pageSize'] : [])]);
  return Object.keys(inputJsonSchema(route.method).properties ?? {}).filter((k) => !drop.has(k));
}

export const IDEMPOTENCY_DOC =
  'Optional on every POST (draft-ietf-httpapi-idempotency-key-header): a unique string per operation (a UUID), sent as a quoted Structured Field string or bare. The same key with the same request replays the stored response (status and body, header Idempotent-Replayed: true) for 24 hours; the same key with another request is refused with 422; a retry while the first request still runs gets 409. Keys are per API key. Responses with status 500 are not stored.';

const errorSchema: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', enum: [...ERROR_CODES] },
        message: { type: 'string' },
        details: { type: 'object', description: 'validation: { issues: [{ path, code, message, params }] }; other codes: what the code says' },
      },
    },
  },
};

const errorResponses = Object.fromEntries(
  [
    ['400', 'Invalid input: wrong types, unknown fields, bad JSON (code validation)'],
    ['401', 'Missing, unknown, expired or revoked API key (code unauthenticated; details.reason)'],
    ['403', "The key's scopes or its user's role do not allow this, or the address is not in the key's allowlist (code forbidden)"],
    ['404', 'No such object (code not_found)'],
    ['409', 'A business rule refused the request, or the Idempotency-Key is in use by a running request'],
    ['413', 'The request body is too large (code too_large)'],
    ['422', 'The Idempotency-Key was used with another request (code idempotency.mismatch)'],
    ['429', 'Too many requests for this key (code rate_limited; headers Retry-After, RateLimit, RateLimit-Policy)'],
  ].map(([status, description]) => [status, { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }]),
);

function okResponse(route: RestRoute): JsonSchema {
  const data = route.list ? { type: 'array', items: {} } : { description: 'The result of the contract method (money in integer rupiah, instants ISO 8601 UTC, dates YYYY-MM-DD)' };
  const properties: Record<string, JsonSchema> = { data };
  if (route.list) properties.nextCursor = { anyOf: [{ type: 'string' }, { type: 'null' }], description: 'Pass as ?cursor= for the next page; null on the last page' };
  if (route.list === 'paged') properties.total = { type: 'integer', description: 'Items matching the filters' };
  return { type: 'object', required: route.list ? ['data', 'nextCursor'] : ['data'], properties };
}

/** Success status of a route: 201 for a POST that creates (a collection path), 200 otherwise. */
export const okStatus = (route: RestRoute): 200 | 201 => (route.verb === 'POST' && !route.path.includes('{') ? 201 : 200);

export function openApiDocument(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of REST_ROUTES) {
    const input = inputJsonSchema(route.method);
    const props = input.properties ?? {};
    const required = new Set(input.required ?? []);
    const params: Record<string, unknown>[] = pathParams(route.path).map((name) => ({ name, in: 'path', required: true, schema: props[name] ?? {} }));
    for (const name of queryFields(route)) params.push({ name, in: 'query', required: required.has(name), schema: props[name] ?? {} });
    if (route.list === 'paged') {
      params.push({ name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: REST_MAX_LIMIT, default: REST_DEFAULT_LIMIT } });
      params.push({ name: 'cursor', in: 'query', required: false, schema: { type: 'string' }, description: 'Opaque; from nextCursor of the previous page (it keeps that page size and is bound to the same filters)' });
    }
    if (route.verb === 'POST') params.push({ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 255 }, description: IDEMPOTENCY_DOC });
    const def = contract[route.method];
    const op: Record<string, unknown> = {
      operationId: route.method,
      tags: [route.tag],
      summary: route.summary,
      description: `Contract method \`${route.method}\`; needs the scope \`${def.access}\`.${def.mutates ? ' Recorded in the audit log with the API key.' : ''}`,
      'x-contract-method': route.method,
      'x-permission': def.access,
      parameters: params,
      responses: { [String(okStatus(route))]: { description: 'OK', content: { 'application/json': { schema: okResponse(route) } } }, ...errorResponses },
    };
    if (route.verb === 'POST' || route.verb === 'PATCH') {
      const body = withoutProps(input, pathParams(route.path));
      // A route whose input is all in the path (an action such as isolate) takes no body.
      if (Object.keys(body.properties ?? {}).length > 0) op.requestBody = { required: (body.required?.length ?? 0) > 0, content: { 'application/json': { schema: body } } };
    }
    (paths[route.path] ??= {})[route.verb.toLowerCase()] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Mikrotik Billing API',
      version,
      description: [
        'Every route is one operation of the app: the same validation, permission, audit entry and errors as the app itself.',
        'Authenticate with an API key (Settings → API & webhooks) in the header `Authorization: Bearer mbk_…` — never in the query string.',
        'Money is integer rupiah; instants are ISO 8601 UTC; office dates are YYYY-MM-DD.',
        `Lists take \`limit\` (1–${REST_MAX_LIMIT}, default ${REST_DEFAULT_LIMIT}) and the opaque \`cursor\` from \`nextCursor\`; a cursor is an offset into the list as it is when the page is read (rows added meanwhile may shift pages).`,
        'Unknown fields are refused (400). Errors are `{ "error": { code, message, details } }`.',
        'Rate limit per key: headers RateLimit and RateLimit-Policy (IETF draft 8); 429 with Retry-After.',
      ].join('\n\n'),
    },
    servers: [{ url: '/api/v1' }],
    security: [{ apiKey: [] }],
    tags: [...new Set(REST_ROUTES.map((x) => x.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', bearerFormat: 'mbk_ followed by 32 letters and digits' } },
      schemas: { Error: errorSchema },
    },
  };
}
