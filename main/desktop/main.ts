import fs from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, dialog, Menu, session, type Tray } from 'electron';
import type { Logger } from 'pino';
import { DESKTOP_CHANNELS } from '../../shared/ipc';
import { createCore, type Core } from '../app/app';
import { paths } from '../core/config';
import { desktopSecretBox } from './secrets';
import { broadcastToAppWindows, registerIpc } from './ipc';
import { createPrinting } from './printing';
import { registerAppScheme, serveRenderer } from './protocol';
import { hardenSession, installSecurity, secureWebPreferences } from './security';
import { describeStartupError, desktopDataDir, electronNativeBinding, startCore } from './startup';
import { createTray } from './tray';
import { RENDERER_ENTRY } from './trust';
import { startUpdater, type Updater } from './updater';

/** Desktop entry: the same core as server mode, the UI in a hardened window talking over IPC. */

let logger: Logger | null = null;
let mainWindow: BrowserWindow | null = null;

registerAppScheme();
installSecurity(() => logger);

function showWindow(): void {
  const win = mainWindow;
  if (!win || win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

function createWindow(root: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: app.getName(),
    icon: path.join(root, 'build', 'icon.png'),
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(path.join(root, 'dist', 'preload', 'index.cjs')),
  });
  win.once('ready-to-show', () => win.show());
  // Quit-on-close: no hidden background mode (the tray offers Open / Quit while the window is open).
  win.on('closed', () => {
    mainWindow = null;
    app.quit();
  });
  win.loadURL(RENDERER_ENTRY).catch((err: unknown) => logger?.error({ err }, 'could not load the UI'));
  return win;
}

function fatal(err: unknown, dataDir: string): void {
  const { title, message } = describeStartupError(err, dataDir);
  console.error(`${title}: ${message}`);
  dialog.showErrorBox(title, message);
  app.exit(1);
}

async function main(): Promise<void> {
  app.on('second-instance', showWindow);
  await app.whenReady();
  if (app.isPackaged) Menu.setApplicationMenu(null);
  const root = app.getAppPath();
  const rendererDir = path.join(root, 'dist', 'renderer');
  hardenSession(session.defaultSession);
  serveRenderer(session.defaultSession, rendererDir);

  const dataDir = desktopDataDir(process.argv, process.env, app.getPath('userData'));
  let core: Core;
  let httpError: unknown;
  try {
    ({ core, httpError } = await startCore(
      {
        mode: 'desktop',
        dataDir,
        version: app.getVersion(),
        productName: app.getName(),
        http: { enabled: true },
        rendererDir: null,
        // The listener serves the customer portal to customers' phones even in the desktop app.
        portalDir: path.join(root, 'dist', 'portal'),
        nativeBinding: electronNativeBinding(app.isPackaged, process.resourcesPath),
        logLevel: process.env.MB_LOG_LEVEL,
        logToConsole: false,
        schedule: true,
        electronVersion: process.versions.electron,
        secretBox: desktopSecretBox(paths(dataDir).secretKey),
      },
      {
        create: createCore,
        warn: (message, err) => console.warn(message, err),
      },
    ));
  } catch (err) {
    fatal(err, dataDir);
    return;
  }
  const log = core.logger.child({ module: 'desktop' });
  logger = log;
  if (httpError) log.warn({ err: httpError }, 'embedded listener not started (port in use?): browser access and router first-login reports are off until restart');
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) log.warn({ rendererDir }, 'UI not built: run `npm run build`');

  let updater: Updater | null = null;
  const disposeIpc = registerIpc({ core, printing: createPrinting(log), updater: () => updater });
  mainWindow = createWindow(root);
  mainWindow.webContents.on('did-finish-load', () => {
    if (updater) mainWindow?.webContents.send(DESKTOP_CHANNELS.updateStatus, updater.status());
  });
  const tray: Tray | null = createTray({
    iconPath: path.join(root, 'build', 'icon.png'),
    productName: app.getName(),
    listenUrl: core.url,
    onOpen: showWindow,
    onQuit: () => app.quit(),
    logger: log,
  });
  updater = startUpdater({
    logger: log,
    isPackaged: app.isPackaged,
    resourcesPath: process.resourcesPath,
    settings: () => core.settings.get('update'),
    broadcast: (status) => broadcastToAppWindows(DESKTOP_CHANNELS.updateStatus, status),
  });
  core.settings.onChange((group) => {
    if (group === 'update') updater?.reconfigure();
  });

  // Graceful shutdown: hold the quit until the scheduler, listener and database are closed.
  let quitting: 'no' | 'closing' | 'done' = 'no';
  app.on('before-quit', (event) => {
    if (quitting === 'done') return;
    event.preventDefault();
    if (quitting === 'closing') return;
    quitting = 'closing';
    log.info('shutting down');
    updater?.stop();
    disposeIpc();
    tray?.destroy();
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, 15_000).unref());
    Promise.race([core.close(), timeout])
      .catch((err: unknown) => console.error('shutdown failed', err))
      .finally(() => {
        quitting = 'done';
        app.quit();
      });
  });
}

if (!app.requestSingleInstanceLock()) {
  // Another instance owns the window: it was told (second-instance) to show itself.
  app.quit();
} else {
  process.on('unhandledRejection', (err) => logger?.error({ err }, 'unhandled rejection'));
  main().catch((err: unknown) => fatal(err, desktopDataDir(process.argv, process.env, app.getPath('userData'))));
}
