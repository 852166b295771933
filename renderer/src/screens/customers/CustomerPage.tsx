import { Anchor, Loader, Stack, Tabs, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, call } from '../../api/client';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Forbidden } from '../../components/Forbidden';
import { useLanguage } from '../../i18n';
import { ErrorText } from '../../lib/errors';
import { formatRupiah } from '../../lib/format';
import { hrefOf, navigate } from '../../store/route';
import { isForbidden, useCall } from '../../lib/useCall';
import { useCan } from '../../store/session';
import { PaymentModal } from '../payments/PaymentModal';
import { ChargeModal } from './ChargeModal';
import { CustomerFormModal } from './CustomerFormModal';
import { BackToList, CustomerHeader, type HeaderAction } from './CustomerHeader';
import { HistoryTab } from './HistoryTab';
import { InvoicesTab, PaymentsTab } from './MoneyTabs';
import { LedgerTab } from './LedgerTab';
import { ProfileTab } from './ProfileTab';
import { RefundModal } from './RefundModal';
import { RouterStatusTab } from './RouterStatusTab';
import { SubscriptionsTab } from './SubscriptionsTab';
import { WhatsAppPanel } from './WhatsAppPanel';
import { CustomerTickets } from '../tickets/CustomerTickets';

const TABS = ['profile', 'subscriptions', 'invoices', 'payments', 'ledger', 'router', 'whatsapp', 'tickets', 'history'] as const;
type Tab = (typeof TABS)[number];

/** #/customers/<id>: everything about one customer, each part in its own tab. */
export function CustomerPage({ id, initialTab = null }: { id: number; initialTab?: string | null }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const canBilling = useCan('billing.read');
  const canAudit = useCan('audit.read');
  const canTickets = useCan('tickets.read');
  const detail = useCall('customers.get', { id });
  const [tab, setTab] = useState<Tab>(TABS.find((x) => x === initialTab) ?? 'subscriptions');
  const [editing, setEditing] = useState(false);
  const [paying, setPaying] = useState(false);
  const [charging, setCharging] = useState(false);
  const [refunding, setRefunding] = useState(false);
  const [deactivating, setDeactivating] = useState(false);
  // Bumped after anything that moves money, so the open money tabs load again.
  const [round, setRound] = useState(0);

  if (isForbidden(detail.error)) return <Forbidden />;
  if (detail.error instanceof ApiError && detail.error.code === 'not_found')
    return (
      <Stack gap="sm" data-testid="customer-not-found">
        <BackToList />
        <Text>{t('customers.page.notFound')}</Text>
      </Stack>
    );
  const d = detail.data;
  if (!d) return detail.error ? <ErrorAlert error={detail.error} /> : <Loader />;
  const c = d.customer;

  const changed = () => {
    void detail.reload();
    setRound((r) => r + 1);
  };
  const setStatus = async (status: 'active' | 'inactive') => {
    try {
      await call('customers.setStatus', { id: c.id, status });
      setDeactivating(false);
      notifications.show({ color: 'green', message: t(`customers.done.${status}`, { name: c.name }) });
      void detail.reload();
    } catch (err) {
      notifications.show({ color: 'red', message: <ErrorText error={err} /> });
    }
  };
  const act = (a: HeaderAction) => {
    if (a === 'edit') setEditing(true);
    else if (a === 'pay') setPaying(true);
    else if (a === 'charge') setCharging(true);
    else if (a === 'refund') setRefunding(true);
    else if (a === 'deactivate') setDeactivating(true);
    else void setStatus('active');
  };

  return (
    <div data-testid="screen-customer" data-id={c.id}>
      <CustomerHeader detail={d} onAction={act} />
      <ErrorAlert error={detail.error} />
      <Tabs value={tab} onChange={(v) => v && setTab(v as Tab)} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="subscriptions" data-testid="tab-subscriptions">
            {t('customers.tabs.subscriptions')}
          </Tabs.Tab>
          <Tabs.Tab value="profile" data-testid="tab-profile">
            {t('customers.tabs.profile')}
          </Tabs.Tab>
          {canBilling && (
            <Tabs.Tab value="invoices" data-testid="tab-invoices">
              {t('customers.tabs.invoices')}
            </Tabs.Tab>
          )}
          {canBilling && (
            <Tabs.Tab value="payments" data-testid="tab-payments">
              {t('customers.tabs.payments')}
            </Tabs.Tab>
          )}
          <Tabs.Tab value="ledger" data-testid="tab-ledger">
            {t('customers.tabs.ledger')}
          </Tabs.Tab>
          <Tabs.Tab value="router" data-testid="tab-router">
            {t('customers.tabs.router')}
          </Tabs.Tab>
          <Tabs.Tab value="whatsapp" data-testid="tab-whatsapp">
            {t('whatsapp.panel.tab')}
          </Tabs.Tab>
          {canTickets && (
            <Tabs.Tab value="tickets" data-testid="tab-tickets">
              {t('tickets.customerTab.title')}
            </Tabs.Tab>
          )}
          {canAudit && (
            <Tabs.Tab value="history" data-testid="tab-history">
              {t('customers.tabs.history')}
            </Tabs.Tab>
          )}
        </Tabs.List>
        <Tabs.Panel value="subscriptions">
          <SubscriptionsTab customer={c} subscriptions={d.subscriptions} onChanged={changed} />
        </Tabs.Panel>
        <Tabs.Panel value="profile">
          <ProfileTab customer={c} />
        </Tabs.Panel>
        <Tabs.Panel value="invoices">
          <InvoicesTab key={round} customerId={c.id} />
        </Tabs.Panel>
        <Tabs.Panel value="payments">
          <PaymentsTab key={round} customerId={c.id} />
        </Tabs.Panel>
        <Tabs.Panel value="ledger">
          <LedgerTab key={round} customerId={c.id} />
        </Tabs.Panel>
        <Tabs.Panel value="router">
          <RouterStatusTab customerId={c.id} hasServices={d.subscriptions.some((s) => s.status !== 'terminated' && s.status !== 'pending')} />
        </Tabs.Panel>
        <Tabs.Panel value="whatsapp">
          <WhatsAppPanel customer={c} />
        </Tabs.Panel>
        <Tabs.Panel value="tickets">
          <CustomerTickets customer={c} />
        </Tabs.Panel>
        <Tabs.Panel value="history">
          <HistoryTab key={round} customerId={c.id} />
        </Tabs.Panel>
      </Tabs>
      <CustomerFormModal
        opened={editing}
        customer={c}
        onClose={() => setEditing(false)}
        onSaved={(saved) => {
          setEditing(false);
          notifications.show({ color: 'green', message: t('customers.done.updated', { number: saved.number, name: saved.name }) });
          void detail.reload();
        }}
      />
      <PaymentModal opened={paying} onClose={() => setPaying(false)} customerId={c.id} onPaid={changed} />
      <ChargeModal
        opened={charging}
        detail={d}
        onClose={() => setCharging(false)}
        onDone={(inv) => {
          setCharging(false);
          notifications.show({
            color: 'green',
            message: (
              <>
                {t('billing.charge.done', { number: inv.number, amount: formatRupiah(inv.total, lang) })}{' '}
                <Anchor href={hrefOf(`invoices/${inv.id}`)} size="sm">
                  {t('billing.charge.open')}
                </Anchor>
              </>
            ),
          });
          changed();
          // The new invoice is what the clerk wants to see next.
          if (canBilling) setTab('invoices');
        }}
      />
      <RefundModal
        opened={refunding}
        detail={d}
        onClose={() => setRefunding(false)}
        onDone={(p) => {
          setRefunding(false);
          notifications.show({ color: 'green', message: t('billing.refund.done', { amount: formatRupiah(p.amount, lang), name: c.name, number: p.number }) });
          // The proof of the refund, ready to print and sign.
          navigate(`payments/${p.id}`);
        }}
      />
      <ConfirmModal
        opened={deactivating}
        title={t('customers.page.deactivateTitle', { name: c.name })}
        body={t('customers.page.deactivateBody')}
        confirmLabel={t('customers.page.deactivate')}
        onConfirm={() => setStatus('inactive')}
        onClose={() => setDeactivating(false)}
      />
    </div>
  );
}

/** The route's second segment is the customer id; anything else is not a customer. */
export function parseCustomerId(sub: string): number | null {
  return /^\d+$/.test(sub) && Number(sub) > 0 ? Number(sub) : null;
}
