import { afterEach, describe, expect, it } from 'vitest';
import { isolationObjects, PAYMENT_GATEWAY_HOSTS } from '../../main/modules/isolation';
import { billingWorld, type BillingWorld } from '../support/billing';

let w: BillingWorld | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

const ISOLATION = { enabled: true, port: 8099, address: '192.168.88.10', allowList: 'isolir-allow', allowHosts: ['bank.example.id'], perMinute: 30 };

async function world(): Promise<BillingWorld> {
  const world = await billingWorld();
  await world.owner.call('settings.update', { group: 'isolation', value: ISOLATION });
  return world;
}

const rules = (world: BillingWorld, menu: '/ip/firewall/filter' | '/ip/firewall/nat') => world.sim.state.menu(menu).all().filter((r) => (r.comment ?? '').startsWith('mb:isolation'));

async function applyAll(world: BillingWorld) {
  const preview = await world.owner.call('isolation.preview', { routerId: world.routerId });
  const r = await world.owner.call('isolation.apply', { routerId: world.routerId, fingerprint: preview.fingerprint });
  await world.core.outbox.idle();
  return { preview, queued: r.queued };
}

describe('isolation set-up of a router', () => {
  it('is generated from the settings: profile address list, walled garden, HTTP dst-nat, forward rules in order', () => {
    const objs = isolationObjects({ profile: 'isolir', list: 'isolir', rateLimit: '128k/128k', allowList: 'isolir-allow', address: '192.168.88.10', port: 8099, allowHosts: ['passport.duitku.com', 'PASSPORT.duitku.com', ''] });
    expect(objs[0]).toEqual({ menu: '/ppp/profile', key: { name: 'isolir' }, present: true, fields: { 'address-list': 'isolir', 'rate-limit': '128k/128k' } });
    expect(objs.filter((o) => o.menu === '/ip/firewall/address-list').map((o) => o.key.address)).toEqual(['192.168.88.10', 'passport.duitku.com']);
    const nat = objs.find((o) => o.menu === '/ip/firewall/nat')!;
    expect(nat).toMatchObject({
      key: { comment: 'mb:isolation:http' },
      fields: { chain: 'dstnat', 'src-address-list': 'isolir', 'dst-address-list': '!isolir-allow', protocol: 'tcp', 'dst-port': '80', action: 'dst-nat', 'to-addresses': '192.168.88.10', 'to-ports': '8099' },
    });
    const filter = objs.filter((o) => o.menu === '/ip/firewall/filter');
    expect(filter.map((o) => o.key.comment)).toEqual(['mb:isolation:nat', 'mb:isolation:allow', 'mb:isolation:dns-udp', 'mb:isolation:dns-tcp', 'mb:isolation:https', 'mb:isolation:drop']);
    expect(filter[4]!.fields).toMatchObject({ chain: 'forward', 'src-address-list': 'isolir', protocol: 'tcp', 'dst-port': '443', action: 'reject', 'reject-with': 'tcp-reset' });
    expect(filter[5]!.fields).toMatchObject({ chain: 'forward', 'src-address-list': 'isolir', action: 'drop' });
    expect(filter[0]!.fields).toMatchObject({ 'connection-nat-state': 'dstnat', action: 'accept' });
  });

  it('is previewed with the exact RouterOS sentences, applied through the outbox onto the simulator, then nothing is left to do', async () => {
    w = await world();
    w.sim.state.menu('/ip/firewall/filter').add({ chain: 'forward', action: 'fasttrack-connection', 'connection-state': 'established,related', comment: 'defconf: fasttrack' });
    const before = await w.owner.call('isolation.preview', { routerId: w.routerId });
    expect(before.applied).toBe(false);
    expect(before.problems).toEqual([]);
    expect(before.summary).toMatchObject({ profile: 'isolir', list: 'isolir', allowList: 'isolir-allow', redirectTo: '192.168.88.10:8099' });
    expect(before.summary.allowHosts).toEqual(['192.168.88.10', ...PAYMENT_GATEWAY_HOSTS, 'bank.example.id']);
    const commands = before.changes.map((c) => c.command);
    expect(commands).toContain('/ip/firewall/nat/add =comment=mb:isolation:http =chain=dstnat =src-address-list=isolir =dst-address-list=!isolir-allow =protocol=tcp =dst-port=80 =action=dst-nat =to-addresses=192.168.88.10 =to-ports=8099 =disabled=no');
    expect(commands).toContain('/ip/firewall/filter/add =comment=mb:isolation:https =chain=forward =src-address-list=isolir =protocol=tcp =dst-port=443 =action=reject =reject-with=tcp-reset =disabled=no');
    expect(commands).toContain('/ip/firewall/address-list/add =list=isolir-allow =address=192.168.88.10 =comment=mb:isolation');
    expect(commands[0]).toBe('/ppp/profile/add =name=isolir =address-list=isolir =rate-limit=128k/128k');
    // Nothing reaches the router before the clerk confirms.
    expect(rules(w, '/ip/firewall/nat')).toHaveLength(0);

    const { queued } = await applyAll(w);
    expect(queued).toBe(before.changes.length);
    expect(w.sim.state.menu('/ppp/profile').find({ name: 'isolir' })).toMatchObject({ 'address-list': 'isolir' });
    expect(rules(w, '/ip/firewall/nat')).toEqual([expect.objectContaining({ action: 'dst-nat', 'to-addresses': '192.168.88.10', 'to-ports': '8099', 'dst-address-list': '!isolir-allow' })]);
    expect(rules(w, '/ip/firewall/filter').map((r) => r.comment)).toEqual(['mb:isolation:nat', 'mb:isolation:allow', 'mb:isolation:dns-udp', 'mb:isolation:dns-tcp', 'mb:isolation:https', 'mb:isolation:drop']);
    expect(w.sim.state.menu('/ip/firewall/filter').all()[0]!.comment).toBe('defconf: fasttrack');
    expect(w.sim.state.menu('/ip/firewall/address-list').filter({ list: 'isolir-allow' })).toHaveLength(PAYMENT_GATEWAY_HOSTS.length + 2);

    const after = await w.owner.call('isolation.preview', { routerId: w.routerId });
    expect(after).toMatchObject({ applied: true, changes: [], reorder: false });
    expect((await w.owner.call('routers.drift', { routerId: w.routerId })).items).toEqual([]);
  });

  it('refuses a stale preview and a set-up without this PC’s address, changing nothing', async () => {
    w = await world();
    const preview = await w.owner.call('isolation.preview', { routerId: w.routerId });
    w.sim.state.menu('/ip/firewall/nat').add({ chain: 'dstnat', action: 'accept', comment: 'mb:isolation:http' });
    expect(await w.owner.try('isolation.apply', { routerId: w.routerId, fingerprint: preview.fingerprint })).toMatchObject({ ok: false, error: { code: 'conflict', details: { reason: 'preview_changed' } } });
    await w.owner.call('settings.update', { group: 'isolation', value: { ...ISOLATION, address: '' } });
    const noAddress = await w.owner.call('isolation.preview', { routerId: w.routerId });
    expect(noAddress.problems).toContain('no_address');
    expect(await w.owner.try('isolation.apply', { routerId: w.routerId, fingerprint: noAddress.fingerprint })).toMatchObject({ ok: false, error: { code: 'conflict', details: { field: 'address' } } });
    const jobs = (await w.core.db.manager.query("SELECT count(*) AS n FROM router_jobs WHERE source = 'isolation.apply'")) as { n: number }[];
    expect(jobs[0]!.n).toBe(0);
  });

  it('drift checks see a rule removed or changed on the router, and the repair puts it back', async () => {
    w = await world();
    await applyAll(w);
    const nat = w.sim.state.menu('/ip/firewall/nat');
    nat.update(nat.find({ comment: 'mb:isolation:http' })!['.id']!, { 'to-ports': '8080' });
    const filter = w.sim.state.menu('/ip/firewall/filter');
    filter.remove(filter.find({ comment: 'mb:isolation:https' })!['.id']!);
    // A rule of someone else's is not judged.
    filter.add({ chain: 'forward', action: 'drop', comment: 'staff rule' });

    const drift = await w.owner.call('routers.drift', { routerId: w.routerId });
    expect(drift.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ menu: '/ip/firewall/nat', kind: 'different', fields: [{ field: 'to-ports', router: '8080', desired: '8099' }] }),
        expect.objectContaining({ menu: '/ip/firewall/filter', kind: 'missing', key: { comment: 'mb:isolation:https' } }),
      ]),
    );
    expect(drift.items).toHaveLength(2);

    // The isolation card's preview: the missing HTTPS reject would land after the drop, so the rules are redone in order.
    const preview = await w.owner.call('isolation.preview', { routerId: w.routerId });
    expect(preview.reorder).toBe(true);
    expect(preview.changes.find((c) => c.menu === '/ip/firewall/nat')).toMatchObject({ action: 'set', fields: [{ field: 'to-ports', router: '8080', desired: '8099' }] });
    await w.owner.call('isolation.apply', { routerId: w.routerId, fingerprint: preview.fingerprint });
    await w.core.outbox.idle();
    expect(rules(w, '/ip/firewall/filter').map((r) => r.comment)).toEqual(['mb:isolation:nat', 'mb:isolation:allow', 'mb:isolation:dns-udp', 'mb:isolation:dns-tcp', 'mb:isolation:https', 'mb:isolation:drop']);
    expect(filter.find({ comment: 'staff rule' })).toBeDefined();
    expect(nat.find({ comment: 'mb:isolation:http' })!['to-ports']).toBe('8099');
    expect((await w.owner.call('routers.drift', { routerId: w.routerId })).items).toEqual([]);
  });

  it('a host taken off the walled garden is removed from the router; a changed port is drift until applied', async () => {
    w = await world();
    await applyAll(w);
    await w.owner.call('settings.update', { group: 'isolation', value: { ...ISOLATION, allowHosts: [], port: 8100 } });
    const drift = await w.owner.call('routers.drift', { routerId: w.routerId });
    expect(drift.items).toEqual([expect.objectContaining({ menu: '/ip/firewall/nat', fields: [{ field: 'to-ports', router: '8099', desired: '8100' }] })]);
    const preview = await w.owner.call('isolation.preview', { routerId: w.routerId });
    expect(preview.changes.map((c) => `${c.action} ${c.menu} ${JSON.stringify(c.key)}`)).toEqual([
      'set /ip/firewall/nat {"comment":"mb:isolation:http"}',
      'remove /ip/firewall/address-list {"list":"isolir-allow","address":"bank.example.id"}',
    ]);
    await w.owner.call('isolation.apply', { routerId: w.routerId, fingerprint: preview.fingerprint });
    await w.core.outbox.idle();
    expect(w.sim.state.menu('/ip/firewall/address-list').find({ address: 'bank.example.id' })).toBeUndefined();
    expect((await w.owner.call('isolation.preview', { routerId: w.routerId })).changes).toEqual([]);
    expect((await w.owner.call('routers.drift', { routerId: w.routerId })).items).toEqual([]);
  });
});
