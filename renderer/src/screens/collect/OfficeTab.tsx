import { Alert, Button, Group, Loader, Modal, NumberInput, Paper, SimpleGrid, Stack, TagsInput, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CollectorSummary, HandoverDto } from '../../../../shared/contract/collections';
import { call } from '../../api/client';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLanguage } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { useCall } from '../../lib/useCall';
import { useIsPhone } from '../../lib/useIsPhone';
import { useCan, useSession, useTimezone } from '../../store/session';
import { useRupiah } from '../invoices/money';
import { HandoverLine, useCollectError } from './common';

/** The cashier counts the cash: the count prefilled with what is due; a different count needs a note. */
function ReceiveModal({ h, onClose, onDone }: { h: HandoverDto; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const money = useRupiah();
  const phone = useIsPhone();
  const collectError = useCollectError();
  const [counted, setCounted] = useState<number | ''>(h.amount);
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const diff = typeof counted === 'number' ? counted - h.amount : 0;
  const submit = async () => {
    if (typeof counted !== 'number') return;
    if (diff !== 0 && note.trim().length < 3) {
      setNoteError(t('collect.office.noteRequired'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const r = await call('collections.confirmHandover', { id: h.id, counted, note });
      notifications.show({ color: 'green', message: t('collect.office.confirmed', { number: r.number }) });
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const known = error ? collectError(error) : null;
  return (
    <Modal opened onClose={onClose} fullScreen={phone} title={t('collect.office.confirmTitle', { number: h.number })} data-testid="receive-modal">
      <Stack>
        <Text>
          {h.collectorName} · {t('collect.summary.payments', { count: h.count })}
        </Text>
        <Text size="sm" c="dimmed">
          {t('collect.office.due')}
        </Text>
        <Text fw={800} size="xl" data-testid="receive-due">
          {money(h.amount)}
        </Text>
        {known ? <Alert color="orange">{known}</Alert> : <ErrorAlert error={error} />}
        <NumberInput
          label={t('collect.office.counted')}
          size="lg"
          inputMode="numeric"
          value={counted}
          onChange={(v) => setCounted(typeof v === 'number' ? v : '')}
          allowDecimal={false}
          allowNegative={false}
          thousandSeparator={lang === 'id' ? '.' : ','}
          decimalSeparator={lang === 'id' ? ',' : '.'}
          data-testid="receive-counted"
        />
        {diff !== 0 && (
          <Text c="red" size="sm" data-testid="receive-difference">
            {t('collect.office.difference', { amount: money(diff) })}
          </Text>
        )}
        <TextInput label={t('collect.office.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} error={noteError} maxLength={300} data-testid="receive-note" />
        <Button size="lg" fullWidth color="green" loading={busy} disabled={typeof counted !== 'number'} onClick={() => void submit()} data-testid="receive-confirm">
          {t('collect.office.confirm', { amount: money(typeof counted === 'number' ? counted : 0) })}
        </Button>
      </Stack>
    </Modal>
  );
}

function AreasModal({ c, onClose, onDone }: { c: CollectorSummary; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const known = useCall('customers.areas', {});
  const [areas, setAreas] = useState<string[]>(c.areas);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    try {
      await call('collections.setAreas', { userId: c.id, areas });
      notifications.show({ color: 'green', message: t('collect.office.areasSaved') });
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title={t('collect.office.areasTitle', { name: c.name })} data-testid="areas-modal">
      <Stack>
        <ErrorAlert error={error} />
        <TagsInput label={t('collect.office.areas')} description={t('collect.office.areasHint')} data={known.data ?? []} value={areas} onChange={setAreas} clearable data-testid="areas-input" />
        <Button loading={busy} onClick={() => void save()} data-testid="areas-save">
          {t('common.save')}
        </Button>
      </Stack>
    </Modal>
  );
}

function CollectorCard({ c, myId, canManage, onReceive, onRefuse, onAreas }: { c: CollectorSummary; myId: number; canManage: boolean; onReceive: () => void; onRefuse: () => void; onAreas: () => void }) {
  const { t } = useTranslation();
  const money = useRupiah();
  return (
    <Paper withBorder p="sm" radius="md" data-testid="collector-card" data-username={c.username}>
      <Group justify="space-between" gap="xs">
        <Text fw={700}>
          {c.name}
          {!c.active && (
            <Text span c="dimmed" size="sm">
              {' '}
              ({t('collect.office.inactive')})
            </Text>
          )}
        </Text>
        {canManage && (
          <Button variant="subtle" size="compact-sm" onClick={onAreas} data-testid="collector-areas">
            {t('collect.office.setAreas')}
          </Button>
        )}
      </Group>
      <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
        {t('collect.office.areas')}: {c.areas.length > 0 ? c.areas.join(', ') : t('collect.office.noAreas')}
      </Text>
      <SimpleGrid cols={2} spacing="xs" mt="xs">
        <div>
          <Text size="xs" c="dimmed">
            {t('collect.office.today')}
          </Text>
          <Text fw={600}>{money(c.todayTotal)}</Text>
        </div>
        <div>
          <Text size="xs" c="dimmed">
            {t('collect.office.outstanding')}
          </Text>
          <Text fw={600} c={c.outstanding > 0 ? 'orange.8' : undefined} data-testid="collector-outstanding">
            {money(c.outstanding)}
          </Text>
        </div>
      </SimpleGrid>
      {c.pending && (
        <Paper p="xs" mt="xs" radius="md" bg="yellow.0" data-testid="collector-pending">
          <Text size="sm" fw={600}>
            {t('collect.day.pending')}
          </Text>
          <Text size="sm">{t('collect.day.pendingText', { number: c.pending.number, amount: money(c.pending.amount), count: c.pending.count })}</Text>
          {c.id === myId ? (
            <Text size="xs" c="dimmed">
              {t('collect.office.ownHandover')}
            </Text>
          ) : (
            <Group grow gap="xs" mt="xs">
              <Button size="md" color="green" onClick={onReceive} data-testid="collector-receive">
                {t('collect.office.receive')}
              </Button>
              <Button size="md" variant="default" onClick={onRefuse} data-testid="collector-refuse">
                {t('collect.office.refuse')}
              </Button>
            </Group>
          )}
        </Paper>
      )}
    </Paper>
  );
}

/** At the office: each collector's cash, the hand-overs waiting, their areas, and the history. */
export function OfficeTab() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const tz = useTimezone();
  const myId = useSession((s) => s.session?.user.id ?? 0);
  const canManage = useCan('users.manage');
  const collectors = useCall('collections.collectors', {});
  const history = useCall('collections.handovers', { pageSize: 20 });
  const [receiving, setReceiving] = useState<HandoverDto | null>(null);
  const [refusing, setRefusing] = useState<{ h: HandoverDto; name: string } | null>(null);
  const [areasOf, setAreasOf] = useState<CollectorSummary | null>(null);
  const reload = async () => {
    await Promise.all([collectors.reload(), history.reload()]);
  };
  if (!collectors.data) return collectors.error ? <ErrorAlert error={collectors.error} /> : <Loader />;
  return (
    <Stack gap="sm" data-testid="collect-office">
      {collectors.data.length === 0 && <Alert color="gray">{t('collect.office.none')}</Alert>}
      <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }} spacing="sm">
        {collectors.data.map((c) => (
          <CollectorCard
            key={c.id}
            c={c}
            myId={myId}
            canManage={canManage}
            onReceive={() => c.pending && setReceiving(c.pending)}
            onRefuse={() => c.pending && setRefusing({ h: c.pending, name: c.name })}
            onAreas={() => setAreasOf(c)}
          />
        ))}
      </SimpleGrid>
      <Title order={3} size="h5" mt="sm">
        {t('collect.office.history')}
      </Title>
      {(history.data?.items.length ?? 0) === 0 && (
        <Text size="sm" c="dimmed">
          {t('collect.office.noHistory')}
        </Text>
      )}
      <Stack gap={6} data-testid="handover-history">
        {history.data?.items.map((h) => <HandoverLine key={h.id} h={h} when={formatDateTime(h.decidedAt ?? h.createdAt, tz, lang)} />)}
      </Stack>
      {receiving && (
        <ReceiveModal
          h={receiving}
          onClose={() => setReceiving(null)}
          onDone={() => {
            setReceiving(null);
            void reload();
          }}
        />
      )}
      {areasOf && (
        <AreasModal
          c={areasOf}
          onClose={() => setAreasOf(null)}
          onDone={() => {
            setAreasOf(null);
            void reload();
          }}
        />
      )}
      <ConfirmModal
        opened={refusing !== null}
        title={t('collect.office.refuse')}
        body={t('collect.office.refuseText', { number: refusing?.h.number ?? '', name: refusing?.name ?? '' })}
        confirmLabel={t('collect.office.refuse')}
        onConfirm={async () => {
          if (!refusing) return;
          const r = await call('collections.cancelHandover', { id: refusing.h.id });
          notifications.show({ color: 'gray', message: t('collect.office.refused', { number: r.number }) });
          setRefusing(null);
          await reload();
        }}
        onClose={() => setRefusing(null)}
      />
    </Stack>
  );
}
