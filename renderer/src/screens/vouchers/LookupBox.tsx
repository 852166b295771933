import { Button, Card, Group, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBan, IconCheck, IconClockPlus, IconSearch } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { durationSchema, type VoucherDto } from '../../../../shared/contract/vouchers';
import { call } from '../../api/client';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLanguage } from '../../i18n';
import { ErrorText } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { useCan, useTimezone } from '../../store/session';
import { StateBadge, useDurationText, useMoney } from './common';

/** "Cek voucher": a code or serial → who sold it, when it was first used, until when, on which device. */
export function LookupBox({ onChanged }: { onChanged: () => void }) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [found, setFound] = useState<VoucherDto | null | undefined>(undefined);
  const look = async () => {
    if (!code.trim()) return;
    setBusy(true);
    setError(null);
    try {
      setFound(await call('vouchers.lookup', { code: code.trim() }));
    } catch (err) {
      setError(err);
      setFound(undefined);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card withBorder padding="md" data-testid="lookup-box">
      <Text fw={600}>{t('vouchers.lookup.title')}</Text>
      <Text size="xs" c="dimmed" mb="sm">
        {t('vouchers.lookup.hint')}
      </Text>
      <form onSubmit={(e) => (e.preventDefault(), void look())}>
        <Group gap="xs" wrap="nowrap">
          <TextInput style={{ flex: 1 }} placeholder={t('vouchers.lookup.placeholder')} aria-label={t('vouchers.lookup.placeholder')} value={code} onChange={(e) => setCode(e.currentTarget.value)} autoCapitalize="none" autoComplete="off" data-testid="lookup-code" />
          <Button type="submit" loading={busy} leftSection={<IconSearch size={16} />} data-testid="lookup-submit">
            {t('vouchers.lookup.submit')}
          </Button>
        </Group>
      </form>
      <ErrorAlert error={error} />
      {found === null && (
        <Text size="sm" c="orange.8" mt="sm" data-testid="lookup-none">
          {t('vouchers.lookup.none', { code: code.trim() })}
        </Text>
      )}
      {found && (
        <VoucherDetails
          v={found}
          onChanged={(v) => {
            setFound(v);
            onChanged();
          }}
        />
      )}
    </Card>
  );
}

function VoucherDetails({ v, onChanged }: { v: VoucherDto; onChanged: (v: VoucherDto) => void }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const tz = useTimezone();
  const money = useMoney();
  const duration = useDurationText();
  const dt = (iso: string | null) => formatDateTime(iso, tz, lang);
  const row = (label: string, value: ReactNode, testId?: string) => (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" data-testid={testId}>
        {value}
      </Text>
    </div>
  );
  const sold = v.soldAt ? t('vouchers.lookup.soldAt', { by: v.soldBy ?? '—', date: dt(v.soldAt), price: money(v.soldPrice ?? 0) }) : v.outletName ? t('vouchers.list.atOutlet', { outlet: v.outletName }) : t('vouchers.lookup.notSold');
  return (
    <Stack gap="xs" mt="sm" data-testid="lookup-result" data-code={v.username} data-state={v.state}>
      <Group justify="space-between">
        <Text ff="monospace" fw={700} size="lg">
          {v.username}
          {v.password !== v.username && <Text span c="dimmed" ff="monospace">{` / ${v.password}`}</Text>}
        </Text>
        <StateBadge state={v.state} />
      </Group>
      <SimpleGrid cols={2} spacing="xs" verticalSpacing={6}>
        {row(t('vouchers.lookup.profile'), `${v.profileName} · ${v.routerName}`)}
        {row(t('vouchers.lookup.validity'), [v.validity === null ? t('vouchers.noExpiry') : duration(v.validity), v.timeLimit ? t('vouchers.lookup.timeLimit', { limit: duration(v.timeLimit) }) : null].filter(Boolean).join(' · '))}
        {row(t('vouchers.lookup.sold'), sold, 'lookup-sold')}
        {row(t('vouchers.lookup.batch'), `${v.batchComment} · #${v.serial}`)}
        {row(t('vouchers.lookup.firstLogin'), dt(v.firstLoginAt), 'lookup-first-login')}
        {row(t('vouchers.lookup.expires'), dt(v.expiresAt), 'lookup-expires')}
        {row(t('vouchers.lookup.mac'), v.mac ?? '—', 'lookup-mac')}
      </SimpleGrid>
      <VoucherActions v={v} onChanged={onChanged} />
    </Stack>
  );
}

function VoucherActions({ v, onChanged }: { v: VoucherDto; onChanged: (v: VoucherDto) => void }) {
  const { t } = useTranslation();
  const canManage = useCan('vouchers.manage');
  const [by, setBy] = useState('1d');
  const [byError, setByError] = useState<string | null>(null);
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  if (!canManage) return null;
  const run = async (p: Promise<VoucherDto>, done: string) => {
    setBusy(true);
    try {
      const next = await p;
      notifications.show({ color: 'green', message: t(done, { code: next.username }) });
      onChanged(next);
    } catch (err) {
      notifications.show({ color: 'red', message: <ErrorText error={err} /> });
    } finally {
      setBusy(false);
    }
  };
  const extend = () => {
    if (!durationSchema.safeParse(by).success) return setByError(t('vouchers.duration.invalid'));
    setByError(null);
    void run(call('vouchers.extend', { id: v.id, by: by.trim() }), 'vouchers.lookup.extended');
  };
  return (
    <Stack gap="xs" mt={4}>
      <Group gap="xs" align="flex-start">
        {(v.state === 'active' || v.state === 'expired') && (
          <Group gap="xs" align="flex-start" wrap="nowrap">
            <TextInput size="xs" w={90} value={by} onChange={(e) => setBy(e.currentTarget.value)} error={byError} aria-label={t('vouchers.lookup.extendBy')} placeholder="1d" data-testid="lookup-extend-by" />
            <Button size="xs" variant="light" loading={busy} leftSection={<IconClockPlus size={14} />} onClick={extend} data-testid="lookup-extend">
              {t('vouchers.lookup.extend')}
            </Button>
          </Group>
        )}
        {v.state !== 'disabled' && v.state !== 'removed' && (
          <Button size="xs" variant="light" color="orange" loading={busy} leftSection={<IconBan size={14} />} onClick={() => setConfirm(true)} data-testid="lookup-disable">
            {t('vouchers.lookup.disable')}
          </Button>
        )}
        {v.state === 'disabled' && (
          <Button size="xs" variant="light" color="green" loading={busy} leftSection={<IconCheck size={14} />} onClick={() => void run(call('vouchers.enable', { id: v.id }), 'vouchers.lookup.enabled')} data-testid="lookup-enable">
            {t('vouchers.lookup.enable')}
          </Button>
        )}
      </Group>
      {(v.state === 'active' || v.state === 'expired') && (
        <Text size="xs" c="dimmed">
          {t('vouchers.lookup.extendHint')}
        </Text>
      )}
      <ConfirmModal
        opened={confirm}
        title={t('vouchers.lookup.disableTitle', { code: v.username })}
        body={t('vouchers.lookup.disableBody')}
        confirmLabel={t('vouchers.lookup.disable')}
        color="orange"
        onClose={() => setConfirm(false)}
        onConfirm={async () => {
          setConfirm(false);
          await run(call('vouchers.disable', { id: v.id }), 'vouchers.lookup.disabled');
        }}
      />
    </Stack>
  );
}
