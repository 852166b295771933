import { Alert, Button, Group, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { contract } from '../../../shared/contract';
import { ApiError, call } from '../api/client';
import { AuthFrame } from '../components/AuthFrame';
import { ErrorAlert } from '../components/ErrorAlert';
import { apiIssues, issuesToErrors } from '../lib/errors';
import { customIssue, zodValidate } from '../lib/validate';
import { navigate } from '../store/route';
import { useSession } from '../store/session';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

const validate = zodValidate<Values>(contract['auth.changePassword'].input, {
  extra: (v) => (v.confirmPassword !== v.newPassword ? [customIssue('confirmPassword')] : []),
});

function PasswordForm({ onDone }: { onDone: () => Promise<void> | void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const form = useForm<Values>({ mode: 'controlled', initialValues: { currentPassword: '', newPassword: '', confirmPassword: '' }, validate });
  const submit = form.onSubmit(async ({ currentPassword, newPassword }) => {
    setBusy(true);
    setError(null);
    try {
      await call('auth.changePassword', { currentPassword, newPassword });
      notifications.show({ color: 'green', message: t('password.changed') });
      form.reset();
      await onDone();
    } catch (err) {
      form.setErrors(issuesToErrors(apiIssues(err)));
      if (err instanceof ApiError && err.code === 'auth.wrong_password') form.setFieldError('currentPassword', t('errors.auth.wrong_password'));
      else setError(err);
    } finally {
      setBusy(false);
    }
  });
  return (
    <form onSubmit={submit}>
      <Stack gap="sm">
        <PasswordInput label={t('password.current')} autoComplete="current-password" {...form.getInputProps('currentPassword')} data-testid="pw-current" />
        <PasswordInput label={t('password.new')} description={t('password.hint')} autoComplete="new-password" {...form.getInputProps('newPassword')} data-testid="pw-new" />
        <PasswordInput label={t('password.confirm')} autoComplete="new-password" {...form.getInputProps('confirmPassword')} data-testid="pw-confirm" />
        <ErrorAlert error={error} testId="pw-error" />
        <Group justify="flex-end">
          <Button type="submit" loading={busy} data-testid="pw-submit">
            {t('password.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Before anything else when the password is temporary (set by an admin). */
export function ForcedPasswordChange() {
  const { t } = useTranslation();
  const { refresh, logout, session } = useSession();
  return (
    <AuthFrame width={440}>
      <Stack gap="md" data-testid="forced-password">
        <Title order={1} size="h3">
          {t('password.forcedTitle')}
        </Title>
        <Alert color="blue" variant="light">
          {t('password.forcedBody', { name: session?.user.fullName ?? '' })}
        </Alert>
        <PasswordForm onDone={refresh} />
        <Text size="sm" ta="center">
          <Button variant="subtle" size="xs" onClick={() => void logout()} data-testid="forced-logout">
            {t('nav.logout')}
          </Button>
        </Text>
      </Stack>
    </AuthFrame>
  );
}

/** From the user menu. */
export function ChangePasswordScreen() {
  const { t } = useTranslation();
  return (
    <Stack maw={480} data-testid="screen-password">
      <Title order={2} size="h3">
        {t('password.title')}
      </Title>
      <Text c="dimmed" size="sm">
        {t('password.intro')}
      </Text>
      <PasswordForm onDone={() => navigate('home')} />
    </Stack>
  );
}
