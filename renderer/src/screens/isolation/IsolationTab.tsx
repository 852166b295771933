import { Alert, Badge, Button, Card, Code, Divider, Group, Loader, Modal, NumberInput, Stack, Switch, TagsInput, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconBan, IconRouter } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IsolationChange, IsolationStatus } from '../../../../shared/contract';
import { call } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ErrorText } from '../../lib/errors';
import { useCall } from '../../lib/useCall';
import { useCan } from '../../store/session';
import { GroupForm, NARROW, useGroupForm, type GroupProps } from '../settings/GroupForm';

const ACTION_COLOR = { add: 'green', set: 'yellow', remove: 'red' } as const;

/** Settings → Isolir: the isolation page's own listener, and per router a preview of its isolation set-up to apply. */
export function IsolationTab({ value, onSaved }: GroupProps<'isolation'>) {
  const { t } = useTranslation();
  const form = useGroupForm('isolation', value);
  const status = useCall('isolation.status', {});
  const [routerId, setRouterId] = useState<{ id: number; name: string } | null>(null);
  return (
    <Stack gap="xl" data-testid="isolation-tab">
      <Text size="sm" c="dimmed" maw={720}>
        {t('isolation.intro')}
      </Text>
      <ListenerCard status={status.data} address={value.address} />
      <GroupForm
        group="isolation"
        form={form}
        onSaved={(s) => {
          onSaved(s);
          void status.reload();
        }}
      >
        <Switch label={t('isolation.enabled')} description={t('isolation.enabledHint')} {...form.getInputProps('enabled', { type: 'checkbox' })} data-testid="isolation-enabled" />
        <TextInput label={t('isolation.address')} description={t('isolation.addressHint')} placeholder="192.168.88.10" styles={NARROW} {...form.getInputProps('address')} data-testid="isolation-address" />
        <NumberInput label={t('isolation.port')} description={t('isolation.portHint')} min={1024} max={65535} allowDecimal={false} allowNegative={false} styles={NARROW} {...form.getInputProps('port')} data-testid="isolation-port" />
        <TextInput label={t('isolation.allowList')} description={t('isolation.allowListHint')} styles={NARROW} {...form.getInputProps('allowList')} data-testid="isolation-allow-list" />
        <TagsInput label={t('isolation.allowHosts')} description={t('isolation.allowHostsHint')} clearable {...form.getInputProps('allowHosts')} data-testid="isolation-allow-hosts" />
        <NumberInput label={t('isolation.perMinute')} min={5} max={600} allowDecimal={false} allowNegative={false} styles={NARROW} {...form.getInputProps('perMinute')} data-testid="isolation-per-minute" />
      </GroupForm>
      <Divider />
      <Stack gap="sm" maw={720}>
        <Text fw={700}>{t('isolation.routers')}</Text>
        <Text size="sm" c="dimmed">
          {t('isolation.routersHint')}
        </Text>
        <ErrorAlert error={status.error} />
        {status.data?.routers.length === 0 && <Text size="sm">{t('isolation.noRouters')}</Text>}
        {status.data?.routers.map((r) => (
          <Card key={r.id} withBorder padding="sm" data-testid="isolation-router" data-router={r.name}>
            <Group justify="space-between" wrap="wrap" gap="xs">
              <Group gap="xs" wrap="nowrap">
                <IconRouter size={18} />
                <Text fw={600}>{r.name}</Text>
                <Badge color={r.applied ? 'green' : 'gray'} variant="light" data-testid="isolation-router-state">
                  {r.applied ? t('isolation.applied') : t('isolation.notApplied')}
                </Badge>
              </Group>
              <Button size="xs" variant="light" onClick={() => setRouterId({ id: r.id, name: r.name })} data-testid="isolation-check">
                {t('isolation.check')}
              </Button>
            </Group>
          </Card>
        ))}
      </Stack>
      <PreviewModal
        router={routerId}
        onClose={(changed) => {
          setRouterId(null);
          if (changed) void status.reload();
        }}
      />
    </Stack>
  );
}

function ListenerCard({ status, address }: { status: IsolationStatus | undefined; address: string }) {
  const { t } = useTranslation();
  if (!status) return <Loader size="sm" />;
  const on = status.listening !== null;
  return (
    <Card withBorder padding="md" maw={720} data-testid="isolation-listener">
      <Group gap="xs" mb={4}>
        <IconBan size={20} />
        <Text fw={700}>{t('isolation.listener')}</Text>
        <Badge color={on ? 'green' : 'gray'} variant="light" data-testid="isolation-listening">
          {on ? t('isolation.running', { port: status.port }) : t('isolation.stopped')}
        </Badge>
      </Group>
      {address && (
        <Text size="sm" c="dimmed">
          {t('isolation.redirectTo', { target: `http://${address}:${status.port}/` })}
        </Text>
      )}
    </Card>
  );
}

function changeText(c: IsolationChange): string {
  return Object.entries(c.key)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}

/** Reads the router, lists the commands to send (with what the router has now), and applies them on confirmation. */
function PreviewModal({ router, onClose }: { router: { id: number; name: string } | null; onClose: (changed: boolean) => void }) {
  const { t } = useTranslation();
  const canManage = useCan('routers.manage');
  const preview = useCall('isolation.preview', { routerId: router?.id ?? 1 }, router !== null);
  const [busy, setBusy] = useState(false);
  const p = router && !preview.loading ? preview.data : undefined;
  const blocked = p?.problems.includes('no_address') ?? true;
  const apply = async () => {
    if (!router || !p) return;
    setBusy(true);
    try {
      const r = await call('isolation.apply', { routerId: router.id, fingerprint: p.fingerprint });
      notifications.show({ color: 'green', message: t('isolation.queued', { count: r.queued }) });
      onClose(true);
    } catch (err) {
      notifications.show({ color: 'red', message: <ErrorText error={err} /> });
      void preview.reload();
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={router !== null} onClose={() => onClose(false)} title={t('isolation.previewTitle', { name: router?.name ?? '' })} size="xl" data-testid="isolation-preview">
      <Stack gap="sm">
        {router && preview.loading && (
          <Group gap="xs">
            <Loader size="sm" />
            <Text size="sm">{t('isolation.checking')}</Text>
          </Group>
        )}
        <ErrorAlert error={preview.error} />
        {p && (
          <>
            {p.problems.map((pr) => (
              <Alert key={pr} color={pr === 'no_address' ? 'red' : 'orange'} variant="light" icon={<IconAlertTriangle size={18} />} p="xs" data-testid={`isolation-problem-${pr}`}>
                <Text size="sm">{t(`isolation.problems.${pr}`)}</Text>
              </Alert>
            ))}
            <Text size="sm" c="dimmed">
              {t('isolation.summary', { profile: p.summary.profile, list: p.summary.list, allowList: p.summary.allowList, hosts: p.summary.allowHosts.length })}
            </Text>
            {p.pending > 0 && <Alert color="blue" variant="light" p="xs">{t('isolation.pending', { count: p.pending })}</Alert>}
            {p.reorder && <Alert color="orange" variant="light" p="xs" data-testid="isolation-reorder">{t('isolation.reorder')}</Alert>}
            {p.changes.length === 0 ? (
              <Alert color="green" variant="light" data-testid="isolation-in-sync">
                {t('isolation.inSync')}
              </Alert>
            ) : (
              <>
                <Text size="sm" fw={600} data-testid="isolation-change-count" data-count={p.changes.length}>
                  {t('isolation.changes', { count: p.changes.length })}
                </Text>
                <Stack gap={6} mah={440} style={{ overflowY: 'auto' }}>
                  {p.changes.map((c, i) => (
                    <Card key={i} withBorder padding={8} style={{ flexShrink: 0 }} data-testid="isolation-change" data-action={c.action}>
                      <Group gap={6} wrap="wrap" mb={4}>
                        <Badge color={ACTION_COLOR[c.action]} variant="light" size="sm">
                          {t(`isolation.actions.${c.action}`)}
                        </Badge>
                        <Text size="sm" fw={600}>
                          {c.menu}
                        </Text>
                        <Text size="sm" c="dimmed" style={{ wordBreak: 'break-all' }}>
                          {changeText(c)}
                        </Text>
                      </Group>
                      {c.action === 'set' &&
                        c.fields.map((f) => (
                          <Text key={f.field} size="xs" c="dimmed">
                            {f.field}: {f.desired} ({t('isolation.router', { value: f.router ?? '—' })})
                          </Text>
                        ))}
                      <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', fontSize: 12 }} data-testid="isolation-command">
                        {c.command}
                      </Code>
                    </Card>
                  ))}
                </Stack>
                <Text size="xs" c="dimmed">
                  {t('isolation.placement')}
                </Text>
              </>
            )}
            {canManage && (p.changes.length > 0 || !p.applied) && (
              <Group justify="flex-end">
                <Button onClick={() => void apply()} loading={busy} disabled={blocked} data-testid="isolation-apply">
                  {p.changes.length > 0 ? t('isolation.apply', { count: p.changes.length }) : t('isolation.applyMark')}
                </Button>
              </Group>
            )}
          </>
        )}
      </Stack>
    </Modal>
  );
}
