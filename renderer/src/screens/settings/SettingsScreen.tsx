import { Loader, Select, Tabs } from '@mantine/core';
import { IconBrandWhatsapp, IconBuilding, IconCloudDownload, IconCreditCard, IconDatabase, IconDeviceMobile, IconLanguage, IconNetwork, IconReceipt2, IconShieldLock, IconTicket, IconBan, IconWebhook } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Settings, SettingsGroup } from '../../../../shared/settings';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Forbidden } from '../../components/Forbidden';
import { PageTitle } from '../../components/PageTitle';
import { isForbidden, useCall } from '../../lib/useCall';
import { useIsPhone } from '../../lib/useIsPhone';
import { navigate } from '../../store/route';
import { useCan, useSession } from '../../store/session';
import { ApiTab } from './ApiTab';
import { BackupsTab } from './BackupsTab';
import { BillingTab } from './BillingTab';
import { PortalTab } from './PortalTab';
import { ListenerTab, LocaleTab, OfficeTab, SecurityTab, UpdatesTab } from './SimpleTabs';
import { VouchersTab } from './VouchersTab';
import { WhatsAppTab } from './WhatsAppTab';
import { GatewayAccountsTab } from '../payments-online/GatewayAccountsTab';
import { IsolationTab } from '../isolation/IsolationTab';

/** Tabs that are not a settings group: their own screens (online payments: gateway.* accounts). */
type Tab = SettingsGroup | 'gateway' | 'api';

const TABS: { group: Tab; icon: typeof IconBuilding }[] = [
  { group: 'office', icon: IconBuilding },
  { group: 'locale', icon: IconLanguage },
  { group: 'billing', icon: IconReceipt2 },
  { group: 'vouchers', icon: IconTicket },
  { group: 'gateway', icon: IconCreditCard },
  { group: 'whatsapp', icon: IconBrandWhatsapp },
  { group: 'portal', icon: IconDeviceMobile },
  { group: 'isolation', icon: IconBan },
  { group: 'api', icon: IconWebhook },
  { group: 'server', icon: IconNetwork },
  { group: 'backup', icon: IconDatabase },
  { group: 'update', icon: IconCloudDownload },
  { group: 'security', icon: IconShieldLock },
];

const isGroup = (v: string | null): v is Tab => TABS.some((x) => x.group === v);

export function SettingsScreen({ tab }: { tab: string | null }) {
  const { t } = useTranslation();
  const setOffice = useSession((s) => s.setOffice);
  const phone = useIsPhone();
  const settings = useCall('settings.get', {});
  const canApi = useCan('api.manage');
  // "API & webhook" only for those who manage the API (owner, admin).
  const tabs = TABS.filter((x) => x.group !== 'api' || canApi);
  const active: Tab = isGroup(tab) && tabs.some((x) => x.group === tab) ? tab : 'office';
  const tabLabel = (group: Tab) => (group === 'gateway' ? t('gateway.settings.tab') : group === 'api' ? t('webhooks.tab') : t(`settings.tabs.${group}`));
  if (isForbidden(settings.error)) return <Forbidden />;

  const saved = (s: Settings) => {
    // The header shows the office; dates follow the office time zone.
    setOffice({ name: s.office.name, address: s.office.address, phone: s.office.phone, logo: s.office.logo, language: s.locale.language, timezone: s.locale.timezone });
    void settings.reload();
  };
  const s = settings.data;
  return (
    <div data-testid="screen-settings">
      <PageTitle title={t('nav.settings')} description={t('settings.intro')} />
      <ErrorAlert error={settings.error} />
      {!s && settings.loading && <Loader size="sm" />}
      {s && (
        <Tabs value={active} onChange={(v) => v && navigate(`settings/${v}`)} keepMounted={false} orientation={phone ? 'horizontal' : 'vertical'} styles={{ tab: { justifyContent: 'flex-start' } }}>
          {phone && (
            <Select
              mb="md"
              aria-label={t('nav.settings')}
              value={active}
              onChange={(v) => v && navigate(`settings/${v}`)}
              allowDeselect={false}
              data={tabs.map(({ group }) => ({ value: group, label: tabLabel(group) }))}
              data-testid="settings-tab-select"
            />
          )}
          <Tabs.List mb="md" mr={phone ? undefined : 'lg'} display={phone ? 'none' : undefined}>
            {tabs.map(({ group, icon: Icon }) => (
              <Tabs.Tab key={group} value={group} leftSection={<Icon size={16} />} data-testid={`settings-tab-${group}`}>
                {tabLabel(group)}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          <Tabs.Panel value="office">
            <OfficeTab value={s.office} onSaved={saved} />
          </Tabs.Panel>
          <Tabs.Panel value="locale">
            <LocaleTab value={s.locale} onSaved={saved} />
          </Tabs.Panel>
          <Tabs.Panel value="billing">
            <BillingTab value={s.billing} onSaved={saved} />
          </Tabs.Panel>
          <Tabs.Panel value="vouchers">
            <VouchersTab value={s.vouchers} onSaved={saved} />
          </Tabs.Panel>
          <Tabs.Panel value="gateway">
            <GatewayAccountsTab />
          </Tabs.Panel>
          <Tabs.Panel value="whatsapp">
            <WhatsAppTab value={s.whatsapp} onSaved={saved} />
          </Tabs.Panel>
          <Tabs.Panel value="portal">
            <PortalTab value={s.portal} onSaved={saved} whatsappOn={s.whatsapp.channel !== 'none'} />
          </Tabs.Panel>
          <Tabs.Panel value="isolation">
            <IsolationTab value={s.isolation} onSaved={saved} />
          </Tabs.Panel>
          {canApi && (
            <Tabs.Panel value="api">
              <ApiTab value={s.webhooks} onSaved={saved} />
            </Tabs.Panel>
          )}
          <Tabs.Panel value="server">
            <ListenerTab value={s.server} onSaved={saved} />
          </Tabs.Panel>
          <Tabs.Panel value="backup">
            <BackupsTab value={s.backup} onSaved={saved} />
          </Tabs.Panel>
          <Tabs.Panel value="update">
            <UpdatesTab value={s.update} onSaved={saved} />
          </Tabs.Panel>
          <Tabs.Panel value="security">
            <SecurityTab value={s.security} onSaved={saved} />
          </Tabs.Panel>
        </Tabs>
      )}
    </div>
  );
}
