import { afterEach, describe, expect, it } from 'vitest';
import { API_KEY, payWorld, postCallback, type PayWorld } from '../support/payments';

/*
 * The callback path is public, so it is rate-limited per address (DuitKu retries five times; a dashboard resend
 * is one more): the default refuses a flood from one address with 429, and the limit the office (or a test)
 * sets is the one that holds — the listener's own backstop does not silently cap it.
 */
let w: PayWorld | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

const unknown = { orderId: 'MB-unknown', amount: '1000', status: 'PAID', key: API_KEY };

async function flood(world: PayWorld, n: number): Promise<Map<number, number>> {
  const codes = new Map<number, number>();
  for (let sent = 0; sent < n; sent += 50) {
    const batch = await Promise.all(Array.from({ length: Math.min(50, n - sent) }, () => postCallback(world, unknown)));
    for (const r of batch) codes.set(r.status, (codes.get(r.status) ?? 0) + 1);
  }
  return codes;
}

describe('payment callback limits', () => {
  it('the default limit answers a flood from one address with 429 after 120 a minute, and nothing else fails', async () => {
    w = await payWorld({ core: { paymentCallbackRateLimit: undefined } });
    const codes = await flood(w, 150);
    expect(codes.get(200)).toBe(120);
    expect(codes.get(429)).toBe(30);
    expect([...codes.keys()].sort()).toEqual([200, 429]);
  });

  it('a raised limit holds beyond the listener-wide 600 a minute when the listener is told so', async () => {
    w = await payWorld({ core: { paymentCallbackRateLimit: 10_000, httpLimits: { routesPerMinute: 10_000 } } });
    const codes = await flood(w, 700);
    expect([...codes.entries()]).toEqual([[200, 700]]);
  });
});

describe('pay page limits', () => {
  it('customers sharing one address (carrier NAT) each keep their own allowance per link; one link is still limited', async () => {
    w = await payWorld();
    const paths: string[] = [];
    for (const [i, name] of ['Dewi', 'Eka', 'Fajar'].entries()) {
      const c = await w.owner.call('customers.create', { name, phone: `08123456780${i}` });
      const charge = await w.owner.call('invoices.createCharge', { customerId: c.id, type: 'installation', amount: 100_000, taxed: false });
      const link = await w.owner.call('gateway.createLink', { invoiceId: charge.id });
      paths.push(new URL(link.url).pathname);
    }
    const load = async (p: string) => (await fetch(`${w!.url}${p}`)).status;
    // 150 loads from one address, 50 per link: each link stays within its own allowance.
    const first: number[] = [];
    for (let round = 0; round < 50; round++) first.push(...(await Promise.all(paths.map(load))));
    expect(first.filter((s) => s !== 200)).toEqual([]);
    // One link reloaded past its allowance is refused.
    const more: number[] = [];
    for (let round = 0; round < 15; round++) more.push(await load(paths[0]!));
    expect(more.filter((s) => s === 429).length).toBeGreaterThan(0);
  });
});
