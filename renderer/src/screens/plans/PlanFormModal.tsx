import { Button, Group, Modal, NumberInput, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { contract, type CycleDiscounts, type PlanDto } from '../../../../shared/contract';
import { ApiError, call } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLanguage } from '../../i18n';
import { formatRupiah } from '../../lib/format';
import { apiIssues, issuesToErrors } from '../../lib/errors';
import { customIssue, zodValidate } from '../../lib/validate';
import { bpToPercent, percentToBp } from '../invoices/money';

interface Values {
  name: string;
  price: number | '';
  /** As typed: "11" or "11,5". */
  taxRate: string;
  profileName: string;
  rateLimit: string;
  localAddress: string;
  remoteAddress: string;
  /** Package discounts as typed percentages ("" = none). */
  disc3: string;
  disc6: string;
  disc12: string;
}

const PACKAGES = [3, 6, 12] as const;
type DiscField = `disc${(typeof PACKAGES)[number]}`;
const discField = (m: (typeof PACKAGES)[number]): DiscField => `disc${m}`;

const EMPTY: Values = { name: '', price: '', taxRate: '0', profileName: '', rateLimit: '', localAddress: '', remoteAddress: '', disc3: '', disc6: '', disc12: '' };
/** The typed package discounts as basis points; empty or 0 leaves a length out (no discount). */
function cycleDiscountsOf(v: Values): CycleDiscounts {
  const out: CycleDiscounts = {};
  for (const m of PACKAGES) {
    const bp = v[discField(m)].trim() === '' ? 0 : (percentToBp(v[discField(m)]) ?? 0);
    if (bp > 0) out[String(m) as '3' | '6' | '12'] = bp;
  }
  return out;
}
const discInvalid = (text: string) => text.trim() !== '' && percentToBp(text) === null;
const toInput = (v: Values) => ({ ...v, price: v.price === '' ? undefined : v.price, taxRateBp: percentToBp(v.taxRate) ?? 0, taxRate: undefined, cycleDiscounts: cycleDiscountsOf(v), disc3: undefined, disc6: undefined, disc12: undefined });
/** Fields whose rule is a pattern: say what is allowed rather than zod's "invalid format". */
const PATTERN_FIELDS = ['profileName', 'rateLimit', 'localAddress', 'remoteAddress'] as const;

/** Add or edit a plan (paket): price in whole rupiah, tax as a percentage, and what the router gets. */
export function PlanFormModal({ opened, plan, onClose, onSaved }: { opened: boolean; plan: PlanDto | null; onClose: () => void; onSaved: (p: PlanDto) => void }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const base = zodValidate<Values>(contract['plans.create'].input, {
    map: toInput,
    extra: (v) => [...(percentToBp(v.taxRate) === null ? [customIssue('taxRate')] : []), ...PACKAGES.filter((m) => discInvalid(v[discField(m)])).map((m) => customIssue(discField(m)))],
  });
  const explain = (errors: Record<string, ReactNode>) => {
    const out = { ...errors };
    for (const f of PATTERN_FIELDS) if (out[f]) out[f] = t(`billing.plans.patterns.${f}`);
    if (out.taxRate || out.taxRateBp) out.taxRate = t('billing.plans.taxInvalid');
    for (const m of PACKAGES) if (out[discField(m)] || out[`cycleDiscounts.${m}`]) out[discField(m)] = t('billing.plans.cycleDiscountInvalid');
    return out;
  };
  const form = useForm<Values>({ mode: 'controlled', initialValues: EMPTY, validate: (v) => explain(base(v)) });

  useEffect(() => {
    if (!opened) return;
    setError(null);
    const disc = (m: (typeof PACKAGES)[number]) => {
      const bp = plan?.cycleDiscounts[String(m) as '3' | '6' | '12'];
      return bp ? bpToPercent(bp, lang) : '';
    };
    form.setValues(plan ? { ...plan, taxRate: bpToPercent(plan.taxRateBp, lang), disc3: disc(3), disc6: disc(6), disc12: disc(12) } : EMPTY);
    form.clearErrors();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reset only when the modal opens (or its record changes), not when `form` (a new object each render) does
  }, [opened, plan]);

  const submit = form.onSubmit(async (v) => {
    setBusy(true);
    setError(null);
    try {
      const input = { name: v.name, price: Number(v.price), taxRateBp: percentToBp(v.taxRate) ?? 0, profileName: v.profileName, rateLimit: v.rateLimit, localAddress: v.localAddress, remoteAddress: v.remoteAddress, cycleDiscounts: cycleDiscountsOf(v) };
      onSaved(plan ? await call('plans.update', { ...input, id: plan.id }) : await call('plans.create', input));
    } catch (err) {
      const errors = explain(issuesToErrors(apiIssues(err)));
      if (err instanceof ApiError && err.code === 'conflict' && err.details?.field === 'name') errors.name = t('billing.plans.nameTaken');
      if (err instanceof ApiError && err.code === 'billing.profile_taken') errors.profileName = t('errors.billing.profile_taken');
      form.setErrors(errors);
      setError(err);
    } finally {
      setBusy(false);
    }
  });

  const v = form.getValues();
  const price = typeof v.price === 'number' ? v.price : Number(v.price);
  /** "Rp 1.800.000 jadi Rp 1.620.000" under a package discount, once the price and percentage read. */
  const preview = (m: (typeof PACKAGES)[number]) => {
    const text = v[discField(m)];
    const bp = text.trim() === '' ? 0 : percentToBp(text);
    if (!Number.isFinite(price) || price <= 0 || bp === null) return undefined;
    const gross = price * m;
    if (bp === 0) return t('billing.plans.cycleDiscountNone');
    return t('billing.plans.cycleDiscountPreview', { gross: formatRupiah(gross, lang), total: formatRupiah(gross - Math.round((gross * bp) / 10_000), lang) });
  };

  return (
    <Modal opened={opened} onClose={onClose} title={plan ? t('billing.plans.editTitle', { name: plan.name }) : t('billing.plans.createTitle')} size="lg" data-testid="plan-form">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <TextInput label={t('billing.plans.name')} description={t('billing.plans.nameHint')} withAsterisk data-autofocus {...form.getInputProps('name')} data-testid="plan-name" />
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <NumberInput
              label={t('billing.plans.price')}
              description={t('billing.plans.priceHint')}
              withAsterisk
              prefix="Rp "
              thousandSeparator={lang === 'id' ? '.' : ','}
              decimalSeparator={lang === 'id' ? ',' : '.'}
              allowDecimal={false}
              allowNegative={false}
              hideControls
              {...form.getInputProps('price')}
              data-testid="plan-price"
            />
            <TextInput label={t('billing.plans.tax')} description={t('billing.plans.taxHint')} rightSection={<Text size="sm">%</Text>} inputMode="decimal" {...form.getInputProps('taxRate')} data-testid="plan-tax" />
          </SimpleGrid>
          <Text fw={600} size="sm" mt="xs">
            {t('billing.plans.routerSection')}
          </Text>
          <Text size="xs" c="dimmed" mt={-8}>
            {t('billing.plans.routerSectionHint')}
          </Text>
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <TextInput label={t('billing.plans.profile')} description={t('billing.plans.profileHint')} withAsterisk autoCapitalize="none" {...form.getInputProps('profileName')} data-testid="plan-profile" />
            <TextInput label={t('billing.plans.rateLimit')} description={t('billing.plans.rateLimitHint')} placeholder="10M/10M" autoCapitalize="none" {...form.getInputProps('rateLimit')} data-testid="plan-rate" />
            <TextInput label={t('billing.plans.localAddress')} description={t('billing.plans.localAddressHint')} placeholder="10.10.0.1" autoCapitalize="none" {...form.getInputProps('localAddress')} data-testid="plan-local" />
            <TextInput label={t('billing.plans.remoteAddress')} description={t('billing.plans.remoteAddressHint')} placeholder="pool-pppoe" autoCapitalize="none" {...form.getInputProps('remoteAddress')} data-testid="plan-remote" />
          </SimpleGrid>
          <Text fw={600} size="sm" mt="xs">
            {t('billing.plans.cycleSection')}
          </Text>
          <Text size="xs" c="dimmed" mt={-8}>
            {t('billing.plans.cycleSectionHint')}
          </Text>
          <SimpleGrid cols={{ base: 1, xs: 3 }}>
            {PACKAGES.map((m) => (
              <TextInput
                key={m}
                label={t('billing.plans.cycleDiscount', { months: m })}
                description={preview(m) ?? ' '}
                placeholder="0"
                rightSection={<Text size="sm">%</Text>}
                inputMode="decimal"
                {...form.getInputProps(discField(m))}
                data-testid={`plan-disc-${m}`}
              />
            ))}
          </SimpleGrid>
          <ErrorAlert error={error} />
          <Group justify="flex-end" mt="sm">
            <Button variant="subtle" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy} data-testid="plan-save">
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
