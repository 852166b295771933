import { Badge, Button, Card, Group, Loader, Paper, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconPlugConnected, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PaymentAccountDto } from '../../../../shared/contract';
import { call } from '../../api/client';
import { ConfirmModal } from '../../components/ConfirmModal';
import { useCall } from '../../lib/useCall';
import { useCan } from '../../store/session';
import { AccountFormModal } from './AccountFormModal';
import { CallbackUrl } from './CallbackUrl';
import { EnvBadge, GatewayErrorAlert } from './gatewayText';
import { TestAccountModal } from './TestAccountModal';

/** Settings → "Pembayaran online": the office's gateway accounts, how payments get confirmed, and a connection test. */
export function GatewayAccountsTab() {
  const { t } = useTranslation();
  const canManage = useCan('settings.manage');
  const accounts = useCall('gateway.accounts', {});
  const [editing, setEditing] = useState<PaymentAccountDto | 'new' | null>(null);
  const [testing, setTesting] = useState<PaymentAccountDto | null>(null);
  const [removing, setRemoving] = useState<PaymentAccountDto | null>(null);
  const [error, setError] = useState<unknown>(null);
  const list = accounts.data ?? [];

  return (
    <Stack gap="md" maw={900} data-testid="gateway-accounts">
      <Group justify="space-between" align="flex-start">
        <Text size="sm" c="dimmed" maw={620}>
          {t('gateway.settings.intro')}
        </Text>
        {canManage && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')} data-testid="account-add">
            {t('gateway.settings.add')}
          </Button>
        )}
      </Group>
      <Paper withBorder p="sm" bg="blue.0" data-testid="gateway-how">
        <Text fw={600} size="sm" mb={4}>
          {t('gateway.settings.howTitle')}
        </Text>
        <Text size="sm" mb={6}>
          {t('gateway.settings.howCallback')}
        </Text>
        <Text size="sm">{t('gateway.settings.howPolling')}</Text>
      </Paper>
      <GatewayErrorAlert error={accounts.error ?? error} />
      {accounts.loading && !accounts.data && <Loader size="sm" />}
      {accounts.data && list.length === 0 && (
        <Text c="dimmed" ta="center" p="lg" data-testid="accounts-empty">
          {t('gateway.settings.empty')}
        </Text>
      )}
      {list.map((a) => (
        <AccountCard key={a.id} a={a} canManage={canManage} onEdit={() => setEditing(a)} onTest={() => setTesting(a)} onRemove={() => setRemoving(a)} />
      ))}
      <AccountFormModal
        opened={editing !== null}
        account={editing === 'new' ? null : editing}
        onClose={() => setEditing(null)}
        onSaved={(a) => {
          setEditing(null);
          notifications.show({ color: 'green', message: t('gateway.form.saved', { name: a.name }) });
          void accounts.reload();
        }}
      />
      <TestAccountModal account={testing} onClose={() => setTesting(null)} />
      <ConfirmModal
        opened={removing !== null}
        title={removing ? t('gateway.settings.removeTitle', { name: removing.name }) : ''}
        body={t('gateway.settings.removeBody')}
        confirmLabel={t('gateway.settings.remove')}
        onClose={() => setRemoving(null)}
        onConfirm={async () => {
          if (!removing) return;
          setError(null);
          try {
            await call('gateway.removeAccount', { id: removing.id });
          } catch (err) {
            setError(err);
          }
          setRemoving(null);
          void accounts.reload();
        }}
      />
    </Stack>
  );
}

function AccountCard({ a, canManage, onEdit, onTest, onRemove }: { a: PaymentAccountDto; canManage: boolean; onEdit: () => void; onTest: () => void; onRemove: () => void }) {
  const { t } = useTranslation();
  return (
    <Card withBorder padding="md" data-testid="account-row" data-name={a.name} data-id={a.id}>
      <Group justify="space-between" align="flex-start" gap="xs">
        <div style={{ minWidth: 0 }}>
          <Group gap="xs">
            <Text fw={600} data-testid="account-name-text">
              {a.name}
            </Text>
            <Badge variant="outline" color="gray">
              {t(`gateway.names.${a.gateway}`)}
            </Badge>
            <EnvBadge env={a.env} />
            <Badge color={a.enabled ? 'teal' : 'gray'} variant="light" data-testid="account-enabled-badge" data-enabled={a.enabled}>
              {a.enabled ? t('gateway.settings.enabled') : t('gateway.settings.disabled')}
            </Badge>
          </Group>
          <Text size="sm" c="dimmed" mt={4}>
            {[a.merchantCode && `${t('gateway.form.merchantCode')} ${a.merchantCode}`, t(`gateway.feeBearerText.${a.feeBearer}`)].filter(Boolean).join(' · ')}
          </Text>
          <Text size="sm" c="dimmed" data-testid="account-methods-text">
            {a.methods.length === 0 ? t('gateway.settings.methodsAll') : t('gateway.settings.methodsSome', { list: a.methods.join(', ') })}
          </Text>
        </div>
        {canManage && (
          <Group gap="xs">
            <Button size="xs" variant="light" leftSection={<IconPlugConnected size={14} />} onClick={onTest} data-testid="account-test-button">
              {t('gateway.settings.test')}
            </Button>
            <Button size="xs" variant="default" leftSection={<IconPencil size={14} />} onClick={onEdit} data-testid="account-edit">
              {t('gateway.settings.edit')}
            </Button>
            <Button size="xs" variant="subtle" color="red" leftSection={<IconTrash size={14} />} onClick={onRemove} data-testid="account-remove">
              {t('gateway.settings.remove')}
            </Button>
          </Group>
        )}
      </Group>
      <div style={{ marginTop: 8 }}>
        {a.callbackUrl ? (
          <CallbackUrl url={a.callbackUrl} />
        ) : (
          <Text size="xs" c="dimmed" data-testid="account-no-callback">
            {t('gateway.settings.callbackNone')}
          </Text>
        )}
      </div>
    </Card>
  );
}
