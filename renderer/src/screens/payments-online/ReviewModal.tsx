import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PaymentAttemptDto } from '../../../../shared/contract';
import { call } from '../../api/client';
import { GatewayErrorAlert } from './gatewayText';

/** "Tandai sudah dicek" with a note: the payment stays; corrections go through reversing or refunding it. */
export function ReviewModal({ attempt, onClose, onDone }: { attempt: PaymentAttemptDto | null; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={attempt !== null} onClose={onClose} title={t('gateway.detail.markReviewed')} data-testid="review-modal">
      {attempt && <ReviewForm key={attempt.id} attempt={attempt} onClose={onClose} onDone={onDone} />}
    </Modal>
  );
}

function ReviewForm({ attempt, onClose, onDone }: { attempt: PaymentAttemptDto; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const tooShort = note.trim().length < 3;
  const submit = async () => {
    if (tooShort) return;
    setBusy(true);
    setError(null);
    try {
      await call('gateway.markReviewed', { id: attempt.id, note: note.trim() });
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap="sm">
      {attempt.reviewReason && <Text size="sm">{t(`gateway.reasons.${attempt.reviewReason}`)}</Text>}
      <Textarea label={t('gateway.detail.note')} description={t('gateway.detail.noteHint')} autosize minRows={3} maxLength={300} value={note} onChange={(e) => setNote(e.currentTarget.value)} data-autofocus data-testid="review-note" />
      <GatewayErrorAlert error={error} />
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          {t('common.cancel')}
        </Button>
        <Button onClick={() => void submit()} loading={busy} disabled={tooShort} data-testid="review-save">
          {t('gateway.detail.confirmReviewed')}
        </Button>
      </Group>
    </Stack>
  );
}
