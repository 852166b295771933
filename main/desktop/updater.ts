import path from 'node:path';
import { autoUpdater } from 'electron-updater';
import type { Logger } from 'pino';
import type { RpcResult } from '../../shared/errors';
import type { UpdateStatus } from '../../preload/bridge-types';
import { planUpdates, UPDATE_CHECK_INTERVAL_MS, type UpdatePlan, type UpdateSettings } from './updater-policy';

export interface UpdaterDeps {
  logger: Logger;
  isPackaged: boolean;
  resourcesPath: string;
  settings(): UpdateSettings;
  /** Pushes the status to the renderer (DESKTOP_CHANNELS.updateStatus). */
  broadcast(status: UpdateStatus): void;
}

export interface Updater {
  status(): UpdateStatus;
  /** The Updates setting changed: re-plan, and check now if updates are on. */
  reconfigure(): void;
  apply(): RpcResult<{ ok: true }>;
  stop(): void;
}

/**
 * electron-updater against a generic server. Errors are logged and shown as a status, never thrown
 * into the app. Inactive in an unpackaged app and when the Updates setting is off.
 */
export function startUpdater(deps: UpdaterDeps): Updater {
  const log = deps.logger.child({ module: 'updater' });
  let current: UpdateStatus = { state: 'idle' };
  let plan: UpdatePlan = { active: false, reason: 'not-packaged' };
  let timer: NodeJS.Timeout | null = null;
  let listening = false;

  const set = (status: UpdateStatus): void => {
    current = status;
    deps.broadcast(status);
  };

  const check = (): void => {
    if (!plan.active) return;
    autoUpdater.checkForUpdates().catch((err: unknown) => {
      log.warn({ err }, 'update check failed');
      set({ state: 'error', message: err instanceof Error ? err.message : String(err) });
    });
  };

  const listen = (): void => {
    if (listening) return;
    listening = true;
    autoUpdater.logger = log;
    autoUpdater.autoDownload = true;
    autoUpdater.autoInstallOnAppQuit = true;
    autoUpdater.on('checking-for-update', () => set({ state: 'checking' }));
    autoUpdater.on('update-available', (info) => set({ state: 'available', version: info.version }));
    autoUpdater.on('update-not-available', (info) => set({ state: 'not-available', version: info.version }));
    autoUpdater.on('download-progress', (p) => set({ state: 'downloading', ...(current.version ? { version: current.version } : {}), message: `${Math.round(p.percent)}%` }));
    autoUpdater.on('update-downloaded', (info) => {
      log.info({ version: info.version }, 'update downloaded; installs on quit');
      set({ state: 'downloaded', version: info.version });
    });
    autoUpdater.on('error', (err) => {
      log.warn({ err }, 'update error');
      set({ state: 'error', message: err.message });
    });
  };

  const configure = (): void => {
    try {
      plan = planUpdates({ isPackaged: deps.isPackaged, settings: deps.settings() });
      if (timer) clearInterval(timer);
      timer = null;
      if (!plan.active) {
        // Never touch electron-updater unless it was active once (it is not even loaded in dev).
        if (listening) autoUpdater.autoInstallOnAppQuit = false;
        set({ state: 'disabled', message: plan.reason });
        return;
      }
      listen();
      autoUpdater.autoInstallOnAppQuit = true;
      if (plan.feedUrl) autoUpdater.setFeedURL({ provider: 'generic', url: plan.feedUrl, channel: plan.channel });
      // Back to the feed electron-builder wrote from electron-builder.yml (drops an earlier setFeedURL).
      else autoUpdater.updateConfigPath = path.join(deps.resourcesPath, 'app-update.yml');
      autoUpdater.channel = plan.channel;
      autoUpdater.allowPrerelease = plan.allowPrerelease;
      // Setting a channel allows downgrades; migrations only go forward, so never install an older version.
      autoUpdater.allowDowngrade = false;
      log.info({ feed: plan.feedUrl ?? 'built-in', channel: plan.channel }, 'updates on');
      timer = setInterval(check, UPDATE_CHECK_INTERVAL_MS);
      check();
    } catch (err) {
      log.error({ err }, 'updater configuration failed');
      set({ state: 'error', message: err instanceof Error ? err.message : String(err) });
    }
  };

  configure();
  return {
    status: () => current,
    reconfigure: configure,
    apply() {
      if (current.state !== 'downloaded') return { ok: false, error: { code: 'conflict', message: 'No update has been downloaded yet' } };
      log.info({ version: current.version }, 'restarting to install the update');
      setImmediate(() => autoUpdater.quitAndInstall(false, true));
      return { ok: true, result: { ok: true } };
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
