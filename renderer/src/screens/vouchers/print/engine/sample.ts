import type { VoucherPrintData } from '../../../../../../shared/contract/voucher-templates';

/** Made-up vouchers for the template editor's live preview (both modes, a time and a data limit). */
export function sampleData(office: { name: string; logo: string | null; phone: string }, loginUrl = 'http://hotspot.net/login'): VoucherPrintData {
  const dnsName = (/^https?:\/\/([^/?#]+)/.exec(loginUrl)?.[1] ?? '') || 'hotspot.net';
  const base = { profile: '1 Hari', validity: '1d', timeLimit: null, dataQuotaMb: null, price: 5000, comment: 'vc-123-11.25.26', routerId: 1 };
  return {
    office,
    hotspotName: office.name,
    routers: [{ id: 1, name: 'Router', dnsName, loginUrl }],
    sending: 0,
    vouchers: [
      { ...base, id: 1, serial: 101, username: 'K7RT4X', password: 'K7RT4X', mode: 'vc' },
      { ...base, id: 2, serial: 102, username: 'tamu12', password: '8394', mode: 'up', profile: '3 Jam', validity: '1d', timeLimit: '3h', price: 3000 },
      { ...base, id: 3, serial: 103, username: 'P2MW9H', password: 'P2MW9H', mode: 'vc', profile: 'Kuota 2 GB', validity: '7d', dataQuotaMb: 2048, price: 10000 },
    ],
  };
}
