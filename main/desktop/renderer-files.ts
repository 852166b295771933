import nodePath from 'node:path';
import { APP_HOST, APP_SCHEME } from './trust';

type PathApi = Pick<typeof nodePath, 'resolve' | 'relative' | 'isAbsolute' | 'extname' | 'sep'>;

/**
 * Maps an app://renderer/<path> request to a file inside rootDir, or null (→ 404). Pure: the
 * protocol handler in protocol.ts does the I/O. Refuses other hosts, encoded traversal (%2e%2e,
 * %2f), backslashes and colons (Windows separators and drive letters; the built UI has none), NUL
 * bytes and anything that resolves outside rootDir. `pathApi` lets tests use win32.
 */
export function resolveRendererFile(rootDir: string, requestUrl: string, pathApi: PathApi = nodePath): string | null {
  let u: URL;
  try {
    u = new URL(requestUrl);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return null;
  let rel: string;
  try {
    rel = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (/[\0\\:]/.test(rel)) return null;
  if (rel === '' || rel === '/') rel = '/index.html';
  const root = pathApi.resolve(rootDir);
  const file = pathApi.resolve(root, `.${rel}`);
  const inside = pathApi.relative(root, file);
  if (inside === '' || inside === '..' || inside.startsWith(`..${pathApi.sep}`) || pathApi.isAbsolute(inside)) return null;
  return file;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeOf(file: string, pathApi: PathApi = nodePath): string {
  return TYPES[pathApi.extname(file).toLowerCase()] ?? 'application/octet-stream';
}
