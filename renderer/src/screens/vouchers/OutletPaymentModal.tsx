import { Button, Group, Modal, NumberInput, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutletDto } from '../../../../shared/contract/vouchers';
import { call } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useMoney, useRupiahInput } from './common';

/** Money an outlet brings in for the vouchers it sold (setoran). */
export function OutletPaymentModal({ outlet, onClose, onSaved }: { outlet: OutletDto | null; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const money = useMoney();
  const rupiah = useRupiahInput();
  const [amount, setAmount] = useState<number | string>('');
  const [note, setNote] = useState('');
  const [amountError, setAmountError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    setAmount(outlet && outlet.owes > 0 ? outlet.owes : '');
    setNote('');
    setAmountError(null);
    setError(null);
  }, [outlet]);

  const submit = async () => {
    if (!outlet) return;
    if (typeof amount !== 'number' || amount < 1 || amount > 100_000_000) return setAmountError(t('vouchers.outlets.amountInvalid'));
    setAmountError(null);
    setBusy(true);
    setError(null);
    try {
      const o = await call('vouchers.outletPayment', { outletId: outlet.id, amount, note });
      notifications.show({ color: 'green', message: t('vouchers.outlets.paid', { amount: money(amount), outlet: o.name, owes: money(o.owes) }) });
      onSaved();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={outlet !== null} onClose={onClose} title={t('vouchers.outlets.payTitle', { name: outlet?.name ?? '' })} data-testid="outlet-pay-modal">
      <form onSubmit={(e) => (e.preventDefault(), void submit())}>
        <Stack gap="sm">
          <Text size="sm">{t('vouchers.outlets.payOwes', { owes: money(outlet?.owes ?? 0), sold: money(outlet?.soldValue ?? 0), paid: money(outlet?.paid ?? 0) })}</Text>
          <NumberInput label={t('vouchers.outlets.amount')} withAsterisk data-autofocus {...rupiah} max={100_000_000} value={amount} onChange={setAmount} error={amountError} data-testid="outlet-pay-amount" />
          <TextInput label={t('vouchers.outlets.payNote')} maxLength={300} value={note} onChange={(e) => setNote(e.currentTarget.value)} data-testid="outlet-pay-note" />
          <ErrorAlert error={error} />
          <Group justify="flex-end">
            <Button variant="subtle" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy} data-testid="outlet-pay-submit">
              {t('vouchers.outlets.paySubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
