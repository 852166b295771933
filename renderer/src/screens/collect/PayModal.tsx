import { Alert, Button, Modal, NumberInput, Stack, Text, TextInput } from '@mantine/core';
import { IconCash, IconCircleCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RouteStop } from '../../../../shared/contract/collections';
import type { Output } from '../../../../shared/contract';
import { call } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLanguage } from '../../i18n';
import { newIdempotencyKey } from '../../lib/idempotency';
import { useIsPhone } from '../../lib/useIsPhone';
import { useRupiah } from '../invoices/money';

const MAX = 1_000_000_000;
type Paid = Output<'collections.pay'>;

/**
 * Cash in the field in three taps: the amount (prefilled with the arrears) → confirm → done. One key per
 * opened form: a double tap on "record" (or a retry after a lost answer) records one payment.
 */
export function PayModal({ stop, onClose, onPaid }: { stop: RouteStop; onClose: () => void; onPaid: (r: Paid) => void }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const money = useRupiah();
  const phone = useIsPhone();
  const [step, setStep] = useState<'amount' | 'confirm' | 'done'>('amount');
  const [amount, setAmount] = useState<number | ''>(stop.owed > 0 ? Math.min(stop.owed, MAX) : '');
  const [note, setNote] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [key] = useState(newIdempotencyKey);
  const [paid, setPaid] = useState<Paid | null>(null);

  const next = () => {
    if (typeof amount !== 'number' || !Number.isInteger(amount) || amount < 1 || amount > MAX) {
      setFieldError(t('collect.pay.amountRequired'));
      return;
    }
    setFieldError(null);
    setStep('confirm');
  };

  const record = async () => {
    if (typeof amount !== 'number') return;
    setBusy(true);
    setError(null);
    try {
      const r = await call('collections.pay', { customerId: stop.customerId, amount, note, idempotencyKey: key });
      setPaid(r);
      setStep('done');
      onPaid(r);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} fullScreen={phone} title={t('collect.pay.title')} data-testid="pay-modal">
      <Stack gap="md">
        <div>
          <Text fw={700} size="lg" data-testid="pay-customer">
            {stop.name}
          </Text>
          <Text size="sm" c="dimmed">
            {stop.number} · {stop.address || t('collect.route.noAddress')}
          </Text>
          <Text size="sm">
            {t('collect.route.owed')}: <b>{money(stop.owed)}</b>
          </Text>
        </div>
        <ErrorAlert error={error} testId="pay-error" />
        {step === 'amount' && (
          <>
            <NumberInput
              label={t('collect.pay.amount')}
              description={t('collect.pay.amountHint')}
              size="xl"
              inputMode="numeric"
              value={amount}
              onChange={(v) => setAmount(typeof v === 'number' ? v : '')}
              allowDecimal={false}
              allowNegative={false}
              thousandSeparator={lang === 'id' ? '.' : ','}
              decimalSeparator={lang === 'id' ? ',' : '.'}
              max={MAX}
              error={fieldError}
              data-testid="pay-amount"
              onKeyDown={(e) => {
                if (e.key === 'Enter') next();
              }}
            />
            {typeof amount === 'number' && amount > stop.owed && stop.owed > 0 && (
              <Text size="sm" c="orange.8">
                {t('collect.pay.more')}
              </Text>
            )}
            <TextInput label={t('collect.pay.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} maxLength={300} data-testid="pay-note" />
            <Button size="xl" fullWidth onClick={next} data-testid="pay-next">
              {t('collect.pay.next')}
            </Button>
          </>
        )}
        {step === 'confirm' && typeof amount === 'number' && (
          <>
            <Text size="lg" data-testid="pay-confirm-text">
              {t('collect.pay.confirmText', { amount: money(amount), name: stop.name })}
            </Text>
            <Button size="xl" fullWidth color="green" leftSection={<IconCash size={22} />} loading={busy} onClick={() => void record()} data-testid="pay-confirm">
              {t('collect.pay.confirm', { amount: money(amount) })}
            </Button>
            <Button size="lg" fullWidth variant="default" disabled={busy} onClick={() => setStep('amount')} data-testid="pay-back">
              {t('collect.pay.back')}
            </Button>
          </>
        )}
        {step === 'done' && paid && (
          <>
            <Alert color="green" icon={<IconCircleCheck size={22} />} title={t('collect.pay.done')} data-testid="pay-done">
              <Text fw={700} size="lg">
                {money(paid.amount)}
              </Text>
              <Text size="sm" data-testid="pay-receipt">
                {t('collect.pay.receipt', { number: paid.number })}
              </Text>
              {paid.replayed && <Text size="sm">{t('collect.pay.replayed')}</Text>}
            </Alert>
            <Button size="xl" fullWidth onClick={onClose} data-testid="pay-close">
              {t('collect.pay.close')}
            </Button>
          </>
        )}
      </Stack>
    </Modal>
  );
}
