import type { Settings } from '../../shared/settings';

export type UpdateSettings = Settings['update'];

/** Re-check for updates this often while the app runs (and once at start). */
export const UPDATE_CHECK_INTERVAL_MS = 6 * 60 * 60 * 1000;

export type UpdatePlan =
  | { active: false; reason: 'not-packaged' | 'disabled' }
  | {
      active: true;
      /** Base URL of the generic update server; null = the built-in feed (resources/app-update.yml). */
      feedUrl: string | null;
      /** electron-updater reads `<channel>.yml` from the feed: latest.yml or beta.yml. */
      channel: UpdateSettings['channel'];
      allowPrerelease: boolean;
    };

/**
 * Whether and how the updater runs (pure: unit-tested). Never in an unpackaged app (sources / tests),
 * never when the Updates setting is off. An empty URL keeps the feed electron-builder generated
 * from electron-builder.yml's publish block.
 */
export function planUpdates(input: { isPackaged: boolean; settings: UpdateSettings }): UpdatePlan {
  if (!input.isPackaged) return { active: false, reason: 'not-packaged' };
  const s = input.settings;
  if (!s.enabled) return { active: false, reason: 'disabled' };
  const url = s.url.trim();
  return { active: true, feedUrl: url === '' ? null : url, channel: s.channel, allowPrerelease: s.channel === 'beta' };
}
