import { Button, Divider, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WebhookEndpointDto } from '../../../../shared/contract/webhooks';
import type { Settings } from '../../../../shared/settings';
import { call } from '../../api/client';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Forbidden } from '../../components/Forbidden';
import { isForbidden, useCall } from '../../lib/useCall';
import { usePoll } from '../../lib/usePoll';
import { ApiKeysSection } from '../apikeys/ApiKeysSection';
import { AllowHostsForm } from '../webhooks/AllowHostsForm';
import { DeliveryLogModal } from '../webhooks/DeliveryLogModal';
import { EndpointCard } from '../webhooks/EndpointCard';
import { EndpointFormModal } from '../webhooks/EndpointFormModal';
import { SecretModal } from '../webhooks/SecretModal';
import { VerifyHelp } from '../webhooks/VerifyHelp';

/**
 * Settings → "API & webhook" (issue 15, owner/admin: api.manage): the REST API keys; the webhook endpoints with their state, delivery
 * log, test event and secrets; the private hosts they may reach; how a receiver verifies a signature.
 */
export function ApiTab({ value, onSaved }: { value: Settings['webhooks']; onSaved: (s: Settings) => void }) {
  const { t } = useTranslation();
  const list = useCall('webhooks.list', {});
  const [editing, setEditing] = useState<WebhookEndpointDto | 'new' | null>(null);
  const [secret, setSecret] = useState<{ secret: string; url: string; rotated: boolean } | null>(null);
  const [logOf, setLogOf] = useState<WebhookEndpointDto | null>(null);
  const [rotating, setRotating] = useState<WebhookEndpointDto | null>(null);
  const [removing, setRemoving] = useState<WebhookEndpointDto | null>(null);
  const [busyId, setBusyId] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  // Counts and states change as the worker delivers: keep them fresh while the tab is open.
  usePoll(() => void list.reload(), 5000);

  if (isForbidden(list.error)) return <Forbidden />;
  const endpoints = list.data ?? [];

  const act = async (e: WebhookEndpointDto, fn: () => Promise<void>) => {
    setBusyId(e.id);
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(err);
    } finally {
      setBusyId(null);
      void list.reload();
    }
  };

  return (
    <Stack gap="lg" maw={900} data-testid="settings-api">
      <ApiKeysSection />
      <Divider />
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <div style={{ maxWidth: 620 }}>
            <Title order={4} mb={4}>
              {t('webhooks.title')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('webhooks.intro')}
            </Text>
          </div>
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')} data-testid="webhook-add">
            {t('webhooks.add')}
          </Button>
        </Group>
        <ErrorAlert error={error ?? list.error} testId="webhooks-error" />
        {list.loading && !list.data && <Loader size="sm" />}
        {list.data && endpoints.length === 0 && (
          <Text c="dimmed" ta="center" p="lg" data-testid="webhooks-empty">
            {t('webhooks.empty')}
          </Text>
        )}
        {endpoints.map((e) => (
          <EndpointCard
            key={e.id}
            e={e}
            busy={busyId === e.id}
            actions={{
              onToggle: (on) =>
                void act(e, async () => {
                  await call('webhooks.update', { id: e.id, enabled: on });
                  notifications.show({ color: 'green', message: on ? t('webhooks.toggled.on') : t('webhooks.toggled.off') });
                }),
              onTest: () =>
                void act(e, async () => {
                  await call('webhooks.test', { id: e.id });
                  notifications.show({ color: 'green', message: t('webhooks.testQueued', { url: e.url }) });
                }),
              onLog: () => setLogOf(e),
              onEdit: () => setEditing(e),
              onRotate: () => setRotating(e),
              onDelete: () => setRemoving(e),
            }}
          />
        ))}
      </Stack>
      <VerifyHelp />
      <Divider />
      <AllowHostsForm value={value} onSaved={onSaved} />

      <EndpointFormModal
        opened={editing !== null}
        endpoint={editing === 'new' ? null : editing}
        onClose={() => setEditing(null)}
        onCreated={(r) => {
          setEditing(null);
          setSecret({ secret: r.secret, url: r.endpoint.url, rotated: false });
          void list.reload();
        }}
        onSaved={() => {
          setEditing(null);
          notifications.show({ color: 'green', message: t('webhooks.form.saved') });
          void list.reload();
        }}
      />
      <SecretModal shown={secret} onClose={() => setSecret(null)} />
      <DeliveryLogModal endpoint={logOf} onClose={() => setLogOf(null)} onChanged={() => void list.reload()} />
      <ConfirmModal
        opened={rotating !== null}
        title={rotating ? t('webhooks.rotate.title', { url: rotating.url }) : ''}
        body={t('webhooks.rotate.body')}
        confirmLabel={t('webhooks.rotate.confirm')}
        color="orange"
        onClose={() => setRotating(null)}
        onConfirm={async () => {
          const e = rotating;
          if (!e) return;
          await act(e, async () => {
            const r = await call('webhooks.rotateSecret', { id: e.id });
            setSecret({ secret: r.secret, url: r.endpoint.url, rotated: true });
          });
          setRotating(null);
        }}
      />
      <ConfirmModal
        opened={removing !== null}
        title={removing ? t('webhooks.remove.title', { url: removing.url }) : ''}
        body={t('webhooks.remove.body')}
        confirmLabel={t('webhooks.remove.confirm')}
        onClose={() => setRemoving(null)}
        onConfirm={async () => {
          const e = removing;
          if (!e) return;
          await act(e, async () => {
            await call('webhooks.delete', { id: e.id });
            notifications.show({ color: 'green', message: t('webhooks.remove.done') });
          });
          setRemoving(null);
        }}
      />
    </Stack>
  );
}
