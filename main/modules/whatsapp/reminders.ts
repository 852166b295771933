import type { EntityManager } from 'typeorm';
import { addDays, diffDays } from '../../../shared/dates';
import type { Settings } from '../../../shared/settings';
import type { WaFacts } from './facts';
import type { Notifier } from './notify';

/*
 * Payment reminders (issue 13): N days before the due date, on the due day and N days after it, for every
 * invoice still open. Each run queues the latest stage an invoice has reached (a stage passed while the office
 * was closed is not sent late: the customer gets the current one), once — its dedupe key is the invoice and the
 * stage, so running again the same day, or catching up, queues nothing more.
 */

export type Stage = 'reminder_before' | 'reminder_due' | 'reminder_after';

/** A stage is still sent this many days after its day (the office PC was off); later it is skipped. */
const CATCH_UP_DAYS = 2;

/** The latest stage an invoice due on `due` has reached on `today` (within the catch-up days), or null. */
export function stageOn(today: string, due: string, s: Pick<Settings['whatsapp'], 'reminderDaysBefore' | 'reminderOnDue' | 'reminderDaysAfter'>): Stage | null {
  const d = diffDays(due, today); // days past the due date (negative: before it)
  const reached = (day: number) => d >= day && d <= day + CATCH_UP_DAYS;
  if (s.reminderDaysAfter > 0 && d >= s.reminderDaysAfter) return reached(s.reminderDaysAfter) ? 'reminder_after' : null;
  if (s.reminderOnDue && d >= 0) return reached(0) ? 'reminder_due' : null;
  if (s.reminderDaysBefore > 0 && d < 0) return reached(-s.reminderDaysBefore) ? 'reminder_before' : null;
  return null;
}

/** Queues today's reminders; returns how many were queued. */
export async function queueReminders(em: EntityManager, facts: WaFacts, notifier: Notifier, s: Settings['whatsapp'], today: string, now: Date): Promise<number> {
  // Back far enough for a stage still within its catch-up days (the latest one is N days after the due day).
  const from = addDays(today, -(Math.max(s.reminderDaysAfter, 0) + CATCH_UP_DAYS));
  const to = addDays(today, Math.max(s.reminderDaysBefore, 0));
  let queued = 0;
  for (const inv of await facts.dueInvoices(em, from, to)) {
    const stage = stageOn(today, inv.dueDate, s);
    if (!stage) continue;
    if ((await notifier.notify(em, stage, { customerId: inv.customerId }, { invoiceId: inv.id }, `${stage}:${inv.id}`, now)) !== null) queued++;
  }
  return queued;
}
