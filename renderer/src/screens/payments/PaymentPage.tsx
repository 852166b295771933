import { Alert, Anchor, Button, Card, Grid, Group, Loader, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowBackUp } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Forbidden } from '../../components/Forbidden';
import { PageTitle } from '../../components/PageTitle';
import { useLanguage } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { isForbidden, useCall } from '../../lib/useCall';
import { hrefOf } from '../../store/route';
import { useCan, useTimezone } from '../../store/session';
import { useRupiah } from '../invoices/money';
import { ReasonModal } from '../invoices/ReasonModal';
import { BackLink } from '../invoices/BackLink';
import { ReceiptPanel } from './ReceiptPanel';

/** One payment: what it paid, its receipt (reprint any time) and, for admins, reversing it. */
export function PaymentPage({ id }: { id: number }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const tz = useTimezone();
  const rupiah = useRupiah();
  const canReverse = useCan('payments.reverse');
  const canCustomers = useCan('customers.read');
  const [reversing, setReversing] = useState(false);
  const got = useCall('payments.get', { id });
  if (isForbidden(got.error)) return <Forbidden />;
  const p = got.data;
  // A refund: credit paid back to the customer, money going out (never reversed).
  const refund = p?.kind === 'refund';

  const row = (label: string, value: ReactNode, testId?: string) => (
    <Table.Tr>
      <Table.Th w="40%" fw={500} c="dimmed">
        {label}
      </Table.Th>
      <Table.Td data-testid={testId}>{value}</Table.Td>
    </Table.Tr>
  );

  return (
    <Stack gap={0} data-testid="screen-payment">
      <BackLink to="payments" label={t('billing.payments.backToList')} />
      <PageTitle title={p ? t(refund ? 'billing.payments.refundTitle' : 'billing.payments.title', { number: p.number }) : t('nav.payments')}>
        {p && canReverse && !p.reversedAt && !refund && (
          <Button color="red" variant="light" leftSection={<IconArrowBackUp size={16} />} onClick={() => setReversing(true)} data-testid="payment-reverse">
            {t('billing.payments.reverse')}
          </Button>
        )}
      </PageTitle>
      <ErrorAlert error={got.error} />
      {got.loading && !p && <Loader size="sm" />}
      {p && (
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 5 }}>
            <Stack gap="sm">
              {refund && (
                <Alert color="orange" variant="light" icon={<IconArrowBackUp size={18} />} title={t('billing.payments.refund')} data-testid="payment-refund">
                  {t('billing.payments.refundBody')}
                </Alert>
              )}
              {p.reversedAt && (
                <Alert color="gray" variant="light" title={t('billing.payments.reversedTitle')} data-testid="payment-reversed">
                  {t('billing.payments.reversedBody', { time: formatDateTime(p.reversedAt, tz, lang), by: p.reversedBy ?? '—', reason: p.reverseReason ?? '' })}
                </Alert>
              )}
              <Card withBorder padding={0}>
                <Table verticalSpacing="xs" data-testid="payment-details">
                  <Table.Tbody>
                    {row(t('billing.common.customer'), canCustomers ? <Anchor href={hrefOf(`customers/${p.customerId}`)}>{p.customerName}</Anchor> : p.customerName)}
                    {row(t('billing.common.date'), formatDateTime(p.receivedAt, tz, lang))}
                    {refund
                      ? row(
                          t('billing.receipt.refundAmount'),
                          <Text fw={700} c="red.8">
                            −{rupiah(p.amount)}
                          </Text>,
                          'payment-amount',
                        )
                      : row(t('billing.common.amount'), <Text fw={700}>{rupiah(p.amount)}</Text>, 'payment-amount')}
                    {row(refund ? t('billing.receipt.refundMethod') : t('billing.pay.method'), p.reference ? `${t(`billing.methods.${p.method}`)} · ${p.reference}` : t(`billing.methods.${p.method}`))}
                    {!refund && row(
                      t('billing.receipt.paidFor'),
                      p.applied.length === 0 ? (
                        <Text size="sm" c="dimmed">
                          {t('billing.payments.nothingApplied')}
                        </Text>
                      ) : (
                        <Stack gap={2}>
                          {p.applied.map((a) => (
                            <Group key={a.invoiceId} gap="xs" justify="space-between" wrap="nowrap">
                              <Anchor href={hrefOf(`invoices/${a.invoiceId}`)} size="sm">
                                {a.number}
                              </Anchor>
                              <Text size="sm">{rupiah(a.amount)}</Text>
                            </Group>
                          ))}
                        </Stack>
                      ),
                      'payment-applied',
                    )}
                    {refund && row(t('billing.receipt.refundBalanceAfter'), rupiah(Math.max(0, -p.balanceAfter)), 'payment-balance-after')}
                    {!refund && row(
                      t('billing.receipt.balanceAfter'),
                      p.balanceAfter > 0 ? t('billing.receipt.stillOwedValue', { amount: rupiah(p.balanceAfter) }) : p.balanceAfter < 0 ? t('billing.receipt.creditLeftValue', { amount: rupiah(-p.balanceAfter) }) : t('billing.receipt.settled'),
                      'payment-balance-after',
                    )}
                    {row(refund ? t('billing.receipt.refundBy') : t('billing.receipt.cashier'), p.receivedBy ?? '—')}
                    {p.note && row(refund ? t('billing.receipt.refundNote') : t('billing.pay.note'), p.note)}
                  </Table.Tbody>
                </Table>
              </Card>
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 7 }}>
            <ReceiptPanel payment={p} />
          </Grid.Col>
        </Grid>
      )}
      <ReasonModal
        opened={reversing}
        title={t('billing.payments.reverseTitle', { number: p?.number ?? '' })}
        body={t('billing.payments.reverseBody', { amount: p ? rupiah(p.amount) : '', customer: p?.customerName ?? '' })}
        confirmLabel={t('billing.payments.reverse')}
        onClose={() => setReversing(false)}
        onConfirm={async (reason) => {
          await call('payments.reverse', { id, reason });
          setReversing(false);
          notifications.show({ color: 'green', message: t('billing.payments.reversedDone', { number: p?.number ?? '' }) });
          await got.reload();
        }}
      />
    </Stack>
  );
}
