import { Alert, Anchor, Card, Group, Loader, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { ReconcileAttemptItem, ReconcilePaymentItem } from '../../../../shared/contract';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLanguage } from '../../i18n';
import { formatDateTime, formatRupiah } from '../../lib/format';
import { useCall } from '../../lib/useCall';
import { hrefOf } from '../../store/route';
import { useTimezone } from '../../store/session';

/** One account's paid attempts against the gateway payments in the ledger; everything unmatched in plain words. */
export function ReconcileView({ accountId, from, to }: { accountId: number; from: string; to: string }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const rec = useCall('gateway.reconcile', { accountId, from, to });
  const rp = (n: number) => formatRupiah(n, lang);
  if (rec.loading && !rec.data) return <Loader size="sm" />;
  const r = rec.data;
  const problems = r ? r.paidWithoutPayment.length + r.paymentsWithoutAttempt.length + r.amountDifferences.length + r.reversed.length : 0;
  return (
    <Stack gap="md" data-testid="gw-reconcile">
      <ErrorAlert error={rec.error} />
      {r && (
        <>
          <Card withBorder padding="sm" data-testid="gw-reconcile-matched" data-count={r.matched.count}>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              {t('gateway.reconcile.matched')}
            </Text>
            <SimpleGrid cols={{ base: 2, xs: 4 }} spacing="xs" mt={4}>
              <Text size="sm">{t('gateway.report.countN', { count: r.matched.count })}</Text>
              <Text size="sm">
                {t('gateway.report.cols.gross')}: {rp(r.matched.gross)}
              </Text>
              <Text size="sm">
                {t('gateway.report.cols.fee')}: {rp(r.matched.fee)}
              </Text>
              <Text size="sm" fw={600}>
                {t('gateway.reconcile.inLedger')}: {rp(r.matched.ledger)}
              </Text>
            </SimpleGrid>
          </Card>
          {r.vouchers.count > 0 && (
            <Card withBorder padding="sm" data-testid="gw-reconcile-vouchers" data-count={r.vouchers.count}>
              <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                {t('gateway.reconcile.vouchers')}
              </Text>
              <SimpleGrid cols={{ base: 2, xs: 4 }} spacing="xs" mt={4}>
                <Text size="sm">{t('gateway.report.countN', { count: r.vouchers.count })}</Text>
                <Text size="sm">
                  {t('gateway.report.cols.gross')}: {rp(r.vouchers.gross)}
                </Text>
                <Text size="sm">
                  {t('gateway.report.cols.fee')}: {rp(r.vouchers.fee)}
                </Text>
                <Text size="sm" fw={600}>
                  {t('gateway.report.cols.net')}: {rp(r.vouchers.net)}
                </Text>
              </SimpleGrid>
              <Text size="xs" c="dimmed" mt={4}>
                {t('gateway.reconcile.vouchersExplain')}
              </Text>
            </Card>
          )}
          {problems === 0 ? (
            <Alert color="green" icon={<IconCircleCheck size={18} />} data-testid="gw-reconcile-clean">
              {t('gateway.reconcile.clean')}
            </Alert>
          ) : (
            <>
              <Section title={t('gateway.reconcile.paidWithoutPayment')} explain={t('gateway.reconcile.paidWithoutPaymentExplain')} items={r.paidWithoutPayment} kind="missing" />
              <Section title={t('gateway.reconcile.amountDifferences')} explain={t('gateway.reconcile.amountDifferencesExplain')} items={r.amountDifferences} kind="amount" />
              <Section title={t('gateway.reconcile.reversed')} explain={t('gateway.reconcile.reversedExplain')} items={r.reversed} kind="reversed" />
              <Orphans items={r.paymentsWithoutAttempt} />
            </>
          )}
        </>
      )}
    </Stack>
  );
}

function Section({ title, explain, items, kind }: { title: string; explain: string; items: ReconcileAttemptItem[]; kind: 'missing' | 'amount' | 'reversed' }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const tz = useTimezone();
  const rp = (n: number) => formatRupiah(n, lang);
  if (items.length === 0) return null;
  const line = (i: ReconcileAttemptItem): string => {
    const base = { order: i.orderId, customer: i.customerName || '—', paid: rp(i.paid), at: formatDateTime(i.paidAt, tz, lang) };
    if (kind === 'missing') return t('gateway.reconcile.lineMissing', { ...base, expected: rp(i.expected) });
    if (kind === 'reversed') return t('gateway.reconcile.lineReversed', { ...base, number: i.paymentNumber ?? '', ledger: rp(i.ledger ?? 0), reason: i.reverseReason ?? '', when: formatDateTime(i.reversedAt, tz, lang) });
    if (i.paid !== i.asked) return t('gateway.reconcile.linePaidOther', { ...base, asked: rp(i.asked), ledger: rp(i.ledger ?? 0) });
    return t('gateway.reconcile.lineLedgerOther', { ...base, expected: rp(i.expected), ledger: rp(i.ledger ?? 0), number: i.paymentNumber ?? '' });
  };
  return (
    <Card withBorder padding="sm" data-testid={`gw-reconcile-${kind}`}>
      <Text fw={600}>
        {title} ({items.length})
      </Text>
      <Text size="xs" c="dimmed" mb="xs">
        {explain}
      </Text>
      <Stack gap={6}>
        {items.map((i) => (
          <Group key={i.attemptId} gap="xs" wrap="nowrap" align="flex-start" data-testid="gw-reconcile-item">
            <Text size="sm" style={{ flex: 1 }}>
              {line(i)}
            </Text>
            <Anchor href={hrefOf(`online/${i.attemptId}`)} size="sm">
              {t('gateway.reconcile.open')}
            </Anchor>
          </Group>
        ))}
      </Stack>
    </Card>
  );
}

function Orphans({ items }: { items: ReconcilePaymentItem[] }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const tz = useTimezone();
  if (items.length === 0) return null;
  return (
    <Card withBorder padding="sm" data-testid="gw-reconcile-orphans">
      <Text fw={600}>
        {t('gateway.reconcile.withoutAttempt')} ({items.length})
      </Text>
      <Text size="xs" c="dimmed" mb="xs">
        {t('gateway.reconcile.withoutAttemptExplain')}
      </Text>
      <Stack gap={6}>
        {items.map((p) => (
          <Text key={p.paymentId} size="sm" data-testid="gw-reconcile-item">
            {t('gateway.reconcile.lineOrphan', {
              number: p.number,
              customer: p.customerName || '—',
              amount: formatRupiah(p.amount, lang),
              at: formatDateTime(p.receivedAt, tz, lang),
              reference: p.reference || '—',
            })}
            {p.reversedAt ? ` ${t('gateway.reconcile.alsoReversed')}` : ''}
          </Text>
        ))}
      </Stack>
    </Card>
  );
}
