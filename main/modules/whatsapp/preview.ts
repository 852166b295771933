import type { ModuleContext } from '../../core/module';
import type { WaFacts } from './facts';
import type { WaHandlers } from './handlers';
import { render, sampleVars, unknownPlaceholders } from './templates';
import { varsFor } from './vars';

/** The editor's live preview: a template as a chosen customer (or a sample one) would read it. */
export function previewHandler(m: ModuleContext, facts: WaFacts): Pick<WaHandlers, 'wa.preview'> {
  return {
    async 'wa.preview'(input, ctx) {
      const o = m.settings.get('office');
      const office = { name: o.name, phone: o.phone };
      const vars = input.customerId !== undefined ? await varsFor(ctx.em, facts, { customerId: input.customerId }, input.lang, office, ctx.now, { links: false }) : sampleVars(input.lang, office);
      // A customer without the event's own facts (an invoice, a payment) still shows every placeholder filled.
      const filled = { ...sampleVars(input.lang, office), ...Object.fromEntries(Object.entries(vars).filter(([, v]) => v !== '')) };
      return { text: render(input.body, filled), unknown: unknownPlaceholders(input.body) };
    },
  };
}
