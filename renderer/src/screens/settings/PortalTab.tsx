import { ActionIcon, Alert, Button, Card, CopyButton, Divider, Group, NumberInput, Stack, Switch, Text, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCopy, IconDeviceMobile, IconExternalLink } from '@tabler/icons-react';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useCall } from '../../lib/useCall';
import { isLocalOnly } from '../vouchers/ShopCard';
import { qrSvg, svgDataUrl } from '../vouchers/print/engine/qr';
import { GroupForm, NARROW, useGroupForm, type GroupProps } from './GroupForm';

/**
 * The portal's address: the same base as the voucher shop's (an online payment account's public address, else
 * the listener's LAN address) with /portal/; in server mode without either, the address this browser uses.
 */
export function portalAddress(shopUrl: string | null | undefined, here: Location = window.location): string | null {
  if (shopUrl) return shopUrl.replace(/\/shop\/?$/, '') + '/portal/';
  if (here.protocol === 'http:' || here.protocol === 'https:') return `${here.origin}/portal/`;
  return null;
}

/** Settings → Portal: whether the customer portal is open, how customers sign in, and the address to give them. */
export function PortalTab({ value, onSaved, whatsappOn }: GroupProps<'portal'> & { whatsappOn: boolean }) {
  const { t } = useTranslation();
  const form = useGroupForm('portal', value);
  const v = form.getValues();
  return (
    <Stack gap="xl">
      <Text size="sm" c="dimmed" maw={640}>
        {t('portalSettings.intro')}
      </Text>
      <AddressCard open={value.enabled} />
      <Divider />
      <GroupForm group="portal" form={form} onSaved={onSaved}>
        <Switch label={t('portalSettings.enabled')} description={t('portalSettings.enabledHint')} {...form.getInputProps('enabled', { type: 'checkbox' })} data-testid="portal-enabled" />
        <Switch label={t('portalSettings.codeLogin')} description={t('portalSettings.codeLoginHint')} disabled={!v.enabled} {...form.getInputProps('codeLogin', { type: 'checkbox' })} data-testid="portal-code-login" />
        <Switch label={t('portalSettings.passwordLogin')} description={t('portalSettings.passwordLoginHint')} disabled={!v.enabled} {...form.getInputProps('passwordLogin', { type: 'checkbox' })} data-testid="portal-password-login" />
        {v.enabled && !v.codeLogin && !v.passwordLogin && <Warn testId="portal-no-method">{t('portalSettings.noMethod')}</Warn>}
        {v.enabled && v.codeLogin && !whatsappOn && <Warn testId="portal-wa-off">{t('portalSettings.waOff')}</Warn>}
        <NumberInput label={t('portalSettings.sessionDays')} description={t('portalSettings.sessionDaysHint')} min={1} max={365} allowDecimal={false} allowNegative={false} styles={NARROW} {...form.getInputProps('sessionDays')} data-testid="portal-session-days" />
        <NumberInput label={t('portalSettings.codesPer15Min')} description={t('portalSettings.codesPer15MinHint')} min={1} max={50} allowDecimal={false} allowNegative={false} styles={NARROW} {...form.getInputProps('codesPer15Min')} data-testid="portal-codes-per-15" />
      </GroupForm>
    </Stack>
  );
}

function Warn({ children, testId }: { children: string; testId: string }) {
  return (
    <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} p="xs" data-testid={testId}>
      <Text size="sm">{children}</Text>
    </Alert>
  );
}

/** The address customers open (copy, open, QR), or why their phones cannot reach it yet. */
function AddressCard({ open }: { open: boolean }) {
  const { t } = useTranslation();
  const shop = useCall('gateway.shop', {});
  const url = shop.loading && !shop.data ? null : portalAddress(shop.data?.url);
  const local = url !== null && isLocalOnly(url);
  const qr = useMemo(() => (url && !local ? svgDataUrl(qrSvg(url)) : null), [url, local]);
  if (shop.loading && !shop.data) return null;
  return (
    <Card withBorder padding="md" data-testid="portal-address-card" maw={720}>
      <Group gap={8} mb={4} wrap="nowrap">
        <IconDeviceMobile size={20} />
        <Text fw={700}>{t('portalSettings.address')}</Text>
      </Group>
      <Text size="sm" c="dimmed" mb="sm">
        {t('portalSettings.addressHint')}
      </Text>
      <Stack gap="xs" mb="sm">
        {!open && <Warn testId="portal-off">{t('portalSettings.off')}</Warn>}
        {url === null && <Warn testId="portal-no-address">{t('portalSettings.noAddress')}</Warn>}
        {local && <Warn testId="portal-local-only">{t('portalSettings.localOnly')}</Warn>}
      </Stack>
      {url && (
        <Group align="flex-start" gap="lg">
          {qr && <img src={qr} alt={t('portalSettings.qr')} width={148} height={148} style={{ flexShrink: 0, border: '1px solid var(--mantine-color-gray-3)', borderRadius: 4 }} data-testid="portal-qr" />}
          <Stack gap="xs" style={{ flex: 1, minWidth: 240 }}>
            <Group gap="xs" align="center">
              <Text ff="monospace" size="sm" px="xs" py={6} bg="gray.0" style={{ flex: '1 1 260px', wordBreak: 'break-all', borderRadius: 4, border: '1px solid var(--mantine-color-gray-3)' }} data-testid="portal-url">
                {url}
              </Text>
              <Group gap="xs" wrap="nowrap">
                <CopyButton value={url}>
                  {({ copied, copy }) => (
                    <Tooltip label={copied ? t('portalSettings.copied') : t('portalSettings.copy')} withArrow>
                      <ActionIcon size="lg" variant="default" color={copied ? 'teal' : 'gray'} onClick={copy} aria-label={t('portalSettings.copy')} data-testid="portal-copy">
                        {copied ? <IconCheck size={18} /> : <IconCopy size={18} />}
                      </ActionIcon>
                    </Tooltip>
                  )}
                </CopyButton>
                <Button component="a" href={url} target="_blank" rel="noreferrer" variant="default" leftSection={<IconExternalLink size={16} />} style={{ flexShrink: 0 }} data-testid="portal-open">
                  {t('portalSettings.open')}
                </Button>
              </Group>
            </Group>
            <Text size="xs" c="dimmed">
              {t('portalSettings.httpsNote')}
            </Text>
          </Stack>
        </Group>
      )}
    </Card>
  );
}
