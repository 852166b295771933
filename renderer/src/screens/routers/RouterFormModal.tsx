import { Alert, Button, Checkbox, Group, Modal, NumberInput, PasswordInput, Stack, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { routerInputSchema, type RouterDto, type RouterLiveStatus } from '../../../../shared/contract/routers';
import { call } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { zodValidate } from '../../lib/validate';
import { serverErrors } from '../customers/formErrors';
import { useRouterErrorText } from './RouterStatusView';

interface Values {
  name: string;
  host: string;
  port: number;
  tls: boolean;
  username: string;
  password: string;
  notes: string;
  isolationProfile: string;
  hotspotDns: string;
}

const EMPTY: Values = { name: '', host: '', port: 8728, tls: false, username: '', password: '', notes: '', isolationProfile: 'isolir', hotspotDns: '' };
const validate = zodValidate<Values>(routerInputSchema);
/** Fields a server error may name (`details.field`), e.g. routers.password_required → password. */
const FIELDS = ['name', 'host', 'port', 'username', 'password', 'notes', 'isolationProfile', 'hotspotDns'] as const;

/** Add or edit a router; "Test connection" tries the form's values before anything is saved. */
export function RouterFormModal({ opened, router, onClose, onSaved }: { opened: boolean; router: RouterDto | null; onClose: () => void; onSaved: (r: RouterDto) => void }) {
  const { t } = useTranslation();
  const errorText = useRouterErrorText();
  const editing = router !== null;
  const [busy, setBusy] = useState<'save' | 'test' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [probe, setProbe] = useState<RouterLiveStatus | null>(null);
  const form = useForm<Values>({ mode: 'controlled', initialValues: EMPTY, validate });

  useEffect(() => {
    if (!opened) return;
    setError(null);
    setProbe(null);
    form.setValues(router ? { ...router, password: '' } : EMPTY);
    form.clearErrors();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reset only when the modal opens (or its record changes), not when `form` (a new object each render) does
  }, [opened, router]);

  const values = () => {
    const v = form.getValues();
    // An empty password on an edit keeps the stored one.
    return { ...v, password: editing && v.password === '' ? undefined : v.password };
  };

  const test = async () => {
    if (form.validate().hasErrors) return;
    setBusy('test');
    setError(null);
    setProbe(null);
    try {
      setProbe(await call('routers.test', { draft: values(), id: router?.id }));
    } catch (err) {
      // routers.password_required (the address changed, the password field left empty) shows on the password field.
      const { fields, alert } = serverErrors(err, FIELDS);
      form.setErrors(fields);
      setError(alert);
    } finally {
      setBusy(null);
    }
  };

  const submit = form.onSubmit(async () => {
    setBusy('save');
    setError(null);
    try {
      const v = values();
      const saved = editing ? await call('routers.update', { ...v, id: router.id }) : await call('routers.create', { ...v, password: v.password ?? '' });
      onSaved(saved);
    } catch (err) {
      const { fields, alert } = serverErrors(err, FIELDS);
      form.setErrors(fields);
      setError(alert);
    } finally {
      setBusy(null);
    }
  });

  const toggleTls = (on: boolean) => {
    form.setFieldValue('tls', on);
    const port = form.getValues().port;
    if (on && port === 8728) form.setFieldValue('port', 8729);
    if (!on && port === 8729) form.setFieldValue('port', 8728);
  };

  return (
    <Modal opened={opened} onClose={onClose} title={editing ? t('routers.editTitle', { name: router.name }) : t('routers.createTitle')} size="lg" data-testid="router-form">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <TextInput label={t('routers.name')} description={t('routers.nameHint')} withAsterisk {...form.getInputProps('name')} data-testid="router-name" />
          <Group grow align="flex-start" wrap="wrap">
            <TextInput label={t('routers.host')} description={t('routers.hostHint')} withAsterisk autoCapitalize="none" {...form.getInputProps('host')} data-testid="router-host" style={{ minWidth: 220 }} />
            <NumberInput label={t('routers.port')} description={t('routers.portHint')} withAsterisk min={1} max={65535} allowDecimal={false} {...form.getInputProps('port')} data-testid="router-port" maw={180} />
          </Group>
          <Checkbox label={t('routers.tls')} checked={form.getValues().tls} onChange={(e) => toggleTls(e.currentTarget.checked)} data-testid="router-tls" />
          <TextInput label={t('routers.username')} description={t('routers.usernameHint')} withAsterisk autoCapitalize="none" autoComplete="off" {...form.getInputProps('username')} data-testid="router-username" />
          <PasswordInput label={t('routers.password')} description={editing ? t('routers.passwordKeep') : undefined} autoComplete="new-password" {...form.getInputProps('password')} data-testid="router-password" />
          <TextInput
            label={t('billing.routers.isolationProfile')}
            description={t('billing.routers.isolationProfileHint')}
            autoCapitalize="none"
            {...form.getInputProps('isolationProfile')}
            error={form.errors.isolationProfile ? t('billing.routers.isolationProfileInvalid') : undefined}
            data-testid="router-isolation-profile"
          />
          <TextInput
            label={t('printing.router.hotspotDns')}
            description={t('printing.router.hotspotDnsHint')}
            autoCapitalize="none"
            placeholder="hotspot.rt05.net"
            {...form.getInputProps('hotspotDns')}
            error={form.errors.hotspotDns ? t('printing.router.hotspotDnsInvalid') : undefined}
            data-testid="router-hotspot-dns"
          />
          <Textarea label={t('routers.notes')} autosize minRows={2} {...form.getInputProps('notes')} data-testid="router-notes" />
          {probe && (
            <Alert color={probe.reachable ? 'green' : 'red'} variant="light" data-testid="router-probe">
              {probe.reachable
                ? t('routers.status.ok', { identity: probe.identity ?? '?', version: probe.version ?? '?' })
                : probe.error
                  ? errorText(probe.error)
                  : t('routers.status.offline')}
            </Alert>
          )}
          <ErrorAlert error={error} />
          <Group justify="space-between" mt="sm">
            <Button variant="default" onClick={() => void test()} loading={busy === 'test'} disabled={busy === 'save'} data-testid="router-test">
              {t('routers.test')}
            </Button>
            <Group gap="xs">
              <Button variant="subtle" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={busy === 'save'} disabled={busy === 'test'} data-testid="router-save">
                {t('routers.save')}
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
