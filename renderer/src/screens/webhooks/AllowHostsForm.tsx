import { TagsInput, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Settings } from '../../../../shared/settings';
import { GroupForm, useGroupForm } from '../settings/GroupForm';

/** Private hosts the office lets webhooks reach (settings group 'webhooks'), with why the rest are refused. */
export function AllowHostsForm({ value, onSaved }: { value: Settings['webhooks']; onSaved: (s: Settings) => void }) {
  const { t } = useTranslation();
  const form = useGroupForm('webhooks', value);
  return (
    <div data-testid="webhook-hosts">
      <Title order={4} mb={4}>
        {t('webhooks.hosts.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm" maw={640}>
        {t('webhooks.hosts.why')}
      </Text>
      <GroupForm group="webhooks" form={form} onSaved={onSaved}>
        <TagsInput
          label={t('webhooks.hosts.label')}
          description={t('webhooks.hosts.hint')}
          placeholder={t('webhooks.hosts.placeholder')}
          clearable
          splitChars={[',', ' ']}
          {...form.getInputProps('allowHosts')}
          error={form.errors.allowHosts ?? Object.entries(form.errors).find(([k]) => k.startsWith('allowHosts.'))?.[1]}
          data-testid="webhook-allow-hosts"
        />
      </GroupForm>
    </div>
  );
}
