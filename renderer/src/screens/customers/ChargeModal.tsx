import { Button, Group, Modal, NumberInput, Paper, Select, SimpleGrid, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerDetail, InvoiceDto } from '../../../../shared/contract';
import { call } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLanguage } from '../../i18n';
import { formatRupiah } from '../../lib/format';
import { useCall } from '../../lib/useCall';
import { useIsPhone } from '../../lib/useIsPhone';
import { useCan, useTimezone } from '../../store/session';
import { bpToPercent, formatLocalDate, todayIn } from '../invoices/money';
import { useRupiahInput } from '../vouchers/common';
import { serverErrors } from './formErrors';

export const CHARGE_TYPES = ['installation', 'reconnection', 'late_fee', 'equipment', 'other'] as const;
type ChargeType = (typeof CHARGE_TYPES)[number];

interface Values {
  type: ChargeType | null;
  description: string;
  amount: number | string;
  subscriptionId: string | null;
  dueDate: string;
  /** PPN at the office's charge rate. */
  taxed: boolean;
}

const MAX = 1_000_000_000;
const FIELDS = ['type', 'description', 'amount', 'subscriptionId', 'dueDate', 'taxed'];

/** The server's arithmetic (engine/money.ts), for the preview: PPN added or taken out, then the rounding. */
function divRound(n: number, d: number): number {
  return Math.sign(n) * Math.floor((2 * Math.abs(n) + d) / (2 * d));
}
function chargeTotals(amount: number, rateBp: number, included: boolean, unit: number, mode: 'nearest' | 'up' | 'down') {
  const tax = rateBp === 0 ? 0 : included ? amount - divRound(amount * 10_000, 10_000 + rateBp) : divRound(amount * rateBp, 10_000);
  const before = included ? amount : amount + tax;
  const total = unit <= 1 ? before : mode === 'up' ? Math.ceil(before / unit) * unit : mode === 'down' ? Math.floor(before / unit) * unit : Math.floor((before + unit / 2) / unit) * unit;
  return { tax, base: included ? amount - tax : amount, rounding: total - before, total };
}

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/**
 * A one-off charge for a customer (reconnection fee, late fee, equipment…): an invoice of its own with its own
 * due date, paid like any other. The line on the invoice is shown as it will print.
 */
export function ChargeModal({ opened, detail, onClose, onDone }: { opened: boolean; detail: CustomerDetail; onClose: () => void; onDone: (invoice: InvoiceDto) => void }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const tz = useTimezone();
  const phone = useIsPhone();
  const rupiahInput = useRupiahInput();
  const canSettings = useCan('settings.read');
  const settings = useCall('settings.get', {}, opened && canSettings);
  const billing = settings.data?.billing;
  const dueDays = billing?.dueDays;
  // The switch follows the type (installation: the office's setting) until the clerk sets it.
  const [taxTouched, setTaxTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const today = todayIn(tz);
  const subs = detail.subscriptions;
  const live = detail.subscriptions.filter((s) => s.status !== 'terminated');

  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { type: null, description: '', amount: '', subscriptionId: null, dueDate: '', taxed: false },
    validate: {
      type: (v) => (v ? null : t('validation.required')),
      amount: (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= MAX ? null : t('billing.charge.amountRequired')),
      description: (v) => (v.trim().length > 200 ? t('validation.maxChars', { max: 200 }) : null),
      dueDate: (v) => (v && v < today ? t('errors.billing.due_in_past') : null),
    },
  });

  useEffect(() => {
    if (!opened) return;
    setError(null);
    setTaxTouched(false);
    form.reset();
    // The one running subscription is most likely what the charge is for; the clerk can clear it.
    form.setFieldValue('subscriptionId', live.length === 1 ? String(live[0]!.id) : null);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reset only when the modal opens: `live` and `form` change while the clerk types
  }, [opened]);
  // The office's usual due date, once the settings arrive, unless the clerk picked one.
  useEffect(() => {
    if (opened && dueDays !== undefined && !form.isDirty('dueDate')) form.setFieldValue('dueDate', addDays(today, dueDays));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- prefill once the settings arrive; `form`/`today` changing must not overwrite the clerk's date
  }, [opened, dueDays]);

  const type = form.getValues().type;
  useEffect(() => {
    if (opened && !taxTouched) form.setFieldValue('taxed', type === 'installation' && !!billing?.taxInstallFee);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- follow the charge type until the clerk touches the tax box; `form` is a new object each render
  }, [opened, type, billing?.taxInstallFee, taxTouched]);

  const submit = form.onSubmit(async (v) => {
    setBusy(true);
    setError(null);
    try {
      const invoice = await call('invoices.createCharge', {
        customerId: detail.customer.id,
        subscriptionId: v.subscriptionId ? Number(v.subscriptionId) : undefined,
        type: v.type!,
        description: v.description.trim(),
        amount: Number(v.amount),
        taxed: v.taxed,
        dueDate: v.dueDate || undefined,
      });
      onDone(invoice);
    } catch (err) {
      const { fields, alert } = serverErrors(err, FIELDS);
      form.setErrors(fields);
      setError(alert);
    } finally {
      setBusy(false);
    }
  });

  const v = form.getValues();
  const text = v.description.trim();
  const preview = v.type ? t(`billing.lines.charge_${v.type}`, { textSuffix: text ? `: ${text}` : '' }) : null;
  const amount = typeof v.amount === 'number' && v.amount > 0 ? formatRupiah(v.amount, lang) : null;
  const rateBp = billing?.chargeTaxRateBp ?? 0;
  const rate = `${bpToPercent(rateBp, lang)}%`;
  const included = !!billing?.pricesIncludeTax;
  // What the invoice will add up to; without the settings (cannot read them) only the line is shown.
  const totals = billing && typeof v.amount === 'number' && v.amount > 0 ? chargeTotals(v.amount, v.taxed ? rateBp : 0, included, billing.roundingUnit, billing.roundingMode) : null;
  const rp = (n: number) => formatRupiah(n, lang);

  return (
    <Modal opened={opened} onClose={onClose} title={t('billing.charge.title', { name: detail.customer.name })} size="lg" fullScreen={phone} data-testid="charge-modal">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {t('billing.charge.intro')}
          </Text>
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            <Select
              label={t('billing.charge.type')}
              placeholder={t('billing.charge.typePlaceholder')}
              withAsterisk
              data={CHARGE_TYPES.map((c) => ({ value: c, label: t(`billing.chargeTypes.${c}`) }))}
              comboboxProps={{ withinPortal: true }}
              allowDeselect={false}
              data-autofocus
              {...form.getInputProps('type')}
              data-testid="charge-type"
            />
            <NumberInput label={t('billing.charge.amount')} withAsterisk {...rupiahInput} min={1} max={MAX} {...form.getInputProps('amount')} data-testid="charge-amount" />
          </SimpleGrid>
          <TextInput label={t('billing.charge.description')} placeholder={t('billing.charge.descriptionPlaceholder')} maxLength={200} {...form.getInputProps('description')} data-testid="charge-description" />
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            <Select
              label={t('billing.charge.subscription')}
              description={t('billing.charge.subscriptionHint')}
              placeholder={t('billing.charge.subscriptionNone')}
              clearable
              data={subs.map((s) => ({ value: String(s.id), label: `${s.username} — ${s.planName}${s.status === 'terminated' ? ` (${t('billing.charge.ended')})` : ''}` }))}
              comboboxProps={{ withinPortal: true }}
              {...form.getInputProps('subscriptionId')}
              data-testid="charge-subscription"
            />
            <TextInput
              type="date"
              label={t('billing.charge.due')}
              description={dueDays !== undefined ? t('billing.charge.dueHintDefault', { days: dueDays }) : t('billing.charge.dueHint')}
              min={today}
              {...form.getInputProps('dueDate')}
              data-testid="charge-due"
            />
          </SimpleGrid>
          <Switch
            label={billing ? t('billing.charge.taxed', { rate }) : t('billing.charge.taxedPlain')}
            description={billing ? (included ? t('billing.charge.taxedHintIncluded', { rate }) : t('billing.charge.taxedHintAdded', { rate })) : undefined}
            checked={v.taxed}
            onChange={(e) => {
              setTaxTouched(true);
              form.setFieldValue('taxed', e.currentTarget.checked);
            }}
            data-testid="charge-taxed"
          />
          {preview && (
            <Paper withBorder p="xs" bg="gray.0" data-testid="charge-preview">
              <Text size="xs" c="dimmed">
                {t('billing.charge.preview')}
              </Text>
              <Group justify="space-between" wrap="nowrap" gap="sm" align="flex-start">
                <Text size="sm" style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
                  {preview}
                </Text>
                <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>
                  {amount ?? '—'}
                </Text>
              </Group>
              {totals && (totals.tax !== 0 || totals.rounding !== 0) && (
                <Stack gap={0} mt={4} data-testid="charge-preview-totals">
                  {totals.tax !== 0 && (
                    <Group justify="space-between" wrap="nowrap" gap="sm">
                      <Text size="xs" c="dimmed">
                        {included ? t('billing.lines.taxIncluded', { rate, base: rp(totals.base) }) : t('billing.lines.tax', { rate, base: rp(totals.base) })}
                      </Text>
                      <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                        {rp(totals.tax)}
                      </Text>
                    </Group>
                  )}
                  {totals.rounding !== 0 && (
                    <Group justify="space-between" wrap="nowrap" gap="sm">
                      <Text size="xs" c="dimmed">
                        {t('billing.lines.rounding', { unit: rp(billing!.roundingUnit) })}
                      </Text>
                      <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                        {totals.rounding > 0 ? `+${rp(totals.rounding)}` : rp(totals.rounding)}
                      </Text>
                    </Group>
                  )}
                  <Group justify="space-between" wrap="nowrap" gap="sm">
                    <Text size="sm" fw={600}>
                      {t('billing.invoice.total')}
                    </Text>
                    <Text size="sm" fw={700} style={{ whiteSpace: 'nowrap' }} data-testid="charge-preview-total">
                      {rp(totals.total)}
                    </Text>
                  </Group>
                </Stack>
              )}
              {v.dueDate && (
                <Text size="xs" c="dimmed">
                  {t('billing.invoice.dueOn', { date: formatLocalDate(v.dueDate, lang) })}
                </Text>
              )}
            </Paper>
          )}
          <ErrorAlert error={error} testId="charge-error" />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy} data-testid="charge-submit">
              {t('billing.charge.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
