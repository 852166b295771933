import { Card, Code, Loader, Table } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../components/PageTitle';
import { ErrorAlert } from '../components/ErrorAlert';
import { useLanguage } from '../i18n';
import { formatBytes, formatDateTime } from '../lib/format';
import { useCall } from '../lib/useCall';
import { useTimezone } from '../store/session';

export function About() {
  const { t } = useTranslation();
  const tz = useTimezone();
  const lang = useLanguage();
  const { data, error, loading } = useCall('system.about', {});
  const rows: [string, ReactNode][] = data
    ? [
        ['version', `${data.productName} ${data.version}`],
        ['mode', t(`about.modes.${data.mode}`)],
        ['dataDir', <Code key="d">{data.dataDir}</Code>],
        ['databaseFile', <Code key="f">{data.databaseFile}</Code>],
        ['databaseSize', formatBytes(data.databaseSizeBytes, lang)],
        ['schemaVersion', data.schemaVersion ?? '—'],
        ['node', data.node],
        ['electron', data.electron ?? t('about.notElectron')],
        ['platform', data.platform],
        ['startedAt', formatDateTime(data.startedAt, tz, lang)],
        ['listenUrl', data.listenUrl ? <Code key="u">{data.listenUrl}</Code> : t('about.notListening')],
      ]
    : [];
  return (
    <div data-testid="screen-about">
      <PageTitle title={t('nav.about')} description={t('about.intro')} />
      <ErrorAlert error={error} />
      {loading && !data && <Loader size="sm" />}
      {data && (
        <Card withBorder padding={0} maw={760}>
          <Table verticalSpacing="sm" horizontalSpacing="md" data-testid="about-table">
            <Table.Tbody>
              {rows.map(([k, v]) => (
                <Table.Tr key={k}>
                  <Table.Th style={{ verticalAlign: 'top', width: '35%' }}>
                    {t(`about.${k}`)}
                  </Table.Th>
                  <Table.Td style={{ wordBreak: 'break-all' }} data-testid={`about-${k}`}>
                    {v}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      )}
    </div>
  );
}
