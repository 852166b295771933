import { Alert, Button, Stack } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { hrefOf } from '../store/route';

/** Shown instead of a screen the user's role may not open (navigated to by URL, or refused by the server). */
export function Forbidden() {
  const { t } = useTranslation();
  return (
    <Stack maw={560} data-testid="forbidden">
      <Alert color="orange" variant="light" icon={<IconLock size={20} />} title={t('forbidden.title')}>
        {t('forbidden.body')}
      </Alert>
      <Button component="a" href={hrefOf('home')} variant="default" w="fit-content">
        {t('forbidden.back')}
      </Button>
    </Stack>
  );
}
