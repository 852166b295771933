import { useState } from 'react';
import type { PortalHome, PortalPaymentRow } from '../../../../shared/contract/portal';
import type { Session } from '../App';
import { call } from '../api';
import { day, moment, money } from '../format';
import { useT, type TextKey } from '../i18n';
import { Icon, type IconName } from '../icons';
import { useLoad } from '../load';
import { href } from '../router';
import { Card, ErrorBox, Pill, Spinner, type Tone } from '../ui';

const STATUS: Record<PortalHome['status'], { icon: IconName; title: TextKey; hint: TextKey }> = {
  active: { icon: 'check', title: 'status.active', hint: 'status.activeHint' },
  isolated: { icon: 'lock', title: 'status.isolated', hint: 'status.isolatedHint' },
  paused: { icon: 'pause', title: 'status.paused', hint: 'status.pausedHint' },
  none: { icon: 'wifi', title: 'status.none', hint: 'status.noneHint' },
};

/** Today in the phone's calendar, as YYYY-MM-DD. */

/** Asks for a payment link (made or reused) and goes to the pay page. */
export function usePay() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const pay = async (invoiceId?: number) => {
    setBusy(true);
    setError(null);
    try {
      const { url } = await call('portal.payLink', invoiceId ? { invoiceId } : {});
      window.location.assign(url);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return { pay, busy, error };
}

export function Home({ session }: { session: Session }) {
  const { t, lang } = useT();
  const home = useLoad(() => call('portal.home', {}));
  const payer = usePay();
  const h = home.data;
  if (!h) return home.loading ? <Spinner /> : <ErrorBox error={home.error} retry={() => void home.reload()} />;
  const s = STATUS[h.status];
  // The office's calendar decides (the server says), not the phone's.
  const overdue = h.nextDue !== null && (h.status === 'isolated' || h.nextDue.overdue);
  return (
    <div>
      <div style={{ margin: '4px 0 12px' }}>
        <h1 data-testid="home-hello">{t('home.hello', { name: h.me.name })}</h1>
        <div className="muted small">{t('home.number', { number: h.me.number })}</div>
      </div>

      <div className={`status status-${h.status}`} data-testid="home-status" data-status={h.status}>
        <div className="status-icon">
          <Icon name={s.icon} size={26} />
        </div>
        <div>
          <div className="status-title">{t(s.title)}</div>
          <div className="status-hint">{t(s.hint)}</div>
        </div>
      </div>

      <Card testId="home-owed">
        {h.owed > 0 ? (
          <>
            <div className="muted">{t('home.owed')}</div>
            <div className="big-money" data-testid="home-owed-amount">
              {money(h.owed)}
            </div>
            {h.nextDue && (
              <p className={overdue ? 'small' : 'small muted'} style={overdue ? { color: 'var(--bad)', fontWeight: 600 } : undefined} data-testid="home-next-due">
                {t(overdue ? 'home.overdueSince' : 'home.dueOn', { date: day(h.nextDue.date, lang) })}
              </p>
            )}
            <ErrorBox error={payer.error} testId="pay-error" />
            {h.canPayOnline ? (
              <button type="button" className="btn btn-big" disabled={payer.busy} onClick={() => void payer.pay()} data-testid="home-pay">
                {payer.busy ? t('home.payOpening') : t('home.payAmount', { amount: money(h.owed) })}
              </button>
            ) : (
              <div className="alert alert-warn" style={{ marginBottom: 0 }} data-testid="home-pay-offline">
                {t('home.payOffline')}
              </div>
            )}
          </>
        ) : (
          <>
            <div className="row">
              <strong data-testid="home-nothing-owed">{t('home.nothingOwed')}</strong>
              <Pill tone="good">{t('inv.paid')}</Pill>
            </div>
            {h.balance < 0 && <p className="small muted" style={{ marginTop: 8, marginBottom: 0 }}>{t('home.credit', { amount: money(-h.balance) })}</p>}
          </>
        )}
      </Card>

      {h.services.length > 0 && (
        <Card testId="home-services">
          <h2>{t('home.services')}</h2>
          <ul className="list">
            {h.services.map((sv) => (
              <li key={sv.subscriptionId} className="item" data-testid="home-service" data-status={sv.status}>
                <div className="item-main">
                  <div className="item-title">
                    {sv.plan} · {sv.speed}
                  </div>
                  <div className="item-sub">
                    {sv.username}
                    {sv.paidUntil ? ` · ${t('home.paidUntil', { date: day(sv.paidUntil, lang) })}` : ''}
                  </div>
                </div>
                <Pill tone={SUB_TONE[sv.status]}>{t(`sub.${sv.status}`)}</Pill>
              </li>
            ))}
          </ul>
        </Card>
      )}

      <Card testId="home-payments">
        <div className="row">
          <h2>{t('home.recent')}</h2>
          <a href={href('bills/payments')} className="small" data-testid="home-see-payments">
            {t('home.seeAll')}
          </a>
        </div>
        <PaymentList items={h.recentPayments} />
      </Card>

      {session.config.shopUrl && (
        <Card>
          <a className="tile" href={session.config.shopUrl} data-testid="home-shop">
            <span className="tile-icon">
              <Icon name="ticket" />
            </span>
            <span>
              <strong>{t('home.shop')}</strong>
              <br />
              <span className="small muted">{t('home.shopHint')}</span>
            </span>
          </a>
        </Card>
      )}
    </div>
  );
}

const SUB_TONE: Record<PortalHome['services'][number]['status'], Tone> = { active: 'good', isolated: 'bad', paused: 'warn', pending: 'muted', terminated: 'muted' };

/** Payments with their receipt PDFs (the home card and the payments tab). */
export function PaymentList({ items }: { items: PortalPaymentRow[] }) {
  const { t, lang } = useT();
  if (items.length === 0) return <p className="muted">{t('home.noPayments')}</p>;
  return (
    <ul className="list" data-testid="payment-list">
      {items.map((p) => (
        <li key={p.id} className="item" data-testid="payment-row" data-number={p.number}>
          <div className="item-main">
            <div className="item-title">{money(p.amount)}</div>
            <div className="item-sub">
              {moment(p.receivedAt, lang)} · {t(`pay.${p.method}`)} · {p.number}
            </div>
          </div>
          <div className="item-end">
            {p.reversed ? (
              <Pill tone="muted">{t('pay.reversed')}</Pill>
            ) : (
              <a className="btn btn-small btn-ghost" href={`/portal/files/receipt/${p.id}.pdf`} target="_blank" rel="noopener" data-testid="receipt-pdf">
                <Icon name="download" size={16} /> PDF
              </a>
            )}
          </div>
        </li>
      ))}
    </ul>
  );
}
