import { Alert, Badge, Button, Card, Group, Menu, Stack, Switch, Text } from '@mantine/core';
import { IconDots, IconKey, IconList, IconPencil, IconSend, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { WebhookEndpointDto } from '../../../../shared/contract/webhooks';
import { formatDateTime } from '../../lib/format';
import { useLanguage } from '../../i18n';
import { useTimezone } from '../../store/session';
import { disabledReasonText, eventsText } from './text';

export interface EndpointActions {
  onToggle: (on: boolean) => void;
  onTest: () => void;
  onLog: () => void;
  onEdit: () => void;
  onRotate: () => void;
  onDelete: () => void;
}

/** One endpoint: where it goes, what it gets, whether it works, and what can be done with it. */
export function EndpointCard({ e, busy, actions }: { e: WebhookEndpointDto; busy: boolean; actions: EndpointActions }) {
  const { t } = useTranslation();
  const tz = useTimezone();
  const lang = useLanguage();
  const at = (iso: string | null) => formatDateTime(iso, tz, lang);
  return (
    <Card withBorder padding="md" data-testid="webhook-row" data-id={e.id} data-url={e.url} data-enabled={e.enabled}>
      <Stack gap={6}>
        <Group justify="space-between" align="flex-start" gap="xs" wrap="nowrap">
          <div style={{ minWidth: 0 }}>
            <Text fw={600} ff="monospace" size="sm" style={{ overflowWrap: 'anywhere' }} data-testid="webhook-row-url">
              {e.url}
            </Text>
            {e.description && (
              <Text size="sm" c="dimmed">
                {e.description}
              </Text>
            )}
          </div>
          <Switch checked={e.enabled} disabled={busy} onChange={(ev) => actions.onToggle(ev.currentTarget.checked)} aria-label={t('webhooks.switchOn')} data-testid="webhook-row-switch" />
        </Group>
        <Group gap="xs">
          <Badge color={e.enabled ? 'teal' : 'gray'} variant="light" data-testid="webhook-row-state">
            {e.enabled ? t('webhooks.enabled') : t('webhooks.disabled')}
          </Badge>
          {e.failingSince && (
            <Badge color="red" variant="light" data-testid="webhook-row-failing">
              {t('webhooks.failing', { at: at(e.failingSince) })}
            </Badge>
          )}
        </Group>
        {!e.enabled && e.disabledReason && (
          <Alert color="red" variant="light" p="xs" data-testid="webhook-row-reason">
            <Text size="sm">{t('webhooks.disabledBy', { reason: disabledReasonText(t, e.disabledReason, tz, lang) })}</Text>
          </Alert>
        )}
        <Text size="sm" data-testid="webhook-row-events">
          {eventsText(t, e.events)}
        </Text>
        <Text size="sm" c="dimmed" data-testid="webhook-row-counts">
          {[t('webhooks.queued', { count: e.queued }), t('webhooks.failedCount', { count: e.failed }), t('webhooks.lastSuccess', { at: e.lastSuccessAt ? at(e.lastSuccessAt) : t('webhooks.never') })].join(' · ')}
        </Text>
        <Text size="xs" c="dimmed" ff="monospace">
          {t('webhooks.secretHint', { hint: e.secretHint })}
          {e.oldSecretUntil && new Date(e.oldSecretUntil) > new Date() ? ` · ${t('webhooks.oldSecretUntil', { at: at(e.oldSecretUntil) })}` : ''}
        </Text>
        <Group gap="xs" mt={4}>
          <Button size="xs" variant="light" leftSection={<IconSend size={14} />} onClick={actions.onTest} disabled={busy || !e.enabled} title={e.enabled ? undefined : t('webhooks.testWhenOff')} data-testid="webhook-row-test">
            {t('webhooks.actions.test')}
          </Button>
          <Button size="xs" variant="default" leftSection={<IconList size={14} />} onClick={actions.onLog} data-testid="webhook-row-log">
            {t('webhooks.actions.log')}
          </Button>
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <Button size="xs" variant="subtle" color="gray" leftSection={<IconDots size={14} />} data-testid="webhook-row-more">
                {t('webhooks.actions.more')}
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item leftSection={<IconPencil size={14} />} onClick={actions.onEdit} data-testid="webhook-row-edit">
                {t('webhooks.actions.edit')}
              </Menu.Item>
              <Menu.Item leftSection={<IconKey size={14} />} onClick={actions.onRotate} data-testid="webhook-row-rotate">
                {t('webhooks.actions.rotate')}
              </Menu.Item>
              <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={actions.onDelete} data-testid="webhook-row-delete">
                {t('webhooks.actions.delete')}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </Stack>
    </Card>
  );
}
