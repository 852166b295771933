import { Badge, Button, Card, Group, Loader, Pagination, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconCash, IconSearch, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PaymentDto } from '../../../../shared/contract';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Forbidden } from '../../components/Forbidden';
import { PageTitle } from '../../components/PageTitle';
import { useLanguage } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { isForbidden, useCall } from '../../lib/useCall';
import { useIsPhone } from '../../lib/useIsPhone';
import { hrefOf, navigate } from '../../store/route';
import { useCan, useTimezone } from '../../store/session';
import { todayIn, useRupiah } from '../invoices/money';

const PAGE_SIZE = 25;

/** Payments received, newest first: by date range, cashier and search, with their sum. */
export function PaymentList() {
  const { t } = useTranslation();
  const tz = useTimezone();
  const phone = useIsPhone();
  const rupiah = useRupiah();
  const canCollect = useCan('payments.collect');
  const canReadUsers = useCan('users.read');
  const today = todayIn(tz);
  const [from, setFrom] = useState(`${today.slice(0, 7)}-01`);
  const [to, setTo] = useState(today);
  const [q, setQ] = useState('');
  const [search] = useDebouncedValue(q.trim(), 300);
  const [by, setBy] = useState<number | null>(null);
  const [page, setPage] = useState(1);
  const users = useCall('users.list', {}, canReadUsers);
  const list = useCall('payments.list', { page, pageSize: PAGE_SIZE, from: from || undefined, to: to || undefined, q: search || undefined, receivedBy: by ?? undefined });
  if (isForbidden(list.error)) return <Forbidden />;
  const filter = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setPage(1);
  };
  const items = list.data?.items ?? [];
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / PAGE_SIZE)) : 1;

  return (
    <div data-testid="screen-payments">
      <PageTitle title={t('nav.payments')} description={t('billing.payments.intro')}>
        {canCollect && (
          <Button leftSection={<IconCash size={16} />} component="a" href={hrefOf('payments/new')} data-testid="payments-new">
            {t('billing.pay.title')}
          </Button>
        )}
      </PageTitle>
      <Group gap="sm" align="flex-end" mb="sm" data-testid="payments-filters">
        <TextInput label={t('billing.common.search')} placeholder={t('billing.payments.searchPlaceholder')} leftSection={<IconSearch size={16} />} value={q} onChange={(e) => filter(setQ)(e.currentTarget.value)} w={{ base: '100%', sm: 240 }} data-testid="payments-search" />
        <TextInput type="date" label={t('billing.common.from')} value={from} onChange={(e) => filter(setFrom)(e.currentTarget.value)} w={{ base: '48%', xs: 160 }} data-testid="payments-from" />
        <TextInput type="date" label={t('billing.common.to')} value={to} onChange={(e) => filter(setTo)(e.currentTarget.value)} w={{ base: '48%', xs: 160 }} data-testid="payments-to" />
        {canReadUsers && (
          <Select<number>
            label={t('billing.payments.receivedBy')}
            placeholder={t('billing.payments.anyone')}
            value={by}
            onChange={filter(setBy)}
            data={(users.data ?? []).map((u) => ({ value: u.id, label: u.fullName }))}
            clearable
            searchable
            w={{ base: '100%', xs: 200 }}
            data-testid="payments-by"
          />
        )}
        {(q || by || from || to) && (
          <Button variant="subtle" leftSection={<IconX size={14} />} onClick={() => { setQ(''); setBy(null); setFrom(''); setTo(''); setPage(1); }} data-testid="payments-clear">
            {t('billing.common.showAll')}
          </Button>
        )}
        {list.loading && <Loader size="sm" />}
      </Group>
      <ErrorAlert error={list.error} />
      {list.data && (
        <Text size="sm" mb="xs" data-testid="payments-sum" data-sum={list.data.sum}>
          {t('billing.payments.summary', { count: list.data.total, sum: rupiah(list.data.sum) })}
        </Text>
      )}
      {phone ? (
        <Stack gap="xs" data-testid="payments-table">
          {items.map((p) => <PaymentCard key={p.id} p={p} />)}
        </Stack>
      ) : (
        <Card withBorder padding={0}>
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="sm" highlightOnHover data-testid="payments-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('billing.payments.number')}</Table.Th>
                  <Table.Th>{t('billing.common.date')}</Table.Th>
                  <Table.Th>{t('billing.common.customer')}</Table.Th>
                  <Table.Th>{t('billing.pay.method')}</Table.Th>
                  <Table.Th>{t('billing.payments.receivedBy')}</Table.Th>
                  <Table.Th ta="right">{t('billing.common.amount')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((p) => <PaymentRow key={p.id} p={p} />)}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
      {list.data?.items.length === 0 && (
        <Text c="dimmed" ta="center" p="lg" data-testid="payments-empty">
          {t('billing.payments.empty')}
        </Text>
      )}
      {pages > 1 && (
        <Group justify="center" mt="md">
          <Pagination value={page} onChange={setPage} total={pages} size="sm" data-testid="payments-pages" />
        </Group>
      )}
    </div>
  );
}

function useRowText() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const tz = useTimezone();
  const rupiah = useRupiah();
  return (p: PaymentDto) => ({
    when: formatDateTime(p.receivedAt, tz, lang),
    method: p.reference ? `${t(`billing.methods.${p.method}`)} · ${p.reference}` : t(`billing.methods.${p.method}`),
    // A refund is money going out: negative, in red, and said so.
    amount: p.kind === 'refund' ? `−${rupiah(p.amount)}` : rupiah(p.amount),
    color: p.reversedAt ? 'dimmed' : p.kind === 'refund' ? 'red.8' : undefined,
    refund: p.kind === 'refund' ? t('billing.payments.refund') : null,
    reversed: p.reversedAt ? t('billing.payments.reversed') : null,
  });
}

function PaymentRow({ p }: { p: PaymentDto }) {
  const x = useRowText()(p);
  return (
    <Table.Tr style={{ cursor: 'pointer' }} onClick={() => navigate(`payments/${p.id}`)} data-testid="payment-row" data-number={p.number}>
      <Table.Td>
        <Text size="sm" ff="monospace">
          {p.number}
        </Text>
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{x.when}</Table.Td>
      <Table.Td>
        <Text size="sm">{p.customerName}</Text>
        <Text size="xs" c="dimmed">
          {p.customerNumber}
        </Text>
      </Table.Td>
      <Table.Td>{x.method}</Table.Td>
      <Table.Td>{p.receivedBy ?? '—'}</Table.Td>
      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
        <Text size="sm" fw={600} td={x.reversed ? 'line-through' : undefined} c={x.color} data-testid="payment-row-amount">
          {x.amount}
        </Text>
        {x.refund && (
          <Badge size="xs" color="orange" variant="light" data-testid="payment-row-refund">
            {x.refund}
          </Badge>
        )}
        {x.reversed && (
          <Badge size="xs" color="gray">
            {x.reversed}
          </Badge>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

function PaymentCard({ p }: { p: PaymentDto }) {
  const x = useRowText()(p);
  return (
    <Card withBorder padding="sm" component="a" href={hrefOf(`payments/${p.id}`)} data-testid="payment-row" data-number={p.number}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <div style={{ minWidth: 0 }}>
          <Text fw={600} truncate="end">
            {p.customerName}
          </Text>
          <Text size="xs" c="dimmed">
            {p.number} · {x.when}
          </Text>
          <Text size="xs" c="dimmed">
            {x.method} · {p.receivedBy ?? '—'}
          </Text>
        </div>
        <div style={{ textAlign: 'right' }}>
          <Text fw={700} td={x.reversed ? 'line-through' : undefined} c={x.color} style={{ whiteSpace: 'nowrap' }} data-testid="payment-row-amount">
            {x.amount}
          </Text>
          {x.refund && (
            <Badge size="xs" color="orange" variant="light" data-testid="payment-row-refund">
              {x.refund}
            </Badge>
          )}
          {x.reversed && (
            <Badge size="xs" color="gray">
              {x.reversed}
            </Badge>
          )}
        </div>
      </Group>
    </Card>
  );
}
