import { SegmentedControl, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../components/PageTitle';
import { navigate } from '../../store/route';
import { SubscriptionList } from './SubscriptionList';

/** Customers or their PPPoE subscriptions, two views of the same people. */
export function ViewSwitch({ value }: { value: 'customers' | 'subscriptions' }) {
  const { t } = useTranslation();
  return (
    <SegmentedControl
      value={value}
      onChange={(v) => navigate(v === 'subscriptions' ? 'customers/subscriptions' : 'customers')}
      data={[
        { value: 'customers', label: t('customers.subList.viewCustomers') },
        { value: 'subscriptions', label: t('customers.subList.viewSubscriptions') },
      ]}
      data-testid="customers-view"
      style={{ alignSelf: 'flex-start' }}
    />
  );
}

export function SubscriptionsView({ status }: { status: string | null }) {
  const { t } = useTranslation();
  return (
    <Stack gap="md" data-testid="screen-subscriptions">
      <PageTitle title={t('nav.customers')} description={t('customers.subList.intro')} />
      <ViewSwitch value="subscriptions" />
      <SubscriptionList initialStatus={status} />
    </Stack>
  );
}
