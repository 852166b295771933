import { Alert, Anchor, Button, Card, Group, ScrollArea, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../../i18n';
import { useCall } from '../../lib/useCall';
import { hrefOf } from '../../store/route';
import { formatLocalDate, formatPeriod, useRupiah } from '../invoices/money';

export interface Payer {
  id: number;
  name: string;
  number: string;
  area: string;
  /** > 0 owes, < 0 credit. */
  balance: number;
  overdue: number;
}

/** The chosen customer, what they owe (open invoices, oldest first) and what is left after this payment. */
export function CustomerDue({ payer, amount, onChange }: { payer: Payer; amount: number; onChange?: () => void }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const rupiah = useRupiah();
  const open = useCall('invoices.list', { customerId: payer.id, status: 'unpaid', page: 1, pageSize: 12 });
  const invoices = [...(open.data?.items ?? [])].sort((a, b) => a.issueDate.localeCompare(b.issueDate) || a.id - b.id);
  const after = payer.balance - amount;

  return (
    <Card withBorder padding="sm" data-testid="pay-customer" data-customer-id={payer.id}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
        <div style={{ minWidth: 0 }}>
          <Text fw={700} data-testid="pay-customer-name">
            {payer.name}
          </Text>
          <Text size="xs" c="dimmed">
            {[payer.number, payer.area].filter(Boolean).join(' · ')}
          </Text>
        </div>
        {onChange && (
          <Button size="compact-sm" variant="subtle" onClick={onChange} data-testid="pay-customer-change">
            {t('billing.pay.changeCustomer')}
          </Button>
        )}
      </Group>
      <Group gap="lg" mt="xs" wrap="wrap">
        <div>
          <Text size="xs" c="dimmed">
            {t('billing.pay.balanceNow')}
          </Text>
          <Text fw={700} size="lg" c={payer.balance > 0 ? 'red.8' : 'green.8'} data-testid="pay-balance" data-balance={payer.balance}>
            {payer.balance > 0 ? rupiah(payer.balance) : payer.balance < 0 ? t('billing.pay.credit', { amount: rupiah(-payer.balance) }) : t('billing.pay.settled')}
          </Text>
        </div>
        {payer.overdue > 0 && (
          <div>
            <Text size="xs" c="dimmed">
              {t('billing.pay.overdue')}
            </Text>
            <Text fw={700} size="lg" c="red.8">
              {rupiah(payer.overdue)}
            </Text>
          </div>
        )}
      </Group>
      {invoices.length > 0 && (
        <ScrollArea.Autosize mah={170} mt="xs" type="auto" scrollbars="y">
          <Stack gap={6} data-testid="pay-open-invoices">
            {invoices.map((i) => (
              <div key={i.id} data-testid="pay-open-invoice">
                <Group justify="space-between" wrap="nowrap" gap="xs">
                  <Anchor href={hrefOf(`invoices/${i.id}`)} size="xs">
                    {i.number}
                  </Anchor>
                  <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>
                    {rupiah(i.remaining)}
                  </Text>
                </Group>
                <Text size="xs" c="dimmed">
                  {i.periodStart && i.periodEnd ? formatPeriod(i.periodStart, i.periodEnd, lang) : formatLocalDate(i.issueDate, lang)}
                  {' · '}
                  <Text span size="xs" c={i.overdue ? 'red.8' : 'dimmed'} fw={i.overdue ? 600 : undefined}>
                    {i.overdue ? t('billing.pay.overdueSince', { date: formatLocalDate(i.dueDate, lang) }) : t('billing.invoice.dueOn', { date: formatLocalDate(i.dueDate, lang) })}
                  </Text>
                </Text>
              </div>
            ))}
          </Stack>
        </ScrollArea.Autosize>
      )}
      {amount > 0 && (
        <Alert mt="xs" p="xs" variant="light" color={after > 0 ? 'orange' : 'green'} data-testid="pay-after">
          {after > 0 ? t('billing.pay.afterOwes', { amount: rupiah(after) }) : after < 0 ? t('billing.pay.afterCredit', { amount: rupiah(-after) }) : t('billing.pay.afterSettled')}
        </Alert>
      )}
    </Card>
  );
}
