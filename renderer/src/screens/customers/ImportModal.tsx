import { Alert, Badge, Button, FileButton, Group, Modal, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconFileUpload } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportPreview, ImportRowResult } from '../../../../shared/contract';
import { ApiError, call } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useIsPhone } from '../../lib/useIsPhone';
import { importFormat, MAX_IMPORT_BYTES, readAsBase64 } from './files';
import { fileProblem, importMessage } from './importText';

interface Chosen {
  name: string;
  format: 'csv' | 'xlsx';
  base64: string;
}

/** A field name of the file in the clerk's words (name → Nama), or as written when unknown. */
function useFieldLabel() {
  const { t, i18n } = useTranslation();
  return (field: string) => (i18n.exists(`customers.form.${field}`) ? t(`customers.form.${field}`) : field);
}

function RowErrors({ preview }: { preview: ImportPreview }) {
  const { t } = useTranslation();
  const label = useFieldLabel();
  const bad = preview.rows.filter((r) => r.errors.length > 0);
  if (bad.length === 0) return null;
  return (
    <ScrollArea.Autosize mah={300}>
      <Table verticalSpacing={4} fz="sm" striped data-testid="import-errors">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('customers.import.row')}</Table.Th>
            <Table.Th>{t('customers.form.name')}</Table.Th>
            <Table.Th>{t('customers.import.problem')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {bad.map((r) => (
            <Table.Tr key={r.row} data-testid="import-error-row" data-row={r.row}>
              <Table.Td>{r.row}</Table.Td>
              <Table.Td>{r.name || '—'}</Table.Td>
              <Table.Td>
                {r.errors.map((e, i) => (
                  <Text size="sm" key={i}>
                    <b>{label(e.field)}</b>: {importMessage(t, e.message)}
                  </Text>
                ))}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea.Autosize>
  );
}

function Summary({ preview }: { preview: ImportPreview }) {
  const { t } = useTranslation();
  const label = useFieldLabel();
  return (
    <Stack gap="xs" data-testid="import-summary" data-valid={preview.valid} data-invalid={preview.invalid}>
      <Group gap="xs">
        <Badge variant="light" color="gray">
          {t('customers.import.total', { count: preview.total })}
        </Badge>
        <Badge variant="light" color="green">
          {t('customers.import.valid', { count: preview.valid })}
        </Badge>
        <Badge variant="light" color={preview.invalid > 0 ? 'red' : 'gray'}>
          {t('customers.import.invalid', { count: preview.invalid })}
        </Badge>
      </Group>
      <Text size="xs" c="dimmed">
        {t('customers.import.columns', { list: preview.columns.map(label).join(', ') || '—' })}
        {preview.ignored.length > 0 && ` · ${t('customers.import.ignored', { list: preview.ignored.join(', ') })}`}
      </Text>
      {preview.invalid > 0 ? (
        <Alert color="red" variant="light" data-testid="import-fix">
          {t('customers.import.fixFirst')}
        </Alert>
      ) : preview.total === 0 ? (
        <Alert color="yellow" variant="light">
          {t('customers.import.noRows')}
        </Alert>
      ) : (
        <Alert color="green" variant="light" icon={<IconCheck size={18} />}>
          {t('customers.import.allGood')}
        </Alert>
      )}
    </Stack>
  );
}

/** Choose a CSV/XLSX file → check it (nothing saved) → import every row, only when all rows are right. */
export function ImportModal({ opened, onClose, onImported }: { opened: boolean; onClose: () => void; onImported: (created: number) => void }) {
  const { t } = useTranslation();
  const phone = useIsPhone();
  const [file, setFile] = useState<Chosen | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<'check' | 'import' | null>(null);
  // Cleared after each choice, so choosing the same (now corrected) file again is noticed.
  const resetRef = useRef<() => void>(null);

  useEffect(() => {
    if (!opened) return;
    setFile(null);
    setPreview(null);
    setProblem(null);
    setError(null);
  }, [opened]);

  const choose = async (f: File | null) => {
    if (!f) return;
    resetRef.current?.();
    setPreview(null);
    setError(null);
    setProblem(null);
    const format = importFormat(f.name);
    if (!format) return setProblem(t('customers.import.wrongType'));
    if (f.size > MAX_IMPORT_BYTES) return setProblem(t('customers.import.tooBig'));
    setBusy('check');
    try {
      const chosen = { name: f.name, format, base64: await readAsBase64(f) };
      setFile(chosen);
      setPreview(await call('customers.importPreview', { format, base64: chosen.base64 }));
    } catch (err) {
      fail(err);
    } finally {
      setBusy(null);
    }
  };

  const fail = (err: unknown) => {
    const p = fileProblem(t, err);
    if (p) setProblem(p);
    else setError(err);
  };

  const run = async () => {
    if (!file) return;
    setBusy('import');
    setError(null);
    try {
      const { created } = await call('customers.import', { format: file.format, base64: file.base64 });
      notifications.show({ color: 'green', message: t('customers.import.done', { count: created }) });
      onImported(created);
    } catch (err) {
      // Rows that went wrong since the check (a phone taken meanwhile): show them like the check does.
      const rows = err instanceof ApiError && Array.isArray(err.details?.rows) ? (err.details.rows as ImportRowResult[]) : [];
      if (rows.length > 0 && preview) setPreview({ ...preview, rows, valid: preview.total - rows.length, invalid: rows.length });
      else fail(err);
    } finally {
      setBusy(null);
    }
  };

  const ready = preview !== null && preview.invalid === 0 && preview.valid > 0;
  return (
    <Modal opened={opened} onClose={onClose} title={t('customers.import.title')} size="xl" fullScreen={phone} data-testid="import-modal">
      <Stack gap="sm">
        <Text size="sm">{t('customers.import.intro')}</Text>
        <Text size="xs" c="dimmed">
          {t('customers.import.columnsHint')}
        </Text>
        <Group gap="sm">
          <FileButton resetRef={resetRef} onChange={(f) => void choose(f)} accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet">
            {(props) => (
              <Button variant="default" leftSection={<IconFileUpload size={16} />} loading={busy === 'check'} {...props} data-testid="import-choose">
                {file ? t('customers.import.chooseAgain') : t('customers.import.choose')}
              </Button>
            )}
          </FileButton>
          {file && (
            <Text size="sm" ff="monospace" data-testid="import-filename">
              {file.name}
            </Text>
          )}
        </Group>
        {problem && (
          <Alert color="red" variant="light" data-testid="import-problem">
            {problem}
          </Alert>
        )}
        {preview && <Summary preview={preview} />}
        {preview && <RowErrors preview={preview} />}
        <ErrorAlert error={error} testId="import-error" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button onClick={() => void run()} disabled={!ready || busy === 'check'} loading={busy === 'import'} data-testid="import-submit">
            {ready ? t('customers.import.submit', { count: preview.valid }) : t('customers.import.submitDisabled')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
