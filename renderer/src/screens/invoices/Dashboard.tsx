import { Alert, Button, Card, Group, Loader, SimpleGrid, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconAlertTriangle, IconCash, IconClockHour4, IconFileInvoice, IconPlugConnected, IconReceipt2, IconRouter, IconWallet } from '@tabler/icons-react';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { InvoiceRunResult } from '../../../../shared/contract';
import { call, subscribe } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useCall } from '../../lib/useCall';
import { hrefOf, navigate } from '../../store/route';
import { useCan } from '../../store/session';
import { useRupiah } from './money';
import { RevenueChart } from './RevenueChart';
import { openInvoices } from './InvoicesScreen';

function Stat({ icon, color, label, value, hint, href, onClick, testId }: { icon: ReactNode; color: string; label: string; value: string; hint?: string; href?: string; onClick?: () => void; testId: string }) {
  const link = href ? { component: 'a' as const, href } : onClick ? { component: 'button' as const, onClick, style: { textAlign: 'left' as const, cursor: 'pointer' } } : {};
  return (
    <Card withBorder padding="sm" {...link} data-testid={testId}>
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <ThemeIcon variant="light" color={color} size="lg" visibleFrom="xs">
          {icon}
        </ThemeIcon>
        <div style={{ minWidth: 0 }}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            {label}
          </Text>
          <Text fw={700} fz={{ base: 'lg', sm: 'xl' }} data-testid={`${testId}-value`}>
            {value}
          </Text>
          {hint && (
            <Text size="xs" c="dimmed">
              {hint}
            </Text>
          )}
        </div>
      </Group>
    </Card>
  );
}

/** The office's money at a glance, with the two everyday actions (take a payment, issue invoices now). */
export function BillingDashboard() {
  const { t } = useTranslation();
  const rupiah = useRupiah();
  const canCollect = useCan('payments.collect');
  const canManage = useCan('billing.manage');
  const canRouters = useCan('routers.read');
  const dash = useCall('billing.dashboard', {});
  const [running, setRunning] = useState(false);
  const [run, setRun] = useState<InvoiceRunResult | null>(null);
  const [runError, setRunError] = useState<unknown>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const d = dash.data;

  // A large office: show how far the run is while it works.
  useEffect(() => {
    if (!running) return setProgress(null);
    return subscribe('billing.progress', (p) => p.task === 'invoices' && setProgress({ done: p.done, total: p.total }));
  }, [running]);

  const runInvoices = async () => {
    setRunning(true);
    setRun(null);
    setRunError(null);
    try {
      setRun(await call('billing.runInvoices', {}));
      await dash.reload();
    } catch (err) {
      setRunError(err);
    } finally {
      setRunning(false);
    }
  };

  return (
    <Stack gap="md" data-testid="billing-dashboard">
      {(canCollect || canManage) && (
        <Group gap="sm">
          {canCollect && (
            <Button size="md" leftSection={<IconCash size={18} />} component="a" href={hrefOf('payments/new')} data-testid="dash-take-payment">
              {t('billing.dash.takePayment')}
            </Button>
          )}
          {canManage && (
            <Button size="md" variant="default" leftSection={<IconFileInvoice size={18} />} loading={running} onClick={() => void runInvoices()} data-testid="dash-run-invoices">
              {t('billing.dash.runInvoices')}
            </Button>
          )}
        </Group>
      )}
      {running && progress && progress.total > 0 && (
        <Text size="sm" c="dimmed" mt={-8} data-testid="dash-run-progress">
          {t('billing.dash.runProgress', { done: progress.done, total: progress.total })}
        </Text>
      )}
      {canManage && !run && !runError && !running && (
        <Text size="xs" c="dimmed" mt={-8}>
          {t('billing.dash.runInvoicesHint')}
        </Text>
      )}
      {run && (
        <Alert color={run.created > 0 ? 'green' : 'blue'} variant="light" withCloseButton onClose={() => setRun(null)} data-testid="dash-run-result" data-created={run.created}>
          {run.created > 0 ? t('billing.dash.runDone', { count: run.created, total: rupiah(run.total) }) : t('billing.dash.runNothing')}
          {run.created > 0 && (
            <Button variant="subtle" size="compact-sm" ml="xs" onClick={() => openInvoices({ status: 'unpaid' })}>
              {t('billing.dash.seeInvoices')}
            </Button>
          )}
        </Alert>
      )}
      <ErrorAlert error={runError ?? dash.error} />
      {!d && dash.loading && <Loader size="sm" />}
      {d && (
        <>
          <SimpleGrid cols={{ base: 2, lg: 3 }} spacing={{ base: 'xs', sm: 'md' }}>
            <Stat testId="dash-receivables" icon={<IconWallet size={20} />} color="orange" label={t('billing.dash.receivables')} value={rupiah(d.receivables)} hint={t('billing.dash.receivablesHint')} onClick={() => openInvoices({ status: 'unpaid' })} />
            <Stat
              testId="dash-overdue"
              icon={<IconAlertTriangle size={20} />}
              color="red"
              label={t('billing.dash.overdue')}
              value={rupiah(d.overdueAmount)}
              hint={t('billing.dash.overdueHint', { count: d.overdueInvoices })}
              onClick={() => openInvoices({ status: 'overdue' })}
            />
            <Stat testId="dash-revenue" icon={<IconReceipt2 size={20} />} color="green" label={t('billing.dash.revenueThisMonth')} value={rupiah(d.revenueThisMonth)} hint={t('billing.dash.revenueHint')} href={hrefOf('payments')} />
            <Stat testId="dash-isolated" icon={<IconPlugConnected size={20} />} color="grape" label={t('billing.dash.isolated')} value={String(d.isolated)} hint={t('billing.dash.isolatedHint')} href={hrefOf('customers/subscriptions?status=isolated')} />
            <Stat testId="dash-active" icon={<IconClockHour4 size={20} />} color="blue" label={t('billing.dash.active')} value={String(d.activeSubscriptions)} hint={t('billing.dash.customers', { count: d.customers })} />
            <Stat
              testId="dash-router-jobs"
              icon={<IconRouter size={20} />}
              color={d.pendingRouterJobs > 0 ? 'yellow' : 'teal'}
              label={t('billing.dash.routerJobs')}
              value={String(d.pendingRouterJobs)}
              hint={d.pendingRouterJobs > 0 ? t('billing.dash.routerJobsHint') : t('billing.dash.routerJobsNone')}
              onClick={canRouters ? () => navigate('routers') : undefined}
            />
          </SimpleGrid>
          <RevenueChart data={d.revenueByMonth} />
        </>
      )}
    </Stack>
  );
}
