import { Badge, Text, type MantineSize } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CustomerStatus, SubscriptionStatus } from '../../../../shared/contract';
import { useLanguage } from '../../i18n';
import { formatRupiah } from '../../lib/format';

const SERVICE_COLORS: Record<SubscriptionStatus, string> = { pending: 'blue', active: 'green', isolated: 'red', paused: 'yellow', terminated: 'gray' };

/** The state of a subscription (or the worst one of a customer); "no service" for null. */
export function ServiceBadge({ status, size = 'sm' }: { status: SubscriptionStatus | null; size?: MantineSize }) {
  const { t } = useTranslation();
  if (!status)
    return (
      <Badge color="gray" variant="outline" size={size} data-testid="service-badge" data-status="none">
        {t('customers.service.none')}
      </Badge>
    );
  return (
    <Badge color={SERVICE_COLORS[status]} variant={status === 'terminated' ? 'outline' : 'light'} size={size} data-testid="service-badge" data-status={status}>
      {t(`customers.service.${status}`)}
    </Badge>
  );
}

export function CustomerStatusBadge({ status }: { status: CustomerStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={status === 'active' ? 'green' : 'gray'} variant={status === 'active' ? 'light' : 'outline'} data-testid="customer-status">
      {t(`customers.status.${status}`)}
    </Badge>
  );
}

/**
 * A ledger balance said plainly: owed (> 0) in red, credit (< 0) in green as a positive amount with the
 * word "deposit", zero as "paid up".
 */
export function BalanceText({ balance, size = 'sm', withLabel = true, testId = 'balance' }: { balance: number; size?: MantineSize; withLabel?: boolean; testId?: string }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const kind = balance > 0 ? 'owes' : balance < 0 ? 'credit' : 'zero';
  const color = kind === 'owes' ? 'red' : kind === 'credit' ? 'green' : 'dimmed';
  return (
    <Text size={size} c={color} fw={kind === 'zero' ? 400 : 600} data-testid={testId} data-balance={balance} span style={{ whiteSpace: 'nowrap' }}>
      {formatRupiah(Math.abs(balance), lang)}
      {withLabel && (
        <Text span size="xs" c={color} fw={400}>
          {' '}
          {t(`customers.balance.${kind}`)}
        </Text>
      )}
    </Text>
  );
}
