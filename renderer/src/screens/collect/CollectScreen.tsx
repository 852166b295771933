import { SegmentedControl, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Forbidden } from '../../components/Forbidden';
import { PageTitle } from '../../components/PageTitle';
import { navigate } from '../../store/route';
import { useCan } from '../../store/session';
import { DayTab } from './DayTab';
import { OfficeTab } from './OfficeTab';
import { RouteTab } from './RouteTab';

type Tab = 'route' | 'day' | 'office';

/** #/collect (today's route), #/collect/day (my cash and the hand-over), #/collect/office (receiving collectors' cash). */
export function CollectScreen({ sub }: { sub: string | null }) {
  const { t } = useTranslation();
  const canCollect = useCan('collections.collect');
  const canReceive = useCan('collections.receive');
  const tabs: Tab[] = [...(canCollect ? (['route', 'day'] as const) : []), ...(canReceive ? (['office'] as const) : [])];
  const tab = tabs.find((x) => x === sub) ?? tabs[0];
  if (!tab) return <Forbidden />;
  return (
    <Stack gap="sm" maw={1100} data-testid="screen-collect">
      <PageTitle title={t('collect.title')} description={tab === 'office' ? t('collect.officeIntro') : t('collect.intro')} />
      {tabs.length > 1 && (
        <SegmentedControl
          fullWidth
          data={tabs.map((x) => ({ value: x, label: t(`collect.tabs.${x}`) }))}
          value={tab}
          onChange={(v) => navigate(`collect/${v}`)}
          data-testid="collect-tabs"
        />
      )}
      {tab === 'route' && <RouteTab />}
      {tab === 'day' && <DayTab />}
      {tab === 'office' && <OfficeTab />}
    </Stack>
  );
}
