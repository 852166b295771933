import { Button, Card, Divider, Group, NumberInput, Select, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDatabaseExport } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, subscribe } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLanguage } from '../../i18n';
import { formatBytes, formatDateTime } from '../../lib/format';
import { waitForRun } from '../../lib/jobWatch';
import { useCall } from '../../lib/useCall';
import { useCan, useTimezone } from '../../store/session';
import { GroupForm, NARROW, useGroupForm, type GroupProps } from './GroupForm';

const HOURS = Array.from({ length: 24 }, (_, h) => ({ value: h, label: `${String(h).padStart(2, '0')}:00` }));
const BACKUP_JOB = 'backup.nightly';

export function BackupsTab({ value, onSaved }: GroupProps<'backup'>) {
  const { t } = useTranslation();
  const form = useGroupForm('backup', value);
  return (
    <Stack gap="xl">
      <GroupForm group="backup" form={form} onSaved={onSaved}>
        <NumberInput label={t('backups.keep')} description={t('backups.keepHint')} min={1} max={365} allowDecimal={false} allowNegative={false} styles={NARROW} {...form.getInputProps('keep')} data-testid="backups-keep" />
        <Select<number> label={t('backups.hour')} description={t('backups.hourHint')} data={HOURS} allowDeselect={false} styles={NARROW} {...form.getInputProps('hour')} data-testid="backups-hour" />
      </GroupForm>
      <Divider />
      <BackupList />
    </Stack>
  );
}

function BackupList() {
  const { t } = useTranslation();
  const tz = useTimezone();
  const lang = useLanguage();
  const canRun = useCan('jobs.run');
  const list = useCall('backups.list', {});
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const cancel = useRef<() => void>(() => {});
  const { reload } = list;

  // A backup finished anywhere (the nightly timer, another PC): show it.
  useEffect(() => subscribe('jobs.run', (r) => r.job === BACKUP_JOB && r.status !== 'running' && void reload()), [reload]);
  useEffect(() => () => cancel.current(), []);

  const backupNow = async () => {
    setRunning(true);
    setError(null);
    try {
      const watch = waitForRun(await call('jobs.runNow', { name: BACKUP_JOB }));
      cancel.current = watch.cancel;
      const run = await watch.done;
      if (run.status === 'succeeded') notifications.show({ color: 'green', message: t('backups.done') });
      else notifications.show({ color: 'red', message: t('backups.failed', { error: run.error ?? run.status }) });
      await reload();
    } catch (err) {
      setError(err);
    } finally {
      setRunning(false);
    }
  };

  return (
    <Stack gap="sm" data-testid="backups-list">
      <Group justify="space-between">
        <div>
          <Title order={3} size="h5">
            {t('backups.listTitle')}
          </Title>
          <Text size="xs" c="dimmed">
            {t('backups.listHint')}
          </Text>
        </div>
        {canRun && (
          <Button leftSection={<IconDatabaseExport size={16} />} loading={running} onClick={() => void backupNow()} data-testid="backup-now">
            {t('backups.now')}
          </Button>
        )}
      </Group>
      <ErrorAlert error={error ?? list.error} />
      <Card withBorder padding={0}>
        <Table.ScrollContainer minWidth={340}>
          <Table verticalSpacing="xs" data-testid="backups-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('backups.date')}</Table.Th>
                <Table.Th>{t('backups.kind')}</Table.Th>
                <Table.Th>{t('backups.size')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data?.map((b) => (
                <Table.Tr key={b.file} data-testid="backup-row">
                  <Table.Td>
                    <Text size="sm">{formatDateTime(b.createdAt, tz, lang)}</Text>
                    <Text size="xs" c="dimmed" ff="monospace" style={{ wordBreak: 'break-all' }}>
                      {b.file}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c={b.kind === 'pre-migration' ? 'orange.8' : undefined} style={{ whiteSpace: 'nowrap' }}>
                      {t(`backups.kinds.${b.kind}`)}
                    </Text>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatBytes(b.sizeBytes, lang)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {list.data?.length === 0 && (
          <Text c="dimmed" ta="center" p="md" size="sm" data-testid="backups-empty">
            {t('backups.empty')}
          </Text>
        )}
      </Card>
    </Stack>
  );
}
