import { Button, Card, Group, Loader, Menu, SegmentedControl, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SalesReport } from '../../../../shared/contract/vouchers';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLanguage } from '../../i18n';
import { intlLocale } from '../../lib/format';
import { useCall } from '../../lib/useCall';
import { useTimezone } from '../../store/session';
import { todayIn, useMoney } from './common';
import { SalesChart } from './SalesChart';
import { exportCsv, exportXlsx, preloadXlsx, type SheetData } from './salesExport';

type GroupBy = SalesReport['groupBy'];
const GROUPS: GroupBy[] = ['day', 'profile', 'outlet', 'router'];
const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

/** A row's label for people: a day as a date, the empty outlet as the office counter. */
export function useSalesLabel(groupBy: GroupBy): (key: string) => string {
  const { t } = useTranslation();
  const lang = useLanguage();
  return (key) => {
    if (groupBy === 'day' && DAY_RE.test(key)) return new Intl.DateTimeFormat(intlLocale(lang), { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${key}T00:00:00Z`));
    if (groupBy === 'outlet' && !key) return t('vouchers.sales.counter');
    return key;
  };
}

/** Voucher sales in a date range: counter sales when sold, outlet vouchers when first used. */
export function SalesTab() {
  const { t } = useTranslation();
  const money = useMoney();
  const tz = useTimezone();
  const today = todayIn(tz);
  const [from, setFrom] = useState(`${today.slice(0, 8)}01`);
  const [to, setTo] = useState(today);
  const [groupBy, setGroupBy] = useState<GroupBy>('day');
  const valid = DAY_RE.test(from) && DAY_RE.test(to) && from <= to;
  const report = useCall('vouchers.sales', { from, to, groupBy }, valid);
  const label = useSalesLabel(groupBy);
  const r = valid ? report.data : undefined;
  const rows = (r?.rows ?? []).map((x) => ({ ...x, label: label(x.key) }));

  const sheet = (): SheetData => ({
    name: `penjualan-voucher-${from}_${to}-${groupBy}`,
    title: t('vouchers.sales.title'),
    header: [t(`vouchers.sales.by.${groupBy}`), t('vouchers.sales.count'), t('vouchers.sales.amount')],
    rows: [...rows.map((x) => [groupBy === 'day' ? x.key : x.label, x.count, x.amount]), [t('vouchers.sales.total'), r?.totalCount ?? 0, r?.totalAmount ?? 0]],
    moneyColumns: [2],
  });
  const exportAs = async (kind: 'csv' | 'xlsx') => {
    try {
      const file = kind === 'csv' ? exportCsv(sheet()) : await exportXlsx(sheet());
      notifications.show({ color: 'green', message: t('vouchers.sales.exported', { file }) });
    } catch {
      notifications.show({ color: 'red', message: t('vouchers.sales.exportFailed') });
    }
  };

  return (
    <Stack gap="sm" data-testid="vouchers-sales">
      <Text size="sm" c="dimmed">
        {t('vouchers.sales.intro')}
      </Text>
      <Group gap="sm" align="flex-end" wrap="wrap">
        <TextInput type="date" label={t('vouchers.sales.from')} value={from} max={to} onChange={(e) => setFrom(e.currentTarget.value)} w={{ base: '47%', xs: 160 }} data-testid="sales-from" />
        <TextInput type="date" label={t('vouchers.sales.to')} value={to} min={from} onChange={(e) => setTo(e.currentTarget.value)} w={{ base: '47%', xs: 160 }} error={DAY_RE.test(from) && DAY_RE.test(to) && from > to ? t('vouchers.sales.badRange') : undefined} data-testid="sales-to" />
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('vouchers.sales.groupBy')}
          </Text>
          <SegmentedControl value={groupBy} onChange={(v) => setGroupBy(v as GroupBy)} data={GROUPS.map((g) => ({ value: g, label: t(`vouchers.sales.by.${g}`) }))} data-testid="sales-group" />
        </Stack>
        <Menu position="bottom-end" onOpen={preloadXlsx}>
          <Menu.Target>
            <Button variant="default" leftSection={<IconDownload size={16} />} disabled={!r} data-testid="sales-export">
              {t('vouchers.sales.export')}
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item onClick={() => void exportAs('xlsx')} data-testid="sales-export-xlsx">
              Excel (.xlsx)
            </Menu.Item>
            <Menu.Item onClick={() => void exportAs('csv')} data-testid="sales-export-csv">
              CSV (.csv)
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
        {report.loading && <Loader size="xs" />}
      </Group>
      <ErrorAlert error={report.error} />
      {r && (
        <Group gap="xl" data-testid="sales-totals" data-count={r.totalCount} data-amount={r.totalAmount}>
          <div>
            <Text size="xs" c="dimmed">
              {t('vouchers.sales.totalCount')}
            </Text>
            <Text fw={700} size="xl">
              {r.totalCount}
            </Text>
          </div>
          <div>
            <Text size="xs" c="dimmed">
              {t('vouchers.sales.totalAmount')}
            </Text>
            <Text fw={700} size="xl">
              {money(r.totalAmount)}
            </Text>
          </div>
        </Group>
      )}
      {rows.length > 0 && <SalesChart rows={rows} byDay={groupBy === 'day'} from={from} to={to} label={label} />}
      {r && (
        <Card withBorder padding={0}>
          <Table verticalSpacing="xs" striped data-testid="sales-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t(`vouchers.sales.by.${groupBy}`)}</Table.Th>
                <Table.Th ta="right">{t('vouchers.sales.count')}</Table.Th>
                <Table.Th ta="right">{t('vouchers.sales.amount')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((x) => (
                <Table.Tr key={x.key} data-testid="sales-row" data-key={x.key}>
                  <Table.Td>{x.label}</Table.Td>
                  <Table.Td ta="right">{x.count}</Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    {money(x.amount)}
                  </Table.Td>
                </Table.Tr>
              ))}
              {rows.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={3}>
                    <Text c="dimmed" ta="center" size="sm" data-testid="sales-empty">
                      {t('vouchers.sales.empty')}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
            </Table.Tbody>
            <Table.Tfoot>
              <Table.Tr>
                <Table.Th>{t('vouchers.sales.total')}</Table.Th>
                <Table.Th ta="right">{r.totalCount}</Table.Th>
                <Table.Th ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {money(r.totalAmount)}
                </Table.Th>
              </Table.Tr>
            </Table.Tfoot>
          </Table>
        </Card>
      )}
    </Stack>
  );
}
