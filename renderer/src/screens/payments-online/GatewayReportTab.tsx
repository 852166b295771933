import { Button, Card, Group, Loader, Menu, SegmentedControl, Select, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { GatewayReport } from '../../../../shared/contract';
import { call } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ErrorText } from '../../lib/errors';
import { Forbidden } from '../../components/Forbidden';
import { useLanguage } from '../../i18n';
import { formatLocalDate } from '../invoices/money';
import { formatRupiah } from '../../lib/format';
import { isForbidden, useCall } from '../../lib/useCall';
import { useIsPhone } from '../../lib/useIsPhone';
import { useCan, useTimezone } from '../../store/session';
import { downloadBase64 } from '../customers/files';
import { compactRupiah, todayIn } from '../invoices/money';
import { ReconcileView } from './ReconcileView';

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_DAYS = 366;

const shiftDay = (d: string, n: number): string => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** #/online/report: paid online payments by office day and account (gross, gateway fee, net), export, and reconciliation. */
export function GatewayReportTab() {
  const { t } = useTranslation();
  const tz = useTimezone();
  const today = todayIn(tz);
  const canSettings = useCan('settings.read');
  const [from, setFrom] = useState(`${today.slice(0, 7)}-01`);
  const [to, setTo] = useState(today);
  const [accountId, setAccountId] = useState<number | null>(null);
  const [view, setView] = useState<'report' | 'reconcile'>('report');
  const shapeOk = DATE_RE.test(from) && DATE_RE.test(to);
  const rangeError = !shapeOk ? null : from > to ? t('gateway.report.badRange') : (Date.parse(to) - Date.parse(from)) / 86_400_000 > MAX_DAYS ? t('gateway.report.tooLong') : null;
  const valid = shapeOk && !rangeError;
  const input = { from, to, ...(accountId ? { accountId } : {}) };
  const report = useCall('gateway.report', input, valid && view === 'report');
  const accounts = useCall('gateway.accounts', {}, canSettings);
  if (isForbidden(report.error)) return <Forbidden />;
  const options = (canSettings ? (accounts.data ?? []) : (report.data?.byAccount ?? [])).map((a) => ({ value: String('id' in a ? a.id : a.accountId), label: 'name' in a ? a.name : a.accountName }));

  return (
    <Stack gap="md" data-testid="online-report">
      <Text size="sm" c="dimmed" maw={760}>
        {t('gateway.report.intro')}
      </Text>
      <Group gap="sm" align="flex-end" wrap="wrap">
        <TextInput type="date" label={t('gateway.report.from')} value={from} max={to} onChange={(e) => setFrom(e.currentTarget.value)} w={{ base: '47%', xs: 170 }} data-testid="gw-report-from" />
        <TextInput type="date" label={t('gateway.report.to')} value={to} min={from} onChange={(e) => setTo(e.currentTarget.value)} w={{ base: '47%', xs: 170 }} error={rangeError} data-testid="gw-report-to" />
        <Select
          label={t('gateway.report.account')}
          placeholder={view === 'reconcile' ? t('gateway.report.pickAccount') : t('gateway.report.allAccounts')}
          value={accountId ? String(accountId) : null}
          onChange={(v) => setAccountId(v ? Number(v) : null)}
          data={options}
          clearable={view === 'report'}
          w={{ base: '100%', xs: 220 }}
          data-testid="gw-report-account"
        />
        <Group gap={4}>
          <Button size="compact-sm" variant="light" onClick={() => (setFrom(`${today.slice(0, 7)}-01`), setTo(today))} data-testid="gw-report-this-month">
            {t('gateway.report.thisMonth')}
          </Button>
          <Button size="compact-sm" variant="light" onClick={() => (setFrom(shiftDay(today, -29)), setTo(today))} data-testid="gw-report-last30">
            {t('gateway.report.last30')}
          </Button>
        </Group>
        {report.loading && <Loader size="xs" />}
      </Group>
      <Group justify="space-between" wrap="wrap">
        <SegmentedControl
          value={view}
          onChange={(v) => setView(v === 'reconcile' ? 'reconcile' : 'report')}
          data={[
            { value: 'report', label: t('gateway.report.viewReport') },
            { value: 'reconcile', label: t('gateway.report.viewReconcile') },
          ]}
          data-testid="gw-report-view"
        />
        {view === 'report' && <ExportMenu input={input} disabled={!valid || !report.data} />}
      </Group>
      {view === 'report' ? (
        <>
          <ErrorAlert error={report.error} />
          {valid && report.data && <ReportBody r={report.data} />}
        </>
      ) : accountId && valid ? (
        <ReconcileView accountId={accountId} from={from} to={to} />
      ) : (
        <Text size="sm" c="dimmed" data-testid="gw-reconcile-pick">
          {t('gateway.report.pickAccountFirst')}
        </Text>
      )}
    </Stack>
  );
}

function ExportMenu({ input, disabled }: { input: { from: string; to: string; accountId?: number }; disabled: boolean }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const [busy, setBusy] = useState(false);
  const run = async (format: 'csv' | 'xlsx') => {
    setBusy(true);
    try {
      const file = await call('gateway.reportExport', { ...input, format, language: lang === 'en' ? 'en' : 'id' });
      downloadBase64(file);
      notifications.show({ color: 'green', message: t('gateway.report.exported', { file: file.filename }) });
    } catch (err) {
      notifications.show({ color: 'red', message: <ErrorText error={err} /> });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Menu position="bottom-end">
      <Menu.Target>
        <Button variant="default" leftSection={<IconDownload size={16} />} disabled={disabled} loading={busy} data-testid="gw-report-export">
          {t('gateway.report.export')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item onClick={() => void run('xlsx')} data-testid="gw-report-export-xlsx">
          Excel (.xlsx)
        </Menu.Item>
        <Menu.Item onClick={() => void run('csv')} data-testid="gw-report-export-csv">
          CSV (.csv)
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

function ReportBody({ r }: { r: GatewayReport }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const phone = useIsPhone();
  const rp = (n: number) => formatRupiah(n, lang);
  const card = (key: 'gross' | 'fee' | 'net', color: string) => (
    <Card withBorder padding="sm">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {t(`gateway.report.cols.${key}`)}
      </Text>
      <Text fw={700} fz="xl" c={color} data-testid={`gw-report-total-${key}`}>
        {rp(r.totals[key])}
      </Text>
    </Card>
  );
  if (r.rows.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="gw-report-empty">
        {t('gateway.report.empty')}
      </Text>
    );
  }
  // One bar per day: the net of all accounts that day.
  const days = new Map<string, { day: string; gross: number; net: number }>();
  for (const x of r.rows) {
    const d = days.get(x.day) ?? { day: x.day, gross: 0, net: 0 };
    d.gross += x.gross;
    d.net += x.net;
    days.set(x.day, d);
  }
  return (
    <>
      <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm" data-testid="gw-report-totals" data-count={r.totals.count}>
        {card('gross', 'blue.8')}
        {card('fee', 'orange.8')}
        {card('net', 'teal.8')}
      </SimpleGrid>
      <Card withBorder padding="md" data-testid="gw-report-chart">
        <Text fw={600} mb="sm">
          {t('gateway.report.chartTitle')}
        </Text>
        <div style={{ width: '100%', height: 220 }}>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={[...days.values()].map((d) => ({ ...d, label: d.day.slice(5) }))} margin={{ top: 4, right: 8, left: 0, bottom: 0 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="label" tick={{ fontSize: 11 }} interval="preserveStartEnd" />
              <YAxis tickFormatter={(v: number) => compactRupiah(v, lang)} tick={{ fontSize: 11 }} width={52} />
              <Tooltip formatter={(v, name) => [rp(Number(v)), String(name)]} />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              <Bar dataKey="gross" name={t('gateway.report.cols.gross')} fill="var(--mantine-color-blue-6)" radius={[3, 3, 0, 0]} maxBarSize={24} isAnimationActive={false} />
              <Bar dataKey="net" name={t('gateway.report.cols.net')} fill="var(--mantine-color-teal-6)" radius={[3, 3, 0, 0]} maxBarSize={24} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      </Card>
      {phone ? (
        <Stack gap="xs" data-testid="gw-report-cards">
          {r.rows.map((x) => (
            <Card key={`${x.day}-${x.accountId}`} withBorder padding="sm" data-testid="gw-report-row" data-gross={x.gross} data-fee={x.fee} data-net={x.net}>
              <Group justify="space-between">
                <Text fw={600}>{formatLocalDate(x.day, lang)}</Text>
                <Text size="sm" c="dimmed">
                  {x.accountName} · {t('gateway.report.countN', { count: x.count })}
                </Text>
              </Group>
              <Text size="sm">
                {t('gateway.report.cols.gross')}: {rp(x.gross)} · {t('gateway.report.cols.fee')}: {rp(x.fee)}
              </Text>
              <Text size="sm" fw={600}>
                {t('gateway.report.cols.net')}: {rp(x.net)}
              </Text>
            </Card>
          ))}
        </Stack>
      ) : (
        <Card withBorder padding={0}>
          <Table.ScrollContainer minWidth={720}>
            <Table verticalSpacing="xs" striped data-testid="gw-report-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('gateway.report.cols.day')}</Table.Th>
                  <Table.Th>{t('gateway.report.cols.account')}</Table.Th>
                  <Table.Th ta="right">{t('gateway.report.cols.count')}</Table.Th>
                  <Table.Th ta="right">{t('gateway.report.cols.gross')}</Table.Th>
                  <Table.Th ta="right">{t('gateway.report.cols.fee')}</Table.Th>
                  <Table.Th ta="right">{t('gateway.report.cols.net')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {r.rows.map((x) => (
                  <Table.Tr key={`${x.day}-${x.accountId}`} data-testid="gw-report-row" data-gross={x.gross} data-fee={x.fee} data-net={x.net}>
                    <Table.Td>{formatLocalDate(x.day, lang)}</Table.Td>
                    <Table.Td>
                      {x.accountName}{' '}
                      <Text span size="xs" c="dimmed">
                        ({t(`gateway.names.${x.gateway}`)})
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right">{x.count}</Table.Td>
                    <Table.Td ta="right">{rp(x.gross)}</Table.Td>
                    <Table.Td ta="right">{rp(x.fee)}</Table.Td>
                    <Table.Td ta="right" fw={600}>
                      {rp(x.net)}
                    </Table.Td>
                  </Table.Tr>
                ))}
                <Table.Tr fw={700} data-testid="gw-report-total-row">
                  <Table.Td colSpan={2}>{t('gateway.report.total')}</Table.Td>
                  <Table.Td ta="right">{r.totals.count}</Table.Td>
                  <Table.Td ta="right">{rp(r.totals.gross)}</Table.Td>
                  <Table.Td ta="right">{rp(r.totals.fee)}</Table.Td>
                  <Table.Td ta="right">{rp(r.totals.net)}</Table.Td>
                </Table.Tr>
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
    </>
  );
}
