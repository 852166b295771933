import { Card, Group, Pagination, Select, Table, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLanguage } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { useCall } from '../../lib/useCall';
import { useTimezone } from '../../store/session';
import { RunStatus, useJobName } from './jobLabels';
import { useSummary } from '../../lib/summary';

const PAGE_SIZE = 20;

function duration(start: string, end: string | null): string {
  if (!end) return '—';
  const ms = Date.parse(end) - Date.parse(start);
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function JobHistory({ jobs, refreshKey }: { jobs: string[]; refreshKey: number }) {
  const { t } = useTranslation();
  const tz = useTimezone();
  const lang = useLanguage();
  const jobName = useJobName();
  const say = useSummary();
  const [job, setJob] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const history = useCall('jobs.history', { page, pageSize: PAGE_SIZE, job: job ?? undefined });
  const { reload } = history;
  useEffect(() => {
    if (refreshKey) void reload();
  }, [refreshKey, reload]);
  const pages = history.data ? Math.max(1, Math.ceil(history.data.total / PAGE_SIZE)) : 1;

  return (
    <div data-testid="job-history">
      <Group justify="space-between" mb="sm">
        <Title order={3} size="h5">
          {t('jobs.history')}
        </Title>
        <Select
          placeholder={t('jobs.allJobs')}
          value={job}
          onChange={(v) => {
            setJob(v);
            setPage(1);
          }}
          data={jobs.map((j) => ({ value: j, label: jobName(j) }))}
          clearable
          w={220}
          data-testid="job-history-filter"
        />
      </Group>
      <ErrorAlert error={history.error} />
      <Card withBorder padding={0}>
        <Table.ScrollContainer minWidth={860}>
          <Table verticalSpacing="xs" data-testid="job-history-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('jobs.started')}</Table.Th>
                <Table.Th>{t('jobs.job')}</Table.Th>
                <Table.Th>{t('jobs.trigger')}</Table.Th>
                <Table.Th>{t('jobs.statusLabel')}</Table.Th>
                <Table.Th>{t('jobs.duration')}</Table.Th>
                <Table.Th>{t('jobs.result')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {history.data?.items.map((r) => (
                <Table.Tr key={r.id} data-testid="job-history-row">
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(r.startedAt, tz, lang)}</Table.Td>
                  <Table.Td>{jobName(r.job)}</Table.Td>
                  <Table.Td>
                    {t(`jobs.triggers.${r.trigger}`)}
                    {r.startedBy ? ` · ${r.startedBy}` : ''}
                  </Table.Td>
                  <Table.Td>
                    <RunStatus status={r.status} />
                  </Table.Td>
                  <Table.Td>{duration(r.startedAt, r.finishedAt)}</Table.Td>
                  <Table.Td>
                    <Text size="sm" c={r.error ? 'red' : undefined}>
                      {r.error ?? (say(r) || '—')}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {history.data?.items.length === 0 && (
          <Text c="dimmed" ta="center" p="md" size="sm">
            {t('jobs.noHistory')}
          </Text>
        )}
      </Card>
      {pages > 1 && (
        <Group justify="flex-end" mt="sm">
          <Pagination total={pages} value={page} onChange={setPage} size="sm" />
        </Group>
      )}
    </div>
  );
}
