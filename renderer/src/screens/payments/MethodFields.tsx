import { Group, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import type { ReactNode, Ref } from 'react';
import { useTranslation } from 'react-i18next';

export type CashOrTransfer = 'cash' | 'transfer';

/** Cash or bank transfer, and the transfer's reference when it is one: the payment and refund forms share it. */
export function MethodFields({
  referenceRef,
  ...p
}: {
  label: string;
  method: CashOrTransfer;
  onMethod: (m: CashOrTransfer) => void;
  reference: string;
  onReference: (r: string) => void;
  error?: ReactNode;
  referenceRef?: Ref<HTMLInputElement>;
  /** Test ids are `${testPrefix}-method` and `${testPrefix}-reference`. */
  testPrefix: string;
}) {
  const { t } = useTranslation();
  return (
    <Group gap="sm" align="flex-end" wrap="wrap">
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          {p.label}
        </Text>
        <SegmentedControl
          value={p.method}
          onChange={(m) => p.onMethod(m === 'transfer' ? 'transfer' : 'cash')}
          data={[
            { value: 'cash', label: t('billing.methods.cash') },
            { value: 'transfer', label: t('billing.methods.transfer') },
          ]}
          data-testid={`${p.testPrefix}-method`}
        />
      </Stack>
      {p.method === 'transfer' && (
        <TextInput
          ref={referenceRef}
          label={t('billing.pay.reference')}
          placeholder={t('billing.pay.referencePlaceholder')}
          value={p.reference}
          onChange={(e) => p.onReference(e.currentTarget.value)}
          error={p.error}
          maxLength={100}
          style={{ flex: 1, minWidth: 200 }}
          data-testid={`${p.testPrefix}-reference`}
        />
      )}
    </Group>
  );
}
