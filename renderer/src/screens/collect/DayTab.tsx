import { Alert, Badge, Button, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBuildingBank } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLanguage } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { useCall } from '../../lib/useCall';
import { useTimezone } from '../../store/session';
import { useRupiah } from '../invoices/money';
import { DayBar, HandoverLine, useCollectError } from './common';

/** The collector's own money: today, what is still with them, the hand-over to the office. */
export function DayTab() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const tz = useTimezone();
  const money = useRupiah();
  const day = useCall('collections.day', {});
  const collectError = useCollectError();
  const [asking, setAsking] = useState<'handOver' | 'withdraw' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const d = day.data;

  const act = async () => {
    if (!d) return;
    setError(null);
    try {
      if (asking === 'handOver') {
        const h = await call('collections.handOver', { amount: d.unsubmitted });
        notifications.show({ color: 'green', message: t('collect.day.handOverDone', { number: h.number }) });
      } else if (asking === 'withdraw' && d.pending) {
        await call('collections.cancelHandover', { id: d.pending.id });
      }
    } catch (err) {
      setError(err);
    } finally {
      setAsking(null);
      await day.reload();
    }
  };

  if (!d) return day.error ? <ErrorAlert error={day.error} /> : <Loader />;
  const known = error ? collectError(error) : null;
  return (
    <Stack gap="sm" data-testid="collect-day">
      <DayBar day={d} />
      {known ? (
        <Alert color="orange" variant="light" data-testid="collect-error">
          {known}
        </Alert>
      ) : (
        <ErrorAlert error={error} />
      )}
      {d.pending && (
        <Paper withBorder p="sm" radius="md" bg="yellow.0" data-testid="collect-pending">
          <Text fw={700}>{t('collect.day.pending')}</Text>
          <Text size="sm">{t('collect.day.pendingText', { number: d.pending.number, amount: money(d.pending.amount), count: d.pending.count })}</Text>
          <Button mt="xs" variant="default" size="md" onClick={() => setAsking('withdraw')} data-testid="collect-withdraw">
            {t('collect.day.withdraw')}
          </Button>
        </Paper>
      )}
      {!d.pending && d.unsubmitted > 0 && (
        <Button size="xl" fullWidth leftSection={<IconBuildingBank size={22} />} onClick={() => setAsking('handOver')} data-testid="collect-handover">
          {t('collect.day.handOver', { amount: money(d.unsubmitted) })}
        </Button>
      )}
      {d.pending && d.unsubmitted > 0 && (
        <Text size="sm" c="dimmed">
          {t('collect.day.afterPending', { amount: money(d.unsubmitted) })}
        </Text>
      )}
      {d.outstanding === 0 && (
        <Alert color="green" variant="light" data-testid="collect-nothing">
          {t('collect.day.nothing')}
        </Alert>
      )}
      {d.payments.length > 0 && (
        <Stack gap={6}>
          <Title order={3} size="h5" mt="xs">
            {t('collect.day.list')}
          </Title>
          {d.payments.map((p) => (
            <Paper key={p.paymentId} withBorder p="xs" radius="md" data-testid="collect-payment">
              <Group justify="space-between" gap="xs" wrap="nowrap">
                <div style={{ minWidth: 0 }}>
                  <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
                    {p.customerName}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {p.number} · {formatDateTime(p.receivedAt, tz, lang)}
                  </Text>
                </div>
                <div style={{ textAlign: 'right', flexShrink: 0 }}>
                  <Text size="sm" fw={700}>
                    {money(p.amount)}
                  </Text>
                  {p.handoverId !== null && (
                    <Badge size="xs" color="yellow" variant="light">
                      {t('collect.day.inHandover')}
                    </Badge>
                  )}
                </div>
              </Group>
            </Paper>
          ))}
        </Stack>
      )}
      {d.recent.length > 0 && (
        <Stack gap={6}>
          <Title order={3} size="h5" mt="xs">
            {t('collect.day.recent')}
          </Title>
          {d.recent.map((h) => (
            <HandoverLine key={h.id} h={h} when={formatDateTime(h.decidedAt ?? h.createdAt, tz, lang)} />
          ))}
        </Stack>
      )}
      <ConfirmModal
        opened={asking !== null}
        title={asking === 'handOver' ? t('collect.day.handOverTitle') : t('collect.day.withdraw')}
        body={
          asking === 'handOver'
            ? t('collect.day.handOverText', { amount: money(d.unsubmitted), count: d.unsubmittedCount })
            : t('collect.day.withdrawText', { number: d.pending?.number ?? '' })
        }
        confirmLabel={asking === 'handOver' ? t('collect.day.handOver', { amount: money(d.unsubmitted) }) : t('collect.day.withdraw')}
        color={asking === 'handOver' ? 'blue' : 'red'}
        onConfirm={act}
        onClose={() => setAsking(null)}
      />
    </Stack>
  );
}
