import { Anchor, Card, Group, Text } from '@mantine/core';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTranslation } from 'react-i18next';
import type { DashboardDto } from '../../../../shared/contract';
import { useLanguage } from '../../i18n';
import { formatRupiah } from '../../lib/format';
import { hrefOf } from '../../store/route';
import { compactRupiah, formatMonth } from './money';

/** Payments received per month over the last 12 months (reversals subtracted). */
export function RevenueChart({ data }: { data: DashboardDto['revenueByMonth'] }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const rows = data.map((d) => ({ ...d, label: formatMonth(d.month, lang, 'short') }));
  return (
    <Card withBorder padding="md" data-testid="dash-revenue-chart">
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Text fw={600}>{t('billing.dash.chartTitle')}</Text>
        <Anchor href={hrefOf('reports')} size="sm" data-testid="dash-open-report">
          {t('billing.report.open')}
        </Anchor>
      </Group>
      <Text size="xs" c="dimmed" mb="sm">
        {t('billing.dash.chartHint')}
      </Text>
      <div style={{ width: '100%', height: 260 }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={rows} margin={{ top: 4, right: 8, left: 0, bottom: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" tick={{ fontSize: 11 }} interval="preserveStartEnd" />
            <YAxis tickFormatter={(v: number) => compactRupiah(v, lang)} tick={{ fontSize: 11 }} width={52} />
            <Tooltip
              formatter={(v) => [formatRupiah(Number(v), lang), t('billing.dash.revenue')]}
              labelFormatter={(_, p) => {
                const month = (p?.[0]?.payload as { month?: string } | undefined)?.month;
                return month ? formatMonth(month, lang) : '';
              }}
            />
            <Bar dataKey="amount" fill="var(--mantine-color-blue-6)" radius={[4, 4, 0, 0]} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </Card>
  );
}
