import { MethodFields } from './MethodFields';
import { Button, Group, NumberInput, Stack, Text, TextInput } from '@mantine/core';
import { IconCash } from '@tabler/icons-react';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerListItem, PaymentDto } from '../../../../shared/contract';
import { ApiError, call } from '../../api/client';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLanguage } from '../../i18n';
import { apiIssues, issuesToErrors } from '../../lib/errors';
import { formatDateTime, formatRupiah } from '../../lib/format';
import { newIdempotencyKey } from '../../lib/idempotency';
import { useCall } from '../../lib/useCall';
import { useTimezone } from '../../store/session';
import { CustomerDue, type Payer } from './CustomerDue';
import { CustomerPicker } from './CustomerPicker';

const MAX = 1_000_000_000;
const fromListItem = (c: CustomerListItem): Payer => ({ id: c.id, name: c.name, number: c.number, area: c.area, balance: c.balance, overdue: c.overdue });


/** The live payment that already carries the reference (details of billing.duplicate_reference). */
interface DuplicateOf {
  number: string;
  customerName: string;
  amount: number;
  receivedAt: string;
}

/**
 * Take a payment: find the customer (or get one), see what they owe, amount prefilled with it, Enter saves.
 * Used by the payment modal and the quick entry page.
 */
export function PaymentEntry({ customerId, onPaid, onCancel }: { customerId?: number; onPaid: (p: PaymentDto) => void; onCancel?: () => void }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const tz = useTimezone();
  const given = useCall('customers.get', { id: customerId ?? 0 }, customerId !== undefined);
  const [picked, setPicked] = useState<Payer | null>(null);
  const payer: Payer | null =
    customerId !== undefined
      ? given.data
        ? { id: given.data.customer.id, name: given.data.customer.name, number: given.data.customer.number, area: given.data.customer.area, balance: given.data.balance, overdue: given.data.overdue }
        : null
      : picked;
  const [amount, setAmount] = useState<number | ''>('');
  const [method, setMethod] = useState<'cash' | 'transfer'>('cash');
  const [reference, setReference] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, ReactNode>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const [duplicateOf, setDuplicateOf] = useState<DuplicateOf | null>(null);
  const [duplicateOpen, setDuplicateOpen] = useState(false);
  const amountRef = useRef<HTMLInputElement>(null);
  const refRef = useRef<HTMLInputElement>(null);

  // A customer chosen: prefill what they owe and put the cursor on the amount, selected, so typing replaces it.
  const payerId = payer?.id;
  const payerBalance = payer?.balance;
  useEffect(() => {
    if (payerId === undefined || payerBalance === undefined) return;
    setAmount(payerBalance > 0 ? Math.min(payerBalance, MAX) : '');
    setErrors({});
    setError(null);
    requestAnimationFrame(() => {
      amountRef.current?.focus();
      amountRef.current?.select();
    });
  }, [payerId, payerBalance]);

  const submit = async () => {
    if (!payer) return;
    const e: Record<string, ReactNode> = {};
    if (typeof amount !== 'number' || amount < 1) e.amount = t('billing.pay.amountRequired');
    else if (amount > MAX) e.amount = t('validation.maxNumber', { max: MAX });
    if (method === 'transfer' && !reference.trim()) e.reference = t('billing.pay.referenceRequired');
    setErrors(e);
    if (Object.keys(e).length > 0) {
      if (e.reference && !e.amount) refRef.current?.focus();
      return;
    }
    await save(false);
  };

  const save = async (confirmDuplicate: boolean) => {
    if (!payer) return;
    setBusy(true);
    setError(null);
    try {
      const p = await call('payments.create', {
        customerId: payer.id,
        amount: amount as number,
        method,
        reference: method === 'transfer' ? reference.trim() : '',
        note: note.trim(),
        idempotencyKey,
        confirmDuplicate,
      });
      setIdempotencyKey(newIdempotencyKey());
      onPaid(p);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'billing.duplicate_reference' && err.details) {
        // Nothing was recorded: name the payment that has this reference and let staff decide.
        setDuplicateOf(err.details as unknown as DuplicateOf);
        setDuplicateOpen(true);
        return;
      }
      setErrors(issuesToErrors(apiIssues(err)));
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <ConfirmModal
        opened={duplicateOpen}
        title={t('billing.pay.duplicateTitle')}
        body={
          duplicateOf
            ? t('billing.pay.duplicateBody', {
                number: duplicateOf.number,
                customer: duplicateOf.customerName,
                amount: formatRupiah(duplicateOf.amount, lang),
                date: formatDateTime(duplicateOf.receivedAt, tz, lang),
              })
            : ''
        }
        confirmLabel={t('billing.pay.duplicateConfirm')}
        color="orange"
        onConfirm={async () => {
          await save(true);
          setDuplicateOpen(false);
        }}
        onClose={() => {
          setDuplicateOpen(false);
          requestAnimationFrame(() => refRef.current?.focus());
        }}
      />
      <form
        onSubmit={(ev) => {
          ev.preventDefault();
          void submit();
        }}
        data-testid="payment-entry"
      >
        <Stack gap="sm">
          {customerId === undefined && !picked && <CustomerPicker onPick={(c) => setPicked(fromListItem(c))} />}
          <ErrorAlert error={given.error} />
          {payer && (
            <>
              <CustomerDue payer={payer} amount={typeof amount === 'number' ? amount : 0} onChange={customerId === undefined ? () => setPicked(null) : undefined} />
              <NumberInput
                ref={amountRef}
                label={t('billing.pay.amount')}
                description={payer.balance > 0 ? t('billing.pay.amountHint') : t('billing.pay.amountHintNoDebt')}
                prefix="Rp "
                thousandSeparator={lang === 'id' ? '.' : ','}
                decimalSeparator={lang === 'id' ? ',' : '.'}
                allowDecimal={false}
                allowNegative={false}
                min={1}
                max={MAX}
                hideControls
                styles={{ input: { fontSize: 22, fontWeight: 700, height: 48 } }}
                value={amount}
                onChange={(v) => setAmount(typeof v === 'number' ? v : v === '' ? '' : Number(String(v).replace(/\D/g, '')) || '')}
                error={errors.amount}
                data-testid="pay-amount"
              />
              <MethodFields
                label={t('billing.pay.method')}
                method={method}
                onMethod={setMethod}
                reference={reference}
                onReference={setReference}
                error={errors.reference}
                referenceRef={refRef}
                testPrefix="pay"
              />
              <TextInput label={t('billing.pay.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} maxLength={300} error={errors.note} data-testid="pay-note" />
              <ErrorAlert error={error} testId="pay-error" />
          </>
        )}
        <Group justify="flex-end" gap="xs">
          {onCancel && (
            <Button variant="subtle" onClick={onCancel} data-testid="pay-cancel">
              {t('common.cancel')}
            </Button>
          )}
          <Button type="submit" size="md" leftSection={<IconCash size={18} />} loading={busy} disabled={!payer} data-testid="payment-submit">
            {t('billing.pay.submit')}
          </Button>
        </Group>
        {payer && (
          <Text size="xs" c="dimmed" ta="right">
            {t('billing.pay.enterHint')}
          </Text>
        )}
      </Stack>
    </form>
    </>
  );
}
