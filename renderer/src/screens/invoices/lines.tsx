import { Badge, Group, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { InvoiceDto, InvoiceLineDto } from '../../../../shared/contract';
import { useLanguage } from '../../i18n';
import { formatRupiah } from '../../lib/format';
import { bpToPercent, formatDayRange, percentToBp } from './money';
import { lineParams } from '../../../../shared/invoice-text';

/**
 * An invoice line in words with its arithmetic ("Paket 10M, 17–30 Nov 2025: Rp 150.000 × 14/30 hari"): the
 * server sends a key under billing.lines and the numbers; money and dates are formatted here.
 */
export function useLineText(): (line: InvoiceLineDto) => string {
  const { t, i18n } = useTranslation();
  const lang = useLanguage();
  return (line) => {
    const params = lineParams(line.params, {
      money: (v) => formatRupiah(v, lang),
      // "11.5" from the server → "11,5 %" in Indonesian.
      rate: (r) => {
        const bp = percentToBp(r);
        return bp === null ? r : `${bpToPercent(bp, lang)}%`;
      },
      range: (from, to) => formatDayRange(from, to, lang),
    });
    const key = `billing.lines.${line.description}`;
    return i18n.exists(key) ? t(key, params) : line.description;
  };
}

/**
 * What kind of invoice this is, in words. A one-off invoice says which charge it is (or that it is a credit
 * note); the others their kind. `kinds` is the key set for the kind names (the customer page has its own).
 */
export function useKindLabel(kinds: 'billing.kinds' | 'customers.invoices.kinds' = 'billing.kinds'): (i: Pick<InvoiceDto, 'kind' | 'chargeType'>) => string {
  const { t, i18n } = useTranslation();
  return (i) => (i.kind === 'manual' && i.chargeType && i18n.exists(`billing.chargeTypes.${i.chargeType}`) ? t(`billing.chargeTypes.${i.chargeType}`) : t(`${kinds}.${i.kind}`));
}

/** The months of a package (3, 6, 12 paid at once) an invoice charges, from its plan line; null for a monthly one. */
export function packageMonths(lines: readonly InvoiceLineDto[]): number | null {
  const m = lines.find((l) => l.description === 'planCycle')?.params.months;
  return typeof m === 'number' && m > 1 ? m : null;
}

/** A credit note: a one-off credit, or any invoice whose total gives money back (a downgrade, a pause). */
export const isCreditNote = (i: Pick<InvoiceDto, 'chargeType' | 'total'>): boolean => i.chargeType === 'credit' || i.total < 0;

const STATUS_COLOR = { open: 'red', partial: 'orange', paid: 'green', void: 'gray' } as const;

/** Paid / partly paid / unpaid / void, and "overdue" next to it (or under it) when the due date has passed. */
export function InvoiceStatus({ invoice, size = 'sm', stacked = false }: { invoice: Pick<InvoiceDto, 'status' | 'overdue' | 'total' | 'chargeType'>; size?: 'xs' | 'sm' | 'md' | 'lg'; stacked?: boolean }) {
  const { t } = useTranslation();
  // A live credit note is settled by nature: "paid" would mislead, it is a credit.
  const credit = invoice.status !== 'void' && isCreditNote(invoice);
  const badges = [
    <Badge key="s" color={credit ? 'teal' : STATUS_COLOR[invoice.status]} variant="light" size={size} data-testid="invoice-status" data-status={invoice.status}>
      {credit ? t('billing.status.credit') : t(`billing.status.${invoice.status}`)}
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
