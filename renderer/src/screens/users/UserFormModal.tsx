import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { contract, type UserDto } from '../../../../shared/contract';
import type { Role } from '../../../../shared/permissions';
import { call } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { apiIssues, issuesToErrors } from '../../lib/errors';
import { randomPassword } from '../../lib/password';
import { zodValidate } from '../../lib/validate';
import { RoleSelect } from './roles';

interface Values {
  username: string;
  fullName: string;
  role: Role;
  password: string;
}

const validateCreate = zodValidate<Values>(contract['users.create'].input);

/** Create a user (with a temporary password), or change an existing user's name and role. */
export function UserFormModal({ opened, user, onClose, onSaved }: { opened: boolean; user: UserDto | null; onClose: () => void; onSaved: (u: UserDto) => void }) {
  const { t } = useTranslation();
  const editing = user !== null;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { username: '', fullName: '', role: 'cashier', password: '' },
    validate: (v) => (editing ? zodValidate<Values>(contract['users.update'].input, { map: (x) => ({ id: user.id, fullName: x.fullName, role: x.role }) })(v) : validateCreate(v)),
  });

  useEffect(() => {
    if (!opened) return;
    setError(null);
    const next: Values = user ? { username: user.username, fullName: user.fullName, role: user.role, password: '' } : { username: '', fullName: '', role: 'cashier', password: randomPassword() };
    form.setValues(next);
    form.clearErrors();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reset only when the modal opens (or its record changes), not when `form` (a new object each render) does
  }, [opened, user]);

  const submit = form.onSubmit(async (v) => {
    setBusy(true);
    setError(null);
    try {
      const saved = editing ? await call('users.update', { id: user.id, fullName: v.fullName, role: v.role }) : await call('users.create', v);
      onSaved(saved);
    } catch (err) {
      form.setErrors(issuesToErrors(apiIssues(err)));
      setError(err);
    } finally {
      setBusy(false);
    }
  });

  return (
    <Modal opened={opened} onClose={onClose} title={editing ? t('users.editTitle', { username: user.username }) : t('users.createTitle')} size="lg" data-testid="user-form">
      <form onSubmit={submit}>
        <Stack gap="sm">
          {!editing && <TextInput label={t('user.username')} description={t('user.usernameHint')} withAsterisk autoCapitalize="none" {...form.getInputProps('username')} data-testid="user-username" />}
          <TextInput label={t('user.fullName')} withAsterisk {...form.getInputProps('fullName')} data-testid="user-fullname" />
          <RoleSelect value={form.getValues().role} onChange={(r) => form.setFieldValue('role', r)} error={form.errors.role} />
          {!editing && (
            <Group align="flex-end" gap="xs" wrap="nowrap">
              <TextInput
                style={{ flex: 1 }}
                styles={{ input: { fontFamily: 'monospace' } }}
                label={t('users.tempPassword')}
                description={t('users.tempPasswordHint')}
                withAsterisk
                autoComplete="off"
                {...form.getInputProps('password')}
                data-testid="user-password"
              />
              <Button variant="default" onClick={() => form.setFieldValue('password', randomPassword())} data-testid="user-password-generate">
                {t('users.generate')}
              </Button>
            </Group>
          )}
          <ErrorAlert error={error} testId="user-form-error" />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy} data-testid="user-save">
              {editing ? t('common.save') : t('users.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
