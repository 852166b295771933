import { Anchor, Button, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconExternalLink, IconKey } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiKeyDto } from '../../../../shared/contract/apikeys';
import { call } from '../../api/client';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useCall } from '../../lib/useCall';
import { usePoll } from '../../lib/usePoll';
import { ApiKeyCard } from './ApiKeyCard';
import { ApiKeyFormModal, type Created } from './ApiKeyFormModal';
import { TokenModal, useApiOrigin } from './TokenModal';

/** Settings → "API & webhook": the REST API keys (issue 15) — list, create (shown once), revoke. */
export function ApiKeysSection() {
  const { t } = useTranslation();
  const list = useCall('apiKeys.list', {});
  const origin = useApiOrigin();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<Created | null>(null);
  const [revoking, setRevoking] = useState<ApiKeyDto | null>(null);
  const [error, setError] = useState<unknown>(null);
  // "Last used" and "expired" change while the tab is open.
  usePoll(() => void list.reload(), 15000);
  const keys = list.data ?? [];

  return (
    <Stack gap="sm" data-testid="apikeys">
      <Group justify="space-between" align="flex-start">
        <div style={{ maxWidth: 620 }}>
          <Title order={4} mb={4}>
            {t('apiKeys.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('apiKeys.intro')}{' '}
            <Anchor href={`${origin ?? ''}/api/docs`} target="_blank" rel="noreferrer" style={{ whiteSpace: 'nowrap' }} data-testid="apikeys-docs">
              {t('apiKeys.docs')} <IconExternalLink size={13} style={{ verticalAlign: 'middle' }} />
            </Anchor>
          </Text>
        </div>
        <Button leftSection={<IconKey size={16} />} onClick={() => setCreating(true)} data-testid="apikey-add">
          {t('apiKeys.add')}
        </Button>
      </Group>
      <ErrorAlert error={error ?? list.error} testId="apikeys-error" />
      {list.loading && !list.data && <Loader size="sm" />}
      {list.data && keys.length === 0 && (
        <Text c="dimmed" ta="center" p="lg" data-testid="apikeys-empty">
          {t('apiKeys.empty')}
        </Text>
      )}
      {keys.map((k) => (
        <ApiKeyCard key={k.id} k={k} onRevoke={() => setRevoking(k)} />
      ))}

      <ApiKeyFormModal
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(r) => {
          setCreating(false);
          setCreated(r);
          void list.reload();
        }}
      />
      <TokenModal shown={created} onClose={() => setCreated(null)} />
      <ConfirmModal
        opened={revoking !== null}
        title={revoking ? t('apiKeys.revokeTitle', { name: revoking.name }) : ''}
        body={t('apiKeys.revokeBody')}
        confirmLabel={t('apiKeys.revokeConfirm')}
        onClose={() => setRevoking(null)}
        onConfirm={async () => {
          const k = revoking;
          if (!k) return;
          setError(null);
          try {
            await call('apiKeys.revoke', { id: k.id });
            notifications.show({ color: 'green', message: t('apiKeys.revoked', { name: k.name }) });
          } catch (err) {
            setError(err);
          } finally {
            setRevoking(null);
            void list.reload();
          }
        }}
      />
    </Stack>
  );
}
