import { Button, Group, Modal, NumberInput, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutletDto, VoucherBatchDto } from '../../../../shared/contract/vouchers';
import { call } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useCall } from '../../lib/useCall';

/** What to hand over: a batch (chosen here or given) or the vouchers ticked in the list; to which outlet. */
export interface HandOverTarget {
  batch?: VoucherBatchDto;
  ids?: number[];
  outlet?: OutletDto;
}

/** Gives unused vouchers to an outlet (warung, counter) as its stock; it owes for them once they are used. */
export function HandOverModal({ target, onClose, onDone }: { target: HandOverTarget | null; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const opened = target !== null;
  const outlets = useCall('vouchers.outlets', {}, opened && !target?.outlet);
  const batches = useCall('vouchers.batches', { page: 1, pageSize: 100 }, opened && !target?.batch && !target?.ids);
  const [outletId, setOutletId] = useState<number | null>(null);
  const [batchId, setBatchId] = useState<number | null>(null);
  const [quantity, setQuantity] = useState<number | string>('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [errors, setErrors] = useState<{ outlet?: string; batch?: string; quantity?: string }>({});

  // Reset when a new hand-over starts (the target object itself may be made anew on every render).
  const startKey = target ? `${target.outlet?.id ?? ''}|${target.batch?.id ?? ''}|${target.ids?.join(',') ?? ''}` : null;
  useEffect(() => {
    if (startKey === null) return;
    setOutletId(target?.outlet?.id ?? null);
    setBatchId(target?.batch?.id ?? null);
    setQuantity('');
    setError(null);
    setErrors({});
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reset when a new hand-over starts (startKey), not when the target object is recreated
  }, [startKey]);

  const batchList = target?.batch ? [target.batch] : (batches.data?.items ?? []).filter((b) => b.unused > 0 && b.pushed > 0);
  const submit = async () => {
    const e: typeof errors = {};
    if (!outletId) e.outlet = t('vouchers.handOver.chooseOutlet');
    if (!target?.ids && !batchId) e.batch = t('vouchers.handOver.chooseBatch');
    if (quantity !== '' && (typeof quantity !== 'number' || quantity < 1 || quantity > 10_000)) e.quantity = t('vouchers.sell.quantityInvalid');
    setErrors(e);
    if (e.outlet || e.batch || e.quantity || !outletId) return;
    setBusy(true);
    setError(null);
    try {
      const input = { outletId, ...(target?.ids ? { ids: target.ids } : { batchId: batchId! }), ...(typeof quantity === 'number' ? { quantity } : {}) };
      const { handed } = await call('vouchers.handOver', input);
      const outletName = target?.outlet?.name ?? outlets.data?.find((o) => o.id === outletId)?.name ?? '';
      notifications.show({ color: handed > 0 ? 'green' : 'orange', message: handed > 0 ? t('vouchers.handOver.done', { count: handed, outlet: outletName }) : t('vouchers.handOver.none') });
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={target?.outlet ? t('vouchers.handOver.titleTo', { outlet: target.outlet.name }) : t('vouchers.handOver.title')} data-testid="handover-modal">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t('vouchers.handOver.explain')}
        </Text>
        {!target?.outlet && (
          <Select<number>
            label={t('vouchers.handOver.outlet')}
            withAsterisk
            allowDeselect={false}
            data={(outlets.data ?? []).filter((o) => o.active).map((o) => ({ value: o.id, label: o.name }))}
            value={outletId}
            onChange={setOutletId}
            error={errors.outlet}
            nothingFoundMessage={t('vouchers.handOver.noOutlets')}
            data-testid="handover-outlet"
          />
        )}
        {target?.ids ? (
          <Text size="sm" fw={500} data-testid="handover-ids">
            {t('vouchers.handOver.chosen', { count: target.ids.length })}
          </Text>
        ) : (
          <Select<number>
            label={t('vouchers.handOver.batch')}
            withAsterisk
            allowDeselect={false}
            disabled={!!target?.batch}
            data={batchList.map((b) => ({ value: b.id, label: `${b.comment} — ${b.profileName} (${t('vouchers.handOver.unused', { count: b.unused })})` }))}
            value={batchId}
            onChange={setBatchId}
            error={errors.batch}
            nothingFoundMessage={t('vouchers.batches.empty')}
            data-testid="handover-batch"
          />
        )}
        <NumberInput
          label={t('vouchers.handOver.quantity')}
          description={target?.ids ? t('vouchers.handOver.quantityIdsHint') : t('vouchers.handOver.quantityHint')}
          min={1}
          max={10_000}
          allowDecimal={false}
          allowNegative={false}
          value={quantity}
          onChange={setQuantity}
          error={errors.quantity}
          data-testid="handover-quantity"
        />
        <ErrorAlert error={error ?? outlets.error ?? batches.error} />
        <Group justify="flex-end">
          <Button variant="subtle" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button loading={busy} onClick={() => void submit()} data-testid="handover-submit">
            {t('vouchers.handOver.submit')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
