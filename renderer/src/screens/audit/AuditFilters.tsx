import { Button, Group, Select, TextInput } from '@mantine/core';
import { IconSearch, IconX } from '@tabler/icons-react';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useCall } from '../../lib/useCall';
import { useCan } from '../../store/session';
import { domainLabel, methodLabel } from './methodLabel';

export interface AuditFilterValues {
  userId: number | null;
  /** Exact method, or a domain prefix ending in a dot. */
  method: string | null;
  from: string;
  to: string;
  search: string;
}

export const EMPTY_FILTERS: AuditFilterValues = { userId: null, method: null, from: '', to: '', search: '' };

export function AuditFilters({ value, onChange }: { value: AuditFilterValues; onChange: (v: AuditFilterValues) => void }) {
  const { t, i18n } = useTranslation();
  const exists = useCallback((k: string) => i18n.exists(k), [i18n]);
  const canReadUsers = useCan('users.read');
  const users = useCall('users.list', {}, canReadUsers);
  const methods = useCall('audit.methods', {});
  const set = (patch: Partial<AuditFilterValues>) => onChange({ ...value, ...patch });

  const methodData = useMemo(() => {
    const all = methods.data ?? [];
    const domains = [...new Set(all.map((m) => m.split('.')[0] ?? m))];
    return [
      { group: t('audit.byDomain'), items: domains.map((d) => ({ value: `${d}.`, label: domainLabel(t, exists, d) })) },
      { group: t('audit.byAction'), items: all.map((m) => ({ value: m, label: methodLabel(t, exists, m) })) },
    ];
  }, [methods.data, t, exists]);

  const dirty = JSON.stringify(value) !== JSON.stringify(EMPTY_FILTERS);
  return (
    <Group gap="sm" align="flex-end" mb="sm" data-testid="audit-filters">
      <TextInput
        label={t('audit.search')}
        placeholder={t('audit.searchPlaceholder')}
        leftSection={<IconSearch size={16} />}
        value={value.search}
        onChange={(e) => set({ search: e.currentTarget.value })}
        w={{ base: '100%', sm: 220 }}
        data-testid="audit-search"
      />
      {canReadUsers && (
        <Select<number>
          label={t('audit.user')}
          placeholder={t('audit.allUsers')}
          value={value.userId}
          onChange={(v) => set({ userId: v })}
          data={(users.data ?? []).map((u) => ({ value: u.id, label: `${u.fullName} (${u.username})` }))}
          clearable
          searchable
          w={{ base: '100%', xs: 200 }}
          data-testid="audit-user"
        />
      )}
      <Select
        label={t('audit.action')}
        placeholder={t('audit.allActions')}
        value={value.method}
        onChange={(v) => set({ method: v })}
        data={methodData}
        clearable
        searchable
        w={{ base: '100%', xs: 220 }}
        data-testid="audit-method"
      />
      <TextInput type="date" label={t('audit.from')} value={value.from} onChange={(e) => set({ from: e.currentTarget.value })} w={{ base: '48%', xs: 160 }} data-testid="audit-from" />
      <TextInput type="date" label={t('audit.to')} value={value.to} onChange={(e) => set({ to: e.currentTarget.value })} w={{ base: '48%', xs: 160 }} data-testid="audit-to" />
      {dirty && (
        <Button variant="subtle" leftSection={<IconX size={14} />} onClick={() => onChange(EMPTY_FILTERS)} data-testid="audit-clear">
          {t('audit.clear')}
        </Button>
      )}
    </Group>
  );
}
