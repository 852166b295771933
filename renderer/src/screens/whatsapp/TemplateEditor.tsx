import { Alert, Badge, Button, Card, Group, Loader, Paper, Stack, Switch, Text, Textarea, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconArrowBackUp, IconDeviceFloppy } from '@tabler/icons-react';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WaTemplateDto } from '../../../../shared/contract/whatsapp';
import { call } from '../../api/client';
import { ConfirmModal } from '../../components/ConfirmModal';
import { useCall } from '../../lib/useCall';
import { useCan } from '../../store/session';
import { CustomerSelect } from './CustomerSelect';
import { PlaceholderChips, WaErrorAlert } from './waText';

/** One template: its text with placeholder chips, on/off, a live preview (a sample or a chosen customer), save and reset. */
export function TemplateEditor({ template, onSaved }: { template: WaTemplateDto; onSaved: () => void }) {
  const { t } = useTranslation();
  const canManage = useCan('settings.manage');
  const ref = useRef<HTMLTextAreaElement>(null);
  const [body, setBody] = useState(template.body);
  const [enabled, setEnabled] = useState(template.enabled);
  const [customer, setCustomer] = useState<{ id: number; name: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [resetting, setResetting] = useState(false);
  const [debounced] = useDebouncedValue(body.trim(), 300);
  const preview = useCall('wa.preview', { event: template.event, lang: template.lang, body: debounced, customerId: customer?.id }, debounced.length > 0);
  const unknown = debounced ? (preview.data?.unknown ?? []) : [];
  const dirty = body !== template.body || enabled !== template.enabled;

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await call('wa.saveTemplate', { event: template.event, lang: template.lang, body, enabled });
      notifications.show({ color: 'green', message: t('whatsapp.templates.saved') });
      onSaved();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const reset = async () => {
    try {
      await call('wa.resetTemplate', { event: template.event, lang: template.lang });
      notifications.show({ color: 'green', message: t('whatsapp.templates.resetDone') });
      setResetting(false);
      onSaved();
    } catch (err) {
      setResetting(false);
      setError(err);
    }
  };

  return (
    <Card withBorder padding="md" style={{ flex: 1, minWidth: 0 }} w="100%" data-testid="wa-template-editor" data-event={template.event} data-lang={template.lang}>
      <Stack gap="sm">
        <Group justify="space-between" gap="xs">
          <Title order={3} size="h5">
            {t(`whatsapp.kinds.${template.event}`)}
          </Title>
          {dirty && (
            <Badge color="orange" variant="light" data-testid="wa-template-dirty">
              {t('whatsapp.templates.unsaved')}
            </Badge>
          )}
        </Group>
        <Switch label={t('whatsapp.templates.enabled')} description={t('whatsapp.templates.enabledHint')} checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} disabled={!canManage} data-testid="wa-template-enabled" />
        <Textarea ref={ref} label={t('whatsapp.templates.body')} value={body} onChange={(e) => setBody(e.currentTarget.value)} autosize minRows={5} maxRows={16} readOnly={!canManage} data-testid="wa-template-body" />
        {canManage && <PlaceholderChips target={ref} value={body} onChange={setBody} />}
        {unknown.length > 0 && (
          <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} data-testid="wa-template-unknown">
            {t('whatsapp.templates.unknown', { list: unknown.map((u) => `{${u}}`).join(', ') })}
          </Alert>
        )}
        <div>
          <Group justify="space-between" align="flex-end" gap="xs" mb={6}>
            <div>
              <Text size="sm" fw={500}>
                {t('whatsapp.templates.preview')}
              </Text>
              <Text size="xs" c="dimmed">
                {t('whatsapp.templates.previewHint')}
              </Text>
            </div>
            <CustomerSelect label={t('whatsapp.templates.previewCustomer')} placeholder={t('whatsapp.templates.pickCustomer')} value={customer} onChange={setCustomer} testId="wa-template-customer" />
          </Group>
          <Paper p="sm" radius="md" bg="var(--mantine-color-green-light)" maw={520} data-testid="wa-template-preview">
            {preview.loading && !preview.data ? (
              <Loader size="xs" />
            ) : (
              <Text size="sm" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                {debounced ? (preview.data?.text ?? '') : '—'}
              </Text>
            )}
          </Paper>
          <WaErrorAlert error={preview.error} testId="wa-preview-error" />
        </div>
        <WaErrorAlert error={error} testId="wa-template-error" />
        {canManage && (
          <Group gap="sm">
            <Button leftSection={<IconDeviceFloppy size={16} />} loading={busy} disabled={!dirty || body.trim() === '' || unknown.length > 0} onClick={() => void save()} data-testid="wa-template-save">
              {t('whatsapp.templates.save')}
            </Button>
            {!template.isDefault && (
              <Button variant="default" leftSection={<IconArrowBackUp size={16} />} onClick={() => setResetting(true)} data-testid="wa-template-reset">
                {t('whatsapp.templates.reset')}
              </Button>
            )}
          </Group>
        )}
      </Stack>
      <ConfirmModal opened={resetting} title={t('whatsapp.templates.resetTitle')} body={t('whatsapp.templates.resetBody')} confirmLabel={t('whatsapp.templates.reset')} color="orange" onConfirm={reset} onClose={() => setResetting(false)} />
    </Card>
  );
}
