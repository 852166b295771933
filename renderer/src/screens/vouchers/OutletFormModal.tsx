import { Button, Group, Modal, NumberInput, SimpleGrid, Stack, Switch, Table, Text, TextInput, Textarea } from '@mantine/core';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutletDto, VoucherProfileDto } from '../../../../shared/contract/vouchers';
import { ApiError, call } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { apiIssues, issuesToErrors } from '../../lib/errors';
import { useMoney, useRupiahInput } from './common';
import { useIsPhone } from '../../lib/useIsPhone';

interface Values {
  name: string;
  phone: string;
  address: string;
  notes: string;
  active: boolean;
  /** profileId → price; '' = the profile's own price. */
  prices: Record<number, number | string>;
}
const EMPTY: Values = { name: '', phone: '', address: '', notes: '', active: true, prices: {} };

/** An outlet (warung, counter) that sells our vouchers, with what it pays us per voucher of each profile. */
export function OutletFormModal({ opened, outlet, profiles, onClose, onSaved }: { opened: boolean; outlet: OutletDto | null; profiles: VoucherProfileDto[]; onClose: () => void; onSaved: (o: OutletDto) => void }) {
  const { t } = useTranslation();
  const phone = useIsPhone();
  const money = useMoney();
  const rupiah = useRupiahInput();
  const [v, setV] = useState<Values>(EMPTY);
  const [errors, setErrors] = useState<Record<string, ReactNode>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!opened) return;
    setV(outlet ? { name: outlet.name, phone: outlet.phone ?? '', address: outlet.address, notes: outlet.notes, active: outlet.active, prices: Object.fromEntries(outlet.prices.map((p) => [p.profileId, p.price])) } : EMPTY);
    setErrors({});
    setError(null);
  }, [opened, outlet]);

  const set = (patch: Partial<Values>) => setV((x) => ({ ...x, ...patch }));
  const submit = async () => {
    if (v.name.trim().length < 2) return setErrors({ name: t('validation.minChars', { min: 2 }) });
    setBusy(true);
    setError(null);
    setErrors({});
    try {
      const prices = Object.entries(v.prices)
        .filter(([, price]) => typeof price === 'number')
        .map(([profileId, price]) => ({ profileId: Number(profileId), price: price as number }));
      onSaved(await call('vouchers.saveOutlet', { id: outlet?.id, name: v.name, phone: v.phone.trim() || null, address: v.address, notes: v.notes, active: v.active, prices }));
    } catch (err) {
      const e = issuesToErrors(apiIssues(err));
      if (err instanceof ApiError && err.code === 'conflict') e.name = t('vouchers.outlets.nameTaken');
      setErrors(e);
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={outlet ? t('vouchers.outlets.editTitle', { name: outlet.name }) : t('vouchers.outlets.createTitle')} size="lg" fullScreen={phone} data-testid="outlet-form">
      <form onSubmit={(e) => (e.preventDefault(), void submit())}>
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <TextInput label={t('vouchers.outlets.name')} withAsterisk data-autofocus value={v.name} onChange={(e) => set({ name: e.currentTarget.value })} error={errors.name} data-testid="outlet-name" />
            <TextInput label={t('vouchers.outlets.phone')} inputMode="tel" value={v.phone} onChange={(e) => set({ phone: e.currentTarget.value })} error={errors.phone} data-testid="outlet-phone" />
          </SimpleGrid>
          <TextInput label={t('vouchers.outlets.address')} value={v.address} onChange={(e) => set({ address: e.currentTarget.value })} error={errors.address} data-testid="outlet-address" />
          <Textarea label={t('vouchers.outlets.notes')} autosize minRows={1} value={v.notes} onChange={(e) => set({ notes: e.currentTarget.value })} error={errors.notes} data-testid="outlet-notes" />
          <Switch label={t('vouchers.outlets.active')} description={t('vouchers.outlets.activeHint')} checked={v.active} onChange={(e) => set({ active: e.currentTarget.checked })} data-testid="outlet-active" />
          <div>
            <Text fw={600} size="sm">
              {t('vouchers.outlets.prices')}
            </Text>
            <Text size="xs" c="dimmed">
              {t('vouchers.outlets.pricesHint')}
            </Text>
          </div>
          <Table verticalSpacing={4}>
            <Table.Tbody>
              {profiles.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>
                    <Text size="sm">{p.name}</Text>
                    <Text size="xs" c="dimmed">
                      {t('vouchers.outlets.retail', { price: money(p.sellingPrice) })}
                    </Text>
                  </Table.Td>
                  <Table.Td w={180}>
                    <NumberInput
                      size="xs"
                      {...rupiah}
                      max={100_000_000}
                      placeholder={money(p.price)}
                      aria-label={t('vouchers.outlets.priceFor', { profile: p.name })}
                      value={v.prices[p.id] ?? ''}
                      onChange={(x) => set({ prices: { ...v.prices, [p.id]: x } })}
                      data-testid="outlet-price"
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <ErrorAlert error={error} />
          <Group justify="flex-end">
            <Button variant="subtle" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy} data-testid="outlet-save">
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
