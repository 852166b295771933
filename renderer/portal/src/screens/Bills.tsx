import { useState } from 'react';
import type { PortalInvoiceRow, PortalPaymentRow } from '../../../../shared/contract/portal';
import { call } from '../api';
import { day, moment, money, period } from '../format';
import { useT } from '../i18n';
import { Icon } from '../icons';
import { useLoad } from '../load';
import { href, navigate } from '../router';
import { Card, ErrorBox, Pill, Row, Spinner, Title, type Tone } from '../ui';
import { PaymentList, usePay } from './Home';

const INV_TONE: Record<PortalInvoiceRow['status'], Tone> = { open: 'bad', partial: 'warn', paid: 'good', void: 'muted' };

/** Pages of a cursor list ("show more" appends the next page). */
function usePages<T>(load: (cursor: number | undefined) => Promise<{ items: T[]; nextCursor: number | null }>) {
  const first = useLoad(() => load(undefined));
  const [more, setMore] = useState<{ items: T[]; next: number | null } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const items = [...(first.data?.items ?? []), ...(more?.items ?? [])];
  const next = more ? more.next : (first.data?.nextCursor ?? null);
  const loadMore = async () => {
    if (next === null) return;
    setBusy(true);
    try {
      const page = await load(next);
      setMore({ items: [...(more?.items ?? []), ...page.items], next: page.nextCursor });
      setError(null);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return { first, items, next, loadMore, busy, error };
}

export function Bills({ tab }: { tab: 'invoices' | 'payments' }) {
  const { t } = useT();
  return (
    <div>
      <Title>{t('bills.title')}</Title>
      <div className="segmented" role="tablist">
        {(['invoices', 'payments'] as const).map((k) => (
          <button key={k} type="button" role="tab" aria-selected={tab === k} onClick={() => navigate(k === 'invoices' ? 'bills' : 'bills/payments')} data-testid={`bills-tab-${k}`}>
            {t(k === 'invoices' ? 'bills.invoices' : 'bills.payments')}
          </button>
        ))}
      </div>
      {tab === 'invoices' ? <InvoiceList /> : <Payments />}
    </div>
  );
}

function More({ show, busy, onClick }: { show: boolean; busy: boolean; onClick: () => void }) {
  const { t } = useT();
  if (!show) return null;
  return (
    <button type="button" className="btn btn-ghost" disabled={busy} onClick={onClick} style={{ marginTop: 8 }} data-testid="more">
      {t('app.more')}
    </button>
  );
}

function InvoiceList() {
  const { t, lang } = useT();
  const p = usePages<PortalInvoiceRow>((cursor) => call('portal.invoices', cursor ? { cursor, limit: 20 } : { limit: 20 }));
  if (!p.first.data) return p.first.loading ? <Spinner /> : <ErrorBox error={p.first.error} retry={() => void p.first.reload()} />;
  return (
    <Card testId="invoice-list">
      {p.items.length === 0 && <p className="muted">{t('bills.empty')}</p>}
      <ul className="list">
        {p.items.map((i) => (
          <li key={i.id}>
            <a className="item" href={href(`invoice/${i.id}`)} data-testid="invoice-row" data-id={i.id} data-status={i.status}>
              <div className="item-main">
                <div className="item-title">{i.periodStart && i.periodEnd ? period(i.periodStart, i.periodEnd, lang) : i.number}</div>
                <div className="item-sub">
                  {i.number} · {t('bills.due', { date: day(i.dueDate, lang) })}
                </div>
              </div>
              <div className="item-end">
                <div style={{ fontWeight: 700 }}>{money(i.status === 'partial' ? i.remaining : i.total)}</div>
                <Pill tone={INV_TONE[i.status]}>{t(`inv.${i.status}`)}</Pill>
              </div>
            </a>
          </li>
        ))}
      </ul>
      <ErrorBox error={p.error} />
      <More show={p.next !== null} busy={p.busy} onClick={() => void p.loadMore()} />
    </Card>
  );
}

function Payments() {
  const p = usePages<PortalPaymentRow>((cursor) => call('portal.payments', cursor ? { cursor, limit: 20 } : { limit: 20 }));
  if (!p.first.data) return p.first.loading ? <Spinner /> : <ErrorBox error={p.first.error} retry={() => void p.first.reload()} />;
  return (
    <Card testId="payments">
      <PaymentList items={p.items} />
      <ErrorBox error={p.error} />
      <More show={p.next !== null} busy={p.busy} onClick={() => void p.loadMore()} />
    </Card>
  );
}

export function InvoiceDetail({ id }: { id: number }) {
  const { t, lang } = useT();
  const inv = useLoad(() => call('portal.invoice', { id }), String(id));
  const payer = usePay();
  const i = inv.data;
  if (!i)
    return (
      <div>
        <Title back={href('bills')}>{t('bills.invoices')}</Title>
        {inv.loading ? <Spinner /> : <ErrorBox error={inv.error} retry={() => void inv.reload()} />}
      </div>
    );
  const payable = i.remaining > 0 && (i.status === 'open' || i.status === 'partial');
  return (
    <div data-testid="invoice-detail" data-status={i.status}>
      <Title back={href('bills')}>{t('inv.title', { number: i.number })}</Title>
      <Card>
        <div className="row" style={{ marginBottom: 6 }}>
          <span className="big-money" style={{ fontSize: '1.6rem' }} data-testid="invoice-total">
            {money(i.total)}
          </span>
          <Pill tone={INV_TONE[i.status]} testId="invoice-status">
            {t(`inv.${i.status}`)}
          </Pill>
        </div>
        {i.periodStart && i.periodEnd && <Row label={t('inv.period')}>{period(i.periodStart, i.periodEnd, lang)}</Row>}
        <Row label={t('inv.issued')}>{moment(i.issuedAt, lang)}</Row>
        <Row label={t('inv.due')}>{day(i.dueDate, lang)}</Row>
      </Card>
      <Card>
        <h2>{t('inv.lines')}</h2>
        {i.lines.map((l, n) => (
          <Row key={n} label={l.description}>
            {money(l.amount)}
          </Row>
        ))}
        <div className="kv kv-total">
          <span className="kv-k">{t('inv.total')}</span>
          <span className="kv-v">{money(i.total)}</span>
        </div>
        {i.total !== i.remaining && i.status !== 'void' && <Row label={t('inv.paidSoFar')}>{money(i.total - i.remaining)}</Row>}
        {payable && (
          <div className="kv kv-total">
            <span className="kv-k">{t('inv.remaining')}</span>
            <span className="kv-v" data-testid="invoice-remaining">
              {money(i.remaining)}
            </span>
          </div>
        )}
      </Card>
      {i.payments.length > 0 && (
        <Card>
          <h2>{t('inv.paidBy')}</h2>
          <ul className="list">
            {i.payments.map((p) => (
              <li key={p.id} className="item">
                <div className="item-main">
                  <div className="item-title">{money(p.amount)}</div>
                  <div className="item-sub">
                    {p.number} · {moment(p.receivedAt, lang)}
                  </div>
                </div>
                <a className="btn btn-small btn-ghost" href={`/portal/files/receipt/${p.id}.pdf`} target="_blank" rel="noopener" data-testid="receipt-pdf">
                  <Icon name="download" size={16} /> PDF
                </a>
              </li>
            ))}
          </ul>
        </Card>
      )}
      <ErrorBox error={payer.error} testId="pay-error" />
      <div className="stack">
        {payable && (
          <button type="button" className="btn btn-big" disabled={payer.busy} onClick={() => void payer.pay(i.id)} data-testid="invoice-pay">
            {payer.busy ? t('home.payOpening') : `${t('inv.payThis')} · ${money(i.remaining)}`}
          </button>
        )}
        <a className="btn btn-ghost" href={`/portal/files/invoice/${i.id}.pdf`} target="_blank" rel="noopener" data-testid="invoice-pdf">
          <Icon name="download" size={18} /> {t('inv.pdf')}
        </a>
      </div>
    </div>
  );
}
