/**
 * Trust rules of the desktop shell as pure functions (no electron import), unit-tested in plain Node:
 * which URLs are the app itself, which external links may open in the browser, the renderer's CSP.
 */

export const APP_SCHEME = 'app';
export const APP_HOST = 'renderer';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The renderer uses hash routing, so this is the only document the window ever loads. */
export const RENDERER_ENTRY = `${APP_ORIGIN}/index.html`;

/** Same policy as the HTTP transport's helmet CSP; delivered as a header on every app:// response. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Hosts whose https links the app may open in the user's browser: WhatsApp chats and map pins from a customer page. Add hosts deliberately. */
export const EXTERNAL_HOSTS: readonly string[] = ['wa.me', 'www.google.com'];

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True only for app://renderer/… — compared on the parsed URL, never with string prefixes. */
export function isAppUrl(url: string | null | undefined): boolean {
  if (!url) return false;
  const u = parse(url);
  return !!u && u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
}

/**
 * The URL to hand to shell.openExternal, or null to refuse: https only, no credentials, and the host
 * exactly on the allow-list. Returns the re-serialised URL (never the raw string from the renderer).
 */
export function allowedExternalUrl(url: string, allowList: readonly string[] = EXTERNAL_HOSTS): string | null {
  const u = parse(url);
  if (!u || u.protocol !== 'https:' || u.username !== '' || u.password !== '') return null;
  const host = u.hostname.toLowerCase();
  return allowList.some((h) => h.toLowerCase() === host) ? u.href : null;
}
