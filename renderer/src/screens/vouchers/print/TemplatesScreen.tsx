import { ActionIcon, Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCopy, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../../api/client';
import { ConfirmModal } from '../../../components/ConfirmModal';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { ErrorText } from '../../../lib/errors';
import { useCan } from '../../../store/session';
import { TemplateEditor, type EditorStart } from './TemplateEditor';
import { useTemplateOptions, type TemplateOption } from './useTemplates';

/** Built-in and own voucher templates: copy, create, edit (with live preview) and remove. */
export function TemplatesScreen() {
  const { t } = useTranslation();
  const canManage = useCan('vouchers.manage');
  const { options, error, reload } = useTemplateOptions();
  const [editing, setEditing] = useState<EditorStart | null>(null);
  const [removing, setRemoving] = useState<TemplateOption | null>(null);
  const builtins = options.filter((o) => o.builtin);
  const mine = options.filter((o) => !o.builtin);

  const copyOf = (o: TemplateOption): EditorStart => ({ id: null, ...o.source, name: t('printing.templates.copyName', { name: o.name }) });
  const remove = async () => {
    if (!removing?.dto) return;
    try {
      await call('vouchers.removeTemplate', { id: removing.dto.id });
      notifications.show({ color: 'green', message: t('printing.templates.removed') });
      setRemoving(null);
      await reload();
    } catch (err) {
      notifications.show({ color: 'red', message: <ErrorText error={err} /> });
    }
  };

  const card = (o: TemplateOption) => (
    <Card key={o.key} withBorder padding="sm" data-testid={`template-${o.key}`}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <div style={{ minWidth: 0 }}>
          <Text fw={600} truncate>
            {o.name}
          </Text>
          <Group gap={6} mt={4}>
            {o.builtin && (
              <Badge size="sm" variant="light" color="gray">
                {t('printing.builtin')}
              </Badge>
            )}
            <Badge size="sm" variant="light">
              {t(`printing.papers.${o.source.paper}`)}
            </Badge>
            <Text size="xs" c="dimmed">
              {o.source.paper === 'a4' ? t('printing.templates.grid', { columns: o.source.columns, rows: o.source.rows }) : t('printing.templates.columnsOnly', { columns: o.source.columns })}
            </Text>
          </Group>
        </div>
        {canManage && (
          <Group gap={4} wrap="nowrap">
            <Tooltip label={t('printing.templates.copy')}>
              <ActionIcon variant="subtle" aria-label={t('printing.templates.copy')} onClick={() => setEditing(copyOf(o))} data-testid="template-copy">
                <IconCopy size={18} />
              </ActionIcon>
            </Tooltip>
            {o.dto && (
              <>
                <Tooltip label={t('printing.templates.edit')}>
                  <ActionIcon variant="subtle" aria-label={t('printing.templates.edit')} onClick={() => setEditing({ id: o.dto!.id, ...o.source, name: o.name })} data-testid="template-edit">
                    <IconPencil size={18} />
                  </ActionIcon>
                </Tooltip>
                <Tooltip label={t('printing.templates.remove')}>
                  <ActionIcon variant="subtle" color="red" aria-label={t('printing.templates.remove')} onClick={() => setRemoving(o)} data-testid="template-remove">
                    <IconTrash size={18} />
                  </ActionIcon>
                </Tooltip>
              </>
            )}
          </Group>
        )}
      </Group>
    </Card>
  );

  return (
    <div data-testid="screen-voucher-templates">
      <Group justify="space-between" align="flex-start" mb="md" gap="sm">
        <Text size="sm" c="dimmed" maw={640}>
          {t('printing.templates.description')}
        </Text>
        {canManage && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing({ ...copyOf(builtins[0]!), name: '' })} data-testid="templates-add">
            {t('printing.templates.add')}
          </Button>
        )}
      </Group>
      <ErrorAlert error={error} />
      <Stack gap="lg">
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
          {builtins.map(card)}
        </SimpleGrid>
        <div>
          <Title order={3} size="h5" mb="xs">
            {t('printing.templates.mine')}
          </Title>
          {mine.length ? (
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm" data-testid="templates-mine">
              {mine.map(card)}
            </SimpleGrid>
          ) : (
            <Text c="dimmed" size="sm">
              {t('printing.templates.none')}
            </Text>
          )}
        </div>
      </Stack>
      {editing && (
        <TemplateEditor
          start={editing}
          onClose={() => setEditing(null)}
          onSaved={(name) => {
            notifications.show({ color: 'green', message: t('printing.templates.saved', { name }) });
            setEditing(null);
            void reload();
          }}
        />
      )}
      <ConfirmModal
        opened={!!removing}
        title={t('printing.templates.removeTitle')}
        body={t('printing.templates.removeBody', { name: removing?.name ?? '' })}
        confirmLabel={t('printing.templates.remove')}
        onConfirm={remove}
        onClose={() => setRemoving(null)}
      />
    </div>
  );
}
