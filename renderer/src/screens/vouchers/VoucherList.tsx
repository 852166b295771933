import { Badge, Button, Card, Checkbox, CloseButton, Group, Loader, Pagination, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconBuildingStore, IconPrinter, IconSearch } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { VoucherDto, VoucherProfileDto, VoucherState } from '../../../../shared/contract/vouchers';
import { VOUCHER_STATES } from '../../../../shared/contract/vouchers';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLanguage } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { useCall } from '../../lib/useCall';
import { useIsPhone } from '../../lib/useIsPhone';
import { navigate } from '../../store/route';
import { useCan, useTimezone } from '../../store/session';
import { printPath, StateBadge } from './common';

export interface ListFilter {
  batch: { id: number; label: string } | null;
  outlet: { id: number; label: string } | null;
  profileId: number | null;
  state: VoucherState | null;
}
export const NO_FILTER: ListFilter = { batch: null, outlet: null, profileId: null, state: null };
const STATES: readonly VoucherState[] = VOUCHER_STATES;
const PAGE_SIZE = 25;

/** Vouchers of a batch, profile, outlet or state; tick some to print them or hand them to an outlet. */
export function VoucherList({ filter, onFilter, profiles, onHandOver, reloadKey }: { filter: ListFilter; onFilter: (f: ListFilter) => void; profiles: VoucherProfileDto[]; onHandOver: (ids: number[]) => void; reloadKey: number }) {
  const { t } = useTranslation();
  const phone = useIsPhone();
  const canManage = useCan('vouchers.manage');
  const [q, setQ] = useState('');
  const [search] = useDebouncedValue(q.trim(), 300);
  const [page, setPage] = useState(1);
  const [chosen, setChosen] = useState(new Set<number>());
  const list = useCall('vouchers.list', {
    page,
    pageSize: PAGE_SIZE,
    q: search || undefined,
    batchId: filter.batch?.id,
    outletId: filter.outlet?.id,
    profileId: filter.profileId ?? undefined,
    state: filter.state ?? undefined,
  });
  // reloadKey changes when something elsewhere on the screen changed the vouchers (sale, hand-over, push).
  const { reload } = list;
  useEffect(() => {
    if (reloadKey) void reload();
  }, [reloadKey, reload]);
  const set = (f: Partial<ListFilter>) => {
    onFilter({ ...filter, ...f });
    setPage(1);
  };
  const items = list.data?.items ?? [];
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / PAGE_SIZE)) : 1;
  const toggle = (id: number, on: boolean) =>
    setChosen((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const allOnPage = items.length > 0 && items.every((v) => chosen.has(v.id));
  const togglePage = (on: boolean) => setChosen((s) => new Set([...s, ...items.map((v) => v.id)].filter((id) => on || !items.some((v) => v.id === id))));
  const ids = [...chosen];

  return (
    <Stack gap="xs" data-testid="voucher-list">
      <Group gap="xs" align="flex-end" wrap="wrap">
        <TextInput leftSection={<IconSearch size={14} />} placeholder={t('vouchers.list.search')} aria-label={t('vouchers.list.search')} value={q} onChange={(e) => (setQ(e.currentTarget.value), setPage(1))} w={{ base: '100%', xs: 220 }} data-testid="list-search" />
        <Select<number> placeholder={t('vouchers.list.allProfiles')} aria-label={t('vouchers.list.profile')} clearable data={profiles.map((p) => ({ value: p.id, label: p.name }))} value={filter.profileId} onChange={(v) => set({ profileId: v })} w={{ base: '48%', xs: 180 }} data-testid="list-profile" />
        <Select<VoucherState> placeholder={t('vouchers.list.allStates')} aria-label={t('vouchers.list.state')} clearable data={STATES.map((s) => ({ value: s, label: t(`vouchers.states.${s}`) }))} value={filter.state} onChange={(v) => set({ state: v })} w={{ base: '48%', xs: 180 }} data-testid="list-state" />
        {filter.batch && <FilterChip label={t('vouchers.list.batchChip', { batch: filter.batch.label })} onClear={() => set({ batch: null })} testId="list-batch-chip" />}
        {filter.outlet && <FilterChip label={t('vouchers.list.outletChip', { outlet: filter.outlet.label })} onClear={() => set({ outlet: null })} testId="list-outlet-chip" />}
        {list.loading && <Loader size="xs" />}
      </Group>
      <Group gap="xs" mih={30}>
        <Text size="sm" data-testid="list-total">
          {t('vouchers.list.total', { count: list.data?.total ?? 0 })}
        </Text>
        {chosen.size > 0 && (
          <>
            <Badge variant="filled" data-testid="list-chosen">
              {t('vouchers.list.chosen', { count: chosen.size })}
            </Badge>
            <Button size="compact-sm" leftSection={<IconPrinter size={14} />} onClick={() => navigate(printPath({ ids }))} data-testid="list-print">
              {t('vouchers.list.printChosen')}
            </Button>
            {canManage && (
              <Button size="compact-sm" variant="default" leftSection={<IconBuildingStore size={14} />} onClick={() => onHandOver(ids)} data-testid="list-handover">
                {t('vouchers.batches.handOver')}
              </Button>
            )}
            <Button size="compact-sm" variant="subtle" onClick={() => setChosen(new Set())} data-testid="list-unchoose">
              {t('vouchers.list.unchoose')}
            </Button>
          </>
        )}
      </Group>
      <ErrorAlert error={list.error} />
      {phone ? (
        <Stack gap={6}>
          {items.map((v) => (
            <Card key={v.id} withBorder padding="xs" data-testid="voucher-row" data-code={v.username}>
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <Checkbox checked={chosen.has(v.id)} onChange={(e) => toggle(v.id, e.currentTarget.checked)} aria-label={v.username} data-testid="voucher-check" />
                <div style={{ flex: 1, minWidth: 0 }}>
                  <Code2 v={v} />
                  <Text size="xs" c="dimmed">
                    #{v.serial} · {v.profileName}
                  </Text>
                  <Where v={v} />
                </div>
                <StateBadge state={v.state} />
              </Group>
            </Card>
          ))}
        </Stack>
      ) : (
        <Card withBorder padding={0}>
          <Table.ScrollContainer minWidth={860}>
            <Table verticalSpacing={6} highlightOnHover data-testid="vouchers-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={36}>
                    <Checkbox checked={allOnPage} indeterminate={!allOnPage && items.some((v) => chosen.has(v.id))} onChange={(e) => togglePage(e.currentTarget.checked)} aria-label={t('vouchers.list.choosePage')} data-testid="list-check-page" />
                  </Table.Th>
                  <Table.Th>{t('vouchers.list.serial')}</Table.Th>
                  <Table.Th>{t('vouchers.list.code')}</Table.Th>
                  <Table.Th>{t('vouchers.list.profile')}</Table.Th>
                  <Table.Th>{t('vouchers.list.state')}</Table.Th>
                  <Table.Th>{t('vouchers.list.where')}</Table.Th>
                  <Table.Th>{t('vouchers.lookup.firstLogin')}</Table.Th>
                  <Table.Th>{t('vouchers.lookup.expires')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((v) => (
                  <Row key={v.id} v={v} checked={chosen.has(v.id)} onCheck={(on) => toggle(v.id, on)} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
      {list.data?.items.length === 0 && (
        <Text c="dimmed" ta="center" p="md" data-testid="list-empty">
          {t('vouchers.list.empty')}
        </Text>
      )}
      {pages > 1 && (
        <Group justify="center">
          <Pagination value={page} onChange={setPage} total={pages} size="sm" data-testid="list-pages" />
        </Group>
      )}
    </Stack>
  );
}

function FilterChip({ label, onClear, testId }: { label: string; onClear: () => void; testId: string }) {
  const { t } = useTranslation();
  return (
    <Badge size="lg" variant="light" rightSection={<CloseButton size="xs" onClick={onClear} aria-label={t('vouchers.list.clearFilter')} data-testid={`${testId}-clear`} />} data-testid={testId} style={{ textTransform: 'none' }}>
      {label}
    </Badge>
  );
}

function Code2({ v }: { v: VoucherDto }) {
  return (
    <Text size="sm" ff="monospace" fw={600}>
      {v.username}
      {v.password !== v.username && (
        <Text span c="dimmed" ff="monospace">
          {' '}
          / {v.password}
        </Text>
      )}
    </Text>
  );
}

/** Sold at the counter, with an outlet, or still in the office. */
function Where({ v }: { v: VoucherDto }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const tz = useTimezone();
  const text = v.soldAt ? t('vouchers.list.soldBy', { by: v.soldBy ?? '—', date: formatDateTime(v.soldAt, tz, lang) }) : v.outletName ? t('vouchers.list.atOutlet', { outlet: v.outletName }) : v.onRouter ? t('vouchers.list.inOffice') : t('vouchers.list.notOnRouter');
  return (
    <Text size="xs" c={v.soldAt || v.outletName ? undefined : 'dimmed'}>
      {text}
    </Text>
  );
}

function Row({ v, checked, onCheck }: { v: VoucherDto; checked: boolean; onCheck: (on: boolean) => void }) {
  const lang = useLanguage();
  const tz = useTimezone();
  return (
    <Table.Tr data-testid="voucher-row" data-code={v.username} bg={checked ? 'var(--mantine-color-blue-light)' : undefined}>
      <Table.Td>
        <Checkbox checked={checked} onChange={(e) => onCheck(e.currentTarget.checked)} aria-label={v.username} data-testid="voucher-check" />
      </Table.Td>
      <Table.Td>
        <Text size="sm" c="dimmed">
          {v.serial}
        </Text>
      </Table.Td>
      <Table.Td>
        <Code2 v={v} />
      </Table.Td>
      <Table.Td>
        <Text size="sm">{v.profileName}</Text>
      </Table.Td>
      <Table.Td>
        <StateBadge state={v.state} />
      </Table.Td>
      <Table.Td>
        <Where v={v} />
      </Table.Td>
      <Table.Td>
        <Text size="xs">{formatDateTime(v.firstLoginAt, tz, lang)}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="xs">{formatDateTime(v.expiresAt, tz, lang)}</Text>
      </Table.Td>
    </Table.Tr>
  );
}
