import { Alert, Badge, Group, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { IconAlertCircle, IconCheck, IconChecks, IconClock, IconX } from '@tabler/icons-react';
import type { ReactNode, RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { WA_PLACEHOLDERS, type WaMessageState, type WaStateName } from '../../../../shared/contract/whatsapp';
import { ApiError } from '../../api/client';
import { ErrorText } from '../../lib/errors';

const STATE_COLOR: Record<WaMessageState, string> = { queued: 'yellow', sending: 'blue', sent: 'teal', delivered: 'green', read: 'green', failed: 'red', cancelled: 'gray' };

export function MessageStateBadge({ state }: { state: WaMessageState }) {
  const { t } = useTranslation();
  return (
    <Badge size="sm" variant={state === 'read' ? 'filled' : 'light'} color={STATE_COLOR[state]} data-testid="wa-state" data-state={state}>
      {t(`whatsapp.states.${state}`)}
    </Badge>
  );
}

/** The ticks a phone shows under a message: clock (waiting), one tick (sent), two (delivered), two blue (read). */
export function StateTicks({ state }: { state: WaMessageState }) {
  const { t } = useTranslation();
  const icon =
    state === 'queued' || state === 'sending' ? (
      <IconClock size={14} />
    ) : state === 'sent' ? (
      <IconCheck size={14} />
    ) : state === 'delivered' ? (
      <IconChecks size={14} />
    ) : state === 'read' ? (
      <IconChecks size={14} color="var(--mantine-color-blue-6)" />
    ) : state === 'failed' ? (
      <IconAlertCircle size={14} color="var(--mantine-color-red-6)" />
    ) : (
      <IconX size={14} />
    );
  return (
    <Tooltip label={t(`whatsapp.states.${state}`)}>
      <Group gap={2} component="span" c="dimmed" data-testid="wa-ticks" data-state={state} aria-label={t(`whatsapp.states.${state}`)}>
        {icon}
      </Group>
    </Tooltip>
  );
}

const CHANNEL_COLOR: Record<WaStateName, string> = { off: 'gray', starting: 'blue', qr: 'orange', connecting: 'blue', connected: 'green', disconnected: 'red', failed: 'red' };

export function ChannelStateBadge({ state }: { state: WaStateName }) {
  const { t } = useTranslation();
  return (
    <Badge size="lg" variant="light" color={CHANNEL_COLOR[state]} data-testid="wa-channel-state" data-state={state}>
      {t(`whatsapp.channelStates.${state}`)}
    </Badge>
  );
}

/** Why the channel is down (or what it is doing), in plain words; the technical reason stays in the text. */
export function useReasonText(): (reason: string | null) => string | null {
  const { t } = useTranslation();
  return (reason) => {
    if (!reason) return null;
    const after = (prefix: string) => reason.slice(prefix.length).trim();
    if (['LOGOUT', 'UNPAIRED', 'UNPAIRED_IDLE'].includes(reason)) return t('whatsapp.reasons.logout');
    if (reason === 'TOS_BLOCK' || reason === 'SMB_TOS_BLOCK') return t('whatsapp.reasons.banned');
    if (reason === 'CONFLICT') return t('whatsapp.reasons.conflict');
    if (reason === 'OPENING') return t('whatsapp.reasons.opening');
    if (reason === 'PAIRING') return t('whatsapp.reasons.pairing');
    if (reason === 'TIMEOUT') return t('whatsapp.reasons.timeout');
    if (reason.startsWith('browser not found:')) return t('whatsapp.reasons.browser', { detail: after('browser not found:') });
    if (reason.startsWith('token rejected:')) return t('whatsapp.reasons.token', { detail: after('token rejected:') });
    if (reason.startsWith('not configured:')) return t('whatsapp.reasons.notConfigured', { detail: after('not configured:') });
    if (reason.startsWith('AUTH_FAILURE:')) return t('whatsapp.reasons.authFailure', { detail: after('AUTH_FAILURE:') });
    return t('whatsapp.reasons.other', { detail: reason });
  };
}

/** A WhatsApp call's error in a clerk's words (the module's conflicts), else the usual text. */
export function WaErrorText({ error }: { error: unknown }): ReactNode {
  const { t } = useTranslation();
  if (error instanceof ApiError && error.code === 'conflict') {
    const d = error.details ?? {};
    if (d.field === 'channel') return d.reason === 'needs_webjs' ? t('whatsapp.errors.needsWebjs') : t('whatsapp.errors.notRunning');
    if (d.field === 'id' && typeof d.state === 'string') return t('whatsapp.errors.notRetryable', { state: t(`whatsapp.states.${d.state}`, { defaultValue: d.state }) });
    if (d.field === 'expected' && typeof d.count === 'number') return t('whatsapp.broadcast.changed', { count: d.count });
    if (d.field === 'customerId') return d.reason === 'no_number' ? t('whatsapp.errors.noNumber') : t('whatsapp.errors.optedOut');
  }
  return <ErrorText error={error} />;
}

export function WaErrorAlert({ error, testId = 'wa-error' }: { error: unknown; testId?: string }) {
  if (!error) return null;
  return (
    <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} data-testid={testId} role="alert">
      <WaErrorText error={error} />
    </Alert>
  );
}

/** Inserts `text` into a textarea at the cursor (replacing a selection) and returns the new value. */
export function insertAtCursor(el: HTMLTextAreaElement | null, value: string, text: string): { value: string; cursor: number } {
  const start = el?.selectionStart ?? value.length;
  const end = el?.selectionEnd ?? value.length;
  return { value: value.slice(0, start) + text + value.slice(end), cursor: start + text.length };
}

/** The placeholders as chips; a click puts `{name}` where the cursor is in the textarea. */
export function PlaceholderChips({ target, value, onChange, disabled }: { target: RefObject<HTMLTextAreaElement | null>; value: string; onChange: (v: string) => void; disabled?: boolean }) {
  const { t } = useTranslation();
  const insert = (name: string) => {
    const el = target.current;
    const next = insertAtCursor(el, value, `{${name}}`);
    onChange(next.value);
    // Back in the text, right after what was inserted.
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(next.cursor, next.cursor);
    });
  };
  return (
    <div>
      <Text size="xs" c="dimmed" mb={4}>
        {t('whatsapp.templates.placeholders')}
      </Text>
      <Group gap={6} data-testid="wa-placeholders">
        {WA_PLACEHOLDERS.map((p) => (
          <Tooltip key={p} label={t(`whatsapp.placeholders.${p}`)}>
            <UnstyledButton onClick={() => insert(p)} disabled={disabled} data-testid={`wa-placeholder-${p}`} aria-label={t(`whatsapp.placeholders.${p}`)}>
              <Badge variant="outline" color="teal" size="md" tt="none" style={{ cursor: disabled ? 'default' : 'pointer', fontFamily: 'var(--mantine-font-family-monospace)' }}>
                {`{${p}}`}
              </Badge>
            </UnstyledButton>
          </Tooltip>
        ))}
      </Group>
    </div>
  );
}
