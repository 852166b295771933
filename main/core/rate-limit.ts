import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';

export interface WindowLimitOptions {
  windowMs: number;
  limit: number;
  /** The client's key; default its address (an IPv6 address by its /56). */
  key?: (req: Request) => string;
  /** Answers a request over the limit (Retry-After and the RateLimit headers are set already). */
  handler: (req: Request, res: Response) => void;
}

/**
 * Requests per key in a fixed window (express-rate-limit's memory store), with the IETF draft-8 RateLimit
 * headers. Its start-up validations are off: they run on every request and the options here are fixed.
 */
export function windowLimit(o: WindowLimitOptions): RequestHandler {
  return rateLimit({
    windowMs: o.windowMs,
    limit: o.limit,
    keyGenerator: o.key ?? ((req: Request) => ipKeyGenerator(req.ip ?? '')),
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    validate: false,
    handler: (req, res) => o.handler(req, res),
  });
}
