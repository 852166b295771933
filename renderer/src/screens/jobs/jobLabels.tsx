import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { JobRunStatus } from '../../../../shared/contract';

const COLORS: Record<JobRunStatus, string> = { running: 'blue', succeeded: 'green', failed: 'red', interrupted: 'orange' };

export function RunStatus({ status }: { status: JobRunStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={COLORS[status]} variant="light" data-testid="run-status" data-status={status}>
      {t(`jobs.status.${status}`)}
    </Badge>
  );
}

/** "backup.nightly" → "Cadangan harian" when known. */
export function useJobName(): (name: string) => string {
  const { t, i18n } = useTranslation();
  return (name) => (i18n.exists(`jobNames.${name}`) ? t(`jobNames.${name}`) : name);
}
