import { Badge, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { RouterLiveStatus } from '../../../../shared/contract';
import { useLanguage } from '../../i18n';
import { formatBytes, formatDateTime } from '../../lib/format';
import { useTimezone } from '../../store/session';

/** "routers.errors.<kind>" with the router's own message; the plain message for unknown kinds. */
export function useRouterErrorText(): (e: { kind: string; message: string }) => string {
  const { t, i18n } = useTranslation();
  return (e) => (i18n.exists(`routers.errors.${e.kind}`) ? t(`routers.errors.${e.kind}`, { message: e.message }) : e.message);
}

export function StatusBadge({ status }: { status: RouterLiveStatus | undefined }) {
  const { t } = useTranslation();
  if (!status) return <Badge color="gray" variant="light">{t('routers.status.checking')}</Badge>;
  return (
    <Badge color={status.reachable ? 'green' : 'red'} variant="light" data-testid="router-status" data-reachable={String(status.reachable)}>
      {status.reachable ? t('routers.status.online') : t('routers.status.offline')}
    </Badge>
  );
}

function Fact({ label, value, testId }: { label: string; value: string | number | null; testId?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={500} data-testid={testId}>
        {value ?? '—'}
      </Text>
    </div>
  );
}

/** What a router says about itself right now, or why it cannot be reached. */
export function RouterStatusView({ status }: { status: RouterLiveStatus | undefined }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const tz = useTimezone();
  const errorText = useRouterErrorText();
  if (!status) return null;
  if (!status.reachable) {
    return (
      <Text size="sm" c="red" data-testid="router-error">
        {status.error ? errorText(status.error) : t('routers.status.offline')}
      </Text>
    );
  }
  const used = status.totalMemory && status.freeMemory !== null ? status.totalMemory - status.freeMemory : null;
  return (
    <Stack gap={6}>
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
        <Fact label={t('routers.status.identity')} value={status.identity} testId="router-identity" />
        <Fact label={t('routers.status.version')} value={status.version} testId="router-version" />
        <Fact label={t('routers.status.uptime')} value={status.uptime} />
        <Fact label={t('routers.status.cpu')} value={status.cpuLoad === null ? null : `${status.cpuLoad}%`} />
        <Fact label={t('routers.status.memory')} value={used === null || !status.totalMemory ? null : `${formatBytes(used, lang)} / ${formatBytes(status.totalMemory, lang)}`} />
        <Fact label={t('routers.status.hotspot')} value={status.hotspotActive} testId="router-hotspot-active" />
        <Fact label={t('routers.status.ppp')} value={status.pppActive} testId="router-ppp-active" />
        <Fact label={t('routers.status.board')} value={status.boardName} />
      </SimpleGrid>
      <Group>
        <Text size="xs" c="dimmed">
          {t('routers.status.checkedAt', { time: formatDateTime(status.checkedAt, tz, lang) })}
        </Text>
      </Group>
    </Stack>
  );
}
