import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import type { EntityManager } from 'typeorm';
import type { Db } from '../../core/db';
import { windowLimit } from '../../core/rate-limit';
import { accountRow } from './accounts';
import { attemptByOrder, storeCallback, type CallbackWrite } from './attempts';
import type { PaymentService } from './service';
import { WebhookRejected, type PaymentGateway } from './gateways/types';

/** A gateway's callback is a few hundred bytes; anything much larger is refused before it is read. */
export const CALLBACK_BODY_LIMIT = 32 * 1024;
/** Per address and minute (DuitKu retries 5 times; a resend from the dashboard is one more). */
export const CALLBACK_RATE_LIMIT = 120;

/** "150000", "150000.00", 150000 → 150000; anything else → null. */
export function rupiahOf(v: string): number | null {
  const m = /^\s*(\d{1,12})(?:\.0{1,2})?\s*$/.exec(v);
  return m ? Number(m[1]) : null;
}

function plain(res: Response, status: number, text: string): void {
  res.status(status).type('text/plain').send(text);
}

/**
 * POST /pay/callback/:gateway/:accountId — the gateway's server-to-server notice. Every one is stored, accepted
 * or not, with why. It is a hint: the attempt changes only by the gateway's status API (confirm). Answers: 400
 * for a bad signature or malformed body, 404 for an unknown account, the gateway's ack otherwise; never 5xx.
 */
export function callbackRoute(router: Router, svc: PaymentService, opts: { rateLimit?: number } = {}): void {
  const limiter = windowLimit({ windowMs: 60_000, limit: opts.rateLimit ?? CALLBACK_RATE_LIMIT, handler: (_req, res) => plain(res, 429, 'too many requests') });
  const raw = express.raw({ type: () => true, limit: CALLBACK_BODY_LIMIT });
  const now = () => svc.d.now().toISOString();
  const store = (c: Omit<CallbackWrite, 'at'>) => svc.d.db.write((em) => storeCallback(em, { ...c, at: now() }));
  const commit = groupCommit(svc.d.db);
  const body: RequestHandler = (req, res, next) => {
    raw(req, res, (err?: unknown) => {
      if (!err) return next();
      const tooLarge = (err as { type?: string }).type === 'entity.too.large';
      void store({ gateway: String(req.params.gateway ?? ''), accountId: null, remoteIp: req.ip ?? '', contentType: req.get('content-type') ?? '', body: '', accepted: false, reason: tooLarge ? 'too_large' : 'unreadable', orderId: null })
        .catch((e: unknown) => svc.d.logger.warn({ err: e }, 'callback not stored'))
        .finally(() => plain(res, tooLarge ? 413 : 400, tooLarge ? 'too large' : 'bad request'));
    });
  };

  router.post('/pay/callback/:gateway/:accountId', limiter, body, async (req: Request, res: Response) => {
    const gatewayName = String(req.params.gateway ?? '').slice(0, 30);
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const base: Omit<CallbackWrite, 'at' | 'accepted' | 'reason'> = {
      gateway: gatewayName,
      accountId: null,
      remoteIp: req.ip ?? req.socket.remoteAddress ?? '',
      contentType: req.get('content-type') ?? '',
      body: rawBody.toString('utf8'),
      orderId: null,
    };
    try {
      const id = /^\d{1,9}$/.test(String(req.params.accountId)) ? Number(req.params.accountId) : null;
      const acct = id ? await accountRow(svc.d.db.manager, id) : null;
      if (!acct || acct.gateway !== gatewayName) {
        await store({ ...base, accepted: false, reason: 'unknown_account' });
        return plain(res, 404, 'unknown account');
      }
      base.accountId = acct.id;
      const gw = svc.adapter(acct);
      const headers: Record<string, string | undefined> = {};
      for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
      let event;
      try {
        event = gw.parseWebhook({ headers, rawBody, contentType: base.contentType, remoteIp: base.remoteIp });
      } catch (err) {
        const reason = err instanceof WebhookRejected ? err.reason : 'malformed';
        await store({ ...base, accepted: false, reason: `${reason}: ${(err as Error).message}` });
        return plain(res, 400, reason);
      }
      base.orderId = event.orderId;
      const attempt = await attemptByOrder(svc.d.db.manager, event.orderId);
      if (!attempt || attempt.account_id !== acct.id) {
        // Recorded, and answered as received: the gateway stops resending an order we never made.
        await store({ ...base, accepted: false, reason: 'unknown_order' });
        return sendAck(res, gw, true);
      }
      const claimed = rupiahOf(event.amount);
      const notes: string[] = [`claims ${event.claimedStatus}`];
      if (claimed !== attempt.amount) notes.push(`amount_mismatch: ${event.amount} for ${attempt.amount}`);
      // The callback is a hint: the status API alone decides (an amount mismatch is flagged there too).
      const asked = await svc.askAbout(attempt, acct);
      if (!asked.status) notes.push(`status unanswered: ${asked.error}`);
      await commit(async (em) => {
        const applied = await svc.apply(em, attempt.id, asked, 'callback', svc.d.now());
        await storeCallback(em, { ...base, at: now(), accepted: true, reason: [...notes, `state ${applied.attempt.state}`].join('; ') });
      });
      return sendAck(res, gw, true);
    } catch (err) {
      svc.d.logger.error({ err, gateway: gatewayName }, 'payment callback failed');
      await store({ ...base, accepted: false, reason: `error: ${err instanceof Error ? err.message : String(err)}` }).catch(() => undefined);
      return plain(res, 400, 'not processed');
    }
  });
}

/** Writes committed together at most (a transaction stays short for the other writers). */
export const GROUP_COMMIT_MAX = 64;

interface Queued {
  run: (em: EntityManager) => Promise<void>;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit of callbacks' writes: those that arrive while a commit runs share the next transaction (one BEGIN,
 * one COMMIT, each page written once), and each is answered only once it is committed. A write that fails rolls
 * its whole group back; each of them is then run again alone, as if it had never been grouped (apply() reads the
 * attempt afresh in its transaction), so one bad write never costs the others, and its own error is its own.
 */
export function groupCommit(db: Db): (run: (em: EntityManager) => Promise<void>) => Promise<void> {
  let queue: Queued[] = [];
  let running = false;
  const alone = (q: Queued) => db.write(q.run).then(q.resolve, q.reject);
  const drain = async () => {
    running = true;
    while (queue.length > 0) {
      const group = queue.slice(0, GROUP_COMMIT_MAX);
      queue = queue.slice(group.length);
      if (group.length === 1) {
        await alone(group[0]!);
        continue;
      }
      const together = await db.write(async (em) => {
        for (const q of group) await q.run(em);
      }).then(
        () => true,
        () => false,
      );
      if (together) for (const q of group) q.resolve();
      else for (const q of group) await alone(q);
    }
    running = false;
  };
  return (run) =>
    new Promise<void>((resolve, reject) => {
      queue.push({ run, resolve, reject });
      if (!running) void drain();
    });
}

function sendAck(res: Response, gw: PaymentGateway, ok: boolean): void {
  const a = gw.webhookAck(ok);
  const status = a.status >= 500 ? 400 : a.status;
  res.status(status).type(a.contentType || 'text/plain').send(a.body);
}
