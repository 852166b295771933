import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerDto, SubscriptionDto } from '../../../../shared/contract';
import { call } from '../../api/client';
import { useLanguage } from '../../i18n';
import { ErrorText } from '../../lib/errors';
import { useCan } from '../../store/session';
import { formatLocalDate } from '../invoices/money';
import { SubscriptionActionModal, useScheduledWhat, type SubAction } from './SubscriptionActionModal';
import { SubscriptionCard, type CardAction } from './SubscriptionCard';
import { SubscriptionFormModal } from './SubscriptionFormModal';

const ORDER: Record<SubscriptionDto['status'], number> = { isolated: 0, active: 1, pending: 2, paused: 3, terminated: 4 };

/** The customer's PPPoE subscriptions (ended ones last), adding one, and each one's lifecycle steps. */
export function SubscriptionsTab({ customer, subscriptions, onChanged }: { customer: CustomerDto; subscriptions: SubscriptionDto[]; onChanged: () => void }) {
  const { t } = useTranslation();
  const canManage = useCan('customers.manage');
  const canRouters = useCan('routers.read');
  const canAdd = canManage && canRouters;
  const lang = useLanguage();
  const [form, setForm] = useState<{ sub: SubscriptionDto | null } | null>(null);
  const [acting, setActing] = useState<{ action: SubAction; sub: SubscriptionDto } | null>(null);
  const [unscheduling, setUnscheduling] = useState<SubscriptionDto | null>(null);
  const [cancelBusy, setCancelBusy] = useState(false);
  const what = useScheduledWhat();
  const sorted = [...subscriptions].sort((a, b) => ORDER[a.status] - ORDER[b.status] || a.id - b.id);

  const act = (a: CardAction, sub: SubscriptionDto) => (a === 'edit' ? setForm({ sub }) : a === 'cancelScheduled' ? setUnscheduling(sub) : setActing({ action: a, sub }));
  const done = (message: string) => {
    notifications.show({ color: 'green', message });
    onChanged();
  };
  const cancelSchedule = async () => {
    if (!unscheduling) return;
    setCancelBusy(true);
    try {
      const s = await call('subscriptions.cancelScheduled', { id: unscheduling.id });
      setUnscheduling(null);
      done(t('customers.subs.scheduled.cancelled', { username: s.username }));
    } catch (err) {
      setUnscheduling(null);
      notifications.show({ color: 'red', message: <ErrorText error={err} /> });
      onChanged();
    } finally {
      setCancelBusy(false);
    }
  };
  const pending = unscheduling?.scheduled ?? null;

  return (
    <Stack gap="sm" data-testid="customer-subs">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {t('customers.subs.intro')}
        </Text>
        {canAdd && customer.status === 'active' && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setForm({ sub: null })} data-testid="sub-add">
            {t('customers.subs.add')}
          </Button>
        )}
      </Group>
      {sorted.length === 0 && (
        <Text c="dimmed" ta="center" p="lg" data-testid="subs-empty">
          {t(canAdd ? 'customers.subs.emptyCanAdd' : 'customers.subs.empty')}
        </Text>
      )}
      {sorted.map((s) => (
        <SubscriptionCard key={s.id} sub={s} onAction={act} />
      ))}
      <SubscriptionFormModal
        opened={form !== null}
        customer={customer}
        subscription={form?.sub ?? null}
        onClose={() => setForm(null)}
        onSaved={(s) => {
          const editing = form?.sub != null;
          setForm(null);
          const key = editing ? 'edit' : s.status === 'active' ? 'createdActive' : s.scheduled?.action === 'activate' ? 'createdScheduled' : 'created';
          done(t(`customers.subs.done.${key}`, { username: s.username, date: formatLocalDate(s.scheduled?.date, lang) }));
        }}
      />
      <SubscriptionActionModal
        action={acting?.action ?? null}
        sub={acting?.sub ?? null}
        onClose={() => setActing(null)}
        onDone={(action, s, scheduledFor) => {
          setActing(null);
          if (scheduledFor) {
            const planName = s.scheduled?.action === action ? s.scheduled.planName : null;
            done(t('customers.subs.done.scheduled', { what: what(action, planName), username: s.username, date: formatLocalDate(scheduledFor, lang) }));
            return;
          }
          const key = action === 'promise' && !s.promiseUntil ? 'promiseCleared' : action;
          done(t(`customers.subs.done.${key}`, { username: s.username, until: formatLocalDate(s.promiseUntil, lang) }));
        }}
      />
      <Modal opened={pending !== null} onClose={() => setUnscheduling(null)} title={t('customers.subs.scheduled.confirmTitle', { username: unscheduling?.username ?? '' })} data-testid="sub-unschedule-modal">
        <Text size="sm">{pending ? t('customers.subs.scheduled.confirmBody', { what: what(pending.action, pending.planName), date: formatLocalDate(pending.date, lang) }) : ''}</Text>
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={() => setUnscheduling(null)}>
            {t('customers.subs.scheduled.keep')}
          </Button>
          <Button color="red" loading={cancelBusy} onClick={() => void cancelSchedule()} data-testid="sub-unschedule-ok">
            {t('customers.subs.scheduled.confirmOk')}
          </Button>
        </Group>
      </Modal>
    </Stack>
  );
}
