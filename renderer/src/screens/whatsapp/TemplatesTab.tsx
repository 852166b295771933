import { Badge, Card, Group, Loader, NavLink, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { WA_TEMPLATE_EVENTS, type WaTemplateDto, type WaTemplateEvent } from '../../../../shared/contract/whatsapp';
import { Forbidden } from '../../components/Forbidden';
import { isForbidden, useCall } from '../../lib/useCall';
import { useIsPhone } from '../../lib/useIsPhone';
import { useSession } from '../../store/session';
import { TemplateEditor } from './TemplateEditor';
import { WaErrorAlert } from './waText';

/** The text of each automatic message, per event and language: a list to pick from and the editor. */
export function TemplatesTab() {
  const { t } = useTranslation();
  const phone = useIsPhone();
  const officeLang = useSession((s) => s.office?.language) ?? 'id';
  const [lang, setLang] = useState<'id' | 'en'>(officeLang === 'en' ? 'en' : 'id');
  const [event, setEvent] = useState<WaTemplateEvent>('invoice_issued');
  const list = useCall('wa.templates', {});
  if (isForbidden(list.error)) return <Forbidden />;
  const of = (e: WaTemplateEvent): WaTemplateDto | undefined => list.data?.find((x) => x.event === e && x.lang === lang);
  const current = of(event);
  const flags = (tpl: WaTemplateDto | undefined) => (
    <Group gap={4} wrap="nowrap">
      {tpl && !tpl.enabled && (
        <Badge size="xs" color="gray">
          {t('whatsapp.templates.off')}
        </Badge>
      )}
      {tpl && !tpl.isDefault && (
        <Badge size="xs" color="blue" variant="light">
          {t('whatsapp.templates.custom')}
        </Badge>
      )}
    </Group>
  );
  return (
    <div data-testid="wa-templates">
      <Text size="sm" c="dimmed" mb="sm" maw={760}>
        {t('whatsapp.templates.intro')}
      </Text>
      <Group gap="sm" mb="md" align="center">
        <Text size="sm" fw={500}>
          {t('whatsapp.templates.language')}
        </Text>
        <SegmentedControl
          value={lang}
          onChange={(v) => setLang(v === 'en' ? 'en' : 'id')}
          data={[
            { value: 'id', label: t('language.id') },
            { value: 'en', label: t('language.en') },
          ]}
          data-testid="wa-template-lang"
        />
        <Text size="xs" c="dimmed">
          {t('whatsapp.templates.languageHint')}
        </Text>
      </Group>
      <WaErrorAlert error={list.error} />
      {!list.data && list.loading && <Loader size="sm" />}
      {list.data && (
        <Group align="flex-start" gap="md" wrap={phone ? 'wrap' : 'nowrap'}>
          {phone ? (
            <Select
              label={t('whatsapp.templates.event')}
              value={event}
              onChange={(v) => v && setEvent(v as WaTemplateEvent)}
              allowDeselect={false}
              data={WA_TEMPLATE_EVENTS.map((e) => ({ value: e, label: t(`whatsapp.kinds.${e}`) }))}
              w="100%"
              data-testid="wa-template-event"
            />
          ) : (
            <Card withBorder padding={4} w={290} style={{ flexShrink: 0 }}>
              <Stack gap={0}>
                {WA_TEMPLATE_EVENTS.map((e) => (
                  <NavLink key={e} active={e === event} label={t(`whatsapp.kinds.${e}`)} rightSection={flags(of(e))} onClick={() => setEvent(e)} data-testid={`wa-template-${e}`} />
                ))}
              </Stack>
            </Card>
          )}
          {current && (
            <TemplateEditor
              key={`${current.event}:${current.lang}:${current.updatedAt ?? ''}`}
              template={current}
              onSaved={() => void list.reload()}
            />
          )}
        </Group>
      )}
    </div>
  );
}
