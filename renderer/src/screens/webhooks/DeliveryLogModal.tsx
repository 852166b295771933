import { Badge, Button, Code, Collapse, CopyButton, Group, Loader, Modal, Paper, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconRefresh, IconSend } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WebhookAttemptDto, WebhookDeliveryState, WebhookEndpointDto } from '../../../../shared/contract/webhooks';
import { call } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime } from '../../lib/format';
import { useIsPhone } from '../../lib/useIsPhone';
import { usePoll } from '../../lib/usePoll';
import { useLanguage } from '../../i18n';
import { useTimezone } from '../../store/session';
import { eventLabel } from './text';

const STATE_COLOR: Record<WebhookDeliveryState, string> = { queued: 'orange', sending: 'blue', delivered: 'teal', failed: 'red' };

/** Pretty JSON when it is JSON (the bytes sent are what was signed; this is only for reading). */
function pretty(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

/** The delivery log of one endpoint: every attempt, newest first, with "load more", the body sent and resend. */
export function DeliveryLogModal({ endpoint, onClose, onChanged }: { endpoint: WebhookEndpointDto | null; onClose: () => void; onChanged: () => void }) {
  const { t } = useTranslation();
  const phone = useIsPhone();
  return (
    <Modal opened={endpoint !== null} onClose={onClose} title={endpoint ? t('webhooks.log.title', { url: endpoint.url }) : ''} size="xl" fullScreen={phone} styles={{ title: { overflowWrap: 'anywhere' } }}>
      {endpoint && <DeliveryLog key={endpoint.id} endpointId={endpoint.id} onChanged={onChanged} />}
    </Modal>
  );
}

function DeliveryLog({ endpointId: id, onChanged }: { endpointId: number; onChanged: () => void }) {
  const { t } = useTranslation();
  const [items, setItems] = useState<WebhookAttemptDto[]>([]);
  const [cursor, setCursor] = useState<number | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(
    /** quiet: the live refresh, without a spinner. */
    async (from: number | null, quiet = false) => {
      if (!quiet) setLoading(true);
      setError(null);
      try {
        const page = await call('webhooks.log', from === null ? { endpointId: id, limit: 30 } : { endpointId: id, cursor: from, limit: 30 });
        setItems((prev) => (from === null ? page.items : [...prev, ...page.items]));
        setCursor(page.nextCursor);
      } catch (err) {
        setError(err);
      } finally {
        if (!quiet) setLoading(false);
      }
    },
    [id],
  );

  // The first page when the log opens (later pages and reloads go through load()).
  useEffect(() => {
    let live = true;
    call('webhooks.log', { endpointId: id, limit: 30 }).then(
      (page) => {
        if (!live) return;
        setItems(page.items);
        setCursor(page.nextCursor);
        setLoading(false);
      },
      (err: unknown) => {
        if (!live) return;
        setError(err);
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [id]);

  // Live while open (the worker retries in the background), unless more pages were loaded by hand.
  usePoll(() => void load(null, true), 5000, items.length <= 30 && !loading);

  // The newest attempt of each delivery carries its "resend" (older ones of the same delivery are its history).
  const newestOf = new Set<number>();
  const seen = new Set<number>();
  for (const a of items) {
    if (!seen.has(a.deliveryId)) newestOf.add(a.id);
    seen.add(a.deliveryId);
  }

  return (
    <Stack gap="sm" data-testid="webhook-log">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Text size="sm" c="dimmed">
          {t('webhooks.log.intro')}
        </Text>
        <Button size="xs" variant="default" leftSection={<IconRefresh size={14} />} onClick={() => void load(null)} loading={loading && items.length > 0} data-testid="webhook-log-refresh" style={{ flexShrink: 0 }}>
          {t('webhooks.log.refresh')}
        </Button>
      </Group>
      <ErrorAlert error={error} testId="webhook-log-error" />
      {loading && items.length === 0 && <Loader size="sm" />}
      {!loading && !error && items.length === 0 && (
        <Text c="dimmed" ta="center" p="lg" data-testid="webhook-log-empty">
          {t('webhooks.log.empty')}
        </Text>
      )}
      {items.map((a) => (
        <AttemptRow
          key={a.id}
          a={a}
          latest={newestOf.has(a.id)}
          onResent={() => {
            void load(null);
            onChanged();
          }}
        />
      ))}
      {cursor !== null && (
        <Button variant="light" onClick={() => void load(cursor)} loading={loading} data-testid="webhook-log-more">
          {t('webhooks.log.more')}
        </Button>
      )}
    </Stack>
  );
}

function AttemptRow({ a, latest, onResent }: { a: WebhookAttemptDto; latest: boolean; onResent: () => void }) {
  const { t } = useTranslation();
  const tz = useTimezone();
  const lang = useLanguage();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const canResend = latest && (a.deliveryState === 'delivered' || a.deliveryState === 'failed');
  const ok = a.status !== null && a.status >= 200 && a.status < 300;
  const resend = async () => {
    setBusy(true);
    setError(null);
    try {
      await call('webhooks.resend', { deliveryId: a.deliveryId });
      notifications.show({ color: 'green', message: t('webhooks.log.resent') });
      onResent();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Paper withBorder p="sm" data-testid="webhook-attempt" data-status={a.status ?? 'none'} data-state={a.deliveryState} data-type={a.type} data-delivery={a.deliveryId}>
      <Group justify="space-between" align="flex-start" gap="xs">
        <div style={{ minWidth: 0, flex: 1 }}>
          <Group gap="xs" wrap="wrap">
            <Badge color={ok ? 'teal' : 'red'} variant="filled" data-testid="webhook-attempt-status">
              {a.status !== null ? `HTTP ${a.status}` : t('webhooks.log.noAnswer')}
            </Badge>
            <Text fw={600} size="sm">
              {eventLabel(t, a.type)}
            </Text>
          </Group>
          <Text size="xs" c="dimmed" mt={4}>
            {[formatDateTime(a.at, tz, lang), t('webhooks.log.attempt', { n: a.attempt }), t('webhooks.log.duration', { ms: a.durationMs })].join(' · ')}
          </Text>
          {/* The error, unless it only repeats the status shown on the badge. */}
          {a.error && a.error !== `HTTP ${a.status}` && (
            <Text size="sm" c="red" mt={4} style={{ overflowWrap: 'anywhere' }} data-testid="webhook-attempt-error">
              {a.error}
            </Text>
          )}
        </div>
        <Stack gap={4} align="flex-end">
          {/* What became of the delivery: said once, on its latest attempt (the older ones are its history). */}
          {latest && (
            <Badge color={STATE_COLOR[a.deliveryState]} variant="light" data-testid="webhook-attempt-state">
              {t(`webhooks.log.states.${a.deliveryState}`)}
            </Badge>
          )}
          {canResend && (
            <Button size="xs" variant="light" leftSection={<IconSend size={14} />} loading={busy} onClick={() => void resend()} data-testid="webhook-resend">
              {t('webhooks.log.resend')}
            </Button>
          )}
        </Stack>
      </Group>
      {latest && a.deliveryState === 'queued' && a.nextAt && (
        <Text size="xs" c="orange.8" mt={4}>
          {t('webhooks.log.nextAt', { at: formatDateTime(a.nextAt, tz, lang) })}
        </Text>
      )}
      {a.status !== null && (
        <Text size="xs" mt={6} style={{ overflowWrap: 'anywhere' }} data-testid="webhook-attempt-response">
          <Text span c="dimmed" size="xs">
            {t('webhooks.log.response')}:{' '}
          </Text>
          {a.responseExcerpt ? <Code>{a.responseExcerpt}</Code> : t('webhooks.log.noResponse')}
        </Text>
      )}
      <ErrorAlert error={error} testId="webhook-resend-error" />
      <Group gap="xs" mt={6} justify="space-between">
        <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
          {t('webhooks.log.webhookId', { id: a.eventId })}
        </Text>
        <Button size="compact-xs" variant="subtle" onClick={() => setOpen((o) => !o)} data-testid="webhook-attempt-body-toggle">
          {open ? t('webhooks.log.hideBody') : t('webhooks.log.showBody')}
        </Button>
      </Group>
      <Collapse expanded={open}>
        <Group justify="space-between" mt={6} gap="xs">
          <Text size="xs" c="dimmed">
            {t('webhooks.log.bodyNote')}
          </Text>
          <CopyButton value={a.body}>
            {({ copied, copy }) => (
              <Button size="compact-xs" variant="subtle" color={copied ? 'teal' : undefined} onClick={copy} data-testid="webhook-attempt-body-copy">
                {copied ? t('webhooks.secret.copied') : t('webhooks.log.copyBody')}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Code block mt={6} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', maxHeight: 320, overflow: 'auto' }} data-testid="webhook-attempt-body">
          {pretty(a.body)}
        </Code>
      </Collapse>
    </Paper>
  );
}

