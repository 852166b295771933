import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';

export interface WindowLimitOptions {
  windowMs: number;
  /** Requests per window; a function is asked on each request (a limit from the settings). */
  limit: number | (() => number);
  /** The client's key; default its address (an IPv6 address by its /56). */
  key?: (req: Request, res: Response) => string;
  /** Requests this limit does not count (another method on a shared route). */
  skip?: (req: Request) => boolean;
  /** Count only failed requests (wrong passwords, wrong codes). */
  failuresOnly?: boolean;
  /** The policy's name in the RateLimit headers (default `<limit>-in-<window>`). */
  identifier?: string;
  /** Answers a request over the limit (Retry-After and the RateLimit headers are set already). */
  handler: (req: Request, res: Response) => void;
}

/**
 * Requests per key in a fixed window (express-rate-limit's memory store), with the IETF draft-8 RateLimit
 * headers. Its start-up validations are off: they run on every request and the options here are fixed.
 */
export function windowLimit(o: WindowLimitOptions): RequestHandler {
  const limit = o.limit;
  return rateLimit({
    windowMs: o.windowMs,
    limit: typeof limit === 'number' ? limit : () => limit(),
    keyGenerator: o.key ?? ((req: Request) => ipKeyGenerator(req.ip ?? '')),
    ...(o.skip ? { skip: o.skip } : {}),
    skipSuccessfulRequests: o.failuresOnly ?? false,
    ...(o.identifier ? { identifier: o.identifier } : {}),
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    validate: false,
    handler: (req, res) => o.handler(req, res),
  });
}
