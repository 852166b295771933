import { Button, Card, Group, Loader, Menu, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { RevenueMonth } from '../../../../shared/contract';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Forbidden } from '../../components/Forbidden';
import { PageTitle } from '../../components/PageTitle';
import { useLanguage } from '../../i18n';
import { formatRupiah } from '../../lib/format';
import { isForbidden, useCall } from '../../lib/useCall';
import { useIsPhone } from '../../lib/useIsPhone';
import { useTimezone } from '../../store/session';
import { compactRupiah, formatMonth, todayIn } from '../invoices/money';
import { exportCsv, exportXlsx, preloadXlsx, type SheetData } from '../vouchers/salesExport';

const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;
const MAX_MONTHS = 36;

/** YYYY-MM plus n months (n may be negative). */
export function addMonths(month: string, n: number): string {
  const d = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1 + n, 1));
  return d.toISOString().slice(0, 7);
}
const monthsIn = (from: string, to: string) => (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5)) - Number(from.slice(5)) + 1;

const COLUMNS = ['invoiced', 'received', 'reversed', 'refunded', 'cash'] as const;
type Column = (typeof COLUMNS)[number];

/**
 * #/reports: revenue month by month, two ways: invoiced (what the office earned for the days of the month,
 * before PPN; a package spread over its months) and cash (money that came in, less reversals and refunds).
 */
export function RevenueReport() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const tz = useTimezone();
  const phone = useIsPhone();
  const thisMonth = todayIn(tz).slice(0, 7);
  const [from, setFrom] = useState(addMonths(thisMonth, -11));
  const [to, setTo] = useState(thisMonth);
  const shapeOk = MONTH_RE.test(from) && MONTH_RE.test(to);
  const rangeError = !shapeOk ? null : from > to ? t('billing.report.badRange') : monthsIn(from, to) > MAX_MONTHS ? t('billing.report.tooLong', { max: MAX_MONTHS }) : null;
  const valid = shapeOk && !rangeError;
  const report = useCall('billing.revenue', { from, to }, valid);
  if (isForbidden(report.error)) return <Forbidden />;
  const r = valid ? report.data : undefined;
  const rp = (n: number) => formatRupiah(n, lang);
  const label = (c: Column) => t(`billing.report.cols.${c}`);

  const preset = (f: string, tt: string) => {
    setFrom(f);
    setTo(tt);
  };
  const year = thisMonth.slice(0, 4);
  const lastYear = String(Number(year) - 1);

  const sheet = (): SheetData => ({
    name: `laporan-pendapatan-${from}_${to}`,
    title: t('billing.report.title'),
    header: [t('billing.report.month'), ...COLUMNS.map(label)],
    rows: [...(r?.months ?? []).map((m) => [m.month, ...COLUMNS.map((c) => m[c])]), ...(r ? [[t('billing.report.total'), ...COLUMNS.map((c) => r.totals[c])]] : [])],
    moneyColumns: [1, 2, 3, 4, 5],
  });
  const exportAs = async (kind: 'csv' | 'xlsx') => {
    try {
      const file = kind === 'csv' ? exportCsv(sheet()) : await exportXlsx(sheet());
      notifications.show({ color: 'green', message: t('billing.report.exported', { file }) });
    } catch {
      notifications.show({ color: 'red', message: t('billing.report.exportFailed') });
    }
  };

  return (
    <div data-testid="screen-reports">
      <PageTitle title={t('billing.report.title')} description={t('billing.report.intro')}>
        <Menu position="bottom-end" onOpen={preloadXlsx}>
          <Menu.Target>
            <Button variant="default" leftSection={<IconDownload size={16} />} disabled={!r} data-testid="report-export">
              {t('billing.report.export')}
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item onClick={() => void exportAs('xlsx')} data-testid="report-export-xlsx">
              Excel (.xlsx)
            </Menu.Item>
            <Menu.Item onClick={() => void exportAs('csv')} data-testid="report-export-csv">
              CSV (.csv)
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      </PageTitle>
      <Stack gap="md">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <TextInput type="month" label={t('billing.report.from')} value={from} max={to} onChange={(e) => setFrom(e.currentTarget.value)} w={{ base: '47%', xs: 170 }} data-testid="report-from" />
          <TextInput type="month" label={t('billing.report.to')} value={to} min={from} onChange={(e) => setTo(e.currentTarget.value)} w={{ base: '47%', xs: 170 }} error={rangeError} data-testid="report-to" />
          <Group gap={4} wrap="wrap">
            <Button size="compact-sm" variant="light" onClick={() => preset(addMonths(thisMonth, -11), thisMonth)} data-testid="report-last12">
              {t('billing.report.last12')}
            </Button>
            <Button size="compact-sm" variant="light" onClick={() => preset(`${year}-01`, thisMonth)} data-testid="report-this-year">
              {t('billing.report.thisYear', { year })}
            </Button>
            <Button size="compact-sm" variant="light" onClick={() => preset(`${lastYear}-01`, `${lastYear}-12`)} data-testid="report-last-year">
              {t('billing.report.lastYear', { year: lastYear })}
            </Button>
          </Group>
          {report.loading && <Loader size="xs" />}
        </Group>
        <ErrorAlert error={report.error} />
        {r && (
          <>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" data-testid="report-totals" data-invoiced={r.totals.invoiced} data-cash={r.totals.cash}>
              <Card withBorder padding="sm">
                <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                  {t('billing.report.totalInvoiced')}
                </Text>
                <Text fw={700} fz="xl" c="blue.8">
                  {rp(r.totals.invoiced)}
                </Text>
                <Text size="xs" c="dimmed">
                  {t('billing.report.invoicedExplain')}
                </Text>
              </Card>
              <Card withBorder padding="sm">
                <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                  {t('billing.report.totalCash')}
                </Text>
                <Text fw={700} fz="xl" c="teal.8">
                  {rp(r.totals.cash)}
                </Text>
                <Text size="xs" c="dimmed">
                  {t('billing.report.cashExplain')}
                </Text>
              </Card>
            </SimpleGrid>
            <RevenueBars months={r.months} />
            {phone ? <MonthCards months={r.months} totals={r.totals} /> : <MonthTable months={r.months} totals={r.totals} />}
          </>
        )}
      </Stack>
    </div>
  );
}

/** Invoiced and cash side by side, month by month. */
function RevenueBars({ months }: { months: RevenueMonth[] }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const rows = months.map((m) => ({ ...m, label: formatMonth(m.month, lang, 'short') }));
  return (
    <Card withBorder padding="md" data-testid="report-chart">
      <Text fw={600} mb="sm">
        {t('billing.report.chartTitle')}
      </Text>
      <div style={{ width: '100%', height: 280 }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={rows} margin={{ top: 4, right: 8, left: 0, bottom: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" tick={{ fontSize: 11 }} interval="preserveStartEnd" />
            <YAxis tickFormatter={(v: number) => compactRupiah(v, lang)} tick={{ fontSize: 11 }} width={52} />
            <Tooltip
              formatter={(v, name) => [formatRupiah(Number(v), lang), String(name)]}
              labelFormatter={(_, p) => {
                const month = (p?.[0]?.payload as { month?: string } | undefined)?.month;
                return month ? formatMonth(month, lang) : '';
              }}
            />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Bar dataKey="invoiced" name={t('billing.report.cols.invoiced')} fill="var(--mantine-color-blue-6)" radius={[3, 3, 0, 0]} maxBarSize={28} isAnimationActive={false} />
            <Bar dataKey="cash" name={t('billing.report.cols.cash')} fill="var(--mantine-color-teal-6)" radius={[3, 3, 0, 0]} maxBarSize={28} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </Card>
  );
}

/** A money cell: reversals and refunds are money going back, shown with a minus. */
function Amount({ column, value, strong = false }: { column: Column; value: number; strong?: boolean }) {
  const lang = useLanguage();
  const out = (column === 'reversed' || column === 'refunded') && value !== 0;
  return (
    <Text size="sm" fw={strong || column === 'invoiced' || column === 'cash' ? 600 : undefined} c={value === 0 ? 'dimmed' : out || value < 0 ? 'red.8' : undefined} style={{ whiteSpace: 'nowrap' }}>
      {out ? `−${formatRupiah(value, lang)}` : formatRupiah(value, lang)}
    </Text>
  );
}

function MonthTable({ months, totals }: { months: RevenueMonth[]; totals: Omit<RevenueMonth, 'month'> }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  return (
    <Card withBorder padding={0}>
      <Table.ScrollContainer minWidth={760}>
        <Table verticalSpacing="xs" striped data-testid="report-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('billing.report.month')}</Table.Th>
              {COLUMNS.map((c) => (
                <Table.Th key={c} ta="right">
                  {t(`billing.report.cols.${c}`)}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {months.map((m) => (
              <Table.Tr key={m.month} data-testid="report-row" data-month={m.month}>
                <Table.Td>{formatMonth(m.month, lang)}</Table.Td>
                {COLUMNS.map((c) => (
                  <Table.Td key={c} ta="right">
                    <Amount column={c} value={m[c]} />
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
          <Table.Tfoot>
            <Table.Tr data-testid="report-total-row">
              <Table.Th>{t('billing.report.total')}</Table.Th>
              {COLUMNS.map((c) => (
                <Table.Th key={c} ta="right">
                  <Amount column={c} value={totals[c]} strong />
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Tfoot>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}

/** On a phone: one card per month, newest first, the two totals large and the parts of cash under them. */
function MonthCards({ months, totals }: { months: RevenueMonth[]; totals: Omit<RevenueMonth, 'month'> }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const card = (title: string, m: Omit<RevenueMonth, 'month'>, key: string, strong = false) => (
    <Card key={key} withBorder padding="sm" bg={strong ? 'gray.0' : undefined} data-testid={strong ? 'report-total-row' : 'report-row'} data-month={strong ? undefined : key}>
      <Text fw={700} size="sm" mb={4}>
        {title}
      </Text>
      <SimpleGrid cols={2} spacing={4}>
        {(['invoiced', 'cash'] as const).map((c) => (
          <div key={c}>
            <Text size="xs" c="dimmed">
              {t(`billing.report.cols.${c}`)}
            </Text>
            <Amount column={c} value={m[c]} strong />
          </div>
        ))}
      </SimpleGrid>
      {(m.reversed !== 0 || m.refunded !== 0) && (
        <Text size="xs" c="dimmed" mt={4}>
          {t('billing.report.cashParts', { received: formatRupiah(m.received, lang), reversed: formatRupiah(m.reversed, lang), refunded: formatRupiah(m.refunded, lang) })}
        </Text>
      )}
    </Card>
  );
  // Months with nothing at all would be a long list of zeros on a small screen: named in one line instead.
  const quiet = (m: RevenueMonth) => m.invoiced === 0 && m.received === 0 && m.reversed === 0 && m.refunded === 0;
  const empty = months.filter(quiet);
  return (
    <Stack gap="xs" data-testid="report-table">
      {card(t('billing.report.total'), totals, 'total', true)}
      {[...months].reverse().filter((m) => !quiet(m)).map((m) => card(formatMonth(m.month, lang), m, m.month))}
      {empty.length > 0 && (
        <Text size="xs" c="dimmed" data-testid="report-quiet-months">
          {t('billing.report.quietMonths', { months: empty.map((m) => formatMonth(m.month, lang, 'short')).join(', ') })}
        </Text>
      )}
    </Stack>
  );
}
