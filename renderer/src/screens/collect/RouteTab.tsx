import { Alert, Badge, Button, Group, Loader, Paper, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconBrandWhatsapp, IconCash, IconMapPin, IconPhone } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RouteStop } from '../../../../shared/contract/collections';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLanguage } from '../../i18n';
import { useCall } from '../../lib/useCall';
import { useCan, useSession } from '../../store/session';
import { formatLocalDate, useRupiah } from '../invoices/money';
import { DayBar } from './common';
import { PayModal } from './PayModal';

const digits = (e164: string) => e164.replace(/\D/g, '');

function StopCard({ stop, canPay, onPay }: { stop: RouteStop; canPay: boolean; onPay: () => void }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const money = useRupiah();
  const wa = stop.whatsapp ?? stop.phone;
  const settled = stop.owed === 0;
  return (
    <Paper withBorder p="sm" radius="md" data-testid="stop" data-customer={stop.customerId} data-owed={stop.owed} bg={settled ? 'green.0' : undefined}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
        <div style={{ minWidth: 0 }}>
          <Text fw={700} style={{ overflowWrap: 'anywhere' }} data-testid="stop-name">
            {stop.name}
          </Text>
          <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            {stop.number} · {stop.address || t('collect.route.noAddress')}
          </Text>
          <Group gap={4} mt={4}>
            {stop.isolated && (
              <Badge color="red" variant="light" size="sm">
                {t('collect.route.isolated')}
              </Badge>
            )}
            {stop.assigned && (
              <Badge color="blue" variant="light" size="sm">
                {t('collect.route.assigned')}
              </Badge>
            )}
            {settled && (
              <Badge color="green" variant="filled" size="sm" data-testid="stop-settled">
                {t('collect.route.settled')}
              </Badge>
            )}
          </Group>
        </div>
        <div style={{ textAlign: 'right', flexShrink: 0 }}>
          <Text fw={800} size="lg" c={settled ? 'green.8' : 'red.8'} data-testid="stop-owed">
            {money(stop.owed)}
          </Text>
          {stop.invoices > 0 && (
            <Text size="xs" c="dimmed">
              {t('collect.route.invoices', { count: stop.invoices })}
            </Text>
          )}
          {stop.oldestDue && !settled && (
            <Text size="xs" c="dimmed">
              {t('collect.route.since', { date: formatLocalDate(stop.oldestDue, lang) })}
            </Text>
          )}
        </div>
      </Group>
      {stop.openTotal > stop.owed && (
        <Text size="xs" c="dimmed" mt={4}>
          {t('collect.route.openTotal', { amount: money(stop.openTotal) })}
        </Text>
      )}
      {stop.collectedToday > 0 && (
        <Text size="sm" c="green.8" fw={600} mt={4} data-testid="stop-paid-today">
          {t('collect.route.paidToday', { amount: money(stop.collectedToday) })}
        </Text>
      )}
      {canPay && !settled && (
        <Button fullWidth size="lg" mt="sm" leftSection={<IconCash size={22} />} onClick={onPay} data-testid="stop-pay">
          {t('collect.route.pay')}
        </Button>
      )}
      <Group grow gap="xs" mt="xs" wrap="nowrap">
        {stop.mapUrl && (
          <Button component="a" href={stop.mapUrl} target="_blank" rel="noopener noreferrer" variant="light" size="md" px={6} leftSection={<IconMapPin size={18} />} data-testid="stop-map">
            {t('collect.route.map')}
          </Button>
        )}
        {wa && (
          <Button component="a" href={`https://wa.me/${digits(wa)}`} target="_blank" rel="noopener noreferrer" variant="light" color="green" size="md" px={6} leftSection={<IconBrandWhatsapp size={18} />} data-testid="stop-wa">
            {t('collect.route.whatsapp')}
          </Button>
        )}
        {stop.phone && (
          <Button component="a" href={`tel:${stop.phone}`} variant="light" color="gray" size="md" px={6} leftSection={<IconPhone size={18} />} data-testid="stop-call">
            {t('collect.route.call')}
          </Button>
        )}
      </Group>
    </Paper>
  );
}

/** Today's route: a collector's stops by area and address, each a big card; the office may look at anyone's. */
export function RouteTab() {
  const { t } = useTranslation();
  const money = useRupiah();
  const myId = useSession((s) => s.session?.user.id ?? 0);
  const canReceive = useCan('collections.receive');
  const [viewing, setViewing] = useState<number | null>(null);
  const collectors = useCall('collections.collectors', {}, canReceive);
  const route = useCall('collections.route', viewing ? { collectorId: viewing } : {});
  const day = useCall('collections.day', {});
  const [paying, setPaying] = useState<RouteStop | null>(null);
  const own = viewing === null || viewing === myId;

  const groups: { area: string; stops: RouteStop[] }[] = [];
  for (const s of route.data?.stops ?? []) {
    const last = groups[groups.length - 1];
    if (last && last.area === s.area) last.stops.push(s);
    else groups.push({ area: s.area, stops: [s] });
  }

  return (
    <Stack gap="sm" data-testid="collect-route">
      {day.data && own && <DayBar day={day.data} />}
      {canReceive && (collectors.data?.length ?? 0) > 0 && (
        <Select
          label={t('collect.route.viewing')}
          data={[{ value: '', label: t('collect.route.me') }, ...(collectors.data ?? []).filter((c) => c.id !== myId).map((c) => ({ value: String(c.id), label: c.name }))]}
          value={viewing === null ? '' : String(viewing)}
          onChange={(v) => setViewing(v ? Number(v) : null)}
          allowDeselect={false}
          data-testid="route-collector"
        />
      )}
      {!own && route.data && (
        <Alert color="blue" variant="light">
          {t('collect.route.readOnly', { name: route.data.collectorName })}
        </Alert>
      )}
      <ErrorAlert error={route.error} />
      {route.loading && !route.data && <Loader />}
      {route.data && (
        <>
          {route.data.areas.length > 0 && (
            <Text size="sm" c="dimmed" data-testid="route-areas">
              {t('collect.route.areas', { areas: route.data.areas.join(', ') })}
            </Text>
          )}
          {route.data.areas.length === 0 && route.data.stops.length === 0 && own && (
            <Alert color="yellow" variant="light" data-testid="route-no-areas">
              {t('collect.route.noAreas')}
            </Alert>
          )}
          {route.data.areas.length > 0 && route.data.stops.length === 0 && (
            <Alert color="green" variant="light" data-testid="route-empty">
              {t('collect.route.empty')}
            </Alert>
          )}
          {groups.map((g) => (
            <Stack key={g.area} gap="xs" data-testid="route-area" data-area={g.area}>
              <Group justify="space-between" gap="xs" mt="xs">
                <Title order={3} size="h5">
                  {g.area || t('collect.route.noArea')}
                </Title>
                <Text size="sm" c="dimmed">
                  {t('collect.route.stops', { count: g.stops.length, amount: money(g.stops.reduce((s, x) => s + x.owed, 0)) })}
                </Text>
              </Group>
              <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="xs">
                {g.stops.map((s) => (
                  <StopCard key={s.customerId} stop={s} canPay={own} onPay={() => setPaying(s)} />
                ))}
              </SimpleGrid>
            </Stack>
          ))}
        </>
      )}
      {paying && (
        <PayModal
          key={paying.customerId}
          stop={paying}
          onClose={() => setPaying(null)}
          onPaid={() => {
            void route.reload();
            void day.reload();
          }}
        />
      )}
    </Stack>
  );
}
