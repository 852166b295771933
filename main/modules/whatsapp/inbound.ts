import type { WaInboundHandling } from '../../../shared/contract/whatsapp';
import type { ModuleContext } from '../../core/module';
import type { WaInbound } from './channel/types';
import type { WaFacts } from './facts';
import type { Notifier } from './notify';

/*
 * What customers write (issue 13). From a registered customer's number: the stop word ends their messages (and is
 * confirmed once), the start word brings them back, a keyword (TAGIHAN, BAYAR, STATUS…) gets an automatic answer
 * with their balance and a fresh payment link — at most one every few minutes. Everything else lands in the inbox
 * for a clerk. Each message is stored once (the provider's id), in one transaction with what it caused.
 */

/** At most one automatic answer per customer in this long. */
const REPLY_EVERY_MS = 10 * 60_000;

export function createInbound(m: ModuleContext, facts: WaFacts, notifier: Notifier): (msg: WaInbound) => Promise<WaInboundHandling | null> {
  return async (msg) =>
    m.db.write(async (em) => {
      const [seen] = (await em.query('SELECT id FROM wa_inbound WHERE provider_id = ?', [msg.providerId])) as unknown[];
      if (seen) return null;
      const s = m.settings.get('whatsapp');
      const now = m.now();
      const c = msg.fromNumber ? await facts.customerByNumber(em, msg.fromNumber) : null;
      const word = msg.body.trim().split(/\s+/)[0]?.toUpperCase().replace(/[^A-Z0-9]/g, '') ?? '';
      let handling: WaInboundHandling = c ? 'inbox' : 'unknown_sender';
      if (c && word === s.stopWord) {
        handling = 'opt_out';
        if (c.optIn) {
          // The confirmation goes out although they opted out: it is the last message (the sender lets opt_out through).
          await notifier.notify(em, 'opt_out', { customerId: c.id }, {}, `opt_out:${msg.providerId}`, now);
          await facts.setOptIn(em, c.id, false, now);
        }
      } else if (c && word === s.startWord) {
        handling = 'opt_in';
        await facts.setOptIn(em, c.id, true, now);
      } else if (c && s.autoReply && s.keywords.includes(word)) {
        handling = 'auto_reply';
        const [last] = (await em.query("SELECT max(created_at) AS t FROM wa_messages WHERE customer_id = ? AND kind = 'reply_info'", [c.id])) as { t: string | null }[];
        if (!last?.t || now.getTime() - new Date(last.t).getTime() >= REPLY_EVERY_MS) {
          await notifier.notify(em, 'reply_info', { customerId: c.id }, {}, `reply_info:${msg.providerId}`, now);
        }
      }
      await em.query('INSERT INTO wa_inbound (provider_id, customer_id, from_chat, from_number, body, received_at, handling) VALUES (?,?,?,?,?,?,?)', [
        msg.providerId.slice(0, 200),
        c?.id ?? null,
        msg.from.slice(0, 200),
        msg.fromNumber,
        msg.body.slice(0, 4000),
        msg.at,
        handling,
      ]);
      return handling;
    });
}
