/**
 * HTTP WhatsApp gateways of the kind Indonesian offices rent (shared/reference/portal-api.md §5): the office's
 * own device is linked on the gateway's side; we POST one request per message with a token header.
 */
import { z } from 'zod';

export type HttpGatewayPreset = 'fonnte' | 'wablas' | 'custom';

export interface HttpGatewayConfig {
  preset: HttpGatewayPreset;
  /** The send endpoint. */
  url: string;
  /** Header that carries the token as is, no "Bearer " (Fonnte, Wablas, StarSender: `Authorization: <token>`). Default 'Authorization'. */
  authHeader: string;
  /** Field with the number (digits 62…): Fonnte `target`, Wablas `phone`. */
  numberField: string;
  /** Field with the text: `message` for both. */
  messageField: string;
  /** Sent with every request, e.g. Fonnte `countryCode: '62'`. */
  extraFields: Record<string, string>;
  bodyType: 'form' | 'json';
  /** Dotted path in the JSON answer that must be true for success (Fonnte and Wablas: `status`). Unset: any 2xx is success. */
  successPath?: string;
  /** Added to the brief's shape: the multipart field for a document upload (Fonnte: `file`); unset = this gateway cannot send documents here. */
  fileField?: string;
}

/** Fonnte: `POST https://api.fonnte.com/send`, header Authorization: <device token>, form target/message, countryCode (default 62) [FON-SEND]. */
export function fonntePreset(): HttpGatewayConfig {
  return {
    preset: 'fonnte',
    url: 'https://api.fonnte.com/send',
    authHeader: 'Authorization',
    numberField: 'target',
    messageField: 'message',
    extraFields: { countryCode: '62' },
    bodyType: 'form',
    successPath: 'status',
    // Fonnte's send takes an uploaded `file` with `filename` [FON-SEND]; plan limits on uploads unverified.
    fileField: 'file',
  };
}

/**
 * Wablas: `POST https://<server>.wablas.com/api/send-message`, form phone/message, header Authorization:
 * <token> (newer accounts: `<token>.<secret_key>`, unverified — put both in the token then) [WBL]. Accounts
 * live on regional hosts (solo, kudus, bdg, pati, tegal, jogja, texas…). Documents go through another
 * endpoint, not supported here.
 */
export function wablasPreset(server: string): HttpGatewayConfig {
  return {
    preset: 'wablas',
    url: `https://${server}.wablas.com/api/send-message`,
    authHeader: 'Authorization',
    numberField: 'phone',
    messageField: 'message',
    extraFields: {},
    bodyType: 'form',
    successPath: 'status',
  };
}

const fieldName = z.string().trim().min(1).max(64);

/** The stored/edited config, checked at the boundary. */
export const httpGatewayConfigSchema = z.object({
  preset: z.enum(['fonnte', 'wablas', 'custom']),
  url: z.string().url().refine((u) => /^https?:\/\//i.test(u), 'http(s) URL'),
  authHeader: z.string().trim().regex(/^[A-Za-z0-9-]+$/, 'a header name').default('Authorization'),
  numberField: fieldName,
  messageField: fieldName,
  extraFields: z.record(z.string(), z.string()).default({}),
  bodyType: z.enum(['form', 'json']),
  successPath: z.string().trim().min(1).optional(),
  fileField: fieldName.optional(),
});
