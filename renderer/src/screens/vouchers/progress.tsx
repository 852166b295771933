import { Button, Group, Progress, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlayerPlay, IconPlayerStop } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { VoucherBatchDto } from '../../../../shared/contract/vouchers';
import type { ServerEvents } from '../../../../shared/events';
import { call, subscribe } from '../../api/client';
import { ErrorText } from '../../lib/errors';

export type PushProgress = ServerEvents['vouchers.progress'];

/**
 * The latest push progress of every batch the server reported since the screen opened. `forget` drops a
 * batch's entry once a fresher copy came back from a call (cancel, resume, reload).
 */
export function useVoucherProgress(onChange?: (p: PushProgress) => void): { live: Map<number, PushProgress>; forget: (batchId: number) => void } {
  const [live, setLive] = useState(new Map<number, PushProgress>());
  useEffect(
    () =>
      subscribe('vouchers.progress', (p) => {
        setLive((m) => new Map(m).set(p.batchId, p));
        onChange?.(p);
      }),
    [onChange],
  );
  const forget = useCallback((batchId: number) => {
    setLive((m) => {
      if (!m.has(batchId)) return m;
      const next = new Map(m);
      next.delete(batchId);
      return next;
    });
  }, []);
  return { live, forget };
}

/** A batch with what the live events said since it was loaded. */
export function withProgress(b: VoucherBatchDto, live: Map<number, PushProgress>): VoucherBatchDto {
  const p = live.get(b.id);
  if (!p) return b;
  return { ...b, pushed: p.pushed, quantity: p.total, status: p.status, lastError: p.error };
}

/** pushed / quantity as a bar, the router's error under it, and cancel or resume for staff who may. */
export function PushBar({ batch: b, canManage, onChanged, compact }: { batch: VoucherBatchDto; canManage: boolean; onChanged: (b: VoucherBatchDto) => void; compact?: boolean }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const pct = b.quantity ? Math.round((b.pushed / b.quantity) * 100) : 0;
  const act = async (method: 'vouchers.cancelPush' | 'vouchers.resumePush') => {
    setBusy(true);
    try {
      onChanged(await call(method, { batchId: b.id }));
    } catch (err) {
      notifications.show({ color: 'red', message: <ErrorText error={err} /> });
    } finally {
      setBusy(false);
    }
  };
  const canCancel = b.status === 'pushing';
  const canResume = (b.status === 'cancelled' && b.pushed < b.quantity) || (b.status === 'pushing' && !!b.lastError);
  const color = b.status === 'done' || b.status === 'imported' ? 'green' : b.lastError ? 'red' : b.status === 'cancelled' ? 'gray' : 'blue';
  return (
    <Stack gap={4} data-testid="push-progress" data-pushed={b.pushed} data-total={b.quantity} data-status={b.status}>
      <Group gap="xs" wrap="nowrap">
        <Progress value={pct} color={color} striped={b.status === 'pushing'} animated={b.status === 'pushing' && !b.lastError} style={{ flex: 1, minWidth: 60 }} size={compact ? 'md' : 'xl'} />
        <Text size="sm" ff="monospace" style={{ whiteSpace: 'nowrap' }} data-testid="push-count">
          {b.pushed}/{b.quantity}
        </Text>
      </Group>
      {!compact && (
        <Text size="xs" c="dimmed">
          {t(`vouchers.push.explain.${b.status}`)}
        </Text>
      )}
      {b.lastError && b.status === 'pushing' && (
        <Text size="xs" c="red" data-testid="push-error">
          {t('vouchers.push.error', { error: b.lastError.replace(/[.\s]+$/, '') })}
        </Text>
      )}
      {canManage && (canCancel || canResume) && (
        <Group gap="xs">
          {canResume && (
            <Button size="compact-xs" variant="light" loading={busy} leftSection={<IconPlayerPlay size={12} />} onClick={() => void act('vouchers.resumePush')} data-testid="push-resume">
              {t(b.status === 'cancelled' ? 'vouchers.push.resume' : 'vouchers.push.retryNow')}
            </Button>
          )}
          {canCancel && (
            <Button size="compact-xs" variant="subtle" color="red" loading={busy} leftSection={<IconPlayerStop size={12} />} onClick={() => void act('vouchers.cancelPush')} data-testid="push-cancel">
              {t('vouchers.push.cancel')}
            </Button>
          )}
        </Group>
      )}
    </Stack>
  );
}
