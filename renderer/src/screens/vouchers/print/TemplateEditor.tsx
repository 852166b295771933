import { Button, Code, Group, Modal, NumberInput, SegmentedControl, SimpleGrid, Stack, Text, Textarea, TextInput, Tooltip } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PAPERS, voucherTemplateInputSchema, type Paper } from '../../../../../shared/contract/voucher-templates';
import { call } from '../../../api/client';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { apiIssues, issuesToErrors } from '../../../lib/errors';
import { useIsPhone } from '../../../lib/useIsPhone';
import { zodValidate } from '../../../lib/validate';
import { useSession } from '../../../store/session';
import { PLACEHOLDERS } from './engine/template';
import { sampleData } from './engine/sample';
import { perPage } from './engine/sheet';
import type { TemplateSource } from './engine/render';
import { documentOf } from './output';
import { SheetFrame } from './SheetFrame';
import { useFormatters } from './useTemplates';
import { useSheet } from './useSheet';

export type EditorStart = TemplateSource & { id: number | null };
type Values = Omit<EditorStart, 'id'>;

const validate = zodValidate<Values>(voucherTemplateInputSchema);
const CONDITIONS = ['{{#if qr}} … {{/if}}', '{{#if usermode == "up"}} … {{else}} … {{/if}}'];

/** Create or edit a template: HTML + CSS with placeholder chips, and a live preview on sample vouchers. */
export function TemplateEditor({ start, onClose, onSaved }: { start: EditorStart; onClose: () => void; onSaved: (name: string) => void }) {
  const { t } = useTranslation();
  const phone = useIsPhone();
  const office = useSession((s) => s.office);
  const fmt = useFormatters();
  const form = useForm<Values>({ mode: 'controlled', initialValues: { name: start.name, paper: start.paper, columns: start.columns, rows: start.rows, html: start.html, css: start.css }, validate });
  const html = useRef<HTMLTextAreaElement>(null);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [preview] = useDebouncedValue(form.values, 250);

  // A full A4 page of sample vouchers (capped), or a few on a roll.
  const data = useMemo(() => {
    const base = sampleData({ name: office?.name ?? 'Hotspot', logo: office?.logo ?? null, phone: '' });
    const n = Math.min(40, perPage(preview) ?? 3);
    return { ...base, vouchers: Array.from({ length: n }, (_, i) => ({ ...base.vouchers[i % base.vouchers.length]!, id: i + 1, serial: 101 + i })) };
  }, [office?.name, office?.logo, preview]);
  const source = useMemo<TemplateSource>(() => ({ ...preview }), [preview]);
  const sheet = useSheet(data, source, true, fmt, 40);
  const doc = useMemo(() => (sheet.rendered ? documentOf(sheet.rendered, preview.name) : ''), [sheet.rendered, preview.name]);

  const previewPane = (
    <Stack gap={6}>
      <Text size="sm" fw={500}>
        {t('printing.editor.preview')}
      </Text>
      <ErrorAlert error={sheet.error} />
      {doc && <SheetFrame html={doc} paper={preview.paper} height={phone ? 420 : 'calc(100vh - 220px)'} title={t('printing.editor.preview')} testId="template-preview" />}
    </Stack>
  );

  const insert = (name: string) => {
    const el = html.current;
    const text = `{{${name}}}`;
    const at = el?.selectionStart ?? form.values.html.length;
    const end = el?.selectionEnd ?? at;
    form.setFieldValue('html', form.values.html.slice(0, at) + text + form.values.html.slice(end));
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(at + text.length, at + text.length);
    });
  };

  const save = async (v: Values) => {
    setSaving(true);
    setError(null);
    try {
      const saved = await call('vouchers.saveTemplate', { ...(start.id ? { id: start.id } : {}), ...v, rows: v.paper === 'a4' ? v.rows : 1 });
      onSaved(saved.name);
    } catch (err) {
      const issues = apiIssues(err);
      if (issues.length) form.setErrors(issuesToErrors(issues));
      setError(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={t(start.id ? 'printing.editor.editTitle' : 'printing.editor.newTitle')} size="95%" fullScreen={phone} data-testid="template-editor">
      <form onSubmit={form.onSubmit((v) => void save(v))}>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          {phone && previewPane}
          <Stack gap="sm">
            <TextInput label={t('printing.editor.name')} required {...form.getInputProps('name')} data-testid="template-name" />
            <Group gap="sm" align="flex-end" wrap="wrap">
              <div>
                <Text size="sm" fw={500} mb={4}>
                  {t('printing.editor.paper')}
                </Text>
                <SegmentedControl
                  data={PAPERS.map((p) => ({ value: p, label: t(`printing.papers.${p}`) }))}
                  value={form.values.paper}
                  onChange={(p) => form.setFieldValue('paper', p as Paper)}
                  data-testid="template-paper"
                />
              </div>
              <NumberInput label={t('printing.editor.columns')} min={1} max={8} w={90} {...form.getInputProps('columns')} data-testid="template-columns" />
              {form.values.paper === 'a4' && <NumberInput label={t('printing.editor.rows')} min={1} max={30} w={130} {...form.getInputProps('rows')} data-testid="template-rows" />}
            </Group>
            <div>
              <Text size="sm" fw={500} mb={4}>
                {t('printing.editor.placeholders')}
              </Text>
              <Group gap={6} data-testid="template-placeholders">
                {PLACEHOLDERS.map((p) => (
                  <Tooltip key={p} label={t(`printing.fields.${p}`)}>
                    <Button size="compact-xs" variant="light" onClick={() => insert(p)} data-testid={`placeholder-${p}`}>
                      {`{{${p}}}`}
                    </Button>
                  </Tooltip>
                ))}
              </Group>
              <Text size="xs" c="dimmed" mt={6}>
                {t('printing.editor.conditions')} {CONDITIONS.map((c) => <Code key={c} mr={4}>{c}</Code>)}
              </Text>
              <Text size="xs" c="dimmed" mt={4}>
                {t('printing.editor.mikhmonHint')}
              </Text>
            </div>
            <Textarea label={t('printing.editor.html')} ref={html} autosize minRows={8} maxRows={18} spellCheck={false} styles={{ input: { fontFamily: 'monospace', fontSize: 12 } }} {...form.getInputProps('html')} data-testid="template-html" />
            <Textarea label={t('printing.editor.css')} autosize minRows={5} maxRows={14} spellCheck={false} styles={{ input: { fontFamily: 'monospace', fontSize: 12 } }} {...form.getInputProps('css')} data-testid="template-css" />
          </Stack>
          {!phone && previewPane}
        </SimpleGrid>
        <ErrorAlert error={error} />
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={onClose}>
            {t('printing.editor.cancel')}
          </Button>
          <Button type="submit" loading={saving} data-testid="template-save">
            {t('printing.editor.save')}
          </Button>
        </Group>
      </form>
    </Modal>
  );
}
