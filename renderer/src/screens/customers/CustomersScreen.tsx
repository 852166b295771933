import { Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { BackToList } from './CustomerHeader';
import { CustomerList } from './CustomerList';
import { CustomerPage, parseCustomerId } from './CustomerPage';
import { SubscriptionsView } from './ViewSwitch';

/** #/customers is the list, #/customers/subscriptions every PPPoE subscription, #/customers/<id> one customer's page. */
export function CustomersScreen({ sub }: { sub: string | null }) {
  const { t } = useTranslation();
  if (sub === null) return <CustomerList />;
  if (sub === 'subscriptions') return <SubscriptionsView />;
  const id = parseCustomerId(sub);
  if (id === null)
    return (
      <Stack gap="sm" data-testid="customer-not-found">
        <BackToList />
        <Text>{t('customers.page.notFound')}</Text>
      </Stack>
    );
  // A fresh page (tabs, dialogs) for each customer.
  return <CustomerPage key={id} id={id} />;
}
