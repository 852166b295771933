import { Alert, Badge, Button, Code, Group, Loader, Modal, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import type { RouterDto } from '../../../../shared/contract';
import { call } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ErrorText } from '../../lib/errors';
import { useCall } from '../../lib/useCall';

const KIND_COLOR = { missing: 'orange', extra: 'grape', different: 'yellow' } as const;

/** What differs between the database and the router, and a button that queues the repairs. */
export function DriftModal({ router, canManage, onClose }: { router: RouterDto | null; canManage: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const report = useCall('routers.drift', { routerId: router?.id ?? 1 }, router !== null);
  const repair = async () => {
    if (!router || !report.data) return;
    try {
      const r = await call('routers.repair', { routerId: router.id, targets: report.data.items.map((i) => i.target) });
      notifications.show({ color: 'green', message: t('routers.drift.queued', { count: r.queued }) });
      onClose();
    } catch (err) {
      notifications.show({ color: 'red', message: <ErrorText error={err} /> });
    }
  };
  const data = report.data;
  return (
    <Modal opened={router !== null} onClose={onClose} title={t('routers.drift.title', { name: router?.name ?? '' })} size="xl" data-testid="drift-modal">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t('routers.drift.explain')}
        </Text>
        {report.loading && <Loader size="sm" />}
        <ErrorAlert error={report.error} />
        {data && !report.loading && (
          <Alert color={data.items.length ? 'orange' : 'green'} variant="light" data-testid="drift-summary" data-count={data.items.length}>
            {data.items.length ? t('routers.drift.found', { count: data.items.length, managed: data.managed }) : t('routers.drift.none', { managed: data.managed })}
          </Alert>
        )}
        {data && data.items.length > 0 && (
          <Table.ScrollContainer minWidth={560} mah={420}>
            <Table striped>
              <Table.Tbody>
                {data.items.slice(0, 500).map((i) => (
                  <Table.Tr key={i.target} data-testid="drift-row" data-kind={i.kind}>
                    <Table.Td>
                      <Badge color={KIND_COLOR[i.kind]} variant="light">
                        {t(`routers.drift.kinds.${i.kind}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Code>
                        {i.menu} {Object.values(i.key).join(' ')}
                      </Code>
                    </Table.Td>
                    <Table.Td>
                      {i.fields.map((f) => (
                        <Text key={f.field} size="xs">
                          {t('routers.drift.field', { field: f.field, router: f.router ?? '—', desired: f.desired })}
                        </Text>
                      ))}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {canManage && data && data.items.length > 0 && (
          <Group justify="flex-end">
            <Button onClick={() => void repair()} data-testid="drift-repair">
              {t('routers.drift.repairAll')}
            </Button>
          </Group>
        )}
      </Stack>
    </Modal>
  );
}
