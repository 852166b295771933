import { z } from 'zod';
import { empty, idSchema, pageSchema } from './common';
import type { IsoDate, Page } from './dto';
import { op } from './op';

/*
 * WhatsApp (issue 13): the channel's state, the message outbox, templates per event and language, broadcasts,
 * the inbox of customers' messages and a customer's conversation.
 */

export const WA_CHANNELS = ['none', 'webjs', 'http'] as const;
export type WaChannelKind = (typeof WA_CHANNELS)[number];

export const WA_STATES = ['off', 'starting', 'qr', 'connecting', 'connected', 'disconnected', 'failed'] as const;
export type WaStateName = (typeof WA_STATES)[number];

/** A message's life: queued → sending → sent → delivered → read; or failed (with why) / cancelled. */
export const WA_MESSAGE_STATES = ['queued', 'sending', 'sent', 'delivered', 'read', 'failed', 'cancelled'] as const;
export type WaMessageState = (typeof WA_MESSAGE_STATES)[number];

/** What a message is (the template it came from, or a person / broadcast / automatic reply). */
export const WA_KINDS = [
  'invoice_issued',
  'reminder_before',
  'reminder_due',
  'reminder_after',
  'isolated',
  'restored',
  'payment_received',
  'voucher_bought',
  'welcome',
  'promise_to_pay',
  'reply_info',
  'opt_out',
  'broadcast',
  'manual',
  /** A portal sign-in (or number change) code: sent first, without the gap, even in quiet hours; never shown to staff. */
  'login_code',
  /** A trouble ticket opened (confirmation with its number) and changed (state, or a note shown to the customer). */
  'ticket_opened',
  'ticket_updated',
] as const;
export type WaKind = (typeof WA_KINDS)[number];

/** Events with an editable template (a broadcast and a manual message are written by a person). */
export const WA_TEMPLATE_EVENTS = ['invoice_issued', 'reminder_before', 'reminder_due', 'reminder_after', 'isolated', 'restored', 'payment_received', 'voucher_bought', 'welcome', 'promise_to_pay', 'reply_info', 'opt_out', 'ticket_opened', 'ticket_updated'] as const satisfies readonly WaKind[];
export type WaTemplateEvent = (typeof WA_TEMPLATE_EVENTS)[number];

/** What an inbound message became. */
export const WA_INBOUND_HANDLING = ['auto_reply', 'opt_out', 'opt_in', 'inbox', 'unknown_sender'] as const;
export type WaInboundHandling = (typeof WA_INBOUND_HANDLING)[number];

/** The placeholders a template may use, written `{name}`. */
export const WA_PLACEHOLDERS = [
  'nama',
  'no_pelanggan',
  'no_tagihan',
  'periode',
  'jumlah',
  'jatuh_tempo',
  'saldo',
  'link_bayar',
  'username',
  'password',
  'paket',
  'kode_voucher',
  /** The voucher purchase's own page: the code and a QR code that logs a phone in. */
  'link_voucher',
  'no_kuitansi',
  'tanggal_janji',
  /** A trouble ticket's number, its state in words, and the note staff wrote to the customer. */
  'no_tiket',
  'status_tiket',
  'catatan_tiket',
  'kantor',
  'telp_kantor',
] as const;
export type WaPlaceholder = (typeof WA_PLACEHOLDERS)[number];

export interface WaStatusDto {
  channel: WaChannelKind;
  state: WaStateName;
  /** The QR code to scan (SVG), while state is 'qr'. */
  qrSvg: string | null;
  pairingCode: string | null;
  /** The connected number, E.164. */
  me: string | null;
  reason: string | null;
  since: IsoDate;
  nextRetryAt: IsoDate | null;
  /** The browser whatsapp-web.js runs (found or set), null when none was found. */
  browserPath: string | null;
  /** The HTTP gateway's token is stored (never sent back). */
  tokenSet: boolean;
  /** Messages waiting, sent today (office day) and the daily cap. */
  queued: number;
  sentToday: number;
  dailyCap: number;
  /** Sending pauses now (quiet hours or the cap) until this time, else null. */
  pausedUntil: IsoDate | null;
  pauseReason: 'quiet_hours' | 'daily_cap' | 'not_connected' | null;
}

export interface WaMessageDto {
  id: number;
  customerId: number | null;
  customerName: string;
  /** E.164. */
  to: string;
  kind: WaKind;
  body: string;
  /** A PDF document sent with it (its file name). */
  document: string | null;
  state: WaMessageState;
  error: string | null;
  attempts: number;
  nextAttemptAt: IsoDate | null;
  createdAt: IsoDate;
  sentAt: IsoDate | null;
  deliveredAt: IsoDate | null;
  readAt: IsoDate | null;
  /** The user who wrote or queued it (manual, broadcast), else null. */
  createdBy: string | null;
}

export interface WaInboundDto {
  id: number;
  customerId: number | null;
  customerName: string;
  from: string;
  body: string;
  receivedAt: IsoDate;
  handling: WaInboundHandling;
  readAt: IsoDate | null;
}

/** One line of a customer's conversation: what they sent and what we sent, in time order. */
export type WaConversationItem = ({ direction: 'out' } & WaMessageDto) | ({ direction: 'in' } & WaInboundDto);

export interface WaTemplateDto {
  event: WaTemplateEvent;
  lang: 'id' | 'en';
  body: string;
  /** Messages of this event are sent (off: none are queued). */
  enabled: boolean;
  /** Still the shipped text. */
  isDefault: boolean;
  updatedAt: IsoDate | null;
}

/** Who a broadcast goes to. */
export const broadcastFilterSchema = z.object({
  areas: z.array(z.string().trim().min(1).max(100)).max(50).default([]),
  routerIds: z.array(idSchema).max(50).default([]),
  planIds: z.array(idSchema).max(50).default([]),
  /** Only customers with an overdue invoice. */
  overdue: z.boolean().default(false),
});
export type BroadcastFilter = z.output<typeof broadcastFilterSchema>;

export interface BroadcastPreview {
  /** Customers the message would be queued for (opted in, with a WhatsApp number not known to be off WhatsApp). */
  count: number;
  sample: { customerId: number; name: string; to: string; text: string }[];
  skipped: { noNumber: number; optedOut: number; notOnWhatsapp: number };
}

const body = z.string().trim().min(1).max(4000);
const templateEvent = z.enum(WA_TEMPLATE_EVENTS);
const lang = z.enum(['id', 'en']);

export const waContract = {
  'wa.status': op<WaStatusDto>()({ input: empty, access: 'customers.read', mutates: false }),
  /** Starts the channel chosen in Settings → WhatsApp (again after a failure: backoff restarts). */
  'wa.start': op<WaStatusDto>()({ input: empty, access: 'settings.manage', mutates: true }),
  'wa.logout': op<WaStatusDto>()({ input: empty, access: 'settings.manage', mutates: true }),
  /** Deletes the stored session and cache and starts again (a new QR). */
  'wa.reset': op<WaStatusDto>()({ input: empty, access: 'settings.manage', mutates: true }),
  /** A pairing code for this number instead of the QR code. */
  'wa.pairingCode': op<{ code: string }>()({ input: z.object({ phone: z.string().trim().min(6).max(20) }), access: 'settings.manage', mutates: true }),
  /** The HTTP gateway's token (sealed; '' removes it). */
  'wa.setToken': op<WaStatusDto>()({ input: z.object({ token: z.string().trim().max(500) }), access: 'settings.manage', mutates: true }),
  'wa.messages': op<Page<WaMessageDto>>()({
    input: pageSchema.extend({ state: z.enum(WA_MESSAGE_STATES).optional(), kind: z.enum(WA_KINDS).optional(), customerId: idSchema.optional(), q: z.string().trim().max(100).optional() }),
    access: 'customers.read',
    mutates: false,
  }),
  /** A failed (or cancelled) message goes back in the queue. */
  'wa.retry': op<WaMessageDto>()({ input: z.object({ id: idSchema }), access: 'customers.manage', mutates: true }),
  /** A queued message is not sent. */
  'wa.cancel': op<WaMessageDto>()({ input: z.object({ id: idSchema }), access: 'customers.manage', mutates: true }),
  /** A message to one customer, written by staff (queued like any other). */
  'wa.send': op<WaMessageDto>()({ input: z.object({ customerId: idSchema, text: body }), access: 'customers.manage', mutates: true }),
  'wa.conversation': op<WaConversationItem[]>()({ input: z.object({ customerId: idSchema, limit: z.number().int().min(1).max(500).default(200) }), access: 'customers.read', mutates: false }),
  /** Whether the customer's WhatsApp number is on WhatsApp, as last looked up (null: never looked up yet). */
  'wa.contact': op<{ number: string | null; onWhatsapp: boolean | null; checkedAt: IsoDate | null }>()({ input: z.object({ customerId: idSchema }), access: 'customers.read', mutates: false }),
  'wa.inbox': op<Page<WaInboundDto>>()({ input: pageSchema.extend({ unreadOnly: z.boolean().default(false) }), access: 'customers.read', mutates: false }),
  'wa.markRead': op<{ marked: number }>()({ input: z.object({ ids: z.array(idSchema).min(1).max(500) }), access: 'customers.read', mutates: true }),
  'wa.templates': op<WaTemplateDto[]>()({ input: empty, access: 'settings.read', mutates: false }),
  'wa.saveTemplate': op<WaTemplateDto>()({ input: z.object({ event: templateEvent, lang, body, enabled: z.boolean() }), access: 'settings.manage', mutates: true }),
  /** Back to the shipped text. */
  'wa.resetTemplate': op<WaTemplateDto>()({ input: z.object({ event: templateEvent, lang }), access: 'settings.manage', mutates: true }),
  /** The text as a customer would get it (a sample customer when none is given); unknown placeholders are listed. */
  'wa.preview': op<{ text: string; unknown: string[] }>()({
    input: z.object({ event: templateEvent.optional(), lang, body, customerId: idSchema.optional() }),
    access: 'settings.read',
    mutates: false,
  }),
  'wa.broadcastPreview': op<BroadcastPreview>()({ input: z.object({ filter: broadcastFilterSchema, body }), access: 'customers.manage', mutates: false }),
  /** Queues the broadcast; `expected` is the count the person confirmed (a different count now is refused). */
  'wa.broadcast': op<{ queued: number }>()({ input: z.object({ filter: broadcastFilterSchema, body, expected: z.number().int().min(1).max(100_000) }), access: 'customers.manage', mutates: true }),
};
