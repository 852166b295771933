import path from 'node:path';
import type { EntityManager } from 'typeorm';
import type { Logger } from 'pino';
import type { SecretBox } from '../../core/secrets';
import type { Settings } from '../../../shared/settings';
import { findBrowser } from './channel/browser';
import { createHttpChannel } from './channel/http';
import { fonntePreset, httpGatewayConfigSchema, wablasPreset, type HttpGatewayConfig } from './channel/http-config';
import type { WaChannel, WaStatus } from './channel/types';
import { createWebJsChannel } from './channel/webjs';

/*
 * The one channel the office chose in Settings → WhatsApp, made and replaced when the choice changes. A failure of
 * WhatsApp never stops the app: a channel reports it in its status and retries by itself.
 */

export type ChannelFactory = (s: Settings['whatsapp'], token: string | null) => WaChannel | null;

export function defaultChannelFactory(dataDir: string, logger: Logger): ChannelFactory {
  return (s, token) => {
    if (s.channel === 'webjs') return createWebJsChannel({ dataDir, browserPath: s.browserPath || null, logger });
    if (s.channel === 'http') {
      const config = httpGatewayConfigSchema.safeParse(httpConfigOf(s.http));
      if (!config.success || !token) return null;
      return createHttpChannel({ config: config.data as HttpGatewayConfig, token, logger });
    }
    return null;
  };
}

/**
 * The gateway config from the settings, with what its preset knows that the settings do not hold: Fonnte and
 * Wablas answer a refusal ("token invalid", a bad number) with HTTP 200 and `status: false`, so their answer's
 * `status` must be true for a message to count as sent; Fonnte takes a document in `file`.
 */
export function httpConfigOf(h: Settings['whatsapp']['http']): HttpGatewayConfig {
  const preset = h.preset === 'fonnte' ? fonntePreset() : h.preset === 'wablas' ? wablasPreset('x') : null;
  const { successPath: own, ...rest } = h;
  const successPath = own || preset?.successPath;
  return {
    ...rest,
    ...(successPath ? { successPath } : {}),
    ...(preset?.fileField && h.bodyType === 'form' ? { fileField: preset.fileField } : {}),
  };
}

export async function tokenOf(em: EntityManager, secrets: SecretBox): Promise<string | null> {
  const [r] = (await em.query('SELECT token_sealed FROM wa_keys WHERE id = 1')) as { token_sealed: string }[];
  return r ? secrets.open(r.token_sealed) : null;
}

export async function setToken(em: EntityManager, secrets: SecretBox, token: string, now: Date): Promise<void> {
  if (!token) return void (await em.query('DELETE FROM wa_keys WHERE id = 1'));
  await em.query('INSERT INTO wa_keys (id, token_sealed, updated_at) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET token_sealed = excluded.token_sealed, updated_at = excluded.updated_at', [
    secrets.seal(token),
    now.toISOString(),
  ]);
}

/** What the channel looks like when none runs (none chosen, or an HTTP gateway without its token/URL). */
export function idleStatus(s: Settings['whatsapp'], hasToken: boolean, since: string): WaStatus {
  const reason = s.channel === 'http' && (!hasToken || !s.http.url) ? 'not configured: the gateway needs its URL and token' : null;
  return { state: reason ? 'failed' : 'off', qr: null, pairingCode: null, me: null, reason, since, nextRetryAt: null };
}

/** The browser whatsapp-web.js would use (set, else found), for the settings screen. */
export function browserOf(s: Settings['whatsapp']): string | null {
  return s.browserPath ? path.resolve(s.browserPath) : findBrowser();
}
