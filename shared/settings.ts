import { z } from 'zod';

export const LANGUAGES = ['id', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const languageSchema = z.enum(LANGUAGES);

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
export const timeZoneSchema = z.string().min(1).max(64).refine(isValidTimeZone, { message: 'Unknown time zone' });

/** PNG/JPEG/SVG/WebP logo as a data URL, at most ~256 KB. */
export const logoSchema = z
  .string()
  .max(350_000)
  .regex(/^data:image\/(png|jpeg|webp|svg\+xml);base64,[A-Za-z0-9+/=]+$/, { message: 'Logo must be a PNG, JPEG, WebP or SVG image' })
  .nullable();

export const officeSettingsSchema = z.object({
  name: z.string().trim().min(2).max(100),
  address: z.string().trim().max(300).default(''),
  phone: z.string().trim().max(30).default(''),
  /** The office's tax number (NPWP), printed on invoices when set. */
  npwp: z.string().trim().max(30).regex(/^[0-9.\- ]*$/).default(''),
  logo: logoSchema.default(null),
});

export const localeSettingsSchema = z.object({
  language: languageSchema.default('id'),
  timezone: timeZoneSchema.default('Asia/Jakarta'),
});

export const serverSettingsSchema = z.object({
  /** loopback = 127.0.0.1 only (default); lan = every interface, so other office PCs can connect. */
  bind: z.enum(['loopback', 'lan']).default('loopback'),
  port: z.number().int().min(1024).max(65535).default(8090),
  /**
   * Other names this app is reached by (a tunnel or domain, e.g. billing.rt05.net). Requests naming any other
   * host are refused (DNS rebinding): loopback names and this PC's own addresses are always allowed.
   */
  /**
   * This app is reached through a TLS tunnel or reverse proxy running on this PC: client addresses are read from
   * X-Forwarded-For (from a proxy on this PC only) and session cookies are marked Secure over HTTPS.
   */
  behindProxy: z.boolean().default(false),
  allowedHosts: z
    .array(z.string().trim().toLowerCase().regex(/^[a-z0-9.-]{1,253}$/, { message: 'A host name such as billing.rt05.net' }))
    .max(10)
    .default([]),
});

export const backupSettingsSchema = z.object({
  keep: z.number().int().min(1).max(365).default(14),
  /** Hour of day (office time zone) at which the nightly backup runs. */
  hour: z.number().int().min(0).max(23).default(2),
});

export const updateSettingsSchema = z.object({
  enabled: z.boolean().default(true),
  channel: z.enum(['latest', 'beta']).default('latest'),
  /** Base URL of the generic update server (electron-builder `publish.url`); empty = the one built in. */
  url: z.union([z.literal(''), z.url({ protocol: /^https?$/ })]).default(''),
});

export const securitySettingsSchema = z.object({
  sessionIdleMinutes: z.number().int().min(5).max(7 * 24 * 60).default(8 * 60),
  lockoutMinutes: z.number().int().min(1).max(24 * 60).default(15),
});

export const billingSettingsSchema = z.object({
  customerPrefix: z.string().trim().max(10).regex(/^[A-Za-z0-9/-]*$/).default('PLG-'),
  invoicePrefix: z.string().trim().min(1).max(10).regex(/^[A-Za-z0-9-]+$/).default('INV'),
  receiptPrefix: z.string().trim().min(1).max(10).regex(/^[A-Za-z0-9-]+$/).default('KW'),
  /** Defaults for new subscriptions. */
  anchorDay: z.number().int().min(1).max(28).default(1),
  dueDays: z.number().int().min(0).max(60).default(10),
  graceDays: z.number().int().min(0).max(60).default(3),
  /** An isolated customer is restored once the overdue amount is at most this (0 = paid in full). */
  restoreThreshold: z.number().int().min(0).max(100_000_000).default(0),
  /** How far a cashier or collector may promise (managers may go further, up to 90 days). */
  maxPromiseDays: z.number().int().min(1).max(90).default(14),
  /** Plan prices and charges are what the customer pays, PPN included (true), or PPN is added on top (false). */
  pricesIncludeTax: z.boolean().default(false),
  /** PPN rate for taxed one-off charges (installation fee, equipment…), basis points: 1100 = 11 %. */
  chargeTaxRateBp: z.number().int().min(0).max(10000).default(1100),
  /** Whether the installation fee is taxed (at chargeTaxRateBp). */
  taxInstallFee: z.boolean().default(false),
  /** Round invoice totals to this many rupiah (0 = exact), shown as a rounding line. */
  roundingUnit: z.union([z.literal(0), z.literal(100), z.literal(500), z.literal(1000)]).default(0),
  roundingMode: z.enum(['nearest', 'up', 'down']).default('nearest'),
  /**
   * Whether isolated subscriptions keep being billed. When off, a period that starts while a subscription is
   * isolated is not charged until it is restored (from the day it is restored); the period it was isolated in stays.
   */
  billIsolated: z.boolean().default(true),
  /** Late fee ("denda") charged once on an invoice still unpaid lateFeeDays after its due date; 0 = none. */
  lateFeeAmount: z.number().int().min(0).max(10_000_000).default(0),
  lateFeeDays: z.number().int().min(1).max(90).default(7),
  /** Prepaid subscriptions are invoiced this many days before their period starts. */
  prepaidLeadDays: z.number().int().min(1).max(28).default(7),
  /** Hour (office time) of the daily invoice run; isolation checks run every hour. */
  invoiceHour: z.number().int().min(0).max(23).default(1),
  /** What the default isolation profile gets on a router. */
  isolationAddressList: z.string().trim().regex(/^[A-Za-z0-9._-]{1,60}$/).default('isolir'),
  isolationRateLimit: z.string().trim().max(60).regex(/^[0-9A-Za-z/ .]*$/).default('128k/128k'),
});

export const vouchersSettingsSchema = z.object({
  /**
   * How routers reach this app's listener for first-login reports (e.g. http://192.168.88.10:8090), written
   * into the profiles' on-login script. Empty = first logins are found by polling the routers only.
   */
  reportUrl: z.union([z.literal(''), z.url({ protocol: /^https?$/ })]).default(''),
  /** Hotspot DNS name or login URL printed on vouchers and in their QR code (e.g. http://hotspot.rt05.net/login). */
  loginUrl: z.union([z.literal(''), z.url({ protocol: /^https?$/ })]).default(''),
});

const clock = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, { message: 'Use HH:MM' });
const keyword = z.string().trim().toUpperCase().regex(/^[A-Z0-9]{2,20}$/, { message: 'One word, letters and digits' });

/** WhatsApp (issue 13): the channel, how carefully it sends, which events message customers. The HTTP gateway's token is sealed elsewhere. */
export const whatsappSettingsSchema = z.object({
  channel: z.enum(['none', 'webjs', 'http']).default('none'),
  /** Chrome / Chromium / Edge for whatsapp-web.js; '' = found automatically. */
  browserPath: z.string().trim().max(500).default(''),
  http: z
    .object({
      preset: z.enum(['fonnte', 'wablas', 'custom']).default('fonnte'),
      url: z.union([z.literal(''), z.url({ protocol: /^https?$/ })]).default(''),
      authHeader: z.string().trim().regex(/^[A-Za-z0-9-]{1,60}$/).default('Authorization'),
      numberField: z.string().trim().regex(/^[A-Za-z0-9_.-]{1,60}$/).default('target'),
      messageField: z.string().trim().regex(/^[A-Za-z0-9_.-]{1,60}$/).default('message'),
      bodyType: z.enum(['form', 'json']).default('form'),
      extraFields: z.record(z.string().regex(/^[A-Za-z0-9_.-]{1,60}$/), z.string().max(200)).default({}),
      /** A field of the JSON answer that must be true for a message to count as sent (e.g. `status`); '' = any 2xx. */
      successPath: z.string().trim().regex(/^([A-Za-z0-9_]{1,60}(\.[A-Za-z0-9_]{1,60}){0,4})?$/).default(''),
    })
    .default({ preset: 'fonnte', url: '', authHeader: 'Authorization', numberField: 'target', messageField: 'message', bodyType: 'form', extraFields: {}, successPath: '' }),
  /** A random gap between two messages (seconds): sending like a person avoids bans. */
  minGapSeconds: z.number().int().min(5).max(600).default(20),
  maxGapSeconds: z.number().int().min(5).max(1800).default(60),
  dailyCap: z.number().int().min(1).max(5000).default(200),
  /** No messages from quietStart to quietEnd, office time (they wait until the morning). */
  quietStart: clock.default('21:00'),
  quietEnd: clock.default('07:00'),
  /** Reminders: days before the due date (0 = none), on the due day, days after it (0 = none). */
  reminderDaysBefore: z.number().int().min(0).max(30).default(3),
  reminderOnDue: z.boolean().default(true),
  reminderDaysAfter: z.number().int().min(0).max(60).default(3),
  /** Keywords a registered customer may send for an automatic answer (balance, open invoices, a payment link). */
  keywords: z.array(keyword).max(10).default(['TAGIHAN', 'BAYAR', 'STATUS']),
  autoReply: z.boolean().default(true),
  /** The payment-received message carries the receipt as a PDF document too (where the channel can send one). */
  receiptPdf: z.boolean().default(true),
  /** A reply that stops messages to the customer (and one that starts them again). */
  stopWord: keyword.default('STOP'),
  startWord: keyword.default('MULAI'),
}).refine((s) => s.minGapSeconds <= s.maxGapSeconds, { message: 'The shortest gap is longer than the longest', path: ['minGapSeconds'] });

/** The customer portal (issue 14): whether it is open and how customers sign in. Staff edit it in Settings → Portal. */
export const portalSettingsSchema = z.object({
  enabled: z.boolean().default(true),
  /** Sign-in with the customer number or phone + a one-time code over WhatsApp. */
  codeLogin: z.boolean().default(true),
  /** Sign-in with the PPPoE username + password. */
  passwordLogin: z.boolean().default(true),
  /** A portal session lasts this many days since the customer last used it. */
  sessionDays: z.number().int().min(1).max(365).default(30),
  /** Sign-in codes sent to one address or one customer in 15 minutes. */
  codesPer15Min: z.number().int().min(1).max(50).default(5),
});

/**
 * The isolation page (issue 14): a listener of its own that answers the HTTP requests routers redirect from
 * isolated customers, and what the routers are given (NAT redirect, walled garden). The isolation address list
 * is billing's isolationAddressList and the PPP profile each router's own isolation profile.
 */
export const isolationSettingsSchema = z.object({
  /** The isolation listener runs on `port` (every interface: customers' requests come from the routers). */
  enabled: z.boolean().default(false),
  port: z.number().int().min(1024).max(65535).default(8099),
  /** This PC's IPv4 address as the routers reach it: isolated HTTP is sent there (dst-nat to-addresses). */
  address: z.union([z.literal(''), z.ipv4()]).default(''),
  /** Address list of what isolated customers may still reach (this PC, the payment gateways, `allowHosts`). */
  allowList: z.string().trim().regex(/^[A-Za-z0-9._-]{1,60}$/).default('isolir-allow'),
  /** More host names or addresses isolated customers may reach (e.g. a bank's site). */
  allowHosts: z.array(z.string().trim().toLowerCase().regex(/^[a-z0-9.-]{1,253}$/, { message: 'A host name or IPv4 address' })).max(20).default([]),
  /** Page loads per customer address per minute. */
  perMinute: z.number().int().min(5).max(600).default(30),
});

/** Outbound webhooks (issue 15): private hosts the office allows as endpoints (host or host:port), e.g. an accounting server on the LAN. */
export const webhooksSettingsSchema = z.object({
  allowHosts: z.array(z.string().trim().toLowerCase().regex(/^(\[[0-9a-f:.]+\]|[a-z0-9.-]{1,253})(:\d{1,5})?$/, { message: 'A host name or address, optionally with :port' })).max(20).default([]),
});

export const settingsSchemas = {
  office: officeSettingsSchema,
  locale: localeSettingsSchema,
  server: serverSettingsSchema,
  backup: backupSettingsSchema,
  update: updateSettingsSchema,
  security: securitySettingsSchema,
  billing: billingSettingsSchema,
  vouchers: vouchersSettingsSchema,
  whatsapp: whatsappSettingsSchema,
  portal: portalSettingsSchema,
  isolation: isolationSettingsSchema,
  webhooks: webhooksSettingsSchema,
} as const;

export type SettingsGroup = keyof typeof settingsSchemas;
export const SETTINGS_GROUPS = Object.keys(settingsSchemas) as SettingsGroup[];
export type Settings = { [G in SettingsGroup]: z.output<(typeof settingsSchemas)[G]> };

export const settingsUpdateSchema = z.discriminatedUnion('group', [
  z.object({ group: z.literal('office'), value: officeSettingsSchema }),
  z.object({ group: z.literal('locale'), value: localeSettingsSchema }),
  z.object({ group: z.literal('server'), value: serverSettingsSchema }),
  z.object({ group: z.literal('backup'), value: backupSettingsSchema }),
  z.object({ group: z.literal('update'), value: updateSettingsSchema }),
  z.object({ group: z.literal('security'), value: securitySettingsSchema }),
  z.object({ group: z.literal('billing'), value: billingSettingsSchema }),
  z.object({ group: z.literal('vouchers'), value: vouchersSettingsSchema }),
  z.object({ group: z.literal('whatsapp'), value: whatsappSettingsSchema }),
  z.object({ group: z.literal('portal'), value: portalSettingsSchema }),
  z.object({ group: z.literal('isolation'), value: isolationSettingsSchema }),
  z.object({ group: z.literal('webhooks'), value: webhooksSettingsSchema }),
]);

/** Defaults for every group except the office, which the first-run wizard fills in. */
export function defaultSettings(): Settings {
  return {
    office: { name: 'Kantor', address: '', phone: '', npwp: '', logo: null },
    locale: localeSettingsSchema.parse({}),
    server: serverSettingsSchema.parse({}),
    backup: backupSettingsSchema.parse({}),
    update: updateSettingsSchema.parse({}),
    security: securitySettingsSchema.parse({}),
    billing: billingSettingsSchema.parse({}),
    vouchers: vouchersSettingsSchema.parse({}),
    whatsapp: whatsappSettingsSchema.parse({}),
    portal: portalSettingsSchema.parse({}),
    isolation: isolationSettingsSchema.parse({}),
    webhooks: webhooksSettingsSchema.parse({}),
  };
}
