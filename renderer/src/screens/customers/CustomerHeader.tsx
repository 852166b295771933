import { Anchor, Button, Card, Group, Menu, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconArrowBackUp, IconArrowLeft, IconCash, IconDots, IconPencil, IconReceiptRupee, IconUserCheck, IconUserOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { CustomerDetail } from '../../../../shared/contract';
import { useLanguage } from '../../i18n';
import { formatRupiah } from '../../lib/format';
import { hrefOf } from '../../store/route';
import { useIsPhone } from '../../lib/useIsPhone';
import { useCan } from '../../store/session';
import { BalanceText, CustomerStatusBadge } from './badges';
import { canRefund } from './RefundModal';
import { PayLinkButton } from '../payments-online/PayLinkModal';

export type HeaderAction = 'edit' | 'pay' | 'charge' | 'refund' | 'deactivate' | 'activate';

export function BackToList() {
  const { t } = useTranslation();
  return (
    <Anchor href={hrefOf('customers')} size="sm" display="inline-flex" style={{ alignItems: 'center', gap: 4 }} data-testid="customer-back">
      <IconArrowLeft size={14} /> {t('customers.page.back')}
    </Anchor>
  );
}

/** Number, name, status and what the customer owes, with the buttons the viewer's role allows. */
export function CustomerHeader({ detail, onAction }: { detail: CustomerDetail; onAction: (a: HeaderAction) => void }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const canManage = useCan('customers.manage');
  const canCollect = useCan('payments.collect');
  const canCharge = useCan('billing.manage');
  // Paying credit back (admins): only when there is credit and nothing runs that it would pay for.
  const refund = useCan('payments.reverse') && canRefund(detail);
  // On a phone "edit" joins the "…" menu so the buttons stay on one line.
  const phone = useIsPhone();
  const c = detail.customer;
  return (
    <Stack gap="xs" mb="md">
      <BackToList />
      <Group justify="space-between" align="flex-start" gap="sm">
        <div>
          <Group gap="xs" align="center">
            <Title order={2} size="h3" data-testid="customer-title">
              {c.name}
            </Title>
            <CustomerStatusBadge status={c.status} />
          </Group>
          <Text size="sm" c="dimmed" ff="monospace" data-testid="customer-number">
            {c.number}
          </Text>
        </div>
        <Group gap="xs">
          {canCollect && (
            <Button leftSection={<IconCash size={16} />} onClick={() => onAction('pay')} data-testid="customer-pay">
              {t('customers.page.pay')}
            </Button>
          )}
          {canCollect && detail.balance > 0 && <PayLinkButton target={{ customerId: c.id, name: c.name, whatsapp: c.whatsapp ?? c.phone }} />}
          {canCharge && !phone && (
            <Button variant="default" leftSection={<IconReceiptRupee size={16} />} onClick={() => onAction('charge')} data-testid="customer-charge">
              {t('billing.charge.action')}
            </Button>
          )}
          {canManage && !phone && (
            <Button variant="default" leftSection={<IconPencil size={16} />} onClick={() => onAction('edit')} data-testid="customer-edit">
              {t('customers.page.edit')}
            </Button>
          )}
          {(canManage || refund || (canCharge && phone)) && (
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <Button variant="default" px="xs" aria-label={t('customers.page.more')} data-testid="customer-more">
                  <IconDots size={16} />
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                {refund && (
                  <Menu.Item leftSection={<IconArrowBackUp size={16} />} onClick={() => onAction('refund')} data-testid="customer-refund">
                    {t('billing.refund.action')}
                  </Menu.Item>
                )}
                {phone && canCharge && (
                  <Menu.Item leftSection={<IconReceiptRupee size={16} />} onClick={() => onAction('charge')} data-testid="customer-charge">
                    {t('billing.charge.action')}
                  </Menu.Item>
                )}
                {phone && canManage && (
                  <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => onAction('edit')} data-testid="customer-edit">
                    {t('customers.page.edit')}
                  </Menu.Item>
                )}
                {!canManage ? null : c.status === 'active' ? (
                  <Menu.Item color="red" leftSection={<IconUserOff size={16} />} onClick={() => onAction('deactivate')} data-testid="customer-deactivate">
                    {t('customers.page.deactivate')}
                  </Menu.Item>
                ) : (
                  <Menu.Item leftSection={<IconUserCheck size={16} />} onClick={() => onAction('activate')} data-testid="customer-activate">
                    {t('customers.page.activate')}
                  </Menu.Item>
                )}
              </Menu.Dropdown>
            </Menu>
          )}
        </Group>
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="sm">
        <Card withBorder padding="xs">
          <Text size="xs" c="dimmed">
            {t('customers.page.balance')}
          </Text>
          <BalanceText balance={detail.balance} size="lg" testId="customer-balance" />
        </Card>
        <Card withBorder padding="xs">
          <Text size="xs" c="dimmed">
            {t('customers.page.overdue')}
          </Text>
          <Text size="lg" fw={600} c={detail.overdue > 0 ? 'red' : 'dimmed'} data-testid="customer-overdue">
            {formatRupiah(detail.overdue, lang)}
          </Text>
        </Card>
        <Card withBorder padding="xs" visibleFrom="sm">
          <Text size="xs" c="dimmed">
            {t('customers.page.services')}
          </Text>
          <Text size="lg" fw={600}>
            {t('customers.page.servicesCount', { live: detail.subscriptions.filter((s) => s.status !== 'terminated').length })}
          </Text>
        </Card>
      </SimpleGrid>
    </Stack>
  );
}
