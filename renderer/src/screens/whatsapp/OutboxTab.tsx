import { Anchor, Button, Card, Group, Loader, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconRefresh, IconSearch, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { WA_KINDS, WA_MESSAGE_STATES, type WaKind, type WaMessageDto, type WaMessageState } from '../../../../shared/contract/whatsapp';
import { call } from '../../api/client';
import { ConfirmModal } from '../../components/ConfirmModal';
import { Forbidden } from '../../components/Forbidden';
import { useLanguage } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { isForbidden, useCall } from '../../lib/useCall';
import { useIsPhone } from '../../lib/useIsPhone';
import { usePoll } from '../../lib/usePoll';
import { hrefOf } from '../../store/route';
import { useCan, useTimezone } from '../../store/session';
import { MessageStateBadge, WaErrorAlert, WaErrorText } from './waText';
import { ListEnd } from '../../components/ListEnd';

const PAGE_SIZE = 25;

/** Every message the app queued, newest first; the state of each, why one failed, retry / cancel. */
export function OutboxTab() {
  const { t } = useTranslation();
  const phone = useIsPhone();
  const [state, setState] = useState<WaMessageState | null>(null);
  const [kind, setKind] = useState<WaKind | null>(null);
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q.trim(), 250);
  const [page, setPage] = useState(1);
  const list = useCall('wa.messages', { page, pageSize: PAGE_SIZE, state: state ?? undefined, kind: kind ?? undefined, q: debounced || undefined });
  // States move by themselves (the sender, the acks): follow them.
  usePoll(list.reload, 4000);
  if (isForbidden(list.error)) return <Forbidden />;
  const filter = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setPage(1);
  };
  const filtered = state !== null || kind !== null || debounced !== '';
  const items = list.data?.items ?? [];
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / PAGE_SIZE)) : 1;
  return (
    <div data-testid="wa-outbox">
      <Group gap="sm" align="flex-end" mb="sm">
        <Select<WaMessageState>
          label={t('whatsapp.outbox.state')}
          placeholder={t('whatsapp.outbox.anyState')}
          value={state}
          onChange={filter(setState)}
          data={WA_MESSAGE_STATES.map((s) => ({ value: s, label: t(`whatsapp.states.${s}`) }))}
          clearable
          w={{ base: '48%', xs: 170 }}
          data-testid="wa-outbox-state"
        />
        <Select<WaKind>
          label={t('whatsapp.outbox.kind')}
          placeholder={t('whatsapp.outbox.anyKind')}
          value={kind}
          onChange={filter(setKind)}
          data={WA_KINDS.map((k) => ({ value: k, label: t(`whatsapp.kinds.${k}`) }))}
          clearable
          w={{ base: '48%', xs: 250 }}
          data-testid="wa-outbox-kind"
        />
        <TextInput
          label={t('whatsapp.outbox.search')}
          placeholder={t('whatsapp.outbox.searchPlaceholder')}
          leftSection={<IconSearch size={14} />}
          value={q}
          onChange={(e) => {
            setQ(e.currentTarget.value);
            setPage(1);
          }}
          w={{ base: '100%', xs: 260 }}
          data-testid="wa-outbox-search"
        />
        {filtered && (
          <Button variant="subtle" leftSection={<IconX size={14} />} onClick={() => { setState(null); setKind(null); setQ(''); setPage(1); }} data-testid="wa-outbox-clear">
            {t('whatsapp.outbox.showAll')}
          </Button>
        )}
        {list.loading && !list.data && <Loader size="sm" />}
      </Group>
      <WaErrorAlert error={list.error} />
      {list.data && items.length > 0 && (
        <Text size="sm" mb="xs" c="dimmed" data-testid="wa-outbox-summary">
          {t('whatsapp.outbox.summary', { count: list.data.total })}
        </Text>
      )}
      {items.length > 0 &&
        (phone ? (
          <Stack gap="xs" data-testid="wa-outbox-list">
            {items.map((m) => (
              <MessageCard key={m.id} m={m} onChanged={() => void list.reload()} />
            ))}
          </Stack>
        ) : (
          <Card withBorder padding={0}>
            <Table.ScrollContainer minWidth={900}>
              <Table verticalSpacing="sm" data-testid="wa-outbox-list">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('whatsapp.outbox.created')}</Table.Th>
                    <Table.Th>{t('whatsapp.outbox.to')}</Table.Th>
                    <Table.Th>{t('whatsapp.outbox.message')}</Table.Th>
                    <Table.Th>{t('whatsapp.outbox.state')}</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((m) => (
                    <MessageRow key={m.id} m={m} onChanged={() => void list.reload()} />
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Card>
        ))}
      <ListEnd loaded={!!list.data} count={items.length} empty={filtered ? t('whatsapp.outbox.emptyFiltered') : t('whatsapp.outbox.empty')} emptyTestId="wa-outbox-empty" page={page} pages={pages} onPage={setPage} pagesTestId="wa-outbox-pages" />
    </div>
  );
}

function useMessageText() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const tz = useTimezone();
  const at = (iso: string | null) => (iso ? formatDateTime(iso, tz, lang) : null);
  return (m: WaMessageDto) => ({
    when: at(m.createdAt) ?? '',
    kind: t(`whatsapp.kinds.${m.kind}`),
    by: m.createdBy ? t('whatsapp.outbox.by', { name: m.createdBy }) : null,
    // The furthest the message got, with its time.
    progress: m.readAt ? t('whatsapp.outbox.readAt', { at: at(m.readAt) }) : m.deliveredAt ? t('whatsapp.outbox.deliveredAt', { at: at(m.deliveredAt) }) : m.sentAt ? t('whatsapp.outbox.sentAt', { at: at(m.sentAt) }) : null,
    retry: m.state === 'queued' && m.attempts > 0 ? `${t('whatsapp.outbox.attempts', { count: m.attempts + 1 })}${m.nextAttemptAt ? `, ${t('whatsapp.outbox.nextAttempt', { at: at(m.nextAttemptAt) })}` : ''}` : null,
  });
}

/** Retry (failed / cancelled) and cancel (queued, after a confirmation), for those who may manage customers. */
function MessageActions({ m, onChanged }: { m: WaMessageDto; onChanged: () => void }) {
  const { t } = useTranslation();
  const canManage = useCan('customers.manage');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  if (!canManage) return null;
  const act = async (what: 'retry' | 'cancel') => {
    setBusy(true);
    try {
      await call(what === 'retry' ? 'wa.retry' : 'wa.cancel', { id: m.id });
      notifications.show({ color: 'green', message: t(what === 'retry' ? 'whatsapp.outbox.retried' : 'whatsapp.outbox.cancelled') });
      setConfirming(false);
      onChanged();
    } catch (err) {
      notifications.show({ color: 'red', message: <WaErrorText error={err} /> });
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      {(m.state === 'failed' || m.state === 'cancelled') && (
        <Button size="xs" variant="light" leftSection={<IconRefresh size={14} />} loading={busy} onClick={() => void act('retry')} data-testid="wa-retry">
          {t('whatsapp.outbox.retry')}
        </Button>
      )}
      {m.state === 'queued' && (
        <Button size="xs" variant="subtle" color="red" leftSection={<IconX size={14} />} onClick={() => setConfirming(true)} data-testid="wa-cancel">
          {t('whatsapp.outbox.cancel')}
        </Button>
      )}
      <ConfirmModal opened={confirming} title={t('whatsapp.outbox.cancelTitle')} body={t('whatsapp.outbox.cancelBody', { name: m.customerName || m.to })} confirmLabel={t('whatsapp.outbox.cancel')} onConfirm={() => act('cancel')} onClose={() => setConfirming(false)} />
    </>
  );
}

function Recipient({ m }: { m: WaMessageDto }) {
  return (
    <>
      {m.customerId ? (
        <Anchor href={hrefOf(`customers/${m.customerId}?tab=whatsapp`)} size="sm" fw={500}>
          {m.customerName || m.to}
        </Anchor>
      ) : (
        <Text size="sm" fw={500}>
          {m.customerName || m.to}
        </Text>
      )}
      <Text size="xs" c="dimmed" ff="monospace">
        {m.to}
      </Text>
    </>
  );
}

/** The text, a few lines of it until clicked (a click shows it all). */
function Body({ m, lines }: { m: WaMessageDto; lines: number }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Text size="sm" lineClamp={open ? undefined : lines} onClick={() => setOpen((o) => !o)} style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word', cursor: 'pointer' }} data-testid="wa-body">
        {m.body}
      </Text>
      {m.document && (
        <Text size="xs" c="dimmed">
          {t('whatsapp.outbox.document', { file: m.document })}
        </Text>
      )}
    </>
  );
}

function StateInfo({ m }: { m: WaMessageDto }) {
  const x = useMessageText()(m);
  return (
    <Stack gap={2} align="flex-start">
      <MessageStateBadge state={m.state} />
      {x.progress && (
        <Text size="xs" c="dimmed">
          {x.progress}
        </Text>
      )}
      {x.retry && (
        <Text size="xs" c="orange.8">
          {x.retry}
        </Text>
      )}
      {m.error && (
        <Text size="xs" c="red.7" maw={260} style={{ wordBreak: 'break-word' }} data-testid="wa-error-text">
          {m.error}
        </Text>
      )}
    </Stack>
  );
}

function MessageRow({ m, onChanged }: { m: WaMessageDto; onChanged: () => void }) {
  const x = useMessageText()(m);
  return (
    <Table.Tr data-testid="wa-message" data-id={m.id} data-kind={m.kind} data-state={m.state}>
      <Table.Td style={{ whiteSpace: 'nowrap', verticalAlign: 'top' }}>
        <Text size="sm">{x.when}</Text>
        <Text size="xs" c="dimmed">
          {x.kind}
        </Text>
        {x.by && (
          <Text size="xs" c="dimmed">
            {x.by}
          </Text>
        )}
      </Table.Td>
      <Table.Td style={{ verticalAlign: 'top' }}>
        <Recipient m={m} />
      </Table.Td>
      <Table.Td style={{ verticalAlign: 'top' }} maw={420}>
        <Body m={m} lines={3} />
      </Table.Td>
      <Table.Td style={{ verticalAlign: 'top' }}>
        <StateInfo m={m} />
      </Table.Td>
      <Table.Td style={{ verticalAlign: 'top' }}>
        <Group gap={4} justify="flex-end" wrap="nowrap">
          <MessageActions m={m} onChanged={onChanged} />
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

function MessageCard({ m, onChanged }: { m: WaMessageDto; onChanged: () => void }) {
  const x = useMessageText()(m);
  return (
    <Card withBorder padding="sm" data-testid="wa-message" data-id={m.id} data-kind={m.kind} data-state={m.state}>
      <Group justify="space-between" wrap="nowrap" align="flex-start" mb={6}>
        <div style={{ minWidth: 0 }}>
          <Recipient m={m} />
        </div>
        <StateInfo m={m} />
      </Group>
      <Text size="xs" c="dimmed" mb={4}>
        {x.kind} · {x.when}
        {x.by ? ` · ${x.by}` : ''}
      </Text>
      <Body m={m} lines={4} />
      <Group gap={4} mt={6}>
        <MessageActions m={m} onChanged={onChanged} />
      </Group>
    </Card>
  );
}
