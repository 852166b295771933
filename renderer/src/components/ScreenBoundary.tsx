import { Alert, Button, Code, Group, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { ErrorBoundary, type FallbackProps } from 'react-error-boundary';
import { useTranslation } from 'react-i18next';

function Fallback({ error, resetErrorBoundary }: FallbackProps) {
  const { t } = useTranslation();
  const message = error instanceof Error ? error.message : String(error);
  return (
    <Alert color="red" icon={<IconAlertTriangle size={18} />} data-testid="screen-crashed">
      <Stack gap="xs">
        <Text size="sm">{t('common.crashed')}</Text>
        <Code block>{message}</Code>
        <Group gap="xs">
          <Button size="xs" onClick={resetErrorBoundary}>{t('common.retry')}</Button>
          <Button size="xs" variant="default" onClick={() => window.location.reload()}>{t('common.reload')}</Button>
        </Group>
      </Stack>
    </Alert>
  );
}

/** A screen that throws while rendering shows what happened, inside the layout, instead of blanking the whole app. */
export function ScreenBoundary({ resetKey, children }: { resetKey: string; children: ReactNode }) {
  return (
    <ErrorBoundary FallbackComponent={Fallback} resetKeys={[resetKey]} onError={(error) => console.error('screen crashed', error)}>
      {children}
    </ErrorBoundary>
  );
}
