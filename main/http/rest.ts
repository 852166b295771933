import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import express, { type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import { windowLimit } from '../core/rate-limit';
import type { EntityManager } from 'typeorm';
import getSwaggerUiDir from 'swagger-ui-dist/absolute-path.js';
import { REST_DEFAULT_LIMIT, REST_MAX_LIMIT, REST_ROUTES, pathParams, type RestRoute } from '../../shared/contract/rest';
import { AppError, httpStatusOf, type ErrorPayload, type ValidationIssue } from '../../shared/errors';
import type { Binding } from '../core/context';
import type { Invoke, ResolvedApiKey } from '../core/dispatcher';
import { inputJsonSchema, okStatus, openApiDocument, queryFields, type JsonSchema } from './openapi';
import { bodyLimitOf, sendError } from './server';

/*
 * The public REST API: /api/v1/<resource> routes from shared/contract/rest.ts, each calling the one dispatcher
 * with the caller's API key (Binding.apiKey) — the dispatcher checks the key's scopes and its user's role,
 * validates with the method's zod input and audits. This layer only turns HTTP into the method's input (path
 * parameters + query string coerced by the input's JSON Schema + JSON body, unknown fields refused), keeps
 * Idempotency-Key records, limits each key's rate, and shapes answers as `{ data }` / `{ data, nextCursor }`
 * or the app's `{ error }`.
 */

export type IdempotencyBegin = { kind: 'new' } | { kind: 'replay'; status: number; body: string } | { kind: 'mismatch' } | { kind: 'running' };

export interface RestOptions {
  invoke: Invoke;
  now: () => Date;
  /** The API key checks without recording a use (the dispatcher records it): throws the AppError to answer. */
  checkKey(key: string, ip: string | null, now: Date): Promise<ResolvedApiKey>;
  idempotency: {
    begin(apiKeyId: number, clientKey: string, method: string, fingerprint: string, now: Date): Promise<IdempotencyBegin>;
    finish(apiKeyId: number, clientKey: string, status: number, body: string, now: Date, em?: EntityManager): Promise<void>;
    abandon(apiKeyId: number, clientKey: string): Promise<void>;
  };
  /** The app's version (OpenAPI info.version). */
  version: string;
  /** Requests per key and minute (default 600); failed authentications per address and minute (default 30). */
  perKeyPerMinute?: number;
  authFailuresPerMinute?: number;
}

const rateLimited = (retryAfterSeconds: number): ErrorPayload => new AppError('rate_limited', 'Too many requests; wait a moment and try again', { retryAfterSeconds }).toPayload();

const validation = (issues: ValidationIssue[], message = 'Some fields are not valid'): AppError => new AppError('validation', message, { issues });

// ---------------------------------------------------------------------------------------------- input shaping

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function typesOf(schema: JsonSchema): Set<string> {
  const out = new Set<string>();
  const add = (s: JsonSchema) => {
    if (typeof s.type === 'string') out.add(s.type);
    if (Array.isArray(s.type)) for (const t of s.type as string[]) out.add(t);
    if ('const' in s) out.add(typeof s.const === 'number' ? 'number' : typeof s.const);
    if (Array.isArray(s.enum)) for (const e of s.enum as unknown[]) out.add(typeof e === 'number' ? 'number' : typeof e);
    for (const k of ['anyOf', 'oneOf'] as const) if (Array.isArray(s[k])) for (const b of s[k] as JsonSchema[]) add(b);
  };
  add(schema);
  return out;
}

function itemsOf(schema: JsonSchema): JsonSchema {
  if (schema.items && typeof schema.items === 'object') return schema.items as JsonSchema;
  for (const k of ['anyOf', 'oneOf'] as const) {
    for (const b of (schema[k] as JsonSchema[] | undefined) ?? []) if (b.type === 'array' && b.items) return b.items as JsonSchema;
  }
  return {};
}

const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/;

/** A query-string value as the field's JSON Schema types it (numbers, booleans, arrays; anything else stays text and zod reports it). */
export function coerceQueryValue(value: unknown, schema: JsonSchema): unknown {
  const types = typesOf(schema);
  if (types.has('array')) {
    const raw = Array.isArray(value) ? value : typeof value === 'string' ? (value === '' ? [] : value.split(',')) : [value];
    return raw.map((v) => coerceQueryValue(v, itemsOf(schema)));
  }
  if (typeof value !== 'string') return value;
  if ((types.has('integer') || types.has('number')) && NUMBER.test(value)) return Number(value);
  if (types.has('boolean') && (value === 'true' || value === 'false')) return value === 'true';
  if (types.has('null') && !types.has('string') && value === 'null') return null;
  return value;
}

/** Fields the schema does not know, anywhere in the value (zod strips them silently on non-strict objects; the API refuses them). */
export function unknownFields(schema: JsonSchema, value: unknown, at: (string | number)[] = []): ValidationIssue[] {
  const branches = [...((schema.anyOf as JsonSchema[] | undefined) ?? []), ...((schema.oneOf as JsonSchema[] | undefined) ?? [])];
  if (branches.length > 0) {
    // Only the branches that take this kind of value (an object, a list) can judge its fields.
    const kind = Array.isArray(value) ? 'array' : isPlainObject(value) ? 'object' : null;
    const fits = branches.filter((b) => kind !== null && (b.type === kind || (kind === 'object' && b.properties !== undefined) || b.anyOf !== undefined || b.oneOf !== undefined)).map((b) => unknownFields(b, value, at));
    return fits.find((f) => f.length === 0) ?? fits[0] ?? [];
  }
  if (isPlainObject(value) && schema.properties && (schema.additionalProperties === undefined || schema.additionalProperties === false)) {
    const issues: ValidationIssue[] = [];
    const unknown = Object.keys(value).filter((k) => !Object.prototype.hasOwnProperty.call(schema.properties, k));
    if (unknown.length > 0) issues.push({ path: at, code: 'unrecognized_keys', message: `Unknown field(s): ${unknown.join(', ')}`, params: { keys: unknown } });
    for (const [k, v] of Object.entries(value)) if (schema.properties[k]) issues.push(...unknownFields(schema.properties[k]!, v, [...at, k]));
    return issues;
  }
  if (Array.isArray(value) && schema.items && typeof schema.items === 'object') return value.flatMap((v, i) => unknownFields(schema.items as JsonSchema, v, [...at, i]));
  return [];
}

/** A stable JSON text (keys sorted), for fingerprints and cursor filters. */
export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (isPlainObject(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stableJson(v[k])}`).join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

interface Cursor {
  /** The next page (1-based) and its size. */
  p: number;
  s: number;
  /** The filters the list was read with (a hash). */
  f: string;
}

export const encodeCursor = (c: Cursor): string => Buffer.from(JSON.stringify(c)).toString('base64url');

function decodeCursor(s: string): Cursor | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(s)) return null;
  try {
    const c = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as Partial<Cursor>;
    if (Number.isSafeInteger(c.p) && c.p! >= 1 && Number.isSafeInteger(c.s) && c.s! >= 1 && c.s! <= REST_MAX_LIMIT && typeof c.f === 'string') return c as Cursor;
  } catch {
    // not ours
  }
  return null;
}

interface Shaped {
  input: Record<string, unknown>;
  /** For a paged list: the page size and the filters' hash (to build the next cursor). */
  paging?: { size: number; page: number; filters: string };
}

/** The method's input from the request: path parameters, the query (GET/DELETE) and the JSON body (POST/PATCH). */
export function shapeInput(route: RestRoute, params: Record<string, string>, query: Record<string, unknown>, body: unknown, hasBody: boolean): Shaped {
  const schema = inputJsonSchema(route.method);
  const props = schema.properties ?? {};
  // Spread, never Object.assign: a body's own "__proto__" stays a (refused) field instead of becoming a prototype.
  const input: Record<string, unknown> = (route.verb === 'POST' || route.verb === 'PATCH') && isPlainObject(body) ? { ...body } : {};
  const issues: ValidationIssue[] = [];
  const inPath = pathParams(route.path);
  const queryAllowed = new Set(queryFields(route));
  let paging: Shaped['paging'];

  if (route.verb === 'POST' || route.verb === 'PATCH') {
    if (hasBody && !isPlainObject(body)) throw validation([{ path: [], code: 'invalid_type', message: 'Send a JSON object', params: { expected: 'object' } }], 'The request body must be a JSON object');
    const q = Object.keys(query);
    if (q.length > 0) issues.push({ path: [], code: 'unrecognized_keys', message: `Query parameters are not used by this route: ${q.join(', ')} (send them in the JSON body)`, params: { keys: q, in: 'query' } });
  } else {
    if (hasBody) issues.push({ path: [], code: 'unrecognized_keys', message: `A ${route.verb} takes no body`, params: { in: 'body' } });
    const unknown = Object.keys(query).filter((k) => !queryAllowed.has(k) && !(route.list === 'paged' && (k === 'limit' || k === 'cursor')));
    if (unknown.length > 0) issues.push({ path: [], code: 'unrecognized_keys', message: `Unknown query parameter(s): ${unknown.join(', ')}`, params: { keys: unknown, in: 'query' } });
    for (const k of queryAllowed) if (query[k] !== undefined) input[k] = coerceQueryValue(query[k], props[k] ?? {});
  }

  for (const name of inPath) {
    const v = coerceQueryValue(params[name], props[name] ?? {});
    if (name in input && stableJson(input[name]) !== stableJson(v)) issues.push({ path: [name], code: 'custom', message: `${name} is given by the path; leave it out of the body or send the same value`, params: {} });
    input[name] = v;
  }

  if (route.list === 'paged') {
    // The cursor is bound to the filters (path parameters included) it was made with.
    const filters = sha256(stableJson(input)).slice(0, 16);
    const rawLimit = query.limit;
    const rawCursor = query.cursor;
    let size = REST_DEFAULT_LIMIT;
    let page = 1;
    if (rawLimit !== undefined) {
      const n = typeof rawLimit === 'string' && /^\d{1,4}$/.test(rawLimit) ? Number(rawLimit) : NaN;
      if (!(n >= 1 && n <= REST_MAX_LIMIT)) issues.push({ path: ['limit'], code: 'too_big', message: `Use a whole number from 1 to ${REST_MAX_LIMIT}`, params: { minimum: 1, maximum: REST_MAX_LIMIT } });
      else size = n;
    }
    if (rawCursor !== undefined) {
      const c = typeof rawCursor === 'string' ? decodeCursor(rawCursor) : null;
      if (!c) issues.push({ path: ['cursor'], code: 'custom', message: 'This cursor is not valid (take nextCursor from the previous page)', params: {} });
      else if (c.f !== filters) issues.push({ path: ['cursor'], code: 'custom', message: 'This cursor belongs to a list with other filters', params: {} });
      else {
        page = c.p;
        size = c.s;
      }
    }
    input.page = page;
    input.pageSize = size;
    paging = { size, page, filters };
  }

  issues.push(...unknownFields(schema, input));
  if (issues.length > 0) throw validation(issues);
  return paging ? { input, paging } : { input };
}

/** What identifies "the same request" for an Idempotency-Key: the route and the method's input (key order does not matter). */
export const fingerprintOf = (route: RestRoute, input: unknown): string => sha256(`${route.verb} ${route.path}\n${stableJson(input)}`);

/** The Idempotency-Key header: a Structured Field string ("…") or the bare value, 1–255 visible ASCII characters. */
export function parseIdempotencyKey(raw: string): string | null {
  let v = raw.trim();
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1);
  return /^[\x21\x23-\x5b\x5d-\x7e][\x20\x21\x23-\x5b\x5d-\x7e]{0,254}$/.test(v) && !v.endsWith(' ') ? v : null;
}

// ---------------------------------------------------------------------------------------------- router

/** The docs and the document need no key: a plain per-address limit (the page loads a handful of files). */
const publicLimit = (): RequestHandler => windowLimit({ windowMs: 60_000, limit: 300, handler: (_req, res) => sendError(res, rateLimited(60)) });

interface KeyLocals {
  token: string;
  key: ResolvedApiKey;
}

const keyOf = (res: Response): KeyLocals => res.locals.apiKey as KeyLocals;

/** express's route path from the table's (`/a/{id}` → `/a/:id`). */
const expressPath = (p: string): string => p.replace(/\{(\w+)\}/g, ':$1');

/** Docs (Swagger UI from swagger-ui-dist, served from this PC) at /api/docs; the document at /api/v1/openapi.json. */
export function mountApiDocs(app: express.Express): void {
  const dir = getSwaggerUiDir();
  const files = ['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png', 'favicon-16x16.png'];
  const page = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8"><title>Mikrotik Billing API</title>
<link rel="stylesheet" href="/api/docs/swagger-ui.css">
<link rel="icon" type="image/png" href="/api/docs/favicon-32x32.png" sizes="32x32">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/api/docs/swagger-ui-bundle.js" charset="UTF-8"></script>
<script src="/api/docs/init.js" charset="UTF-8"></script>
</body>
</html>`;
  // No inline script: the staff CSP (script-src 'self') holds here too.
  const init = `window.ui = SwaggerUIBundle({ url: '/api/v1/openapi.json', dom_id: '#swagger-ui', deepLinking: true, persistAuthorization: false, presets: [SwaggerUIBundle.presets.apis], layout: 'BaseLayout', validatorUrl: null, tryItOutEnabled: false });\n`;
  const docs = express.Router();
  docs.use(publicLimit());
  docs.get(['/', ''], (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(page);
  });
  docs.get('/init.js', (_req, res) => {
    res.type('application/javascript').send(init);
  });
  for (const f of files) {
    docs.get(`/${f}`, (_req, res, next) => {
      const file = path.join(dir, f);
      if (!fs.existsSync(file)) return next();
      res.setHeader('Cache-Control', 'public, max-age=3600');
      res.sendFile(file);
    });
  }
  app.use('/api/docs', docs);
}

export function createRestRouter(opts: RestOptions): Router {
  const router = express.Router({ strict: false });
  let doc: Record<string, unknown> | null = null;
  router.get('/openapi.json', publicLimit(), (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.json((doc ??= openApiDocument(opts.version)));
  });

  // Failed authentications per address (a guessed key never gets far; 190-bit keys are not guessable anyway).
  const authFailures = rateLimit({
    windowMs: 60_000,
    limit: opts.authFailuresPerMinute ?? 30,
    // No RateLimit headers from this one: clients see only their key's policy (per-key below).
    standardHeaders: false,
    legacyHeaders: false,
    requestWasSuccessful: (_req, res) => res.statusCode !== 401,
    skipSuccessfulRequests: true,
    handler: (_req, res, _next, o) => {
      res.setHeader('Retry-After', String(Math.ceil(o.windowMs / 1000)));
      sendError(res, rateLimited(Math.ceil(o.windowMs / 1000)));
    },
  });

  const authenticate: RequestHandler = async (req, res, next) => {
    const q = req.query as Record<string, unknown>;
    for (const k of ['api_key', 'apikey', 'key', 'token', 'access_token']) {
      if (k in q) return sendError(res, { code: 'unauthenticated', message: 'Send the API key in the Authorization header (Bearer), never in the address', details: { reason: 'key_in_query' } });
    }
    const m = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
    if (!m) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      return sendError(res, { code: 'unauthenticated', message: 'Send an API key: Authorization: Bearer mbk_…', details: { reason: 'api_key_missing' } });
    }
    try {
      const key = await opts.checkKey(m[1]!, req.ip ?? req.socket.remoteAddress ?? null, opts.now());
      res.locals.apiKey = { token: m[1]!, key } satisfies KeyLocals;
      next();
    } catch (err) {
      if (err instanceof AppError) {
        if (err.code === 'unauthenticated') res.setHeader('WWW-Authenticate', 'Bearer error="invalid_token"');
        return sendError(res, err.toPayload());
      }
      next(err);
    }
  };

  const perKey = windowLimit({
    windowMs: 60_000,
    limit: opts.perKeyPerMinute ?? 600,
    identifier: 'per-key',
    key: (_req, res) => `key:${keyOf(res).key.id}`,
    handler: (_req, res) => sendError(res, rateLimited(60)),
  });

  router.use(authFailures, authenticate, perKey);

  const parsers = new Map<number, RequestHandler>();
  const jsonBody =
    (route: RestRoute): RequestHandler =>
    (req, res, next) => {
      if (route.verb === 'GET' || route.verb === 'DELETE') {
        if ((req.headers['content-length'] && req.headers['content-length'] !== '0') || req.headers['transfer-encoding'] !== undefined) return sendError(res, new AppError('validation', `A ${route.verb} takes no body`).toPayload());
        return next();
      }
      const limit = bodyLimitOf(route.method);
      res.locals.bodyLimit = limit;
      const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
      if (hasBody && !req.is('application/json')) return sendError(res, new AppError('validation', 'Send JSON (Content-Type: application/json)').toPayload());
      let parser = parsers.get(limit);
      if (!parser) parsers.set(limit, (parser = express.json({ limit, type: () => true, strict: false })));
      parser(req, res, next);
    };

  for (const route of REST_ROUTES) {
    const handle = async (req: Request, res: Response) => {
      const { token, key } = keyOf(res);
      const ip = req.ip ?? req.socket.remoteAddress ?? null;
      const hasBody = (route.verb === 'POST' || route.verb === 'PATCH') && req.body !== undefined;
      let shaped: Shaped;
      try {
        shaped = shapeInput(route, req.params as Record<string, string>, req.query as Record<string, unknown>, req.body, hasBody);
      } catch (err) {
        if (err instanceof AppError) return sendError(res, err.toPayload());
        throw err;
      }

      // Idempotency-Key (POST): claim, replay, or refuse.
      let claimed: string | null = null;
      const rawKey = route.verb === 'POST' ? req.get('idempotency-key') : undefined;
      if (rawKey !== undefined) {
        const clientKey = parseIdempotencyKey(rawKey);
        if (!clientKey) return sendError(res, validation([{ path: ['Idempotency-Key'], code: 'custom', message: 'Use 1–255 visible ASCII characters (a UUID), optionally in double quotes', params: { in: 'header' } }], 'The Idempotency-Key header is not valid').toPayload());
        const fingerprint = fingerprintOf(route, shaped.input);
        const begun = await opts.idempotency.begin(key.id, clientKey, route.method, fingerprint, opts.now());
        if (begun.kind === 'replay') {
          res.setHeader('Idempotent-Replayed', 'true');
          return res.status(begun.status).type('application/json').send(begun.body);
        }
        if (begun.kind === 'mismatch') return sendError(res, { code: 'idempotency.mismatch', message: 'This Idempotency-Key was used with another request; use a new key', details: { idempotencyKey: clientKey } });
        if (begun.kind === 'running') return sendError(res, { code: 'idempotency.in_progress', message: 'A request with this Idempotency-Key is still running; retry later', details: { idempotencyKey: clientKey } });
        claimed = clientKey;
      }

      const binding: Binding = { transport: 'rest', ip, token: null, apiKey: token, setToken: () => undefined };
      // A successful mutation stores its answer in its own transaction (effect and answer commit together).
      let storedInWrite = false;
      if (claimed) {
        const clientKey = claimed;
        binding.inWrite = async (em, result) => {
          await opts.idempotency.finish(key.id, clientKey, okStatus(route), JSON.stringify(answer(route, result, shaped)), opts.now(), em);
          storedInWrite = true;
        };
      }
      let status: number;
      let body: unknown;
      let succeeded: boolean;
      try {
        const out = await opts.invoke(route.method, shaped.input, binding);
        succeeded = out.ok;
        if (out.ok) {
          status = okStatus(route);
          body = answer(route, out.result, shaped);
        } else {
          status = httpStatusOf(out.error.code);
          body = { error: out.error };
        }
      } catch (err) {
        if (claimed) await opts.idempotency.abandon(key.id, claimed);
        throw err;
      }
      const text = JSON.stringify(body);
      if (claimed && !(storedInWrite && succeeded)) {
        if (status >= 500) await opts.idempotency.abandon(key.id, claimed);
        else await opts.idempotency.finish(key.id, claimed, status, text, opts.now());
      }
      res.status(status).type('application/json').send(text);
    };
    const verb = route.verb.toLowerCase() as 'get' | 'post' | 'patch' | 'delete';
    router[verb](expressPath(route.path), jsonBody(route), (req: Request, res: Response, next: NextFunction) => {
      handle(req, res).catch(next);
    });
  }

  // Another verb on a known path, or no such route: the app's error shape.
  router.use((req, res) => {
    const known = REST_ROUTES.filter((x) => new RegExp(`^${expressPath(x.path).replace(/:\w+/g, '[^/]+')}/?$`).test(req.path));
    if (known.length > 0) {
      res.setHeader('Allow', known.map((x) => x.verb).join(', '));
      return sendError(res, { code: 'not_found', message: `No ${req.method} on this route; use ${known.map((x) => x.verb).join(' or ')}` });
    }
    sendError(res, { code: 'not_found', message: 'No such API route' });
  });
  return router;
}

/** `{ data }`, or for a list `{ data, nextCursor }` (paged lists also `total` and their sums/counts). */
function answer(route: RestRoute, result: unknown, shaped: Shaped): unknown {
  if (route.list === 'all') return { data: result, nextCursor: null };
  if (route.list === 'paged' && shaped.paging && isPlainObject(result)) {
    const { items, total, page: _page, pageSize: _size, ...extra } = result as { items: unknown[]; total: number; page: number; pageSize: number };
    const { page, size, filters } = shaped.paging;
    const more = page * size < total && items.length > 0;
    return { data: items, nextCursor: more ? encodeCursor({ p: page + 1, s: size, f: filters }) : null, total, ...extra };
  }
  return { data: result ?? null };
}
