import { Code, List, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { vouchersSettingsSchema, type Settings } from '../../../../shared/settings';
import { zodValidate } from '../../lib/validate';
import { GroupForm, type GroupProps } from './GroupForm';

type Values = Settings['vouchers'];
const base = zodValidate<Values>(vouchersSettingsSchema);

/** How routers report first logins to this app, and the login address printed on vouchers. */
export function VouchersTab({ value, onSaved }: GroupProps<'vouchers'>) {
  const { t } = useTranslation();
  // A wrong address is said in the clerk's words: what a web address looks like.
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: value,
    validate: (v) => Object.fromEntries(Object.keys(base(v)).map((k) => [k, t('vouchers.settings.urlInvalid')])),
  });
  return (
    <GroupForm group="vouchers" form={form} onSaved={onSaved}>
      <TextInput label={t('vouchers.settings.reportUrl')} description={t('vouchers.settings.reportUrlHint')} placeholder="http://192.168.88.10:8090" autoCapitalize="none" {...form.getInputProps('reportUrl')} data-testid="vouchers-report-url" />
      <List size="sm" c="dimmed" spacing={4}>
        <List.Item>{t('vouchers.settings.reportUrlLan')}</List.Item>
        <List.Item>{t('vouchers.settings.reportUrlEmpty')}</List.Item>
        <List.Item>{t('vouchers.settings.reportUrlApply')}</List.Item>
      </List>
      <TextInput label={t('vouchers.settings.loginUrl')} description={t('vouchers.settings.loginUrlHint')} placeholder="http://hotspot.rt05.net/login" autoCapitalize="none" {...form.getInputProps('loginUrl')} data-testid="vouchers-login-url" />
      <Text size="sm" c="dimmed">
        {t('vouchers.settings.loginUrlExample')} <Code>http://10.5.50.1/login</Code>
      </Text>
    </GroupForm>
  );
}
