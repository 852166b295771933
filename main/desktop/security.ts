import { app, shell, type Session, type WebContents, type WebFrameMain, type WebPreferences } from 'electron';
import type { Logger } from 'pino';
import { allowedExternalUrl, APP_SCHEME, CONTENT_SECURITY_POLICY, isAppUrl } from './trust';

/** The only webPreferences a window of this app gets (Electron security checklist items 2–6). */
export function secureWebPreferences(preload?: string): WebPreferences {
  return {
    ...(preload ? { preload } : {}),
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    spellcheck: false,
  };
}

/** IPC from anything but the app's own pages (app://renderer) is refused. */
export function isTrustedSender(frame: WebFrameMain | null | undefined): boolean {
  return !!frame && !frame.isDestroyed() && isAppUrl(frame.url);
}

/** CSP header on app:// and file:// responses; every permission request and check denied. */
export function hardenSession(ses: Session): void {
  ses.webRequest.onHeadersReceived((details, callback) => {
    const scheme = details.url.slice(0, details.url.indexOf(':'));
    if (scheme !== APP_SCHEME && scheme !== 'file') return callback({});
    const headers = { ...details.responseHeaders };
    for (const key of Object.keys(headers)) if (key.toLowerCase() === 'content-security-policy') delete headers[key];
    callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
}

/** Navigation, redirects, <webview> and new windows are all refused; allow-listed https links open in the browser. */
export function hardenWebContents(contents: WebContents, logger: () => Logger | null): void {
  const refuse = (what: string) => (event: { preventDefault(): void }, url: string) => {
    event.preventDefault();
    openIfAllowed(url, what, logger());
  };
  contents.on('will-navigate', refuse('navigation'));
  contents.on('will-redirect', refuse('redirect'));
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame && !isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openIfAllowed(url, 'new window', logger());
    return { action: 'deny' };
  });
}

function openIfAllowed(url: string, what: string, logger: Logger | null): void {
  const external = allowedExternalUrl(url);
  if (external) {
    shell.openExternal(external).catch((err: unknown) => logger?.warn({ err, url: external }, 'could not open link'));
  } else {
    logger?.warn({ url: url.slice(0, 200), what }, 'blocked by the desktop security policy');
  }
}

/** Applies hardenWebContents to every webContents the app ever creates (windows, print windows). */
export function installSecurity(logger: () => Logger | null): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, logger));
}
