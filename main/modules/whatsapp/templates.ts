import type { EntityManager } from 'typeorm';
import { AppError } from '../../../shared/errors';
import { WA_PLACEHOLDERS, WA_TEMPLATE_EVENTS, type WaPlaceholder, type WaTemplateDto, type WaTemplateEvent } from '../../../shared/contract/whatsapp';

/*
 * Message templates (issue 13): the shipped text of every event in Indonesian and English, an office's edits
 * (wa_templates), and rendering with `{placeholder}`s. Texts are short and personal (a name, an amount): varied
 * text per customer is one of the habits that keeps a number from being banned.
 */

export type Lang = 'id' | 'en';
export type Vars = Partial<Record<WaPlaceholder, string>>;

export const DEFAULT_TEMPLATES: Record<WaTemplateEvent, Record<Lang, string>> = {
  invoice_issued: {
    id: 'Halo {nama}, tagihan internet {periode} sudah terbit: {jumlah}, jatuh tempo {jatuh_tempo} (no. {no_tagihan}).\nBayar online: {link_bayar}\n\nTerima kasih,\n{kantor}',
    en: 'Hello {nama}, your internet bill for {periode} is ready: {jumlah}, due {jatuh_tempo} (no. {no_tagihan}).\nPay online: {link_bayar}\n\nThank you,\n{kantor}',
  },
  reminder_before: {
    id: 'Halo {nama}, mengingatkan tagihan internet {jumlah} jatuh tempo {jatuh_tempo}.\nBayar online: {link_bayar}\nAbaikan pesan ini bila sudah membayar. – {kantor}',
    en: 'Hello {nama}, a reminder that your internet bill of {jumlah} is due {jatuh_tempo}.\nPay online: {link_bayar}\nIgnore this message if you have paid already. – {kantor}',
  },
  reminder_due: {
    id: 'Halo {nama}, hari ini ({jatuh_tempo}) jatuh tempo tagihan internet {jumlah}.\nBayar online: {link_bayar}\nAbaikan bila sudah membayar. – {kantor}',
    en: 'Hello {nama}, your internet bill of {jumlah} is due today ({jatuh_tempo}).\nPay online: {link_bayar}\nIgnore this if you have paid already. – {kantor}',
  },
  reminder_after: {
    id: 'Halo {nama}, tagihan internet {jumlah} sudah lewat jatuh tempo ({jatuh_tempo}). Mohon segera dibayar agar layanan tidak terputus.\nBayar online: {link_bayar}\nInfo: {telp_kantor} – {kantor}',
    en: 'Hello {nama}, your internet bill of {jumlah} is past its due date ({jatuh_tempo}). Please pay soon so the service is not cut off.\nPay online: {link_bayar}\nHelp: {telp_kantor} – {kantor}',
  },
  isolated: {
    id: 'Halo {nama}, layanan internet Anda sementara diisolir karena tagihan {jumlah} belum dibayar. Setelah dibayar, internet aktif kembali dalam satu menit.\nBayar online: {link_bayar}\nInfo: {telp_kantor} – {kantor}',
    en: 'Hello {nama}, your internet service is suspended because {jumlah} is unpaid. Once paid it is back within a minute.\nPay online: {link_bayar}\nHelp: {telp_kantor} – {kantor}',
  },
  restored: {
    id: 'Halo {nama}, terima kasih. Layanan internet Anda sudah aktif kembali. – {kantor}',
    en: 'Hello {nama}, thank you. Your internet service is active again. – {kantor}',
  },
  payment_received: {
    id: 'Terima kasih {nama}, pembayaran {jumlah} sudah kami terima (kuitansi {no_kuitansi}). Sisa tagihan: {saldo}. – {kantor}',
    en: 'Thank you {nama}, we have received your payment of {jumlah} (receipt {no_kuitansi}). Still to pay: {saldo}. – {kantor}',
  },
  voucher_bought: {
    id: 'Terima kasih! Voucher WiFi {paket} Anda: {kode_voucher}\nSambungkan ke WiFi kami lalu masukkan kode ini.\nVoucher dan QR untuk masuk: {link_voucher}\n– {kantor}',
    en: 'Thank you! Your WiFi voucher {paket}: {kode_voucher}\nConnect to our WiFi and enter this code.\nThe voucher and a QR code to log in: {link_voucher}\n– {kantor}',
  },
  welcome: {
    id: 'Selamat datang {nama}! Layanan internet {paket} Anda sudah aktif.\nNomor pelanggan: {no_pelanggan}\nUsername PPPoE: {username}\nPassword: {password}\nSimpan pesan ini. Info: {telp_kantor} – {kantor}',
    en: 'Welcome {nama}! Your internet service {paket} is active.\nCustomer number: {no_pelanggan}\nPPPoE username: {username}\nPassword: {password}\nKeep this message. Help: {telp_kantor} – {kantor}',
  },
  promise_to_pay: {
    id: 'Halo {nama}, janji bayar Anda kami catat sampai {tanggal_janji}. Layanan tetap aktif sampai tanggal itu. Tagihan: {jumlah}.\nBayar online: {link_bayar}\n– {kantor}',
    en: 'Hello {nama}, we noted your promise to pay by {tanggal_janji}. The service stays on until then. Amount: {jumlah}.\nPay online: {link_bayar}\n– {kantor}',
  },
  reply_info: {
    id: 'Halo {nama} ({no_pelanggan}). Tagihan yang belum dibayar: {jumlah}. Saldo: {saldo}.\nBayar online: {link_bayar}\n– {kantor}',
    en: 'Hello {nama} ({no_pelanggan}). Unpaid: {jumlah}. Balance: {saldo}.\nPay online: {link_bayar}\n– {kantor}',
  },
  opt_out: {
    id: 'Baik, {nama}. Anda tidak akan menerima pesan WhatsApp dari {kantor} lagi. Balas MULAI bila ingin menerimanya kembali.',
    en: 'All right, {nama}. You will not get WhatsApp messages from {kantor} any more. Reply MULAI to get them again.',
  },
  ticket_opened: {
    id: 'Halo {nama}, laporan gangguan Anda sudah kami terima dengan nomor {no_tiket}. Petugas kami akan segera menanganinya.\nInfo: {telp_kantor} – {kantor}',
    en: 'Hello {nama}, we have received your trouble report, number {no_tiket}. Our staff will handle it soon.\nHelp: {telp_kantor} – {kantor}',
  },
  ticket_updated: {
    id: 'Halo {nama}, laporan gangguan {no_tiket}: {status_tiket}.\nCatatan: {catatan_tiket}\n– {kantor}',
    en: 'Hello {nama}, trouble report {no_tiket}: {status_tiket}.\nNote: {catatan_tiket}\n– {kantor}',
  },
};

const PLACEHOLDER = /\{([a-z_]+)\}/g;

const value = (vars: Vars, name: string): string => ((WA_PLACEHOLDERS as readonly string[]).includes(name) ? (vars[name as WaPlaceholder] ?? '') : '');

/**
 * The text with its placeholders filled; an unknown or empty placeholder becomes '' (never a raw "{…}"). A line
 * whose placeholders are all empty and that then ends in a colon ("Bayar online: " without a link) is left out.
 */
export function render(body: string, vars: Vars): string {
  return body
    .split('\n')
    .flatMap((line) => {
      const names = [...line.matchAll(PLACEHOLDER)].map((m) => m[1]!);
      const filled = line.replace(PLACEHOLDER, (_m, name: string) => value(vars, name));
      if (names.length > 0 && names.every((n) => value(vars, n) === '') && /:\s*$/.test(filled)) return [];
      return [filled.replace(/\( *\)/g, '').replace(/ {2,}/g, ' ').replace(/ +([,.)])/g, '$1').trimEnd()];
    })
    .join('\n')
    .trim();
}

/** Placeholders a text uses that do not exist (the editor warns). */
export function unknownPlaceholders(body: string): string[] {
  return [...new Set([...body.matchAll(PLACEHOLDER)].map((m) => m[1]!).filter((n) => !(WA_PLACEHOLDERS as readonly string[]).includes(n)))];
}

type Row = { event: WaTemplateEvent; lang: Lang; body: string; enabled: number; updated_at: string };

export async function templateOf(em: EntityManager, event: WaTemplateEvent, lang: Lang): Promise<{ body: string; enabled: boolean }> {
  const [r] = (await em.query('SELECT body, enabled FROM wa_templates WHERE event = ? AND lang = ?', [event, lang])) as Row[];
  return r ? { body: r.body, enabled: r.enabled === 1 } : { body: DEFAULT_TEMPLATES[event][lang], enabled: true };
}

export async function listTemplates(em: EntityManager): Promise<WaTemplateDto[]> {
  const rows = (await em.query('SELECT * FROM wa_templates')) as Row[];
  const byKey = new Map(rows.map((r) => [`${r.event}:${r.lang}`, r]));
  return WA_TEMPLATE_EVENTS.flatMap((event) =>
    (['id', 'en'] as const).map((lang): WaTemplateDto => {
      const r = byKey.get(`${event}:${lang}`);
      const body = r?.body ?? DEFAULT_TEMPLATES[event][lang];
      return { event, lang, body, enabled: r ? r.enabled === 1 : true, isDefault: body === DEFAULT_TEMPLATES[event][lang], updatedAt: r?.updated_at ?? null };
    }),
  );
}

/** Saves a text; `enabled` applies to the event in both languages (an event is sent or not). */
export async function saveTemplate(em: EntityManager, t: { event: WaTemplateEvent; lang: Lang; body: string; enabled: boolean }, userId: number | null, now: Date): Promise<WaTemplateDto> {
  const unknown = unknownPlaceholders(t.body);
  if (unknown.length > 0) throw new AppError('validation', `Unknown placeholder(s): ${unknown.map((u) => `{${u}}`).join(', ')}`, { field: 'body', unknown });
  const at = now.toISOString();
  for (const lang of ['id', 'en'] as const) {
    const body = lang === t.lang ? t.body : (await templateOf(em, t.event, lang)).body;
    await em.query(
      `INSERT INTO wa_templates (event, lang, body, enabled, updated_by, updated_at) VALUES (?,?,?,?,?,?)
       ON CONFLICT (event, lang) DO UPDATE SET body = excluded.body, enabled = excluded.enabled, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      [t.event, lang, body, t.enabled ? 1 : 0, userId, at],
    );
  }
  return (await listTemplates(em)).find((x) => x.event === t.event && x.lang === t.lang)!;
}

export async function resetTemplate(em: EntityManager, event: WaTemplateEvent, lang: Lang, userId: number | null, now: Date): Promise<WaTemplateDto> {
  const { enabled } = await templateOf(em, event, lang);
  return saveTemplate(em, { event, lang, body: DEFAULT_TEMPLATES[event][lang], enabled }, userId, now);
}

/** Sample values for the editor's preview when no customer is chosen. */
export function sampleVars(lang: Lang, office: { name: string; phone: string }): Vars {
  return {
    nama: 'Andi Wijaya',
    no_pelanggan: 'C000123',
    no_tagihan: 'INV/2026/12/0042',
    periode: lang === 'id' ? '1–31 Desember 2026' : '1–31 December 2026',
    jumlah: 'Rp150.000',
    jatuh_tempo: lang === 'id' ? '10 Des 2026' : '10 Dec 2026',
    saldo: 'Rp0',
    link_bayar: 'https://bayar.contoh.net/p/3f.Xk2',
    username: 'andi',
    password: 'rahasia1',
    paket: 'Paket 10M',
    kode_voucher: 'k7p2q9',
    link_voucher: 'https://bayar.contoh.net/v/MBV3-1-ABC.Xk2',
    no_kuitansi: 'KW/2026/12/0101',
    tanggal_janji: lang === 'id' ? '15 Des 2026' : '15 Dec 2026',
    no_tiket: 'TK/2026/12/00007',
    status_tiket: lang === 'id' ? 'sudah selesai' : 'solved',
    catatan_tiket: lang === 'id' ? 'Kabel di tiang sudah kami sambung lagi.' : 'We have reconnected the cable at the pole.',
    kantor: office.name,
    telp_kantor: office.phone,
  };
}
