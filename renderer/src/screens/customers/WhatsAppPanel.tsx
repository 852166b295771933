import { Alert, Anchor, Badge, Box, Button, Card, Group, Loader, Paper, ScrollArea, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBrandWhatsapp, IconInfoCircle, IconSend } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerDto } from '../../../../shared/contract';
import type { WaConversationItem } from '../../../../shared/contract/whatsapp';
import { call } from '../../api/client';
import { Forbidden } from '../../components/Forbidden';
import { useLanguage } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { isForbidden, useCall } from '../../lib/useCall';
import { usePoll } from '../../lib/usePoll';
import { hrefOf } from '../../store/route';
import { useCan, useTimezone } from '../../store/session';
import { StateTicks, WaErrorAlert } from '../whatsapp/waText';

/** A customer's WhatsApp: number and consent, the conversation in both directions, and a message to send. */
export function WhatsAppPanel({ customer: c }: { customer: CustomerDto }) {
  const { t } = useTranslation();
  const canManage = useCan('customers.manage');
  const conv = useCall('wa.conversation', { customerId: c.id, limit: 200 });
  const contact = useCall('wa.contact', { customerId: c.id });
  usePoll(conv.reload, 5000);
  const items = conv.data ?? [];
  const viewport = useRef<HTMLDivElement>(null);
  const last = items.length ? `${items[items.length - 1]!.direction}:${items[items.length - 1]!.id}` : '';

  // What the customer sent is read once it is on screen here.
  const unread = items.filter((m) => m.direction === 'in' && m.readAt === null).map((m) => m.id);
  const unreadKey = unread.join(',');
  useEffect(() => {
    if (!unreadKey) return;
    void call('wa.markRead', { ids: unreadKey.split(',').map(Number) }).catch(() => undefined);
  }, [unreadKey]);
  // The newest message in view, as on a phone.
  useEffect(() => {
    viewport.current?.scrollTo({ top: viewport.current.scrollHeight });
  }, [last]);

  if (isForbidden(conv.error)) return <Forbidden />;
  const blocked = !c.whatsapp ? t('whatsapp.panel.cantNoNumber') : !c.waOptIn ? t('whatsapp.panel.cantOptOut') : !canManage ? t('whatsapp.panel.cantRole') : null;
  return (
    <Stack gap="sm" maw={760} data-testid="customer-whatsapp">
      <Group gap="xs">
        <IconBrandWhatsapp size={18} />
        <Text size="sm" fw={600} data-testid="wa-panel-number">
          {c.whatsapp ?? t('whatsapp.panel.noNumber')}
        </Text>
        <Badge color={c.waOptIn ? 'green' : 'gray'} variant="light" data-testid="wa-panel-optin" data-optin={c.waOptIn}>
          {c.waOptIn ? t('whatsapp.panel.optIn') : t('whatsapp.panel.optOut')}
        </Badge>
        {contact.data?.onWhatsapp === false && (
          <Badge color="red" variant="light" data-testid="wa-panel-not-on-wa">
            {t('whatsapp.panel.notOnWhatsapp')}
          </Badge>
        )}
        <Anchor href={hrefOf('whatsapp')} size="xs" ml="auto">
          {t('whatsapp.panel.outboxLink')}
        </Anchor>
      </Group>
      <WaErrorAlert error={conv.error} />
      <Card withBorder padding={0} bg="var(--mantine-color-gray-light)">
        <ScrollArea.Autosize mah={460} viewportRef={viewport}>
          <Stack gap={6} p="sm" data-testid="wa-conversation">
            {!conv.data && conv.loading && <Loader size="sm" />}
            {conv.data && items.length === 0 && (
              <Text size="sm" c="dimmed" ta="center" py="md" data-testid="wa-conversation-empty">
                {t('whatsapp.panel.empty')}
              </Text>
            )}
            {items.map((m) => (
              <Bubble key={`${m.direction}:${m.id}`} m={m} />
            ))}
          </Stack>
        </ScrollArea.Autosize>
      </Card>
      {blocked ? (
        <Alert color="gray" variant="light" icon={<IconInfoCircle size={18} />} data-testid="wa-send-blocked">
          {blocked}
        </Alert>
      ) : (
        <SendBox customerId={c.id} onSent={() => void conv.reload()} />
      )}
    </Stack>
  );
}

function Bubble({ m }: { m: WaConversationItem }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const tz = useTimezone();
  const out = m.direction === 'out';
  const when = formatDateTime(out ? m.createdAt : m.receivedAt, tz, lang);
  return (
    <Box style={{ display: 'flex', justifyContent: out ? 'flex-end' : 'flex-start' }}>
      <Paper
        px="sm"
        py={6}
        radius="md"
        shadow="xs"
        maw="85%"
        bg={out ? 'var(--mantine-color-green-light)' : 'var(--mantine-color-body)'}
        data-testid="wa-bubble"
        data-direction={m.direction}
        data-state={out ? m.state : undefined}
      >
        {out && m.kind !== 'manual' && (
          <Text size="xs" c="dimmed" fw={500}>
            {t(`whatsapp.kinds.${m.kind}`)}
          </Text>
        )}
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
          {m.body}
        </Text>
        <Group gap={4} justify="flex-end" mt={2}>
          <Text size="xs" c="dimmed">
            {when}
            {out && m.createdBy ? ` · ${m.createdBy}` : ''}
          </Text>
          {out && <StateTicks state={m.state} />}
        </Group>
        {out && m.state === 'failed' && m.error && (
          <Text size="xs" c="red.7" data-testid="wa-bubble-error">
            {m.error}
          </Text>
        )}
        {!out && m.handling !== 'inbox' && (
          <Text size="xs" c="dimmed">
            {t(`whatsapp.handling.${m.handling}`)}
          </Text>
        )}
      </Paper>
    </Box>
  );
}

function SendBox({ customerId, onSent }: { customerId: number; onSent: () => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      await call('wa.send', { customerId, text: text.trim() });
      setText('');
      notifications.show({ color: 'green', message: t('whatsapp.panel.sent') });
      onSent();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap={6}>
      <Textarea
        label={t('whatsapp.panel.write')}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        autosize
        minRows={2}
        maxRows={8}
        maxLength={4000}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && text.trim()) void send();
        }}
        data-testid="wa-send-text"
      />
      <WaErrorAlert error={error} testId="wa-send-error" />
      <Group justify="space-between" gap="xs">
        <Text size="xs" c="dimmed">
          {t('whatsapp.panel.queuedNote')}
        </Text>
        <Button leftSection={<IconSend size={16} />} loading={busy} disabled={text.trim() === ''} onClick={() => void send()} data-testid="wa-send">
          {t('whatsapp.panel.send')}
        </Button>
      </Group>
    </Stack>
  );
}
