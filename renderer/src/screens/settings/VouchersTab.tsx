import { Button, Code, Group, List, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconKey } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorText } from '../../lib/errors';
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
  const [rotating, setRotating] = useState(false);
  const rotate = async () => {
    try {
      const r = await call('vouchers.rotateReportTokens', {});
      notifications.show({ color: 'green', message: t('vouchers.settings.rotated', { routers: r.routers, profiles: r.profiles }) });
    } catch (err) {
      notifications.show({ color: 'red', message: <ErrorText error={err} /> });
    } finally {
      setRotating(false);
    }
  };
  return (
    <GroupForm group="vouchers" form={form} onSaved={onSaved}>
      <TextInput label={t('vouchers.settings.reportUrl')} description={t('vouchers.settings.reportUrlHint')} placeholder="http://192.168.88.10:8090" autoCapitalize="none" {...form.getInputProps('reportUrl')} data-testid="vouchers-report-url" />
      <List size="sm" c="dimmed" spacing={4}>
        <List.Item>{t('vouchers.settings.reportUrlLan')}</List.Item>
        <List.Item>{t('vouchers.settings.reportUrlEmpty')}</List.Item>
        <List.Item>{t('vouchers.settings.reportUrlApply')}</List.Item>
      </List>
      {value.reportUrl && (
        <Group gap="sm" wrap="nowrap" align="center">
          <Button variant="default" size="xs" leftSection={<IconKey size={14} />} onClick={() => setRotating(true)} style={{ flexShrink: 0 }} data-testid="vouchers-rotate-token">
            {t('vouchers.settings.rotate')}
          </Button>
          <Text size="xs" c="dimmed">{t('vouchers.settings.rotateHint')}</Text>
        </Group>
      )}
      <ConfirmModal opened={rotating} title={t('vouchers.settings.rotateTitle')} body={t('vouchers.settings.rotateBody')} confirmLabel={t('vouchers.settings.rotate')} color="orange" onConfirm={rotate} onClose={() => setRotating(false)} />
      <TextInput label={t('vouchers.settings.loginUrl')} description={t('vouchers.settings.loginUrlHint')} placeholder="http://hotspot.rt05.net/login" autoCapitalize="none" {...form.getInputProps('loginUrl')} data-testid="vouchers-login-url" />
      <Text size="sm" c="dimmed">
        {t('vouchers.settings.loginUrlExample')} <Code>http://10.5.50.1/login</Code>
      </Text>
    </GroupForm>
  );
}
