import { ActionIcon, Alert, Anchor, Badge, Button, CopyButton, Group, Modal, NumberInput, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { IconBrandWhatsapp, IconCheck, IconCopy, IconLink } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PaymentLinkDto } from '../../../../shared/contract';
import { ApiError, call, isDesktop } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLanguage } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { useCall } from '../../lib/useCall';
import { useSession, useTimezone } from '../../store/session';
import { qrSvg } from '../vouchers/print/engine/qr';

export type PayLinkTarget = { invoiceId: number; number: string; name: string; whatsapp?: string | null } | { customerId: number; name: string; whatsapp?: string | null };

/** wa.me wants the number in international form, digits only (08… → 628…). */
const waNumber = (n: string | null | undefined): string => {
  const d = (n ?? '').replace(/\D/g, '');
  return d.startsWith('0') ? `62${d.slice(1)}` : d;
};

/** "Tautan bayar": a button that opens a small modal to create (and copy, QR, WhatsApp) a payment link. */
export function PayLinkButton({ target }: { target: PayLinkTarget }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="default" leftSection={<IconLink size={16} />} onClick={() => setOpen(true)} data-testid="paylink-open">
        {t('gateway.link.action')}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={'invoiceId' in target ? t('gateway.link.titleInvoice', { number: target.number }) : t('gateway.link.titleCustomer', { name: target.name })} size="md" data-testid="paylink-modal">
        {open && <PayLinkBody target={target} />}
      </Modal>
    </>
  );
}

function linkError(err: unknown, t: (k: string) => string): string | null {
  if (!(err instanceof ApiError)) return null;
  if (err.code === 'conflict' && err.details?.field === 'accountId') return t('gateway.link.noAccount');
  if (err.code === 'conflict' && err.details?.field === 'customerId') return t('gateway.link.nothingOwed');
  if (err.code === 'conflict' && err.details?.field === 'publicBaseUrl') return t('gateway.link.noAddress');
  return null;
}

function PayLinkBody({ target }: { target: PayLinkTarget }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const tz = useTimezone();
  const office = useSession((s) => s.office);
  const query = 'invoiceId' in target ? { invoiceId: target.invoiceId } : { customerId: target.customerId };
  const links = useCall('gateway.links', query);
  const [days, setDays] = useState<number | string>(7);
  const [made, setMade] = useState<PaymentLinkDto | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      setMade(await call('gateway.createLink', { ...query, expiresInDays: typeof days === 'number' ? days : 7 }));
      void links.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const revoke = async (id: number) => {
    try {
      await call('gateway.revokeLink', { id });
      if (made?.id === id) setMade(null);
      void links.reload();
    } catch (err) {
      setError(err);
    }
  };
  const known = linkError(error, t);
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {t('gateway.link.intro')}
      </Text>
      {!made && (
        <Group align="flex-end" gap="sm">
          <NumberInput label={t('gateway.link.days')} min={1} max={90} w={140} value={days} onChange={setDays} data-testid="paylink-days" />
          <Button onClick={() => void create()} loading={busy} data-testid="paylink-create">
            {t('gateway.link.create')}
          </Button>
        </Group>
      )}
      {known ? (
        <Alert color="orange" variant="light" data-testid="paylink-error">
          {known}
        </Alert>
      ) : (
        <ErrorAlert error={error} />
      )}
      {made && <MadeLink link={made} target={target} officeName={office?.name ?? ''} at={formatDateTime(made.expiresAt, tz, lang)} />}
      <Text size="sm" fw={600} mt="xs">
        {t('gateway.link.existing')}
      </Text>
      {links.data && links.data.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('gateway.link.none')}
        </Text>
      )}
      {links.data?.map((l) => (
        <Group key={l.id} justify="space-between" wrap="nowrap" gap="xs" data-testid="paylink-row">
          <div style={{ minWidth: 0, flex: 1 }}>
            <Text size="xs" ff="monospace" truncate>
              {l.shortUrl}
            </Text>
            <Text size="xs" c="dimmed">
              {t('gateway.link.expires', { at: formatDateTime(l.expiresAt, tz, lang) })}
            </Text>
          </div>
          <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
            <Badge size="sm" variant="light" color={l.state === 'active' ? 'green' : 'gray'} style={{ flexShrink: 0 }}>
              {t(`gateway.link.states.${l.state}`)}
            </Badge>
            {l.state === 'active' && (
              <Button size="compact-xs" variant="subtle" color="red" onClick={() => void revoke(l.id)} data-testid="paylink-revoke">
                {t('gateway.link.revoke')}
              </Button>
            )}
          </Group>
        </Group>
      ))}
    </Stack>
  );
}

function MadeLink({ link, target, officeName, at }: { link: PaymentLinkDto; target: PayLinkTarget; officeName: string; at: string }) {
  const { t } = useTranslation();
  const what = 'invoiceId' in target ? t('gateway.link.whatInvoice', { number: target.number }) : t('gateway.link.whatAll');
  const text = t('gateway.link.message', { name: target.name, what, office: officeName, url: link.url, at });
  const wa = `https://wa.me/${waNumber(target.whatsapp)}?text=${encodeURIComponent(text)}`;
  return (
    <Stack gap="xs" data-testid="paylink-made">
      <Group gap={4} wrap="nowrap" align="flex-end">
        <TextInput label={t('gateway.link.url')} readOnly value={link.shortUrl} style={{ flex: 1 }} styles={{ input: { fontFamily: 'monospace' } }} data-testid="paylink-url" />
        <CopyButton value={link.url}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? t('gateway.link.copied') : t('gateway.link.copy')} withArrow>
              <ActionIcon size="lg" variant="default" color={copied ? 'teal' : 'gray'} onClick={copy} aria-label={t('gateway.link.copy')} data-testid="paylink-copy">
                {copied ? <IconCheck size={18} /> : <IconCopy size={18} />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      </Group>
      <Text size="xs" c="dimmed">
        {t('gateway.link.expires', { at })}
      </Text>
      {/* The QR is drawn here from the URL (the same code as the vouchers' QR login). */}
      <div style={{ width: 180, alignSelf: 'center' }} data-testid="paylink-qr" dangerouslySetInnerHTML={{ __html: qrSvg(link.url) }} />
      <Group gap="xs" justify="center">
        {!isDesktop() && (
          <Button component="a" href={wa} target="_blank" rel="noreferrer" color="green" leftSection={<IconBrandWhatsapp size={16} />} data-testid="paylink-whatsapp">
            {t('gateway.link.whatsapp')}
          </Button>
        )}
        <CopyButton value={text}>
          {({ copied, copy }) => (
            <Button variant="default" onClick={copy} leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />} data-testid="paylink-copy-message">
              {copied ? t('gateway.link.copied') : t('gateway.link.copyMessage')}
            </Button>
          )}
        </CopyButton>
        <Anchor href={link.url} target="_blank" rel="noreferrer" size="sm" data-testid="paylink-visit">
          {t('gateway.link.open')}
        </Anchor>
      </Group>
    </Stack>
  );
}
