import { Alert, Anchor, Badge, Tabs } from '@mantine/core';
import { IconInbox, IconInfoCircle, IconSend, IconSpeakerphone, IconTemplate } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../components/PageTitle';
import { useCall } from '../../lib/useCall';
import { hrefOf, navigate } from '../../store/route';
import { useCan } from '../../store/session';
import { BroadcastTab } from './BroadcastTab';
import { InboxTab } from './InboxTab';
import { OutboxTab } from './OutboxTab';
import { TemplatesTab } from './TemplatesTab';

const TABS = ['outbox', 'inbox', 'templates', 'broadcast'] as const;
type Tab = (typeof TABS)[number];

/** #/whatsapp (outbox), #/whatsapp/inbox, #/whatsapp/templates, #/whatsapp/broadcast. */
export function WhatsAppScreen({ sub }: { sub: string | null }) {
  const { t } = useTranslation();
  const canSettings = useCan('settings.read');
  const canManage = useCan('customers.manage');
  const tabs = TABS.filter((x) => (x === 'templates' ? canSettings : x === 'broadcast' ? canManage : true));
  const tab: Tab = tabs.find((x) => x === sub) ?? 'outbox';
  const unread = useCall('wa.inbox', { page: 1, pageSize: 1, unreadOnly: true });
  const status = useCall('wa.status', {});
  const waiting = unread.data?.total ?? 0;
  const st = status.data;
  const down = st && st.channel !== 'none' && st.state !== 'connected';
  const icons = { outbox: IconSend, inbox: IconInbox, templates: IconTemplate, broadcast: IconSpeakerphone };
  return (
    <div data-testid="screen-whatsapp">
      <PageTitle title={t('nav.whatsapp')} description={t('whatsapp.screen.intro')}>
        {canSettings && (
          <Anchor href={hrefOf('settings/whatsapp')} size="sm" data-testid="wa-settings-link">
            {t('whatsapp.screen.settingsLink')}
          </Anchor>
        )}
      </PageTitle>
      {st && (down || st.channel === 'none') && (
        <Alert color={st.channel === 'none' ? 'gray' : 'orange'} variant="light" icon={<IconInfoCircle size={18} />} mb="md" data-testid="wa-not-running">
          {st.channel === 'none' ? t('whatsapp.status.none') : t('whatsapp.screen.notRunning', { state: t(`whatsapp.channelStates.${st.state}`) })}{' '}
          {canSettings && (
            <Anchor href={hrefOf('settings/whatsapp')} size="sm">
              {t('whatsapp.screen.openSettings')}
            </Anchor>
          )}
        </Alert>
      )}
      <Tabs value={tab} onChange={(v) => v && navigate(v === 'outbox' ? 'whatsapp' : `whatsapp/${v}`)} keepMounted={false}>
        <Tabs.List mb="md">
          {tabs.map((x) => {
            const Icon = icons[x];
            return (
              <Tabs.Tab
                key={x}
                value={x}
                leftSection={<Icon size={16} />}
                rightSection={
                  x === 'inbox' && waiting > 0 ? (
                    <Badge size="sm" color="green" circle data-testid="wa-unread-count">
                      {waiting}
                    </Badge>
                  ) : undefined
                }
                data-testid={`wa-tab-${x}`}
              >
                {t(`whatsapp.screen.tabs.${x}`)}
              </Tabs.Tab>
            );
          })}
        </Tabs.List>
        <Tabs.Panel value="outbox">
          <OutboxTab />
        </Tabs.Panel>
        <Tabs.Panel value="inbox">
          <InboxTab onRead={() => void unread.reload()} />
        </Tabs.Panel>
        <Tabs.Panel value="templates">
          <TemplatesTab />
        </Tabs.Panel>
        <Tabs.Panel value="broadcast">
          <BroadcastTab />
        </Tabs.Panel>
      </Tabs>
    </div>
  );
}
