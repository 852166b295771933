import { ActionIcon, Card, Code, Group, Stack, Table, Text, UnstyledButton } from '@mantine/core';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { AuditEntryDto } from '../../../../shared/contract';
import { useLanguage } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { useTimezone } from '../../store/session';
import { methodLabel } from './methodLabel';
import { useSummary } from '../../lib/summary';

const COLUMNS = 5;

type Props = { entry: AuditEntryDto; open: boolean; onToggle: () => void };

function useEntryText(entry: AuditEntryDto) {
  const { t, i18n } = useTranslation();
  const tz = useTimezone();
  const lang = useLanguage();
  const say = useSummary();
  return {
    at: formatDateTime(entry.at, tz, lang),
    action: methodLabel(t, (k) => i18n.exists(k), entry.method),
    failed: typeof entry.details?.failed === 'string',
    text: say(entry),
  };
}

/** Transport, IP and the recorded input as indented JSON (passwords were redacted by the server). */
function AuditDetails({ entry }: { entry: AuditEntryDto }) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs" py="xs" data-testid="audit-details">
      <Group gap="lg">
        <Text size="xs">
          {t('audit.via')}: <b>{t(`audit.transports.${entry.transport}`, { defaultValue: entry.transport })}</b>
        </Text>
        {entry.ip && (
          <Text size="xs">
            IP: <b>{entry.ip}</b>
          </Text>
        )}
        <Text size="xs">#{entry.id}</Text>
      </Group>
      <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word', maxHeight: 360, overflow: 'auto' }}>
        {entry.details ? JSON.stringify(entry.details, null, 2) : t('audit.noDetails')}
      </Code>
    </Stack>
  );
}

export function AuditRow({ entry, open, onToggle }: Props) {
  const { t } = useTranslation();
  const { at, action, failed, text } = useEntryText(entry);
  return (
    <>
      <Table.Tr onClick={onToggle} style={{ cursor: 'pointer' }} data-testid="audit-row" data-method={entry.method} aria-expanded={open}>
        <Table.Td>
          <ActionIcon variant="subtle" color="gray" size="sm" aria-label={t('audit.details')}>
            {open ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
          </ActionIcon>
        </Table.Td>
        <Table.Td style={{ whiteSpace: 'nowrap' }}>
          <Text size="sm">{at}</Text>
        </Table.Td>
        <Table.Td>
          <Text size="sm">{entry.username ?? '—'}</Text>
        </Table.Td>
        <Table.Td>
          <Text size="sm" fw={500} c={failed ? 'red' : undefined}>
            {action}
          </Text>
          <Text size="xs" c="dimmed" ff="monospace">
            {entry.method}
          </Text>
        </Table.Td>
        <Table.Td>
          <Text size="sm" data-testid="audit-summary">
            {text}
          </Text>
        </Table.Td>
      </Table.Tr>
      {open && (
        <Table.Tr>
          <Table.Td colSpan={COLUMNS} bg="gray.0">
            <AuditDetails entry={entry} />
          </Table.Td>
        </Table.Tr>
      )}
    </>
  );
}

/** Phone layout: one card per entry; tap to see the details. */
export function AuditCard({ entry, open, onToggle }: Props) {
  const { at, action, failed, text } = useEntryText(entry);
  return (
    <Card withBorder padding="sm" data-testid="audit-row" data-method={entry.method}>
      <UnstyledButton onClick={onToggle} aria-expanded={open} style={{ width: '100%' }}>
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Text size="xs" c="dimmed">
            {at} · {entry.username ?? '—'}
          </Text>
          {open ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
        </Group>
        <Text size="sm" fw={600} c={failed ? 'red' : undefined}>
          {action}
        </Text>
        <Text size="sm" data-testid="audit-summary">
          {text}
        </Text>
      </UnstyledButton>
      {open && <AuditDetails entry={entry} />}
    </Card>
  );
}
