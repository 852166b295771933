import { Radio, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { whatsappSettingsSchema, type Settings } from '../../../../shared/settings';
import { ErrorAlert } from '../../components/ErrorAlert';
import { issuesToErrors } from '../../lib/errors';
import { useCall } from '../../lib/useCall';
import { usePoll } from '../../lib/usePoll';
import { GroupForm, type GroupProps } from './GroupForm';
import { WaCareFields } from './WaCareFields';
import { startingHttp, WaHttpFields } from './WaHttpFields';
import { WaStatusCard } from './WaStatusCard';

export type WaValues = Settings['whatsapp'];
const CHANNELS = ['none', 'webjs', 'http'] as const;

/** Settings → WhatsApp: the live state of the channel, which channel, and how carefully it sends. */
export function WhatsAppTab({ value, onSaved }: GroupProps<'whatsapp'>) {
  const { t } = useTranslation();
  const form = useForm<WaValues>({ mode: 'controlled', initialValues: value, validate: (v) => validateWa(v, t) });
  const status = useCall('wa.status', {});
  // The QR code changes every ~20 s and a connection comes and goes: follow it while the tab is open.
  usePoll(status.reload, 2500);
  const live = status.data ?? null;
  const refresh = () => void status.reload();
  const v = form.getValues();
  return (
    <Stack gap="md">
      <ErrorAlert error={live ? null : status.error} />
      {live && <WaStatusCard status={live} unsaved={v.channel !== value.channel} onChanged={refresh} />}
      <GroupForm group="whatsapp" form={form} onSaved={onSaved}>
        <Radio.Group label={t('whatsapp.settings.channel')} description={t('whatsapp.settings.channelHint')} value={v.channel} onChange={(c) => {
            const channel = CHANNELS.find((x) => x === c) ?? 'none';
            form.setFieldValue('channel', channel);
            if (channel === 'http') form.setFieldValue('http', startingHttp(form.getValues().http));
          }} data-testid="wa-channel">
          <Stack gap="sm" mt="xs">
            {CHANNELS.map((c) => (
              <Radio key={c} value={c} label={t(`whatsapp.settings.${c}`)} description={t(`whatsapp.settings.${c}Hint`)} data-testid={`wa-channel-${c}`} />
            ))}
          </Stack>
        </Radio.Group>
        {v.channel === 'webjs' && (
          <Stack gap={6}>
            <Text size="sm" fw={500}>
              {t('whatsapp.settings.browser')}
            </Text>
            <Text size="sm" c={live?.browserPath ? undefined : 'red.7'} style={{ wordBreak: 'break-all' }} data-testid="wa-browser-found">
              {live?.browserPath && !v.browserPath ? t('whatsapp.settings.browserFound', { path: live.browserPath }) : !v.browserPath && live?.channel === 'webjs' ? t('whatsapp.settings.browserMissing') : null}
            </Text>
            <TextInput label={t('whatsapp.settings.browserPath')} description={t('whatsapp.settings.browserPathHint')} placeholder="C:\Program Files\Google\Chrome\Application\chrome.exe" autoCapitalize="none" spellCheck={false} {...form.getInputProps('browserPath')} data-testid="wa-browser-path" />
          </Stack>
        )}
        {v.channel === 'http' && <WaHttpFields form={form} tokenSet={live?.tokenSet ?? false} onStatus={refresh} />}
        <WaCareFields form={form} />
      </GroupForm>
    </Stack>
  );
}

/** The group's schema, with the clerk's words for the rules whose schema message is English. */
function validateWa(v: WaValues, t: (k: string) => string): Record<string, ReactNode> {
  const parsed = whatsappSettingsSchema.safeParse(v);
  if (parsed.success) return {};
  const out = issuesToErrors(parsed.error.issues);
  for (const issue of parsed.error.issues) {
    const [first] = issue.path;
    if (first === 'keywords' && issue.path.length > 1) out.keywords = t('whatsapp.settings.oneWord');
    if ((first === 'stopWord' || first === 'startWord') && issue.code === 'invalid_format') out[first] = t('whatsapp.settings.oneWord');
    if (first === 'minGapSeconds' && issue.code === 'custom') out.minGapSeconds = t('whatsapp.settings.gapOrder');
  }
  return out;
}
