import { Alert, Anchor, Badge, Button, Card, Group, Loader, SimpleGrid, Stack, Text, Timeline } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCircleCheck, IconRefresh } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { PaymentAttemptDetailDto } from '../../../../shared/contract';
import { call } from '../../api/client';
import { Forbidden } from '../../components/Forbidden';
import { PageTitle } from '../../components/PageTitle';
import { useLanguage } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { isForbidden, useCall } from '../../lib/useCall';
import { hrefOf } from '../../store/route';
import { useCan, useTimezone } from '../../store/session';
import { BackLink } from '../invoices/BackLink';
import { useRupiah } from '../invoices/money';
import { GatewayErrorAlert, StateBadge } from './gatewayText';
import { ReviewModal } from './ReviewModal';

/** One payment attempt: what was asked, how to pay it, what it became, its history; check it now or mark it reviewed. */
export function AttemptPage({ id }: { id: number }) {
  const { t } = useTranslation();
  const canCollect = useCan('payments.collect');
  const canManage = useCan('billing.manage');
  const res = useCall('gateway.attempt', { id });
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [reviewing, setReviewing] = useState(false);
  if (isForbidden(res.error)) return <Forbidden />;
  const a = res.data;

  const check = async () => {
    setChecking(true);
    setError(null);
    try {
      const after = await call('gateway.checkAttempt', { id });
      notifications.show({ color: after.state === 'paid' ? 'green' : 'blue', message: t('gateway.detail.checked', { state: t(`gateway.states.${after.state}`) }) });
      await res.reload();
    } catch (err) {
      setError(err);
    } finally {
      setChecking(false);
    }
  };

  return (
    <Stack gap={0} data-testid="screen-online-attempt">
      <BackLink to="online" label={t('gateway.detail.back')} />
      {!a && res.loading && <Loader size="sm" />}
      <GatewayErrorAlert error={res.error} />
      {a && (
        <>
          <PageTitle title={t('gateway.detail.title', { orderId: a.orderId })} description={`${a.purpose === 'voucher' ? t('gateway.screen.voucherFor', { profile: a.voucherProfileName || '—' }) : `${a.customerName || '—'} · ${t(`gateway.purposes.${a.purpose}`)}`} · ${a.accountName}`}>
            <StateBadge state={a.state} />
          </PageTitle>
          <Stack gap="md" maw={900}>
            <ReviewBox a={a} canManage={canManage} onReview={() => setReviewing(true)} />
            <Group gap="sm" align="center">
              {canCollect && (
                <Button variant={a.state === 'pending' ? 'filled' : 'default'} leftSection={<IconRefresh size={16} />} onClick={() => void check()} loading={checking} data-testid="attempt-check">
                  {t('gateway.detail.check')}
                </Button>
              )}
              {canCollect && (
                <Text size="xs" c="dimmed" maw={420}>
                  {t('gateway.detail.checkHint')}
                </Text>
              )}
            </Group>
            <GatewayErrorAlert error={error} testId="attempt-check-error" />
            <Facts a={a} />
            <Events a={a} />
          </Stack>
          <ReviewModal
            attempt={reviewing ? a : null}
            onClose={() => setReviewing(false)}
            onDone={() => {
              setReviewing(false);
              void res.reload();
            }}
          />
        </>
      )}
    </Stack>
  );
}

function ReviewBox({ a, canManage, onReview }: { a: PaymentAttemptDetailDto; canManage: boolean; onReview: () => void }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const tz = useTimezone();
  if (a.reviewedAt)
    return (
      <Alert color="gray" variant="light" icon={<IconCircleCheck size={18} />} data-testid="attempt-reviewed">
        {a.reviewReason && <Text size="sm">{t(`gateway.reasons.${a.reviewReason}`)}</Text>}
        <Text size="sm">{t('gateway.detail.reviewedAt', { at: formatDateTime(a.reviewedAt, tz, lang), note: a.reviewNote })}</Text>
      </Alert>
    );
  if (!a.needsReview) return null;
  return (
    <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} title={t('gateway.detail.reviewTitle')} data-testid="attempt-review">
      <Text size="sm" data-testid="attempt-reason">
        {a.reviewReason ? t(`gateway.reasons.${a.reviewReason}`) : ''}
      </Text>
      {canManage && (
        <Button size="xs" mt="sm" color="orange" onClick={onReview} data-testid="attempt-mark-reviewed">
          {t('gateway.detail.markReviewed')}
        </Button>
      )}
    </Alert>
  );
}

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div data-testid={testId}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <div style={{ wordBreak: 'break-all' }}>{children}</div>
    </div>
  );
}

function Facts({ a }: { a: PaymentAttemptDetailDto }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const tz = useTimezone();
  const rupiah = useRupiah();
  const when = (iso: string | null) => (iso ? formatDateTime(iso, tz, lang) : t('gateway.detail.never'));
  return (
    <Card withBorder padding="md">
      <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="md" verticalSpacing="sm">
        <Fact label={t('gateway.detail.amount')} testId="attempt-amount">
          <Text fw={700}>{rupiah(a.amount)}</Text>
        </Fact>
        <Fact label={t('gateway.detail.fee')}>
          <Text size="sm">{rupiah(a.fee)}</Text>
        </Fact>
        <Fact label={t('gateway.detail.method')}>
          <Text size="sm">{a.method || t('gateway.detail.methodPage')}</Text>
        </Fact>
        {a.payCode && (
          <Fact label={t('gateway.detail.payCode')} testId="attempt-pay-code">
            <Text size="lg" fw={700} ff="monospace">
              {a.payCode}
            </Text>
          </Fact>
        )}
        {a.paymentUrl && (
          <Fact label={t('gateway.detail.paymentUrl')}>
            <Anchor href={a.paymentUrl} target="_blank" rel="noreferrer" size="sm">
              {a.paymentUrl}
            </Anchor>
          </Fact>
        )}
        <Fact label={t('gateway.detail.expiresAt')}>
          <Text size="sm">{a.expiresAt ? formatDateTime(a.expiresAt, tz, lang) : '—'}</Text>
        </Fact>
        <Fact label={t('gateway.detail.orderId')}>
          <Text size="sm" ff="monospace">
            {a.orderId}
          </Text>
        </Fact>
        {a.gatewayRef && (
          <Fact label={t('gateway.detail.gatewayRef')}>
            <Text size="sm" ff="monospace">
              {a.gatewayRef}
            </Text>
          </Fact>
        )}
        {a.invoiceId !== null && (
          <Fact label={t('gateway.detail.invoice')}>
            <Anchor href={hrefOf(`invoices/${a.invoiceId}`)} size="sm">
              {t('gateway.detail.openInvoice')}
            </Anchor>
          </Fact>
        )}
        {a.purpose === 'voucher' && <VoucherFacts a={a} />}
        {/* A voucher sale is no customer payment: "not a payment yet" would only confuse there. */}
        {(a.purpose !== 'voucher' || a.paymentId !== null) && (
          <Fact label={t('gateway.detail.payment')} testId="attempt-payment">
            {a.paymentId !== null ? (
              <Anchor href={hrefOf(`payments/${a.paymentId}`)} size="sm" ff="monospace">
                {a.paymentNumber ?? `#${a.paymentId}`}
              </Anchor>
            ) : (
              <Text size="sm" c="dimmed">
                {t('gateway.detail.noPayment')}
              </Text>
            )}
          </Fact>
        )}
        <Fact label={t('gateway.detail.lastChecked')}>
          <Text size="sm">{when(a.lastCheckedAt)}</Text>
        </Fact>
        {a.state === 'pending' && (
          <Fact label={t('gateway.detail.nextCheck')}>
            <Text size="sm">{when(a.nextCheckAt)}</Text>
          </Fact>
        )}
      </SimpleGrid>
      {a.qrString && (
        <Fact label={t('gateway.detail.qrString')}>
          <Text size="xs" ff="monospace" mt={4}>
            {a.qrString}
          </Text>
        </Fact>
      )}
    </Card>
  );
}

/** A shop purchase: the voucher the confirmed payment delivered (or that none was yet), and the buyer's WhatsApp. */
function VoucherFacts({ a }: { a: PaymentAttemptDetailDto }) {
  const { t } = useTranslation();
  return (
    <>
      <Fact label={t('gateway.detail.voucherCode')} testId="attempt-voucher">
        {a.voucherCode ? (
          <Text size="lg" fw={700} ff="monospace" data-testid="attempt-voucher-code">
            {a.voucherCode}
          </Text>
        ) : (
          <Text size="sm" c={a.state === 'paid' ? 'orange.8' : 'dimmed'} data-testid="attempt-voucher-pending">
            {a.state === 'paid' ? t('gateway.detail.voucherMissing') : t('gateway.detail.voucherPending')}
          </Text>
        )}
      </Fact>
      {a.buyerPhone && (
        <Fact label={t('gateway.detail.buyerPhone')} testId="attempt-buyer">
          <Text size="sm" ff="monospace">
            {a.buyerPhone}
          </Text>
        </Fact>
      )}
    </>
  );
}

const SOURCE_COLOR = { callback: 'grape', poll: 'blue', staff: 'teal', create: 'gray' } as const;

function Events({ a }: { a: PaymentAttemptDetailDto }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const tz = useTimezone();
  return (
    <Card withBorder padding="md">
      <Text fw={600} mb="sm">
        {t('gateway.detail.events')}
      </Text>
      {a.events.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('gateway.detail.noEvents')}
        </Text>
      ) : (
        <Timeline bulletSize={12} lineWidth={2} data-testid="attempt-events">
          {a.events.map((e) => (
            <Timeline.Item
              key={e.id}
              data-testid="attempt-event"
              data-source={e.source}
              title={
                <Group gap="xs">
                  <Badge size="sm" variant="light" color={SOURCE_COLOR[e.source]}>
                    {t(`gateway.sources.${e.source}`)}
                  </Badge>
                  <Text size="sm">
                    {e.fromState && e.fromState !== e.toState ? `${t(`gateway.states.${e.fromState}`)} → ` : ''}
                    {t(`gateway.states.${e.toState}`)}
                  </Text>
                </Group>
              }
            >
              <Text size="xs" c="dimmed">
                {formatDateTime(e.at, tz, lang)}
              </Text>
              {e.detail && (
                <Text size="xs" c="dimmed" style={{ wordBreak: 'break-word' }}>
                  {e.detail}
                </Text>
              )}
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </Card>
  );
}
