import { Select } from '@mantine/core';
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** Indonesia's three zones (four IANA names: West Kalimantan keeps its own), offered first. */
const INDONESIA = [
  { value: 'Asia/Jakarta', zone: 'WIB', utc: '+7', key: 'tz.jakarta' },
  { value: 'Asia/Pontianak', zone: 'WIB', utc: '+7', key: 'tz.pontianak' },
  { value: 'Asia/Makassar', zone: 'WITA', utc: '+8', key: 'tz.makassar' },
  { value: 'Asia/Jayapura', zone: 'WIT', utc: '+9', key: 'tz.jayapura' },
];

function allZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [];
  }
}

/** Searchable time zone picker: the Indonesian zones, then every zone the browser knows. */
export function TimezoneSelect({ value, onChange, error, testId = 'timezone-select' }: { value: string; onChange: (v: string) => void; error?: ReactNode; testId?: string }) {
  const { t } = useTranslation();
  const data = useMemo(() => {
    const ours = new Set(INDONESIA.map((z) => z.value));
    const rest = allZones().filter((z) => !ours.has(z));
    if (value && !ours.has(value) && !rest.includes(value)) rest.unshift(value);
    return [
      { group: t('tz.indonesia'), items: INDONESIA.map((z) => ({ value: z.value, label: `${z.zone} (UTC${z.utc}) — ${t(z.key)} · ${z.value}` })) },
      { group: t('tz.others'), items: rest.map((z) => ({ value: z, label: z.replace(/_/g, ' ') })) },
    ];
  }, [t, value]);
  return (
    <Select
      label={t('locale.timezone')}
      description={t('locale.timezoneHint')}
      data={data}
      value={value}
      onChange={(v) => v && onChange(v)}
      searchable
      limit={60}
      allowDeselect={false}
      nothingFoundMessage={t('common.nothingFound')}
      error={error}
      data-testid={testId}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
