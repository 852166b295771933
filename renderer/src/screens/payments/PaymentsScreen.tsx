import { Card, Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PaymentDto } from '../../../../shared/contract';
import { Forbidden } from '../../components/Forbidden';
import { PageTitle } from '../../components/PageTitle';
import { BackLink } from '../invoices/BackLink';
import { useCan } from '../../store/session';
import { PaymentList } from './PaymentList';
import { PaymentDone } from './PaymentModal';
import { PaymentEntry } from './PaymentEntry';
import { PaymentPage } from './PaymentPage';

/** #/payments (list), #/payments/new (quick entry at the counter), #/payments/<id> (the payment and its receipt). */
export function PaymentsScreen({ sub }: { sub: string | null }) {
  if (sub === 'new') return <QuickPayment />;
  const id = sub && /^\d+$/.test(sub) ? Number(sub) : null;
  if (id) return <PaymentPage id={id} />;
  return <PaymentList />;
}

/** The counter: find the customer, take the money, print the receipt, next customer. */
function QuickPayment() {
  const { t } = useTranslation();
  const canCollect = useCan('payments.collect');
  const [paid, setPaid] = useState<PaymentDto | null>(null);
  const [round, setRound] = useState(0);
  if (!canCollect) return <Forbidden />;
  return (
    <Stack gap={0} data-testid="screen-payment-new">
      <BackLink to="payments" label={t('billing.payments.backToList')} />
      <PageTitle title={t('billing.pay.title')} description={t('billing.pay.intro')} />
      <Card withBorder padding="md" maw={640}>
        {paid ? (
          <PaymentDone
            payment={paid}
            onAnother={() => {
              setPaid(null);
              setRound((r) => r + 1);
            }}
          />
        ) : (
          <PaymentEntry key={round} onPaid={setPaid} />
        )}
      </Card>
    </Stack>
  );
}
