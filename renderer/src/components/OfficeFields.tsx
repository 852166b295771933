import { Stack, Textarea, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { LogoInput } from './LogoInput';

/** Office name, address, phone, NPWP and logo; used by the setup wizard (prefix `office.`) and the settings tab. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- shared by two forms with different value shapes (setup nests it under `office.`); Mantine's form type is invariant in its values
export function OfficeFields({ form, prefix = '' }: { form: UseFormReturnType<any>; prefix?: string }) {
  const { t } = useTranslation();
  const p = (k: string) => `${prefix}${k}`;
  const logo = (prefix ? form.getValues().office?.logo : form.getValues().logo) as string | null;
  return (
    <Stack gap="sm">
      <TextInput label={t('office.name')} description={t('office.nameHint')} withAsterisk {...form.getInputProps(p('name'))} data-testid="office-name-input" />
      <Textarea label={t('office.address')} autosize minRows={2} {...form.getInputProps(p('address'))} data-testid="office-address-input" />
      <TextInput label={t('office.phone')} placeholder="0812…" inputMode="tel" {...form.getInputProps(p('phone'))} data-testid="office-phone-input" />
      <TextInput label={t('office.npwp')} description={t('office.npwpHint')} placeholder="01.234.567.8-901.000" inputMode="numeric" maxLength={30} {...form.getInputProps(p('npwp'))} data-testid="office-npwp-input" />
      <LogoInput value={logo} onChange={(v) => form.setFieldValue(p('logo'), v)} error={form.errors[p('logo')]} />
    </Stack>
  );
}
