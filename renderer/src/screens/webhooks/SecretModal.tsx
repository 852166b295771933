import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCopy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useIsPhone } from '../../lib/useIsPhone';

/** A signing secret, shown once (after adding an endpoint or rotating its secret), with a copy button. */
export function SecretModal({ shown, onClose }: { shown: { secret: string; url: string; rotated: boolean } | null; onClose: () => void }) {
  const { t } = useTranslation();
  const phone = useIsPhone();
  return (
    <Modal opened={shown !== null} onClose={onClose} title={t('webhooks.secret.title')} size="lg" fullScreen={phone} closeOnClickOutside={false}>
      {shown && (
        <Stack gap="md" data-testid="webhook-secret-modal">
          <Text size="sm">{shown.rotated ? t('webhooks.secret.rotatedIntro') : t('webhooks.secret.createdIntro')}</Text>
          <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            {shown.url}
          </Text>
          <Code block style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap', fontSize: 14 }} data-testid="webhook-secret">
            {shown.secret}
          </Code>
          <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} data-testid="webhook-secret-warning">
            {t('webhooks.secret.warning')}
          </Alert>
          <Group justify="space-between">
            <CopyButton value={shown.secret}>
              {({ copied, copy }) => (
                <Button variant={copied ? 'light' : 'filled'} color={copied ? 'teal' : undefined} leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />} onClick={copy} data-testid="webhook-secret-copy">
                  {copied ? t('webhooks.secret.copied') : t('webhooks.secret.copy')}
                </Button>
              )}
            </CopyButton>
            <Button variant="default" onClick={onClose} data-testid="webhook-secret-done">
              {t('webhooks.secret.done')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
