import { Card, Group, Loader, Pagination, Stack, Table, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Forbidden } from '../../components/Forbidden';
import { PageTitle } from '../../components/PageTitle';
import { zonedDayStart } from '../../lib/format';
import { isForbidden, useCall } from '../../lib/useCall';
import { useIsPhone } from '../../lib/useIsPhone';
import { useTimezone } from '../../store/session';
import { AuditFilters, EMPTY_FILTERS, type AuditFilterValues } from './AuditFilters';
import { AuditCard, AuditRow } from './AuditRow';

const PAGE_SIZE = 25;
const DAY = 24 * 60 * 60 * 1000;

/** The audit log, newest first; read-only. Days are office-time-zone days. */
export function AuditScreen() {
  const { t } = useTranslation();
  const tz = useTimezone();
  const phone = useIsPhone();
  const [filters, setFilters] = useState<AuditFilterValues>(EMPTY_FILTERS);
  const [search] = useDebouncedValue(filters.search.trim(), 300);
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<number | null>(null);
  const from = zonedDayStart(filters.from, tz);
  const toStart = zonedDayStart(filters.to, tz);
  const list = useCall('audit.list', {
    page,
    pageSize: PAGE_SIZE,
    userId: filters.userId ?? undefined,
    method: filters.method ?? undefined,
    search: search || undefined,
    from: from?.toISOString(),
    to: toStart ? new Date(toStart.getTime() + DAY - 1).toISOString() : undefined,
  });
  if (isForbidden(list.error)) return <Forbidden />;

  const change = (f: AuditFilterValues) => {
    setFilters(f);
    setPage(1);
    setOpen(null);
  };
  const toggle = (id: number) => setOpen(open === id ? null : id);
  const items = list.data?.items ?? [];
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / PAGE_SIZE)) : 1;
  return (
    <div data-testid="screen-audit">
      <PageTitle title={t('nav.audit')} description={t('audit.intro')} />
      <AuditFilters value={filters} onChange={change} />
      <ErrorAlert error={list.error} />
      {phone ? (
        <Stack gap="xs" data-testid="audit-table">
          {items.map((e) => (
            <AuditCard key={e.id} entry={e} open={open === e.id} onToggle={() => toggle(e.id)} />
          ))}
        </Stack>
      ) : (
        <Card withBorder padding={0}>
          <Table.ScrollContainer minWidth={780}>
            <Table verticalSpacing="xs" highlightOnHover data-testid="audit-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={36} />
                  <Table.Th>{t('audit.time')}</Table.Th>
                  <Table.Th>{t('audit.user')}</Table.Th>
                  <Table.Th>{t('audit.action')}</Table.Th>
                  <Table.Th>{t('audit.summary')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((e) => (
                  <AuditRow key={e.id} entry={e} open={open === e.id} onToggle={() => toggle(e.id)} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
      {list.data?.items.length === 0 && (
        <Text c="dimmed" ta="center" p="lg" data-testid="audit-empty">
          {t('audit.empty')}
        </Text>
      )}
      <Group justify="space-between" mt="sm">
        <Text size="sm" c="dimmed" data-testid="audit-total">
          {list.data ? t('audit.total', { count: list.data.total }) : ''}
        </Text>
        {list.loading && <Loader size="xs" />}
        {pages > 1 && <Pagination total={pages} value={page} onChange={setPage} size="sm" data-testid="audit-pagination" />}
      </Group>
    </div>
  );
}
