import { Anchor, Badge, Button, Card, Group, Loader, Stack, Switch, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconMessageReply } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WaInboundDto } from '../../../../shared/contract/whatsapp';
import { call } from '../../api/client';
import { Forbidden } from '../../components/Forbidden';
import { useLanguage } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { isForbidden, useCall } from '../../lib/useCall';
import { usePoll } from '../../lib/usePoll';
import { hrefOf, navigate } from '../../store/route';
import { useTimezone } from '../../store/session';
import { WaErrorAlert, WaErrorText } from './waText';
import { ListEnd } from '../../components/ListEnd';

const PAGE_SIZE = 25;

/** What customers sent: unread first to read, "Reply" opens the customer's conversation. */
export function InboxTab({ onRead }: { onRead: () => void }) {
  const { t } = useTranslation();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [page, setPage] = useState(1);
  const list = useCall('wa.inbox', { page, pageSize: PAGE_SIZE, unreadOnly });
  usePoll(list.reload, 5000);
  if (isForbidden(list.error)) return <Forbidden />;
  const items = list.data?.items ?? [];
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / PAGE_SIZE)) : 1;
  const changed = () => {
    void list.reload();
    onRead();
  };
  return (
    <div data-testid="wa-inbox">
      <Group gap="sm" mb="sm">
        <Switch
          label={t('whatsapp.inbox.unreadOnly')}
          checked={unreadOnly}
          onChange={(e) => {
            setUnreadOnly(e.currentTarget.checked);
            setPage(1);
          }}
          data-testid="wa-inbox-unread"
        />
        {list.loading && !list.data && <Loader size="sm" />}
      </Group>
      <WaErrorAlert error={list.error} />
      {list.data && items.length > 0 && (
        <Text size="sm" mb="xs" c="dimmed">
          {t('whatsapp.inbox.summary', { count: list.data.total })}
        </Text>
      )}
      <Stack gap="xs" maw={860}>
        {items.map((m) => (
          <InboundCard key={m.id} m={m} onChanged={changed} />
        ))}
      </Stack>
      <ListEnd loaded={!!list.data} count={items.length} empty={unreadOnly ? t('whatsapp.inbox.emptyUnread') : t('whatsapp.inbox.empty')} emptyTestId="wa-inbox-empty" page={page} pages={pages} onPage={setPage} />
    </div>
  );
}

function InboundCard({ m, onChanged }: { m: WaInboundDto; onChanged: () => void }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const tz = useTimezone();
  const [busy, setBusy] = useState(false);
  const unread = m.readAt === null;
  const markRead = async () => {
    setBusy(true);
    try {
      await call('wa.markRead', { ids: [m.id] });
      notifications.show({ color: 'green', message: t('whatsapp.inbox.marked') });
      onChanged();
    } catch (err) {
      notifications.show({ color: 'red', message: <WaErrorText error={err} /> });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card withBorder padding="sm" data-testid="wa-inbound" data-id={m.id} data-unread={unread} style={unread ? { borderLeft: '4px solid var(--mantine-color-green-6)' } : undefined}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
        <div style={{ minWidth: 0 }}>
          <Group gap={6}>
            {m.customerId ? (
              <Anchor href={hrefOf(`customers/${m.customerId}`)} fw={600} size="sm">
                {m.customerName || m.from}
              </Anchor>
            ) : (
              <Text fw={600} size="sm">
                {m.from}
              </Text>
            )}
            {unread && (
              <Badge size="xs" color="green">
                {t('whatsapp.inbox.unread')}
              </Badge>
            )}
          </Group>
          <Text size="xs" c="dimmed">
            {m.customerId ? `${m.from} · ` : `${t('whatsapp.inbox.unknown')} · `}
            {formatDateTime(m.receivedAt, tz, lang)} · {t(`whatsapp.handling.${m.handling}`)}
          </Text>
        </div>
      </Group>
      <Text size="sm" mt={6} style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }} data-testid="wa-inbound-body">
        {m.body}
      </Text>
      <Group gap="xs" mt="xs">
        {m.customerId && (
          <Button size="xs" leftSection={<IconMessageReply size={14} />} onClick={() => navigate(`customers/${m.customerId}?tab=whatsapp`)} data-testid="wa-reply">
            {t('whatsapp.inbox.reply')}
          </Button>
        )}
        {unread && (
          <Button size="xs" variant="default" leftSection={<IconCheck size={14} />} loading={busy} onClick={() => void markRead()} data-testid="wa-mark-read">
            {t('whatsapp.inbox.markRead')}
          </Button>
        )}
      </Group>
    </Card>
  );
}
