import { Card, Group, NumberInput, Stack, Switch, TagsInput, Text, TextInput, Title } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { WaValues } from './WhatsAppTab';

const SHORT = { wrapper: { maxWidth: 160 } };

function Section({ title, intro, children }: { title: string; intro?: string; children: ReactNode }) {
  return (
    <Card withBorder padding="md">
      <Stack gap="sm">
        <div>
          <Title order={3} size="h5">
            {title}
          </Title>
          {intro && (
            <Text size="sm" c="dimmed" mt={2}>
              {intro}
            </Text>
          )}
        </div>
        {children}
      </Stack>
    </Card>
  );
}

/** A hint under a pair of fields (the fields keep their own labels). */
const Hint = ({ children }: { children: ReactNode }) => (
  <Text size="xs" c="dimmed" mt={-6}>
    {children}
  </Text>
);

/** How carefully messages go out (gaps, a daily limit, quiet hours), the reminders, and customers' replies; each with why. */
export function WaCareFields({ form }: { form: UseFormReturnType<WaValues> }) {
  const { t } = useTranslation();
  const v = form.getValues();
  const sec = ` ${t('whatsapp.settings.seconds')}`;
  const days = ` ${t('whatsapp.settings.days')}`;
  const num = { allowDecimal: false, allowNegative: false, thousandSeparator: false } as const;
  return (
    <>
      <Section title={t('whatsapp.settings.care')} intro={t('whatsapp.settings.careIntro')}>
        <Group gap="sm" align="flex-start">
          <NumberInput label={t('whatsapp.settings.minGap')} min={5} max={600} suffix={sec} styles={SHORT} {...num} {...form.getInputProps('minGapSeconds')} data-testid="wa-min-gap" />
          <NumberInput label={t('whatsapp.settings.maxGap')} min={5} max={1800} suffix={sec} styles={SHORT} {...num} {...form.getInputProps('maxGapSeconds')} data-testid="wa-max-gap" />
        </Group>
        <Hint>{t('whatsapp.settings.gapHint')}</Hint>
        <NumberInput label={t('whatsapp.settings.dailyCap')} description={t('whatsapp.settings.dailyCapHint')} min={1} max={5000} styles={{ wrapper: { maxWidth: 160 } }} {...num} {...form.getInputProps('dailyCap')} data-testid="wa-daily-cap" />
        <Group gap="sm" align="flex-start">
          <TextInput type="time" label={t('whatsapp.settings.quietStart')} styles={SHORT} {...form.getInputProps('quietStart')} data-testid="wa-quiet-start" />
          <TextInput type="time" label={t('whatsapp.settings.quietEnd')} styles={SHORT} {...form.getInputProps('quietEnd')} data-testid="wa-quiet-end" />
        </Group>
        <Hint>{v.quietStart === v.quietEnd ? t('whatsapp.settings.quietOff') : t('whatsapp.settings.quietHint')}</Hint>
      </Section>
      <Section title={t('whatsapp.settings.reminders')}>
        <NumberInput label={t('whatsapp.settings.daysBefore')} description={t('whatsapp.settings.daysBeforeHint')} min={0} max={30} suffix={days} styles={{ wrapper: { maxWidth: 160 } }} {...num} {...form.getInputProps('reminderDaysBefore')} data-testid="wa-days-before" />
        <Switch label={t('whatsapp.settings.onDue')} {...form.getInputProps('reminderOnDue', { type: 'checkbox' })} data-testid="wa-on-due" />
        <NumberInput label={t('whatsapp.settings.daysAfter')} description={t('whatsapp.settings.daysAfterHint')} min={0} max={60} suffix={days} styles={{ wrapper: { maxWidth: 160 } }} {...num} {...form.getInputProps('reminderDaysAfter')} data-testid="wa-days-after" />
      </Section>
      <Section title={t('whatsapp.settings.receipts')}>
        <Switch label={t('whatsapp.settings.receiptPdf')} description={t('whatsapp.settings.receiptPdfHint')} {...form.getInputProps('receiptPdf', { type: 'checkbox' })} data-testid="wa-receipt-pdf" />
      </Section>
      <Section title={t('whatsapp.settings.replies')}>
        <Switch label={t('whatsapp.settings.autoReply')} {...form.getInputProps('autoReply', { type: 'checkbox' })} data-testid="wa-auto-reply" />
        <TagsInput
          label={t('whatsapp.settings.keywords')}
          description={t('whatsapp.settings.keywordsHint')}
          value={v.keywords}
          onChange={(k) => form.setFieldValue('keywords', [...new Set(k.map((x) => x.trim().toUpperCase()).filter(Boolean))])}
          splitChars={[',', ' ']}
          maxTags={10}
          disabled={!v.autoReply}
          error={form.errors.keywords}
          data-testid="wa-keywords"
        />
        <Group gap="sm" align="flex-start" grow>
          <TextInput label={t('whatsapp.settings.stopWord')} description={t('whatsapp.settings.stopWordHint')} {...form.getInputProps('stopWord')} onChange={(e) => form.setFieldValue('stopWord', e.currentTarget.value.toUpperCase())} data-testid="wa-stop-word" />
          <TextInput label={t('whatsapp.settings.startWord')} description={t('whatsapp.settings.startWordHint')} {...form.getInputProps('startWord')} onChange={(e) => form.setFieldValue('startWord', e.currentTarget.value.toUpperCase())} data-testid="wa-start-word" />
        </Group>
      </Section>
    </>
  );
}
