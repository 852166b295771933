import type { EntityManager } from 'typeorm';
import { enqueue } from './outbox';

/*
 * A sign-in code for the customer portal (or a code proving a new WhatsApp number) goes out through the same
 * outbox as everything else, so it has a state the clerk can see — but it is the customer's own request: it is
 * sent ahead of the queue, without the random gap, in quiet hours and whatever the marketing opt-in says, and it
 * is cancelled when it could no longer be used (the portal's codes live 5 minutes). Staff screens show it masked.
 */

/** A code not sent within this long is cancelled, never sent late. */
export const LOGIN_CODE_TTL_MS = 10 * 60_000;

export type LoginCodePurpose = 'login' | 'change_number';

const TEXT = {
  id: {
    login: (office: string, code: string) => `Kode masuk portal ${office}: *${code}*\nBerlaku 5 menit. Jangan berikan kode ini kepada siapa pun, termasuk petugas.`,
    change_number: (office: string, code: string) => `Kode untuk memakai nomor ini di portal ${office}: *${code}*\nBerlaku 5 menit. Abaikan pesan ini jika Anda tidak memintanya.`,
  },
  en: {
    login: (office: string, code: string) => `Your ${office} portal sign-in code: *${code}*\nValid for 5 minutes. Never share this code with anyone, staff included.`,
    change_number: (office: string, code: string) => `Code to use this number on the ${office} portal: *${code}*\nValid for 5 minutes. Ignore this message if you did not ask for it.`,
  },
} as const;

export interface LoginCodeInput {
  customerId: number | null;
  /** E.164 or digits. */
  number: string;
  code: string;
  purpose: LoginCodePurpose;
  lang: 'id' | 'en';
  office: string;
}

/** Queues the code in the caller's transaction; returns the message id. */
export async function queueLoginCode(em: EntityManager, c: LoginCodeInput, now: Date): Promise<number> {
  if (!/^\d{4,8}$/.test(c.code)) throw new Error('a sign-in code is 4–8 digits');
  const id = await enqueue(em, { customerId: c.customerId, to: c.number, kind: 'login_code', body: TEXT[c.lang][c.purpose](c.office, c.code) }, now);
  // No dedupe key: every request is its own code.
  return id!;
}
