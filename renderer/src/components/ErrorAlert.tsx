import { Alert } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { ErrorText } from '../lib/errors';

/** A translated error from the API (or anything thrown), or nothing. */
export function ErrorAlert({ error, testId = 'error-alert' }: { error: unknown; testId?: string }) {
  if (!error) return null;
  return (
    <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} data-testid={testId} role="alert">
      <ErrorText error={error} />
    </Alert>
  );
}
