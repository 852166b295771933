import { describe, expect, it } from 'vitest';
import { metaLine, mikhmonScriptParts, parseBatchComment, parseExpiryComment, parseProfileOnLogin, parseSaleScript } from '../../main/modules/routers/import/mikhmon';
import { createRouterClient } from '../../main/modules/routers/client';
import { seedDemo, startRouterSim } from '../peers/routeros-sim';

const WIB = 7 * 60;

describe("Mikhmon's conventions", () => {
  it('batch comments: vc/up, batch id, date, note', () => {
    expect(parseBatchComment('vc-042-05.12.25')).toEqual({ mode: 'vc', batchId: '042', generatedOn: '2025-05-12', note: '' });
    expect(parseBatchComment('up-117-11.30.26-Promo RT05')).toEqual({ mode: 'up', batchId: '117', generatedOn: '2026-11-30', note: 'Promo RT05' });
    for (const not of ['', 'Budi RT05', 'vc-042', 'xx-042-05.12.25', 'vc-042-13.01.25', 'jan/02/2024 13:00:00']) expect(parseBatchComment(not), not).toBeNull();
  });

  it('expiry written at first login, in both RouterOS date styles, in the router’s local time', () => {
    const expected = new Date('2024-01-02T06:00:00Z'); // 13:00 WIB
    expect(parseExpiryComment('jan/02/2024 13:00:00', WIB)).toEqual(expected);
    expect(parseExpiryComment('2024-01-02 13:00:00', WIB)).toEqual(expected);
    expect(parseExpiryComment('Dec/31/2025 23:59:59', WIB)).toEqual(new Date('2025-12-31T16:59:59Z'));
    for (const not of ['', 'vc-042-05.12.25', 'foo/02/2024 13:00:00', '2024-02-31 10:00:00', '2024-01-02 25:00:00', '2024-01-02']) expect(parseExpiryComment(not, WIB), not).toBeNull();
  });

  it("profile metadata from the on-login script: expiry mode, prices in rupiah, validity, MAC lock", () => {
    expect(parseProfileOnLogin(':put (",rem,5000,1d,6000,,Disable,"); {:local date [/system clock get date ];}')).toEqual({
      expiryMode: 'remove', price: 5000, sellingPrice: 6000, validity: '1d', lockToMac: false,
    });
    expect(parseProfileOnLogin(':put (",ntfc,25000,7d,25000,,Enable,"); :local x')).toMatchObject({ expiryMode: 'notice-record', lockToMac: true, validity: '7d' });
    expect(parseProfileOnLogin(':put (",0,0,,0,,Disable,")')).toMatchObject({ expiryMode: 'none', price: 0, validity: null });
    expect(parseProfileOnLogin('')).toBeNull();
    expect(parseProfileOnLogin(':log info "hello"')).toBeNull();
    // An expiring mode without a validity is no Mikhmon profile.
    expect(parseProfileOnLogin(':put (",rem,5000,,5000,,Disable,")')).toBeNull();
  });

  it('profiles that never expire: Mikhmon\'s "None" (noexp), and 0 as expmode in older forms', () => {
    // mikhmonv3 hotspot/adduserprofile.php: ':put (",,' . $price . ',,,noexp,' . $getlock . ',")' . $lock
    expect(parseProfileOnLogin(':put (",,5000,,,noexp,Disable,")')).toEqual({ expiryMode: 'none', price: 5000, sellingPrice: 5000, validity: null, lockToMac: false });
    expect(parseProfileOnLogin(':put (",,3000,,,noexp,Enable,"); [:local mac $"mac-address"; /ip hotspot user set mac-address=$mac [find where name=$user]]')).toEqual({
      expiryMode: 'none', price: 3000, sellingPrice: 3000, validity: null, lockToMac: true,
    });
    // Older forms: 0 as expmode; a validity written there is not used.
    expect(parseProfileOnLogin(':put (",0,2000,1d,2500,,Disable,")')).toEqual({ expiryMode: 'none', price: 2000, sellingPrice: 2500, validity: null, lockToMac: false });
    // noexp belongs with an empty expmode; anything else there is not Mikhmon's.
    expect(parseProfileOnLogin(':put (",xyz,5000,,,noexp,Disable,")')).toBeNull();
  });

  it("what a Mikhmon on-login script does besides its metadata (lost when it is replaced)", () => {
    const ntfc = ':put (",ntfc,5000,7d,6000,,Enable,"); {:local date [ /system clock get date ];:local comment [ /ip hotspot user get [/ip hotspot user find where name="$user"] comment]; :if ($comment = "") do={ /sys sch add name="$user" disable=no start-date=$date interval="7d"; :delay 2s; /sys sch remove [find where name="$user"]; /system script add name="$date-|-$user" owner="dec2025" source=$date comment=mikhmon }}; [:local mac $"mac-address"; /ip hotspot user set mac-address=$mac [find where name=$user]]';
    expect(mikhmonScriptParts(ntfc)).toEqual(['expiry', 'record', 'lock']);
    expect(mikhmonScriptParts(':put (",,5000,,,noexp,Disable,")')).toEqual([]);
    expect(metaLine(ntfc)).toBe(':put (",ntfc,5000,7d,6000,,Enable,")');
    expect(metaLine('')).toBeNull();
  });

  it('sales records kept as scripts', () => {
    expect(parseSaleScript('2025-12-05-|-09:12:44-|-K7P2Q-|-5000-|-10.5.50.2-|-02:00:00:00:02:01-|-1d-|-1Hari-|-vc-042-05.12.25')).toEqual({
      soldOn: '2025-12-05', time: '09:12:44', username: 'K7P2Q', price: 5000, address: '10.5.50.2', mac: '02:00:00:00:02:01', validity: '1d', profile: '1Hari', comment: 'vc-042-05.12.25',
    });
    expect(parseSaleScript('jan/05/2024-|-09:12:44-|-K7P2Q-|-5000-|-a-|-m-|-1d-|-1Hari-|-')?.soldOn).toBe('2024-01-05');
    expect(parseSaleScript('backup-script')).toBeNull();
  });

  it('reads a Mikhmon-managed router (the simulator’s demo) and recognises its stock', async () => {
    const sim = await startRouterSim({ user: 'admin', password: 'x', version: '7.18.2' });
    seedDemo(sim.state);
    const client = createRouterClient({ host: sim.host, port: sim.port, tls: false, username: 'admin', password: 'x' }, { keepaliveMs: 0 });
    try {
      const profiles = await client.print('/ip/hotspot/user/profile', { proplist: ['name', 'on-login'] });
      const meta = Object.fromEntries(profiles.map((p) => [p.name, parseProfileOnLogin(p['on-login'])]));
      expect(meta['1Hari']).toMatchObject({ price: 5000, validity: '1d' });
      expect(meta['1Minggu']).toMatchObject({ price: 25000, validity: '7d' });
      const users = await client.print('/ip/hotspot/user', { proplist: ['name', 'comment'] });
      const unused = users.filter((u) => parseBatchComment(u.comment));
      const used = users.filter((u) => parseExpiryComment(u.comment, WIB));
      expect(unused.map((u) => u.name).sort()).toEqual(['B2N6W', 'K7P2Q', 'M3X9A', 'Q8T4Z', 'rina']);
      expect(used.map((u) => u.name)).toEqual(['R5J8C']);
      const sales = (await client.print('/system/script', { proplist: ['name'] })).map((s) => parseSaleScript(s.name)).filter(Boolean);
      expect(sales).toHaveLength(1);
    } finally {
      await client.close();
      await sim.close();
    }
  });
});
