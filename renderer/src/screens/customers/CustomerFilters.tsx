import { Button, Chip, Collapse, Group, Select, TextInput } from '@mantine/core';
import { IconAdjustmentsHorizontal, IconSearch, IconX } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCall } from '../../lib/useCall';
import { useIsPhone } from '../../lib/useIsPhone';
import { useCan } from '../../store/session';

export interface CustomerFilterValues {
  q: string;
  status: 'active' | 'inactive' | null;
  routerId: number | null;
  planId: number | null;
  area: string | null;
  overdue: boolean;
  isolated: boolean;
}

export const EMPTY_FILTERS: CustomerFilterValues = { q: '', status: null, routerId: null, planId: null, area: null, overdue: false, isolated: false };

/** How many filters besides the search box are set (for the phone's "Filter (2)" button). */
const countSet = (f: CustomerFilterValues) => [f.status, f.routerId, f.planId, f.area].filter((v) => v !== null).length + Number(f.overdue) + Number(f.isolated);

const toId = (v: string | null): number | null => (v ? Number(v) : null);

/** Search box plus status, router, plan, area, overdue and isolated filters; on a phone the filters fold away. */
export function CustomerFilters({ value, onChange, version }: { value: CustomerFilterValues; onChange: (v: CustomerFilterValues) => void; version: number }) {
  const { t } = useTranslation();
  const phone = useIsPhone();
  const [open, setOpen] = useState(false);
  const canRouters = useCan('routers.read');
  const routers = useCall('routers.list', {}, canRouters);
  const plans = useCall('plans.list', { includeArchived: true });
  const areas = useCall('customers.areas', {});
  // New customers (added or imported) may bring new areas.
  const reloadAreas = areas.reload;
  useEffect(() => {
    if (version > 0) void reloadAreas();
  }, [version, reloadAreas]);
  const set = (patch: Partial<CustomerFilterValues>) => onChange({ ...value, ...patch });
  const selectW = { base: '100%', xs: 170 };
  const count = countSet(value);

  const filters = (
    <Group gap="sm" align="center" pt={phone ? 'sm' : 0}>
      <Select
        placeholder={t('customers.filters.allStatuses')}
        aria-label={t('customers.filters.status')}
        value={value.status}
        onChange={(v) => set({ status: v === 'active' || v === 'inactive' ? v : null })}
        data={[
          { value: 'active', label: t('customers.status.active') },
          { value: 'inactive', label: t('customers.status.inactive') },
        ]}
        clearable
        w={selectW}
        data-testid="customers-filter-status"
      />
      {canRouters && (
        <Select
          placeholder={t('customers.filters.allRouters')}
          aria-label={t('customers.filters.router')}
          value={value.routerId ? String(value.routerId) : null}
          onChange={(v) => set({ routerId: toId(v) })}
          data={(routers.data ?? []).map((r) => ({ value: String(r.id), label: r.name }))}
          clearable
          w={selectW}
          data-testid="customers-filter-router"
        />
      )}
      <Select
        placeholder={t('customers.filters.allPlans')}
        aria-label={t('customers.filters.plan')}
        value={value.planId ? String(value.planId) : null}
        onChange={(v) => set({ planId: toId(v) })}
        data={(plans.data ?? []).map((p) => ({ value: String(p.id), label: p.name }))}
        clearable
        searchable
        w={selectW}
        data-testid="customers-filter-plan"
      />
      <Select
        placeholder={t('customers.filters.allAreas')}
        aria-label={t('customers.filters.area')}
        value={value.area}
        onChange={(v) => set({ area: v })}
        data={areas.data ?? []}
        clearable
        searchable
        w={selectW}
        data-testid="customers-filter-area"
      />
      <Chip checked={value.overdue} onChange={(c) => set({ overdue: c })} color="red" wrapperProps={{ 'data-testid': 'customers-filter-overdue' }}>
        {t('customers.filters.overdue')}
      </Chip>
      <Chip checked={value.isolated} onChange={(c) => set({ isolated: c })} color="red" wrapperProps={{ 'data-testid': 'customers-filter-isolated' }}>
        {t('customers.filters.isolated')}
      </Chip>
      {count > 0 && (
        <Button variant="subtle" size="xs" leftSection={<IconX size={14} />} onClick={() => onChange({ ...EMPTY_FILTERS, q: value.q })} data-testid="customers-filter-clear">
          {t('customers.filters.clear')}
        </Button>
      )}
    </Group>
  );

  return (
    <div style={{ marginBottom: 'var(--mantine-spacing-sm)' }}>
      <Group gap="sm" wrap="nowrap" mb={phone ? 0 : 'sm'}>
        <TextInput
          placeholder={t('customers.searchPlaceholder')}
          aria-label={t('customers.search')}
          leftSection={<IconSearch size={16} />}
          value={value.q}
          onChange={(e) => set({ q: e.currentTarget.value })}
          style={{ flex: phone ? 1 : undefined }}
          w={phone ? undefined : 420}
          data-testid="customers-search"
        />
        {phone && (
          <Button variant={count > 0 ? 'light' : 'default'} leftSection={<IconAdjustmentsHorizontal size={16} />} onClick={() => setOpen((o) => !o)} data-testid="customers-filter-toggle">
            {count > 0 ? t('customers.filters.toggleCount', { count }) : t('customers.filters.toggle')}
          </Button>
        )}
      </Group>
      {phone ? <Collapse expanded={open}>{filters}</Collapse> : filters}
    </div>
  );
}
