import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentTypeOf, resolveRendererFile } from '../../main/desktop/renderer-files';
import { allowedExternalUrl, APP_ORIGIN, CONTENT_SECURITY_POLICY, isAppUrl, RENDERER_ENTRY } from '../../main/desktop/trust';

describe('isAppUrl (IPC sender check)', () => {
  it('trusts the app protocol and host only', () => {
    expect(RENDERER_ENTRY).toBe('app://renderer/index.html');
    expect(isAppUrl(RENDERER_ENTRY)).toBe(true);
    expect(isAppUrl(`${APP_ORIGIN}/index.html#/users`)).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['null', null],
    ['not a URL', 'renderer'],
    ['other scheme', 'https://renderer/index.html'],
    ['file', 'file:///app/dist/renderer/index.html'],
    ['other host', 'app://evil/index.html'],
    ['host with suffix', 'app://renderer.evil.com/index.html'],
    ['host as userinfo', 'app://renderer@evil/index.html'],
    ['credentials', 'app://user:pw@renderer/index.html'],
    ['port', 'app://renderer:8080/index.html'],
    ['prefix trick', 'app://rendererx/'],
    ['data URL', 'data:text/html,<script>1</script>'],
    ['about:blank', 'about:blank'],
    ['local http', 'http://127.0.0.1:8090/'],
  ])('refuses %s', (_name, url) => {
    expect(isAppUrl(url)).toBe(false);
  });
});

describe('allowedExternalUrl (shell.openExternal)', () => {
  it('allows nothing by default', () => {
    expect(allowedExternalUrl('https://mikrotik.com/')).toBeNull();
  });

  it('allows https links to allow-listed hosts only, re-serialised', () => {
    const list = ['help.example.com'];
    expect(allowedExternalUrl('https://HELP.example.com/a b', list)).toBe('https://help.example.com/a%20b');
    expect(allowedExternalUrl('http://help.example.com/', list)).toBeNull();
    expect(allowedExternalUrl('https://help.example.com.evil.io/', list)).toBeNull();
    expect(allowedExternalUrl('https://evil.io/?help.example.com', list)).toBeNull();
    expect(allowedExternalUrl('https://user@help.example.com/', list)).toBeNull();
    expect(allowedExternalUrl('file:///etc/passwd', list)).toBeNull();
    expect(allowedExternalUrl('javascript:alert(1)', list)).toBeNull();
    expect(allowedExternalUrl('not a url', list)).toBeNull();
  });
});

describe('CSP', () => {
  it('allows only the app itself (inline styles for the UI kit, data: images)', () => {
    const directives = Object.fromEntries(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
    expect(directives).toMatchObject({
      'default-src': "'self'",
      'script-src': "'self'",
      'style-src': "'self' 'unsafe-inline'",
      'img-src': "'self' data:",
      'connect-src': "'self'",
      'object-src': "'none'",
    });
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
  });
});

describe('resolveRendererFile (app:// protocol)', () => {
  const root = path.resolve('/opt/app/dist/renderer');

  it('serves files inside the renderer folder', () => {
    expect(resolveRendererFile(root, 'app://renderer/')).toBe(path.join(root, 'index.html'));
    expect(resolveRendererFile(root, 'app://renderer')).toBe(path.join(root, 'index.html'));
    expect(resolveRendererFile(root, 'app://renderer/index.html?x=1#/users')).toBe(path.join(root, 'index.html'));
    expect(resolveRendererFile(root, 'app://renderer/assets/index-abc.js')).toBe(path.join(root, 'assets', 'index-abc.js'));
    expect(resolveRendererFile(root, 'app://renderer/assets/my%20font.woff2')).toBe(path.join(root, 'assets', 'my font.woff2'));
    expect(resolveRendererFile(root, 'app://renderer/..hidden.js')).toBe(path.join(root, '..hidden.js'));
  });

  it.each([
    ['other host', 'app://evil/index.html'],
    ['other scheme', 'file:///opt/app/dist/renderer/index.html'],
    ['encoded slashes', 'app://renderer/..%2f..%2fetc%2fpasswd'],
    ['encoded backslashes', 'app://renderer/..%5c..%5cwindows%5cwin.ini'],
    ['drive letter', 'app://renderer/C:/Windows/win.ini'],
    ['encoded drive letter', 'app://renderer/C%3A%5CWindows'],
    ['NUL byte', 'app://renderer/index.html%00.png'],
    ['malformed escape', 'app://renderer/%E0%A4%A'],
    ['the folder itself', 'app://renderer/assets%2f..'],
    ['not a URL', '::'],
  ])('refuses %s', (_name, url) => {
    expect(resolveRendererFile(root, url)).toBeNull();
  });

  it('lets the URL parser clamp plain and %2e dot segments (as Chromium does): the result stays inside', () => {
    expect(resolveRendererFile(root, 'app://renderer/../../etc/passwd')).toBe(path.join(root, 'etc', 'passwd'));
    expect(resolveRendererFile(root, 'app://renderer/%2e%2e/%2e%2e/etc/passwd')).toBe(path.join(root, 'etc', 'passwd'));
  });

  it('never leaves the folder (posix and win32 path rules)', () => {
    const attacks = ['/../x', '/%2e%2e/x', '/a/%2e%2e/%2e%2e/x', '/..%2fx', '/..%5cx', '/%5c%5cserver%5cshare', '/C:%5cx', '//etc/passwd'];
    for (const [api, dir] of [
      [path.posix, '/srv/app/dist/renderer'],
      [path.win32, 'C:\\app\\dist\\renderer'],
    ] as const) {
      for (const a of attacks) {
        const file = resolveRendererFile(dir, `app://renderer${a}`, api);
        if (file === null) continue;
        const rel = api.relative(dir, file);
        expect(rel === '' || rel === '..' || rel.startsWith(`..${api.sep}`) || api.isAbsolute(rel), `${a} → ${file}`).toBe(false);
      }
      expect(resolveRendererFile(dir, 'app://renderer/..%5cx', api)).toBeNull();
      expect(resolveRendererFile(dir, 'app://renderer/assets/a.js', api)).toBe(api.join(dir, 'assets', 'a.js'));
    }
  });

  it('knows the content types the built UI uses', () => {
    expect(contentTypeOf('/x/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeOf('/x/a.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeOf('/x/a.css')).toBe('text/css; charset=utf-8');
    expect(contentTypeOf('/x/a.woff2')).toBe('font/woff2');
    expect(contentTypeOf('/x/a.bin')).toBe('application/octet-stream');
  });
});
