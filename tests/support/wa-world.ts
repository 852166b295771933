import type { AppConfig } from '../../main/app/app';
import { createWebJsChannel } from '../../main/modules/whatsapp/channel/webjs';
import type { ChannelFactory } from '../../main/modules/whatsapp';
import type { WaLogger, WaScheduler } from '../../main/modules/whatsapp/channel/types';
import type { WaKind, WaMessageDto } from '../../shared/contract/whatsapp';
import type { Settings } from '../../shared/settings';
import { OWNER, tempDir, type Caller } from './core';
import { payWorld, type PayWorld } from './payments';
import { waitFor } from './poll';
import { WwebjsWorld } from './wwebjs-standin';

/*
 * The WhatsApp module's tests' world (issue 13): the payments world (router simulator, a payment account on a fake
 * gateway, so messages carry pay links) with the production whatsapp-web.js adapter over the scripted stand-in
 * of the library's Client. The sender's own timer is stopped: tests drive it tick by tick on the fake clock.
 */

export const silentWaLogger: WaLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
/** Retries and watchdogs never fire by themselves: the test drives the stand-in. */
export const manualScheduler: WaScheduler = () => () => undefined;

/** whatsapp-web.js over the stand-in (webjs chosen), else no channel. */
export function standInChannels(wa: WwebjsWorld, dataDir = tempDir('mb-wa-')): ChannelFactory {
  return (s) => (s.channel === 'webjs' ? createWebJsChannel({ dataDir, browserPath: '/x', exists: () => true, clientFactory: wa.factory, logger: silentWaLogger, scheduler: manualScheduler }) : null);
}

export interface WaWorld {
  w: PayWorld;
  owner: Caller;
  wa: WwebjsWorld;
  /** Runs the sender until nothing is due, moving the fake clock a minute past each gap. Returns how many went out. */
  drain(): Promise<number>;
  /** Messages, oldest first. */
  messages(kind?: WaKind): Promise<WaMessageDto[]>;
  relogin(): Promise<void>;
}

export async function waWorld(over: Partial<Settings['whatsapp']> = {}, opts: { start?: string; random?: () => number; core?: Partial<AppConfig> } = {}): Promise<WaWorld> {
  const wa = new WwebjsWorld();
  const w = await payWorld({ ...(opts.start ? { start: opts.start } : {}), core: { whatsappChannels: standInChannels(wa), whatsappRandom: opts.random ?? (() => 0), ...opts.core } });
  const owner = w.owner;
  const s = await owner.call('settings.get', {});
  await owner.call('settings.update', { group: 'whatsapp', value: { ...s.whatsapp, channel: 'webjs', ...over } });
  await w.core.whatsapp.start();
  await w.core.whatsapp.sender.stop();
  await waitFor(() => wa.clients.length === 1, { message: 'the stand-in client' });
  const drain = async () => {
    let sent = 0;
    for (let i = 0; i < 500; i++) {
      const r = await w.core.whatsapp.sender.tick();
      if (r.handled?.state === 'sent') sent++;
      if (r.reason === 'gap' || r.handled?.state === 'sent') {
        w.clock.advance(60_000);
        continue;
      }
      if (r.handled) continue;
      return sent;
    }
    throw new Error('the sender never ran dry');
  };
  return {
    w,
    owner,
    wa,
    drain,
    messages: async (kind) => (await owner.call('wa.messages', { page: 1, pageSize: 200, ...(kind ? { kind } : {}) })).items.reverse(),
    relogin: async () => void (await owner.call('auth.login', { username: OWNER.username, password: OWNER.password })),
  };
}

/** The phone scans the stand-in's QR: connected as `me`. */
export async function pair(x: { wa: WwebjsWorld; owner: Caller }, me = '6281100000001'): Promise<void> {
  x.wa.latest().pair(me);
  await waitFor(async () => (await x.owner.call('wa.status', {})).state === 'connected', { message: 'WhatsApp connected' });
}

export const rp = (n: number): string => `Rp${new Intl.NumberFormat('id-ID').format(n)}`;
