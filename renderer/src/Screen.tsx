import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Forbidden } from './components/Forbidden';
import { permissionOf } from './nav';
import { About } from './screens/About';
import { AuditScreen } from './screens/audit/AuditScreen';
import { ChangePasswordScreen } from './screens/ChangePassword';
import { Home } from './screens/Home';
import { JobsScreen } from './screens/jobs/JobsScreen';
import { SettingsScreen } from './screens/settings/SettingsScreen';
import { UsersScreen } from './screens/users/UsersScreen';
import { RoutersScreen } from './screens/routers/RoutersScreen';
import { CustomersScreen } from './screens/customers/CustomersScreen';
import { PlansScreen } from './screens/plans/PlansScreen';
import { InvoicesScreen } from './screens/invoices/InvoicesScreen';
import { PaymentsScreen } from './screens/payments/PaymentsScreen';
import { OnlinePaymentsScreen } from './screens/payments-online/OnlinePaymentsScreen';
import { RevenueReport } from './screens/reports/RevenueReport';
import { VouchersScreen } from './screens/vouchers/VouchersScreen';
import { WhatsAppScreen } from './screens/whatsapp/WhatsAppScreen';
import { TicketsScreen } from './screens/tickets/TicketsScreen';
import { CollectScreen } from './screens/collect/CollectScreen';
import { useRoute } from './store/route';
import { useCan } from './store/session';

/** The screen for the current hash, or a clear "not allowed" when the role may not open it. */
export function Screen() {
  const { t } = useTranslation();
  const route = useRoute();
  const allowed = useCan(route.name === 'not-found' ? null : permissionOf(route.name));
  if (!allowed) return <Forbidden />;
  switch (route.name) {
    case 'home':
      return <Home />;
    case 'customers':
      return <CustomersScreen sub={route.sub} />;
    case 'plans':
      return <PlansScreen />;
    case 'invoices':
      return <InvoicesScreen sub={route.sub} />;
    case 'payments':
      return <PaymentsScreen sub={route.sub} />;
    case 'collect':
      return <CollectScreen sub={route.sub} />;
    case 'online':
      return <OnlinePaymentsScreen sub={route.sub} />;
    case 'whatsapp':
      return <WhatsAppScreen sub={route.sub} />;
    case 'tickets':
      return <TicketsScreen sub={route.sub} />;
    case 'reports':
      return <RevenueReport />;
    case 'vouchers':
      return <VouchersScreen sub={route.sub} />;
    case 'users':
      return <UsersScreen />;
    case 'routers':
      return <RoutersScreen />;
    case 'settings':
      return <SettingsScreen tab={route.sub} />;
    case 'audit':
      return <AuditScreen />;
    case 'jobs':
      return <JobsScreen />;
    case 'about':
      return <About />;
    case 'password':
      return <ChangePasswordScreen />;
    default:
      return (
        <Alert color="gray" data-testid="not-found">
          {t('common.notFound')}
        </Alert>
      );
  }
}
