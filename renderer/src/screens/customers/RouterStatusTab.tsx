import { Badge, Button, Card, Group, Loader, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { PppLiveStatus } from '../../../../shared/contract';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useCall } from '../../lib/useCall';

/** RouterOS uptime ("1w2d03:04:05", "3h12m5s") in words: "9 hari 3 jam 4 menit". */
export function uptimeWords(t: TFunction, raw: string): string {
  const n = (re: RegExp) => Number(re.exec(raw)?.[1] ?? 0);
  const clock = /(\d+):(\d+):(\d+)$/.exec(raw);
  const days = n(/(\d+)w/) * 7 + n(/(\d+)d/);
  const hours = clock ? Number(clock[1]) : n(/(\d+)h/);
  const minutes = clock ? Number(clock[2]) : n(/(\d+)m(?!s)/);
  const parts = [days && t('customers.router.days', { count: days }), hours && t('customers.router.hours', { count: hours }), minutes && t('customers.router.minutes', { count: minutes })].filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : t('customers.router.lessThanMinute');
}

function Fact({ label, value, testId }: { label: string; value: string | null; testId?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" ff={value ? 'monospace' : undefined} data-testid={testId}>
        {value ?? '—'}
      </Text>
    </div>
  );
}

function LiveCard({ s }: { s: PppLiveStatus }) {
  const { t } = useTranslation();
  const state = !s.reachable ? 'unreachable' : s.error ? 'refused' : s.online ? 'online' : 'offline';
  const color = { online: 'green', offline: 'gray', unreachable: 'red', refused: 'orange' }[state];
  return (
    <Card withBorder padding="sm" data-testid="ppp-status" data-username={s.username} data-state={state}>
      <Group justify="space-between" wrap="nowrap" mb="xs">
        <div>
          <Text fw={600} ff="monospace" size="sm">
            {s.username}
          </Text>
          <Text size="xs" c="dimmed">
            {t('customers.router.on', { router: s.routerName })}
          </Text>
        </div>
        <Badge color={color} variant="light" data-testid="ppp-state">
          {t(`customers.router.state.${state}`)}
        </Badge>
      </Group>
      {s.online && (
        <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="xs">
          <Fact label={t('customers.router.address')} value={s.address} testId="ppp-address" />
          <Fact label={t('customers.router.uptime')} value={s.uptime ? uptimeWords(t, s.uptime) : null} testId="ppp-uptime" />
          <Fact label={t('customers.router.callerId')} value={s.callerId} />
        </SimpleGrid>
      )}
      {!s.online && !s.error && s.reachable && (
        <Text size="sm" c="dimmed">
          {t('customers.router.offlineHint')}
        </Text>
      )}
      {s.error && (
        <Stack gap={2}>
          <Text size="sm" c={state === 'unreachable' ? 'red' : 'orange'}>
            {t(state === 'unreachable' ? 'customers.router.unreachableHint' : 'customers.router.refusedHint', { router: s.routerName })}
          </Text>
          <Text size="xs" c="dimmed" ff="monospace">
            {s.error}
          </Text>
        </Stack>
      )}
    </Card>
  );
}

/** Is the customer's PPPoE connection up right now? Asks the routers when the tab opens and on "refresh". */
export function RouterStatusTab({ customerId, hasServices }: { customerId: number; hasServices: boolean }) {
  const { t } = useTranslation();
  const live = useCall('customers.routerStatus', { id: customerId }, hasServices);
  if (!hasServices)
    return (
      <Text c="dimmed" ta="center" p="lg" data-testid="ppp-none">
        {t('customers.router.none')}
      </Text>
    );
  return (
    <Stack gap="sm" data-testid="customer-router">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {t('customers.router.intro')}
        </Text>
        <Button variant="default" size="xs" leftSection={<IconRefresh size={14} />} loading={live.loading} onClick={() => void live.reload()} data-testid="ppp-refresh">
          {t('customers.router.refresh')}
        </Button>
      </Group>
      <ErrorAlert error={live.error} />
      {!live.data && live.loading && <Loader size="sm" />}
      {live.data?.map((s) => (
        <LiveCard key={s.subscriptionId} s={s} />
      ))}
    </Stack>
  );
}
