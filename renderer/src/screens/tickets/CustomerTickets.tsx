import { Anchor, Button, Card, Group, Loader, Stack, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLanguage } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { useCall } from '../../lib/useCall';
import { hrefOf, navigate } from '../../store/route';
import { useCan, useTimezone } from '../../store/session';
import { TicketStateBadge } from './badges';
import { NewTicketModal } from './NewTicketModal';

/** The customer page's tab: their trouble tickets, newest unsolved first, and "Tiket baru" for them. */
export function CustomerTickets({ customer }: { customer: { id: number; name: string } }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const tz = useTimezone();
  const canOpen = useCan('tickets.open');
  const [creating, setCreating] = useState(false);
  const list = useCall('tickets.list', { customerId: customer.id, pageSize: 20 });
  const items = list.data?.items ?? [];
  return (
    <Stack gap="sm" data-testid="customer-tickets">
      <Group justify="space-between" gap="xs">
        <Anchor href={hrefOf('tickets')} size="sm">
          {t('tickets.customerTab.all')}
        </Anchor>
        {canOpen && (
          <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setCreating(true)} data-testid="customer-ticket-new">
            {t('tickets.newTicket')}
          </Button>
        )}
      </Group>
      <ErrorAlert error={list.error} />
      {list.loading && !list.data && <Loader size="sm" />}
      {list.data && items.length === 0 && (
        <Text c="dimmed" size="sm">
          {t('tickets.customerTab.empty')}
        </Text>
      )}
      {items.map((x) => (
        <Card key={x.id} withBorder padding="sm" component="a" href={hrefOf(`tickets/${x.id}`)} style={{ color: 'inherit', textDecoration: 'none' }} data-testid="customer-ticket" data-state={x.state}>
          <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
            <div style={{ minWidth: 0 }}>
              <Text size="sm" fw={600}>
                {x.number} · {t(`tickets.categories.${x.category}`)}
              </Text>
              <Text size="xs" c="dimmed">
                {formatDateTime(x.createdAt, tz, lang)}
                {x.assignedTo ? ` · ${x.assignedTo.name}` : ''}
              </Text>
            </div>
            <TicketStateBadge state={x.state} />
          </Group>
          <Text size="sm" c="dimmed" lineClamp={2} mt={4} style={{ wordBreak: 'break-word' }}>
            {x.text}
          </Text>
        </Card>
      ))}
      <NewTicketModal opened={creating} onClose={() => setCreating(false)} onCreated={(id) => navigate(`tickets/${id}`)} customer={customer} />
    </Stack>
  );
}
