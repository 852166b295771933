import { Alert, Button, Group, Modal, Stack } from '@mantine/core';
import { IconCircleCheck, IconExternalLink } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PaymentDto } from '../../../../shared/contract';
import { useIsPhone } from '../../lib/useIsPhone';
import { navigate } from '../../store/route';
import { useRupiah } from '../invoices/money';
import { PaymentEntry } from './PaymentEntry';
import { ReceiptPanel } from './ReceiptPanel';

/**
 * Take a payment in a dialog: for the given customer, or find one first. After saving it shows the receipt
 * ready to print. Used by the customer page, the invoice page and the payments list.
 */
export function PaymentModal({ opened, onClose, customerId, onPaid }: { opened: boolean; onClose(): void; customerId?: number; onPaid?(p: PaymentDto): void }) {
  const { t } = useTranslation();
  const phone = useIsPhone();
  const [paid, setPaid] = useState<PaymentDto | null>(null);
  // A fresh form each time it opens.
  const [round, setRound] = useState(0);
  useEffect(() => {
    if (opened) {
      setPaid(null);
      setRound((r) => r + 1);
    }
  }, [opened]);

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={paid ? t('billing.pay.doneTitle') : t('billing.pay.title')}
      size="lg"
      fullScreen={phone}
      data-testid="payment-modal"
    >
      {paid ? (
        <PaymentDone payment={paid} onClose={onClose} onAnother={customerId === undefined ? () => { setPaid(null); setRound((r) => r + 1); } : undefined} />
      ) : (
        <PaymentEntry
          key={round}
          customerId={customerId}
          onCancel={onClose}
          onPaid={(p) => {
            setPaid(p);
            onPaid?.(p);
          }}
        />
      )}
    </Modal>
  );
}

/** "Saved" with the amount, the receipt to print and what to do next. */
export function PaymentDone({ payment, onClose, onAnother }: { payment: PaymentDto; onClose?: () => void; onAnother?: () => void }) {
  const { t } = useTranslation();
  const rupiah = useRupiah();
  return (
    <Stack gap="md" data-testid="payment-done">
      <Alert color="green" variant="light" icon={<IconCircleCheck size={18} />} data-testid="payment-saved">
        {t('billing.pay.saved', { amount: rupiah(payment.amount), customer: payment.customerName, number: payment.number })}
      </Alert>
      <ReceiptPanel payment={payment} />
      <Group justify="space-between" wrap="wrap">
        <Button variant="subtle" leftSection={<IconExternalLink size={16} />} onClick={() => navigate(`payments/${payment.id}`)} data-testid="payment-open">
          {t('billing.pay.openPayment')}
        </Button>
        <Group gap="xs">
          {onAnother && (
            <Button variant="default" onClick={onAnother} data-testid="payment-another">
              {t('billing.pay.another')}
            </Button>
          )}
          {onClose && (
            <Button onClick={onClose} data-testid="payment-close">
              {t('billing.pay.close')}
            </Button>
          )}
        </Group>
      </Group>
    </Stack>
  );
}
