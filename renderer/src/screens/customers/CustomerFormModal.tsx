import { Autocomplete, Button, Checkbox, Group, Modal, NumberInput, Select, SimpleGrid, Stack, Switch, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { customerInputSchema, type CustomerDto, type CustomerInput } from '../../../../shared/contract';
import { call } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useCall } from '../../lib/useCall';
import { useIsPhone } from '../../lib/useIsPhone';
import { zodValidate } from '../../lib/validate';
import { useCan } from '../../store/session';
import { serverErrors } from './formErrors';

interface Values {
  name: string;
  phone: string;
  whatsapp: string;
  sameWa: boolean;
  waOptIn: boolean;
  address: string;
  area: string;
  idNumber: string;
  npwp: string;
  notes: string;
  lat: number | string;
  lng: number | string;
  collectorId: number | null;
}

const EMPTY: Values = { name: '', phone: '', whatsapp: '', sameWa: true, waOptIn: true, address: '', area: '', idNumber: '', npwp: '', notes: '', lat: '', lng: '', collectorId: null };
const FIELDS = ['name', 'phone', 'whatsapp', 'waOptIn', 'address', 'area', 'lat', 'lng', 'idNumber', 'npwp', 'notes', 'collectorId'];

const num = (v: number | string): number | null => (typeof v === 'number' ? v : v.trim() === '' ? null : Number(v));
const text = (v: string): string | null => (v.trim() === '' ? null : v.trim());

function toInput(v: Values): CustomerInput {
  return {
    name: v.name,
    phone: text(v.phone),
    whatsapp: v.sameWa ? text(v.phone) : text(v.whatsapp),
    waOptIn: v.waOptIn,
    address: v.address,
    area: v.area,
    lat: num(v.lat),
    lng: num(v.lng),
    idNumber: v.idNumber,
    npwp: v.npwp.trim(),
    notes: v.notes,
    collectorId: v.collectorId,
  };
}

function fromDto(c: CustomerDto): Values {
  return {
    name: c.name,
    phone: c.phone ?? '',
    whatsapp: c.whatsapp ?? '',
    sameWa: c.whatsapp === c.phone,
    waOptIn: c.waOptIn,
    address: c.address,
    area: c.area,
    idNumber: c.idNumber,
    npwp: c.npwp ?? '',
    notes: c.notes,
    lat: c.lat ?? '',
    lng: c.lng ?? '',
    collectorId: c.collectorId,
  };
}

const validate = zodValidate<Values>(customerInputSchema, { map: toInput });

/** Collectors to assign, only for someone who may see the users list; the current one is kept otherwise. */
function CollectorSelect({ value, onChange, error }: { value: number | null; onChange: (id: number | null) => void; error?: ReactNode }) {
  const { t } = useTranslation();
  const users = useCall('users.list', { role: 'collector', status: 'active' });
  return (
    <Select
      label={t('customers.form.collector')}
      description={t('customers.form.collectorHint')}
      placeholder={t('customers.form.collectorNone')}
      value={value ? String(value) : null}
      onChange={(v) => onChange(v ? Number(v) : null)}
      data={(users.data ?? []).map((u) => ({ value: String(u.id), label: u.fullName }))}
      clearable
      error={error}
      comboboxProps={{ withinPortal: true }}
      data-testid="customer-collector"
    />
  );
}

/** Add a customer, or change one's details. Server errors (an invalid phone number…) land on their field. */
export function CustomerFormModal({ opened, customer, onClose, onSaved }: { opened: boolean; customer: CustomerDto | null; onClose: () => void; onSaved: (c: CustomerDto) => void }) {
  const { t } = useTranslation();
  const phone = useIsPhone();
  const canUsers = useCan('users.read');
  const areas = useCall('customers.areas', {}, opened);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const form = useForm<Values>({ mode: 'controlled', initialValues: EMPTY, validate });

  useEffect(() => {
    if (!opened) return;
    setError(null);
    form.setValues(customer ? fromDto(customer) : EMPTY);
    form.clearErrors();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reset only when the modal opens (or its record changes), not when `form` (a new object each render) does
  }, [opened, customer]);

  const submit = form.onSubmit(async (v) => {
    setBusy(true);
    setError(null);
    try {
      const input = toInput(v);
      onSaved(customer ? await call('customers.update', { ...input, id: customer.id }) : await call('customers.create', input));
    } catch (err) {
      const { fields, alert } = serverErrors(err, FIELDS);
      form.setErrors(fields);
      setError(alert);
    } finally {
      setBusy(false);
    }
  });
  const v = form.getValues();

  return (
    <Modal opened={opened} onClose={onClose} title={customer ? t('customers.form.editTitle', { number: customer.number, name: customer.name }) : t('customers.form.createTitle')} size="lg" fullScreen={phone} data-testid="customer-form">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput label={t('customers.form.name')} withAsterisk data-autofocus {...form.getInputProps('name')} data-testid="customer-name" />
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            <TextInput label={t('customers.form.phone')} description={t('customers.form.phoneHint')} type="tel" inputMode="tel" {...form.getInputProps('phone')} data-testid="customer-phone-input" />
            <Stack gap={4}>
              <TextInput
                label={t('customers.form.whatsapp')}
                description={t('customers.form.whatsappHint')}
                type="tel"
                inputMode="tel"
                disabled={v.sameWa}
                {...form.getInputProps('whatsapp')}
                value={v.sameWa ? v.phone : v.whatsapp}
                data-testid="customer-whatsapp"
              />
              <Checkbox size="xs" label={t('customers.form.sameAsPhone')} {...form.getInputProps('sameWa', { type: 'checkbox' })} data-testid="customer-same-wa" />
            </Stack>
          </SimpleGrid>
          <Switch label={t('customers.form.waOptIn')} description={t('customers.form.waOptInHint')} {...form.getInputProps('waOptIn', { type: 'checkbox' })} data-testid="customer-wa-optin" />
          <Textarea label={t('customers.form.address')} autosize minRows={2} {...form.getInputProps('address')} data-testid="customer-address" />
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            <Autocomplete label={t('customers.form.area')} description={t('customers.form.areaHint')} data={areas.data ?? []} comboboxProps={{ withinPortal: true }} {...form.getInputProps('area')} data-testid="customer-area" />
            <TextInput label={t('customers.form.idNumber')} description={t('customers.form.idNumberHint')} inputMode="numeric" {...form.getInputProps('idNumber')} data-testid="customer-idnumber" />
          </SimpleGrid>
          <TextInput label={t('customers.form.npwp')} description={t('customers.form.npwpHint')} placeholder="01.234.567.8-901.000" inputMode="numeric" maxLength={30} {...form.getInputProps('npwp')} data-testid="customer-npwp" />
          {canUsers && <CollectorSelect value={v.collectorId} onChange={(id) => form.setFieldValue('collectorId', id)} error={form.errors.collectorId} />}
          <div>
            <Text size="sm" fw={500}>
              {t('customers.form.location')}
            </Text>
            <Text size="xs" c="dimmed" mb={4}>
              {t('customers.form.locationHint')}
            </Text>
            <SimpleGrid cols={2} spacing="sm">
              <NumberInput aria-label={t('customers.form.lat')} placeholder={t('customers.form.lat')} decimalScale={7} min={-90} max={90} hideControls {...form.getInputProps('lat')} data-testid="customer-lat" />
              <NumberInput aria-label={t('customers.form.lng')} placeholder={t('customers.form.lng')} decimalScale={7} min={-180} max={180} hideControls {...form.getInputProps('lng')} data-testid="customer-lng" />
            </SimpleGrid>
          </div>
          <Textarea label={t('customers.form.notes')} autosize minRows={2} {...form.getInputProps('notes')} data-testid="customer-notes" />
          <ErrorAlert error={error} testId="customer-form-error" />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy} data-testid="customer-save">
              {customer ? t('common.save') : t('customers.form.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
