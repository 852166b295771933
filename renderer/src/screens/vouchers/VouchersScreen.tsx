import { Select, Tabs } from '@mantine/core';
import { IconBuildingStore, IconChartBar, IconLayoutGrid, IconPrinter, IconTemplate, IconTicket } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../components/PageTitle';
import { useIsPhone } from '../../lib/useIsPhone';
import { navigate } from '../../store/route';
import { useCan } from '../../store/session';
import { hashQuery } from './common';
import { OutletsTab } from './OutletsTab';
import { PrintView } from './print/PrintView';
import { TemplatesScreen } from './print/TemplatesScreen';
import { ProfilesTab } from './ProfilesTab';
import { SalesTab } from './SalesTab';
import { StockTab } from './StockTab';

type Tab = 'stock' | 'profiles' | 'outlets' | 'sales' | 'print' | 'templates';
const TABS: { tab: Tab; icon: typeof IconTicket }[] = [
  { tab: 'stock', icon: IconTicket },
  { tab: 'profiles', icon: IconLayoutGrid },
  { tab: 'outlets', icon: IconBuildingStore },
  { tab: 'sales', icon: IconChartBar },
  { tab: 'print', icon: IconPrinter },
  { tab: 'templates', icon: IconTemplate },
];

/** #/vouchers[/stock|profiles|outlets|sales|print|templates][?batch=…|?ids=…] */
export function VouchersScreen({ sub }: { sub: string | null }) {
  const { t } = useTranslation();
  const phone = useIsPhone();
  const canReports = useCan('reports.read');
  const canManage = useCan('vouchers.manage');
  const shown = TABS.filter(({ tab }) => (tab === 'sales' ? canReports : tab === 'templates' ? canManage : true));
  // The hash router hands over "print?batch=3" as the second segment: the tab is before the '?'.
  const name = (sub ?? '').split('?')[0];
  const active: Tab = shown.find((x) => x.tab === name)?.tab ?? 'stock';
  const go = (tab: string | null) => tab && navigate(tab === 'stock' ? 'vouchers' : `vouchers/${tab}`);

  return (
    <div data-testid="screen-vouchers">
      <PageTitle title={t('vouchers.title')} description={t('vouchers.intro')} />
      <Tabs value={active} onChange={go} keepMounted={false}>
        {phone && (
          <Select mb="md" aria-label={t('vouchers.title')} value={active} onChange={go} allowDeselect={false} data={shown.map(({ tab }) => ({ value: tab, label: t(`vouchers.tabs.${tab}`) }))} data-testid="vouchers-tab-select" />
        )}
        <Tabs.List mb="md" display={phone ? 'none' : undefined}>
          {shown.map(({ tab, icon: Icon }) => (
            <Tabs.Tab key={tab} value={tab} leftSection={<Icon size={16} />} data-testid={`vouchers-tab-${tab}`}>
              {t(`vouchers.tabs.${tab}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="stock">
          <StockTab />
        </Tabs.Panel>
        <Tabs.Panel value="profiles">
          <ProfilesTab />
        </Tabs.Panel>
        <Tabs.Panel value="outlets">
          <OutletsTab />
        </Tabs.Panel>
        {canReports && (
          <Tabs.Panel value="sales">
            <SalesTab />
          </Tabs.Panel>
        )}
        <Tabs.Panel value="print">{active === 'print' && <PrintTab sub={sub} />}</Tabs.Panel>
        {canManage && <Tabs.Panel value="templates">{active === 'templates' && <TemplatesScreen />}</Tabs.Panel>}
      </Tabs>
    </div>
  );
}

/** `#/vouchers/print?batch=3` or `?ids=1,2,3`: what to print, from the hash (re-read when it changes). */
function PrintTab({ sub }: { sub: string | null }) {
  const q = hashQuery();
  const batch = Number(q.get('batch'));
  const ids = (q.get('ids') ?? '')
    .split(',')
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
  // `sub` carries the query, so a new selection remounts the view.
  if (Number.isInteger(batch) && batch > 0) return <PrintView key={sub} batchId={batch} />;
  return <PrintView key={sub} ids={ids} />;
}
