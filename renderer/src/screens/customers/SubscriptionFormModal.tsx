import { Alert, Button, Group, Modal, NumberInput, SegmentedControl, Select, SimpleGrid, Stack, Switch, Text, TextInput } from '@mantine/core';
import { IconCalendarClock } from '@tabler/icons-react';
import { useForm } from '@mantine/form';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { contract, subscriptionCreateSchema, type CustomerDto, type PlanDto, type SubscriptionDto } from '../../../../shared/contract';
import { call } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLanguage } from '../../i18n';
import { formatRupiah } from '../../lib/format';
import { randomPassword } from '../../lib/password';
import { useCall } from '../../lib/useCall';
import { useIsPhone } from '../../lib/useIsPhone';
import { zodValidate } from '../../lib/validate';
import { useCan, useTimezone } from '../../store/session';
import { bpToPercent, formatLocalDate, todayIn } from '../invoices/money';
import { serverErrors } from './formErrors';
import { addDays, MAX_DAYS_AHEAD } from './SubscriptionActionModal';

type Cycle = 1 | 3 | 6 | 12;
const CYCLES: Cycle[] = [1, 3, 6, 12];
const cycleOf = (v: string): Cycle => (CYCLES as number[]).includes(Number(v)) ? (Number(v) as Cycle) : 1;

interface Values {
  planId: string | null;
  routerId: string | null;
  username: string;
  password: string;
  installDate: string;
  anchor: 'fixed' | 'anniversary';
  anchorDay: number | string;
  dueDays: number | string;
  graceDays: number | string;
  discount: number | string;
  installFee: number | string;
  activate: boolean;
  billingMode: 'postpaid' | 'prepaid';
  /** '1', '3', '6' or '12' (as the segmented control holds it). */
  cycleMonths: string;
}

const FIELDS = ['planId', 'routerId', 'username', 'password', 'installDate', 'anchor', 'anchorDay', 'dueDays', 'graceDays', 'discount', 'installFee', 'billingMode', 'cycleMonths'];
const int = (v: number | string): number => (typeof v === 'number' ? v : v.trim() === '' ? NaN : Number(v));

/** A PPPoE username to start from: the first name and the digits of the customer number ("budi00012"). */
export function suggestUsername(c: CustomerDto): string {
  const first = (c.name.toLowerCase().normalize('NFKD').match(/[a-z0-9]+/g) ?? ['user'])[0] ?? 'user';
  return `${first.slice(0, 20)}${c.number.replace(/\D/g, '')}`;
}

const createInput = (v: Values, customerId: number) => ({
  customerId,
  planId: Number(v.planId),
  routerId: Number(v.routerId),
  username: v.username,
  password: v.password,
  installDate: v.installDate,
  anchor: v.anchor,
  anchorDay: int(v.anchorDay),
  dueDays: int(v.dueDays),
  graceDays: int(v.graceDays),
  discount: int(v.discount),
  installFee: int(v.installFee),
  activate: v.activate,
  billingMode: v.billingMode,
  cycleMonths: cycleOf(v.cycleMonths),
});
/** The package length can change only while pending: left out (unchanged) after activation. */
const updateInput = (v: Values, sub: SubscriptionDto) => ({
  id: sub.id,
  password: v.password,
  anchor: v.anchor,
  anchorDay: int(v.anchorDay),
  dueDays: int(v.dueDays),
  graceDays: int(v.graceDays),
  discount: int(v.discount),
  billingMode: v.billingMode,
  ...(sub.status === 'pending' ? { cycleMonths: cycleOf(v.cycleMonths) } : {}),
});

/**
 * What one invoice of a package comes to: the monthly price times the months, less the package discount
 * and the subscription's own monthly discount (the server's arithmetic: the discount rounded to the rupiah).
 */
function PackagePrice({ plan, months, bp, discount, firstDays, taxIncluded }: { plan: Pick<PlanDto, 'name' | 'price' | 'taxRateBp'> | null; months: Cycle; bp: number; discount: number; firstDays: boolean; taxIncluded: boolean | null }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const rp = (n: number) => formatRupiah(n, lang);
  if (months === 1) return null;
  if (!plan)
    return (
      <Text size="xs" c="dimmed" data-testid="sub-package-price">
        {t('customers.subs.packagePickPlan')}
      </Text>
    );
  const gross = plan.price * months;
  const cycle = Math.round((gross * bp) / 10_000);
  const monthly = Math.max(0, discount) * months;
  const parts = [t('customers.subs.packageGross', { price: rp(plan.price), months, gross: rp(gross) })];
  if (cycle > 0) parts.push(t('customers.subs.packageCycleDiscount', { rate: bpToPercent(bp, lang), amount: rp(cycle) }));
  if (monthly > 0) parts.push(t('customers.subs.packageDiscount', { amount: rp(monthly) }));
  // PPN on top of the package price, or already in it (office setting; unknown without settings access).
  const tax = plan.taxRateBp > 0 && taxIncluded !== null ? ` (${taxIncluded ? t('customers.subs.packageTaxIncluded') : t('customers.subs.packageTaxAdded', { rate: bpToPercent(plan.taxRateBp, lang) })})` : '';
  return (
    <div data-testid="sub-package-price" data-total={gross - cycle - monthly}>
      <Text size="sm" fw={600}>
        {t('customers.subs.packageTotal', { total: rp(gross - cycle - monthly), months })}
        {tax}
      </Text>
      <Text size="xs" c="dimmed">
        {parts.join(' · ')}
      </Text>
      {bp === 0 && (
        <Text size="xs" c="dimmed">
          {t('customers.subs.packageNoDiscount', { plan: plan.name, months })}
        </Text>
      )}
      {firstDays && (
        <Text size="xs" c="dimmed">
          {t('customers.subs.packageFirst')}
        </Text>
      )}
    </div>
  );
}

type Props = { opened: boolean; customer: CustomerDto; subscription: SubscriptionDto | null; onClose: () => void; onSaved: (s: SubscriptionDto) => void };

/** Add a PPPoE subscription (plan, router, account, billing terms), or change the terms and password of one. */
export function SubscriptionFormModal({ opened, customer, subscription: sub, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const phone = useIsPhone();
  const lang = useLanguage();
  const tz = useTimezone();
  const editing = sub !== null;
  // Plans also when editing: a pending subscription's package discount comes from its plan.
  const plans = useCall('plans.list', { includeArchived: !!sub }, opened);
  const routers = useCall('routers.list', {}, opened && !editing);
  const canSettings = useCan('settings.read');
  const settings = useCall('settings.get', {}, opened && canSettings);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { planId: null, routerId: null, username: '', password: '', installDate: '', anchor: 'fixed', anchorDay: 1, dueDays: 10, graceDays: 3, discount: 0, installFee: 0, activate: true, billingMode: 'postpaid', cycleMonths: '1' },
    validate: (v) => {
      if (sub) return zodValidate<Values>(contract['subscriptions.update'].input, { map: (x) => updateInput(x, sub) })(v);
      const errors = zodValidate<Values>(subscriptionCreateSchema, { map: (x) => createInput(x, customer.id) })(v);
      // An activation can be scheduled at most a year ahead.
      const max = addDays(todayIn(tz), MAX_DAYS_AHEAD);
      if (!errors.installDate && v.activate && v.installDate > max) errors.installDate = t('customers.subs.tooFarAhead', { max: formatLocalDate(max, lang) });
      return errors;
    },
  });

  const b = settings.data?.billing;
  useEffect(() => {
    if (!opened) return;
    setError(null);
    form.clearErrors();
    if (sub) form.setValues({ ...sub, planId: String(sub.planId), routerId: String(sub.routerId), activate: false, cycleMonths: String(sub.cycleMonths) });
    else
      form.setValues({
        planId: null,
        routerId: null,
        username: suggestUsername(customer),
        password: randomPassword(8),
        installDate: todayIn(tz),
        anchor: 'fixed',
        anchorDay: b?.anchorDay ?? 1,
        dueDays: b?.dueDays ?? 10,
        graceDays: b?.graceDays ?? 3,
        discount: 0,
        installFee: 0,
        activate: true,
        billingMode: 'postpaid',
        cycleMonths: '1',
      });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reset only when the modal opens (or its subscription changes): later settings/customer/time must not wipe input
  }, [opened, sub]);

  // The office's default terms and its only router, once they arrive, unless the clerk changed them already.
  useEffect(() => {
    if (!opened || sub || !b) return;
    for (const k of ['anchorDay', 'dueDays', 'graceDays'] as const) if (!form.isDirty(k)) form.setFieldValue(k, b[k]);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- apply the office's terms once they arrive; `form` is a new object each render
  }, [opened, sub, b]);
  const onlyRouter = routers.data?.length === 1 ? String(routers.data[0]!.id) : null;
  useEffect(() => {
    if (opened && !sub && onlyRouter && form.getValues().routerId === null) form.setFieldValue('routerId', onlyRouter);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- preselect the only router once the list arrives; `form` is a new object each render
  }, [opened, sub, onlyRouter]);

  const submit = form.onSubmit(async (v) => {
    setBusy(true);
    setError(null);
    try {
      onSaved(sub ? await call('subscriptions.update', updateInput(v, sub)) : await call('subscriptions.create', createInput(v, customer.id)));
    } catch (err) {
      const { fields, alert } = serverErrors(err, FIELDS);
      form.setErrors(fields);
      setError(alert);
    } finally {
      setBusy(false);
    }
  });
  const v = form.getValues();
  const anchorLocked = sub !== null && sub.status !== 'pending';
  // The package length is fixed at activation, as the billing day.
  const cycleLocked = anchorLocked;
  const today = todayIn(tz);
  const futureInstall = !editing && /^\d{4}-\d{2}-\d{2}$/.test(v.installDate) && v.installDate > today;
  const scheduledActivation = futureInstall && v.activate;
  const months = cycleOf(v.cycleMonths);
  const plan = (plans.data ?? []).find((p) => String(p.id) === v.planId) ?? null;
  // After activation the package discount is the subscription's own (fixed then); before, the plan's.
  const bp = sub && sub.status !== 'pending' ? sub.cycleDiscountBp : plan && months > 1 ? (plan.cycleDiscounts[String(months) as '3' | '6' | '12'] ?? 0) : 0;
  const lead = b?.prepaidLeadDays;
  const dueNumber = int(v.dueDays);
  const modeHint =
    v.billingMode === 'prepaid'
      ? lead
        ? t('customers.subs.modePrepaidHint', { lead })
        : t('customers.subs.modePrepaidHintNoLead')
      : t('customers.subs.modePostpaidHint', { due: Number.isFinite(dueNumber) ? dueNumber : '…' });
  const rp = (n: number) => formatRupiah(n, lang);
  const money = { min: 0, max: 1_000_000_000, allowDecimal: false, allowNegative: false, thousandSeparator: '.', decimalSeparator: ',', prefix: 'Rp ' } as const;

  return (
    <Modal opened={opened} onClose={onClose} title={sub ? t('customers.subs.editTitle', { username: sub.username }) : t('customers.subs.createTitle', { name: customer.name })} size="lg" fullScreen={phone} data-testid="sub-form">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {sub ? (
            <Text size="sm" c="dimmed">
              {t('customers.subs.editIntro', { plan: sub.planName, router: sub.routerName })}
            </Text>
          ) : (
            <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
              <Select label={t('customers.subs.plan')} withAsterisk data={(plans.data ?? []).map((p) => ({ value: String(p.id), label: `${p.name} — ${rp(p.price)}` }))} searchable comboboxProps={{ withinPortal: true }} nothingFoundMessage={t('customers.subs.noPlans')} {...form.getInputProps('planId')} data-testid="sub-plan" />
              <Select label={t('customers.subs.router')} withAsterisk data={(routers.data ?? []).map((r) => ({ value: String(r.id), label: r.name }))} comboboxProps={{ withinPortal: true }} nothingFoundMessage={t('customers.subs.noRouters')} {...form.getInputProps('routerId')} data-testid="sub-router" />
            </SimpleGrid>
          )}
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            <TextInput label={t('customers.subs.username')} description={t('customers.subs.usernameHint')} withAsterisk disabled={editing} autoCapitalize="none" styles={{ input: { fontFamily: 'monospace' } }} {...form.getInputProps('username')} data-testid="sub-username" />
            <Group align="flex-end" gap="xs" wrap="nowrap">
              <TextInput style={{ flex: 1 }} label={t('customers.subs.password')} description={t('customers.subs.passwordHint')} withAsterisk autoComplete="off" styles={{ input: { fontFamily: 'monospace' } }} {...form.getInputProps('password')} data-testid="sub-password" />
              <Button variant="default" onClick={() => form.setFieldValue('password', randomPassword(8))} data-testid="sub-password-generate">
                {t('customers.subs.generate')}
              </Button>
            </Group>
          </SimpleGrid>
          {!editing && <TextInput type="date" label={t('customers.subs.installDate')} description={t('customers.subs.installDateHint')} withAsterisk {...form.getInputProps('installDate')} data-testid="sub-install-date" />}
          {scheduledActivation && !form.errors.installDate && (
            <Alert color="blue" variant="light" p="xs" icon={<IconCalendarClock size={20} />} data-testid="sub-activation-scheduled">
              <Text size="sm">{t('customers.subs.installFuture', { date: formatLocalDate(v.installDate, lang) })}</Text>
            </Alert>
          )}
          <div>
            <Text size="sm" fw={500}>
              {t('customers.subs.billingMode')}
            </Text>
            <SegmentedControl
              fullWidth={phone}
              value={v.billingMode}
              onChange={(m) => form.setFieldValue('billingMode', m === 'prepaid' ? 'prepaid' : 'postpaid')}
              data={[
                { value: 'postpaid', label: t('customers.subs.modePostpaid') },
                { value: 'prepaid', label: t('customers.subs.modePrepaid') },
              ]}
              my={4}
              data-testid="sub-billing-mode"
            />
            <Text size="xs" c="dimmed" data-testid="sub-billing-mode-hint">
              {modeHint}
              {anchorLocked && ` ${t('customers.subs.modeEditHint')}`}
            </Text>
          </div>
          <div>
            <Text size="sm" fw={500}>
              {t('customers.subs.cycle')}
            </Text>
            <Text size="xs" c="dimmed">
              {cycleLocked ? t('customers.subs.cycleLocked') : t('customers.subs.cycleHint')}
            </Text>
            <SegmentedControl
              fullWidth={phone}
              disabled={cycleLocked}
              value={v.cycleMonths}
              onChange={(m) => form.setFieldValue('cycleMonths', m)}
              data={CYCLES.map((c) => ({ value: String(c), label: t(`customers.subs.cycles.${c}`) }))}
              my={4}
              data-testid="sub-cycle"
            />
            {form.errors.cycleMonths && (
              <Text size="xs" c="red">
                {form.errors.cycleMonths}
              </Text>
            )}
            <PackagePrice plan={plan} months={months} bp={bp} discount={int(v.discount) || 0} firstDays={!anchorLocked} taxIncluded={b ? b.pricesIncludeTax : null} />
          </div>
          <div>
            <Text size="sm" fw={500}>
              {t('customers.subs.anchor')}
            </Text>
            <Text size="xs" c="dimmed" mb={4}>
              {anchorLocked ? t('customers.subs.anchorLocked') : t('customers.subs.anchorHint')}
            </Text>
            <Group gap="sm" align="center">
              <SegmentedControl disabled={anchorLocked} value={v.anchor} onChange={(a) => form.setFieldValue('anchor', a === 'anniversary' ? 'anniversary' : 'fixed')} data={[{ value: 'fixed', label: t('customers.subs.anchorFixed') }, { value: 'anniversary', label: t('customers.subs.anchorAnniversary') }]} data-testid="sub-anchor" />
              {v.anchor === 'fixed' && <NumberInput disabled={anchorLocked} aria-label={t('customers.subs.anchorDay')} leftSection={<Text size="xs">{t('customers.subs.dayPrefix')}</Text>} leftSectionWidth={70} min={1} max={28} allowDecimal={false} w={140} {...form.getInputProps('anchorDay')} data-testid="sub-anchor-day" />}
            </Group>
            {form.errors.anchorDay && <Text size="xs" c="red">{form.errors.anchorDay}</Text>}
          </div>
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            <NumberInput label={t('customers.subs.dueDays')} description={v.billingMode === 'prepaid' ? t('customers.subs.dueDaysPrepaidHint') : t('customers.subs.dueDaysHint')} disabled={v.billingMode === 'prepaid'} min={0} max={60} allowDecimal={false} suffix={` ${t('customers.subs.daysUnit')}`} {...form.getInputProps('dueDays')} data-testid="sub-due-days" />
            <NumberInput label={t('customers.subs.graceDays')} description={t('customers.subs.graceDaysHint')} min={0} max={60} allowDecimal={false} suffix={` ${t('customers.subs.daysUnit')}`} {...form.getInputProps('graceDays')} data-testid="sub-grace-days" />
            <NumberInput label={t('customers.subs.discount')} description={sub && sub.status !== 'pending' ? t('customers.subs.discountEditHint') : t('customers.subs.discountHint')} {...money} {...form.getInputProps('discount')} data-testid="sub-discount" />
            {!editing && <NumberInput label={t('customers.subs.installFee')} description={t('customers.subs.installFeeHint')} {...money} {...form.getInputProps('installFee')} data-testid="sub-install-fee" />}
          </SimpleGrid>
          {!editing && (
            <Switch
              label={futureInstall ? t('customers.subs.activateOnDate') : t('customers.subs.activateNow')}
              description={futureInstall ? t('customers.subs.activateOnDateHint', { date: formatLocalDate(v.installDate, lang) }) : t('customers.subs.activateNowHint')}
              {...form.getInputProps('activate', { type: 'checkbox' })}
              data-testid="sub-activate"
            />
          )}
          <ErrorAlert error={error} testId="sub-form-error" />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy} data-testid="sub-save">
              {sub ? t('common.save') : scheduledActivation ? t('customers.subs.createSchedule') : v.activate ? t('customers.subs.createActivate') : t('customers.subs.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
