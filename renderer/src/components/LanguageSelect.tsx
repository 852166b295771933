import { Select } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../shared/settings';
import { isLanguage } from '../i18n';

export function LanguageSelect({ label, description, value, onChange, error, testId }: { label: string; description?: string; value: Language; onChange: (v: Language) => void; error?: ReactNode; testId: string }) {
  const { t } = useTranslation();
  return (
    <Select
      label={label}
      description={description}
      value={value}
      onChange={(v) => isLanguage(v) && onChange(v)}
      allowDeselect={false}
      data={[
        { value: 'id', label: t('language.id') },
        { value: 'en', label: t('language.en') },
      ]}
      error={error}
      data-testid={testId}
    />
  );
}
