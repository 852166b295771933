import type { EntityManager } from 'typeorm';
import { AppError } from '../../../shared/errors';
import { summary } from '../../../shared/summaries';
import type { BroadcastFilter, BroadcastPreview } from '../../../shared/contract/whatsapp';
import type { ModuleContext } from '../../core/module';
import type { WaFacts, WaCustomer } from './facts';
import type { WaHandlers } from './handlers';
import { digitsOf, enqueue } from './outbox';
import { render } from './templates';
import { varsFor } from './vars';

/*
 * A broadcast (an outage notice…): a message to the customers a filter selects who want WhatsApp messages, with
 * their own name and figures filled in (a text that varies per customer is one habit that avoids bans). The
 * person sees the count and samples first and confirms that count.
 */

interface Audience {
  to: WaCustomer[];
  skipped: BroadcastPreview['skipped'];
}

async function audience(em: EntityManager, facts: WaFacts, filter: BroadcastFilter): Promise<Audience> {
  const all = await facts.select(em, filter);
  const notOnWa = new Set(((await em.query('SELECT number FROM wa_contacts WHERE on_whatsapp = 0')) as { number: string }[]).map((r) => r.number));
  const out: Audience = { to: [], skipped: { noNumber: 0, optedOut: 0, notOnWhatsapp: 0 } };
  for (const c of all) {
    if (!c.whatsapp) out.skipped.noNumber++;
    else if (!c.optIn) out.skipped.optedOut++;
    else if (notOnWa.has(digitsOf(c.whatsapp))) out.skipped.notOnWhatsapp++;
    else out.to.push(c);
  }
  return out;
}

export function broadcastHandlers(m: ModuleContext, facts: WaFacts, kick: () => void): Pick<WaHandlers, 'wa.broadcastPreview' | 'wa.broadcast'> {
  const office = () => {
    const o = m.settings.get('office');
    return { name: o.name, phone: o.phone };
  };
  const lang = () => m.settings.get('locale').language;
  return {
    async 'wa.broadcastPreview'(input, ctx) {
      const a = await audience(ctx.em, facts, input.filter);
      const sample = [];
      for (const c of a.to.slice(0, 3)) sample.push({ customerId: c.id, name: c.name, to: c.whatsapp!, text: render(input.body, await varsFor(ctx.em, facts, { customerId: c.id }, lang(), office(), ctx.now, { links: false })) });
      return { count: a.to.length, sample, skipped: a.skipped };
    },
    async 'wa.broadcast'(input, ctx) {
      const a = await audience(ctx.em, facts, input.filter);
      if (a.to.length !== input.expected) throw new AppError('conflict', `The filter now selects ${a.to.length} customers, not ${input.expected}: look at the preview again`, { field: 'expected', count: a.to.length });
      const batch = `${ctx.now.getTime().toString(36)}`;
      let queued = 0;
      for (const c of a.to) {
        const body = render(input.body, await varsFor(ctx.em, facts, { customerId: c.id }, lang(), office(), ctx.now, { body: input.body }));
        if (await enqueue(ctx.em, { customerId: c.id, to: c.whatsapp!, kind: 'broadcast', body, dedupeKey: `broadcast:${batch}:${c.id}`, createdBy: ctx.user?.id ?? null }, ctx.now)) queued++;
      }
      m.db.afterCommit(kick);
      ctx.audit(summary('wa.broadcast', { queued }), { filter: input.filter });
      return { queued };
    },
  };
}
