import { Anchor, Badge, Card, Group, Pagination, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SubscriptionDto, SubscriptionStatus } from '../../../../shared/contract';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLanguage } from '../../i18n';
import { formatRupiah } from '../../lib/format';
import { useCall } from '../../lib/useCall';
import { useIsPhone } from '../../lib/useIsPhone';
import { hrefOf } from '../../store/route';
import { useCan } from '../../store/session';
import { formatLocalDate } from '../invoices/money';
import { ServiceBadge } from './badges';
import { useScheduledWhat } from './SubscriptionActionModal';

const PAGE_SIZE = 25;

/** The state, plus a change waiting for its date or one that could not be made. */
function StateBadges({ sub, end = false }: { sub: SubscriptionDto; end?: boolean }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const what = useScheduledWhat();
  const failed = sub.scheduledFailed && !(sub.termsSince && sub.termsSince > sub.scheduledFailed.date) ? sub.scheduledFailed : null;
  return (
    <Group gap={4} wrap="wrap" justify={end ? 'flex-end' : undefined}>
      <ServiceBadge status={sub.status} />
      {sub.scheduled && (
        <Badge size="sm" variant="outline" color={sub.scheduled.action === 'terminate' || sub.scheduled.action === 'pause' ? 'orange' : 'blue'} title={`${what(sub.scheduled.action, sub.scheduled.planName)} · ${formatLocalDate(sub.scheduled.date, lang)}`} data-testid="subs-scheduled">
          {t('customers.subs.scheduled.badge')} {formatLocalDate(sub.scheduled.date, lang)}
        </Badge>
      )}
      {failed && (
        <Badge size="sm" variant="outline" color="red" title={`${what(failed.action, null)} · ${formatLocalDate(failed.date, lang)}`} data-testid="subs-scheduled-failed">
          {t('customers.subs.failed.badge')}
        </Badge>
      )}
    </Group>
  );
}
const STATUSES: SubscriptionStatus[] = ['pending', 'active', 'isolated', 'paused', 'terminated'];

/** Every PPPoE subscription of the office, across customers: who is isolated, paused or waiting for installation. */
export function SubscriptionList({ initialStatus }: { initialStatus: string | null }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const phone = useIsPhone();
  const canRouters = useCan('routers.read');
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q, 200);
  const [status, setStatus] = useState<SubscriptionStatus | null>((STATUSES as string[]).includes(initialStatus ?? '') ? (initialStatus as SubscriptionStatus) : null);
  const [planId, setPlanId] = useState<string | null>(null);
  const [routerId, setRouterId] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const plans = useCall('plans.list', { includeArchived: true });
  const routers = useCall('routers.list', {}, canRouters);
  const list = useCall('subscriptions.list', {
    q: debounced || undefined,
    status: status ?? undefined,
    planId: planId ? Number(planId) : undefined,
    routerId: routerId ? Number(routerId) : undefined,
    page,
    pageSize: PAGE_SIZE,
  });
  const reset = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setPage(1);
  };
  const items = list.data?.items ?? [];
  return (
    <Stack gap="sm" data-testid="subscription-list">
      <Group gap="xs" wrap="wrap">
        <TextInput leftSection={<IconSearch size={16} />} placeholder={t('customers.subList.search')} value={q} onChange={(e) => reset(setQ)(e.currentTarget.value)} w={phone ? '100%' : 260} data-testid="subs-search" />
        <Select placeholder={t('customers.filters.allStatuses')} clearable value={status} onChange={(v) => reset(setStatus)(v as SubscriptionStatus | null)} data={STATUSES.map((s) => ({ value: s, label: t(`customers.service.${s}`) }))} w={phone ? '100%' : 200} data-testid="subs-filter-status" />
        <Select placeholder={t('customers.filters.allPlans')} clearable value={planId} onChange={reset(setPlanId)} data={(plans.data ?? []).map((p) => ({ value: String(p.id), label: p.name }))} w={phone ? '100%' : 200} />
        {canRouters && <Select placeholder={t('customers.filters.allRouters')} clearable value={routerId} onChange={reset(setRouterId)} data={(routers.data ?? []).map((r) => ({ value: String(r.id), label: r.name }))} w={phone ? '100%' : 200} />}
      </Group>
      <ErrorAlert error={list.error} />
      <Text size="sm" c="dimmed" data-testid="subs-total">{t('customers.subList.total', { count: list.data?.total ?? 0 })}</Text>
      {phone ? (
        items.map((s) => (
          <Card key={s.id} withBorder padding="sm" data-testid="subs-row" data-status={s.status}>
            <Group justify="space-between" wrap="nowrap">
              <Anchor href={hrefOf(`customers/${s.customerId}`)} fw={600}>{s.customerName}</Anchor>
              <StateBadges sub={s} end />
            </Group>
            <Text size="sm" ff="monospace">{s.username}</Text>
            <Text size="sm" c="dimmed">{s.planName} · {formatRupiah(s.price, lang)} · {s.routerName}</Text>
          </Card>
        ))
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table striped highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('customers.subList.username')}</Table.Th><Table.Th>{t('customers.col.name')}</Table.Th><Table.Th>{t('customers.subList.plan')}</Table.Th>
                <Table.Th>{t('customers.subList.router')}</Table.Th><Table.Th>{t('customers.col.service')}</Table.Th><Table.Th>{t('customers.subList.nextBill')}</Table.Th><Table.Th>{t('customers.subList.promise')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((s) => (
                <Table.Tr key={s.id} data-testid="subs-row" data-status={s.status}>
                  <Table.Td ff="monospace">{s.username}</Table.Td>
                  <Table.Td><Anchor href={hrefOf(`customers/${s.customerId}`)}>{s.customerName}</Anchor> <Text span size="xs" c="dimmed">{s.customerNumber}</Text></Table.Td>
                  <Table.Td>{s.planName} <Text span size="xs" c="dimmed">{formatRupiah(s.price, lang)}</Text></Table.Td>
                  <Table.Td>{s.routerName}</Table.Td>
                  <Table.Td><StateBadges sub={s} /></Table.Td>
                  <Table.Td>{s.billedUntil ? formatLocalDate(s.billedUntil, lang) : '—'}</Table.Td>
                  <Table.Td>{s.promiseUntil ? formatLocalDate(s.promiseUntil, lang) : '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {(list.data?.total ?? 0) > PAGE_SIZE && <Pagination total={Math.ceil((list.data?.total ?? 0) / PAGE_SIZE)} value={page} onChange={setPage} />}
    </Stack>
  );
}
