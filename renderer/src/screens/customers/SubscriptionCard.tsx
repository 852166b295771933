import { ActionIcon, Button, Card, Group, Menu, SimpleGrid, Text } from '@mantine/core';
import { IconDots, IconEye, IconEyeOff } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SubscriptionDto, SubscriptionStatus } from '../../../../shared/contract';
import type { Permission } from '../../../../shared/permissions';
import { useLanguage } from '../../i18n';
import { formatRupiah } from '../../lib/format';
import { useSession } from '../../store/session';
import { formatLocalDate } from '../invoices/money';
import { ServiceBadge } from './badges';
import type { SubAction } from './SubscriptionActionModal';

export type CardAction = SubAction | 'edit';

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

/** One PPPoE subscription: account, plan, state, billing terms, and the steps the viewer may take. */
export function SubscriptionCard({ sub, onAction }: { sub: SubscriptionDto; onAction: (a: CardAction, s: SubscriptionDto) => void }) {
  const { t } = useTranslation();
  const lang = useLanguage();
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
        <Fact label={t('customers.subs.terms')}>{t('customers.subs.termsText', { due: sub.dueDays, grace: sub.graceDays })}</Fact>
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
