import { Alert, Anchor, Button, Code, CopyButton, Group, Modal, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCopy, IconExternalLink } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useCall } from '../../lib/useCall';
import { useIsPhone } from '../../lib/useIsPhone';
import type { Created } from './ApiKeyFormModal';

/** Where the REST API answers: this page's own address in a browser; the listener's address in the desktop window. */
export function useApiOrigin(): string | null {
  const loc = (globalThis as { location?: { protocol: string; origin: string } }).location;
  const web = loc && /^https?:$/.test(loc.protocol) ? loc.origin : null;
  const about = useCall('system.about', {}, web === null);
  return web ?? about.data?.listenUrl?.replace(/\/+$/, '') ?? null;
}

/** The example a programmer can paste into a terminal. */
export const curlExample = (token: string, origin: string): string => `curl -H "Authorization: Bearer ${token}" ${origin}/api/v1/customers?limit=5`;

function Copy({ value, label, testId }: { value: string; label: string; testId: string }) {
  const { t } = useTranslation();
  return (
    <CopyButton value={value}>
      {({ copied, copy }) => (
        <Button variant={copied ? 'light' : 'filled'} color={copied ? 'teal' : undefined} leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />} onClick={copy} data-testid={testId}>
          {copied ? t('apiKeys.token.copied') : label}
        </Button>
      )}
    </CopyButton>
  );
}

/** A new key, shown once, with how to use it. */
export function TokenModal({ shown, onClose }: { shown: Created | null; onClose: () => void }) {
  const { t } = useTranslation();
  const phone = useIsPhone();
  const origin = useApiOrigin();
  const base = origin ?? t('apiKeys.token.originPlaceholder');
  return (
    <Modal opened={shown !== null} onClose={onClose} title={shown ? t('apiKeys.token.title', { name: shown.key.name }) : ''} size="lg" fullScreen={phone} closeOnClickOutside={false}>
      {shown && (
        <Stack gap="md" data-testid="apikey-token-modal">
          <Text size="sm">{t('apiKeys.token.intro')}</Text>
          <Code block style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap', fontSize: 15 }} data-testid="apikey-token">
            {shown.token}
          </Code>
          <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} data-testid="apikey-token-warning">
            {t('apiKeys.token.warning')}
          </Alert>
          <Group>
            <Copy value={shown.token} label={t('apiKeys.token.copy')} testId="apikey-token-copy" />
          </Group>
          <Stack gap={6}>
            <Title order={5}>{t('apiKeys.token.howTo')}</Title>
            <Text size="sm">
              {t('apiKeys.token.howToBody')}{' '}
              <Anchor href={`${origin ?? ''}/api/docs`} target="_blank" rel="noreferrer" style={{ whiteSpace: 'nowrap' }} data-testid="apikey-docs-link">
                {t('apiKeys.docs')} <IconExternalLink size={13} style={{ verticalAlign: 'middle' }} />
              </Anchor>
            </Text>
            {origin === null && (
              <Text size="xs" c="dimmed">
                {t('apiKeys.token.noListener')}
              </Text>
            )}
            <Text size="sm" fw={500} mt={4}>
              {t('apiKeys.token.example')}
            </Text>
            <Code block style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }} data-testid="apikey-curl">
              {curlExample(shown.token, base)}
            </Code>
          </Stack>
          <Group justify="space-between">
            <CopyButton value={curlExample(shown.token, base)}>
              {({ copied, copy }) => (
                <Button variant="default" leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />} onClick={copy} data-testid="apikey-curl-copy">
                  {copied ? t('apiKeys.token.copied') : t('apiKeys.token.copyExample')}
                </Button>
              )}
            </CopyButton>
            <Button onClick={onClose} data-testid="apikey-token-done">
              {t('apiKeys.token.done')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
