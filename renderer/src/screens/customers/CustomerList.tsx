import { Button, Card, Group, Loader, Menu, Pagination, Stack, Table, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconDownload, IconFileSpreadsheet, IconFileTypeCsv, IconPlus, IconUpload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Forbidden } from '../../components/Forbidden';
import { PageTitle } from '../../components/PageTitle';
import { ErrorText } from '../../lib/errors';
import { isForbidden, useCall } from '../../lib/useCall';
import { useIsPhone } from '../../lib/useIsPhone';
import { navigate } from '../../store/route';
import { useCan } from '../../store/session';
import { CustomerFilters, EMPTY_FILTERS, type CustomerFilterValues } from './CustomerFilters';
import { CustomerFormModal } from './CustomerFormModal';
import { CustomerCard, CustomerRow } from './CustomerRow';
import { downloadBase64 } from './files';
import { ImportModal } from './ImportModal';
import { ViewSwitch } from './ViewSwitch';

const PAGE_SIZE = 25;

/** The filter as the contract takes it (no empty values). */
function filterInput(f: CustomerFilterValues, q: string) {
  return {
    q: q || undefined,
    status: f.status ?? undefined,
    routerId: f.routerId ?? undefined,
    planId: f.planId ?? undefined,
    area: f.area ?? undefined,
    overdue: f.overdue || undefined,
    isolated: f.isolated || undefined,
  };
}

function ExportMenu({ filter }: { filter: ReturnType<typeof filterInput> }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const run = async (format: 'csv' | 'xlsx') => {
    setBusy(true);
    try {
      const file = await call('customers.export', { ...filter, format });
      downloadBase64(file);
      notifications.show({ color: 'green', message: t('customers.export.done', { file: file.filename }) });
    } catch (err) {
      notifications.show({ color: 'red', message: <ErrorText error={err} /> });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="default" leftSection={<IconDownload size={16} />} loading={busy} data-testid="customers-export">
          {t('customers.export.button')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('customers.export.hint')}</Menu.Label>
        <Menu.Item leftSection={<IconFileSpreadsheet size={16} />} onClick={() => void run('xlsx')} data-testid="customers-export-xlsx">
          {t('customers.export.xlsx')}
        </Menu.Item>
        <Menu.Item leftSection={<IconFileTypeCsv size={16} />} onClick={() => void run('csv')} data-testid="customers-export-csv">
          {t('customers.export.csv')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

/** #/customers: search as you type, filters, a page of customers, add / import / export. */
export function CustomerList() {
  const { t } = useTranslation();
  const phone = useIsPhone();
  const canManage = useCan('customers.manage');
  const [filters, setFilters] = useState<CustomerFilterValues>(EMPTY_FILTERS);
  const [q] = useDebouncedValue(filters.q.trim(), 200);
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const [version, setVersion] = useState(0);
  const filter = filterInput(filters, q);
  const list = useCall('customers.list', { ...filter, page, pageSize: PAGE_SIZE });
  if (isForbidden(list.error)) return <Forbidden />;

  const change = (f: CustomerFilterValues) => {
    setFilters(f);
    setPage(1);
  };
  const items = list.data?.items ?? [];
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / PAGE_SIZE)) : 1;
  const filtered = JSON.stringify(filters) !== JSON.stringify(EMPTY_FILTERS);

  return (
    <div data-testid="screen-customers">
      <PageTitle title={t('nav.customers')} description={t('customers.intro')}>
        <ExportMenu filter={filter} />
        {canManage && (
          <Button variant="default" leftSection={<IconUpload size={16} />} onClick={() => setImporting(true)} data-testid="customers-import">
            {t('customers.import.button')}
          </Button>
        )}
        {canManage && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} data-testid="customers-add">
            {t('customers.add')}
          </Button>
        )}
      </PageTitle>
      <ViewSwitch value="customers" />
      <CustomerFilters value={filters} onChange={change} version={version} />
      <ErrorAlert error={list.error} />
      {list.data?.items.length === 0 ? null : phone ? (
        <Stack gap="xs" data-testid="customers-table">
          {items.map((c) => (
            <CustomerCard key={c.id} c={c} />
          ))}
        </Stack>
      ) : (
        <Card withBorder padding={0}>
          <Table.ScrollContainer minWidth={900}>
            <Table verticalSpacing="xs" highlightOnHover data-testid="customers-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('customers.col.number')}</Table.Th>
                  <Table.Th>{t('customers.col.name')}</Table.Th>
                  <Table.Th>{t('customers.col.phone')}</Table.Th>
                  <Table.Th>{t('customers.col.area')}</Table.Th>
                  <Table.Th>{t('customers.col.plans')}</Table.Th>
                  <Table.Th>{t('customers.col.service')}</Table.Th>
                  <Table.Th ta="right">{t('customers.col.balance')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((c) => (
                  <CustomerRow key={c.id} c={c} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
      {list.data?.items.length === 0 && (
        <Text c="dimmed" ta="center" p="lg" data-testid="customers-empty">
          {filtered ? t('customers.empty') : t('customers.emptyFirst')}
        </Text>
      )}
      <Group justify="space-between" mt="sm">
        <Text size="sm" c="dimmed" data-testid="customers-total">
          {list.data ? t('customers.total', { count: list.data.total }) : ''}
        </Text>
        {list.loading && <Loader size="xs" />}
        {pages > 1 && <Pagination total={pages} value={page} onChange={setPage} size="sm" data-testid="customers-pagination" />}
      </Group>
      <CustomerFormModal
        opened={creating}
        customer={null}
        onClose={() => setCreating(false)}
        onSaved={(c) => {
          setCreating(false);
          notifications.show({ color: 'green', message: t('customers.done.created', { number: c.number, name: c.name }) });
          navigate(`customers/${c.id}`);
        }}
      />
      <ImportModal
        opened={importing}
        onClose={() => setImporting(false)}
        onImported={() => {
          setImporting(false);
          setVersion((v) => v + 1);
          void list.reload();
        }}
      />
    </div>
  );
}
