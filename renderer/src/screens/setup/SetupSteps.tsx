import { PasswordInput, Stack, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/settings';
import { LanguageSelect } from '../../components/LanguageSelect';
import { OfficeFields } from '../../components/OfficeFields';
import { TimezoneSelect } from '../../components/TimezoneSelect';
import type { SetupValues } from './SetupWizard';

type Form = UseFormReturnType<SetupValues>;

export function OfficeStep({ form }: { form: Form }) {
  return <OfficeFields form={form} prefix="office." />;
}

export function LocaleStep({ form, onLanguage }: { form: Form; onLanguage: (l: Language) => void }) {
  const { t } = useTranslation();
  const v = form.getValues().locale;
  return (
    <Stack gap="sm">
      <LanguageSelect
        label={t('locale.language')}
        description={t('locale.languageHint')}
        value={v.language}
        onChange={(l) => {
          form.setFieldValue('locale.language', l);
          onLanguage(l);
        }}
        error={form.errors['locale.language']}
        testId="setup-language"
      />
      <TimezoneSelect value={v.timezone} onChange={(tz) => form.setFieldValue('locale.timezone', tz)} error={form.errors['locale.timezone']} testId="setup-timezone" />
    </Stack>
  );
}

export function OwnerStep({ form }: { form: Form }) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm">
      <TextInput label={t('user.fullName')} withAsterisk autoComplete="name" {...form.getInputProps('owner.fullName')} data-testid="owner-fullname" />
      <TextInput label={t('user.username')} description={t('user.usernameHint')} withAsterisk autoComplete="username" autoCapitalize="none" {...form.getInputProps('owner.username')} data-testid="owner-username" />
      <PasswordInput label={t('password.new')} description={t('password.hint')} withAsterisk autoComplete="new-password" {...form.getInputProps('owner.password')} data-testid="owner-password" />
      <PasswordInput label={t('password.confirm')} withAsterisk autoComplete="new-password" {...form.getInputProps('owner.confirmPassword')} data-testid="owner-password-confirm" />
    </Stack>
  );
}
