import { NumberInput, Paper, SegmentedControl, Select, SimpleGrid, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../../i18n';
import { formatRupiah } from '../../lib/format';
import { GroupForm, NARROW, useGroupForm, type GroupProps } from './GroupForm';

const HOURS = Array.from({ length: 24 }, (_, h) => ({ value: h, label: `${String(h).padStart(2, '0')}:00` }));
const DAYS = Array.from({ length: 28 }, (_, i) => ({ value: i + 1, label: String(i + 1) }));
const UNITS = [0, 100, 500, 1000] as const;
const MODES = ['nearest', 'up', 'down'] as const;
type Mode = (typeof MODES)[number];
/** The example total shown under the rounding choice. */
const EXAMPLE = 166_650;

/** The same rounding as the server's (engine/money.ts roundTotal), for the example only. */
function roundTotal(total: number, unit: number, mode: Mode): number {
  if (unit <= 1) return total;
  return mode === 'up' ? Math.ceil(total / unit) * unit : mode === 'down' ? Math.floor(total / unit) * unit : Math.floor((total + unit / 2) / unit) * unit;
}

/** Numbering, the default terms of new subscriptions, PPN, rounding, the late fee, prepaid lead time, the daily invoice run and isolation. */
export function BillingTab({ value, onSaved }: GroupProps<'billing'>) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const form = useGroupForm('billing', value);
  const v = form.getValues();
  const rupiahInput = { prefix: 'Rp ', thousandSeparator: lang === 'id' ? '.' : ',', decimalSeparator: lang === 'id' ? ',' : '.', allowDecimal: false, allowNegative: false, hideControls: true } as const;
  const rp = (n: number) => formatRupiah(n, lang);
  const rounded = roundTotal(EXAMPLE, v.roundingUnit, v.roundingMode);
  const diff = rounded - EXAMPLE;
  const section = (key: string) => (
    <div>
      <Text fw={600}>{t(`billing.settings.${key}`)}</Text>
      <Text size="xs" c="dimmed">
        {t(`billing.settings.${key}Hint`)}
      </Text>
    </div>
  );
  return (
    <GroupForm group="billing" form={form} onSaved={onSaved}>
      {section('numbering')}
      <SimpleGrid cols={{ base: 1, xs: 3 }}>
        <TextInput label={t('billing.settings.customerPrefix')} description={t('billing.settings.customerPrefixHint')} autoCapitalize="characters" {...form.getInputProps('customerPrefix')} data-testid="billing-customer-prefix" />
        <TextInput label={t('billing.settings.invoicePrefix')} description={t('billing.settings.invoicePrefixHint')} autoCapitalize="characters" {...form.getInputProps('invoicePrefix')} data-testid="billing-invoice-prefix" />
        <TextInput label={t('billing.settings.receiptPrefix')} description={t('billing.settings.receiptPrefixHint')} autoCapitalize="characters" {...form.getInputProps('receiptPrefix')} data-testid="billing-receipt-prefix" />
      </SimpleGrid>
      {section('terms')}
      <Select<number> label={t('billing.settings.anchorDay')} description={t('billing.settings.anchorDayHint')} data={DAYS} allowDeselect={false} styles={NARROW} {...form.getInputProps('anchorDay')} data-testid="billing-anchor-day" />
      <NumberInput label={t('billing.settings.dueDays')} description={t('billing.settings.dueDaysHint')} min={0} max={60} allowDecimal={false} allowNegative={false} suffix={` ${t('billing.settings.days')}`} styles={NARROW} {...form.getInputProps('dueDays')} data-testid="billing-due-days" />
      <NumberInput label={t('billing.settings.graceDays')} description={t('billing.settings.graceDaysHint')} min={0} max={60} allowDecimal={false} allowNegative={false} suffix={` ${t('billing.settings.days')}`} styles={NARROW} {...form.getInputProps('graceDays')} data-testid="billing-grace-days" />
      {section('tax')}
      <Switch label={t('billing.settings.pricesIncludeTax')} description={t('billing.settings.pricesIncludeTaxHint')} {...form.getInputProps('pricesIncludeTax', { type: 'checkbox' })} data-testid="billing-prices-include-tax" />
      <NumberInput
        label={t('billing.settings.chargeTaxRate')}
        description={t('billing.settings.chargeTaxRateHint')}
        min={0}
        max={100}
        decimalScale={2}
        allowNegative={false}
        decimalSeparator={lang === 'id' ? ',' : '.'}
        suffix=" %"
        hideControls
        styles={NARROW}
        value={v.chargeTaxRateBp / 100}
        onChange={(n) => form.setFieldValue('chargeTaxRateBp', typeof n === 'number' ? Math.round(n * 100) : 0)}
        error={form.errors.chargeTaxRateBp}
        data-testid="billing-charge-tax-rate"
      />
      <Switch label={t('billing.settings.taxInstallFee')} description={t('billing.settings.taxInstallFeeHint')} {...form.getInputProps('taxInstallFee', { type: 'checkbox' })} data-testid="billing-tax-install-fee" />
      {section('rounding')}
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          {t('billing.settings.roundingUnit')}
        </Text>
        <SegmentedControl
          w="fit-content"
          value={String(v.roundingUnit)}
          onChange={(u) => form.setFieldValue('roundingUnit', (UNITS.find((x) => String(x) === u) ?? 0) as (typeof UNITS)[number])}
          data={UNITS.map((u) => ({ value: String(u), label: u === 0 ? t('billing.settings.roundingNone') : rp(u) }))}
          data-testid="billing-rounding-unit"
        />
      </Stack>
      {v.roundingUnit > 0 && (
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('billing.settings.roundingMode')}
          </Text>
          <SegmentedControl
            w="fit-content"
            value={v.roundingMode}
            onChange={(m) => form.setFieldValue('roundingMode', MODES.find((x) => x === m) ?? 'nearest')}
            data={MODES.map((m) => ({ value: m, label: t(`billing.settings.roundingModes.${m}`) }))}
            data-testid="billing-rounding-mode"
          />
        </Stack>
      )}
      <Paper withBorder p="xs" bg="gray.0" maw={520} data-testid="billing-rounding-example">
        <Text size="sm">
          {v.roundingUnit === 0
            ? t('billing.settings.roundingExampleNone', { total: rp(EXAMPLE) })
            : diff === 0
              ? t('billing.settings.roundingExampleSame', { total: rp(EXAMPLE) })
              : t('billing.settings.roundingExample', { total: rp(EXAMPLE), rounded: rp(rounded), diff: `${diff > 0 ? '+' : '−'}${rp(Math.abs(diff))}` })}
        </Text>
      </Paper>
      {section('lateFee')}
      <SimpleGrid cols={{ base: 1, xs: 2 }} maw={520}>
        <NumberInput label={t('billing.settings.lateFeeAmount')} description={t('billing.settings.lateFeeAmountHint')} min={0} max={10_000_000} {...rupiahInput} {...form.getInputProps('lateFeeAmount')} data-testid="billing-late-fee-amount" />
        <NumberInput
          label={t('billing.settings.lateFeeDays')}
          description={t('billing.settings.lateFeeDaysHint')}
          min={1}
          max={90}
          allowDecimal={false}
          allowNegative={false}
          suffix={` ${t('billing.settings.days')}`}
          disabled={!v.lateFeeAmount}
          {...form.getInputProps('lateFeeDays')}
          data-testid="billing-late-fee-days"
        />
      </SimpleGrid>
      <Text size="xs" c="dimmed" mt={-8} data-testid="billing-late-fee-summary">
        {v.lateFeeAmount > 0 && typeof v.lateFeeDays === 'number'
          ? t('billing.settings.lateFeeOn', { amount: rp(v.lateFeeAmount), days: v.lateFeeDays })
          : t('billing.settings.lateFeeOff')}
      </Text>
      <Switch label={t('billing.settings.billIsolated')} description={t('billing.settings.billIsolatedHint')} {...form.getInputProps('billIsolated', { type: 'checkbox' })} data-testid="billing-bill-isolated" />
      {section('prepaid')}
      <NumberInput label={t('billing.settings.prepaidLeadDays')} description={t('billing.settings.prepaidLeadDaysHint')} min={1} max={28} allowDecimal={false} allowNegative={false} suffix={` ${t('billing.settings.days')}`} styles={NARROW} {...form.getInputProps('prepaidLeadDays')} data-testid="billing-prepaid-lead-days" />
      {section('automation')}
      <Select<number> label={t('billing.settings.invoiceHour')} description={t('billing.settings.invoiceHourHint')} data={HOURS} allowDeselect={false} styles={NARROW} {...form.getInputProps('invoiceHour')} data-testid="billing-invoice-hour" />
      <NumberInput
        label={t('billing.settings.restoreThreshold')}
        description={t('billing.settings.restoreThresholdHint')}
        min={0}
        max={100_000_000}
        prefix="Rp "
        thousandSeparator={lang === 'id' ? '.' : ','}
        decimalSeparator={lang === 'id' ? ',' : '.'}
        allowDecimal={false}
        allowNegative={false}
        hideControls
        styles={NARROW}
        {...form.getInputProps('restoreThreshold')}
        data-testid="billing-restore-threshold"
      />
      <NumberInput label={t('billing.settings.maxPromiseDays')} description={t('billing.settings.maxPromiseDaysHint')} min={1} max={90} allowDecimal={false} allowNegative={false} suffix={` ${t('billing.settings.days')}`} styles={NARROW} {...form.getInputProps('maxPromiseDays')} data-testid="billing-max-promise" />
      {section('isolation')}
      <TextInput label={t('billing.settings.isolationAddressList')} description={t('billing.settings.isolationAddressListHint')} autoCapitalize="none" styles={NARROW} {...form.getInputProps('isolationAddressList')} data-testid="billing-isolation-list" />
      <TextInput label={t('billing.settings.isolationRateLimit')} description={t('billing.settings.isolationRateLimitHint')} autoCapitalize="none" placeholder="128k/128k" styles={NARROW} {...form.getInputProps('isolationRateLimit')} data-testid="billing-isolation-rate" />
    </GroupForm>
  );
}
