import { Badge, Button, Card, Group, Loader, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBuildingStore, IconCash, IconList, IconNotebook, IconPencil, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutletDto } from '../../../../shared/contract/vouchers';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useCall } from '../../lib/useCall';
import { useIsPhone } from '../../lib/useIsPhone';
import { navigate } from '../../store/route';
import { useCan } from '../../store/session';
import { useMoney } from './common';
import { HandOverModal } from './HandOverModal';
import { OutletFormModal } from './OutletFormModal';
import { OutletPaymentModal } from './OutletPaymentModal';
import { OutletStatementModal } from './OutletStatementModal';
import { showVouchersOf } from './StockTab';

/** Outlets (warung) that sell our vouchers: their stock, what they owe for used vouchers, their payments. */
export function OutletsTab() {
  const { t } = useTranslation();
  const phone = useIsPhone();
  const money = useMoney();
  const canManage = useCan('vouchers.manage');
  const canCollect = useCan('payments.collect');
  const outlets = useCall('vouchers.outlets', {});
  const profiles = useCall('vouchers.profiles', {}, canManage);
  const [form, setForm] = useState<{ outlet: OutletDto | null } | null>(null);
  const [handTo, setHandTo] = useState<OutletDto | null>(null);
  const [paying, setPaying] = useState<OutletDto | null>(null);
  const [statementOf, setStatementOf] = useState<OutletDto | null>(null);
  const items = outlets.data ?? [];
  const totals = items.reduce((a, o) => ({ stock: a.stock + o.stock, sold: a.sold + o.soldValue, paid: a.paid + o.paid, owes: a.owes + o.owes }), { stock: 0, sold: 0, paid: 0, owes: 0 });

  const actions = (o: OutletDto) => (
    <Group gap={4} wrap="wrap">
      {canCollect && (
        <Button size="compact-sm" variant="light" color="green" leftSection={<IconCash size={14} />} onClick={() => setPaying(o)} data-testid="outlet-pay">
          {t('vouchers.outlets.pay')}
        </Button>
      )}
      {canManage && o.active && (
        <Button size="compact-sm" variant="light" leftSection={<IconBuildingStore size={14} />} onClick={() => setHandTo(o)} data-testid="outlet-handover">
          {t('vouchers.outlets.handOver')}
        </Button>
      )}
      <Button size="compact-sm" variant="subtle" leftSection={<IconNotebook size={14} />} onClick={() => setStatementOf(o)} data-testid="outlet-statement-open">
        {t('vouchers.outlets.statementAction')}
      </Button>
      <Button
        size="compact-sm"
        variant="subtle"
        leftSection={<IconList size={14} />}
        onClick={() => {
          showVouchersOf({ outlet: { id: o.id, label: o.name } });
          navigate('vouchers/stock');
        }}
        data-testid="outlet-vouchers"
      >
        {t('vouchers.outlets.vouchers')}
      </Button>
      {canManage && (
        <Button size="compact-sm" variant="subtle" color="gray" leftSection={<IconPencil size={14} />} onClick={() => setForm({ outlet: o })} data-testid="outlet-edit">
          {t('vouchers.profiles.edit')}
        </Button>
      )}
    </Group>
  );
  const owes = (o: OutletDto) => (
    <Text size="sm" fw={700} c={o.owes > 0 ? 'red.8' : 'green.8'} data-testid="outlet-owes" data-owes={o.owes}>
      {money(o.owes)}
    </Text>
  );

  return (
    <Stack gap="sm" data-testid="vouchers-outlets">
      <Group justify="space-between">
        <Text size="sm" c="dimmed" maw={720}>
          {t('vouchers.outlets.intro')}
        </Text>
        {canManage && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setForm({ outlet: null })} data-testid="outlets-add">
            {t('vouchers.outlets.add')}
          </Button>
        )}
      </Group>
      <ErrorAlert error={outlets.error} />
      {outlets.loading && !outlets.data && <Loader size="sm" />}
      {items.length > 0 && (
        <SimpleGrid cols={{ base: 2, sm: 4 }} data-testid="outlets-totals">
          {(['stock', 'sold', 'paid', 'owes'] as const).map((k) => (
            <Card key={k} withBorder padding="sm">
              <Text size="xs" c="dimmed">
                {t(`vouchers.outlets.total.${k}`)}
              </Text>
              <Text fw={700} c={k === 'owes' && totals.owes > 0 ? 'red.8' : undefined}>
                {k === 'stock' ? totals.stock : money(totals[k])}
              </Text>
            </Card>
          ))}
        </SimpleGrid>
      )}
      {phone ? (
        <Stack gap="xs">
          {items.map((o) => (
            <Card key={o.id} withBorder padding="sm" data-testid="outlet-row" data-name={o.name}>
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <div>
                  <Text fw={600}>{o.name}</Text>
                  <Text size="xs" c="dimmed">
                    {[o.phone, o.address].filter(Boolean).join(' · ')}
                  </Text>
                  <Text size="sm" data-testid="outlet-stock">
                    {t('vouchers.sell.stockShort', { stock: o.stock })}
                  </Text>
                </div>
                <Stack gap={0} align="flex-end">
                  <Text size="xs" c="dimmed">
                    {t('vouchers.outlets.col.owes')}
                  </Text>
                  {owes(o)}
                </Stack>
              </Group>
              {actions(o)}
            </Card>
          ))}
        </Stack>
      ) : (
        <Card withBorder padding={0}>
          <Table.ScrollContainer minWidth={900}>
            <Table verticalSpacing="sm" data-testid="outlets-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('vouchers.outlets.col.name')}</Table.Th>
                  <Table.Th>{t('vouchers.outlets.col.phone')}</Table.Th>
                  <Table.Th ta="right">{t('vouchers.outlets.col.stock')}</Table.Th>
                  <Table.Th ta="right">{t('vouchers.outlets.col.sold')}</Table.Th>
                  <Table.Th ta="right">{t('vouchers.outlets.col.paid')}</Table.Th>
                  <Table.Th ta="right">{t('vouchers.outlets.col.owes')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((o) => (
                  <Table.Tr key={o.id} data-testid="outlet-row" data-name={o.name} opacity={o.active ? 1 : 0.6}>
                    <Table.Td>
                      <Text size="sm" fw={600}>
                        {o.name}
                      </Text>
                      {o.address && <Text size="xs" c="dimmed">{o.address}</Text>}
                      {!o.active && <Badge size="xs" color="gray">{t('vouchers.outlets.inactive')}</Badge>}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{o.phone ?? '—'}</Text>
                    </Table.Td>
                    <Table.Td ta="right">
                      <Text size="sm" data-testid="outlet-stock">
                        {o.stock}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right">
                      <Text size="sm">{money(o.soldValue)}</Text>
                    </Table.Td>
                    <Table.Td ta="right">
                      <Text size="sm">{money(o.paid)}</Text>
                    </Table.Td>
                    <Table.Td ta="right">{owes(o)}</Table.Td>
                    <Table.Td>{actions(o)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
      {outlets.data?.length === 0 && (
        <Text c="dimmed" ta="center" p="md" data-testid="outlets-empty">
          {t('vouchers.outlets.empty')}
        </Text>
      )}
      <OutletFormModal
        opened={form !== null}
        outlet={form?.outlet ?? null}
        profiles={profiles.data ?? []}
        onClose={() => setForm(null)}
        onSaved={(o) => {
          notifications.show({ color: 'green', message: t('vouchers.outlets.saved', { name: o.name }) });
          setForm(null);
          void outlets.reload();
        }}
      />
      <HandOverModal
        target={handTo ? { outlet: handTo } : null}
        onClose={() => setHandTo(null)}
        onDone={() => {
          setHandTo(null);
          void outlets.reload();
        }}
      />
      <OutletStatementModal key={statementOf?.id ?? 0} outlet={statementOf} onClose={() => setStatementOf(null)} onChanged={() => void outlets.reload()} />
      <OutletPaymentModal
        outlet={paying}
        onClose={() => setPaying(null)}
        onSaved={() => {
          setPaying(null);
          void outlets.reload();
        }}
      />
    </Stack>
  );
}
