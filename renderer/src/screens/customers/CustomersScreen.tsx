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
  // #/customers/subscriptions?status=isolated (the dashboard's link) opens the view filtered.
  if (sub?.split('?')[0] === 'subscriptions') return <SubscriptionsView status={new URLSearchParams(sub.split('?')[1] ?? '').get('status')} />;
  // #/customers/<id>?tab=whatsapp (the WhatsApp inbox's "Reply") opens that tab.
  const [path, query] = sub.split('?');
  const id = parseCustomerId(path ?? '');
  if (id === null)
    return (
      <Stack gap="sm" data-testid="customer-not-found">
        <BackToList />
        <Text>{t('customers.page.notFound')}</Text>
      </Stack>
    );
  // A fresh page (tabs, dialogs) for each customer (and each tab asked for in the address).
  return <CustomerPage key={sub} id={id} initialTab={new URLSearchParams(query ?? '').get('tab')} />;
}
