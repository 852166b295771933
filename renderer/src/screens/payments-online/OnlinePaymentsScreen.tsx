import { Anchor, Badge, Tabs } from '@mantine/core';
import { IconAlertTriangle, IconChartBar, IconList, IconWebhook } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../components/PageTitle';
import { useCall } from '../../lib/useCall';
import { hrefOf, navigate } from '../../store/route';
import { useCan } from '../../store/session';
import { AttemptList } from './AttemptList';
import { AttemptPage } from './AttemptPage';
import { CallbackLog } from './CallbackLog';
import { GatewayReportTab } from './GatewayReportTab';

const TABS = ['all', 'review', 'callbacks', 'report'] as const;
type Tab = (typeof TABS)[number];

/** #/online (attempts), #/online/review (needs review), #/online/callbacks (callback log), #/online/report (report + reconciliation), #/online/<id> (one attempt). */
export function OnlinePaymentsScreen({ sub }: { sub: string | null }) {
  const id = sub && /^\d+$/.test(sub) ? Number(sub) : null;
  if (id) return <AttemptPage id={id} />;
  return <OnlineTabs tab={TABS.find((x) => x === sub) ?? 'all'} />;
}

function OnlineTabs({ tab }: { tab: Tab }) {
  const { t } = useTranslation();
  const canSettings = useCan('settings.read');
  const canReports = useCan('reports.read');
  // The count on the "needs review" tab: one page of one, its total is what matters.
  const review = useCall('gateway.attempts', { page: 1, pageSize: 1, needsReview: true });
  const waiting = review.data?.total ?? 0;
  return (
    <div data-testid="screen-online">
      <PageTitle title={t('nav.online')} description={t('gateway.screen.intro')}>
        {canSettings && (
          <Anchor href={hrefOf('settings/gateway')} size="sm" data-testid="online-settings-link">
            {t('gateway.screen.settingsLink')}
          </Anchor>
        )}
      </PageTitle>
      <Tabs value={tab} onChange={(v) => v && navigate(v === 'all' ? 'online' : `online/${v}`)} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="all" leftSection={<IconList size={16} />} data-testid="online-tab-all">
            {t('gateway.screen.tabs.all')}
          </Tabs.Tab>
          <Tabs.Tab
            value="review"
            leftSection={<IconAlertTriangle size={16} />}
            rightSection={
              waiting > 0 ? (
                <Badge size="sm" color="orange" circle data-testid="online-review-count">
                  {waiting}
                </Badge>
              ) : undefined
            }
            data-testid="online-tab-review"
          >
            {t('gateway.screen.tabs.review')}
          </Tabs.Tab>
          <Tabs.Tab value="callbacks" leftSection={<IconWebhook size={16} />} data-testid="online-tab-callbacks">
            {t('gateway.screen.tabs.callbacks')}
          </Tabs.Tab>
          {canReports && (
            <Tabs.Tab value="report" leftSection={<IconChartBar size={16} />} data-testid="online-tab-report">
              {t('gateway.screen.tabs.report')}
            </Tabs.Tab>
          )}
        </Tabs.List>
        <Tabs.Panel value="all">
          <AttemptList review={false} />
        </Tabs.Panel>
        <Tabs.Panel value="review">
          <AttemptList review />
        </Tabs.Panel>
        <Tabs.Panel value="callbacks">
          <CallbackLog />
        </Tabs.Panel>
        <Tabs.Panel value="report">
          <GatewayReportTab />
        </Tabs.Panel>
      </Tabs>
    </div>
  );
}
