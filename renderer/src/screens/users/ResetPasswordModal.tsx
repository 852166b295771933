import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { contract, type UserDto } from '../../../../shared/contract';
import { call } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { apiIssues, issuesToErrors } from '../../lib/errors';
import { randomPassword } from '../../lib/password';
import { zodValidate } from '../../lib/validate';

/** Gives a user a new temporary password (they choose their own at the next login); also unlocks. */
export function ResetPasswordModal({ user, onClose, onSaved }: { user: UserDto | null; onClose: () => void; onSaved: (u: UserDto) => void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { newPassword: '' },
    validate: (v) => zodValidate<{ newPassword: string }>(contract['users.resetPassword'].input, { map: (x) => ({ id: user?.id ?? 1, newPassword: x.newPassword }) })(v),
  });
  useEffect(() => {
    if (!user) return;
    setError(null);
    form.setValues({ newPassword: randomPassword() });
    form.clearErrors();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- a new random password only when another user is chosen, not when `form` (a new object each render) does
  }, [user]);

  const submit = form.onSubmit(async ({ newPassword }) => {
    if (!user) return;
    setBusy(true);
    setError(null);
    try {
      onSaved(await call('users.resetPassword', { id: user.id, newPassword }));
    } catch (err) {
      form.setErrors(issuesToErrors(apiIssues(err)));
      setError(err);
    } finally {
      setBusy(false);
    }
  });

  return (
    <Modal opened={!!user} onClose={onClose} title={t('users.resetTitle', { username: user?.username ?? '' })} data-testid="reset-form">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Text size="sm">{t('users.resetBody')}</Text>
          <Group align="flex-end" gap="xs" wrap="nowrap">
            <TextInput style={{ flex: 1 }} styles={{ input: { fontFamily: 'monospace' } }} label={t('users.tempPassword')} withAsterisk autoComplete="off" {...form.getInputProps('newPassword')} data-testid="reset-password" />
            <Button variant="default" onClick={() => form.setFieldValue('newPassword', randomPassword())}>
              {t('users.generate')}
            </Button>
          </Group>
          <ErrorAlert error={error} testId="reset-error" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy} data-testid="reset-save">
              {t('users.resetSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
