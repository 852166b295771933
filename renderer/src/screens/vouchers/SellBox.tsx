import { Button, Card, Group, NumberInput, Select, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { VoucherProfileDto } from '../../../../shared/contract/vouchers';
import { ApiError, call } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { navigate } from '../../store/route';
import { printPath, useMoney } from './common';

/** Counter sale: the oldest vouchers of a profile in the office's stock are sold and printed at once. */
export function SellBox({ profiles, onSold }: { profiles: VoucherProfileDto[]; onSold: () => void }) {
  const { t } = useTranslation();
  const money = useMoney();
  const [chosenId, setProfileId] = useState<number | null>(null);
  const profileId = chosenId ?? (profiles.length === 1 ? profiles[0]!.id : null);
  const [quantity, setQuantity] = useState<number | string>(1);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [fieldError, setFieldError] = useState<{ profile?: string; quantity?: string }>({});
  const profile = profiles.find((p) => p.id === profileId) ?? null;
  const qty = typeof quantity === 'number' ? quantity : 0;

  const sell = async () => {
    const errors: typeof fieldError = {};
    if (!profile) errors.profile = t('vouchers.generate.chooseProfile');
    if (!Number.isInteger(qty) || qty < 1 || qty > 500) errors.quantity = t('vouchers.sell.quantityInvalid');
    else if (profile && qty > profile.stock) errors.quantity = t('vouchers.sell.notEnough', { stock: profile.stock });
    setFieldError(errors);
    if (errors.profile || errors.quantity || !profile) return;
    setBusy(true);
    setError(null);
    try {
      const sold = await call('vouchers.sell', { profileId: profile.id, quantity: qty });
      notifications.show({ color: 'green', message: t('vouchers.sell.done', { count: sold.length, profile: profile.name, amount: money(sold.reduce((a, v) => a + (v.soldPrice ?? 0), 0)) }) });
      onSold();
      navigate(printPath({ ids: sold.map((v) => v.id) }));
    } catch (err) {
      if (err instanceof ApiError && err.code === 'vouchers.out_of_stock') setFieldError({ quantity: t('vouchers.sell.notEnough', { stock: Number(err.details?.stock ?? 0) }) });
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card withBorder padding="md" data-testid="sell-box">
      <Text fw={600}>{t('vouchers.sell.title')}</Text>
      <Text size="xs" c="dimmed" mb="sm">
        {t('vouchers.sell.hint')}
      </Text>
      <form onSubmit={(e) => (e.preventDefault(), void sell())}>
        <Group gap="xs" align="flex-start" wrap="wrap">
          <Select<number>
            style={{ flex: 1, minWidth: 260 }}
            label={t('vouchers.generate.profile')}
            placeholder={t('vouchers.sell.choose')}
            allowDeselect={false}
            data={profiles.map((p) => ({ value: p.id, label: `${p.name} — ${money(p.sellingPrice)} (${t('vouchers.sell.stockShort', { stock: p.stock })})`, disabled: p.stock === 0 }))}
            value={profileId}
            onChange={setProfileId}
            error={fieldError.profile}
            nothingFoundMessage={t('common.nothingFound')}
            data-testid="sell-profile"
          />
          <NumberInput label={t('vouchers.sell.quantity')} w={110} min={1} max={500} allowDecimal={false} allowNegative={false} value={quantity} onChange={setQuantity} error={fieldError.quantity} data-testid="sell-quantity" />
        </Group>
        <Group justify="space-between" mt="sm">
          <Text size="sm" data-testid="sell-total">
            {profile ? t('vouchers.sell.total', { amount: money(profile.sellingPrice * (Number.isInteger(qty) ? qty : 0)) }) : ''}
          </Text>
          <Button type="submit" loading={busy} leftSection={<IconCash size={16} />} data-testid="sell-submit">
            {t('vouchers.sell.submit')}
          </Button>
        </Group>
      </form>
      <ErrorAlert error={error} />
    </Card>
  );
}
