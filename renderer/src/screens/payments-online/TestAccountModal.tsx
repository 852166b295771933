import { Button, Group, Loader, Modal, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PaymentAccountDto } from '../../../../shared/contract';
import { useCall } from '../../lib/useCall';
import { useRupiah } from '../invoices/money';
import { GatewayErrorAlert } from './gatewayText';

const TEST_AMOUNT = 10_000;

/** "Tes koneksi": asks the gateway for the account's methods and their fees; an error says why in plain words. */
export function TestAccountModal({ account, onClose }: { account: PaymentAccountDto | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={account !== null} onClose={onClose} title={account ? t('gateway.settings.testTitle', { name: account.name }) : ''} size="lg" data-testid="account-test">
      {account && <TestResult account={account} />}
      <Group justify="flex-end" mt="md">
        <Button variant="default" onClick={onClose} data-testid="account-test-close">
          {t('gateway.settings.close')}
        </Button>
      </Group>
    </Modal>
  );
}

function TestResult({ account }: { account: PaymentAccountDto }) {
  const { t } = useTranslation();
  const rupiah = useRupiah();
  const res = useCall('gateway.testAccount', { id: account.id, amount: TEST_AMOUNT });
  if (res.loading) return <Loader size="sm" data-testid="account-test-loading" />;
  if (res.error) return <GatewayErrorAlert error={res.error} testId="account-test-error" />;
  const methods = res.data?.methods ?? [];
  // Midtrans and Xendit have no methods API: the test proved the key; the customer picks a method on their page.
  if (methods.length === 0 && (account.gateway === 'midtrans' || account.gateway === 'xendit'))
    return (
      <Text size="sm" c="green.8" data-testid="account-test-keys-ok">
        {t('gateway.settings.testKeysOk', { gateway: account.gateway === 'midtrans' ? 'Midtrans' : 'Xendit' })}
      </Text>
    );
  if (methods.length === 0)
    return (
      <Text size="sm" data-testid="account-test-empty">
        {t('gateway.settings.testEmpty')}
      </Text>
    );
  return (
    <Stack gap="xs">
      <Text size="sm" c="green.8" data-testid="account-test-ok">
        {t('gateway.settings.testIntro', { amount: rupiah(TEST_AMOUNT) })}
      </Text>
      <Table.ScrollContainer minWidth={300}>
        <Table verticalSpacing={6} data-testid="account-test-methods">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('gateway.settings.method')}</Table.Th>
              <Table.Th>{t('gateway.settings.code')}</Table.Th>
              <Table.Th ta="right">{t('gateway.settings.fee')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {methods.map((m) => (
              <Table.Tr key={m.code} data-testid="account-test-method" data-code={m.code}>
                <Table.Td>{m.name}</Table.Td>
                <Table.Td ff="monospace">{m.code}</Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {rupiah(m.fee)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
