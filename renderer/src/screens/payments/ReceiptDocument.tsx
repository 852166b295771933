import { useTranslation } from 'react-i18next';
import type { PaymentDto } from '../../../../shared/contract';
import { useLanguage } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { useTimezone } from '../../store/session';
import { useRupiah } from '../invoices/money';
import type { OfficeInfo, PrintSize } from '../invoices/print';

const SIZE_CLASS: Record<PrintSize, string> = { '58mm': 'mbdoc mbdoc-thermal mbdoc-58', '80mm': 'mbdoc mbdoc-thermal mbdoc-80', A4: 'mbdoc mbdoc-a4 mbdoc-receipt-a4' };

/** A receipt as printed: plain HTML and the document CSS only (the desktop print window has nothing else). */
export function ReceiptDocument({ payment: p, office, size }: { payment: PaymentDto; office: OfficeInfo; size: PrintSize }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const tz = useTimezone();
  const rupiah = useRupiah();
  const thermal = size !== 'A4';
  // A refund is money going out: its own title and words, no invoices, and a place for the customer to sign.
  const refund = p.kind === 'refund';
  const title = refund ? t('billing.receipt.refundTitle') : t('billing.receipt.title');
  const gap = <div className={thermal ? 'rule' : ''} style={thermal ? undefined : { height: 10 }} />;
  const applied = p.applied.reduce((a, x) => a + x.amount, 0);
  const leftover = p.amount - applied;
  const method = t(`billing.methods.${p.method}`);
  const kv = (label: string, value: string, cls = '') => (
    <tr className={cls}>
      <td className="muted">{label}</td>
      <td className="num">{value}</td>
    </tr>
  );
  return (
    <div className={SIZE_CLASS[size]}>
      <div className={thermal ? 'brand' : 'head'}>
        <div className={thermal ? '' : 'brand'}>
          {office.logo && <img src={office.logo} alt="" />}
          <div>
            <div className="office">{office.name}</div>
            {office.address && <div className="small muted">{office.address}</div>}
            {office.phone && <div className="small muted">{office.phone}</div>}
          </div>
        </div>
        {!thermal && <div className="title">{title}</div>}
      </div>
      {thermal && (
        <>
          <div className="rule" />
          <div className="center strong">{title}</div>
        </>
      )}
      {p.reversedAt && (
        <div className="center" style={{ margin: '6px 0' }}>
          <span className="stamp void">{t('billing.receipt.reversedStamp')}</span>
          <div className="small">{p.reverseReason}</div>
        </div>
      )}
      <table className="kv">
        <tbody>
          {kv(refund ? t('billing.receipt.refundNumber') : t('billing.receipt.number'), p.number)}
          {kv(t('billing.receipt.date'), formatDateTime(p.receivedAt, tz, lang))}
        </tbody>
      </table>
      <div className={thermal ? 'rule' : ''} style={thermal ? undefined : { height: 10 }} />
      <div className="strong">{p.customerName}</div>
      <div className="small muted">{p.customerNumber}</div>
      <div className={thermal ? 'rule' : ''} style={thermal ? undefined : { height: 10 }} />
      {refund ? (
        <>
          <table className="kv">
            <tbody>
              {kv(t('billing.receipt.refundAmount'), rupiah(p.amount), 'big')}
              {kv(t('billing.receipt.refundMethod'), p.reference ? `${method} · ${p.reference}` : method)}
            </tbody>
          </table>
          {gap}
          <table className="kv">
            <tbody>
              {kv(t('billing.receipt.refundBalanceAfter'), rupiah(Math.max(0, -p.balanceAfter)), 'strong')}
              {kv(t('billing.receipt.refundBy'), p.receivedBy ?? '—')}
            </tbody>
          </table>
          {p.note && (
            <div className="small">
              <span className="muted">{t('billing.receipt.refundNote')}:</span> {p.note}
            </div>
          )}
          <table style={{ marginTop: thermal ? 10 : 24 }}>
            <tbody>
              <tr>
                <td className="center small">{t('billing.receipt.signStaff')}</td>
                <td className="center small">{t('billing.receipt.signReceiver')}</td>
              </tr>
              <tr>
                <td className="center small" style={{ paddingTop: thermal ? 28 : 44 }}>
                  ( {p.receivedBy ?? '……………'} )
                </td>
                <td className="center small" style={{ paddingTop: thermal ? 28 : 44 }}>
                  ( {p.customerName} )
                </td>
              </tr>
            </tbody>
          </table>
        </>
      ) : (
        <>
          <table className="kv">
            <tbody>
              {kv(t('billing.receipt.amount'), rupiah(p.amount), 'big')}
              {kv(t('billing.receipt.method'), p.reference ? `${method} · ${p.reference}` : method)}
            </tbody>
          </table>
          {(p.applied.length > 0 || leftover > 0) && (
            <>
              <div className={thermal ? 'rule' : ''} style={thermal ? undefined : { height: 10 }} />
              <div className="small strong">{t('billing.receipt.paidFor')}</div>
              <table className="kv">
                <tbody>
                  {p.applied.map((a) => (
                    <tr key={a.invoiceId}>
                      <td>{a.number}</td>
                      <td className="num">{rupiah(a.amount)}</td>
                    </tr>
                  ))}
                  {leftover > 0 && kv(t('billing.receipt.toCredit'), rupiah(leftover))}
                </tbody>
              </table>
            </>
          )}
          <div className={thermal ? 'rule' : ''} style={thermal ? undefined : { height: 10 }} />
          <table className="kv">
            <tbody>
              {p.balanceAfter > 0
                ? kv(t('billing.receipt.stillOwed'), rupiah(p.balanceAfter), 'strong')
                : p.balanceAfter < 0
                  ? kv(t('billing.receipt.creditLeft'), rupiah(-p.balanceAfter), 'strong')
                  : kv(t('billing.receipt.balanceAfter'), t('billing.receipt.settled'), 'strong')}
              {kv(t('billing.receipt.cashier'), p.receivedBy ?? '—')}
            </tbody>
          </table>
          {p.note && <div className="small muted">{p.note}</div>}
        </>
      )}
      <div className={thermal ? 'rule' : 'foot'} />
      {refund ? (
        <div className="center small">{t('billing.receipt.refundDone', { amount: rupiah(p.amount) })}</div>
      ) : (
        <>
          <div className="center small">{t('billing.receipt.thanks')}</div>
          <div className="center small muted">{t('billing.receipt.keep')}</div>
        </>
      )}
    </div>
  );
}
