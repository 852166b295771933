import { clipboard, Menu, nativeImage, Tray } from 'electron';
import type { Logger } from 'pino';

export interface TrayOptions {
  iconPath: string;
  productName: string;
  /** URL of the embedded listener (staff browsers, router first-login reports); null when it is not running. */
  listenUrl: string | null;
  onOpen(): void;
  onQuit(): void;
  logger: Logger;
}

/**
 * Tray icon with Open / copy listen URL / Quit. The app quits when its window closes (no hidden
 * background mode), so the tray is a shortcut, not a place the app hides in.
 */
/** Electron's clipboard.writeText returns a promise (44+): a failed copy is logged, not an unhandled rejection. */
function copyToClipboard(text: string, logger: Logger): void {
  Promise.resolve()
    .then(() => clipboard.writeText(text))
    .catch((err: unknown) => logger.warn({ err }, 'copy to clipboard failed'));
}

export function createTray(opts: TrayOptions): Tray | null {
  try {
    const image = nativeImage.createFromPath(opts.iconPath);
    const size = process.platform === 'win32' ? 16 : 22;
    const tray = new Tray(image.isEmpty() ? image : image.resize({ width: size, height: size }));
    tray.setToolTip(opts.listenUrl ? `${opts.productName} — ${opts.listenUrl}` : opts.productName);
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: `Open ${opts.productName}`, click: opts.onOpen },
        opts.listenUrl
          ? { label: `Copy address ${opts.listenUrl}`, click: () => copyToClipboard(opts.listenUrl ?? '', opts.logger) }
          : { label: 'Portal listener not running', enabled: false },
        { type: 'separator' },
        { label: 'Quit', click: opts.onQuit },
      ]),
    );
    tray.on('click', opts.onOpen);
    return tray;
  } catch (err) {
    // Some Linux desktops have no tray; the app works without it.
    opts.logger.warn({ err }, 'tray icon not available');
    return null;
  }
}
