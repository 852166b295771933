import { Alert, Anchor, Badge, Button, Card, Checkbox, Grid, Group, Image, Loader, Modal, Select, Stack, Text, Textarea, Timeline, Title, UnstyledButton } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowBackUp, IconArrowLeft, IconCheck, IconEye, IconLock, IconMessage, IconPhone, IconPlayerPlay, IconRefresh, IconUser, IconUserCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TICKET_TRANSITIONS, type TicketDto, type TicketNoteDto, type TicketState } from '../../../../shared/contract/tickets';
import { ApiError, call } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ErrorText } from '../../lib/errors';
import { useLanguage } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { useCall } from '../../lib/useCall';
import { useIsPhone } from '../../lib/useIsPhone';
import { usePoll } from '../../lib/usePoll';
import { hrefOf } from '../../store/route';
import { useCan, useSession, useTimezone } from '../../store/session';
import { STATE_COLORS, TicketStateBadge } from './badges';

/** One ticket: the customer and how to reach them, the report and its photo, who has it, the state buttons, notes, history. */
export function TicketPage({ id }: { id: number }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const tz = useTimezone();
  const canManage = useCan('tickets.manage');
  const phone = useIsPhone();
  const ticket = useCall('tickets.get', { id });
  usePoll(ticket.reload, 15_000);
  const [current, setCurrent] = useState<TicketDto | null>(null);
  // The answer of our own change wins over an older poll.
  const x = current && ticket.data && current.updatedAt >= ticket.data.updatedAt ? current : ticket.data;
  const back = (
    <Anchor href={hrefOf('tickets')} size="sm" data-testid="ticket-back">
      <Group gap={4} component="span">
        <IconArrowLeft size={14} /> {t('tickets.page.back')}
      </Group>
    </Anchor>
  );
  if (ticket.error instanceof ApiError && ticket.error.code === 'not_found')
    return (
      <Stack gap="sm" data-testid="ticket-not-found">
        {back}
        <Text>{t('tickets.page.notFound')}</Text>
      </Stack>
    );
  if (!x)
    return (
      <Stack gap="sm">
        {back}
        {ticket.error ? <ErrorAlert error={ticket.error} /> : <Loader size="sm" />}
      </Stack>
    );
  const at = (iso: string) => formatDateTime(iso, tz, lang);
  const handling = canManage ? (
    <Handling x={x} onDone={setCurrent} />
  ) : (
    <Alert color="gray" variant="light" data-testid="ticket-readonly">
      {t('tickets.page.readOnly')}
    </Alert>
  );
  return (
    <Stack gap="md" data-testid="ticket-page" data-state={x.state} data-id={x.id}>
      {back}
      <div>
        <Group gap="xs" wrap="wrap" align="center">
          <Title order={2} size="h3" data-testid="ticket-number">
            {x.number}
          </Title>
          <TicketStateBadge state={x.state} size="lg" />
        </Group>
        <Text size="sm" c="dimmed" mt={4}>
          {t('tickets.page.openedAt', { at: at(x.createdAt), via: t(`tickets.via.${x.via}`) })}
          {x.openedBy ? ` ${t('tickets.page.openedBy', { name: x.openedBy })}` : ''}
          {x.solvedAt ? ` · ${t('tickets.page.solvedAt', { at: at(x.solvedAt) })}` : ''}
        </Text>
      </div>
      {phone ? (
        // On a phone: what the technician needs first (where, who, what to press), then notes and the history.
        <Stack gap="md">
          <Report x={x} />
          <Customer x={x} />
          {handling}
          {canManage && <NoteForm x={x} onDone={setCurrent} />}
          <History notes={x.notes} />
        </Stack>
      ) : (
        <Grid gap="md">
          <Grid.Col span={7}>
            <Stack gap="md">
              <Report x={x} />
              {canManage && <NoteForm x={x} onDone={setCurrent} />}
              <History notes={x.notes} />
            </Stack>
          </Grid.Col>
          <Grid.Col span={5}>
            <Stack gap="md">
              <Customer x={x} />
              {handling}
            </Stack>
          </Grid.Col>
        </Grid>
      )}
    </Stack>
  );
}

function Report({ x }: { x: TicketDto }) {
  const { t } = useTranslation();
  const photo = useCall('tickets.photo', { id: x.id }, x.hasPhoto);
  const [big, setBig] = useState(false);
  const src = photo.data ? `data:${photo.data.mime};base64,${photo.data.base64}` : null;
  return (
    <Card withBorder padding="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {t('tickets.page.problem')}
      </Text>
      <Text fw={600} mt={4} data-testid="ticket-category">
        {t(`tickets.categories.${x.category}`)}
      </Text>
      <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }} data-testid="ticket-text">
        {x.text}
      </Text>
      {x.hasPhoto && (
        <div style={{ marginTop: 12 }}>
          <Text size="xs" c="dimmed" mb={4}>
            {t('tickets.page.photo')}
          </Text>
          {src ? (
            <UnstyledButton onClick={() => setBig(true)} aria-label={t('tickets.page.photoOpen')} data-testid="ticket-photo">
              <Image src={src} alt={t('tickets.page.photoAlt', { number: x.number })} mah={220} w="auto" maw="100%" fit="contain" radius="sm" />
            </UnstyledButton>
          ) : (
            <Loader size="xs" />
          )}
          <Modal opened={big} onClose={() => setBig(false)} size="xl" title={x.number} centered>
            {src && <Image src={src} alt={t('tickets.page.photoAlt', { number: x.number })} fit="contain" />}
          </Modal>
        </div>
      )}
    </Card>
  );
}

function Customer({ x }: { x: TicketDto }) {
  const { t } = useTranslation();
  const c = x.customer;
  return (
    <Card withBorder padding="md" data-testid="ticket-customer">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {t('tickets.page.customer')}
      </Text>
      <Anchor href={hrefOf(`customers/${c.id}`)} fw={600} mt={4} display="block">
        {c.name}
      </Anchor>
      <Text size="sm" c="dimmed">
        {[c.number, c.area].filter(Boolean).join(' · ')}
      </Text>
      {c.address && (
        <Text size="sm" mt={4} style={{ wordBreak: 'break-word' }}>
          {c.address}
        </Text>
      )}
      {c.phone && (
        <Button component="a" href={`tel:${c.phone}`} variant="light" size="xs" mt="sm" leftSection={<IconPhone size={14} />}>
          {t('tickets.page.call')} {c.phone}
        </Button>
      )}
    </Card>
  );
}

const STATE_ACTIONS: Record<TicketState, { to: TicketState; label: 'start' | 'solve' | 'reopen' | 'backToQueue'; icon: typeof IconCheck }[]> = {
  open: [
    { to: 'in_progress', label: 'start', icon: IconPlayerPlay },
    { to: 'solved', label: 'solve', icon: IconCheck },
  ],
  in_progress: [
    { to: 'solved', label: 'solve', icon: IconCheck },
    { to: 'open', label: 'backToQueue', icon: IconArrowBackUp },
  ],
  solved: [{ to: 'open', label: 'reopen', icon: IconRefresh }],
};

/** Who has it (and "I'll take it"), and the moves the ticket may make from here. */
function Handling({ x, onDone }: { x: TicketDto; onDone: (t: TicketDto) => void }) {
  const { t } = useTranslation();
  const me = useSession((s) => s.session?.user.id ?? null);
  const people = useCall('tickets.assignees', {});
  const [busy, setBusy] = useState(false);
  const [moving, setMoving] = useState<TicketState | null>(null);
  const assign = async (userId: number | null) => {
    setBusy(true);
    try {
      const next = await call('tickets.assign', { id: x.id, userId });
      onDone(next);
      notifications.show({ color: 'green', message: userId === null ? t('tickets.page.unassigned') : t('tickets.page.assigned', { name: next.assignedTo?.name ?? '' }) });
    } catch (err) {
      notifications.show({ color: 'red', message: <ErrorText error={err} /> });
    } finally {
      setBusy(false);
    }
  };
  const options = (people.data ?? []).map((p) => ({ value: String(p.id), label: p.name }));
  if (x.assignedTo && !options.some((o) => o.value === String(x.assignedTo!.id))) options.unshift({ value: String(x.assignedTo.id), label: x.assignedTo.name });
  // STATE_ACTIONS lists exactly the moves the server allows (TICKET_TRANSITIONS).
  const actions = STATE_ACTIONS[x.state].filter((a) => TICKET_TRANSITIONS[x.state].includes(a.to));
  return (
    <Card withBorder padding="md" data-testid="ticket-handling">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {t('tickets.page.assignee')}
      </Text>
      <Group gap="xs" mt={6} align="flex-end" wrap="wrap">
        <Select
          aria-label={t('tickets.page.assignTo')}
          placeholder={t('tickets.page.nobody')}
          value={x.assignedTo ? String(x.assignedTo.id) : null}
          onChange={(v) => void assign(v === null ? null : Number(v))}
          data={options}
          clearable
          disabled={busy || x.state === 'solved'}
          leftSection={<IconUser size={14} />}
          style={{ flex: '1 1 180px' }}
          data-testid="ticket-assignee"
        />
        {me !== null && x.assignedTo?.id !== me && x.state !== 'solved' && (
          <Button variant="light" leftSection={<IconUserCheck size={16} />} loading={busy} onClick={() => void assign(me)} data-testid="ticket-take">
            {t('tickets.page.takeIt')}
          </Button>
        )}
      </Group>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} mt="md">
        {t('tickets.page.actions')}
      </Text>
      <Group gap="xs" mt={6}>
        {actions.map((a) => (
          <Button key={a.to} color={STATE_COLORS[a.to]} variant={a.to === 'solved' ? 'filled' : 'light'} leftSection={<a.icon size={16} />} onClick={() => setMoving(a.to)} data-testid={`ticket-to-${a.to}`}>
            {t(`tickets.page.${a.label}`)}
          </Button>
        ))}
      </Group>
      <StateModal x={x} to={moving} onClose={() => setMoving(null)} onDone={onDone} />
    </Card>
  );
}

/** The move, with a note (shown to the customer by default: it goes with the WhatsApp message). */
function StateModal({ x, to, onClose, onDone }: { x: TicketDto; to: TicketState | null; onClose: () => void; onDone: (t: TicketDto) => void }) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const [visible, setVisible] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const close = () => {
    setNote('');
    setVisible(true);
    setError(null);
    onClose();
  };
  const confirm = async () => {
    if (!to) return;
    setBusy(true);
    setError(null);
    try {
      const next = await call('tickets.setState', { id: x.id, state: to, note, visibleToCustomer: visible });
      onDone(next);
      notifications.show({ color: 'green', message: `${t('tickets.page.moved', { state: t(`tickets.states.${to}`) })} ${t('tickets.page.customerHears')}` });
      close();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={to !== null} onClose={close} title={to ? t('tickets.page.confirmState', { state: t(`tickets.states.${to}`) }) : ''} data-testid="ticket-state-modal">
      <Stack gap="sm">
        <Textarea label={t('tickets.page.stateNote')} placeholder={t('tickets.page.stateNotePlaceholder')} value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={2} maxRows={6} maxLength={2000} data-testid="ticket-state-note" />
        <Checkbox label={t('tickets.page.visible')} checked={visible} onChange={(e) => setVisible(e.currentTarget.checked)} data-testid="ticket-state-visible" />
        <Text size="xs" c="dimmed">
          {t('tickets.page.customerHears')}
        </Text>
        <ErrorAlert error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {t('common.cancel')}
          </Button>
          <Button color={to ? STATE_COLORS[to] : undefined} loading={busy} onClick={() => void confirm()} data-testid="ticket-state-confirm">
            {to ? t('tickets.page.confirmState', { state: t(`tickets.states.${to}`) }) : ''}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function NoteForm({ x, onDone }: { x: TicketDto; onDone: (t: TicketDto) => void }) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const [visible, setVisible] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      onDone(await call('tickets.note', { id: x.id, note, visibleToCustomer: visible }));
      notifications.show({ color: 'green', message: visible ? `${t('tickets.page.noted')} ${t('tickets.page.customerHears')}` : t('tickets.page.noted') });
      setNote('');
      setVisible(false);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card withBorder padding="md" data-testid="ticket-note-form">
      <Textarea label={t('tickets.page.note')} placeholder={t('tickets.page.notePlaceholder')} value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={2} maxRows={6} maxLength={2000} data-testid="ticket-note" />
      <Group justify="space-between" mt="sm" gap="xs" wrap="wrap">
        <Checkbox label={t('tickets.page.visible')} checked={visible} onChange={(e) => setVisible(e.currentTarget.checked)} data-testid="ticket-note-visible" />
        <Button leftSection={<IconMessage size={16} />} loading={busy} disabled={note.trim() === ''} onClick={() => void save()} data-testid="ticket-note-save">
          {t('tickets.page.addNote')}
        </Button>
      </Group>
      <ErrorAlert error={error} />
    </Card>
  );
}

function History({ notes }: { notes: TicketNoteDto[] }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const tz = useTimezone();
  const title = (n: TicketNoteDto): string => {
    switch (n.event) {
      case 'opened':
        return n.by ? t('tickets.page.events.openedBy', { name: n.by }) : t('tickets.page.events.openedPortal');
      case 'state':
        return t('tickets.page.events.state', { from: n.fromState ? t(`tickets.states.${n.fromState}`) : '', to: n.toState ? t(`tickets.states.${n.toState}`) : '' });
      case 'assigned':
        return n.assignedTo ? t('tickets.page.events.assigned', { name: n.assignedTo.name }) : t('tickets.page.events.unassigned');
      default:
        return t('tickets.page.events.note');
    }
  };
  // Newest first: what happened last is what a technician wants to read.
  const lines = [...notes].reverse();
  return (
    <Card withBorder padding="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} mb="sm">
        {t('tickets.page.history')}
      </Text>
      <Timeline active={lines.length} bulletSize={18} lineWidth={2} data-testid="ticket-history">
        {lines.map((n) => (
          <Timeline.Item key={n.id} color={n.event === 'state' && n.toState ? STATE_COLORS[n.toState] : 'gray'} title={<Text size="sm" fw={500}>{title(n)}</Text>} data-testid="ticket-history-item" data-event={n.event}>
            {n.note && (
              <Text size="sm" mt={2} style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                {n.note}
              </Text>
            )}
            <Group gap={6} mt={2} wrap="wrap">
              <Text size="xs" c="dimmed">
                {formatDateTime(n.at, tz, lang)}
                {n.by && n.event !== 'opened' ? ` · ${t('tickets.page.by', { name: n.by })}` : ''}
              </Text>
              {n.note && (
                <Badge size="xs" variant="light" color={n.visibleToCustomer ? 'green' : 'gray'} leftSection={n.visibleToCustomer ? <IconEye size={10} /> : <IconLock size={10} />} data-testid="ticket-note-visibility">
                  {n.visibleToCustomer ? t('tickets.page.visibleShort') : t('tickets.page.internal')}
                </Badge>
              )}
            </Group>
          </Timeline.Item>
        ))}
      </Timeline>
    </Card>
  );
}
