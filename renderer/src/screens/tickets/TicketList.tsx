import { Anchor, Button, Card, Group, Loader, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPhoto, IconPlus, IconSearch, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TICKET_STATES, type TicketRowDto, type TicketState } from '../../../../shared/contract/tickets';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Forbidden } from '../../components/Forbidden';
import { ListEnd } from '../../components/ListEnd';
import { PageTitle } from '../../components/PageTitle';
import { useLanguage } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { isForbidden, useCall } from '../../lib/useCall';
import { useIsPhone } from '../../lib/useIsPhone';
import { usePoll } from '../../lib/usePoll';
import { hrefOf, navigate } from '../../store/route';
import { useCan, useTimezone } from '../../store/session';
import { TicketStateBadge } from './badges';
import { NewTicketModal } from './NewTicketModal';

const PAGE_SIZE = 25;
type Assignee = 'me' | 'none' | `${number}`;

/** Every ticket, unsolved first: a state filter with counts, who has it, a search; a card per ticket on a phone. */
export function TicketList({ query }: { query: URLSearchParams }) {
  const { t } = useTranslation();
  const phone = useIsPhone();
  const canOpen = useCan('tickets.open');
  const canManage = useCan('tickets.manage');
  const initialState = query.get('state');
  const [state, setState] = useState<TicketState | null>(TICKET_STATES.find((s) => s === initialState) ?? null);
  // Technicians start on their own tickets.
  const [assignee, setAssignee] = useState<Assignee | null>(query.get('mine') === '1' ? 'me' : null);
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q.trim(), 250);
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const list = useCall('tickets.list', {
    page,
    pageSize: PAGE_SIZE,
    ...(state ? { state } : {}),
    ...(assignee ? { assignee: assignee === 'me' || assignee === 'none' ? assignee : Number(assignee) } : {}),
    ...(debounced ? { q: debounced } : {}),
  });
  const people = useCall('tickets.assignees', {});
  // Tickets come in from the portal and move on other PCs: follow them.
  usePoll(list.reload, 10_000);
  if (isForbidden(list.error)) return <Forbidden />;
  const counts = list.data?.counts;
  const all = counts ? counts.open + counts.in_progress + counts.solved : null;
  const items = list.data?.items ?? [];
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / PAGE_SIZE)) : 1;
  const filtered = state !== null || assignee !== null || debounced !== '';
  const pick = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setPage(1);
  };
  const stateButton = (s: TicketState | null) => {
    const n = s === null ? all : (counts?.[s] ?? null);
    const active = state === s;
    return (
      <Button key={s ?? 'all'} size="compact-sm" radius="xl" variant={active ? 'filled' : 'light'} color={s === null ? 'blue' : s === 'open' ? 'red' : s === 'in_progress' ? 'yellow' : 'green'} onClick={() => pick(setState)(s)} data-testid={`tickets-state-${s ?? 'all'}`} data-active={active}>
        {s === null ? t('tickets.stateFilter.all') : t(`tickets.states.${s}`)}
        {n !== null ? ` (${n})` : ''}
      </Button>
    );
  };
  return (
    <div data-testid="screen-tickets">
      <PageTitle title={t('nav.tickets')} description={phone ? undefined : t('tickets.intro')}>
        {canOpen && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} data-testid="ticket-new">
            {t('tickets.newTicket')}
          </Button>
        )}
      </PageTitle>
      <Group gap={6} mb="sm" data-testid="tickets-states">
        {stateButton(null)}
        {TICKET_STATES.map(stateButton)}
      </Group>
      <Group gap="sm" align="flex-end" mb="sm">
        <Select
          label={t('tickets.list.assignee')}
          placeholder={t('tickets.list.anyone')}
          value={assignee}
          onChange={(v) => pick(setAssignee)(v as Assignee | null)}
          data={[
            ...(canManage ? [{ value: 'me', label: t('tickets.list.mine') }] : []),
            { value: 'none', label: t('tickets.list.nobody') },
            ...(people.data ?? []).map((p) => ({ value: String(p.id), label: p.name })),
          ]}
          clearable
          w={{ base: '100%', xs: 220 }}
          data-testid="tickets-assignee"
        />
        <TextInput
          label={t('tickets.list.search')}
          placeholder={t('tickets.list.searchPlaceholder')}
          leftSection={<IconSearch size={14} />}
          value={q}
          onChange={(e) => {
            setQ(e.currentTarget.value);
            setPage(1);
          }}
          w={{ base: '100%', xs: 280 }}
          data-testid="tickets-search"
        />
        {filtered && (
          <Button variant="subtle" leftSection={<IconX size={14} />} onClick={() => { setState(null); setAssignee(null); setQ(''); setPage(1); }} data-testid="tickets-clear">
            {t('tickets.list.clear')}
          </Button>
        )}
        {list.loading && !list.data && <Loader size="sm" />}
      </Group>
      <ErrorAlert error={list.error} />
      {items.length > 0 &&
        (phone ? (
          <Stack gap="xs" data-testid="tickets-list">
            {items.map((x) => (
              <TicketCard key={x.id} x={x} />
            ))}
          </Stack>
        ) : (
          <Card withBorder padding={0}>
            <Table verticalSpacing="sm" highlightOnHover data-testid="tickets-list">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('tickets.list.number')}</Table.Th>
                  <Table.Th>{t('tickets.list.customer')}</Table.Th>
                  <Table.Th>{t('tickets.list.problem')}</Table.Th>
                  <Table.Th>{t('tickets.list.assignee')}</Table.Th>
                  <Table.Th>{t('tickets.list.state')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((x) => (
                  <TicketRow key={x.id} x={x} />
                ))}
              </Table.Tbody>
            </Table>
          </Card>
        ))}
      <ListEnd loaded={!!list.data} count={items.length} empty={filtered ? t('tickets.list.emptyFiltered') : t('tickets.list.empty')} emptyTestId="tickets-empty" page={page} pages={pages} onPage={setPage} pagesTestId="tickets-pages" />
      <NewTicketModal opened={creating} onClose={() => setCreating(false)} onCreated={(id) => navigate(`tickets/${id}`)} />
    </div>
  );
}

function useRowText() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const tz = useTimezone();
  return (x: TicketRowDto) => ({
    when: formatDateTime(x.createdAt, tz, lang),
    category: t(`tickets.categories.${x.category}`),
    who: x.assignedTo?.name ?? t('tickets.list.unassigned'),
    via: t(`tickets.via.${x.via}`),
  });
}

function TicketRow({ x }: { x: TicketRowDto }) {
  const s = useRowText()(x);
  return (
    <Table.Tr data-testid="ticket-item" data-id={x.id} data-state={x.state} style={{ cursor: 'pointer' }} onClick={() => navigate(`tickets/${x.id}`)}>
      <Table.Td style={{ whiteSpace: 'nowrap', verticalAlign: 'top' }}>
        <Anchor href={hrefOf(`tickets/${x.id}`)} fw={600} size="sm" onClick={(e) => e.stopPropagation()}>
          {x.number}
        </Anchor>
        <Text size="xs" c="dimmed">
          {s.when}
        </Text>
      </Table.Td>
      <Table.Td style={{ verticalAlign: 'top' }}>
        <Text size="sm" fw={500}>
          {x.customerName}
        </Text>
        <Text size="xs" c="dimmed">
          {[x.customerNumber, x.customerArea].filter(Boolean).join(' · ')}
        </Text>
      </Table.Td>
      <Table.Td style={{ verticalAlign: 'top' }} maw={420}>
        <Group gap={6} wrap="nowrap">
          <Text size="sm" fw={500}>
            {s.category}
          </Text>
          {x.hasPhoto && <IconPhoto size={14} color="gray" />}
        </Group>
        <Text size="sm" c="dimmed" lineClamp={2} style={{ wordBreak: 'break-word' }}>
          {x.text}
        </Text>
      </Table.Td>
      <Table.Td style={{ verticalAlign: 'top' }}>
        <Text size="sm" c={x.assignedTo ? undefined : 'dimmed'}>
          {s.who}
        </Text>
      </Table.Td>
      <Table.Td style={{ verticalAlign: 'top' }}>
        <TicketStateBadge state={x.state} />
      </Table.Td>
    </Table.Tr>
  );
}

function TicketCard({ x }: { x: TicketRowDto }) {
  const s = useRowText()(x);
  return (
    <Card withBorder padding="sm" component="a" href={hrefOf(`tickets/${x.id}`)} data-testid="ticket-item" data-id={x.id} data-state={x.state} style={{ color: 'inherit', textDecoration: 'none' }}>
      <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
        <div style={{ minWidth: 0 }}>
          <Text fw={600} size="sm" truncate>
            {x.customerName}
          </Text>
          <Text size="xs" c="dimmed" truncate>
            {x.number} · {[x.customerArea, s.when].filter(Boolean).join(' · ')}
          </Text>
        </div>
        <TicketStateBadge state={x.state} />
      </Group>
      <Group gap={6} mt={6} wrap="nowrap">
        <Text size="sm" fw={500}>
          {s.category}
        </Text>
        {x.hasPhoto && <IconPhoto size={14} color="gray" />}
      </Group>
      <Text size="sm" c="dimmed" lineClamp={2} style={{ wordBreak: 'break-word' }}>
        {x.text}
      </Text>
      <Text size="xs" mt={4} c={x.assignedTo ? undefined : 'orange.8'}>
        {s.who}
      </Text>
    </Card>
  );
}
