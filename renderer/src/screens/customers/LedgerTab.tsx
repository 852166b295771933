import { Anchor, Card, Group, Loader, Pagination, Table, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LedgerEntryDto } from '../../../../shared/contract';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLanguage } from '../../i18n';
import { formatDateTime, formatRupiah } from '../../lib/format';
import { useCall } from '../../lib/useCall';
import { hrefOf } from '../../store/route';
import { useTimezone } from '../../store/session';
import { BalanceText } from './badges';

const PAGE_SIZE = 50;

/** What the entry was, with a link to its invoice or payment. */
function What({ e }: { e: LedgerEntryDto }) {
  const { t } = useTranslation();
  return (
    <div>
      <Text size="sm">
        {/* An invoice that gives money back is a credit note (a one-off credit, a downgrade, a pause). */}
        {/* An adjustment that names a payment is a refund (credit paid back). */}
        {e.kind === 'invoice' && e.amount < 0 ? t('billing.chargeTypes.credit') : e.kind === 'adjustment' && e.paymentId ? t('billing.payments.refund') : t(`customers.ledger.kinds.${e.kind}`)}{' '}
        {e.invoiceId && e.invoiceNumber && (
          <Anchor href={hrefOf(`invoices/${e.invoiceId}`)} size="sm" ff="monospace">
            {e.invoiceNumber}
          </Anchor>
        )}
        {e.paymentId && e.paymentNumber && (
          <Anchor href={hrefOf(`payments/${e.paymentId}`)} size="sm" ff="monospace">
            {e.paymentNumber}
          </Anchor>
        )}
      </Text>
      {e.memo && e.memo !== e.invoiceNumber && e.memo !== e.paymentNumber && (
        <Text size="xs" c="dimmed">
          {e.memo}
        </Text>
      )}
    </div>
  );
}

/**
 * The customer's account book, oldest first like a passbook (it opens on the newest page): what was
 * charged, what was paid or credited, and the balance after each line.
 */
export function LedgerTab({ customerId }: { customerId: number }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const tz = useTimezone();
  const [page, setPage] = useState<number | null>(null);
  const list = useCall('customers.ledger', { id: customerId, page: page ?? 1, pageSize: PAGE_SIZE });
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / PAGE_SIZE)) : 1;
  useEffect(() => {
    if (page === null && list.data) setPage(pages);
  }, [page, list.data, pages]);
  const items = page === null && pages > 1 ? [] : (list.data?.items ?? []);
  const rp = (n: number) => formatRupiah(n, lang);

  return (
    <div data-testid="customer-ledger">
      <Text size="sm" c="dimmed" mb="sm">
        {t('customers.ledger.intro')}
      </Text>
      <ErrorAlert error={list.error} />
      {list.data?.total === 0 ? (
        <Text c="dimmed" ta="center" p="lg" data-testid="customer-ledger-empty">
          {t('customers.ledger.empty')}
        </Text>
      ) : (
        <Card withBorder padding={0}>
          <Table verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th visibleFrom="sm">{t('customers.ledger.when')}</Table.Th>
                <Table.Th>{t('customers.ledger.what')}</Table.Th>
                <Table.Th ta="right">{t('customers.ledger.charged')}</Table.Th>
                <Table.Th ta="right">{t('customers.ledger.credited')}</Table.Th>
                <Table.Th ta="right">{t('customers.ledger.balance')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((e) => (
                <Table.Tr key={e.id} data-testid="ledger-row" data-kind={e.kind}>
                  <Table.Td visibleFrom="sm">
                    <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                      {formatDateTime(e.createdAt, tz, lang)}
                    </Text>
                    {e.createdBy && (
                      <Text size="xs" c="dimmed">
                        {e.createdBy}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <What e={e} />
                  </Table.Td>
                  <Table.Td ta="right">{e.amount > 0 ? rp(e.amount) : ''}</Table.Td>
                  <Table.Td ta="right" c="green">
                    {e.amount < 0 ? rp(-e.amount) : ''}
                  </Table.Td>
                  <Table.Td ta="right">
                    <BalanceText balance={e.balance} withLabel={false} testId="ledger-balance" />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      )}
      <Group justify="flex-end" mt="sm" gap="sm">
        {list.loading && <Loader size="xs" />}
        {pages > 1 && <Pagination total={pages} value={page ?? pages} onChange={setPage} size="sm" />}
      </Group>
    </div>
  );
}
