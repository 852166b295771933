import { Card, Group, Loader, Pagination, Stack, Text, Timeline } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLanguage } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { useSummary } from '../../lib/summary';
import { useCall } from '../../lib/useCall';
import { useTimezone } from '../../store/session';

const PAGE_SIZE = 25;

/** Everything done about this customer (from the audit log), newest first, in the UI's language. */
export function HistoryTab({ customerId }: { customerId: number }) {
  const { t } = useTranslation();
  const tz = useTimezone();
  const lang = useLanguage();
  const say = useSummary();
  const [page, setPage] = useState(1);
  const list = useCall('audit.list', { customerId, page, pageSize: PAGE_SIZE });
  const items = list.data?.items ?? [];
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / PAGE_SIZE)) : 1;
  return (
    <Stack gap="sm" data-testid="customer-history">
      <ErrorAlert error={list.error} />
      {list.data && items.length === 0 ? (
        <Text c="dimmed" ta="center" p="lg">
          {t('customers.history.empty')}
        </Text>
      ) : (
        <Card withBorder padding="md">
          <Timeline bulletSize={12} lineWidth={2}>
            {items.map((e) => (
              <Timeline.Item key={e.id} data-testid="history-row" data-method={e.method}>
                <Text size="sm">{say(e)}</Text>
                <Text size="xs" c="dimmed">
                  {formatDateTime(e.at, tz, lang)} · {e.username ?? t('customers.history.system')}
                </Text>
              </Timeline.Item>
            ))}
          </Timeline>
        </Card>
      )}
      <Group justify="flex-end" gap="sm">
        {list.loading && <Loader size="xs" />}
        {pages > 1 && <Pagination total={pages} value={page} onChange={setPage} size="sm" />}
      </Group>
    </Stack>
  );
}
