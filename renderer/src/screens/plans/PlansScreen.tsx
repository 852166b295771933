import { Badge, Button, Card, Group, Loader, Stack, Switch, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArchive, IconArchiveOff, IconPencil, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlanDto } from '../../../../shared/contract';
import { call } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Forbidden } from '../../components/Forbidden';
import { PageTitle } from '../../components/PageTitle';
import { useLanguage } from '../../i18n';
import { ErrorText } from '../../lib/errors';
import { isForbidden, useCall } from '../../lib/useCall';
import { useIsPhone } from '../../lib/useIsPhone';
import { useCan } from '../../store/session';
import { bpToPercent, useRupiah } from '../invoices/money';
import { PlanFormModal } from './PlanFormModal';

/** ["3 bln 5%", "12 bln 10%"]: the plan's package discounts (empty when it gives none). */
function useCycleItems(): (p: PlanDto) => string[] {
  const { t } = useTranslation();
  const lang = useLanguage();
  return (p) => (['3', '6', '12'] as const).filter((m) => (p.cycleDiscounts[m] ?? 0) > 0).map((m) => t('billing.plans.cycleItem', { months: m, rate: bpToPercent(p.cycleDiscounts[m]!, lang) }));
}

/** The plans (paket) the office sells: price, tax and what each gives on the routers. */
export function PlansScreen() {
  const { t } = useTranslation();
  const canManage = useCan('billing.manage');
  const phone = useIsPhone();
  const [archived, setArchived] = useState(false);
  const [form, setForm] = useState<{ plan: PlanDto | null } | null>(null);
  const list = useCall('plans.list', { includeArchived: archived });
  if (isForbidden(list.error)) return <Forbidden />;

  const setActive = async (p: PlanDto, active: boolean) => {
    try {
      await call('plans.setActive', { id: p.id, active });
      notifications.show({ color: 'green', message: t(active ? 'billing.plans.unarchived' : 'billing.plans.archived', { name: p.name }) });
      void list.reload();
    } catch (err) {
      notifications.show({ color: 'red', message: <ErrorText error={err} /> });
    }
  };
  const plans = list.data ?? [];

  return (
    <div data-testid="screen-plans">
      <PageTitle title={t('nav.plans')} description={t('billing.plans.intro')}>
        {canManage && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setForm({ plan: null })} data-testid="plans-add">
            {t('billing.plans.add')}
          </Button>
        )}
      </PageTitle>
      <Group mb="sm" gap="md">
        <Switch label={t('billing.plans.showArchived')} checked={archived} onChange={(e) => setArchived(e.currentTarget.checked)} data-testid="plans-archived" />
        {list.loading && <Loader size="xs" />}
      </Group>
      <ErrorAlert error={list.error} />
      {phone ? (
        <Stack gap="xs" data-testid="plans-table">
          {plans.map((p) => (
            <PlanCard key={p.id} plan={p} canManage={canManage} onEdit={() => setForm({ plan: p })} onActive={(a) => void setActive(p, a)} />
          ))}
        </Stack>
      ) : (
        <Card withBorder padding={0}>
          <Table.ScrollContainer minWidth={860}>
            <Table verticalSpacing="sm" highlightOnHover data-testid="plans-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('billing.plans.name')}</Table.Th>
                  <Table.Th ta="right">{t('billing.plans.price')}</Table.Th>
                  <Table.Th ta="right">{t('billing.plans.taxShort')}</Table.Th>
                  <Table.Th>{t('billing.plans.cycleShort')}</Table.Th>
                  <Table.Th>{t('billing.plans.profile')}</Table.Th>
                  <Table.Th>{t('billing.plans.rateLimit')}</Table.Th>
                  <Table.Th ta="right">{t('billing.plans.subscriptions')}</Table.Th>
                  <Table.Th>{t('billing.common.status')}</Table.Th>
                  {canManage && <Table.Th />}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {plans.map((p) => (
                  <PlanRow key={p.id} plan={p} canManage={canManage} onEdit={() => setForm({ plan: p })} onActive={(a) => void setActive(p, a)} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
      {list.data?.length === 0 && (
        <Text c="dimmed" ta="center" p="lg" data-testid="plans-empty">
          {canManage ? t('billing.plans.emptyManage') : t('billing.plans.empty')}
        </Text>
      )}
      <PlanFormModal
        opened={form !== null}
        plan={form?.plan ?? null}
        onClose={() => setForm(null)}
        onSaved={(p) => {
          notifications.show({ color: 'green', message: t(form?.plan ? 'billing.plans.updated' : 'billing.plans.created', { name: p.name }) });
          setForm(null);
          void list.reload();
        }}
      />
    </div>
  );
}

interface RowProps {
  plan: PlanDto;
  canManage: boolean;
  onEdit: () => void;
  onActive: (active: boolean) => void;
}

function Actions({ plan: p, onEdit, onActive }: Omit<RowProps, 'canManage'>) {
  const { t } = useTranslation();
  return (
    <Group gap={4} wrap="nowrap" justify="flex-end">
      <Button size="compact-sm" variant="default" leftSection={<IconPencil size={14} />} onClick={onEdit} data-testid="plan-edit">
        {t('billing.plans.edit')}
      </Button>
      {p.active ? (
        <Button size="compact-sm" variant="subtle" color="gray" leftSection={<IconArchive size={14} />} onClick={() => onActive(false)} title={t('billing.plans.archiveHint')} data-testid="plan-archive">
          {t('billing.plans.archive')}
        </Button>
      ) : (
        <Button size="compact-sm" variant="subtle" leftSection={<IconArchiveOff size={14} />} onClick={() => onActive(true)} data-testid="plan-unarchive">
          {t('billing.plans.unarchive')}
        </Button>
      )}
    </Group>
  );
}

function StatusBadge({ active }: { active: boolean }) {
  const { t } = useTranslation();
  return (
    <Badge color={active ? 'green' : 'gray'} variant="light">
      {active ? t('billing.plans.active') : t('billing.plans.archivedBadge')}
    </Badge>
  );
}

function PlanRow({ plan: p, canManage, onEdit, onActive }: RowProps) {
  const lang = useLanguage();
  const rupiah = useRupiah();
  const cycles = useCycleItems()(p);
  return (
    <Table.Tr data-testid="plan-row" data-name={p.name} c={p.active ? undefined : 'dimmed'}>
      <Table.Td fw={600}>{p.name}</Table.Td>
      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }} data-testid="plan-price-cell">
        {rupiah(p.price)}
      </Table.Td>
      <Table.Td ta="right">{p.taxRateBp ? `${bpToPercent(p.taxRateBp, lang)}%` : '—'}</Table.Td>
      <Table.Td data-testid="plan-cycle-cell">
        {cycles.length === 0
          ? '—'
          : cycles.map((c) => (
              <Text key={c} size="sm" style={{ whiteSpace: 'nowrap' }}>
                {c}
              </Text>
            ))}
      </Table.Td>
      <Table.Td ff="monospace">{p.profileName}</Table.Td>
      <Table.Td ff="monospace">{p.rateLimit || '—'}</Table.Td>
      <Table.Td ta="right">{p.subscriptions}</Table.Td>
      <Table.Td>
        <StatusBadge active={p.active} />
      </Table.Td>
      {canManage && (
        <Table.Td>
          <Actions plan={p} onEdit={onEdit} onActive={onActive} />
        </Table.Td>
      )}
    </Table.Tr>
  );
}

function PlanCard({ plan: p, canManage, onEdit, onActive }: RowProps) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const rupiah = useRupiah();
  const cycles = useCycleItems()(p);
  return (
    <Card withBorder padding="sm" data-testid="plan-row" data-name={p.name}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <div>
          <Text fw={600}>{p.name}</Text>
          <Text size="sm">
            {rupiah(p.price)}
            {p.taxRateBp ? ` + ${t('billing.plans.taxShort')} ${bpToPercent(p.taxRateBp, lang)}%` : ''}
          </Text>
          <Text size="xs" c="dimmed">
            {[p.profileName, p.rateLimit].filter(Boolean).join(' · ')} · {t('billing.plans.subscriptionsCount', { count: p.subscriptions })}
          </Text>
          {cycles.length > 0 && (
            <Text size="xs" c="green" data-testid="plan-cycle-cell">
              {t('billing.plans.cycleShort')}: {cycles.join(' · ')}
            </Text>
          )}
        </div>
        <StatusBadge active={p.active} />
      </Group>
      {canManage && (
        <Group mt="xs" justify="flex-end">
          <Actions plan={p} onEdit={onEdit} onActive={onActive} />
        </Group>
      )}
    </Card>
  );
}
