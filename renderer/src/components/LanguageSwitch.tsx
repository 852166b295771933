import { SegmentedControl } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../shared/settings';
import { isLanguage } from '../i18n';
import { ErrorText } from '../lib/errors';
import { useSession } from '../store/session';

/** ID / EN. Switches every text at once; saved on the user when logged in, on this computer before. */
export function LanguageSwitch({ size = 'xs' }: { size?: 'xs' | 'sm' }) {
  const { t, i18n } = useTranslation();
  const setLanguage = useSession((s) => s.setLanguage);
  const value: Language = isLanguage(i18n.language) ? i18n.language : 'id';
  const change = (v: string) => {
    if (!isLanguage(v)) return;
    setLanguage(v).catch((err: unknown) => notifications.show({ color: 'red', message: <ErrorText error={err} /> }));
  };
  return (
    <SegmentedControl
      size={size}
      value={value}
      onChange={change}
      aria-label={t('language.label')}
      data-testid="lang-switch"
      data={[
        { value: 'id', label: <span data-testid="lang-id" title="Bahasa Indonesia">ID</span> },
        { value: 'en', label: <span data-testid="lang-en" title="English">EN</span> },
      ]}
    />
  );
}
