import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { VoucherBatchDto, VoucherState } from '../../../../shared/contract/vouchers';
import { useLanguage } from '../../i18n';

/** Integer rupiah in the UI language; today in the office time zone (the billing screens' helpers). */
export { todayIn, useRupiah as useMoney } from '../invoices/money';

/** The query after '?' in the hash (`#/vouchers/print?batch=3`). */
export function hashQuery(): URLSearchParams {
  const hash = window.location.hash;
  const i = hash.indexOf('?');
  return new URLSearchParams(i >= 0 ? hash.slice(i + 1) : '');
}

/** Where the print view of a batch or of chosen vouchers lives. */
export const printPath = (what: { batchId: number } | { ids: number[] }): string =>
  'batchId' in what ? `vouchers/print?batch=${what.batchId}` : `vouchers/print?ids=${what.ids.join(',')}`;

const UNITS = [
  ['w', 'weeks'],
  ['d', 'days'],
  ['h', 'hours'],
  ['m', 'minutes'],
  ['s', 'seconds'],
] as const;

/** A RouterOS duration (1d12h) in words: "1 hari 12 jam"; the text itself when it is not one. */
export function useDurationText(): (d: string | null | undefined) => string {
  const { t } = useTranslation();
  return (d) => {
    if (!d) return '—';
    const m = /^(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(d.trim());
    if (!m || !d.trim()) return d;
    const parts = UNITS.map(([, unit], i) => (m[i + 1] ? t(`vouchers.units.${unit}`, { n: Number(m[i + 1]) }) : '')).filter(Boolean);
    return parts.length ? parts.join(' ') : d;
  };
}

const STATE_COLORS: Record<VoucherState, string> = { unused: 'blue', active: 'green', expired: 'gray', disabled: 'orange', removed: 'red' };

export function StateBadge({ state }: { state: VoucherState }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATE_COLORS[state]} variant="light" data-testid="voucher-state" data-state={state}>
      {t(`vouchers.states.${state}`)}
    </Badge>
  );
}

const BATCH_COLORS: Record<VoucherBatchDto['status'], string> = { pushing: 'blue', done: 'green', cancelled: 'gray', imported: 'grape' };

export function BatchStatusBadge({ status, failing }: { status: VoucherBatchDto['status']; failing?: boolean }) {
  const { t } = useTranslation();
  return (
    <Badge color={failing && status === 'pushing' ? 'red' : BATCH_COLORS[status]} variant="light" data-testid="batch-status" data-status={status}>
      {t(`vouchers.batchStatus.${status}`)}
    </Badge>
  );
}

/** Rupiah input props shared by every money field (no decimals, thousands as the language writes them). */
export function useRupiahInput() {
  const lang = useLanguage();
  return {
    prefix: 'Rp ',
    thousandSeparator: lang === 'id' ? '.' : ',',
    decimalSeparator: lang === 'id' ? ',' : '.',
    allowDecimal: false,
    allowNegative: false,
    hideControls: true,
  } as const;
}
