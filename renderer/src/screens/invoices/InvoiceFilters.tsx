import { Button, Group, Select, TextInput } from '@mantine/core';
import { IconSearch, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useCall } from '../../lib/useCall';
import { useCan } from '../../store/session';
import type { InvoiceStatusFilter } from '../../../../shared/contract/billing';

export type { InvoiceStatusFilter };
// In the order the filter shows them; the values are the contract's (INVOICE_FILTER_STATUSES).
const STATUSES: InvoiceStatusFilter[] = ['unpaid', 'overdue', 'open', 'partial', 'paid', 'void'];

export interface InvoiceFilterValues {
  q: string;
  /** YYYY-MM or ''. */
  period: string;
  status: InvoiceStatusFilter | null;
  area: string | null;
  collectorId: number | null;
}

export const NO_FILTERS: InvoiceFilterValues = { q: '', period: '', status: null, area: null, collectorId: null };

export function InvoiceFilters({ value, onChange }: { value: InvoiceFilterValues; onChange: (v: InvoiceFilterValues) => void }) {
  const { t } = useTranslation();
  const canReadUsers = useCan('users.read');
  const areas = useCall('customers.areas', {});
  const collectors = useCall('users.list', { role: 'collector' }, canReadUsers);
  const set = (patch: Partial<InvoiceFilterValues>) => onChange({ ...value, ...patch });
  const dirty = JSON.stringify(value) !== JSON.stringify(NO_FILTERS);
  return (
    <Group gap="sm" align="flex-end" mb="sm" data-testid="invoices-filters">
      <TextInput
        label={t('billing.common.search')}
        placeholder={t('billing.invoices.searchPlaceholder')}
        leftSection={<IconSearch size={16} />}
        value={value.q}
        onChange={(e) => set({ q: e.currentTarget.value })}
        w={{ base: '100%', sm: 240 }}
        data-testid="invoices-search"
      />
      <TextInput type="month" label={t('billing.invoices.period')} value={value.period} onChange={(e) => set({ period: e.currentTarget.value })} w={{ base: '48%', xs: 170 }} data-testid="invoices-period" />
      <Select
        label={t('billing.common.status')}
        placeholder={t('billing.common.all')}
        value={value.status}
        onChange={(v) => set({ status: STATUSES.find((s) => s === v) ?? null })}
        data={STATUSES.map((s) => ({ value: s, label: t(`billing.status.${s}`) }))}
        clearable
        w={{ base: '48%', xs: 180 }}
        data-testid="invoices-status"
      />
      {(areas.data?.length ?? 0) > 0 && (
        <Select
          label={t('billing.invoices.area')}
          placeholder={t('billing.common.all')}
          value={value.area}
          onChange={(v) => set({ area: v })}
          data={areas.data ?? []}
          clearable
          searchable
          w={{ base: '48%', xs: 170 }}
          data-testid="invoices-area"
        />
      )}
      {canReadUsers && (collectors.data?.length ?? 0) > 0 && (
        <Select<number>
          label={t('billing.invoices.collector')}
          placeholder={t('billing.common.all')}
          value={value.collectorId}
          onChange={(v) => set({ collectorId: v })}
          data={(collectors.data ?? []).map((u) => ({ value: u.id, label: u.fullName }))}
          clearable
          w={{ base: '48%', xs: 180 }}
          data-testid="invoices-collector"
        />
      )}
      {dirty && (
        <Button variant="subtle" leftSection={<IconX size={14} />} onClick={() => onChange(NO_FILTERS)} data-testid="invoices-clear">
          {t('billing.common.clear')}
        </Button>
      )}
    </Group>
  );
}
