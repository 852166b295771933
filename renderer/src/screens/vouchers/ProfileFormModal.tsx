import { Button, Group, Modal, NumberInput, Radio, Select, SimpleGrid, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { contract } from '../../../../shared/contract';
import type { VoucherExpiry, VoucherProfileDto } from '../../../../shared/contract/vouchers';
import { ApiError, call } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { apiIssues, issuesToErrors } from '../../lib/errors';
import { zodValidate } from '../../lib/validate';
import { useRupiahInput } from './common';
import { useIsPhone } from '../../lib/useIsPhone';

interface Values {
  routerId: number | null;
  name: string;
  profileName: string;
  hotspotServer: string;
  price: number | '';
  sellingPrice: number | '';
  validity: string;
  timeLimit: string;
  dataQuotaMb: number | '';
  rateLimit: string;
  sharedUsers: number | '';
  addressPool: string;
  lockMac: boolean;
  expiryAction: 'remove' | 'disable';
  expiry: VoucherExpiry;
  /** Sold in the public voucher shop. Always sent: an update without it would take the profile off the shop. */
  online: boolean;
}

const EMPTY: Values = { routerId: null, name: '', profileName: '', hotspotServer: 'all', price: '', sellingPrice: '', validity: '1d', timeLimit: '', dataQuotaMb: '', rateLimit: '', sharedUsers: 1, addressPool: '', lockMac: false, expiryAction: 'remove', expiry: 'app', online: false };
const num = (v: number | '') => (v === '' ? undefined : v);
const toInput = (v: Values) => ({
  ...v,
  routerId: v.routerId ?? undefined,
  price: num(v.price),
  sellingPrice: num(v.sellingPrice),
  validity: v.expiry === 'never' ? null : v.validity,
  timeLimit: v.timeLimit.trim() || null,
  dataQuotaMb: v.dataQuotaMb === '' ? null : v.dataQuotaMb,
  sharedUsers: num(v.sharedUsers),
});
const fromDto = (p: VoucherProfileDto): Values => ({ ...p, validity: p.validity ?? '', timeLimit: p.timeLimit ?? '', dataQuotaMb: p.dataQuotaMb ?? '' });
/** Fields whose rule is a pattern: say what is allowed rather than "invalid format". */
const PATTERNS = ['profileName', 'hotspotServer', 'rateLimit', 'addressPool', 'validity', 'timeLimit'] as const;

/** Add or edit a voucher profile (paket voucher): prices, how long it lasts, and the router's hotspot profile. */
export function ProfileFormModal({ opened, profile, routers, onClose, onSaved }: { opened: boolean; profile: VoucherProfileDto | null; routers: { value: number; label: string }[]; onClose: () => void; onSaved: (p: VoucherProfileDto) => void }) {
  const { t } = useTranslation();
  const phone = useIsPhone();
  const rupiah = useRupiahInput();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const base = zodValidate<Values>(contract['vouchers.createProfile'].input, { map: toInput });
  const explain = (errors: Record<string, ReactNode>) => {
    const out = { ...errors };
    for (const f of PATTERNS) if (out[f]) out[f] = t(`vouchers.profiles.patterns.${f}`);
    if (out.routerId) out.routerId = t('vouchers.profiles.chooseRouter');
    return out;
  };
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: EMPTY,
    validate: (v) => {
      const errors = explain(base(v));
      if (v.expiry !== 'never' && !v.validity.trim()) errors.validity = t('vouchers.profiles.validityRequired');
      return errors;
    },
  });
  const never = form.values.expiry === 'never';
  // 'router' only for a profile whose expiry already is the router's (adopted from Mikhmon): the app cannot put Mikhmon's script there.
  const owners: VoucherExpiry[] = profile?.expiry === 'router' ? ['app', 'router', 'never'] : ['app', 'never'];

  useEffect(() => {
    if (!opened) return;
    setError(null);
    form.setValues(profile ? fromDto(profile) : { ...EMPTY, routerId: routers.length === 1 ? routers[0]!.value : null });
    form.clearErrors();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reset when the modal opens or another profile is edited, not when the form object or router list changes
  }, [opened, profile]);

  const submit = form.onSubmit(async (v) => {
    setBusy(true);
    setError(null);
    try {
      const input = contract['vouchers.createProfile'].input.parse(toInput(v));
      onSaved(profile ? await call('vouchers.updateProfile', { ...input, id: profile.id }) : await call('vouchers.createProfile', input));
    } catch (err) {
      const errors = explain(issuesToErrors(apiIssues(err)));
      if (err instanceof ApiError && err.code === 'conflict') errors.profileName = t('vouchers.profiles.profileTaken');
      form.setErrors(errors);
      setError(err);
    } finally {
      setBusy(false);
    }
  });
  const field = (name: keyof Values) => ({ label: t(`vouchers.profiles.f.${name}`), description: t(`vouchers.profiles.f.${name}Hint`), ...form.getInputProps(name) });

  return (
    <Modal opened={opened} onClose={onClose} title={profile ? t('vouchers.profiles.editTitle', { name: profile.name }) : t('vouchers.profiles.createTitle')} size="xl" fullScreen={phone} data-testid="profile-form">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput withAsterisk data-autofocus {...field('name')} placeholder={t('vouchers.profiles.namePlaceholder')} data-testid="profile-name" />
            <Select<number> withAsterisk data={routers} disabled={!!profile} allowDeselect={false} {...field('routerId')} data-testid="profile-router" />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NumberInput withAsterisk {...rupiah} {...field('sellingPrice')} data-testid="profile-selling-price" />
            <NumberInput withAsterisk {...rupiah} {...field('price')} data-testid="profile-price" />
          </SimpleGrid>
          <Switch label={t('vouchers.profiles.f.online')} description={t('vouchers.profiles.f.onlineHint')} {...form.getInputProps('online', { type: 'checkbox' })} data-testid="profile-online" />
          <Radio.Group label={t('vouchers.owner.label')} {...form.getInputProps('expiry')} data-testid="profile-owner">
            <SimpleGrid cols={{ base: 1, sm: owners.length }} mt="xs">
              {owners.map((o) => (
                <Radio key={o} value={o} label={t(`vouchers.owner.${o}`)} description={t(`vouchers.owner.${o}Hint`)} data-testid={`profile-owner-${o}`} />
              ))}
            </SimpleGrid>
          </Radio.Group>
          <SimpleGrid cols={{ base: 1, sm: never ? 2 : 3 }}>
            {!never && <TextInput withAsterisk autoCapitalize="none" placeholder="1d" {...field('validity')} data-testid="profile-validity" />}
            <TextInput autoCapitalize="none" placeholder="3h" {...field('timeLimit')} data-testid="profile-time-limit" />
            <NumberInput min={1} max={10_000_000} allowDecimal={false} allowNegative={false} suffix=" MB" {...field('dataQuotaMb')} data-testid="profile-quota" />
          </SimpleGrid>
          <Text fw={600} size="sm" mt="xs">
            {t('vouchers.profiles.routerSection')}
          </Text>
          <Text size="xs" c="dimmed" mt={-8}>
            {t('vouchers.profiles.routerSectionHint')}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput withAsterisk autoCapitalize="none" placeholder="voucher-1hari" {...field('profileName')} data-testid="profile-router-profile" />
            <TextInput autoCapitalize="none" placeholder="2M/5M" {...field('rateLimit')} data-testid="profile-rate" />
            <NumberInput min={1} max={1000} allowDecimal={false} allowNegative={false} {...field('sharedUsers')} data-testid="profile-shared" />
            <TextInput autoCapitalize="none" {...field('hotspotServer')} data-testid="profile-server" />
            <TextInput autoCapitalize="none" placeholder="hs-pool" {...field('addressPool')} data-testid="profile-pool" />
          </SimpleGrid>
          <Switch label={t('vouchers.profiles.f.lockMac')} description={t('vouchers.profiles.f.lockMacHint')} {...form.getInputProps('lockMac', { type: 'checkbox' })} data-testid="profile-lock-mac" />
          {form.values.expiry === 'app' && (
          <Radio.Group label={t('vouchers.profiles.f.expiryAction')} {...form.getInputProps('expiryAction')} data-testid="profile-expiry">
            <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs">
              <Radio value="remove" label={t('vouchers.expiry.remove')} description={t('vouchers.expiry.removeHint')} data-testid="profile-expiry-remove" />
              <Radio value="disable" label={t('vouchers.expiry.disable')} description={t('vouchers.expiry.disableHint')} data-testid="profile-expiry-disable" />
            </SimpleGrid>
          </Radio.Group>
          )}
          <ErrorAlert error={error} />
          <Group justify="flex-end" mt="sm">
            <Button variant="subtle" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy} data-testid="profile-save">
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
