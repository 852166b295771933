import { Button, Card, Group, Loader, SimpleGrid, Stack, Text, Badge } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowsDiff, IconDownload, IconLock, IconPencil, IconPlus, IconRefresh, IconTrash } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RouterDto } from '../../../../shared/contract';
import { call } from '../../api/client';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Forbidden } from '../../components/Forbidden';
import { PageTitle } from '../../components/PageTitle';
import { ErrorText } from '../../lib/errors';
import { isForbidden, useCall } from '../../lib/useCall';
import { useCan } from '../../store/session';
import { RouterFormModal } from './RouterFormModal';
import { RouterStatusView, StatusBadge } from './RouterStatusView';
import { QueueModal, QueueSummary, useQueueCounts } from './RouterQueue';
import { DriftModal } from './DriftModal';
import { ImportModal } from './ImportModal';

const REFRESH_MS = 30_000;

/** The office's routers with their live status (refreshed every 30 s), and add / edit / remove. */
export function RoutersScreen() {
  const { t } = useTranslation();
  const canManage = useCan('routers.manage');
  const list = useCall('routers.list', {});
  const status = useCall('routers.status', {});
  const [form, setForm] = useState<{ router: RouterDto | null } | null>(null);
  const [removing, setRemoving] = useState<RouterDto | null>(null);
  const [queueOf, setQueueOf] = useState<RouterDto | null>(null);
  const [driftOf, setDriftOf] = useState<RouterDto | null>(null);
  const [isolationOf, setIsolationOf] = useState<RouterDto | null>(null);
  const [importOf, setImportOf] = useState<RouterDto | null>(null);
  const canImportPpp = useCan('billing.manage');
  const canImportVouchers = useCan('vouchers.manage');
  const canImport = canImportPpp || canImportVouchers;
  const queue = useQueueCounts();

  const reloadStatus = status.reload;
  useEffect(() => {
    const timer = setInterval(() => void reloadStatus(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [reloadStatus]);

  if (isForbidden(list.error)) return <Forbidden />;
  const statusOf = (id: number) => status.data?.find((s) => s.routerId === id);
  const refresh = () => {
    void list.reload();
    void status.reload();
    void queue.reload();
  };

  return (
    <Stack gap="md" data-testid="screen-routers">
      <PageTitle title={t('nav.routers')} description={t('routers.intro')}>
        <Button variant="default" leftSection={<IconRefresh size={16} />} onClick={refresh} loading={status.loading} data-testid="routers-refresh">
          {t('routers.refresh')}
        </Button>
        {canManage && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setForm({ router: null })} data-testid="routers-add">
            {t('routers.add')}
          </Button>
        )}
      </PageTitle>
      <ErrorAlert error={list.error ?? status.error} />
      {list.loading && !list.data && <Loader />}
      {list.data?.length === 0 && (
        <Text c="dimmed" data-testid="routers-empty">
          {t('routers.empty')}
        </Text>
      )}
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        {list.data?.map((r) => (
          <Card key={r.id} withBorder padding="md" data-testid="router-card" data-name={r.name}>
            <Group justify="space-between" align="flex-start" mb="xs" wrap="nowrap">
              <div>
                <Text fw={600}>{r.name}</Text>
                <Group gap={6}>
                  <Text size="sm" c="dimmed" ff="monospace">
                    {r.username}@{r.host}:{r.port}
                  </Text>
                  {r.tls && (
                    <Badge size="xs" variant="outline">
                      TLS
                    </Badge>
                  )}
                </Group>
                <Text size="xs" c="dimmed" data-testid="router-isolation">
                  {t('billing.routers.isolationProfileShort', { profile: r.isolationProfile })}
                </Text>
              </div>
              <StatusBadge status={statusOf(r.id)} />
            </Group>
            <RouterStatusView status={statusOf(r.id)} />
            <QueueSummary counts={queue.counts.get(r.id)} onShow={() => setQueueOf(r)} />
            {r.notes && (
              <Text size="sm" mt="xs">
                {r.notes}
              </Text>
            )}
            <Group gap="xs" mt="sm">
              <Button size="xs" variant="light" leftSection={<IconArrowsDiff size={14} />} onClick={() => setDriftOf(r)} data-testid="router-drift">
                {t('routers.drift.check')}
              </Button>
              {canImport && (
                <Button size="xs" variant="light" color="teal" leftSection={<IconDownload size={14} />} onClick={() => setImportOf(r)} data-testid="router-import">
                  {t('routerImport.action')}
                </Button>
              )}
              {canManage && (
                <>
                <Button size="xs" variant="light" color="grape" leftSection={<IconLock size={14} />} onClick={() => setIsolationOf(r)} data-testid="router-setup-isolation">
                  {t('billing.routers.setupIsolation')}
                </Button>
                <Button size="xs" variant="default" leftSection={<IconPencil size={14} />} onClick={() => setForm({ router: r })} data-testid="router-edit">
                  {t('routers.edit')}
                </Button>
                <Button size="xs" variant="subtle" color="red" leftSection={<IconTrash size={14} />} onClick={() => setRemoving(r)} data-testid="router-remove">
                  {t('routers.remove')}
                </Button>
                </>
              )}
            </Group>
          </Card>
        ))}
      </SimpleGrid>
      <RouterFormModal
        opened={form !== null}
        router={form?.router ?? null}
        onClose={() => setForm(null)}
        onSaved={(r) => {
          notifications.show({ color: 'green', message: t(form?.router ? 'routers.done.updated' : 'routers.done.created', { name: r.name }) });
          setForm(null);
          refresh();
        }}
      />
      <ImportModal router={importOf} onClose={() => setImportOf(null)} />
      <QueueModal router={queueOf} canManage={canManage} onClose={() => setQueueOf(null)} />
      <DriftModal
        router={driftOf}
        canManage={canManage}
        onClose={() => {
          setDriftOf(null);
          void queue.reload();
        }}
      />
      <ConfirmModal
        opened={isolationOf !== null}
        title={t('billing.routers.setupTitle', { name: isolationOf?.name ?? '' })}
        body={t('billing.routers.setupBody', { profile: isolationOf?.isolationProfile ?? '' })}
        confirmLabel={t('billing.routers.setupIsolation')}
        color="blue"
        onClose={() => setIsolationOf(null)}
        onConfirm={async () => {
          if (!isolationOf) return;
          try {
            const { queued } = await call('billing.setupIsolation', { routerId: isolationOf.id });
            notifications.show({ color: 'green', message: t('billing.routers.setupQueued', { count: queued, name: isolationOf.name }) });
            setIsolationOf(null);
            void queue.reload();
          } catch (err) {
            notifications.show({ color: 'red', message: <ErrorText error={err} /> });
          }
        }}
      />
      <ConfirmModal
        opened={removing !== null}
        title={t('routers.removeTitle', { name: removing?.name ?? '' })}
        body={t('routers.removeBody')}
        confirmLabel={t('routers.remove')}
        onClose={() => setRemoving(null)}
        onConfirm={async () => {
          if (!removing) return;
          try {
            await call('routers.remove', { id: removing.id });
            notifications.show({ color: 'green', message: t('routers.done.removed', { name: removing.name }) });
            setRemoving(null);
            refresh();
          } catch (err) {
            notifications.show({ color: 'red', message: <ErrorText error={err} /> });
          }
        }}
      />
    </Stack>
  );
}
