import { Anchor, Box, Card, Group, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CustomerListItem } from '../../../../shared/contract';
import { useLanguage } from '../../i18n';
import { formatRupiah } from '../../lib/format';
import { hrefOf, navigate } from '../../store/route';
import { BalanceText, ServiceBadge } from './badges';

const pageOf = (c: CustomerListItem) => `customers/${c.id}`;

/** The balance, and below it how much of it is past due (the part that leads to isolation). */
function Owed({ c }: { c: CustomerListItem }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  return (
    <div>
      <BalanceText balance={c.balance} />
      {c.overdue > 0 && (
        <Text size="xs" c="red" data-testid="customer-overdue" style={{ whiteSpace: 'nowrap' }}>
          {t('customers.overdueAmount', { amount: formatRupiah(c.overdue, lang) })}
        </Text>
      )}
    </div>
  );
}

/** "Paket 10M · budi01" lines for each live subscription. */
function Services({ c }: { c: CustomerListItem }) {
  if (c.usernames.length === 0 && c.plans.length === 0) return <Text size="sm" c="dimmed">—</Text>;
  const n = Math.max(c.usernames.length, c.plans.length);
  return (
    <Stack gap={0}>
      {Array.from({ length: n }, (_, i) => (
        <Text size="sm" key={i} style={{ whiteSpace: 'nowrap' }}>
          {c.plans[i] ?? ''}
          {c.usernames[i] && (
            <Text span size="xs" c="dimmed" ff="monospace">
              {c.plans[i] ? ' · ' : ''}
              {c.usernames[i]}
            </Text>
          )}
        </Text>
      ))}
    </Stack>
  );
}

function Name({ c }: { c: CustomerListItem }) {
  const { t } = useTranslation();
  return (
    <div>
      <Anchor href={hrefOf(pageOf(c))} fw={600} size="sm" onClick={(e) => e.stopPropagation()} data-testid="customer-link">
        {c.name}
      </Anchor>
      {c.status === 'inactive' && (
        <Text span size="xs" c="dimmed">
          {' '}
          ({t('customers.status.inactive')})
        </Text>
      )}
      {c.address && (
        <Text size="xs" c="dimmed" lineClamp={1}>
          {c.address}
        </Text>
      )}
    </div>
  );
}

export function CustomerRow({ c }: { c: CustomerListItem }) {
  return (
    <Table.Tr onClick={() => navigate(pageOf(c))} style={{ cursor: 'pointer', opacity: c.status === 'inactive' ? 0.6 : 1 }} data-testid="customer-row" data-number={c.number}>
      <Table.Td>
        <Text size="sm" ff="monospace">
          {c.number}
        </Text>
      </Table.Td>
      <Table.Td maw={260}>
        <Name c={c} />
      </Table.Td>
      <Table.Td>
        <Text size="sm" style={{ whiteSpace: 'nowrap' }} data-testid="customer-phone">
          {c.phone ?? '—'}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{c.area || '—'}</Text>
      </Table.Td>
      <Table.Td>
        <Services c={c} />
      </Table.Td>
      <Table.Td>
        <ServiceBadge status={c.serviceStatus} />
      </Table.Td>
      <Table.Td ta="right">
        <Owed c={c} />
      </Table.Td>
    </Table.Tr>
  );
}

/** The same on a phone: name, state and balance first; the rest below. Tapping opens the customer. */
export function CustomerCard({ c }: { c: CustomerListItem }) {
  return (
    <Card withBorder padding="sm" onClick={() => navigate(pageOf(c))} style={{ cursor: 'pointer', opacity: c.status === 'inactive' ? 0.6 : 1 }} data-testid="customer-row" data-number={c.number}>
      <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
        <Name c={c} />
        <ServiceBadge status={c.serviceStatus} size="xs" />
      </Group>
      <Group justify="space-between" mt={6} gap="xs" wrap="nowrap" align="flex-start">
        <Text size="xs" c="dimmed" ff="monospace">
          {c.number}
        </Text>
        <Box ta="right">
          <Owed c={c} />
        </Box>
      </Group>
      <Group gap="md" mt={4}>
        <Text size="xs" data-testid="customer-phone">
          {c.phone ?? '—'}
        </Text>
        {c.area && <Text size="xs" c="dimmed">{c.area}</Text>}
        {c.usernames.length > 0 && (
          <Text size="xs" c="dimmed" ff="monospace">
            {c.usernames.join(', ')}
          </Text>
        )}
      </Group>
    </Card>
  );
}
