import { ActionIcon, Alert, Button, Card, Group, Menu, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCalendarClock, IconDots, IconEye, IconEyeOff } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SubscriptionDto, SubscriptionStatus } from '../../../../shared/contract';
import type { Permission } from '../../../../shared/permissions';
import { useLanguage } from '../../i18n';
import { formatRupiah } from '../../lib/format';
import { useCan, useSession } from '../../store/session';
import { bpToPercent, formatLocalDate } from '../invoices/money';
import { ServiceBadge } from './badges';
import { useScheduledWhat, type SubAction } from './SubscriptionActionModal';

export type CardAction = SubAction | 'edit' | 'cancelScheduled';

/** Which action needs which permission, and in which states it makes sense (as the server enforces). */
const RULES: { action: CardAction; perm: Permission; states: SubscriptionStatus[] }[] = [
  { action: 'activate', perm: 'customers.manage', states: ['pending'] },
  { action: 'restore', perm: 'billing.manage', states: ['isolated'] },
  { action: 'promise', perm: 'payments.collect', states: ['active', 'isolated', 'paused'] },
  { action: 'edit', perm: 'customers.manage', states: ['pending', 'active', 'isolated', 'paused'] },
  { action: 'changePlan', perm: 'billing.manage', states: ['active', 'isolated'] },
  { action: 'resume', perm: 'billing.manage', states: ['paused'] },
  { action: 'pause', perm: 'billing.manage', states: ['active', 'isolated'] },
  { action: 'isolate', perm: 'billing.manage', states: ['active'] },
  { action: 'terminate', perm: 'billing.manage', states: ['pending', 'active', 'isolated', 'paused'] },
];
/** Shown as a button; the rest sit in the "…" menu. */
const PRIMARY: CardAction[] = ['activate', 'restore', 'resume'];

function useActions(sub: SubscriptionDto): CardAction[] {
  const perms = useSession((s) => s.session?.permissions ?? []);
  return RULES.filter((r) => r.states.includes(sub.status) && perms.includes(r.perm)).map((r) => r.action);
}

function Fact({ label, children, c }: { label: string; children: ReactNode; c?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" c={c}>
        {children}
      </Text>
    </div>
  );
}

/** The PPPoE password, hidden until asked for (the technician sets it in the customer's modem). */
function Secret({ value }: { value: string }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(false);
  return (
    <Group gap={4} wrap="nowrap">
      <Text size="sm" ff="monospace" data-testid="sub-password-text">
        {shown ? value : '••••••••'}
      </Text>
      <ActionIcon size="sm" variant="subtle" color="gray" onClick={() => setShown((v) => !v)} aria-label={t(shown ? 'customers.subs.hidePassword' : 'customers.subs.showPassword')} data-testid="sub-password-show">
        {shown ? <IconEyeOff size={14} /> : <IconEye size={14} />}
      </ActionIcon>
    </Group>
  );
}

/**
 * Why a scheduled change failed, in the UI language: the server stores "code: message"; the code is said
 * through errors.* when its text needs no details, otherwise the server's own words are shown.
 */
export function useFailureReason(): (error: string) => string {
  const { t, i18n } = useTranslation();
  return (error) => {
    const m = /^([a-z_]+(?:\.[a-z_]+)*): ([\s\S]*)$/.exec(error.trim());
    if (!m) return error;
    for (const key of [`errors.${m[1]}_plain`, `errors.${m[1]}`]) {
      if (!i18n.exists(key)) continue;
      const text = t(key);
      if (!text.includes('{{')) return text;
    }
    return m[2] ?? error;
  };
}

/** "Prabayar · Paket 12 bulan (diskon 10 %)". */
export function useBillingText(): (s: Pick<SubscriptionDto, 'billingMode' | 'cycleMonths' | 'cycleDiscountBp'>) => string {
  const { t } = useTranslation();
  const lang = useLanguage();
  return (s) => {
    const mode = t(s.billingMode === 'prepaid' ? 'customers.subs.modePrepaid' : 'customers.subs.modePostpaid');
    const pkg =
      s.cycleMonths <= 1
        ? t('customers.subs.cardMonthly')
        : s.cycleDiscountBp > 0
          ? t('customers.subs.cardPackageDiscount', { months: s.cycleMonths, rate: bpToPercent(s.cycleDiscountBp, lang) })
          : t('customers.subs.cardPackage', { months: s.cycleMonths });
    return `${mode} · ${pkg}`;
  };
}

/** The change waiting for its date, with a way to cancel it; and the last one that could not be made. */
function ScheduleNotices({ sub, onAction }: { sub: SubscriptionDto; onAction: (a: CardAction, s: SubscriptionDto) => void }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const what = useScheduledWhat();
  const reason = useFailureReason();
  const canCancel = useCan('billing.manage');
  const failed = sub.scheduledFailed;
  // A failure is old news once a later change has been recorded.
  const showFailed = failed !== null && !(sub.termsSince && sub.termsSince > failed.date);
  if (!sub.scheduled && !showFailed) return null;
  return (
    <Stack gap="xs" mt="sm">
      {sub.scheduled && (
        <Alert
          color={sub.scheduled.action === 'terminate' || sub.scheduled.action === 'pause' ? 'orange' : 'blue'}
          variant="light"
          p="xs"
          icon={<IconCalendarClock size={20} />}
          title={t('customers.subs.scheduled.title', { date: formatLocalDate(sub.scheduled.date, lang), what: what(sub.scheduled.action, sub.scheduled.planName) })}
          data-testid="sub-scheduled"
          data-action={sub.scheduled.action}
          data-date={sub.scheduled.date}
        >
          <Group justify="space-between" align="flex-end" gap="xs">
            <Text size="sm" style={{ flex: '1 1 240px' }}>
              {t('customers.subs.scheduled.body')}
            </Text>
            {canCancel && (
              <Button size="xs" variant="default" onClick={() => onAction('cancelScheduled', sub)} data-testid="sub-unschedule">
                {t('customers.subs.scheduled.cancel')}
              </Button>
            )}
          </Group>
        </Alert>
      )}
      {showFailed && failed && (
        <Alert
          color="red"
          variant="light"
          p="xs"
          icon={<IconAlertTriangle size={20} />}
          title={t('customers.subs.failed.title', { what: what(failed.action, null), date: formatLocalDate(failed.date, lang) })}
          data-testid="sub-scheduled-failed"
        >
          <Text size="sm">{t('customers.subs.failed.reason', { reason: reason(failed.error) })}</Text>
          <Text size="sm">{t('customers.subs.failed.hint')}</Text>
        </Alert>
      )}
    </Stack>
  );
}

/** One PPPoE subscription: account, plan, state, billing terms, and the steps the viewer may take. */
export function SubscriptionCard({ sub, onAction }: { sub: SubscriptionDto; onAction: (a: CardAction, s: SubscriptionDto) => void }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const billingText = useBillingText();
  const actions = useActions(sub);
  const date = (d: string | null) => formatLocalDate(d, lang);
  const rp = (n: number) => formatRupiah(n, lang);
  // One or two steps (a cashier's promise to pay) are plain buttons; more go to the menu, the main one stays out.
  const few = actions.length <= 2;
  const primary = actions.filter((a) => few || PRIMARY.includes(a));
  const rest = actions.filter((a) => !primary.includes(a));
  return (
    <Card withBorder padding="sm" data-testid="sub-card" data-username={sub.username} data-status={sub.status} style={sub.status === 'terminated' ? { opacity: 0.6 } : undefined}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
        <div>
          <Group gap="xs">
            <Text fw={600} ff="monospace" data-testid="sub-username">
              {sub.username}
            </Text>
            <ServiceBadge status={sub.status} />
          </Group>
          <Text size="sm">
            {sub.planName} · {rp(sub.price)}
            {t('customers.subs.perMonth')}
            {sub.discount > 0 && (
              <Text span size="xs" c="green">
                {' '}
                ({t('customers.subs.discountShort', { amount: rp(sub.discount) })})
              </Text>
            )}
          </Text>
          <Text size="xs" c="dimmed">
            {t('customers.subs.onRouter', { router: sub.routerName })}
          </Text>
        </div>
        <Group gap="xs" wrap="nowrap">
          {primary.map((a) => (
            <Button key={a} size="xs" variant="light" onClick={() => onAction(a, sub)} data-testid={`sub-${a}`}>
              {t(`customers.subs.actions.${a}`)}
            </Button>
          ))}
          {rest.length > 0 && (
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <ActionIcon variant="subtle" color="gray" aria-label={t('customers.subs.more')} data-testid="sub-menu">
                  <IconDots size={18} />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                {rest.map((a) => (
                  <Menu.Item key={a} color={a === 'terminate' || a === 'isolate' ? 'red' : undefined} onClick={() => onAction(a, sub)} data-testid={`sub-${a}`}>
                    {t(`customers.subs.actions.${a}`)}
                  </Menu.Item>
                ))}
              </Menu.Dropdown>
            </Menu>
          )}
        </Group>
      </Group>
      <ScheduleNotices sub={sub} onAction={onAction} />
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs" mt="sm">
        {sub.password !== '' && (
          <div>
            <Text size="xs" c="dimmed">
              {t('customers.subs.password')}
            </Text>
            <Secret value={sub.password} />
          </div>
        )}
        <Fact label={t('customers.subs.installDate')}>{date(sub.installDate)}</Fact>
        <Fact label={t('customers.subs.activatedOn')}>{date(sub.activatedOn)}</Fact>
        <Fact label={t('customers.subs.anchor')}>{sub.anchor === 'fixed' || sub.activatedOn ? t('customers.subs.anchorDayText', { day: sub.anchorDay }) : t('customers.subs.anchorAnniversary')}</Fact>
        <Fact label={t('customers.subs.cardPlan')}>
          <span data-testid="sub-billing">{billingText(sub)}</span>
        </Fact>
        <Fact label={t('customers.subs.terms')}>{t(sub.billingMode === 'prepaid' ? 'customers.subs.termsTextPrepaid' : 'customers.subs.termsText', { due: sub.dueDays, grace: sub.graceDays })}</Fact>
        {sub.termsSince && sub.status !== 'terminated' && <Fact label={t('customers.subs.termsSince')}>{date(sub.termsSince)}</Fact>}
        {sub.billedUntil && <Fact label={t('customers.subs.billedUntil')}>{date(sub.billedUntil)}</Fact>}
        {sub.promiseUntil && (
          <Fact label={t('customers.subs.promiseUntil')} c="orange">
            {date(sub.promiseUntil)}
          </Fact>
        )}
        {sub.isolationReason && (
          <Fact label={t('customers.subs.isolatedBecause')} c="red">
            {t(`customers.subs.isolation.${sub.isolationReason}`)}
          </Fact>
        )}
        {sub.terminatedOn && <Fact label={t('customers.subs.terminatedOn')}>{date(sub.terminatedOn)}</Fact>}
      </SimpleGrid>
    </Card>
  );
}
