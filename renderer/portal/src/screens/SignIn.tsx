import { useEffect, useState, type FormEvent } from 'react';
import type { PortalConfig, PortalMe } from '../../../../shared/contract/portal';
import { call, retryAfterOf } from '../api';
import { useT } from '../i18n';
import { Card, CodeInput, ErrorBox } from '../ui';

type Method = 'code' | 'password';

export function SignIn({ config, onSignedIn }: { config: PortalConfig; onSignedIn: (me: PortalMe) => void }) {
  const { t } = useT();
  const methods: Method[] = [...(config.methods.code ? (['code'] as const) : []), ...(config.methods.password ? (['password'] as const) : [])];
  const [method, setMethod] = useState<Method>(methods[0] ?? 'code');
  const phone = config.office.phone;
  return (
    <div data-testid="portal-signin">
      <h1 className="center" style={{ marginTop: 12 }}>
        {t('signin.title')}
      </h1>
      <p className="muted center" style={{ margin: '6px 8px 18px' }}>
        {t('signin.intro')}
      </p>
      {!config.enabled || methods.length === 0 ? (
        <div className="alert alert-warn" data-testid="signin-closed">
          {t('signin.closed')}
        </div>
      ) : (
        <Card>
          {methods.length > 1 && (
            <div className="segmented" role="tablist">
              {methods.map((m) => (
                <button key={m} type="button" role="tab" aria-selected={method === m} onClick={() => setMethod(m)} data-testid={`signin-tab-${m}`}>
                  {t(m === 'code' ? 'signin.byCode' : 'signin.byPassword')}
                </button>
              ))}
            </div>
          )}
          {method === 'code' ? <CodeSignIn onSignedIn={onSignedIn} /> : <PasswordSignIn onSignedIn={onSignedIn} />}
        </Card>
      )}
      {phone && (
        <p className="footer">
          {t('signin.help', { phone: '' })}
          <a href={`tel:${phone.replace(/[^\d+]/g, '')}`} data-testid="office-phone">
            {phone}
          </a>
        </p>
      )}
      {config.shopUrl && (
        <p className="footer">
          <a href={config.shopUrl} data-testid="signin-shop">
            {t('signin.shop')} →
          </a>
        </p>
      )}
    </div>
  );
}

/** Seconds left until `until` (ms), ticking once a second. */
function useCountdown(until: number): number {
  // The clock is read in the timer (not while rendering): the seconds left are state.
  const secondsLeft = () => Math.max(0, Math.ceil((until - Date.now()) / 1000));
  const [left, setLeft] = useState(secondsLeft);
  useEffect(() => {
    const tick = () => setLeft(Math.max(0, Math.ceil((until - Date.now()) / 1000)));
    const first = window.setTimeout(tick, 0);
    const id = window.setInterval(tick, 1000);
    return () => {
      window.clearTimeout(first);
      window.clearInterval(id);
    };
  }, [until]);
  return left;
}

function CodeSignIn({ onSignedIn }: { onSignedIn: (me: PortalMe) => void }) {
  const { t } = useT();
  const [login, setLogin] = useState('');
  const [sent, setSent] = useState<{ to: string | null; minutes: number } | null>(null);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [resendAt, setResendAt] = useState(0);
  const left = useCountdown(resendAt);

  const request = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await call('portal.requestCode', { login: login.trim() });
      setSent({ to: r.to, minutes: Math.max(1, Math.round(r.expiresInSeconds / 60)) });
      setResendAt(Date.now() + r.resendInSeconds * 1000);
      setCode('');
    } catch (err) {
      setError(err);
      const wait = retryAfterOf(err);
      if (wait && sent) setResendAt(Date.now() + wait * 1000);
    } finally {
      setBusy(false);
    }
  };
  const verify = async (value = code) => {
    if (value.length !== 6 || busy) return;
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await call('portal.verifyCode', { login: login.trim(), code: value }));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  const submitLogin = (e: FormEvent) => {
    e.preventDefault();
    if (login.trim().length >= 3) void request();
  };
  const submitCode = (e: FormEvent) => {
    e.preventDefault();
    void verify();
  };

  if (!sent)
    return (
      <form onSubmit={submitLogin} data-testid="signin-code-form">
        <label className="field">
          <span className="field-label">{t('signin.login')}</span>
          <input className="input" value={login} onChange={(e) => setLogin(e.target.value)} autoComplete="username" inputMode="text" data-testid="signin-login" />
          <span className="field-hint">{t('signin.loginHint')}</span>
        </label>
        <ErrorBox error={error} />
        <button className="btn" type="submit" disabled={busy || login.trim().length < 3} data-testid="signin-send">
          {t('signin.sendCode')}
        </button>
      </form>
    );
  return (
    <form onSubmit={submitCode} data-testid="signin-verify-form">
      <div className="alert alert-good" data-testid="signin-sent">
        {sent.to ? t('signin.codeSent', { to: sent.to, minutes: sent.minutes }) : t('signin.codeSentRegistered', { minutes: sent.minutes })}
      </div>
      <CodeInput
        label={t('signin.code')}
        value={code}
        autoFocus
        onChange={(v) => {
          setCode(v);
          // Six digits typed (or pasted from the WhatsApp notification): sign in at once.
          if (v.length === 6) void verify(v);
        }}
        testId="signin-code"
      />
      <ErrorBox error={error} />
      <button className="btn" type="submit" disabled={busy || code.length !== 6} data-testid="signin-verify">
        {t('signin.verify')}
      </button>
      <div className="row" style={{ marginTop: 8 }}>
        <button type="button" className="btn-link nowrap" onClick={() => setSent(null)} data-testid="signin-other">
          {t('signin.otherNumber')}
        </button>
        {left > 0 ? (
          <span className="small muted" data-testid="signin-resend-wait">
            {t('signin.resendIn', { seconds: left })}
          </span>
        ) : (
          <button type="button" className="btn-link" disabled={busy} onClick={() => void request()} data-testid="signin-resend">
            {t('signin.resend')}
          </button>
        )}
      </div>
    </form>
  );
}

function PasswordSignIn({ onSignedIn }: { onSignedIn: (me: PortalMe) => void }) {
  const { t } = useT();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [show, setShow] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await call('portal.loginPassword', { username: username.trim(), password }));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} data-testid="signin-password-form">
      <label className="field">
        <span className="field-label">{t('signin.username')}</span>
        <input className="input" value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="username" autoCapitalize="none" spellCheck={false} data-testid="signin-username" />
        <span className="field-hint">{t('signin.usernameHint')}</span>
      </label>
      <label className="field">
        <span className="field-label">{t('signin.password')}</span>
        <input className="input" type={show ? 'text' : 'password'} value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" data-testid="signin-password" />
      </label>
      <label className="check small">
        <input type="checkbox" checked={show} onChange={(e) => setShow(e.target.checked)} />
        {t('signin.showPassword')}
      </label>
      <ErrorBox error={error} />
      <button className="btn" type="submit" disabled={busy || !username.trim() || !password} data-testid="signin-password-submit">
        {t('signin.verify')}
      </button>
    </form>
  );
}
