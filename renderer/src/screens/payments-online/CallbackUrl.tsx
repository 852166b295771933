import { ActionIcon, CopyButton, Group, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/** The callback URL to paste into the gateway's dashboard, with a copy button. */
export function CallbackUrl({ url }: { url: string }) {
  const { t } = useTranslation();
  return (
    <div data-testid="account-callback">
      <Text size="xs" c="dimmed">
        {t('gateway.settings.callbackUrl')}
      </Text>
      <Group gap={4} wrap="nowrap">
        <Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }} data-testid="account-callback-url">
          {url}
        </Text>
        <CopyButton value={url}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? t('gateway.settings.copied') : t('gateway.settings.copy')} withArrow>
              <ActionIcon variant="subtle" color={copied ? 'teal' : 'gray'} onClick={copy} aria-label={t('gateway.settings.copy')} data-testid="account-callback-copy">
                {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      </Group>
    </div>
  );
}
