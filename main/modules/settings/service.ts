import type { EntityManager } from 'typeorm';
import { defaultSettings, SETTINGS_GROUPS, settingsSchemas, type Settings, type SettingsGroup } from '../../../shared/settings';
import type { Db } from '../../core/db';
import type { EventBus } from '../../core/events';
import { SettingEntity } from './entity';

type WriteHook = <G extends SettingsGroup>(em: EntityManager, group: G, value: Settings[G], before: Settings[G]) => Promise<void>;

/**
 * Settings are one JSON row per group. The process is the only writer, so values are cached in memory
 * and refreshed on every write; a value that no longer parses (older build, hand edit) falls back to
 * the defaults field by field.
 */
export class SettingsService {
  private cache: Settings | null = null;
  private readonly listeners = new Set<(group: SettingsGroup, s: Settings) => void>();
  private readonly writeHooks = new Set<WriteHook>();

  constructor(
    private readonly db: Db,
    private readonly events: EventBus,
  ) {}

  async load(): Promise<Settings> {
    const rows = await this.db.manager.getRepository(SettingEntity).find();
    const s = defaultSettings();
    for (const row of rows) {
      if (!(SETTINGS_GROUPS as string[]).includes(row.key)) continue;
      const g = row.key as SettingsGroup;
      const parsed = settingsSchemas[g].safeParse({ ...(s[g] as object), ...safeJson(row.value) });
      if (parsed.success) (s as Record<SettingsGroup, unknown>)[g] = parsed.data;
    }
    this.cache = s;
    return s;
  }

  /** Cached; call load() once at start-up. */
  all(): Settings {
    if (!this.cache) throw new Error('settings not loaded');
    return this.cache;
  }

  get<G extends SettingsGroup>(group: G): Settings[G] {
    return this.all()[group];
  }

  /** Write inside the caller's transaction; the cache follows once the transaction has committed. */
  async set<G extends SettingsGroup>(em: EntityManager, group: G, value: Settings[G], userId: number | null, now: Date): Promise<void> {
    const parsed = settingsSchemas[group].parse(value) as Settings[G];
    await em.getRepository(SettingEntity).save({ key: group, value: JSON.stringify(parsed), updatedAt: now.toISOString(), updatedBy: userId });
    for (const hook of this.writeHooks) await hook(em, group, parsed, this.get(group));
    this.db.afterCommit(() => {
      const next = { ...this.all(), [group]: parsed };
      this.cache = next;
      this.events.emit('settings.changed', { group });
      for (const l of this.listeners) l(group, next);
    });
  }

  /** Runs inside the writing transaction, with the new and the old value: for work that must commit with the setting. */
  onWrite(hook: WriteHook): () => void {
    this.writeHooks.add(hook);
    return () => this.writeHooks.delete(hook);
  }

  onChange(listener: (group: SettingsGroup, s: Settings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/**
 * A group's stored value as the caller's transaction sees it (not the cache): the parsed JSON, or {} when the
 * group was never saved or does not parse. For other modules that must read a setting inside a transaction.
 */
export async function storedGroup(em: EntityManager, group: SettingsGroup): Promise<unknown> {
  const [row] = (await em.query('SELECT value FROM settings WHERE key = ?', [group])) as { value: string }[];
  try {
    return row ? (JSON.parse(row.value) as unknown) : {};
  } catch {
    return {};
  }
}

function safeJson(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
