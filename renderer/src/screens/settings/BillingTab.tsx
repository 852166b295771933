import { NumberInput, Select, SimpleGrid, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../../i18n';
import { GroupForm, NARROW, useGroupForm, type GroupProps } from './GroupForm';

const HOURS = Array.from({ length: 24 }, (_, h) => ({ value: h, label: `${String(h).padStart(2, '0')}:00` }));
const DAYS = Array.from({ length: 28 }, (_, i) => ({ value: i + 1, label: String(i + 1) }));

/** Numbering, the default terms of new subscriptions, the daily invoice run and isolation. */
export function BillingTab({ value, onSaved }: GroupProps<'billing'>) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const form = useGroupForm('billing', value);
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
