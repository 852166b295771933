import { Card, Group, Loader, Pagination, Stack, Table, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InvoiceDto } from '../../../../shared/contract';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Forbidden } from '../../components/Forbidden';
import { PageTitle } from '../../components/PageTitle';
import { useLanguage } from '../../i18n';
import { isForbidden, useCall } from '../../lib/useCall';
import { useIsPhone } from '../../lib/useIsPhone';
import { hrefOf, navigate } from '../../store/route';
import { InvoiceFilters, NO_FILTERS, type InvoiceFilterValues } from './InvoiceFilters';
import { InvoicePage } from './InvoicePage';
import { InvoiceStatus, isCreditNote, useKindLabel } from './lines';
import { formatLocalDate, formatPeriod, useRupiah } from './money';

const PAGE_SIZE = 25;

/** #/invoices (the list) or #/invoices/<id> (one invoice). */
export function InvoicesScreen({ sub }: { sub: string | null }) {
  const id = sub && /^\d+$/.test(sub) ? Number(sub) : null;
  return id ? <InvoicePage id={id} /> : <InvoiceList />;
}

// The filters survive opening an invoice and coming back.
let remembered: InvoiceFilterValues = NO_FILTERS;

/** Opens the invoice list with these filters (the dashboard's cards). */
export function openInvoices(filters: Partial<InvoiceFilterValues>): void {
  remembered = { ...NO_FILTERS, ...filters };
  navigate('invoices');
}

function InvoiceList() {
  const { t } = useTranslation();
  const phone = useIsPhone();
  const rupiah = useRupiah();
  const [filters, setFilters] = useState<InvoiceFilterValues>(remembered);
  const [q] = useDebouncedValue(filters.q.trim(), 300);
  const [page, setPage] = useState(1);
  const list = useCall('invoices.list', {
    page,
    pageSize: PAGE_SIZE,
    q: q || undefined,
    period: /^\d{4}-\d{2}$/.test(filters.period) ? filters.period : undefined,
    status: filters.status ?? undefined,
    area: filters.area ?? undefined,
    collectorId: filters.collectorId ?? undefined,
  });
  if (isForbidden(list.error)) return <Forbidden />;
  const change = (f: InvoiceFilterValues) => {
    remembered = f;
    setFilters(f);
    setPage(1);
  };
  const items = list.data?.items ?? [];
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / PAGE_SIZE)) : 1;

  return (
    <div data-testid="screen-invoices">
      <PageTitle title={t('nav.invoices')} description={t('billing.invoices.intro')} />
      <InvoiceFilters value={filters} onChange={change} />
      <ErrorAlert error={list.error} />
      <Group gap="lg" mb="xs" mih={24}>
        {list.data && (
          <Text size="sm" data-testid="invoices-totals" data-total={list.data.sumTotal} data-remaining={list.data.sumRemaining}>
            {t('billing.invoices.totals', { count: list.data.total, total: rupiah(list.data.sumTotal), remaining: rupiah(list.data.sumRemaining) })}
          </Text>
        )}
        {list.loading && <Loader size="xs" />}
      </Group>
      {phone ? (
        <Stack gap="xs" data-testid="invoices-table">
          {items.map((i) => <InvoiceCard key={i.id} invoice={i} />)}
        </Stack>
      ) : (
        <Card withBorder padding={0}>
          <Table.ScrollContainer minWidth={820}>
            <Table verticalSpacing="sm" highlightOnHover data-testid="invoices-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('billing.invoices.number')}</Table.Th>
                  <Table.Th>{t('billing.common.customer')}</Table.Th>
                  <Table.Th>{t('billing.invoices.periodCol')}</Table.Th>
                  <Table.Th>{t('billing.invoice.due')}</Table.Th>
                  <Table.Th ta="right">{t('billing.invoice.total')}</Table.Th>
                  <Table.Th ta="right">{t('billing.invoice.remaining')}</Table.Th>
                  <Table.Th>{t('billing.common.status')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((i) => <InvoiceRow key={i.id} invoice={i} />)}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
      {list.data?.items.length === 0 && (
        <Text c="dimmed" ta="center" p="lg" data-testid="invoices-empty">
          {t('billing.invoices.empty')}
        </Text>
      )}
      {pages > 1 && (
        <Group justify="center" mt="md">
          <Pagination value={page} onChange={setPage} total={pages} size="sm" data-testid="invoices-pages" />
        </Group>
      )}
    </div>
  );
}

/** The days an invoice covers (its issue day when it covers none), and what it is when not a monthly invoice. */
function usePeriodText(): (i: InvoiceDto) => { when: string; what: string | null } {
  const lang = useLanguage();
  const kind = useKindLabel();
  return (i) => ({
    when: i.periodStart && i.periodEnd ? formatPeriod(i.periodStart, i.periodEnd, lang) : formatLocalDate(i.issueDate, lang),
    what: i.kind === 'period' ? null : kind(i),
  });
}

function InvoiceRow({ invoice: i }: { invoice: InvoiceDto }) {
  const lang = useLanguage();
  const rupiah = useRupiah();
  const period = usePeriodText();
  const dim = i.status === 'void' ? 'dimmed' : undefined;
  return (
    <Table.Tr style={{ cursor: 'pointer' }} onClick={() => navigate(`invoices/${i.id}`)} data-testid="invoice-row" data-number={i.number}>
      <Table.Td>
        <Text size="sm" ff="monospace" c={dim}>
          {i.number}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{i.customerName}</Text>
        <Text size="xs" c="dimmed">
          {[i.customerNumber, i.area].filter(Boolean).join(' · ')}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{period(i).when}</Text>
        {period(i).what && (
          <Text size="xs" c="dimmed">
            {period(i).what}
          </Text>
        )}
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <Text size="sm" c={i.overdue ? 'red.8' : undefined}>
          {isCreditNote(i) ? '—' : formatLocalDate(i.dueDate, lang)}
        </Text>
      </Table.Td>
      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
        <Text size="sm" c={dim} td={i.status === 'void' ? 'line-through' : undefined}>
          {rupiah(i.total)}
        </Text>
      </Table.Td>
      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
        <Text size="sm" fw={i.remaining > 0 ? 600 : undefined}>
          {rupiah(i.remaining)}
        </Text>
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <InvoiceStatus invoice={i} />
      </Table.Td>
    </Table.Tr>
  );
}

function InvoiceCard({ invoice: i }: { invoice: InvoiceDto }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const rupiah = useRupiah();
  const period = usePeriodText();
  return (
    <Card withBorder padding="sm" component="a" href={hrefOf(`invoices/${i.id}`)} data-testid="invoice-row" data-number={i.number}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <div style={{ minWidth: 0 }}>
          <Text fw={600} truncate="end">
            {i.customerName}
          </Text>
          <Text size="xs" c="dimmed">
            {i.number} · {period(i).when}
          </Text>
          {period(i).what && (
            <Text size="xs" c="dimmed">
              {period(i).what}
            </Text>
          )}
          {!isCreditNote(i) && (
            <Text size="xs" c={i.overdue ? 'red.8' : 'dimmed'}>
              {t('billing.invoice.dueOn', { date: formatLocalDate(i.dueDate, lang) })}
            </Text>
          )}
        </div>
        <Stack gap={4} align="flex-end" style={{ flexShrink: 0 }}>
          <Text fw={700} style={{ whiteSpace: 'nowrap' }}>
            {rupiah(i.status === 'paid' ? i.total : i.remaining)}
          </Text>
          <InvoiceStatus invoice={i} size="xs" stacked />
        </Stack>
      </Group>
    </Card>
  );
}
