import { Badge, Button, Card, Code, Group, PasswordInput, SegmentedControl, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconKey, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { WaErrorText } from '../whatsapp/waText';
import type { WaValues } from './WhatsAppTab';

type Http = WaValues['http'];
const PRESETS = ['fonnte', 'wablas', 'custom'] as const;

const FONNTE: Omit<Http, 'preset'> = { url: 'https://api.fonnte.com/send', authHeader: 'Authorization', numberField: 'target', messageField: 'message', bodyType: 'form', extraFields: { countryCode: '62' }, successPath: 'status' };
/** A first choice of the HTTP channel starts from the Fonnte preset, filled in. */
export const startingHttp = (h: Http): Http => (h.preset === 'fonnte' && !h.url ? { ...h, ...FONNTE } : h);

const wablasUrl = (server: string) => (server ? `https://${server}.wablas.com/api/send-message` : '');
const wablasServerOf = (url: string) => /^https:\/\/([a-z0-9-]+)\.wablas\.com\//i.exec(url)?.[1] ?? '';

const extraText = (r: Record<string, string>) => Object.entries(r).map(([k, v]) => `${k}=${v}`).join('\n');
function parseExtra(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const i = line.indexOf('=');
    const k = (i < 0 ? line : line.slice(0, i)).trim();
    if (k) out[k] = i < 0 ? '' : line.slice(i + 1).trim();
  }
  return out;
}

/** The HTTP gateway: a provider preset (Fonnte, Wablas) or fields set by hand, and its token (write-only). */
export function WaHttpFields({ form, tokenSet, onStatus }: { form: UseFormReturnType<WaValues>; tokenSet: boolean; onStatus: () => void }) {
  const { t } = useTranslation();
  const h = form.getValues().http;
  const [server, setServer] = useState(() => wablasServerOf(h.url));
  const [extra, setExtra] = useState(() => extraText(h.extraFields));
  const setHttp = (next: Partial<Http>) => {
    form.setFieldValue('http', { ...form.getValues().http, ...next });
    if (next.extraFields) setExtra(extraText(next.extraFields));
  };
  const choose = (p: Http['preset']) => {
    if (p === 'fonnte') setHttp({ preset: p, ...FONNTE });
    else if (p === 'wablas') setHttp({ preset: p, url: wablasUrl(server), authHeader: 'Authorization', numberField: 'phone', messageField: 'message', extraFields: {}, successPath: 'status' });
    else setHttp({ preset: p });
  };
  const err = (k: string) => form.errors[`http.${k}`];
  return (
    <Card withBorder padding="md">
      <Stack gap="sm">
        <Select
          label={t('whatsapp.settings.preset')}
          value={h.preset}
          onChange={(p) => p && choose(PRESETS.find((x) => x === p) ?? 'custom')}
          allowDeselect={false}
          data={PRESETS.map((p) => ({ value: p, label: t(`whatsapp.settings.presets.${p}`) }))}
          maw={300}
          data-testid="wa-http-preset"
        />
        {h.preset === 'wablas' && (
          <TextInput
            label={t('whatsapp.settings.wablasServer')}
            description={t('whatsapp.settings.wablasServerHint')}
            value={server}
            onChange={(e) => {
              const s = e.currentTarget.value.trim().toLowerCase().replace(/[^a-z0-9-]/g, '');
              setServer(s);
              setHttp({ url: wablasUrl(s) });
            }}
            rightSection={<Text size="xs" c="dimmed" pr={8}>.wablas.com</Text>}
            rightSectionWidth={96}
            maw={320}
            error={err('url')}
            data-testid="wa-http-wablas-server"
          />
        )}
        {h.preset === 'custom' ? (
          <>
            <TextInput label={t('whatsapp.settings.url')} placeholder="https://…" autoCapitalize="none" {...form.getInputProps('http.url')} data-testid="wa-http-url" />
            <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
              <TextInput label={t('whatsapp.settings.authHeader')} {...form.getInputProps('http.authHeader')} data-testid="wa-http-auth" />
              <TextInput label={t('whatsapp.settings.numberField')} {...form.getInputProps('http.numberField')} data-testid="wa-http-number" />
              <TextInput label={t('whatsapp.settings.messageField')} {...form.getInputProps('http.messageField')} data-testid="wa-http-message" />
            </SimpleGrid>
            <TextInput label={t('whatsapp.settings.successPath')} description={t('whatsapp.settings.successPathHint')} placeholder="status" maw={320} {...form.getInputProps('http.successPath')} data-testid="wa-http-success" />
            <Textarea
              label={t('whatsapp.settings.extraFields')}
              description={t('whatsapp.settings.extraFieldsHint')}
              value={extra}
              onChange={(e) => {
                setExtra(e.currentTarget.value);
                form.setFieldValue('http.extraFields', parseExtra(e.currentTarget.value));
              }}
              autosize
              minRows={2}
              placeholder="countryCode=62"
              error={err('extraFields') ?? Object.entries(form.errors).find(([k]) => k.startsWith('http.extraFields.'))?.[1]}
              data-testid="wa-http-extra"
            />
          </>
        ) : (
          <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }} data-testid="wa-http-summary">
            <Code>{h.url || '…'}</Code> · {h.numberField}, {h.messageField}
            {Object.keys(h.extraFields).length > 0 ? `, ${extraText(h.extraFields).replace(/\n/g, ', ')}` : ''}
          </Text>
        )}
        <div>
          <Text size="sm" fw={500} mb={4}>
            {t('whatsapp.settings.bodyType')}
          </Text>
          <SegmentedControl
            value={h.bodyType}
            onChange={(b) => setHttp({ bodyType: b === 'json' ? 'json' : 'form' })}
            data={[
              { value: 'form', label: t('whatsapp.settings.bodyForm') },
              { value: 'json', label: t('whatsapp.settings.bodyJson') },
            ]}
            data-testid="wa-http-body-type"
          />
        </div>
        <TokenBox tokenSet={tokenSet} onStatus={onStatus} />
      </Stack>
    </Card>
  );
}

/** The token is saved on its own (sealed on the server) and never comes back: only "saved" or not. */
function TokenBox({ tokenSet, onStatus }: { tokenSet: boolean; onStatus: () => void }) {
  const { t } = useTranslation();
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const save = async (value: string) => {
    setBusy(true);
    try {
      await call('wa.setToken', { token: value });
      onStatus();
      setToken('');
      notifications.show({ color: 'green', message: t(value ? 'whatsapp.settings.tokenSaved' : 'whatsapp.settings.tokenRemoved') });
    } catch (err) {
      notifications.show({ color: 'red', message: <WaErrorText error={err} /> });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap={6}>
      <Group gap="xs">
        <Text size="sm" fw={500}>
          {t('whatsapp.settings.token')}
        </Text>
        <Badge color={tokenSet ? 'green' : 'gray'} variant="light" data-testid="wa-token-state" data-set={tokenSet}>
          {tokenSet ? t('whatsapp.settings.tokenSet') : t('whatsapp.settings.tokenNotSet')}
        </Badge>
      </Group>
      <Text size="xs" c="dimmed">
        {t('whatsapp.settings.tokenHint')}
      </Text>
      <Group gap="xs" align="flex-start">
        <PasswordInput value={token} onChange={(e) => setToken(e.currentTarget.value)} autoComplete="off" w={{ base: '100%', xs: 320 }} aria-label={t('whatsapp.settings.token')} data-testid="wa-token" />
        <Button type="button" variant="light" leftSection={<IconKey size={16} />} loading={busy} disabled={token.trim() === ''} onClick={() => void save(token.trim())} data-testid="wa-token-save">
          {t('whatsapp.settings.tokenSave')}
        </Button>
        {tokenSet && (
          <Button type="button" variant="subtle" color="red" leftSection={<IconTrash size={16} />} disabled={busy} onClick={() => void save('')} data-testid="wa-token-remove">
            {t('whatsapp.settings.tokenRemove')}
          </Button>
        )}
      </Group>
    </Stack>
  );
}
