import { Badge, Button, Card, Group, Loader, Select, Stack, Switch, Table, Text } from '@mantine/core';
import { IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ATTEMPT_STATES, type AttemptState, type PaymentAttemptDto } from '../../../../shared/contract';
import { Forbidden } from '../../components/Forbidden';
import { useLanguage } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { isForbidden, useCall } from '../../lib/useCall';
import { useIsPhone } from '../../lib/useIsPhone';
import { hrefOf, navigate } from '../../store/route';
import { useCan, useTimezone } from '../../store/session';
import { useRupiah } from '../invoices/money';
import { GatewayErrorAlert, StateBadge } from './gatewayText';
import { ListEnd } from '../../components/ListEnd';

const PAGE_SIZE = 25;

/** Payment attempts, newest first; `review` = only those waiting for a person, with the reason in words. */
export function AttemptList({ review }: { review: boolean }) {
  const { t } = useTranslation();
  const phone = useIsPhone();
  const canSettings = useCan('settings.read');
  const [state, setState] = useState<AttemptState | null>(null);
  const [accountId, setAccountId] = useState<number | null>(null);
  const [onlyReview, setOnlyReview] = useState(false);
  const [page, setPage] = useState(1);
  const accounts = useCall('gateway.accounts', {}, canSettings);
  const list = useCall('gateway.attempts', { page, pageSize: PAGE_SIZE, state: state ?? undefined, accountId: accountId ?? undefined, needsReview: review || onlyReview ? true : undefined });
  if (isForbidden(list.error)) return <Forbidden />;
  const filter = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setPage(1);
  };
  const filtered = state !== null || accountId !== null || onlyReview;
  const items = list.data?.items ?? [];
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / PAGE_SIZE)) : 1;
  const empty = review ? t('gateway.screen.reviewEmpty') : filtered ? t('gateway.screen.emptyFiltered') : t('gateway.screen.empty');

  return (
    <div data-testid={review ? 'online-review' : 'online-attempts'}>
      {review && (
        <Text size="sm" c="dimmed" mb="sm" maw={760}>
          {t('gateway.screen.reviewIntro')}
        </Text>
      )}
      <Group gap="sm" align="flex-end" mb="sm" data-testid="attempts-filters">
        <Select<AttemptState>
          label={t('gateway.screen.state')}
          placeholder={t('gateway.screen.anyState')}
          value={state}
          onChange={filter(setState)}
          data={ATTEMPT_STATES.map((s) => ({ value: s, label: t(`gateway.states.${s}`) }))}
          clearable
          w={{ base: '48%', xs: 180 }}
          data-testid="attempts-state"
        />
        {canSettings && (
          <Select<number>
            label={t('gateway.screen.account')}
            placeholder={t('gateway.screen.anyAccount')}
            value={accountId}
            onChange={filter(setAccountId)}
            data={(accounts.data ?? []).map((a) => ({ value: a.id, label: a.name }))}
            clearable
            w={{ base: '48%', xs: 220 }}
            data-testid="attempts-account"
          />
        )}
        {!review && <Switch label={t('gateway.screen.needsReviewOnly')} checked={onlyReview} onChange={(e) => filter(setOnlyReview)(e.currentTarget.checked)} mb={8} data-testid="attempts-needs-review" />}
        {filtered && (
          <Button variant="subtle" leftSection={<IconX size={14} />} onClick={() => { setState(null); setAccountId(null); setOnlyReview(false); setPage(1); }} data-testid="attempts-clear">
            {t('billing.common.showAll')}
          </Button>
        )}
        {list.loading && <Loader size="sm" />}
      </Group>
      <GatewayErrorAlert error={list.error} />
      {list.data && items.length > 0 && (
        <Text size="sm" mb="xs" c="dimmed" data-testid="attempts-summary">
          {t('gateway.screen.summary', { count: list.data.total })}
        </Text>
      )}
      {items.length > 0 &&
        (phone ? (
          <Stack gap="xs" data-testid="attempts-table">
            {items.map((a) => <AttemptCard key={a.id} a={a} />)}
          </Stack>
        ) : (
          <Card withBorder padding={0}>
            <Table.ScrollContainer minWidth={820}>
              <Table verticalSpacing="sm" highlightOnHover data-testid="attempts-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('gateway.screen.created')}</Table.Th>
                    <Table.Th>{t('gateway.screen.customer')}</Table.Th>
                    <Table.Th>{t('gateway.screen.purpose')}</Table.Th>
                    <Table.Th>{t('gateway.screen.account')}</Table.Th>
                    <Table.Th>{t('gateway.screen.method')}</Table.Th>
                    <Table.Th>{t('gateway.screen.state')}</Table.Th>
                    <Table.Th ta="right">{t('gateway.screen.amount')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((a) => <AttemptRow key={a.id} a={a} />)}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Card>
        ))}
      <ListEnd loaded={!!list.data} count={items.length} empty={empty} emptyTestId="attempts-empty" page={page} pages={pages} onPage={setPage} pagesTestId="attempts-pages" />
    </div>
  );
}

function useAttemptText() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const tz = useTimezone();
  const rupiah = useRupiah();
  return (a: PaymentAttemptDto) => ({
    when: formatDateTime(a.createdAt, tz, lang),
    // A shop purchase has no customer: what was bought, and the buyer's WhatsApp number when given.
    who: a.purpose === 'voucher' ? t('gateway.screen.voucherFor', { profile: a.voucherProfileName || '—' }) : a.customerName || '—',
    buyer: a.purpose === 'voucher' && a.buyerPhone ? t('gateway.screen.buyer', { phone: a.buyerPhone }) : null,
    purpose: t(`gateway.purposes.${a.purpose}`),
    method: a.method || '—',
    amount: rupiah(a.amount),
    reason: a.needsReview && a.reviewReason ? t(`gateway.reasons.${a.reviewReason}`) : null,
  });
}

function ReviewBadge({ a }: { a: PaymentAttemptDto }) {
  const { t } = useTranslation();
  if (a.reviewedAt)
    return (
      <Badge size="xs" color="gray" variant="light">
        {t('gateway.screen.reviewed')}
      </Badge>
    );
  if (!a.needsReview) return null;
  return (
    <Badge size="xs" color="orange" data-testid="attempt-needs-review">
      {t('gateway.screen.needsReview')}
    </Badge>
  );
}

function AttemptRow({ a }: { a: PaymentAttemptDto }) {
  const x = useAttemptText()(a);
  return (
    <Table.Tr style={{ cursor: 'pointer' }} onClick={() => navigate(`online/${a.id}`)} data-testid="attempt-row" data-order={a.orderId}>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <Text size="sm">{x.when}</Text>
        <Text size="xs" c="dimmed" ff="monospace">
          {a.orderId}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{x.who}</Text>
        {x.buyer && (
          <Text size="xs" c="dimmed" data-testid="attempt-buyer">
            {x.buyer}
          </Text>
        )}
        {x.reason && (
          <Text size="xs" c="orange.8" data-testid="attempt-reason">
            {x.reason}
          </Text>
        )}
      </Table.Td>
      <Table.Td>{x.purpose}</Table.Td>
      <Table.Td>{a.accountName}</Table.Td>
      <Table.Td>{x.method}</Table.Td>
      <Table.Td>
        <Group gap={4}>
          <StateBadge state={a.state} />
          <ReviewBadge a={a} />
        </Group>
      </Table.Td>
      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
        <Text size="sm" fw={600}>
          {x.amount}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}

function AttemptCard({ a }: { a: PaymentAttemptDto }) {
  const x = useAttemptText()(a);
  return (
    <Card withBorder padding="sm" component="a" href={hrefOf(`online/${a.id}`)} data-testid="attempt-row" data-order={a.orderId}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <div style={{ minWidth: 0 }}>
          <Text fw={600} truncate="end">
            {x.who}
          </Text>
          {x.buyer && (
            <Text size="xs" c="dimmed" data-testid="attempt-buyer">
              {x.buyer}
            </Text>
          )}
          <Text size="xs" c="dimmed">
            {x.purpose} · {x.when}
          </Text>
          <Text size="xs" c="dimmed">
            {a.accountName} · {x.method}
          </Text>
          {x.reason && (
            <Text size="xs" c="orange.8" data-testid="attempt-reason">
              {x.reason}
            </Text>
          )}
        </div>
        <Stack gap={4} align="flex-end">
          <Text fw={700} style={{ whiteSpace: 'nowrap' }}>
            {x.amount}
          </Text>
          <StateBadge state={a.state} />
          <ReviewBadge a={a} />
        </Stack>
      </Group>
    </Card>
  );
}
