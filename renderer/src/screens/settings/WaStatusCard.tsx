import { Alert, Button, Card, Code, Collapse, Group, Image, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconLogout, IconPlayerPlay, IconRefresh } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WaStatusDto } from '../../../../shared/contract/whatsapp';
import { call } from '../../api/client';
import { ConfirmModal } from '../../components/ConfirmModal';
import { useLanguage } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { useCan, useSession, useTimezone } from '../../store/session';
import { ChannelStateBadge, useReasonText, WaErrorText } from '../whatsapp/waText';

/** The QR code as an image: the SVG never becomes part of the page's markup. */
const qrSrc = (svg: string) => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;

/** An 8-character pairing code as the phone shows it: ABCD-EFGH. */
const pretty = (code: string) => (code.length === 8 ? `${code.slice(0, 4)}-${code.slice(4)}` : code);

/** The channel as it is now (polled by the tab), what to do about it, and the queue. */
export function WaStatusCard({ status: s, unsaved, onChanged }: { status: WaStatusDto; unsaved: boolean; onChanged: () => void }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const tz = useTimezone();
  const canManage = useCan('settings.manage');
  const reasonText = useReasonText();
  const [confirm, setConfirm] = useState<'logout' | 'reset' | null>(null);
  const [busy, setBusy] = useState(false);
  const at = (iso: string) => formatDateTime(iso, tz, lang);
  const reason = reasonText(s.reason);
  const down = s.state === 'disconnected' || s.state === 'failed';

  const act = async (what: 'start' | 'logout' | 'reset') => {
    setBusy(true);
    try {
      await call(what === 'start' ? 'wa.start' : what === 'logout' ? 'wa.logout' : 'wa.reset', {});
      notifications.show({ color: 'green', message: what === 'start' ? t('whatsapp.status.started') : t('whatsapp.status.done') });
      setConfirm(null);
      onChanged();
    } catch (err) {
      setConfirm(null);
      notifications.show({ color: 'red', message: <WaErrorText error={err} /> });
    } finally {
      setBusy(false);
    }
  };

  const pauseWhy = s.pauseReason === 'quiet_hours' ? t('whatsapp.status.pauseQuiet') : s.pauseReason === 'daily_cap' ? t('whatsapp.status.pauseCap') : t('whatsapp.status.pauseNotConnected');
  return (
    <Card withBorder padding="md" maw={640} data-testid="wa-status">
      <Stack gap="sm">
        <Group justify="space-between" gap="xs">
          <Group gap="xs">
            <Title order={3} size="h5">
              {t('whatsapp.status.title')}
            </Title>
            <ChannelStateBadge state={s.state} />
          </Group>
          <Text size="xs" c="dimmed">
            {t('whatsapp.status.live')}
          </Text>
        </Group>
        {unsaved && (
          <Text size="sm" c="orange.8" data-testid="wa-status-unsaved">
            {t('whatsapp.status.unsaved')}
          </Text>
        )}
        {s.channel === 'none' ? (
          <Text size="sm" data-testid="wa-status-none">
            {t('whatsapp.status.none')}
          </Text>
        ) : (
          <>
            {s.state === 'connected' && s.me && (
              <Text fw={600} data-testid="wa-status-me">
                {t('whatsapp.status.connectedAs', { me: s.me })}{' '}
                <Text span size="xs" c="dimmed" fw={400}>
                  {t('whatsapp.status.since', { at: at(s.since) })}
                </Text>
              </Text>
            )}
            {s.state === 'off' && !reason && <Text size="sm">{t('whatsapp.status.off')}</Text>}
            {reason && (
              <Alert color={down ? 'red' : 'blue'} variant="light" data-testid="wa-status-reason">
                <Text size="sm">{reason}</Text>
                {down && (
                  <Text size="xs" c="dimmed" mt={4} data-testid="wa-status-retry">
                    {s.nextRetryAt ? t('whatsapp.status.nextRetry', { at: at(s.nextRetryAt) }) : t('whatsapp.status.noRetry')}
                  </Text>
                )}
              </Alert>
            )}
            {s.state === 'qr' && s.qrSvg && (
              <Group align="flex-start" gap="md" wrap="wrap">
                <Image src={qrSrc(s.qrSvg)} alt={t('whatsapp.status.qrAlt')} w={220} h={220} bg="white" p={6} radius="sm" style={{ border: '1px solid var(--mantine-color-gray-3)' }} data-testid="wa-qr" />
                <Text size="sm" maw={320}>
                  {t('whatsapp.status.scan')}
                </Text>
              </Group>
            )}
            {s.channel === 'webjs' && (s.state === 'qr' || s.pairingCode) && canManage && <PairingCode current={s.pairingCode} />}
          </>
        )}
        <QueueLine s={s} at={at} pauseWhy={pauseWhy} />
        {canManage && s.channel !== 'none' && (
          <Group gap="xs">
            {(s.state === 'off' || down) && (
              <Button size="xs" leftSection={<IconPlayerPlay size={14} />} loading={busy && confirm === null} onClick={() => void act('start')} data-testid="wa-start">
                {t('whatsapp.status.start')}
              </Button>
            )}
            {s.channel === 'webjs' && s.state === 'connected' && (
              <Button size="xs" variant="default" leftSection={<IconLogout size={14} />} onClick={() => setConfirm('logout')} data-testid="wa-logout">
                {t('whatsapp.status.logout')}
              </Button>
            )}
            {s.channel === 'webjs' && (
              <Button size="xs" variant="subtle" color="red" leftSection={<IconRefresh size={14} />} onClick={() => setConfirm('reset')} data-testid="wa-reset">
                {t('whatsapp.status.reset')}
              </Button>
            )}
          </Group>
        )}
      </Stack>
      <ConfirmModal
        opened={confirm !== null}
        title={confirm === 'logout' ? t('whatsapp.status.logoutTitle') : t('whatsapp.status.resetTitle')}
        body={confirm === 'logout' ? t('whatsapp.status.logoutBody') : t('whatsapp.status.resetBody')}
        confirmLabel={confirm === 'logout' ? t('whatsapp.status.logout') : t('whatsapp.status.reset')}
        onConfirm={() => act(confirm ?? 'reset')}
        onClose={() => setConfirm(null)}
      />
    </Card>
  );
}

function QueueLine({ s, at, pauseWhy }: { s: WaStatusDto; at: (iso: string) => string; pauseWhy: string }) {
  const { t } = useTranslation();
  return (
    <div data-testid="wa-queue">
      <Text size="sm" fw={500}>
        {t('whatsapp.status.queue')}
      </Text>
      <Text size="sm" data-testid="wa-queue-counts">
        {t('whatsapp.status.queued', { count: s.queued })} · {t('whatsapp.status.sentToday', { sent: s.sentToday, cap: s.dailyCap })}
      </Text>
      {s.pausedUntil && s.pauseReason !== 'not_connected' && (
        <Text size="sm" c="orange.8" data-testid="wa-queue-paused">
          {t('whatsapp.status.pausedUntil', { at: at(s.pausedUntil), why: pauseWhy })}
        </Text>
      )}
      {s.pauseReason === 'not_connected' && s.queued > 0 && (
        <Text size="sm" c="orange.8">
          {pauseWhy}
        </Text>
      )}
    </div>
  );
}

/** A pairing code for the office's number, for a phone that cannot scan the QR. */
function PairingCode({ current }: { current: string | null }) {
  const { t } = useTranslation();
  const officePhone = useSession((st) => st.office?.phone) ?? '';
  const [open, setOpen] = useState(false);
  const [phone, setPhone] = useState(officePhone);
  const [code, setCode] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const shown = code ?? current;
  const get = async () => {
    setBusy(true);
    setError(null);
    try {
      setCode((await call('wa.pairingCode', { phone })).code);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div>
      <Button size="xs" variant="subtle" px={0} onClick={() => setOpen((o) => !o)} data-testid="wa-pairing-toggle">
        {t('whatsapp.status.pairing')}
      </Button>
      <Collapse expanded={open || !!shown}>
        <Stack gap="xs" mt={4}>
          <Text size="xs" c="dimmed">
            {t('whatsapp.status.pairingHint')}
          </Text>
          <Group gap="xs" align="flex-end">
            <TextInput label={t('whatsapp.status.pairingPhone')} value={phone} onChange={(e) => setPhone(e.currentTarget.value)} placeholder="0812…" w={220} inputMode="tel" data-testid="wa-pairing-phone" />
            <Button size="sm" variant="light" loading={busy} disabled={phone.replace(/\D/g, '').length < 6} onClick={() => void get()} data-testid="wa-pairing-get">
              {t('whatsapp.status.pairingGet')}
            </Button>
          </Group>
          {error ? (
            <Text size="sm" c="red.7">
              <WaErrorText error={error} />
            </Text>
          ) : null}
          {shown && (
            <>
              <Code fz={28} fw={700} px="md" py={6} w="fit-content" style={{ letterSpacing: 4 }} data-testid="wa-pairing-code">
                {pretty(shown)}
              </Code>
              <Text size="sm">{t('whatsapp.status.pairingSteps')}</Text>
            </>
          )}
        </Stack>
      </Collapse>
    </div>
  );
}
