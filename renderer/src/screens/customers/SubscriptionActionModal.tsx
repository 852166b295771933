import { Alert, Button, Group, Modal, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { IconCalendarClock } from '@tabler/icons-react';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SubscriptionDto } from '../../../../shared/contract';
import { call } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLanguage } from '../../i18n';
import { formatRupiah } from '../../lib/format';
import { useCall } from '../../lib/useCall';
import { useTimezone } from '../../store/session';
import { formatLocalDate, todayIn } from '../invoices/money';
import { serverErrors } from './formErrors';

export type SubAction = 'activate' | 'changePlan' | 'pause' | 'resume' | 'terminate' | 'isolate' | 'restore' | 'promise';

/** Actions that take effect on a date (the office's today unless the clerk picks another; a later one is scheduled). */
const DATED: SubAction[] = ['activate', 'changePlan', 'pause', 'resume', 'terminate'];
const DANGER: SubAction[] = ['terminate', 'isolate', 'pause'];
/** How far ahead a change may be scheduled (as the server allows). */
export const MAX_DAYS_AHEAD = 366;

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

async function perform(action: SubAction, sub: SubscriptionDto, v: { date: string; planId: string | null; until: string | null; note: string }): Promise<SubscriptionDto> {
  const id = sub.id;
  switch (action) {
    case 'activate':
    case 'pause':
    case 'resume':
    case 'terminate':
      return call(`subscriptions.${action}`, { id, date: v.date });
    case 'changePlan':
      return call('subscriptions.changePlan', { id, date: v.date, planId: Number(v.planId) });
    case 'isolate':
    case 'restore':
      return call(`subscriptions.${action}`, { id });
    case 'promise':
      return call('subscriptions.promise', { id, until: v.until, note: v.note });
  }
}

/** What a scheduled change will do, in words: "Ganti paket ke Paket 20M". */
export function useScheduledWhat(): (action: string, planName: string | null) => string {
  const { t } = useTranslation();
  // A failed change does not name its plan: then just "Ganti paket".
  return (action, planName) => (action === 'changePlan' && !planName ? t('customers.subs.actions.changePlan') : t(`customers.subs.scheduledWhat.${action}`, { plan: planName ?? '', defaultValue: action }));
}

/** `scheduledFor`: the date the change waits for when it was scheduled rather than made (null: done now). */
type Props = { action: SubAction | null; sub: SubscriptionDto | null; onClose: () => void; onDone: (action: SubAction, s: SubscriptionDto, scheduledFor: string | null) => void };

/** One lifecycle step for a subscription, with what it will do said first, and a date where it takes one. */
export function SubscriptionActionModal({ action, sub, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const tz = useTimezone();
  const what = useScheduledWhat();
  const opened = action !== null && sub !== null;
  const plans = useCall('plans.list', { includeArchived: false }, opened && action === 'changePlan');
  const [date, setDate] = useState('');
  const [planId, setPlanId] = useState<string | null>(null);
  const [until, setUntil] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, ReactNode>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!opened) return;
    const today = todayIn(tz);
    setDate(today);
    setPlanId(null);
    setUntil(sub.promiseUntil ?? addDays(today, 7));
    setNote('');
    setErrors({});
    setError(null);
  }, [opened, sub, tz]);

  if (!opened) return <Modal opened={false} onClose={onClose} title="" />;

  // A dated step cannot go before the last change (or the activation); a date after the office's today is
  // scheduled (up to a year ahead), one schedule per subscription.
  const today = todayIn(tz);
  const maxDate = addDays(today, MAX_DAYS_AHEAD);
  const since = action === 'activate' ? null : [sub.termsSince, sub.activatedOn].filter((d): d is string => !!d).sort().at(-1) ?? null;
  const sinceIsChange = since !== null && since === sub.termsSince;
  const max = formatLocalDate(maxDate, lang);
  const dateHint =
    since === null
      ? t('customers.subs.effectiveDateHint', { max })
      : t(sinceIsChange ? 'customers.subs.effectiveDateHintSince' : 'customers.subs.effectiveDateHintActivated', { date: formatLocalDate(since, lang), max });
  const dated = DATED.includes(action);
  const later = dated && /^\d{4}-\d{2}-\d{2}$/.test(date) && date > today && date <= maxDate;

  const run = async (clear = false) => {
    const missing: Record<string, ReactNode> = {};
    if (DATED.includes(action) && !date) missing.date = t('validation.required');
    else if (DATED.includes(action) && date > maxDate) missing.date = t('customers.subs.tooFarAhead', { max });
    else if (DATED.includes(action) && date > today && sub.scheduled) missing.date = t('errors.billing.already_scheduled', { date: formatLocalDate(sub.scheduled.date, lang) });
    else if (DATED.includes(action) && since !== null && date < since)
      missing.date = t(sinceIsChange ? 'errors.billing.before_last_change' : 'errors.billing.before_activation', { since: formatLocalDate(since, lang) });
    if (action === 'changePlan' && !planId) missing.planId = t('validation.required');
    if (action === 'promise' && !clear && !until) missing.until = t('validation.required');
    setErrors(missing);
    if (Object.keys(missing).length > 0) return;
    setBusy(true);
    setError(null);
    try {
      onDone(action, await perform(action, sub, { date, planId, until: clear ? null : until, note }), later ? date : null);
    } catch (err) {
      const { fields, alert } = serverErrors(err, ['date', 'planId', 'until']);
      setErrors(fields);
      setError(alert);
    } finally {
      setBusy(false);
    }
  };

  const otherPlans = (plans.data ?? []).filter((p) => p.id !== sub.planId);
  return (
    <Modal opened onClose={onClose} title={t(`customers.subs.actionTitle.${action}`, { username: sub.username })} data-testid="sub-action-modal" data-action={action}>
      <Stack gap="sm">
        <Text size="sm">{t(`customers.subs.explain.${action}`, { plan: sub.planName, router: sub.routerName })}</Text>
        {dated && sub.scheduled && (
          <Alert color="yellow" variant="light" p="xs" data-testid="sub-action-has-schedule">
            <Text size="sm">{t('customers.subs.hasSchedule', { what: what(sub.scheduled.action, sub.scheduled.planName), date: formatLocalDate(sub.scheduled.date, lang) })}</Text>
          </Alert>
        )}
        {action === 'changePlan' && (
          <Select
            label={t('customers.subs.newPlan')}
            withAsterisk
            value={planId}
            onChange={setPlanId}
            data={otherPlans.map((p) => ({ value: String(p.id), label: `${p.name} — ${formatRupiah(p.price, lang)}` }))}
            error={errors.planId}
            comboboxProps={{ withinPortal: true }}
            data-testid="sub-action-plan"
          />
        )}
        {DATED.includes(action) && (
          <TextInput
            type="date"
            label={t('customers.subs.effectiveDate')}
            description={dateHint}
            withAsterisk
            min={since ?? undefined}
            max={maxDate}
            value={date}
            onChange={(e) => {
              setDate(e.currentTarget.value);
              setErrors((x) => ({ ...x, date: undefined }));
            }}
            error={errors.date}
            data-testid="sub-action-date"
          />
        )}
        {later && !errors.date && (
          <Alert color="blue" variant="light" icon={<IconCalendarClock size={20} />} title={t('customers.subs.scheduleTitle', { date: formatLocalDate(date, lang) })} data-testid="sub-action-scheduled">
            <Text size="sm">{t('customers.subs.scheduleBody')}</Text>
          </Alert>
        )}
        {action === 'promise' && (
          <>
            <TextInput type="date" label={t('customers.subs.promiseUntil')} withAsterisk min={todayIn(tz)} value={until} onChange={(e) => setUntil(e.currentTarget.value)} error={errors.until} data-testid="sub-action-until" />
            <Textarea label={t('customers.subs.promiseNote')} placeholder={t('customers.subs.promiseNoteHint')} maxLength={300} autosize minRows={2} value={note} onChange={(e) => setNote(e.currentTarget.value)} data-testid="sub-action-note" />
          </>
        )}
        <ErrorAlert error={error} testId="sub-action-error" />
        <Group justify="space-between" mt="sm">
          <div>
            {action === 'promise' && sub.promiseUntil && (
              <Button variant="subtle" color="red" onClick={() => void run(true)} disabled={busy} data-testid="sub-action-clear">
                {t('customers.subs.promiseClear')}
              </Button>
            )}
          </div>
          <Group gap="xs">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button color={DANGER.includes(action) ? 'red' : undefined} loading={busy} onClick={() => void run()} data-testid="sub-action-ok" data-scheduled={later || undefined}>
              {later ? t('customers.subs.scheduleOk', { date: formatLocalDate(date, lang) }) : t(`customers.subs.actions.${action}`)}
            </Button>
          </Group>
        </Group>
      </Stack>
    </Modal>
  );
}
