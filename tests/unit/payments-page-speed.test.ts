import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type RequestHandler } from 'express';
import helmet from 'helmet';
import { afterEach, describe, expect, it } from 'vitest';
import { windowLimit } from '../../main/core/rate-limit';
import { fixedHeaders } from '../../main/http/server';
import { invoiceReceiptNumbers, payableInvoice, payableInvoicesOf } from '../../main/modules/billing';
import { day, moment, rupiah } from '../../main/modules/payments/pay-page-html';
import { isolatedCustomer, payWorld, type PayWorld } from '../support/payments';

/*
 * Issue 12's speed work on the public pay page and the callback path keeps what they did: the limiter
 * counts and answers per address, the listener's fixed security headers are helmet's, the pay
 * page's invoice reads say what billing's own screens say, and a payment made anywhere shows at the next load.
 */
let w: PayWorld | null = null;
const servers: http.Server[] = [];
afterEach(async () => {
  await w?.close();
  w = null;
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function serve(...mw: RequestHandler[]): Promise<string> {
  const app = express();
  app.set('trust proxy', 'loopback');
  app.get('/x', ...mw, (_req, res) => void res.send('ok'));
  const server = http.createServer(app);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
}

const HEADERS = ['ratelimit', 'ratelimit-policy', 'retry-after'];
async function hit(url: string, ip: string): Promise<{ status: number; headers: Record<string, string | null> }> {
  const res = await fetch(url, { headers: { 'x-forwarded-for': ip } });
  await res.text();
  return { status: res.status, headers: Object.fromEntries(HEADERS.map((h) => [h, res.headers.get(h)])) };
}

describe('the listener limiter (windowLimit)', () => {
  it('counts per address, answers 429 with Retry-After and the draft-8 headers; other addresses pass', async () => {
    const url = await serve(windowLimit({ windowMs: 60_000, limit: 2, handler: (_req, res) => void res.status(429).send('busy') }));
    const statuses = async (ip: string, n: number) => {
      const out: number[] = [];
      for (let i = 0; i < n; i++) out.push((await hit(url, ip)).status);
      return out;
    };
    expect(await statuses('10.0.0.1', 3)).toEqual([200, 200, 429]);
    expect(await statuses('10.0.0.2', 1)).toEqual([200]);
    const last = await hit(url, '10.0.0.1');
    expect(last.status).toBe(429);
    expect(last.headers).toEqual({ ratelimit: expect.stringMatching(/^"2-in-1min"; r=0; t=(59|60)$/) as string, 'ratelimit-policy': expect.stringMatching(/^"2-in-1min"; q=2; w=60; pk=:[A-Za-z0-9+/=]+:$/) as string, 'retry-after': expect.stringMatching(/^(59|60)$/) as string });
  });
});

describe('fixed response headers', () => {
  it("set exactly helmet's headers; a middleware that reads the request is kept as it is", async () => {
    const config = { contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'"], upgradeInsecureRequests: null } }, strictTransportSecurity: false } as const;
    const plain = await fetch(await serve(helmet(config)));
    const fixed = await fetch(await serve(fixedHeaders(helmet(config))));
    const pick = (h: Headers) => [...h.entries()].filter(([k]) => !['date', 'content-length', 'etag', 'connection', 'keep-alive'].includes(k));
    expect(pick(fixed.headers)).toEqual(pick(plain.headers));
    expect(fixed.headers.get('content-security-policy')).toContain("default-src 'self'");
    const reads: RequestHandler = (req, res, next) => {
      res.setHeader('x-path', req.path);
      next();
    };
    expect(fixedHeaders(reads)).toBe(reads);
  });
});

describe('the pay page reads', () => {
  it('say what invoices.get says, and a counter payment shows at the next load: owed, then paid with every receipt', async () => {
    w = await payWorld();
    const world = w;
    const { customerId, invoiceId, total } = await isolatedCustomer(world);
    const link = await world.owner.call('gateway.createLink', { invoiceId });
    const page = async () => (await fetch(`${world.url}/p/${link.code}`)).text();
    const same = async () => {
      const full = await world.owner.call('invoices.get', { id: invoiceId });
      const lean = await payableInvoice(world.core.db.manager, invoiceId);
      expect(lean).toEqual({ id: full.id, number: full.number, customerId, status: full.status, periodStart: full.periodStart, periodEnd: full.periodEnd, dueDate: full.dueDate, total: full.total, remaining: full.remaining });
      expect(await invoiceReceiptNumbers(world.core.db.manager, invoiceId)).toEqual(full.payments.filter((p) => p.kind === 'payment').map((p) => p.number));
      const unpaid = (await world.owner.call('invoices.list', { customerId, status: 'unpaid', page: 1, pageSize: 200 })).items.reverse();
      expect((await payableInvoicesOf(world.core.db.manager, customerId)).map((i) => [i.id, i.remaining])).toEqual(unpaid.map((i) => [i.id, i.remaining]));
      return full;
    };

    await same();
    expect(await page()).toContain(rupiah(total));
    const first = await world.owner.call('payments.create', { customerId, amount: 50_000, method: 'cash' });
    expect((await same()).status).toBe('partial');
    const partly = await page();
    expect(partly).toContain(rupiah(total - 50_000));
    expect(partly).not.toContain('Sudah lunas');
    const second = await world.owner.call('payments.create', { customerId, amount: total - 50_000, method: 'cash' });
    expect((await same()).status).toBe('paid');
    const paid = await page();
    expect(paid).toContain('Sudah lunas');
    expect(paid).toContain(first.number);
    expect(paid).toContain(second.number);

    // A voided invoice's link says so at the next load.
    const charge = await world.owner.call('invoices.createCharge', { customerId, type: 'equipment', amount: 75_000, taxed: false });
    const chargeLink = await world.owner.call('gateway.createLink', { invoiceId: charge.id });
    expect(await (await fetch(`${world.url}/p/${chargeLink.code}`)).text()).toContain(rupiah(75_000));
    await world.owner.call('invoices.void', { id: charge.id, reason: 'salah input' });
    const voided = await fetch(`${world.url}/p/${chargeLink.code}`);
    expect(voided.status).toBe(410);
    expect(await voided.text()).toContain('Tagihan ini dibatalkan');
    expect(await payableInvoice(world.core.db.manager, charge.id)).toMatchObject({ status: 'void', remaining: 0 });
  });

  it('formats money and dates as a fresh Intl formatter does, in both languages and any office time zone', () => {
    expect(rupiah(1_234_567)).toBe(`Rp${new Intl.NumberFormat('id-ID').format(1_234_567)}`);
    expect(day('2026-11-15', 'id')).toBe(new Intl.DateTimeFormat('id-ID', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date('2026-11-15T00:00:00Z')));
    expect(day('2026-11-15', 'en')).toBe('15 Nov 2026');
    const at = '2026-11-15T03:04:00Z';
    for (const tz of ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura']) {
      for (const lang of ['id', 'en'] as const) {
        const fresh = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: tz, timeZoneName: 'short' }).format(new Date(at));
        expect(moment(at, lang, tz)).toBe(fresh);
      }
    }
  });
});
