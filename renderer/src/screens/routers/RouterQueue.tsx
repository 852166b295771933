import { Badge, Button, Code, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RouterDto, RouterJobCounts, RouterJobStatus } from '../../../../shared/contract';
import { call, subscribe } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLanguage } from '../../i18n';
import { ErrorText } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { useCall } from '../../lib/useCall';
import { useTimezone } from '../../store/session';

const COLORS: Record<RouterJobStatus, string> = { pending: 'blue', running: 'blue', done: 'green', failed: 'red' };

/** Pending / failed / done counts of a router's outbox, live (pushed after every batch). */
export function useQueueCounts(): { counts: Map<number, RouterJobCounts>; reload: () => Promise<void> } {
  const counts = useCall('routers.jobCounts', {});
  const [live, setLive] = useState(new Map<number, RouterJobCounts>());
  useEffect(() => subscribe('routers.outbox', (c) => setLive((m) => new Map(m).set(c.routerId, c))), []);
  const merged = new Map((counts.data ?? []).map((c) => [c.routerId, c]));
  for (const [id, c] of live) merged.set(id, c);
  return { counts: merged, reload: counts.reload };
}

export function QueueSummary({ counts, onShow }: { counts: RouterJobCounts | undefined; onShow: () => void }) {
  const { t } = useTranslation();
  if (!counts) return null;
  return (
    <Group gap="xs" mt="xs" data-testid="router-queue">
      <Text size="sm" fw={500}>
        {t('routers.queue.title')}:
      </Text>
      {counts.applying && counts.applying.done < counts.applying.total && (
        <Badge color="blue" variant="filled" data-testid="queue-applying">
          {t('routers.queue.applying', { done: counts.applying.done, total: counts.applying.total })}
        </Badge>
      )}
      {counts.pending + counts.failed === 0 ? (
        <Text size="sm" c="dimmed">
          {t('routers.queue.allDone')}
        </Text>
      ) : (
        <>
          {counts.pending > 0 && <Badge color="blue" variant="light" data-testid="queue-pending">{t('routers.queue.pending', { count: counts.pending })}</Badge>}
          {counts.failed > 0 && <Badge color="red" variant="light" data-testid="queue-failed">{t('routers.queue.failed', { count: counts.failed })}</Badge>}
        </>
      )}
      <Button size="compact-xs" variant="subtle" onClick={onShow} data-testid="queue-show">
        {t('routers.queue.show')}
      </Button>
    </Group>
  );
}

/** The router's recent changes with their state and last error; "retry failed" for staff who may manage routers. */
export function QueueModal({ router, canManage, onClose }: { router: RouterDto | null; canManage: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const tz = useTimezone();
  const jobs = useCall('routers.jobs', { routerId: router?.id ?? 1, pageSize: 100 }, router !== null);
  const reloadJobs = jobs.reload;
  const routerId = router?.id;
  useEffect(() => subscribe('routers.outbox', (c) => c.routerId === routerId && void reloadJobs()), [routerId, reloadJobs]);
  const retry = async () => {
    if (!router) return;
    try {
      const r = await call('routers.retryJobs', { routerId: router.id });
      notifications.show({ color: 'green', message: t('routers.queue.retried', { count: r.retried }) });
      void jobs.reload();
    } catch (err) {
      notifications.show({ color: 'red', message: <ErrorText error={err} /> });
    }
  };
  return (
    <Modal opened={router !== null} onClose={onClose} title={`${t('routers.queue.title')} — ${router?.name ?? ''}`} size="xl" data-testid="queue-modal">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t('routers.queue.explain')}
        </Text>
        <ErrorAlert error={jobs.error} />
        {canManage && jobs.data?.items.some((j) => j.status === 'failed' || j.lastError) && (
          <Group>
            <Button size="xs" onClick={() => void retry()} data-testid="queue-retry">
              {t('routers.queue.retry')}
            </Button>
          </Group>
        )}
        <Table.ScrollContainer minWidth={640}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('routers.queue.what')}</Table.Th>
                <Table.Th>{t('routers.queue.when')}</Table.Th>
                <Table.Th>{t('jobs.statusLabel')}</Table.Th>
                <Table.Th>{t('routers.queue.error')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {jobs.data?.items.map((j) => (
                <Table.Tr key={j.id} data-testid="queue-row" data-status={j.status}>
                  <Table.Td>
                    <Text size="sm">{t(`routers.queue.kinds.${j.kind}`)}</Text>
                    <Code>
                      {j.menu} {Object.values(j.key).join(' ')}
                    </Code>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{formatDateTime(j.createdAt, tz, lang)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={COLORS[j.status]} variant="light">
                      {t(`routers.queue.statuses.${j.status}`)}
                    </Badge>
                    {j.status === 'pending' && j.attempts > 0 && (
                      <Text size="xs" c="dimmed">
                        {t('routers.queue.nextTry', { time: formatDateTime(j.nextAttemptAt, tz, lang) })}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" c="red">
                      {j.lastError ?? ''}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {jobs.data?.items.length === 0 && (
          <Text size="sm" c="dimmed" ta="center">
            {t('routers.queue.empty')}
          </Text>
        )}
      </Stack>
    </Modal>
  );
}
