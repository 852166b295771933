import { Code, List, Paper, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Where the Standard Webhooks specification lives (shown as text; nothing is fetched). */
export const STANDARD_WEBHOOKS_URL = 'https://www.standardwebhooks.com/';

/** How a receiver checks what this app sends: the three headers and the HMAC. */
export function VerifyHelp() {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="md" bg="blue.0" data-testid="webhook-verify-help">
      <Text fw={600} mb={6}>
        {t('webhooks.verify.title')}
      </Text>
      <Text size="sm" mb={6}>
        {t('webhooks.verify.intro')}
      </Text>
      <List size="sm" spacing={4} mb="sm">
        <List.Item>{t('webhooks.verify.id')}</List.Item>
        <List.Item>{t('webhooks.verify.timestamp')}</List.Item>
        <List.Item>{t('webhooks.verify.signature')}</List.Item>
      </List>
      <Code block mb="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {t('webhooks.verify.formula')}
      </Code>
      <Text size="sm" mb={6}>
        {t('webhooks.verify.how')}
      </Text>
      <Text size="sm" mb={6}>
        {t('webhooks.verify.answer')}
      </Text>
      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
        {t('webhooks.verify.libs', { url: STANDARD_WEBHOOKS_URL })}
      </Text>
    </Paper>
  );
}
