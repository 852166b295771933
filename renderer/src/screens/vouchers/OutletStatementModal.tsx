import { Alert, Button, Card, Group, Loader, Modal, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowBackUp } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutletDto, OutletStatementLine } from '../../../../shared/contract/vouchers';
import { call } from '../../api/client';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLanguage } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { formatLocalDate } from '../invoices/money';
import { useCall } from '../../lib/useCall';
import { useIsPhone } from '../../lib/useIsPhone';
import { useCan, useTimezone } from '../../store/session';
import { useMoney } from './common';

/** What one statement line says, e.g. "Titip 20 voucher 1Hari · Budi". */
function useLineText(): (l: OutletStatementLine) => string {
  const { t } = useTranslation();
  return (l) => {
    const text = t(`vouchers.outlets.statement.kind.${l.kind}`, { count: l.count, profile: l.profile ?? '' });
    return [text, l.note && `“${l.note}”`, l.by && t('vouchers.outlets.statement.by', { name: l.by })].filter(Boolean).join(' · ');
  };
}

/** An outlet's book (rekap): stock handed over and taken back, vouchers used, payments, and what it owes after each. */
export function OutletStatementModal({ outlet, onClose, onChanged }: { outlet: OutletDto | null; onClose: () => void; onChanged: () => void }) {
  const { t } = useTranslation();
  const phone = useIsPhone();
  const money = useMoney();
  const lang = useLanguage();
  const tz = useTimezone();
  const canManage = useCan('vouchers.manage');
  const statement = useCall('vouchers.outletStatement', { outletId: outlet?.id ?? 0 }, outlet !== null);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const lineText = useLineText();
  const data = statement.data?.outlet.id === outlet?.id ? statement.data : undefined;
  const o = data?.outlet ?? outlet;
  const when = (l: OutletStatementLine) => (l.kind === 'used' ? formatLocalDate(l.day, lang) : formatDateTime(l.at, tz, lang));
  const amount = (n: number) => (n ? money(n) : '');

  const takeBack = async () => {
    if (!o) return;
    setError(null);
    try {
      const r = await call('vouchers.takeBack', { outletId: o.id });
      const used = r.used > 0 ? ` ${t('vouchers.outlets.statement.usedMeanwhile', { count: r.used })}` : '';
      notifications.show({ color: 'green', message: t('vouchers.outlets.statement.takenBack', { count: r.returned, outlet: o.name }) + used });
      setConfirming(false);
      await statement.reload();
      onChanged();
    } catch (err) {
      setConfirming(false);
      setError(err);
    }
  };

  return (
    <Modal opened={outlet !== null} onClose={onClose} title={t('vouchers.outlets.statement.title', { name: outlet?.name ?? '' })} size="xl" fullScreen={phone} data-testid="outlet-statement">
      {o && (
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 2, sm: 4 }}>
            {([['stock', String(o.stock)], ['sold', money(o.soldValue)], ['paid', money(o.paid)], ['owes', money(o.owes)]] as const).map(([k, v]) => (
              <Card key={k} withBorder padding="xs">
                <Text size="xs" c="dimmed">{t(`vouchers.outlets.col.${k}`)}</Text>
                <Text fw={700} c={k === 'owes' && o.owes > 0 ? 'red.8' : undefined} data-testid={`statement-${k}`}>{v}</Text>
              </Card>
            ))}
          </SimpleGrid>
          {canManage && o.stock > 0 && (
            <Group justify="flex-end">
              <Button size="xs" variant="light" color="orange" leftSection={<IconArrowBackUp size={14} />} onClick={() => setConfirming(true)} data-testid="outlet-take-back">
                {t('vouchers.outlets.statement.takeBack', { count: o.stock })}
              </Button>
            </Group>
          )}
          <ErrorAlert error={statement.error ?? error} />
          {statement.loading && !data && <Loader size="sm" />}
          {data?.lines.length === 0 && <Text c="dimmed" ta="center" p="md" data-testid="statement-empty">{t('vouchers.outlets.statement.empty')}</Text>}
          {data && data.lines.length > 0 && (phone ? (
            <Stack gap={6}>
              {data.lines.map((l, i) => (
                <Card key={i} withBorder padding="xs" data-testid="statement-line" data-kind={l.kind}>
                  <Group justify="space-between" wrap="nowrap" align="flex-start">
                    <div>
                      <Text size="xs" c="dimmed">{when(l)}</Text>
                      <Text size="sm">{lineText(l)}</Text>
                    </div>
                    <Stack gap={0} align="flex-end" style={{ flexShrink: 0, whiteSpace: 'nowrap' }}>
                      <Text size="sm" fw={600} c={l.credit ? 'green.8' : undefined}>{l.credit ? `− ${money(l.credit)}` : amount(l.debit)}</Text>
                      <Text size="xs" c="dimmed">{t('vouchers.outlets.statement.balanceShort', { amount: money(l.balance) })}</Text>
                    </Stack>
                  </Group>
                </Card>
              ))}
            </Stack>
          ) : (
            <Table.ScrollContainer minWidth={640} mah={480}>
              <Table striped stickyHeader>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('vouchers.outlets.statement.when')}</Table.Th>
                    <Table.Th>{t('vouchers.outlets.statement.what')}</Table.Th>
                    <Table.Th ta="right" style={{ whiteSpace: 'nowrap' }}>{t('vouchers.outlets.statement.debit')}</Table.Th>
                    <Table.Th ta="right" style={{ whiteSpace: 'nowrap' }}>{t('vouchers.outlets.statement.credit')}</Table.Th>
                    <Table.Th ta="right" style={{ whiteSpace: 'nowrap' }}>{t('vouchers.outlets.statement.balance')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.lines.map((l, i) => (
                    <Table.Tr key={i} data-testid="statement-line" data-kind={l.kind}>
                      <Table.Td><Text size="sm" style={{ whiteSpace: 'nowrap' }}>{when(l)}</Text></Table.Td>
                      <Table.Td><Text size="sm">{lineText(l)}</Text></Table.Td>
                      <Table.Td ta="right"><Text size="sm">{amount(l.debit)}</Text></Table.Td>
                      <Table.Td ta="right"><Text size="sm" c="green.8">{amount(l.credit)}</Text></Table.Td>
                      <Table.Td ta="right"><Text size="sm" fw={600}>{money(l.balance)}</Text></Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          ))}
          {data?.truncated && <Alert color="gray">{t('vouchers.outlets.statement.truncated')}</Alert>}
        </Stack>
      )}
      <ConfirmModal
        opened={confirming}
        title={t('vouchers.outlets.statement.takeBackTitle', { name: o?.name ?? '' })}
        body={t('vouchers.outlets.statement.takeBackBody', { count: o?.stock ?? 0 })}
        confirmLabel={t('vouchers.outlets.statement.takeBackOk')}
        color="orange"
        onConfirm={takeBack}
        onClose={() => setConfirming(false)}
      />
    </Modal>
  );
}
