import { Card, Text } from '@mantine/core';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../../i18n';
import { formatRupiah, intlLocale } from '../../lib/format';

interface Row {
  key: string;
  label: string;
  count: number;
  amount: number;
}

const compact = (amount: number, lang: 'id' | 'en') => new Intl.NumberFormat(intlLocale(lang), { notation: 'compact', maximumFractionDigits: 1 }).format(amount);
const DAY = 86_400_000;

/** Every day of the range (at most ~3 months), days without sales as 0, so the bars read as a calendar. */
function everyDay(rows: Row[], from: string, to: string, label: (key: string) => string): Row[] {
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  if (!(end >= start) || (end - start) / DAY > 93) return rows;
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const out: Row[] = [];
  for (let t = start; t <= end; t += DAY) {
    const key = new Date(t).toISOString().slice(0, 10);
    out.push(byKey.get(key) ?? { key, label: label(key), count: 0, amount: 0 });
  }
  return out;
}

/** Sales amount per row of the report, as bars. */
export function SalesChart({ rows, byDay, from, to, label }: { rows: Row[]; byDay: boolean; from: string; to: string; label: (key: string) => string }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const data = byDay ? everyDay(rows, from, to, label) : rows;
  const axis = (key: string) => {
    if (!byDay) return label(key);
    return new Intl.DateTimeFormat(intlLocale(lang), { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${key}T00:00:00Z`));
  };
  return (
    <Card withBorder padding="md" data-testid="sales-chart">
      <Text fw={600} mb="sm">
        {t('vouchers.sales.chartTitle')}
      </Text>
      <div style={{ width: '100%', height: 260 }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 4, right: 8, left: 0, bottom: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="key" tickFormatter={axis} tick={{ fontSize: 11 }} interval="preserveStartEnd" />
            <YAxis tickFormatter={(v: number) => compact(v, lang)} tick={{ fontSize: 11 }} width={52} />
            <Tooltip
              labelFormatter={(key) => label(typeof key === 'string' || typeof key === 'number' ? String(key) : '')}
              formatter={(v, _name, item) => {
                const count = (item?.payload as { count?: number } | undefined)?.count ?? 0;
                return [`${formatRupiah(Number(v), lang)} (${t('vouchers.sales.countShort', { count })})`, t('vouchers.sales.amount')];
              }}
            />
            <Bar dataKey="amount" fill="var(--mantine-color-teal-6)" radius={[4, 4, 0, 0]} maxBarSize={56} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </Card>
  );
}
