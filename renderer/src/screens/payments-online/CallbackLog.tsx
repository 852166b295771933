import { Badge, Button, Card, Code, Collapse, Group, Loader, Pagination, Select, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PaymentCallbackDto } from '../../../../shared/contract';
import { Forbidden } from '../../components/Forbidden';
import { useLanguage } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { isForbidden, useCall } from '../../lib/useCall';
import { useCan, useTimezone } from '../../store/session';
import { GatewayErrorAlert, useCallbackReason } from './gatewayText';

const PAGE_SIZE = 25;
type Result = 'accepted' | 'refused';

/** Every callback a gateway sent, accepted or refused with the reason; the raw body on demand. */
export function CallbackLog() {
  const { t } = useTranslation();
  const canSettings = useCan('settings.read');
  const [result, setResult] = useState<Result | null>(null);
  const [q, setQ] = useState('');
  const [orderId] = useDebouncedValue(q.trim(), 300);
  const [page, setPage] = useState(1);
  const accounts = useCall('gateway.accounts', {}, canSettings);
  const list = useCall('gateway.callbacks', { page, pageSize: PAGE_SIZE, accepted: result === null ? undefined : result === 'accepted', orderId: orderId || undefined });
  if (isForbidden(list.error)) return <Forbidden />;
  const names = new Map((accounts.data ?? []).map((a) => [a.id, a.name]));
  const items = list.data?.items ?? [];
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / PAGE_SIZE)) : 1;
  return (
    <div data-testid="online-callbacks">
      <Text size="sm" c="dimmed" mb="sm" maw={760}>
        {t('gateway.callbacks.intro')}
      </Text>
      <Group gap="sm" align="flex-end" mb="sm">
        <Select<Result>
          label={t('gateway.callbacks.result')}
          placeholder={t('gateway.callbacks.anyResult')}
          value={result}
          onChange={(v) => {
            setResult(v);
            setPage(1);
          }}
          data={[
            { value: 'accepted', label: t('gateway.callbacks.accepted') },
            { value: 'refused', label: t('gateway.callbacks.refused') },
          ]}
          clearable
          w={{ base: '48%', xs: 180 }}
          data-testid="callbacks-result"
        />
        <TextInput
          label={t('gateway.callbacks.orderId')}
          leftSection={<IconSearch size={16} />}
          value={q}
          onChange={(e) => {
            setQ(e.currentTarget.value);
            setPage(1);
          }}
          w={{ base: '48%', xs: 220 }}
          data-testid="callbacks-order"
        />
        {list.loading && <Loader size="sm" />}
      </Group>
      <GatewayErrorAlert error={list.error} />
      <Stack gap="xs" data-testid="callbacks-table">
        {items.map((c) => (
          <CallbackRow key={c.id} c={c} account={c.accountId !== null ? (names.get(c.accountId) ?? `#${c.accountId}`) : '—'} />
        ))}
      </Stack>
      {list.data && items.length === 0 && (
        <Card withBorder padding="lg">
          <Text c="dimmed" ta="center" data-testid="callbacks-empty">
            {t('gateway.callbacks.empty')}
          </Text>
        </Card>
      )}
      {pages > 1 && (
        <Group justify="center" mt="md">
          <Pagination value={page} onChange={setPage} total={pages} size="sm" />
        </Group>
      )}
    </div>
  );
}

function CallbackRow({ c, account }: { c: PaymentCallbackDto; account: string }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const tz = useTimezone();
  const reason = useCallbackReason();
  const [open, setOpen] = useState(false);
  return (
    <Card withBorder padding="sm" data-testid="callback-row" data-accepted={c.accepted}>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
        <div style={{ minWidth: 0 }}>
          <Group gap="xs">
            <Badge color={c.accepted ? 'green' : 'red'} variant="light">
              {c.accepted ? t('gateway.callbacks.accepted') : t('gateway.callbacks.refused')}
            </Badge>
            <Text size="sm" fw={500}>
              {formatDateTime(c.at, tz, lang)}
            </Text>
          </Group>
          <Text size="xs" c="dimmed" mt={4}>
            {t('gateway.callbacks.account')}: {account} ({c.gateway}) · {t('gateway.callbacks.from')}: {c.remoteIp || '—'}
          </Text>
          <Text size="xs" c="dimmed">
            {t('gateway.callbacks.orderId')}: <span style={{ fontFamily: 'monospace' }}>{c.orderId ?? '—'}</span>
          </Text>
          {c.reason && (
            <Text size="sm" c={c.accepted ? undefined : 'red.8'} data-testid="callback-reason">
              {reason(c.reason)}
            </Text>
          )}
        </div>
        <Button size="xs" variant="subtle" onClick={() => setOpen((o) => !o)} data-testid="callback-body-toggle">
          {open ? t('gateway.callbacks.hideBody') : t('gateway.callbacks.showBody')}
        </Button>
      </Group>
      <Collapse expanded={open}>
        <Text size="xs" c="dimmed" mt="xs">
          {t('gateway.callbacks.body')} ({c.contentType || '—'})
        </Text>
        <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }} data-testid="callback-body">
          {c.body}
        </Code>
      </Collapse>
    </Card>
  );
}
