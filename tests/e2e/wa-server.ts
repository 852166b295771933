/**
 * TEST-ONLY server entry (run with tsx by tests/e2e/harness.ts, `server: 'wa-standin'`): main/server.ts's core,
 * but WhatsApp Web is the PRODUCTION adapter (createWebJsChannel) over the scripted stand-in of whatsapp-web.js's
 * Client (tests/support/wwebjs-standin.ts), and the WhatsApp module runs (its channel and sender) although the
 * scheduler does not. A loopback control server on $MB_WA_CONTROL_PORT lets the test act as WhatsApp:
 *   POST /qr               the latest client shows the QR 'QR-TEXT'
 *   POST /ready            the phone scanned it: authenticated, then ready as 6281100000000
 *   POST /numbers          body {"numbers": ["6281…"]}: these numbers are on WhatsApp
 *   POST /ack-all?ack=2    message_ack(ack) for every message sent so far (2 = DEVICE: delivered)
 *   GET  /sent             what was sent: [{ chatId, content, options, id }] (a document: content is the media, the text its caption)
 * Never part of the app: nothing in main/ imports it.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createCore } from '../../main/app/app';
import { parseCli } from '../../main/cli';
import { appRoot, readPackage } from '../../main/core/root';
import { testClock } from '../../main/core/test-clock';
import { createWebJsChannel } from '../../main/modules/whatsapp/channel/webjs';
import type { ChannelFactory } from '../../main/modules/whatsapp';
import type { WaLogger } from '../../main/modules/whatsapp/channel/types';
import { WwebjsWorld } from '../support/wwebjs-standin';

export const WA_ME = '6281100000000';

function body(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let s = '';
    req.on('data', (d: Buffer) => (s += d.toString()));
    req.on('end', () => resolve(s));
    req.on('error', reject);
  });
}

/** The control server: the test's hand on the stand-in (loopback only). */
function control(world: WwebjsWorld, port: number): Promise<http.Server> {
  const srv = http.createServer((req, res) => {
    const reply = (status: number, data: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(data));
    };
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    void (async () => {
      if (req.method === 'GET' && url.pathname === '/sent') return reply(200, world.sent.map(({ chatId, content, options, id }) => ({ chatId, content, options, id })));
      if (req.method !== 'POST') return reply(405, { error: 'method' });
      if (url.pathname === '/numbers') {
        const { numbers } = JSON.parse((await body(req)) || '{}') as { numbers?: unknown };
        if (!Array.isArray(numbers) || !numbers.every((n) => typeof n === 'string' && /^\d{8,15}$/.test(n))) return reply(400, { error: 'numbers: digits 62…' });
        for (const n of numbers as string[]) world.addNumber(n);
        return reply(200, { ok: true });
      }
      // The rest acts on the client WhatsApp runs now; none yet is a 409 the test can poll on.
      const client = world.clients.at(-1);
      if (!client) return reply(409, { error: 'no stand-in client yet' });
      if (url.pathname === '/qr') return reply(200, { qr: client.showQr('QR-TEXT') });
      if (url.pathname === '/ready') {
        client.pair(WA_ME);
        return reply(200, { me: WA_ME });
      }
      if (url.pathname === '/ack-all') {
        const ack = Number(url.searchParams.get('ack') ?? '2');
        if (!Number.isInteger(ack) || ack < -1 || ack > 4) return reply(400, { error: 'ack: -1…4' });
        for (const s of world.sent) client.ack(s.id, ack);
        return reply(200, { acked: world.sent.length });
      }
      return reply(404, { error: 'unknown route' });
    })().catch((err: unknown) => reply(500, { error: String(err) }));
  });
  return new Promise((resolve, reject) => {
    srv.once('error', reject);
    srv.listen(port, '127.0.0.1', () => resolve(srv));
  });
}

async function main(): Promise<void> {
  const cli = parseCli(process.argv.slice(2));
  const controlPort = Number(process.env.MB_WA_CONTROL_PORT);
  if (!Number.isInteger(controlPort) || controlPort <= 0) throw new Error('MB_WA_CONTROL_PORT must be set to a free port');
  const root = appRoot();
  const pkg = readPackage(root);
  const rendererDir = path.join(root, 'dist', 'renderer');
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) throw new Error('dist/renderer is missing: run `node scripts/build.mjs` first');
  const world = new WwebjsWorld();
  // The core's logger exists only once the core does; channels are made after that (the module's start).
  let core: Awaited<ReturnType<typeof createCore>> | null = null;
  const log = (level: keyof WaLogger) => (obj: object, msg?: string) => core?.logger.child({ module: 'whatsapp' })[level](obj, msg);
  const logger: WaLogger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  const channels: ChannelFactory = (s) =>
    s.channel === 'webjs'
      ? createWebJsChannel({ dataDir: cli.dataDir, browserPath: '/stand-in', exists: () => true, clientFactory: world.factory, logger })
      : null;
  const ctl = await control(world, controlPort);
  core = await createCore({
    mode: 'server',
    dataDir: cli.dataDir,
    version: pkg.version,
    productName: pkg.productName,
    http: { enabled: true, host: cli.host, port: cli.port },
    rendererDir,
    // The customer portal's UI (dist/portal), served at /portal/ like main/server.ts does.
    portalDir: path.join(root, 'dist', 'portal'),
    logLevel: cli.logLevel,
    logToConsole: process.env.MB_QUIET !== '1',
    schedule: false,
    now: testClock(process.env.MB_TEST_CLOCK_FILE),
    whatsappChannels: channels,
    whatsappRandom: () => 0,
  });
  // The module's own start (channel + sender), which the app runs only with the scheduler.
  await core.whatsapp.start();
  console.log(`wa-standin server at ${core.url}/ (control 127.0.0.1:${controlPort}, data: ${cli.dataDir})`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    ctl.close();
    await core?.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  console.error('Cannot start the wa-standin server:', err);
  process.exit(1);
});
