import { useTranslation } from 'react-i18next';
import type { InvoiceDetail } from '../../../../shared/contract';
import { useLanguage } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { useTimezone } from '../../store/session';
import { isCreditNote, packageMonths, useKindLabel, useLineText } from './lines';
import { bpToPercent, formatLocalDate, formatPeriod, percentToBp, useRupiah } from './money';
import type { OfficeInfo } from './print';

/**
 * The invoice as printed (A4) and as shown on its page: office, customer, every line with its arithmetic,
 * totals, what was paid and what is left. Plain HTML + the document CSS (see docCss.ts).
 */
export function InvoiceDocument({ invoice: inv, office, customerNpwp = '', testIds = false }: { invoice: InvoiceDetail; office: OfficeInfo; customerNpwp?: string; testIds?: boolean }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const tz = useTimezone();
  const rupiah = useRupiah();
  const lineText = useLineText();
  const tid = (id: string) => (testIds ? { 'data-testid': id } : {});
  const period = inv.periodStart && inv.periodEnd ? formatPeriod(inv.periodStart, inv.periodEnd, lang) : null;
  const meta: [string, string][] = [
    [t('billing.invoice.number'), inv.number],
    [t('billing.invoice.issued'), formatLocalDate(inv.issueDate, lang)],
    ...(isCreditNote(inv) ? [] : [[t('billing.invoice.due'), formatLocalDate(inv.dueDate, lang)] as [string, string]]),
    ...(period ? [[t('billing.invoice.period'), period] as [string, string]] : []),
    ...(inv.username ? [[t('billing.invoice.username'), inv.username] as [string, string]] : []),
  ];
  // A credit note gives money back: no "paid"/"left to pay", and no "Lunas" stamp unless it was voided.
  const credit = isCreditNote(inv);
  const stamp = inv.status === 'paid' ? t('billing.invoice.stampPaid') : t(`billing.status.${inv.status}`);
  const kind = useKindLabel();
  const taxRows = useTaxRows(inv);
  // DPP + PPN (+ rounding) = total: spelled out whenever the total is more than the lines' sum.
  const showBreakdown = inv.tax !== 0 || inv.rounding !== 0;
  const included = inv.lines.some((l) => l.kind === 'tax' && !l.counted);

  return (
    <div className="mbdoc mbdoc-a4" {...tid('invoice-document')}>
      <div className="head">
        <div className="brand">
          {office.logo && <img src={office.logo} alt="" />}
          <div>
            <div className="office">{office.name}</div>
            {office.address && <div className="small muted">{office.address}</div>}
            {office.phone && <div className="small muted">{office.phone}</div>}
            {office.npwp && (
              <div className="small muted" {...tid('invoice-office-npwp')}>
                {t('billing.invoice.npwp')}:{' '}
                <span style={{ whiteSpace: 'nowrap' }}>{office.npwp}</span>
              </div>
            )}
          </div>
        </div>
        <div>
          <div className="title" {...tid('invoice-doc-title')}>
            {credit ? t('billing.invoice.docTitleCredit') : t('billing.invoice.docTitle')}
          </div>
          {inv.kind !== 'period' && inv.chargeType !== 'credit' && (
            <div className="small muted" style={{ textAlign: 'right' }}>
              {kind(inv)}
            </div>
          )}
          {inv.kind === 'period' && packageMonths(inv.lines) && (
            <div className="small muted" style={{ textAlign: 'right' }}>
              {t('billing.invoice.packageKind', { months: packageMonths(inv.lines) })}
            </div>
          )}
          {(!credit || inv.status === 'void') && (
            <div style={{ textAlign: 'right', marginTop: 4 }}>
              <span className={`stamp ${inv.status}`}>{stamp}</span>
            </div>
          )}
        </div>
      </div>
      <div className="parties">
        <div>
          <div className="small muted">{t('billing.invoice.billTo')}</div>
          <div className="strong">{inv.customerName}</div>
          <div className="small">{inv.customerNumber}</div>
          {inv.customerAddress && <div className="small">{inv.customerAddress}</div>}
          {inv.customerPhone && <div className="small">{inv.customerPhone}</div>}
          {customerNpwp && (
            <div className="small" {...tid('invoice-customer-npwp')}>
              {t('billing.invoice.npwp')}:{' '}
              <span style={{ whiteSpace: 'nowrap' }}>{customerNpwp}</span>
            </div>
          )}
        </div>
        <table style={{ width: 'auto' }}>
          <tbody>
            {meta.map(([k, v]) => (
              <tr key={k}>
                <td className="muted small">{k}</td>
                <td className="strong small">{v}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {inv.status === 'void' && (
        <p className="small">
          {t('billing.invoice.voidedNote', { time: formatDateTime(inv.voidedAt, tz, lang), reason: inv.voidReason ?? '' })}
        </p>
      )}
      <table className="lines" {...tid('invoice-lines')}>
        <thead>
          <tr>
            <th>{t('billing.invoice.description')}</th>
            <th className="num">{t('billing.common.amount')}</th>
          </tr>
        </thead>
        <tbody>
          {inv.lines.map((l, i) => (
            <tr key={i} className={l.counted ? '' : 'info'} data-counted={l.counted} {...tid('invoice-line')}>
              <td>
                {lineText(l)}
                {!l.counted && <div className="small">{l.kind === 'tax' ? t('billing.invoice.taxIncludedNote') : t('billing.invoice.notCounted')}</div>}
              </td>
              <td className="num">{rupiah(l.amount)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="totals" {...tid('invoice-totals')}>
        <tbody>
          {showBreakdown && (
            <>
              <tr>
                <td>{included ? t('billing.invoice.dpp') : t('billing.invoice.subtotal')}</td>
                <td className="num" {...tid('invoice-subtotal')}>
                  {rupiah(inv.subtotal)}
                </td>
              </tr>
              {taxRows.map((r, i) => (
                <tr key={i} {...tid('invoice-tax-row')}>
                  <td>{r.label}</td>
                  <td className="num">{rupiah(r.amount)}</td>
                </tr>
              ))}
              {inv.rounding !== 0 && (
                <tr>
                  <td>{t('billing.invoice.rounding')}</td>
                  <td className="num" {...tid('invoice-rounding')}>
                    {inv.rounding > 0 ? `+${rupiah(inv.rounding)}` : rupiah(inv.rounding)}
                  </td>
                </tr>
              )}
            </>
          )}
          <tr className="grand">
            <td>{credit ? t('billing.invoice.creditTotal') : t('billing.invoice.total')}</td>
            <td className="num" {...tid('invoice-total')}>
              {rupiah(inv.total)}
            </td>
          </tr>
          {!credit && (
            <>
              <tr>
                <td>{t('billing.invoice.paid')}</td>
                <td className="num" {...tid('invoice-paid')}>
                  {rupiah(inv.paid)}
                </td>
              </tr>
              <tr className="strong">
                <td>{t('billing.invoice.remaining')}</td>
                <td className="num" {...tid('invoice-remaining')}>
                  {rupiah(inv.remaining)}
                </td>
              </tr>
            </>
          )}
        </tbody>
      </table>
      <div className="foot">
        {inv.remaining > 0 && inv.status !== 'void' && <div>{t('billing.invoice.payBefore', { date: formatLocalDate(inv.dueDate, lang), amount: rupiah(inv.remaining) })}</div>}
        {inv.customerBalance > inv.remaining && <div>{t('billing.invoice.totalOwed', { amount: rupiah(inv.customerBalance) })}</div>}
        {inv.customerBalance < 0 && <div>{t('billing.invoice.creditNote', { amount: rupiah(-inv.customerBalance) })}</div>}
        <div>{t('billing.invoice.thanks')}</div>
      </div>
    </div>
  );
}

/**
 * The PPN rows of the totals, one per rate: "PPN 11%" when it is added to the price, "PPN 11% (termasuk)" when
 * the prices include it (DPP + PPN is then the price the customer pays). From the tax lines; one plain row if
 * they do not add up to the invoice's tax.
 */
function useTaxRows(inv: InvoiceDetail): { label: string; amount: number }[] {
  const { t } = useTranslation();
  const lang = useLanguage();
  if (inv.tax === 0) return [];
  const lines = inv.lines.filter((l) => l.kind === 'tax');
  if (lines.reduce((a, l) => a + l.amount, 0) !== inv.tax) return [{ label: t('billing.invoice.tax'), amount: inv.tax }];
  return lines.map((l) => {
    const bp = percentToBp(String(l.params.rate ?? ''));
    const rate = bp === null ? String(l.params.rate ?? '') : `${bpToPercent(bp, lang)}%`;
    return { label: l.counted ? t('billing.invoice.taxRate', { rate }) : t('billing.invoice.taxIncludedRow', { rate }), amount: l.amount };
  });
}
