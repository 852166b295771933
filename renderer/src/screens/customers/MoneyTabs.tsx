import { Anchor, Badge, Box, Card, Group, Loader, Pagination, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InvoiceDto } from '../../../../shared/contract';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLanguage } from '../../i18n';
import { formatDateTime, formatRupiah } from '../../lib/format';
import { useCall } from '../../lib/useCall';
import { hrefOf } from '../../store/route';
import { useTimezone } from '../../store/session';
import { formatLocalDate, formatPeriod } from '../invoices/money';
import { isCreditNote, useKindLabel } from '../invoices/lines';

const PAGE_SIZE = 20;

const STATUS_COLORS: Record<InvoiceDto['status'], string> = { open: 'blue', partial: 'yellow', paid: 'green', void: 'gray' };

export function InvoiceStatusBadge({ invoice, size = 'sm' }: { invoice: InvoiceDto; size?: 'xs' | 'sm' }) {
  const { t } = useTranslation();
  if (invoice.overdue && invoice.status !== 'paid' && invoice.status !== 'void')
    return (
      <Badge size={size} color="red" variant="light" data-testid="invoice-status" data-status="overdue">
        {t('customers.invoices.overdue')}
      </Badge>
    );
  // A live credit note is settled by nature: "paid" would mislead, it is a credit.
  const credit = invoice.status !== 'void' && isCreditNote(invoice);
  return (
    <Badge size={size} color={credit ? 'teal' : STATUS_COLORS[invoice.status]} variant={invoice.status === 'void' ? 'outline' : 'light'} data-testid="invoice-status" data-status={invoice.status}>
      {credit ? t('billing.status.credit') : t(`customers.invoices.status.${invoice.status}`)}
    </Badge>
  );
}

function Pager({ total, page, onChange, loading }: { total: number; page: number; onChange: (p: number) => void; loading: boolean }) {
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return (
    <Group justify="flex-end" mt="sm" gap="sm">
      {loading && <Loader size="xs" />}
      {pages > 1 && <Pagination total={pages} value={page} onChange={onChange} size="sm" />}
    </Group>
  );
}

/** The customer's invoices, newest first; each opens the invoice page. */
export function InvoicesTab({ customerId }: { customerId: number }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const [page, setPage] = useState(1);
  const list = useCall('invoices.list', { customerId, page, pageSize: PAGE_SIZE });
  const rp = (n: number) => formatRupiah(n, lang);
  const items = list.data?.items ?? [];
  const kind = useKindLabel('customers.invoices.kinds');
  // A monthly invoice is its period; anything else says what it is first ("Perubahan layanan · 3–31 Mei 2026").
  const period = (i: InvoiceDto) => {
    const when = i.periodStart && i.periodEnd ? formatPeriod(i.periodStart, i.periodEnd, lang) : null;
    return i.kind === 'period' && when ? when : when ? `${kind(i)} · ${when}` : kind(i);
  };
  return (
    <div data-testid="customer-invoices">
      <ErrorAlert error={list.error} />
      {list.data && items.length === 0 ? (
        <Text c="dimmed" ta="center" p="lg" data-testid="customer-invoices-empty">
          {t('customers.invoices.empty')}
        </Text>
      ) : (
        <Card withBorder padding={0}>
          <Table verticalSpacing="xs" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('customers.invoices.number')}</Table.Th>
                <Table.Th visibleFrom="sm">{t('customers.invoices.due')}</Table.Th>
                <Table.Th ta="right" visibleFrom="sm">{t('customers.invoices.total')}</Table.Th>
                <Table.Th ta="right" visibleFrom="md">{t('customers.invoices.paid')}</Table.Th>
                <Table.Th ta="right">{t('customers.invoices.remaining')}</Table.Th>
                <Table.Th visibleFrom="sm">{t('customers.invoices.statusLabel')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((i) => (
                <Table.Tr key={i.id} data-testid="customer-invoice-row" data-number={i.number}>
                  <Table.Td>
                    <Anchor href={hrefOf(`invoices/${i.id}`)} size="sm" ff="monospace">
                      {i.number}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {period(i)}
                    </Text>
                  </Table.Td>
                  <Table.Td visibleFrom="sm">
                    {/* A credit note is never due, nor paid: it pays. */}
                    <Text size="sm">{isCreditNote(i) ? '—' : formatLocalDate(i.dueDate, lang)}</Text>
                  </Table.Td>
                  <Table.Td ta="right" visibleFrom="sm">
                    {rp(i.total)}
                  </Table.Td>
                  <Table.Td ta="right" visibleFrom="md">
                    {isCreditNote(i) ? '—' : rp(i.paid)}
                  </Table.Td>
                  <Table.Td ta="right">
                    <Text size="sm" fw={i.remaining > 0 ? 600 : 400} c={i.remaining > 0 ? 'red' : undefined} style={{ whiteSpace: 'nowrap' }}>
                      {rp(i.remaining)}
                    </Text>
                    {/* On a phone the state sits under the amount. */}
                    <Box hiddenFrom="sm">
                      <InvoiceStatusBadge invoice={i} size="xs" />
                    </Box>
                  </Table.Td>
                  <Table.Td visibleFrom="sm">
                    <InvoiceStatusBadge invoice={i} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      )}
      <Pager total={list.data?.total ?? 0} page={page} onChange={setPage} loading={list.loading} />
    </div>
  );
}

/** Payments received from the customer, newest first; each opens its receipt page. */
export function PaymentsTab({ customerId }: { customerId: number }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const tz = useTimezone();
  const [page, setPage] = useState(1);
  const list = useCall('payments.list', { customerId, page, pageSize: PAGE_SIZE });
  const items = list.data?.items ?? [];
  return (
    <div data-testid="customer-payments">
      <ErrorAlert error={list.error} />
      {list.data && items.length === 0 ? (
        <Text c="dimmed" ta="center" p="lg" data-testid="customer-payments-empty">
          {t('customers.payments.empty')}
        </Text>
      ) : (
        <Card withBorder padding={0}>
          <Table verticalSpacing="xs" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('customers.payments.number')}</Table.Th>
                <Table.Th visibleFrom="sm">{t('customers.payments.method')}</Table.Th>
                <Table.Th visibleFrom="md">{t('customers.payments.receivedBy')}</Table.Th>
                <Table.Th ta="right">{t('customers.payments.amount')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((p) => (
                <Table.Tr key={p.id} data-testid="customer-payment-row" style={p.reversedAt ? { opacity: 0.6 } : undefined}>
                  <Table.Td>
                    <Anchor href={hrefOf(`payments/${p.id}`)} size="sm" ff="monospace">
                      {p.number}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {formatDateTime(p.receivedAt, tz, lang)}
                    </Text>
                  </Table.Td>
                  <Table.Td visibleFrom="sm">
                    <Text size="sm">{t(`customers.payments.methods.${p.method}`)}</Text>
                    {p.reference && (
                      <Text size="xs" c="dimmed">
                        {p.reference}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td visibleFrom="md">
                    <Text size="sm">{p.receivedBy ?? '—'}</Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    {/* A refund is money going out: negative, in red, and said so. */}
                    <Text size="sm" fw={600} td={p.reversedAt ? 'line-through' : undefined} c={p.kind === 'refund' ? 'red.8' : undefined} style={{ whiteSpace: 'nowrap' }}>
                      {p.kind === 'refund' ? `−${formatRupiah(p.amount, lang)}` : formatRupiah(p.amount, lang)}
                    </Text>
                    {p.kind === 'refund' && (
                      <Badge color="orange" variant="light" size="xs" data-testid="customer-payment-refund">
                        {t('billing.payments.refund')}
                      </Badge>
                    )}
                    {p.reversedAt && (
                      <Badge color="gray" variant="outline" size="xs">
                        {t('customers.payments.reversed')}
                      </Badge>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      )}
      <Pager total={list.data?.total ?? 0} page={page} onChange={setPage} loading={list.loading} />
    </div>
  );
}
