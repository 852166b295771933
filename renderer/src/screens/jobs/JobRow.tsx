import { Button, Card, Code, Group, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlayerPlay } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JobInfoDto } from '../../../../shared/contract';
import { call } from '../../api/client';
import { useLanguage } from '../../i18n';
import { describeCron } from '../../lib/cron';
import { ErrorText } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { useCan, useTimezone } from '../../store/session';
import { RunStatus, useJobName } from './jobLabels';
import { useSummary } from '../../lib/summary';

type Props = { job: JobInfoDto; onStarted: () => void };

function JobTitle({ job }: { job: JobInfoDto }) {
  const jobName = useJobName();
  return (
    <div>
      <Text fw={600} size="sm">
        {jobName(job.name)}
      </Text>
      <Text size="xs" c="dimmed" ff="monospace">
        {job.name}
      </Text>
    </div>
  );
}

function Schedule({ job }: { job: JobInfoDto }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  return (
    <div>
      <Text size="sm">{describeCron(job.schedule, t, lang) ?? t('jobs.custom')}</Text>
      <Text size="xs" c="dimmed">
        <Code>{job.schedule}</Code> · {job.timezone}
      </Text>
    </div>
  );
}

function LastRun({ job }: { job: JobInfoDto }) {
  const { t } = useTranslation();
  const tz = useTimezone();
  const lang = useLanguage();
  const say = useSummary();
  const last = job.lastRun;
  if (job.running) return <RunStatus status="running" />;
  if (!last)
    return (
      <Text size="sm" c="dimmed">
        {t('jobs.neverRun')}
      </Text>
    );
  return (
    <Stack gap={2} align="flex-start">
      <RunStatus status={last.status} />
      <Text size="xs">{formatDateTime(last.finishedAt ?? last.startedAt, tz, lang)}</Text>
      <Text size="xs" c={last.error ? 'red' : 'dimmed'} data-testid="job-last-summary">
        {last.error ?? say(last)}
      </Text>
    </Stack>
  );
}

function NextRun({ job }: { job: JobInfoDto }) {
  const { t } = useTranslation();
  const tz = useTimezone();
  const lang = useLanguage();
  return <>{job.nextRunAt ? formatDateTime(job.nextRunAt, tz, lang) : t('jobs.notScheduled')}</>;
}

function RunNowButton({ job, onStarted }: Props) {
  const { t } = useTranslation();
  const jobName = useJobName();
  const canRun = useCan('jobs.run');
  const [starting, setStarting] = useState(false);
  if (!canRun) return null;
  const runNow = async () => {
    setStarting(true);
    try {
      await call('jobs.runNow', { name: job.name });
      notifications.show({ color: 'blue', message: t('jobs.startedMsg', { job: jobName(job.name) }) });
      onStarted();
    } catch (err) {
      notifications.show({ color: 'red', message: <ErrorText error={err} /> });
    } finally {
      setStarting(false);
    }
  };
  return (
    <Button size="xs" variant="light" leftSection={<IconPlayerPlay size={14} />} loading={starting || job.running} onClick={() => void runNow()} data-testid={`job-run-${job.name}`}>
      {t('jobs.runNow')}
    </Button>
  );
}

export function JobRow({ job, onStarted }: Props) {
  return (
    <Table.Tr data-testid={`job-row-${job.name}`}>
      <Table.Td>
        <JobTitle job={job} />
      </Table.Td>
      <Table.Td>
        <Schedule job={job} />
      </Table.Td>
      <Table.Td>
        <LastRun job={job} />
      </Table.Td>
      <Table.Td>
        <Text size="sm">
          <NextRun job={job} />
        </Text>
      </Table.Td>
      <Table.Td>
        <RunNowButton job={job} onStarted={onStarted} />
      </Table.Td>
    </Table.Tr>
  );
}

export function JobCard({ job, onStarted }: Props) {
  const { t } = useTranslation();
  return (
    <Card withBorder padding="sm" data-testid={`job-row-${job.name}`}>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <JobTitle job={job} />
        <RunNowButton job={job} onStarted={onStarted} />
      </Group>
      <Stack gap="xs" mt="sm">
        <Schedule job={job} />
        <LastRun job={job} />
        <Text size="xs" c="dimmed">
          {t('jobs.nextRun')}: <NextRun job={job} />
        </Text>
      </Stack>
    </Card>
  );
}
