/** Request checks, answered the way DuitKu does: HTTP 400 with `{ "Message": … }` (capital M, reference §5.1). */
import { json, type PeerReply, type PeerRequest } from '../gateways/peer-http';

export class Refusal extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }

  reply(): PeerReply {
    return json(this.status, { Message: this.message });
  }
}

export const bad = (message: string): Refusal => new Refusal(400, message);

/** DuitKu takes JSON only; anything else is refused before the body is read. */
export function jsonBody(req: PeerRequest): Record<string, unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') throw new Refusal(415, `The request entity's media type '${type || 'none'}' is not supported for this resource.`);
  let body: unknown;
  try {
    body = JSON.parse(req.rawBody);
  } catch {
    throw bad('The request is invalid.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw bad('The request is invalid.');
  return body as Record<string, unknown>;
}

export function str(body: Record<string, unknown>, key: string, max: number, required: boolean): string {
  const v = body[key];
  if (v === undefined || v === null || v === '') {
    if (required) throw bad(`${key} is required.`);
    return '';
  }
  if (typeof v !== 'string') throw bad(`${key} must be a string.`);
  if (v.length > max) throw bad(`${key} max length is ${max}.`);
  return v;
}

/**
 * An integer amount in rupiah: a JSON integer, or a string of digits (.NET binds "10000" too). Decimals
 * ("10000.00", 10000.5) and non-positive amounts are refused: DuitKu amounts have no decimal point.
 */
export function int(body: Record<string, unknown>, key: string, required: boolean): number | null {
  const v = body[key];
  if (v === undefined || v === null || v === '') {
    if (required) throw bad(`${key} is required.`);
    return null;
  }
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
  if (typeof v === 'string' && /^-?\d{1,15}$/.test(v)) return Number(v);
  throw bad(`${key} must be an integer.`);
}

/** The string form DuitKu signs: the integer as digits. */
export const digits = (n: number): string => String(n);

export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** `yyyy-MM-dd HH:mm:ss` (getpaymentmethod datetime, reference §4.2). */
export const DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
