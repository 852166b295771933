import { MethodFields } from '../payments/MethodFields';
import { Alert, Button, Group, Modal, NumberInput, Stack, Text, Textarea } from '@mantine/core';
import { IconArrowBackUp, IconInfoCircle } from '@tabler/icons-react';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerDetail, PaymentDto } from '../../../../shared/contract';
import { call } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { newIdempotencyKey } from '../../lib/idempotency';
import { useIsPhone } from '../../lib/useIsPhone';
import { useRupiah } from '../invoices/money';
import { useRupiahInput } from '../vouchers/common';
import { serverErrors } from './formErrors';

/** Subscriptions that still run (or will): while one does, the credit pays its next invoices instead. */
export const RUNNING = ['pending', 'active', 'isolated', 'paused'] as const;

/** Credit can be paid back to a customer who has some and no running subscription. */
export const canRefund = (d: CustomerDetail): boolean => d.balance < 0 && !d.subscriptions.some((s) => (RUNNING as readonly string[]).includes(s.status));

const FIELDS = ['amount', 'method', 'reference', 'note'];

/**
 * Pay a customer's remaining credit back (cash or transfer), prefilled with all of it. Money going out: it
 * lowers the credit and cannot be reversed, so it asks for the reason. One idempotency key per opening.
 */
export function RefundModal({ opened, detail, onClose, onDone }: { opened: boolean; detail: CustomerDetail; onClose: () => void; onDone: (p: PaymentDto) => void }) {
  const { t } = useTranslation();
  const phone = useIsPhone();
  const rupiah = useRupiah();
  const rupiahInput = useRupiahInput();
  const credit = Math.max(0, -detail.balance);
  const [amount, setAmount] = useState<number | ''>(credit);
  const [method, setMethod] = useState<'cash' | 'transfer'>('cash');
  const [reference, setReference] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, ReactNode>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [key, setKey] = useState(newIdempotencyKey);

  useEffect(() => {
    if (!opened) return;
    setAmount(credit || '');
    setMethod('cash');
    setReference('');
    setNote('');
    setErrors({});
    setError(null);
    setKey(newIdempotencyKey());
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reset only when the modal opens: `credit` arriving later must not wipe what the clerk typed
  }, [opened]);

  const submit = async () => {
    const e: Record<string, ReactNode> = {};
    if (typeof amount !== 'number' || amount < 1) e.amount = t('billing.refund.amountRequired');
    else if (amount > credit) e.amount = t('billing.refund.amountTooMuch', { credit: rupiah(credit) });
    if (method === 'transfer' && !reference.trim()) e.reference = t('billing.pay.referenceRequired');
    if (note.trim().length < 3) e.note = t('billing.refund.noteRequired');
    setErrors(e);
    if (Object.keys(e).length > 0) return;
    setBusy(true);
    setError(null);
    try {
      const p = await call('payments.refund', {
        customerId: detail.customer.id,
        amount: amount as number,
        method,
        reference: method === 'transfer' ? reference.trim() : '',
        note: note.trim(),
        idempotencyKey: key,
      });
      onDone(p);
    } catch (err) {
      const { fields, alert } = serverErrors(err, FIELDS);
      setErrors(fields);
      setError(alert);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('billing.refund.title', { name: detail.customer.name })} size="lg" fullScreen={phone} data-testid="refund-modal">
      <form
        noValidate
        onSubmit={(ev) => {
          ev.preventDefault();
          void submit();
        }}
      >
        <Stack gap="sm">
          <Group gap="lg" wrap="wrap">
            <div>
              <Text size="xs" c="dimmed">
                {t('billing.refund.credit')}
              </Text>
              <Text fw={700} size="lg" c="green.8" data-testid="refund-credit">
                {rupiah(credit)}
              </Text>
            </div>
            <div>
              <Text size="xs" c="dimmed">
                {t('billing.refund.after')}
              </Text>
              <Text fw={700} size="lg" data-testid="refund-after">
                {rupiah(Math.max(0, credit - (typeof amount === 'number' ? amount : 0)))}
              </Text>
            </div>
          </Group>
          <Text size="sm" c="dimmed">
            {t('billing.refund.intro')}
          </Text>
          <NumberInput
            label={t('billing.refund.amount')}
            description={t('billing.refund.amountHint', { credit: rupiah(credit) })}
            {...rupiahInput}
            min={1}
            max={credit}
            styles={{ input: { fontSize: 22, fontWeight: 700, height: 48 } }}
            value={amount}
            onChange={(v) => setAmount(typeof v === 'number' ? v : v === '' ? '' : Number(String(v).replace(/\D/g, '')) || '')}
            error={errors.amount}
            data-autofocus
            data-testid="refund-amount"
          />
          <MethodFields
            label={t('billing.refund.method')}
            method={method}
            onMethod={setMethod}
            reference={reference}
            onReference={setReference}
            error={errors.reference}
            testPrefix="refund"
          />
          <Textarea
            label={t('billing.refund.note')}
            description={t('billing.refund.noteHint')}
            placeholder={t('billing.refund.notePlaceholder')}
            withAsterisk
            autosize
            minRows={2}
            maxLength={300}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            error={errors.note}
            data-testid="refund-note"
          />
          <Alert color="orange" variant="light" icon={<IconInfoCircle size={18} />} data-testid="refund-warning">
            {t('billing.refund.final')}
          </Alert>
          <ErrorAlert error={error} testId="refund-error" />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" color="orange" leftSection={<IconArrowBackUp size={16} />} loading={busy} data-testid="refund-submit">
              {typeof amount === 'number' && amount > 0 ? t('billing.refund.submitAmount', { amount: rupiah(amount) }) : t('billing.refund.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
