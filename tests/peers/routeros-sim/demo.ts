/** A small, plausible router for demos and UI work (`npm run sim:router -- --seed-demo`). */
import type { SimState } from './state';

const mikhmonOnLogin = (price: number, validity: string): string =>
  `:put (",rem,${price},${validity},${price},,Disable,"); {:local date [/system clock get date ];}`;

export function seedDemo(state: SimState): void {
  state.identity = 'RT05-Mawar';
  const hsProfiles = state.menu('/ip/hotspot/user/profile');
  hsProfiles.add({ name: '1Hari', 'rate-limit': '1M/2M', 'shared-users': 1, 'on-login': mikhmonOnLogin(5000, '1d') });
  hsProfiles.add({ name: '1Minggu', 'rate-limit': '2M/4M', 'shared-users': 1, 'on-login': mikhmonOnLogin(25000, '7d') });

  const ppProfiles = state.menu('/ppp/profile');
  ppProfiles.add({ name: '10Mbps', 'local-address': '10.10.0.1', 'remote-address': 'pppoe-pool', 'rate-limit': '5M/10M' });
  ppProfiles.add({ name: '20Mbps', 'local-address': '10.10.0.1', 'remote-address': 'pppoe-pool', 'rate-limit': '10M/20M' });
  ppProfiles.add({ name: 'ISOLIR', 'local-address': '10.255.0.1', 'remote-address': 'isolir-pool', 'rate-limit': '128k/128k',
    'address-list': 'ISOLIR' });

  const secrets = state.menu('/ppp/secret');
  const customers = ['budi', 'siti', 'agus', 'dewi', 'rahmat'];
  customers.forEach((c, i) => {
    secrets.add({ name: `cust00${i + 1}`, password: `${c}123`, service: 'pppoe', profile: i % 2 ? '20Mbps' : '10Mbps',
      comment: `${c[0]!.toUpperCase()}${c.slice(1)} RT05` });
  });
  secrets.update(secrets.find({ name: 'cust005' })!['.id']!, { profile: 'ISOLIR', comment: 'Rahmat RT05 (isolated)' });

  const users = state.menu('/ip/hotspot/user');
  for (const code of ['K7P2Q', 'M3X9A', 'Q8T4Z', 'B2N6W']) {
    users.add({ name: code, password: code, profile: '1Hari', 'limit-uptime': '1d', comment: 'vc-042-05.12.25' });
  }
  users.add({ name: 'R5J8C', password: 'R5J8C', profile: '1Minggu', comment: '2025-12-12 13:00:00' });
  users.add({ name: 'rina', password: '4821', profile: '1Minggu', comment: 'up-117-05.12.25' });

  state.login('/ppp/active', { name: 'cust001', uptime: '3d4h12m' });
  state.login('/ppp/active', { name: 'cust002', uptime: '1h5m' });
  state.login('/ip/hotspot/active', { user: 'R5J8C', uptime: '2h14m', 'bytes-in': 48211990, 'bytes-out': 512003311 });

  state.menu('/ip/firewall/address-list').add({ list: 'ISOLIR', address: '10.255.0.5', comment: 'cust005' });
  state.menu('/queue/simple').add({ name: 'cust001', target: '10.10.0.2/32', 'max-limit': '5M/10M' });
  state.menu('/system/script').add({ name: '2025-12-05-|-09:12:44-|-K7P2Q-|-5000-|-10.5.50.2-|-02:00:00:00:02:01-|-1d-|-1Hari-|-vc-042-05.12.25',
    owner: 'dec2025', source: '2025-12-05', comment: 'mikhmon' });
}
