import { Button, Card, Group, Pagination, Stack, Table, Text } from '@mantine/core';
import { IconBuildingStore, IconList, IconPrinter } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { VoucherBatchDto } from '../../../../shared/contract/vouchers';
import { useLanguage } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { useIsPhone } from '../../lib/useIsPhone';
import { navigate } from '../../store/route';
import { useCan, useTimezone } from '../../store/session';
import { BatchStatusBadge, printPath } from './common';
import { PushBar } from './progress';

export interface BatchActions {
  onShow: (b: VoucherBatchDto) => void;
  onHandOver: (b: VoucherBatchDto) => void;
  onChanged: (b: VoucherBatchDto) => void;
}

/** The batches, newest first: how far each push got, what is still unused, and what to do with them. */
export function BatchesTable({ batches, total, page, pageSize, onPage, actions }: { batches: VoucherBatchDto[]; total: number; page: number; pageSize: number; onPage: (p: number) => void; actions: BatchActions }) {
  const { t } = useTranslation();
  const phone = useIsPhone();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <Stack gap="xs">
      {phone ? (
        <Stack gap="xs" data-testid="batches-table">
          {batches.map((b) => (
            <Card key={b.id} withBorder padding="sm" data-testid="batch-row" data-id={b.id}>
              <BatchTitle batch={b} />
              <Group justify="space-between" mt={6}>
                <BatchStatusBadge status={b.status} failing={!!b.lastError} />
                <Text size="sm">{t('vouchers.batches.unusedOf', { unused: b.unused, quantity: b.quantity })}</Text>
              </Group>
              {(b.status === 'pushing' || b.status === 'cancelled') && <BatchProgress batch={b} onChanged={actions.onChanged} />}
              <BatchButtons batch={b} actions={actions} />
            </Card>
          ))}
        </Stack>
      ) : (
        <Card withBorder padding={0}>
          <Table.ScrollContainer minWidth={900}>
            <Table verticalSpacing="sm" data-testid="batches-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('vouchers.batches.batch')}</Table.Th>
                  <Table.Th miw={150}>{t('vouchers.batches.status')}</Table.Th>
                  <Table.Th w={220}>{t('vouchers.batches.pushed')}</Table.Th>
                  <Table.Th ta="right">{t('vouchers.batches.unused')}</Table.Th>
                  <Table.Th>{t('vouchers.batches.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {batches.map((b) => (
                  <Table.Tr key={b.id} data-testid="batch-row" data-id={b.id}>
                    <Table.Td>
                      <BatchTitle batch={b} />
                    </Table.Td>
                    <Table.Td>
                      <BatchStatusBadge status={b.status} failing={!!b.lastError} />
                    </Table.Td>
                    <Table.Td>
                      <BatchProgress batch={b} onChanged={actions.onChanged} />
                    </Table.Td>
                    <Table.Td ta="right">
                      <Text size="sm" data-testid="batch-unused">
                        {b.unused}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <BatchButtons batch={b} actions={actions} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
      {batches.length === 0 && (
        <Text c="dimmed" ta="center" p="md" data-testid="batches-empty">
          {t('vouchers.batches.empty')}
        </Text>
      )}
      {pages > 1 && (
        <Group justify="center">
          <Pagination value={page} onChange={onPage} total={pages} size="sm" data-testid="batches-pages" />
        </Group>
      )}
    </Stack>
  );
}

function BatchTitle({ batch: b }: { batch: VoucherBatchDto }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const tz = useTimezone();
  return (
    <div>
      <Text size="sm" fw={600} ff="monospace" data-testid="batch-comment">
        {b.comment}
      </Text>
      <Text size="sm">
        {b.profileName} · {b.routerName}
      </Text>
      <Text size="xs" c="dimmed">
        {t('vouchers.batches.createdBy', { count: b.quantity, date: formatDateTime(b.createdAt, tz, lang), by: b.createdBy ?? '—' })}
      </Text>
    </div>
  );
}

function BatchProgress({ batch, onChanged }: { batch: VoucherBatchDto; onChanged: (b: VoucherBatchDto) => void }) {
  const canManage = useCan('vouchers.manage');
  return <PushBar batch={batch} canManage={canManage} onChanged={onChanged} compact />;
}

function BatchButtons({ batch: b, actions }: { batch: VoucherBatchDto; actions: BatchActions }) {
  const { t } = useTranslation();
  const canManage = useCan('vouchers.manage');
  return (
    <Group gap={6} mt={4} wrap="wrap">
      <Button size="compact-sm" variant="light" leftSection={<IconList size={14} />} onClick={() => actions.onShow(b)} data-testid="batch-show">
        {t('vouchers.batches.show')}
      </Button>
      <Button size="compact-sm" variant="light" leftSection={<IconPrinter size={14} />} disabled={b.pushed === 0} onClick={() => navigate(printPath({ batchId: b.id }))} data-testid="batch-print">
        {t('vouchers.print')}
      </Button>
      {canManage && b.pushed > 0 && b.unused > 0 && (
        <Button size="compact-sm" variant="default" leftSection={<IconBuildingStore size={14} />} onClick={() => actions.onHandOver(b)} data-testid="batch-handover">
          {t('vouchers.batches.handOver')}
        </Button>
      )}
    </Group>
  );
}
