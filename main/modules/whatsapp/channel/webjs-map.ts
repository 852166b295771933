/** Pure mappings from whatsapp-web.js values to the channel's (facts: src/util/Constants.js, reference §4–§5). */
import type { MessageLike } from './webjs-client';
import { type WaAck, WaSendError } from './types';

/** Constants.MessageAck: -1 ERROR, 0 PENDING, 1 SERVER, 2 DEVICE, 3 READ, 4 PLAYED. Unknown values → null (ignored). */
export function mapAck(ack: number): WaAck | null {
  switch (ack) {
    case -1:
      return 'error';
    case 0:
      return 'pending';
    case 1:
      return 'server';
    case 2:
      return 'device';
    case 3:
      return 'read';
    case 4:
      return 'played';
    default:
      return null;
  }
}

/**
 * Constants.WAState values the library accepts without disconnecting (Client.js onAppStateChangedEvent:
 * CONNECTED, OPENING, PAIRING, TIMEOUT; CONFLICT too only with takeoverOnConflict, which we leave off).
 * Any other state is followed by `disconnected(state)` and the client destroys itself.
 */
export const ACCEPTED_STATES: ReadonlySet<string> = new Set(['CONNECTED', 'OPENING', 'PAIRING', 'TIMEOUT']);

/**
 * Disconnect reasons after which trying again on our own is wrong:
 * - LOGOUT, UNPAIRED, UNPAIRED_IDLE: the phone removed this linked device; the session is void and only a
 *   new QR scan helps. A browser showing a QR nobody asked for costs ~0.5 GB (§8) and achieves nothing.
 * - TOS_BLOCK, SMB_TOS_BLOCK: WhatsApp blocked the number (§7); retrying can only make it worse.
 * - CONFLICT: WhatsApp Web was opened elsewhere with this account; taking it back automatically would fight
 *   the user's other session (and the reference advises one stable session).
 * The state stays 'disconnected' with the reason; the next start() (the "connect" button, or the app's next
 * launch) starts a fresh client, which shows a new QR when the session is gone.
 */
export const NO_RETRY_REASONS: ReadonlySet<string> = new Set(['LOGOUT', 'UNPAIRED', 'UNPAIRED_IDLE', 'TOS_BLOCK', 'SMB_TOS_BLOCK', 'CONFLICT']);

/** Message types that are not something a person wrote (Constants.MessageTypes): never shown as inbound. */
const SYSTEM_TYPES: ReadonlySet<string> = new Set([
  'revoked',
  'broadcast_notification',
  'call_log',
  'ciphertext',
  'debug',
  'e2e_notification',
  'gp2',
  'group_notification',
  'notification',
  'notification_template',
  'protocol',
  'reaction',
]);

/**
 * Whether an incoming library message is a customer writing to us: a 1:1 chat (`@c.us`, or `@lid` since
 * WhatsApp's LID migration, §5), not sent by us, not a status update (status@broadcast), not a system message.
 * Groups (@g.us), channels (@newsletter) and broadcasts are left out.
 */
export function isCustomerMessage(m: MessageLike): boolean {
  if (m.fromMe || m.isStatus) return false;
  if (m.from === 'status@broadcast') return false;
  if (!/^[^@]+@(c\.us|lid)$/.test(m.from)) return false;
  return !SYSTEM_TYPES.has(m.type);
}

/** The phone number (digits) inside a `62…@c.us` id; null for LIDs and anything else. */
export function numberOfChatId(id: string | undefined | null): string | null {
  const m = /^(\d{6,20})@c\.us$/.exec(id ?? '');
  return m ? m[1]! : null;
}

/**
 * A rejected sendMessage/getNumberId as a WaSendError. Errors that repeating will not fix are 'rejected'
 * ("No LID for user", §5/§8; an invalid wid). Everything else is 'unknown': the library's failures surface as
 * "Evaluation failed …" rejections of page.evaluate (§6), and a browser that died mid-call ("Target closed",
 * "Session closed") may or may not have sent the message.
 */
export function sendErrorOf(text: string): WaSendError {
  if (/no lid for user|invalid wid|wid error|invalid chat ?id/i.test(text)) return new WaSendError('rejected', text);
  return new WaSendError('unknown', text);
}
