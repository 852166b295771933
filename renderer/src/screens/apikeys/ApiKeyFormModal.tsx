import { Button, Checkbox, Group, Input, Modal, SimpleGrid, Stack, TagsInput, Text, TextInput } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiKeyDto } from '../../../../shared/contract/apikeys';
import { addDays } from '../../../../shared/dates';
import { ROLE_PERMISSIONS, type Permission } from '../../../../shared/permissions';
import { call } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { apiIssues, IssueText } from '../../lib/errors';
import { zonedDayStart } from '../../lib/format';
import { useIsPhone } from '../../lib/useIsPhone';
import { useSession, useTimezone } from '../../store/session';
import { todayIn } from '../invoices/money';
import { permLabel, PRESETS } from './scopes';

export interface Created {
  key: ApiKeyDto;
  token: string;
}

/** "Buat kunci API": name, scopes (within the signed-in user's role), optional expiry day and IP allowlist. */
export function ApiKeyFormModal({ opened, onClose, onCreated }: { opened: boolean; onClose: () => void; onCreated: (r: Created) => void }) {
  const { t } = useTranslation();
  const phone = useIsPhone();
  return (
    <Modal opened={opened} onClose={onClose} title={t('apiKeys.form.title')} size="xl" fullScreen={phone}>
      {/* A fresh, empty form each time it opens. */}
      {opened && <ApiKeyForm onClose={onClose} onCreated={onCreated} />}
    </Modal>
  );
}

function ApiKeyForm({ onClose, onCreated }: { onClose: () => void; onCreated: (r: Created) => void }) {
  const { t } = useTranslation();
  const tz = useTimezone();
  const role = useSession((s) => s.session?.user.role);
  const own: readonly Permission[] = role ? ROLE_PERMISSIONS[role] : [];
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Permission[]>([]);
  const [day, setDay] = useState('');
  const [ips, setIps] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [errors, setErrors] = useState<Record<string, ReactNode>>({});
  const clear = (field: string) => setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => k !== field)));
  const today = todayIn(tz);

  const pick = (next: Permission[]) => {
    setScopes(own.filter((p) => next.includes(p)));
    clear('scopes');
  };

  const save = async () => {
    setError(null);
    const local: Record<string, ReactNode> = {};
    if (name.trim() === '') local.name = t('validation.required');
    if (scopes.length === 0) local.scopes = t('apiKeys.form.scopesRequired');
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    // The chosen day is the last day the key works: it stops at 23:59:59 of that day, office time (shown as 23.59).
    const next = day ? zonedDayStart(addDays(day, 1), tz) : null;
    const end = next ? new Date(next.getTime() - 1000) : null;
    setBusy(true);
    try {
      onCreated(await call('apiKeys.create', { name: name.trim(), scopes, expiresAt: end ? end.toISOString() : null, allowIps: ips }));
    } catch (err) {
      const issues = apiIssues(err);
      const out: Record<string, ReactNode> = {};
      for (const issue of issues) {
        const [field, index] = issue.path;
        if (field === 'scopes') {
          const beyond = issue.params?.notInRole;
          out.scopes = Array.isArray(beyond) ? t('apiKeys.errors.notInRole', { list: beyond.map((p) => permLabel(t, String(p))).join(', ') }) : t('apiKeys.form.scopesRequired');
        } else if (field === 'expiresAt') out.expiresAt = t('apiKeys.errors.expiresPast');
        else if (field === 'allowIps' && typeof index === 'number') out.allowIps ??= t('apiKeys.errors.badIp', { value: ips[index] ?? '' });
        else if (typeof field === 'string') out[field] ??= <IssueText issue={issue} />;
      }
      setErrors(out);
      // A field error is said at the field; anything else above the buttons.
      if (issues.length === 0) setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      data-testid="apikey-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <Stack gap="md">
        <TextInput
          label={t('apiKeys.form.name')}
          description={t('apiKeys.form.nameHint')}
          withAsterisk
          maxLength={100}
          value={name}
          onChange={(e) => {
            setName(e.currentTarget.value);
            clear('name');
          }}
          error={errors.name}
          data-autofocus
          data-testid="apikey-name"
        />
        <Input.Wrapper label={t('apiKeys.form.scopes')} description={t('apiKeys.form.scopesHint', { role: role ? t(`roles.${role}.name`) : '' })} withAsterisk error={errors.scopes} data-testid="apikey-scopes">
          <Group gap="xs" mt={8} mb={10} align="center">
            <Text size="sm" c="dimmed">
              {t('apiKeys.form.presets')}
            </Text>
            <Button size="compact-sm" variant="default" onClick={() => pick(PRESETS.read(own))} data-testid="apikey-preset-read">
              {t('apiKeys.form.presetRead')}
            </Button>
            <Button size="compact-sm" variant="default" onClick={() => pick(PRESETS.billing(own))} data-testid="apikey-preset-billing">
              {t('apiKeys.form.presetBilling')}
            </Button>
            <Button size="compact-sm" variant="subtle" color="gray" onClick={() => pick([])} disabled={scopes.length === 0} data-testid="apikey-preset-none">
              {t('apiKeys.form.presetNone')}
            </Button>
            <Text size="sm" c="dimmed" ml="auto" data-testid="apikey-scopes-count">
              {t('apiKeys.form.selected', { count: scopes.length })}
            </Text>
          </Group>
          <Checkbox.Group value={scopes} onChange={(v) => pick(v as Permission[])}>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" verticalSpacing={8}>
              {own.map((p) => (
                <Checkbox
                  key={p}
                  value={p}
                  label={permLabel(t, p)}
                  description={<span style={{ fontFamily: 'var(--mantine-font-family-monospace)' }}>{p}</span>}
                  data-testid={`apikey-scope-${p}`}
                />
              ))}
            </SimpleGrid>
          </Checkbox.Group>
        </Input.Wrapper>
        <TextInput
          type="date"
          label={t('apiKeys.form.expires')}
          description={t('apiKeys.form.expiresHint')}
          min={today}
          value={day}
          onChange={(e) => {
            setDay(e.currentTarget.value);
            clear('expiresAt');
          }}
          error={errors.expiresAt}
          maw={{ base: '100%', xs: 260 }}
          data-testid="apikey-expires"
        />
        <TagsInput
          label={t('apiKeys.form.allowIps')}
          description={t('apiKeys.form.allowIpsHint')}
          placeholder={ips.length === 0 ? t('apiKeys.form.allowIpsPlaceholder') : undefined}
          value={ips}
          onChange={(v) => {
            setIps(v);
            clear('allowIps');
          }}
          splitChars={[',', ' ']}
          clearable
          maxTags={50}
          error={errors.allowIps}
          data-testid="apikey-ips"
        />
        <ErrorAlert error={error} testId="apikey-form-error" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={busy} data-testid="apikey-save">
            {t('apiKeys.form.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
