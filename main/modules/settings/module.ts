import type { DomainHandlers } from '../../core/context';
import type { DomainModule, ModuleContext } from '../../core/module';

const GROUP_LABEL = {
  office: 'office profile',
  locale: 'language and time zone',
  server: 'listener binding',
  backup: 'backups',
  update: 'updates',
  security: 'security',
} as const;

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
        ctx.audit(`Changed ${GROUP_LABEL[input.group]} settings: ${changed.join(', ') || 'no change'}`, { group: input.group, changed });
        return { ...m.settings.all(), [input.group]: input.value };
      },
    },
  };
}
