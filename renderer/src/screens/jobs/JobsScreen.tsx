import { Card, Loader, Stack, Table } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { subscribe } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Forbidden } from '../../components/Forbidden';
import { PageTitle } from '../../components/PageTitle';
import { isForbidden, useCall } from '../../lib/useCall';
import { useIsPhone } from '../../lib/useIsPhone';
import { JobHistory } from './JobHistory';
import { JobCard, JobRow } from './JobRow';

export function JobsScreen() {
  const { t } = useTranslation();
  const phone = useIsPhone();
  const jobs = useCall('jobs.list', {});
  const [tick, setTick] = useState(0);
  const { reload } = jobs;

  // Live: every start and end of a run, from any trigger.
  useEffect(
    () =>
      subscribe('jobs.run', () => {
        void reload();
        setTick((n) => n + 1);
      }),
    [reload],
  );
  if (isForbidden(jobs.error)) return <Forbidden />;
  const started = () => void reload();

  return (
    <Stack gap="lg" data-testid="screen-jobs">
      <PageTitle title={t('nav.jobs')} description={t('jobs.intro')} />
      <ErrorAlert error={jobs.error} />
      {!jobs.data && jobs.loading && <Loader size="sm" />}
      {phone ? (
        <Stack gap="sm" data-testid="jobs-table">
          {jobs.data?.map((j) => <JobCard key={j.name} job={j} onStarted={started} />)}
        </Stack>
      ) : (
        <Card withBorder padding={0}>
          <Table.ScrollContainer minWidth={820}>
            <Table verticalSpacing="sm" data-testid="jobs-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('jobs.job')}</Table.Th>
                  <Table.Th>{t('jobs.schedule')}</Table.Th>
                  <Table.Th>{t('jobs.lastRun')}</Table.Th>
                  <Table.Th>{t('jobs.nextRun')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {jobs.data?.map((j) => (
                  <JobRow key={j.name} job={j} onStarted={started} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
      <JobHistory jobs={jobs.data?.map((j) => j.name) ?? []} refreshKey={tick} />
    </Stack>
  );
}
