import { Button, Group, Modal, MultiSelect, Radio, Stack, Switch, TextInput } from '@mantine/core';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { DOMAIN_EVENTS } from '../../../../shared/events';
import type { WebhookEndpointDto } from '../../../../shared/contract/webhooks';
import { call } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { apiIssues, issuesToErrors } from '../../lib/errors';
import { useIsPhone } from '../../lib/useIsPhone';
import { eventLabel } from './text';

type EventChoice = (typeof DOMAIN_EVENTS)[number];

interface FormProps {
  /** null: a new endpoint. */
  endpoint: WebhookEndpointDto | null;
  onClose: () => void;
  onCreated: (r: { endpoint: WebhookEndpointDto; secret: string }) => void;
  onSaved: (e: WebhookEndpointDto) => void;
}

/** Adding or editing an endpoint: address, description, which events (all, or a chosen few), on or off. */
export function EndpointFormModal({ opened, ...props }: FormProps & { opened: boolean }) {
  const { t } = useTranslation();
  const phone = useIsPhone();
  return (
    <Modal opened={opened} onClose={props.onClose} title={props.endpoint ? t('webhooks.form.editTitle') : t('webhooks.form.addTitle')} size="lg" fullScreen={phone}>
      {/* A fresh form each time it opens, filled from the endpoint. */}
      {opened && <EndpointForm key={props.endpoint?.id ?? 'new'} {...props} />}
    </Modal>
  );
}

function EndpointForm({ endpoint, onClose, onCreated, onSaved }: FormProps) {
  const { t } = useTranslation();
  const [url, setUrl] = useState(endpoint?.url ?? '');
  const [description, setDescription] = useState(endpoint?.description ?? '');
  const [all, setAll] = useState(!endpoint || endpoint.events.includes('*'));
  const [picked, setPicked] = useState<string[]>(endpoint && !endpoint.events.includes('*') ? endpoint.events : []);
  const [enabled, setEnabled] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, ReactNode>>({});
  const clearEventsError = () => setFieldErrors((f) => Object.fromEntries(Object.entries(f).filter(([k]) => k !== 'events')));

  const data = useMemo(() => DOMAIN_EVENTS.map((e) => ({ value: e, label: eventLabel(t, e) })), [t]);

  const save = async () => {
    setError(null);
    setFieldErrors({});
    if (!all && picked.length === 0) {
      setFieldErrors({ events: t('webhooks.form.eventsRequired') });
      return;
    }
    const events = (all ? ['*'] : picked) as ('*' | EventChoice)[];
    setBusy(true);
    try {
      if (endpoint) onSaved(await call('webhooks.update', { id: endpoint.id, url, description, events }));
      else onCreated(await call('webhooks.create', { url, description, events, enabled }));
    } catch (err) {
      const issues = apiIssues(err);
      setFieldErrors(issuesToErrors(issues));
      // A field error is said at the field; anything else above the buttons.
      if (issues.length === 0) setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      data-testid="webhook-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <Stack gap="md">
        <TextInput label={t('webhooks.form.url')} description={t('webhooks.form.urlHint')} required value={url} onChange={(e) => setUrl(e.currentTarget.value)} error={fieldErrors.url} data-testid="webhook-url" />
        <TextInput label={t('webhooks.form.description')} description={t('webhooks.form.descriptionHint')} value={description} onChange={(e) => setDescription(e.currentTarget.value)} error={fieldErrors.description} maxLength={200} data-testid="webhook-description" />
        <Radio.Group label={t('webhooks.form.events')} value={all ? 'all' : 'pick'} onChange={(v) => {
            setAll(v === 'all');
            clearEventsError();
          }} error={all ? fieldErrors.events : undefined}>
          <Stack gap={6} mt={6}>
            <Radio value="all" label={t('webhooks.form.eventsAll')} data-testid="webhook-events-all" />
            <Radio value="pick" label={t('webhooks.form.eventsPick')} data-testid="webhook-events-pick" />
          </Stack>
        </Radio.Group>
        {!all && (
          <MultiSelect
            aria-label={t('webhooks.form.eventsPick')}
            placeholder={picked.length === 0 ? t('webhooks.form.eventsPlaceholder') : undefined}
            data={data}
            value={picked}
            onChange={(v) => {
              setPicked(v);
              clearEventsError();
            }}
            searchable
            clearable
            hidePickedOptions
            maxDropdownHeight={280}
            error={fieldErrors.events}
            comboboxProps={{ withinPortal: true }}
            data-testid="webhook-events"
          />
        )}
        {!endpoint && <Switch label={t('webhooks.form.enabled')} checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} data-testid="webhook-enabled" />}
        <ErrorAlert error={error} testId="webhook-form-error" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={busy} data-testid="webhook-save">
            {t('webhooks.form.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
