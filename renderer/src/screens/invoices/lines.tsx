import { Badge, Group, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { InvoiceDto, InvoiceLineDto } from '../../../../shared/contract';
import { useLanguage } from '../../i18n';
import { formatRupiah } from '../../lib/format';
import { bpToPercent, formatDayRange, percentToBp } from './money';

/**
 * An invoice line in words with its arithmetic ("Paket 10M, 17–30 Nov 2025: Rp 150.000 × 14/30 hari"): the
 * server sends a key under billing.lines and the numbers; money and dates are formatted here.
 */
export function useLineText(): (line: InvoiceLineDto) => string {
  const { t, i18n } = useTranslation();
  const lang = useLanguage();
  return (line) => {
    const p = line.params;
    const money = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) ? formatRupiah(v, lang) : String(v ?? ''));
    const rateText = (r: unknown) => {
      const bp = percentToBp(String(r ?? ''));
      return bp === null ? String(r ?? '') : `${bpToPercent(bp, lang)}%`;
    };
    const params = {
      ...p,
      price: money(p.price),
      discount: money(p.discount),
      base: money(p.base),
      // "11.5" from the server → "11,5 %" in Indonesian.
      rate: rateText(p.rate),
      range: formatDayRange(typeof p.from === 'string' ? p.from : undefined, typeof p.to === 'string' ? p.to : undefined, lang),
    };
    const key = `billing.lines.${line.description}`;
    return i18n.exists(key) ? t(key, params) : line.description;
  };
}

const STATUS_COLOR = { open: 'red', partial: 'orange', paid: 'green', void: 'gray' } as const;

/** Paid / partly paid / unpaid / void, and "overdue" next to it (or under it) when the due date has passed. */
export function InvoiceStatus({ invoice, size = 'sm', stacked = false }: { invoice: Pick<InvoiceDto, 'status' | 'overdue'>; size?: 'xs' | 'sm' | 'md' | 'lg'; stacked?: boolean }) {
  const { t } = useTranslation();
  const badges = [
    <Badge key="s" color={STATUS_COLOR[invoice.status]} variant="light" size={size} data-testid="invoice-status" data-status={invoice.status}>
      {t(`billing.status.${invoice.status}`)}
    </Badge>,
    invoice.overdue && invoice.status !== 'paid' && invoice.status !== 'void' && (
      <Badge key="o" color="red" variant="filled" size={size} data-testid="invoice-overdue">
        {t('billing.status.overdue')}
      </Badge>
    ),
  ];
  return stacked ? (
    <Stack gap={4} align="flex-end">
      {badges}
    </Stack>
  ) : (
    <Group gap={4} wrap="nowrap">
      {badges}
    </Group>
  );
}
