import { Alert, Code, List, NumberInput, Radio, SegmentedControl, Stack, Switch, TagsInput, Text, TextInput } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { LanguageSelect } from '../../components/LanguageSelect';
import { OfficeFields } from '../../components/OfficeFields';
import { TimezoneSelect } from '../../components/TimezoneSelect';
import { GroupForm, NARROW, useGroupForm, type GroupProps } from './GroupForm';

export function OfficeTab({ value, onSaved }: GroupProps<'office'>) {
  const form = useGroupForm('office', value);
  return (
    <GroupForm group="office" form={form} onSaved={onSaved}>
      <OfficeFields form={form} />
    </GroupForm>
  );
}

export function LocaleTab({ value, onSaved }: GroupProps<'locale'>) {
  const { t } = useTranslation();
  const form = useGroupForm('locale', value);
  const v = form.getValues();
  return (
    <GroupForm group="locale" form={form} onSaved={onSaved}>
      <LanguageSelect label={t('locale.officeLanguage')} description={t('locale.officeLanguageHint')} value={v.language} onChange={(l) => form.setFieldValue('language', l)} error={form.errors.language} testId="settings-language" />
      <TimezoneSelect value={v.timezone} onChange={(tz) => form.setFieldValue('timezone', tz)} error={form.errors.timezone} testId="settings-timezone" />
    </GroupForm>
  );
}

export function ListenerTab({ value, onSaved }: GroupProps<'server'>) {
  const { t } = useTranslation();
  const form = useGroupForm('server', value);
  const v = form.getValues();
  return (
    <GroupForm group="server" form={form} onSaved={onSaved}>
      <Alert color="yellow" variant="light" icon={<IconInfoCircle size={18} />} data-testid="listener-restart-note">
        {t('listener.restartNote')}
      </Alert>
      <Radio.Group label={t('listener.bind')} value={v.bind} onChange={(b) => form.setFieldValue('bind', b === 'lan' ? 'lan' : 'loopback')} data-testid="listener-bind">
        <Stack gap="sm" mt="xs">
          <Radio value="loopback" label={t('listener.loopback')} description={t('listener.loopbackHint')} data-testid="listener-bind-loopback" />
          <Radio value="lan" label={t('listener.lan')} description={t('listener.lanHint')} data-testid="listener-bind-lan" />
        </Stack>
      </Radio.Group>
      <NumberInput label={t('listener.port')} description={t('listener.portHint')} min={1024} max={65535} allowDecimal={false} allowNegative={false} thousandSeparator={false} styles={NARROW} {...form.getInputProps('port')} data-testid="listener-port" />
      {v.bind === 'lan' && (
        <Text size="sm">
          {t('listener.lanAddress')} <Code>http://&lt;{t('listener.pcAddress')}&gt;:{String(v.port)}</Code>
        </Text>
      )}
      <Switch label={t('listener.behindProxy')} description={t('listener.behindProxyHint')} {...form.getInputProps('behindProxy', { type: 'checkbox' })} data-testid="listener-behind-proxy" />
      <TagsInput
        label={t('listener.allowedHosts')}
        description={t('listener.allowedHostsHint')}
        placeholder={v.allowedHosts.length ? undefined : 'billing.rt05.net'}
        maxTags={10}
        splitChars={[',', ' ']}
        value={v.allowedHosts}
        onChange={(hosts) => form.setFieldValue('allowedHosts', hosts.map((h) => h.trim().toLowerCase()).filter(Boolean))}
        error={form.errors.allowedHosts ?? Object.entries(form.errors).find(([k]) => k.startsWith('allowedHosts.'))?.[1]}
        maw={520}
        data-testid="listener-allowed-hosts"
      />
    </GroupForm>
  );
}

export function UpdatesTab({ value, onSaved }: GroupProps<'update'>) {
  const { t } = useTranslation();
  const form = useGroupForm('update', value);
  const v = form.getValues();
  return (
    <GroupForm group="update" form={form} onSaved={onSaved}>
      <Switch label={t('updates.enabled')} description={t('updates.enabledHint')} {...form.getInputProps('enabled', { type: 'checkbox' })} data-testid="updates-enabled" />
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          {t('updates.channel')}
        </Text>
        <SegmentedControl
          w="fit-content"
          value={v.channel}
          onChange={(c) => form.setFieldValue('channel', c === 'beta' ? 'beta' : 'latest')}
          data={[
            { value: 'latest', label: t('updates.latest') },
            { value: 'beta', label: t('updates.beta') },
          ]}
          data-testid="updates-channel"
        />
        <Text size="xs" c="dimmed">
          {t('updates.channelHint')}
        </Text>
      </Stack>
      <TextInput label={t('updates.url')} description={t('updates.urlHint')} placeholder="https://…" {...form.getInputProps('url')} data-testid="updates-url" />
    </GroupForm>
  );
}

export function SecurityTab({ value, onSaved }: GroupProps<'security'>) {
  const { t } = useTranslation();
  const form = useGroupForm('security', value);
  return (
    <GroupForm group="security" form={form} onSaved={onSaved}>
      <NumberInput label={t('security.idle')} description={t('security.idleHint')} min={5} max={10080} allowDecimal={false} allowNegative={false} suffix={` ${t('common.minutes')}`} styles={NARROW} {...form.getInputProps('sessionIdleMinutes')} data-testid="security-idle" />
      <NumberInput label={t('security.lockout')} description={t('security.lockoutHint')} min={1} max={1440} allowDecimal={false} allowNegative={false} suffix={` ${t('common.minutes')}`} styles={NARROW} {...form.getInputProps('lockoutMinutes')} data-testid="security-lockout" />
      <List size="sm" c="dimmed">
        <List.Item>{t('security.note')}</List.Item>
      </List>
    </GroupForm>
  );
}
