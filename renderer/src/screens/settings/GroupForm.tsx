import { Button, Group, Stack } from '@mantine/core';
import { useForm, type UseFormReturnType } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Input } from '../../../../shared/contract';
import { settingsSchemas, type Settings, type SettingsGroup } from '../../../../shared/settings';
import { call } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { apiIssues, issuesToErrors } from '../../lib/errors';
import { zodValidate } from '../../lib/validate';
import { useCan } from '../../store/session';

/** Short inputs (numbers, hours) whose label and help text may still use the full width. */
export const NARROW = { wrapper: { maxWidth: 240 } };

export interface GroupProps<G extends SettingsGroup> {
  value: Settings[G];
  onSaved: (s: Settings) => void;
}

/** One settings group as a form: validated with the group's schema, saved with settings.update. */
export function useGroupForm<G extends SettingsGroup>(group: G, value: Settings[G]) {
  return useForm<Settings[G]>({ mode: 'controlled', initialValues: value, validate: zodValidate<Settings[G]>(settingsSchemas[group]) });
}

export function GroupForm<G extends SettingsGroup>({ group, form, onSaved, children }: { group: G; form: UseFormReturnType<Settings[G]>; onSaved: (s: Settings) => void; children: ReactNode }) {
  const { t } = useTranslation();
  const canManage = useCan('settings.manage');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = form.onSubmit(async (value) => {
    setBusy(true);
    setError(null);
    try {
      // One group at a time: TypeScript cannot tie `group` to its `value` through the generic, the schema can.
      const saved = await call('settings.update', { group, value } as Input<'settings.update'>);
      form.resetDirty(saved[group]);
      notifications.show({ color: 'green', message: t('settings.saved') });
      onSaved(saved);
    } catch (err) {
      // Issues come back under value.<field>.
      form.setErrors(issuesToErrors(apiIssues(err), 1));
      setError(err);
    } finally {
      setBusy(false);
    }
  });
  return (
    <form onSubmit={submit} data-testid={`settings-form-${group}`}>
      <fieldset disabled={!canManage} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
        <Stack gap="md" maw={640}>
          {children}
          <ErrorAlert error={error} testId={`settings-error-${group}`} />
          {canManage && (
            <Group>
              <Button type="submit" loading={busy} data-testid={`settings-save-${group}`}>
                {t('common.save')}
              </Button>
            </Group>
          )}
        </Stack>
      </fieldset>
    </form>
  );
}
