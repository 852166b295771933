import { Alert, Button, Card, Group, MultiSelect, Paper, SimpleGrid, Stack, Switch, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconSend, IconUsers } from '@tabler/icons-react';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BroadcastFilter, BroadcastPreview } from '../../../../shared/contract/whatsapp';
import { ApiError, call } from '../../api/client';
import { ConfirmModal } from '../../components/ConfirmModal';
import { useCall } from '../../lib/useCall';
import { useCan } from '../../store/session';
import { PlaceholderChips, WaErrorAlert } from './waText';

/** A message to the customers a filter selects: who and how many first, then "Send to N customers?". */
export function BroadcastTab() {
  const { t } = useTranslation();
  const canRouters = useCan('routers.read');
  const ref = useRef<HTMLTextAreaElement>(null);
  const [filter, setFilter] = useState<BroadcastFilter>({ areas: [], routerIds: [], planIds: [], overdue: false });
  const [body, setBody] = useState('');
  const [preview, setPreview] = useState<{ key: string; data: BroadcastPreview } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [confirming, setConfirming] = useState(false);
  const areas = useCall('customers.areas', {});
  const routers = useCall('routers.list', {}, canRouters);
  const plans = useCall('plans.list', { includeArchived: false });
  const key = JSON.stringify({ filter, body: body.trim() });
  const fresh = preview !== null && preview.key === key;
  const set = <K extends keyof BroadcastFilter>(k: K, v: BroadcastFilter[K]) => setFilter((f) => ({ ...f, [k]: v }));
  const noFilter = filter.areas.length === 0 && filter.routerIds.length === 0 && filter.planIds.length === 0 && !filter.overdue;

  const look = async () => {
    setBusy(true);
    setError(null);
    try {
      setPreview({ key, data: await call('wa.broadcastPreview', { filter, body: body.trim() }) });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const send = async () => {
    if (!preview) return;
    try {
      const r = await call('wa.broadcast', { filter, body: body.trim(), expected: preview.data.count });
      setConfirming(false);
      setPreview(null);
      notifications.show({ color: 'green', message: t('whatsapp.broadcast.queued', { count: r.queued }) });
    } catch (err) {
      setConfirming(false);
      setError(err);
      // The audience moved since the preview: show the new one, the clerk confirms again.
      if (err instanceof ApiError && err.code === 'conflict' && err.details?.field === 'expected') await look().then(() => setError(err));
    }
  };

  return (
    <Stack gap="md" maw={860} data-testid="wa-broadcast">
      <Text size="sm" c="dimmed">
        {t('whatsapp.broadcast.intro')}
      </Text>
      <Card withBorder padding="md">
        <Title order={3} size="h5" mb="sm">
          {t('whatsapp.broadcast.who')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: canRouters ? 3 : 2 }} spacing="sm">
          <MultiSelect label={t('whatsapp.broadcast.areas')} placeholder={filter.areas.length ? undefined : t('whatsapp.broadcast.any')} data={areas.data ?? []} value={filter.areas} onChange={(v) => set('areas', v)} searchable clearable data-testid="wa-bc-areas" />
          {canRouters && (
            <MultiSelect
              label={t('whatsapp.broadcast.routers')}
              placeholder={filter.routerIds.length ? undefined : t('whatsapp.broadcast.any')}
              data={(routers.data ?? []).map((r) => ({ value: String(r.id), label: r.name }))}
              value={filter.routerIds.map(String)}
              onChange={(v) => set('routerIds', v.map(Number))}
              searchable
              clearable
              data-testid="wa-bc-routers"
            />
          )}
          <MultiSelect
            label={t('whatsapp.broadcast.plans')}
            placeholder={filter.planIds.length ? undefined : t('whatsapp.broadcast.any')}
            data={(plans.data ?? []).map((p) => ({ value: String(p.id), label: p.name }))}
            value={filter.planIds.map(String)}
            onChange={(v) => set('planIds', v.map(Number))}
            searchable
            clearable
            data-testid="wa-bc-plans"
          />
        </SimpleGrid>
        <Switch mt="sm" label={t('whatsapp.broadcast.overdue')} checked={filter.overdue} onChange={(e) => set('overdue', e.currentTarget.checked)} data-testid="wa-bc-overdue" />
        {noFilter && (
          <Text size="xs" c="dimmed" mt="xs">
            {t('whatsapp.broadcast.everyone')}
          </Text>
        )}
      </Card>
      <Card withBorder padding="md">
        <Stack gap="sm">
          <Textarea ref={ref} label={t('whatsapp.broadcast.body')} description={t('whatsapp.broadcast.bodyHint')} value={body} onChange={(e) => setBody(e.currentTarget.value)} autosize minRows={4} maxRows={14} maxLength={4000} data-testid="wa-bc-body" />
          <PlaceholderChips target={ref} value={body} onChange={setBody} />
          <Group>
            <Button variant="light" leftSection={<IconUsers size={16} />} loading={busy} disabled={body.trim() === ''} onClick={() => void look()} data-testid="wa-bc-preview">
              {t('whatsapp.broadcast.preview')}
            </Button>
          </Group>
        </Stack>
      </Card>
      <WaErrorAlert error={error} testId="wa-bc-error" />
      {preview && (
        <Card withBorder padding="md" data-testid="wa-bc-result" data-count={preview.data.count} style={fresh ? undefined : { opacity: 0.6 }}>
          <Stack gap="sm">
            {!fresh && (
              <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} data-testid="wa-bc-stale">
                {t('whatsapp.broadcast.stale')}
              </Alert>
            )}
            <Text fw={700} size="lg" data-testid="wa-bc-count">
              {preview.data.count > 0 ? t('whatsapp.broadcast.count', { count: preview.data.count }) : t('whatsapp.broadcast.none')}
            </Text>
            <Text size="sm" c="dimmed" data-testid="wa-bc-skipped">
              {t('whatsapp.broadcast.skipped', preview.data.skipped)}
            </Text>
            {preview.data.sample.length > 0 && (
              <>
                <Text size="sm" fw={500}>
                  {t('whatsapp.broadcast.samples')}
                </Text>
                <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
                  {preview.data.sample.map((s) => (
                    <Paper key={s.customerId} p="sm" radius="md" bg="var(--mantine-color-green-light)" data-testid="wa-bc-sample">
                      <Text size="xs" fw={600}>
                        {s.name} · {s.to}
                      </Text>
                      <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                        {s.text}
                      </Text>
                    </Paper>
                  ))}
                </SimpleGrid>
              </>
            )}
            <Group>
              <Button leftSection={<IconSend size={16} />} disabled={!fresh || preview.data.count === 0} onClick={() => setConfirming(true)} data-testid="wa-bc-send">
                {t('whatsapp.broadcast.send')}
              </Button>
            </Group>
          </Stack>
        </Card>
      )}
      <ConfirmModal
        opened={confirming}
        title={t('whatsapp.broadcast.confirmTitle', { count: preview?.data.count ?? 0 })}
        body={t('whatsapp.broadcast.confirmBody')}
        confirmLabel={t('whatsapp.broadcast.confirm', { count: preview?.data.count ?? 0 })}
        color="green"
        onConfirm={send}
        onClose={() => setConfirming(false)}
      />
    </Stack>
  );
}
