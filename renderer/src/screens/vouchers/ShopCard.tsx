import { ActionIcon, Alert, Anchor, Button, Card, CopyButton, Group, Stack, Table, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconBuildingStore, IconCheck, IconCopy, IconExternalLink, IconPrinter } from '@tabler/icons-react';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { VoucherShopInfo } from '../../../../shared/contract/payments';
import { ErrorAlert } from '../../components/ErrorAlert';
import type { CallState } from '../../lib/useCall';
import { ErrorText } from '../../lib/errors';
import { hrefOf } from '../../store/route';
import { useCan } from '../../store/session';
import { DocStyles, PrintArea, useOfficeInfo, type PrintHandle } from '../invoices/print';
import { useMoney } from './common';
import { svgDataUrl } from './print/engine/qr';
import { ShopPoster } from './ShopPoster';

/** An address only this computer can open (the listener on loopback): a buyer's phone cannot reach it. */
export function isLocalOnly(url: string): boolean {
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    return host === 'localhost' || host === '::1' || host.startsWith('127.');
  } catch {
    return false;
  }
}

type Problem = 'noProfiles' | 'noAccounts' | 'noUrl' | 'localOnly';

/** Why the shop cannot sell yet, worst first. */
export function shopProblems(s: VoucherShopInfo): Problem[] {
  const out: Problem[] = [];
  if (s.accounts === 0) out.push('noAccounts');
  if (s.url === null) out.push('noUrl');
  else if (isLocalOnly(s.url)) out.push('localOnly');
  if (s.profiles.length === 0) out.push('noProfiles');
  return out;
}

/** "Toko voucher": where the clerk finds the public voucher shop (address, QR, prices, poster) and why it cannot sell. */
export function ShopCard({ shop }: { shop: CallState<VoucherShopInfo> }) {
  const { t } = useTranslation();
  const money = useMoney();
  const office = useOfficeInfo();
  const printer = useRef<PrintHandle>(null);
  const s = shop.data;
  if (!s) return <ErrorAlert error={shop.error} />;
  const problems = shopProblems(s);
  const ready = problems.length === 0;
  // A QR code a buyer's phone cannot open only misleads: none for the loopback address.
  const qr = s.url && s.qrSvg && !problems.includes('localOnly') ? s.qrSvg : null;
  const inSettings = problems.some((p) => p !== 'noProfiles');
  const print = async () => {
    try {
      await printer.current?.print();
    } catch (err) {
      notifications.show({ color: 'red', message: <ErrorText error={err} /> });
    }
  };
  return (
    <Card withBorder padding="md" data-testid="shop-card" data-ready={ready}>
      <Group justify="space-between" align="flex-start" gap="xs" mb={4}>
        <Group gap={8} wrap="nowrap">
          <IconBuildingStore size={20} />
          <Text fw={700}>{t('vouchers.shop.title')}</Text>
        </Group>
        {ready && s.url && s.qrSvg && (
          <Button size="compact-sm" variant="default" leftSection={<IconPrinter size={14} />} onClick={() => void print()} data-testid="shop-print">
            {t('vouchers.shop.print')}
          </Button>
        )}
      </Group>
      <Text size="sm" c="dimmed" mb="sm" maw={720}>
        {t('vouchers.shop.intro')}
      </Text>
      <Stack gap="xs" mb={problems.length ? 'sm' : 0}>
        {problems.map((p) => (
          <Warning key={p} problem={p} />
        ))}
        {inSettings && <SettingsHint />}
      </Stack>
      <Group align="flex-start" gap="lg">
        {qr && <img src={svgDataUrl(qr)} alt={t('vouchers.shop.qr')} width={148} height={148} style={{ flexShrink: 0, border: '1px solid var(--mantine-color-gray-3)', borderRadius: 4 }} data-testid="shop-qr" />}
        <Stack gap="xs" style={{ flex: 1, minWidth: 240 }}>
          {s.url && <UrlRow url={s.url} />}
          <Text size="sm" fw={600} mt={4}>
            {t('vouchers.shop.onSale')}
          </Text>
          <Prices profiles={s.profiles} money={money} />
        </Stack>
      </Group>
      {ready && s.url && s.qrSvg && (
        <>
          <DocStyles />
          <PrintArea size="A4" ref={printer}>
            <ShopPoster office={office.name} url={s.url} qrSvg={s.qrSvg} profiles={s.profiles} money={money} />
          </PrintArea>
        </>
      )}
    </Card>
  );
}

function Warning({ problem }: { problem: Problem }) {
  const { t } = useTranslation();
  return (
    <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} p="xs" data-testid="shop-warning" data-kind={problem}>
      <Text size="sm">{t(`vouchers.shop.${problem}`)}</Text>
    </Alert>
  );
}

/** Where the payment accounts are set up, once under the warnings; who cannot open the settings asks the owner. */
function SettingsHint() {
  const { t } = useTranslation();
  const canSettings = useCan('settings.read');
  if (!canSettings)
    return (
      <Text size="sm" c="dimmed" data-testid="shop-settings-ask">
        {t('vouchers.shop.askOwner')}
      </Text>
    );
  return (
    <Anchor href={hrefOf('settings/gateway')} size="sm" data-testid="shop-settings-link">
      {t('vouchers.shop.settingsLink')} →
    </Anchor>
  );
}

/** The address whole (it wraps on a phone rather than hiding its end in an input), with copy and open. */
function UrlRow({ url }: { url: string }) {
  const { t } = useTranslation();
  return (
    <div>
      <Text size="sm" fw={600}>
        {t('vouchers.shop.url')}
      </Text>
      <Group gap="xs" align="center" mt={4}>
        <Text ff="monospace" size="sm" px="xs" py={6} bg="gray.0" style={{ flex: '1 1 260px', wordBreak: 'break-all', borderRadius: 4, border: '1px solid var(--mantine-color-gray-3)' }} data-testid="shop-url">
          {url}
        </Text>
        <Group gap="xs" wrap="nowrap">
          <CopyButton value={url}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? t('vouchers.shop.copied') : t('vouchers.shop.copy')} withArrow>
                <ActionIcon size="lg" variant="default" color={copied ? 'teal' : 'gray'} onClick={copy} aria-label={t('vouchers.shop.copy')} data-testid="shop-copy">
                  {copied ? <IconCheck size={18} /> : <IconCopy size={18} />}
                </ActionIcon>
              </Tooltip>
            )}
          </CopyButton>
          <Button component="a" href={url} target="_blank" rel="noreferrer" variant="default" leftSection={<IconExternalLink size={16} />} style={{ flexShrink: 0 }} data-testid="shop-open">
            {t('vouchers.shop.open')}
          </Button>
        </Group>
      </Group>
    </div>
  );
}

function Prices({ profiles, money }: { profiles: VoucherShopInfo['profiles']; money: (n: number) => string }) {
  const { t } = useTranslation();
  if (profiles.length === 0)
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  return (
    <Table withRowBorders={false} verticalSpacing={2} horizontalSpacing={0} maw={420} data-testid="shop-profiles" aria-label={t('vouchers.shop.onSale')}>
      <Table.Tbody>
        {profiles.map((p) => (
          <Table.Tr key={p.id} data-testid="shop-profile" data-name={p.name}>
            <Table.Td>
              <Text size="sm">{p.name}</Text>
            </Table.Td>
            <Table.Td ta="right">
              <Text size="sm" fw={600}>
                {money(p.price)}
              </Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
