import { toString as qrToString } from 'qrcode';
import { AppError } from '../../../shared/errors';
import { summary } from '../../../shared/summaries';
import type { WaStatusDto } from '../../../shared/contract/whatsapp';
import type { Settings } from '../../../shared/settings';
import type { DomainModule, ModuleContext } from '../../core/module';
import type { SecretBox } from '../../core/secrets';
import type { WaChannel, WaInbound, WaStatus } from './channel/types';
import type { WaInboundHandling } from '../../../shared/contract/whatsapp';
import { browserOf, idleStatus, setToken, tokenOf, type ChannelFactory } from './channels';
import type { WaFacts } from './facts';
import { cancelMessage, conversation, digitsOf, enqueue, listInbox, listMessages, messageDto, retryMessage } from './outbox';
import { WaSender } from './sender';
import { listTemplates, resetTemplate, saveTemplate } from './templates';
import type { WaHandlers } from './handlers';
import { broadcastHandlers } from './broadcast';
import { previewHandler } from './preview';
import { createNotifier } from './notify';
import { createInbound } from './inbound';
import { queueReminders } from './reminders';
import { queueLoginCode, type LoginCodePurpose } from './login-code';
import type { EntityManager } from 'typeorm';
import { todayIn } from '../../../shared/dates';
import type { JobDefinition } from '../../core/module';
import type { Summary } from '../../../shared/summaries';

export interface WhatsAppDeps {
  secrets: SecretBox;
  facts: WaFacts;
  channels: ChannelFactory;
  /** Randomness of the sender's gaps (tests fix it). */
  random?: () => number;
}

export interface WhatsAppModule extends DomainModule<WaHandlers> {
  sender: WaSender;
  /** Handles one inbound message (what the channel's 'message' event runs; tests call it). */
  inbound(msg: WaInbound): Promise<WaInboundHandling | null>;
  /** The running channel (null: none chosen or not configured). */
  channel(): WaChannel | null;
  /** Makes the chosen channel and starts it and the sender (the app's start; again after a settings change). */
  start(): Promise<void>;
  stop(): Promise<void>;
  /**
   * Queues a portal sign-in code (or a code proving a new number) in the caller's transaction, sent ahead of the
   * queue (see login-code.ts). False when the office has no WhatsApp channel: nothing is queued.
   */
  sendLoginCode(em: EntityManager, to: { customerId: number | null; number: string }, code: string, purpose: LoginCodePurpose, now: Date): Promise<boolean>;
}

export function createWhatsAppModule(m: ModuleContext, d: WhatsAppDeps): WhatsAppModule {
  let ch: WaChannel | null = null;
  let offs: (() => void)[] = [];
  let idle: WaStatus = idleStatus(m.settings.get('whatsapp'), false, m.now().toISOString());
  let running = false;
  const settings = () => m.settings.get('whatsapp');
  const sender = new WaSender({
    db: m.db,
    logger: m.logger.child({ module: 'whatsapp' }),
    now: m.now,
    settings,
    timeZone: () => m.settings.get('locale').timezone,
    channel: () => ch,
    wanted: async (customerId) => (await d.facts.customer(m.db.manager, customerId))?.optIn ?? false,
    async document(ref) {
      // Documents are made when sent, from the record as it is then (a receipt reversed meanwhile says so).
      const receipt = /^receipt:(\d+)$/.exec(ref);
      const pdf = receipt ? await d.facts.receiptPdf(m.db.manager, Number(receipt[1])) : null;
      return pdf ? { filename: pdf.filename, base64: pdf.bytes.toString('base64'), mime: 'application/pdf' } : null;
    },
    ...(d.random ? { random: d.random } : {}),
  });
  const notifier = createNotifier(m, d.facts, () => sender.kick());
  const inbound = createInbound(m, d.facts, notifier);
  // Business events queue their messages in their own transaction.
  m.domainEvents.subscribe((em, e) => notifier.onEvent(em, e));

  async function open(): Promise<void> {
    for (const off of offs) off();
    offs = [];
    await ch?.stop();
    ch = null;
    const s = settings();
    const token = s.channel === 'http' ? await tokenOf(m.db.manager, d.secrets) : null;
    idle = idleStatus(s, token !== null, m.now().toISOString());
    ch = d.channels(s, token);
    if (!ch) return;
    offs = [
      ch.on('status', (st) => {
        if (st.state === 'connected') sender.kick();
      }),
      ch.on('ack', (id, ack) => void sender.ack(id, ack).catch((err: unknown) => m.logger.warn({ err }, 'WhatsApp ack not recorded'))),
      ch.on('message', (msg) => void inbound(msg).catch((err: unknown) => m.logger.warn({ err }, 'WhatsApp message not handled'))),
    ];
    await ch.start();
  }

  async function status(): Promise<WaStatusDto> {
    const s = settings();
    const st = ch?.status() ?? idle;
    const [q] = (await m.db.manager.query("SELECT count(*) AS n FROM wa_messages WHERE state = 'queued'")) as { n: number }[];
    const [k] = (await m.db.manager.query('SELECT count(*) AS n FROM wa_keys')) as { n: number }[];
    const pause = sender.pause();
    return {
      channel: s.channel,
      state: st.state,
      qrSvg: st.qr ? await qrToString(st.qr, { type: 'svg', errorCorrectionLevel: 'L', margin: 1 }) : null,
      pairingCode: st.pairingCode,
      me: st.me,
      reason: st.reason,
      since: st.since,
      nextRetryAt: st.nextRetryAt,
      browserPath: browserOf(s),
      tokenSet: (k?.n ?? 0) > 0,
      queued: q?.n ?? 0,
      sentToday: await sender.sentToday(),
      dailyCap: s.dailyCap,
      pausedUntil: pause.until?.toISOString() ?? null,
      pauseReason: pause.reason === 'quiet_hours' || pause.reason === 'daily_cap' || pause.reason === 'not_connected' ? pause.reason : null,
    };
  }

  const handlers: WaHandlers = {
    'wa.status': async () => status(),
    async 'wa.start'(_i, ctx) {
      m.db.afterCommit(() => void open().catch((err: unknown) => m.logger.warn({ err }, 'WhatsApp did not start')));
      ctx.audit(summary('settings.changed', { group: 'whatsapp' }), { action: 'start' });
      return status();
    },
    async 'wa.logout'(_i, ctx) {
      if (!ch) throw new AppError('conflict', 'WhatsApp is not running', { field: 'channel', reason: 'not_running' });
      await ch.logout();
      ctx.audit(summary('settings.changed', { group: 'whatsapp' }), { action: 'logout' });
      return status();
    },
    async 'wa.reset'(_i, ctx) {
      if (!ch) throw new AppError('conflict', 'WhatsApp is not running', { field: 'channel', reason: 'not_running' });
      await ch.reset();
      ctx.audit(summary('settings.changed', { group: 'whatsapp' }), { action: 'reset' });
      return status();
    },
    async 'wa.pairingCode'(input) {
      if (!ch || ch.kind !== 'webjs') throw new AppError('conflict', 'A pairing code needs WhatsApp Web (whatsapp-web.js) running', { field: 'channel', reason: ch ? 'needs_webjs' : 'not_running' });
      const digits = input.phone.replace(/\D/g, '').replace(/^0/, '62');
      return { code: await ch.requestPairingCode(digits) };
    },
    async 'wa.setToken'(input, ctx) {
      await setToken(ctx.em, d.secrets, input.token, ctx.now);
      ctx.audit(summary('settings.changed', { group: 'whatsapp' }), { action: input.token ? 'token' : 'token removed' });
      if (running) m.db.afterCommit(() => void open().catch((err: unknown) => m.logger.warn({ err }, 'WhatsApp did not restart')));
      return status();
    },
    'wa.messages': async (input, ctx) => listMessages(ctx.em, input),
    async 'wa.retry'(input, ctx) {
      await retryMessage(ctx.em, input.id, ctx.now);
      m.db.afterCommit(() => sender.kick());
      return messageDto(ctx.em, input.id);
    },
    async 'wa.cancel'(input, ctx) {
      await cancelMessage(ctx.em, input.id, ctx.now);
      return messageDto(ctx.em, input.id);
    },
    async 'wa.send'(input, ctx) {
      const c = await d.facts.customer(ctx.em, input.customerId);
      if (!c) throw new AppError('not_found', `No customer ${input.customerId}`, { field: 'customerId' });
      if (!c.whatsapp) throw new AppError('conflict', `${c.name} has no WhatsApp number`, { field: 'customerId', reason: 'no_number' });
      if (!c.optIn) throw new AppError('conflict', `${c.name} does not want WhatsApp messages`, { field: 'customerId', reason: 'opted_out' });
      const id = (await enqueue(ctx.em, { customerId: c.id, to: c.whatsapp, kind: 'manual', body: input.text, createdBy: ctx.user?.id ?? null }, ctx.now))!;
      m.db.afterCommit(() => sender.kick());
      return messageDto(ctx.em, id);
    },
    'wa.conversation': async (input, ctx) => conversation(ctx.em, input.customerId, input.limit),
    'wa.inbox': async (input, ctx) => listInbox(ctx.em, input),
    async 'wa.contact'(input, ctx) {
      const c = await d.facts.customer(ctx.em, input.customerId);
      if (!c) throw new AppError('not_found', `No customer ${input.customerId}`, { field: 'customerId' });
      if (!c.whatsapp) return { number: null, onWhatsapp: null, checkedAt: null };
      const [k] = (await ctx.em.query('SELECT on_whatsapp, checked_at FROM wa_contacts WHERE number = ?', [digitsOf(c.whatsapp)])) as { on_whatsapp: number | null; checked_at: string }[];
      return { number: c.whatsapp, onWhatsapp: k && k.on_whatsapp !== null ? k.on_whatsapp === 1 : null, checkedAt: k?.checked_at ?? null };
    },
    async 'wa.markRead'(input, ctx) {
      const rows = (await ctx.em.query('UPDATE wa_inbound SET read_at = ?, read_by = ? WHERE read_at IS NULL AND id IN (SELECT value FROM json_each(?)) RETURNING id', [ctx.now.toISOString(), ctx.user?.id ?? null, JSON.stringify(input.ids)])) as unknown[];
      return { marked: rows.length };
    },
    'wa.templates': async (_i, ctx) => listTemplates(ctx.em),
    async 'wa.saveTemplate'(input, ctx) {
      const t = await saveTemplate(ctx.em, input, ctx.user?.id ?? null, ctx.now);
      ctx.audit(summary('settings.changed', { group: 'whatsapp' }), { template: input.event, lang: input.lang, enabled: input.enabled });
      return t;
    },
    async 'wa.resetTemplate'(input, ctx) {
      const t = await resetTemplate(ctx.em, input.event, input.lang, ctx.user?.id ?? null, ctx.now);
      ctx.audit(summary('settings.changed', { group: 'whatsapp' }), { template: input.event, lang: input.lang, reset: true });
      return t;
    },
    ...previewHandler(m, d.facts),
    ...broadcastHandlers(m, d.facts, () => sender.kick()),
  };

  // A changed channel choice (or its settings) replaces the channel once saved.
  let last = JSON.stringify(pick(settings()));
  m.settings.onChange((group, s) => {
    if (group !== 'whatsapp' || !running) return;
    const now = JSON.stringify(pick(s.whatsapp));
    if (now === last) return;
    last = now;
    void open().catch((err: unknown) => m.logger.warn({ err }, 'WhatsApp did not restart'));
  });

  const jobs: JobDefinition[] = [
    {
      name: 'whatsapp.reminders',
      // Every morning; the sender keeps quiet hours and the daily cap anyway. Catch-up safe: one message per invoice and stage.
      schedule: () => '0 8 * * *',
      run: async (window): Promise<Summary> => {
        const today = todayIn(m.settings.get('locale').timezone, window.to);
        const queued = await m.db.write((em) => queueReminders(em, d.facts, notifier, settings(), today, window.to));
        return summary('wa.reminders', { queued });
      },
    },
  ];

  return {
    sender,
    jobs,
    inbound,
    handlers,
    channel: () => ch,
    async sendLoginCode(em, to, code, purpose, now) {
      if (settings().channel === 'none') return false;
      await queueLoginCode(em, { customerId: to.customerId, number: to.number, code, purpose, lang: m.settings.get('locale').language, office: m.settings.get('office').name }, now);
      m.db.afterCommit(() => sender.kick());
      return true;
    },
    async start() {
      running = true;
      await sender.recover();
      await open();
      sender.start();
    },
    async stop() {
      running = false;
      await sender.stop();
      for (const off of offs) off();
      offs = [];
      await ch?.stop();
      ch = null;
    },
  };
}

/** The settings that decide which channel runs and how it is made. */
const pick = (s: Settings['whatsapp']) => ({ channel: s.channel, browserPath: s.browserPath, http: s.http });
