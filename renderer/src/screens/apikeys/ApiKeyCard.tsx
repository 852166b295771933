import { Badge, Button, Card, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconBan } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiKeyDto } from '../../../../shared/contract/apikeys';
import { useLanguage } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { useTimezone } from '../../store/session';
import { inOrder, permLabel } from './scopes';

/** Chips shown before "+N more". */
const FEW = 6;

const STATE_COLOR: Record<ApiKeyDto['state'], string> = { active: 'teal', expired: 'orange', revoked: 'gray' };

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId: string }) {
  return (
    <div style={{ minWidth: 0 }}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" style={{ overflowWrap: 'anywhere' }} data-testid={testId}>
        {children}
      </Text>
    </div>
  );
}

/** One API key: which one it is, what it may do, from where, until when, who made it, when it was last used. */
export function ApiKeyCard({ k, onRevoke }: { k: ApiKeyDto; onRevoke: () => void }) {
  const { t } = useTranslation();
  const tz = useTimezone();
  const lang = useLanguage();
  const at = (iso: string | null) => formatDateTime(iso, tz, lang);
  const [allScopes, setAllScopes] = useState(false);
  const scopes = inOrder(k.scopes);
  const shown = allScopes ? scopes : scopes.slice(0, FEW);
  const gone = k.state === 'revoked';
  const used = k.lastUsedAt ? (k.lastUsedIp ? t('apiKeys.lastUsedFrom', { at: at(k.lastUsedAt), ip: k.lastUsedIp }) : at(k.lastUsedAt)) : t('apiKeys.neverUsed');
  return (
    <Card withBorder padding="md" data-testid="apikey-row" data-id={k.id} data-name={k.name} data-state={k.state} style={gone ? { opacity: 0.75 } : undefined}>
      <Stack gap={8}>
        <Group justify="space-between" align="flex-start" gap="xs" wrap="nowrap">
          <div style={{ minWidth: 0 }}>
            <Group gap="xs" wrap="wrap">
              <Text fw={600} style={{ overflowWrap: 'anywhere' }} data-testid="apikey-row-name">
                {k.name}
              </Text>
              <Badge color={STATE_COLOR[k.state]} variant="light" data-testid="apikey-row-state">
                {t(`apiKeys.state.${k.state}`)}
              </Badge>
            </Group>
            <Text size="sm" ff="monospace" c="dimmed" data-testid="apikey-row-key">
              {k.prefix}…{k.last4}
            </Text>
          </div>
          {!gone && (
            <Button size="xs" variant="light" color="red" leftSection={<IconBan size={14} />} onClick={onRevoke} style={{ flexShrink: 0 }} data-testid="apikey-row-revoke">
              {t('apiKeys.revoke')}
            </Button>
          )}
        </Group>
        <Group gap={6} data-testid="apikey-row-scopes" aria-label={t('apiKeys.scopes')}>
          {shown.map((p) => (
            <Badge key={p} variant="outline" color="blue" tt="none" fw={500} title={p} data-scope={p}>
              {permLabel(t, p)}
            </Badge>
          ))}
          {scopes.length > FEW && (
            <Button size="compact-xs" variant="subtle" onClick={() => setAllScopes((v) => !v)} data-testid="apikey-row-more-scopes">
              {allScopes ? t('apiKeys.fewerScopes') : t('apiKeys.moreScopes', { count: scopes.length - FEW })}
            </Button>
          )}
        </Group>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm" verticalSpacing={6}>
          <Fact label={t('apiKeys.allowIps')} testId="apikey-row-ips">
            {k.allowIps.length === 0 ? t('apiKeys.anyAddress') : <span style={{ fontFamily: 'var(--mantine-font-family-monospace)' }}>{k.allowIps.join(', ')}</span>}
          </Fact>
          <Fact label={k.state === 'expired' ? t('apiKeys.expiredAt') : t('apiKeys.expires')} testId="apikey-row-expires">
            {k.expiresAt ? at(k.expiresAt) : t('apiKeys.noExpiry')}
          </Fact>
          <Fact label={t('apiKeys.created')} testId="apikey-row-created">
            {k.createdBy ? t('apiKeys.createdBy', { at: at(k.createdAt), name: k.createdBy.name }) : at(k.createdAt)}
          </Fact>
          <Fact label={t('apiKeys.lastUsed')} testId="apikey-row-used">
            {used}
          </Fact>
          {gone && (
            <Fact label={t('apiKeys.revokedAt')} testId="apikey-row-revoked">
              {at(k.revokedAt)}
            </Fact>
          )}
        </SimpleGrid>
      </Stack>
    </Card>
  );
}
