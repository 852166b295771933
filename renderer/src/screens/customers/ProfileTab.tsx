import { Anchor, Card, SimpleGrid, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerDto } from '../../../../shared/contract';
import { isDesktop } from '../../api/client';
import { useLanguage } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { useTimezone } from '../../store/session';

function Field({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" data-testid={testId} style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
        {children}
      </Text>
    </div>
  );
}

/** wa.me wants digits only. The desktop shell opens no outside links (empty allow-list): plain text there. */
const waLink = (n: string) => `https://wa.me/${n.replace(/\D/g, '')}`;

/** The customer's details as recorded, with a WhatsApp and a map link where there is something to open. */
export function ProfileTab({ customer: c }: { customer: CustomerDto }) {
  const { t } = useTranslation();
  const tz = useTimezone();
  const lang = useLanguage();
  const dash = '—';
  const links = !isDesktop();
  return (
    <Card withBorder padding="md" data-testid="customer-profile">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <Field label={t('customers.form.name')} testId="profile-name">
          {c.name}
        </Field>
        <Field label={t('customers.form.phone')} testId="profile-phone">
          {c.phone ? <Anchor href={`tel:${c.phone}`}>{c.phone}</Anchor> : dash}
        </Field>
        <Field label={t('customers.form.whatsapp')} testId="profile-whatsapp">
          {c.whatsapp && links ? (
            <Anchor href={waLink(c.whatsapp)} target="_blank" rel="noreferrer">
              {c.whatsapp}
            </Anchor>
          ) : (
            (c.whatsapp ?? dash)
          )}
          <Text span size="xs" c={c.waOptIn ? 'green' : 'dimmed'}>
            {' '}
            · {t(c.waOptIn ? 'customers.profile.waYes' : 'customers.profile.waNo')}
          </Text>
        </Field>
        <Field label={t('customers.form.area')} testId="profile-area">
          {c.area || dash}
        </Field>
        <Field label={t('customers.form.address')} testId="profile-address">
          {c.address || dash}
        </Field>
        <Field label={t('customers.form.idNumber')} testId="profile-idnumber">
          {c.idNumber || dash}
        </Field>
        <Field label={t('customers.form.npwp')} testId="profile-npwp">
          {c.npwp || dash}
        </Field>
        <Field label={t('customers.form.collector')} testId="profile-collector">
          {c.collectorName ?? t('customers.form.collectorNone')}
        </Field>
        <Field label={t('customers.profile.location')}>
          {c.lat !== null && c.lng !== null && links ? (
            <Anchor href={`https://www.google.com/maps?q=${c.lat},${c.lng}`} target="_blank" rel="noreferrer" data-testid="profile-map">
              {c.lat}, {c.lng} · {t('customers.profile.map')}
            </Anchor>
          ) : c.lat !== null && c.lng !== null ? (
            `${c.lat}, ${c.lng}`
          ) : (
            dash
          )}
        </Field>
        <Field label={t('customers.profile.createdAt')}>{formatDateTime(c.createdAt, tz, lang)}</Field>
        <Field label={t('customers.profile.updatedAt')}>{formatDateTime(c.updatedAt, tz, lang)}</Field>
      </SimpleGrid>
      {c.notes && (
        <Stack gap={0} mt="md">
          <Field label={t('customers.form.notes')} testId="profile-notes">
            {c.notes}
          </Field>
        </Stack>
      )}
    </Card>
  );
}
