import { summary } from '../../../shared/summaries';
import type { DomainHandlers } from '../../core/context';
import type { DomainModule, ModuleContext } from '../../core/module';

export function createSettingsModule(m: ModuleContext): DomainModule<DomainHandlers<'settings'>> {
  return {
    handlers: {
      async 'settings.get'() {
        return m.settings.all();
      },
      async 'settings.update'(input, ctx) {
        const before = m.settings.get(input.group) as Record<string, unknown>;
        const after = input.value as Record<string, unknown>;
        const changed = Object.keys(after).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
        await m.settings.set(ctx.em, input.group, input.value as never, ctx.user!.id, ctx.now);
        ctx.audit(summary('settings.changed', { group: input.group }), { group: input.group, changed });
        return { ...m.settings.all(), [input.group]: input.value };
      },
    },
  };
}
