import fs from 'node:fs/promises';
import { protocol, type Session } from 'electron';
import { contentTypeOf, resolveRendererFile } from './renderer-files';
import { APP_SCHEME, CONTENT_SECURITY_POLICY } from './trust';

/** Must run before app 'ready': app:// behaves like https (standard, secure origin, fetch). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

const text = (status: number, body: string): Response => new Response(body, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });

/** Serves app://renderer/<path> from the built UI (dist/renderer), read-only, nothing outside it. */
export function serveRenderer(ses: Session, rendererDir: string): void {
  ses.protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, 'Method not allowed');
    const file = resolveRendererFile(rendererDir, request.url);
    if (!file) return text(404, 'Not found');
    let body: Buffer;
    try {
      body = await fs.readFile(file);
    } catch {
      return text(404, 'Not found');
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: {
        'Content-Type': contentTypeOf(file),
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-cache',
      },
    });
  });
}
