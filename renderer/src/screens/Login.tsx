import { Alert, Button, Center, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { contract } from '../../../shared/contract';
import { call } from '../api/client';
import { AuthFrame } from '../components/AuthFrame';
import { ErrorAlert } from '../components/ErrorAlert';
import { OfficeBrand } from '../components/OfficeBrand';
import { zodValidate } from '../lib/validate';
import { useSession } from '../store/session';

const validate = zodValidate<{ username: string; password: string }>(contract['auth.login'].input);

export function Login() {
  const { t } = useTranslation();
  const { signedIn, notice } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const form = useForm({ mode: 'controlled', initialValues: { username: '', password: '' }, validate });

  const submit = form.onSubmit(async (values) => {
    setBusy(true);
    setError(null);
    try {
      await signedIn(await call('auth.login', values));
    } catch (err) {
      setError(err);
      form.setFieldValue('password', '');
    } finally {
      setBusy(false);
    }
  });

  return (
    <AuthFrame width={400} footer="Mikrotik Billing">
      <Stack gap="lg">
        <Center>
          <OfficeBrand size="lg" />
        </Center>
        <Text ta="center" c="dimmed" size="sm">
          {t('login.intro')}
        </Text>
        {notice && !error && (
          <Alert color="yellow" variant="light" data-testid="login-notice">
            {t(`login.notice.${notice}`)}
          </Alert>
        )}
        <form onSubmit={submit}>
          <Stack gap="sm">
            <TextInput label={t('user.username')} autoComplete="username" autoCapitalize="none" autoFocus {...form.getInputProps('username')} data-testid="login-username" />
            <PasswordInput label={t('password.label')} autoComplete="current-password" {...form.getInputProps('password')} data-testid="login-password" />
            <ErrorAlert error={error} testId="login-error" />
            <Button type="submit" loading={busy} fullWidth mt="xs" data-testid="login-submit">
              {t('login.submit')}
            </Button>
          </Stack>
        </form>
      </Stack>
    </AuthFrame>
  );
}
