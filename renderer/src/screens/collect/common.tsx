import { Badge, Group, Paper, SimpleGrid, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CollectorDay, HandoverDto, HandoverState } from '../../../../shared/contract/collections';
import { ApiError } from '../../api/client';
import { useRupiah } from '../invoices/money';

export const STATE_COLORS: Record<HandoverState, string> = { pending: 'yellow', confirmed: 'green', cancelled: 'gray' };

export function StateBadge({ state }: { state: HandoverState }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATE_COLORS[state]} variant="light" data-testid="handover-state" data-state={state}>
      {t(`collect.states.${state}`)}
    </Badge>
  );
}

/** Today's collection and the cash not yet handed over, side by side (two big numbers on a phone). */
export function DayBar({ day }: { day: Pick<CollectorDay, 'todayTotal' | 'todayCount' | 'outstanding' | 'outstandingCount'> }) {
  const { t } = useTranslation();
  const money = useRupiah();
  return (
    <SimpleGrid cols={2} spacing="xs" data-testid="collect-daybar">
      <Paper withBorder p="sm" radius="md">
        <Text size="xs" c="dimmed">
          {t('collect.summary.today')}
        </Text>
        <Text fw={700} size="lg" data-testid="collect-today-total">
          {money(day.todayTotal)}
        </Text>
        <Text size="xs" c="dimmed">
          {t('collect.summary.payments', { count: day.todayCount })}
        </Text>
      </Paper>
      <Paper withBorder p="sm" radius="md">
        <Text size="xs" c="dimmed">
          {t('collect.summary.outstanding')}
        </Text>
        <Text fw={700} size="lg" c={day.outstanding > 0 ? 'orange.8' : undefined} data-testid="collect-outstanding">
          {money(day.outstanding)}
        </Text>
        <Text size="xs" c="dimmed">
          {t('collect.summary.payments', { count: day.outstandingCount })}
        </Text>
      </Paper>
    </SimpleGrid>
  );
}

/** A hand-over on one line (wraps on a phone): number, state, amount, count. */
export function HandoverLine({ h, when }: { h: HandoverDto; when: string }) {
  const { t } = useTranslation();
  const money = useRupiah();
  return (
    <Paper withBorder p="xs" radius="md" data-testid="handover-row" data-number={h.number}>
      <Group justify="space-between" gap="xs">
        <Group gap="xs" miw={0}>
          <Text size="sm" fw={600}>
            {h.number}
          </Text>
          <StateBadge state={h.state} />
        </Group>
        <Text size="sm" fw={600}>
          {money(h.amount)}
        </Text>
      </Group>
      <Text size="xs" c="dimmed">
        {h.collectorName} · {t('collect.summary.payments', { count: h.count })} · {when}
        {h.decidedBy ? ` · ${t('collect.office.by', { name: h.decidedBy })}` : ''}
      </Text>
      {h.difference !== null && h.difference !== 0 && (
        <Text size="xs" c="red" data-testid="handover-difference">
          {t('collect.office.difference', { amount: money(h.difference) })}
          {h.note ? ` — ${h.note}` : ''}
        </Text>
      )}
    </Paper>
  );
}

/** The collection errors a person can act on, in words; null for any other error (shown by ErrorAlert). */
export function useCollectError(): (err: unknown) => string | null {
  const { t } = useTranslation();
  const money = useRupiah();
  return (err) => {
    if (!(err instanceof ApiError) || err.code !== 'conflict') return null;
    const d = err.details ?? {};
    const reason = typeof d.reason === 'string' ? d.reason : '';
    if (!['nothing', 'pending', 'changed', 'state'].includes(reason)) return null;
    return t(`collect.errors.${reason}`, { number: typeof d.number === 'string' ? d.number : '', amount: money(Number(d.amount ?? 0)) });
  };
}
