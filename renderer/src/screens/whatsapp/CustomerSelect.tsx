import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useCall } from '../../lib/useCall';

/** A customer picked by typing a name, number or phone (clearable). */
export function CustomerSelect({ label, placeholder, value, onChange, testId }: { label: string; placeholder: string; value: { id: number; name: string } | null; onChange: (c: { id: number; name: string } | null) => void; testId: string }) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 200);
  const list = useCall('customers.list', { q, page: 1, pageSize: 10 }, q.length > 0 && q !== value?.name);
  const options = (list.data?.items ?? []).map((c) => ({ value: String(c.id), label: c.name, number: c.number }));
  // The chosen one stays an option, so the field keeps showing its name.
  if (value && !options.some((o) => o.value === String(value.id))) options.unshift({ value: String(value.id), label: value.name, number: '' });
  return (
    <Select
      label={label}
      placeholder={placeholder}
      searchable
      clearable
      filter={({ options: o }) => o}
      searchValue={search}
      onSearchChange={setSearch}
      value={value ? String(value.id) : null}
      // The option clicked comes with the change: a list reloading meanwhile cannot lose the choice.
      onChange={(v, option) => onChange(v !== null && option ? { id: Number(v), name: option.label } : null)}
      data={options.map((o) => ({ value: o.value, label: o.label }))}
      nothingFoundMessage={q ? '—' : undefined}
      w={{ base: '100%', xs: 300 }}
      data-testid={testId}
    />
  );
}
