import { Alert, Badge, Text } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttemptState, GatewayEnvironment } from '../../../../shared/contract';
import { ApiError } from '../../api/client';
import { ErrorText } from '../../lib/errors';

const GATEWAY_KINDS = ['unreachable', 'rejected', 'protocol'] as const;
type GatewayKind = (typeof GATEWAY_KINDS)[number];

/** What the gateway said, when an error is a gateway's (details.gateway from the payments module). */
export function gatewayKind(err: unknown): GatewayKind | null {
  if (!(err instanceof ApiError)) return null;
  const k = err.details?.gateway;
  return GATEWAY_KINDS.find((x) => x === k) ?? null;
}

/**
 * An error of a gateway call or an account save in a clerk's words: the gateway did not answer / refused /
 * answered nonsense; a taken name; a key to type again; an account with attempts. Anything else: the usual text.
 */
export function GatewayErrorText({ error }: { error: unknown }): ReactNode {
  const { t } = useTranslation();
  const kind = gatewayKind(error);
  if (kind && error instanceof ApiError) {
    return (
      <>
        <Text size="sm" data-testid="gateway-error-kind" data-kind={kind}>
          {t(`gateway.errors.${kind}`)}
        </Text>
        <Text size="xs" c="dimmed" mt={4}>
          {t('gateway.errors.detail', { message: error.message })}
        </Text>
      </>
    );
  }
  if (error instanceof ApiError) {
    const field = error.details?.field;
    if (error.code === 'conflict' && field === 'name') return t('gateway.errors.nameTaken');
    if (error.code === 'conflict' && field === 'id' && error.details?.attempts !== undefined) return t('gateway.errors.hasAttempts');
    if (error.code === 'conflict' && field === 'accountId') return t('gateway.errors.disabled');
    if (error.code === 'validation' && field === 'apiKey' && !error.details?.issues) return t('gateway.errors.keyAgain');
  }
  return <ErrorText error={error} />;
}

export function GatewayErrorAlert({ error, testId = 'error-alert' }: { error: unknown; testId?: string }) {
  if (!error) return null;
  return (
    <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} data-testid={testId} role="alert">
      <GatewayErrorText error={error} />
    </Alert>
  );
}

const STATE_COLOR: Record<AttemptState, string> = { pending: 'yellow', paid: 'green', failed: 'red', expired: 'gray' };

export function StateBadge({ state }: { state: AttemptState }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATE_COLOR[state]} variant="light" data-testid="attempt-state" data-state={state}>
      {t(`gateway.states.${state}`)}
    </Badge>
  );
}

export function EnvBadge({ env }: { env: GatewayEnvironment }) {
  const { t } = useTranslation();
  return (
    <Badge color={env === 'production' ? 'green' : 'orange'} variant={env === 'production' ? 'filled' : 'light'} data-testid="account-env" data-env={env}>
      {t(`gateway.envBadge.${env}`)}
    </Badge>
  );
}

/** A callback's reason in words when we know it, else as the server wrote it. */
export function useCallbackReason(): (reason: string) => string {
  const { t, i18n } = useTranslation();
  return (reason) => (reason && i18n.exists(`gateway.callbackReasons.${reason}`) ? t(`gateway.callbackReasons.${reason}`) : reason);
}
