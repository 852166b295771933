import { useState, type FormEvent } from 'react';
import type { PortalProfile } from '../../../../shared/contract/portal';
import type { Session } from '../App';
import { call } from '../api';
import { useT } from '../i18n';
import { Icon } from '../icons';
import { useLoad } from '../load';
import { Card, CodeInput, ErrorBox, Row, Spinner, Title } from '../ui';

export function Account({ session }: { session: Session }) {
  const { t, lang } = useT();
  const profile = useLoad(() => call('portal.profile', {}));
  const [p, setP] = useState<PortalProfile | null>(null);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const current = p ?? profile.data;

  // The tick shows at once; it goes back if the office did not take it.
  const setOptIn = async (was: PortalProfile, optIn: boolean) => {
    setSaved(false);
    setError(null);
    setP({ ...was, optIn });
    try {
      setP(await call('portal.updateProfile', { optIn }));
      setSaved(true);
    } catch (err) {
      setP(was);
      setError(err);
    }
  };
  const office = session.config.office;
  return (
    <div>
      <Title>{t('acc.title')}</Title>
      {!current && (profile.loading ? <Spinner /> : <ErrorBox error={profile.error} retry={() => void profile.reload()} />)}
      {current && (
        <>
          <Card testId="account-profile">
            <Row label={t('acc.name')}>{current.name}</Row>
            <Row label={t('acc.number')}>{current.number}</Row>
          </Card>
          <WhatsApp profile={current} onChanged={setP} />
          <Card testId="account-prefs">
            <div className="field">
              <span className="field-label">{t('acc.language')}</span>
              <div className="segmented" role="radiogroup" style={{ marginBottom: 0 }}>
                {(['id', 'en'] as const).map((l) => (
                  <button key={l} type="button" role="radio" aria-selected={lang === l} aria-checked={lang === l} onClick={() => session.setLang(l)} data-testid={`account-lang-${l}`}>
                    {l === 'id' ? 'Indonesia' : 'English'}
                  </button>
                ))}
              </div>
            </div>
            <label className="check">
              <input type="checkbox" checked={current.optIn} onChange={(e) => void setOptIn(current, e.target.checked)} data-testid="account-optin" />
              <span>{t('acc.optIn')}</span>
            </label>
            {saved && (
              <p className="small" style={{ color: 'var(--brand)', margin: 0 }} data-testid="account-saved">
                {t('acc.saved')}
              </p>
            )}
            <ErrorBox error={error} />
          </Card>
        </>
      )}
      {session.config.shopUrl && (
        <Card>
          <a className="tile" href={session.config.shopUrl} data-testid="account-shop">
            <span className="tile-icon">
              <Icon name="ticket" />
            </span>
            <strong>{t('acc.shop')}</strong>
          </a>
        </Card>
      )}
      <Card>
        <Row label={t('acc.office')}>
          {office.name}
          {office.phone && (
            <>
              <br />
              <a href={`tel:${office.phone.replace(/[^\d+]/g, '')}`}>{office.phone}</a>
            </>
          )}
        </Row>
      </Card>
      <button type="button" className="btn btn-ghost" onClick={() => void session.signOut()} data-testid="account-logout">
        {t('acc.logout')}
      </button>
    </div>
  );
}

/** The WhatsApp number, changed only with a code sent to the new number. */
function WhatsApp({ profile, onChanged }: { profile: PortalProfile; onChanged: (p: PortalProfile) => void }) {
  const { t } = useT();
  const [editing, setEditing] = useState(false);
  const [number, setNumber] = useState('');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);

  const reset = () => {
    setEditing(false);
    setNumber('');
    setSentTo(null);
    setCode('');
    setError(null);
  };
  const send = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setSentTo((await call('portal.requestWhatsAppChange', { whatsapp: number.trim() })).to);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const confirm = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onChanged(await call('portal.confirmWhatsAppChange', { code }));
      reset();
      setDone(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card testId="account-whatsapp">
      <div className="row">
        <div>
          <div className="muted small">{t('acc.whatsapp')}</div>
          <div style={{ fontWeight: 700 }} data-testid="account-whatsapp-number">
            {profile.whatsapp ?? t('acc.noWhatsapp')}
          </div>
        </div>
        {!editing && (
          <button
            type="button"
            className="btn btn-small btn-ghost"
            onClick={() => {
              setEditing(true);
              setDone(false);
            }}
            data-testid="account-whatsapp-change"
          >
            {t('acc.change')}
          </button>
        )}
      </div>
      {done && (
        <p className="small" style={{ color: 'var(--brand)', margin: '8px 0 0' }} data-testid="account-whatsapp-done">
          {t('acc.changed')}
        </p>
      )}
      {editing && !sentTo && (
        <form onSubmit={(e) => void send(e)} style={{ marginTop: 12 }}>
          <label className="field">
            <span className="field-label">{t('acc.newNumber')}</span>
            <input className="input" type="tel" inputMode="tel" autoComplete="tel" value={number} onChange={(e) => setNumber(e.target.value)} data-testid="account-whatsapp-new" />
            <span className="field-hint">{t('acc.newNumberHint')}</span>
          </label>
          <ErrorBox error={error} />
          <div className="grid2">
            <button type="button" className="btn btn-ghost" onClick={reset}>
              {t('app.cancel')}
            </button>
            <button type="submit" className="btn" disabled={busy || number.trim().length < 8} data-testid="account-whatsapp-send">
              {t('acc.sendCode')}
            </button>
          </div>
        </form>
      )}
      {editing && sentTo && (
        <form onSubmit={(e) => void confirm(e)} style={{ marginTop: 12 }}>
          <div className="alert alert-good">{t('acc.codeSent', { to: sentTo })}</div>
          <CodeInput label={t('signin.code')} value={code} onChange={setCode} autoFocus testId="account-whatsapp-code" />
          <ErrorBox error={error} />
          <div className="grid2">
            <button type="button" className="btn btn-ghost" onClick={reset}>
              {t('app.cancel')}
            </button>
            <button type="submit" className="btn" disabled={busy || code.length !== 6} data-testid="account-whatsapp-confirm">
              {t('acc.confirm')}
            </button>
          </div>
        </form>
      )}
    </Card>
  );
}
