import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';

/** A serious step (void an invoice, reverse a payment) that needs a written reason; the consequence spelled out. */
export function ReasonModal({ opened, title, body, confirmLabel, onConfirm, onClose }: { opened: boolean; title: string; body: ReactNode; confirmLabel: string; onConfirm: (reason: string) => Promise<void>; onClose: () => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [invalid, setInvalid] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (opened) {
      setReason('');
      setInvalid(false);
      setError(null);
    }
  }, [opened]);

  const confirm = async () => {
    if (reason.trim().length < 3) return setInvalid(true);
    setBusy(true);
    setError(null);
    try {
      await onConfirm(reason.trim());
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={opened} onClose={onClose} title={title} data-testid="reason-modal">
      <Stack gap="sm">
        {typeof body === 'string' ? <Text size="sm">{body}</Text> : body}
        <Textarea
          label={t('billing.common.reason')}
          description={t('billing.common.reasonHint')}
          autosize
          minRows={2}
          maxLength={300}
          value={reason}
          onChange={(e) => {
            setReason(e.currentTarget.value);
            setInvalid(false);
          }}
          error={invalid ? t('validation.minChars', { min: 3 }) : undefined}
          data-autofocus
          data-testid="reason-input"
        />
        <ErrorAlert error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button color="red" loading={busy} onClick={() => void confirm()} data-testid="reason-ok">
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
