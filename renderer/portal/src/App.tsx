import { useCallback, useEffect, useState } from 'react';
import type { PortalConfig, PortalLang, PortalMe } from '../../../shared/contract/portal';
import { call, whenSignedOut } from './api';
import { chooseLang, suggestLang, useT } from './i18n';
import { Icon } from './icons';
import { useLoad } from './load';
import { setTimeZone } from './format';
import { href, navigate, useRoute } from './router';
import { Account } from './screens/Account';
import { Bills, InvoiceDetail } from './screens/Bills';
import { Connection } from './screens/Connection';
import { Home } from './screens/Home';
import { Report } from './screens/Report';
import { SignIn } from './screens/SignIn';
import { ErrorBox, Spinner } from './ui';

export interface Session {
  config: PortalConfig;
  me: PortalMe;
  /** Switches the language on screen and, signed in, in the account (WhatsApp messages follow it). */
  setLang: (lang: PortalLang) => void;
  signOut: () => Promise<void>;
}

export function App() {
  const { t } = useT();
  const boot = useLoad(async () => {
    const [config, me] = await Promise.all([call('portal.config', {}), call('portal.me', {})]);
    return { config, me };
  });
  const [me, setMe] = useState<PortalMe | null>(null);
  const [online, setOnline] = useState(navigator.onLine);

  useEffect(() => {
    if (!boot.data) return;
    setTimeZone(boot.data.config.timeZone);
    suggestLang(boot.data.me?.language ?? boot.data.config.language);
    setMe(boot.data.me);
  }, [boot.data]);
  // A customer call that finds the session gone shows sign-in again.
  useEffect(() => whenSignedOut(() => setMe(null)), []);
  useEffect(() => {
    const up = () => setOnline(true);
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
    };
  }, []);

  const signedIn = useCallback((m: PortalMe) => {
    suggestLang(m.language);
    setMe(m);
    navigate('');
  }, []);
  const setLang = useCallback(
    (lang: PortalLang) => {
      chooseLang(lang);
      if (me) void call('portal.updateProfile', { language: lang }).catch(() => undefined);
    },
    [me],
  );
  const signOut = useCallback(async () => {
    await call('portal.logout', {}).catch(() => undefined);
    setMe(null);
    navigate('');
  }, []);

  const config = boot.data?.config ?? null;
  return (
    <>
      {!online && <div className="offline-banner">{t('app.offlineBanner')}</div>}
      <div className="app">
        <TopBar office={config?.office.name ?? null} setLang={setLang} />
        {!boot.data && boot.loading && <Spinner />}
        {!boot.data && !boot.loading && <ErrorBox error={boot.error} retry={() => void boot.reload()} testId="boot-error" />}
        {config && !me && <SignIn config={config} onSignedIn={signedIn} />}
        {config && me && <Screens session={{ config, me, setLang, signOut }} />}
      </div>
    </>
  );
}

function TopBar({ office, setLang }: { office: string | null; setLang: (l: PortalLang) => void }) {
  const { t, lang } = useT();
  return (
    <header className="topbar">
      <div className="brand">
        <img src="/portal/icon-192.png" alt="" width={32} height={32} />
        <span data-testid="office-name">{office ?? t('app.title')}</span>
      </div>
      <div className="lang" role="group" aria-label={t('acc.language')}>
        {(['id', 'en'] as const).map((l) => (
          <button key={l} type="button" aria-pressed={lang === l} onClick={() => setLang(l)} data-testid={`lang-${l}`}>
            {l.toUpperCase()}
          </button>
        ))}
      </div>
    </header>
  );
}

const NAV = [
  { path: '', key: 'nav.home', ico: 'home' },
  { path: 'bills', key: 'nav.bills', ico: 'bills' },
  { path: 'connection', key: 'nav.connection', ico: 'wifi' },
  { path: 'report', key: 'nav.report', ico: 'report' },
  { path: 'account', key: 'nav.account', ico: 'user' },
] as const;

function Screens({ session }: { session: Session }) {
  const { t } = useT();
  const [first = '', second] = useRoute();
  const section = first === 'invoice' ? 'bills' : first;
  let screen;
  if (first === 'bills') screen = <Bills tab={second === 'payments' ? 'payments' : 'invoices'} />;
  else if (first === 'invoice' && second) screen = <InvoiceDetail id={Number(second)} />;
  else if (first === 'connection') screen = <Connection />;
  else if (first === 'report') screen = <Report />;
  else if (first === 'account') screen = <Account session={session} />;
  else screen = <Home session={session} />;
  return (
    <>
      <main data-testid={`portal-${section || 'home'}`}>{screen}</main>
      <nav className="nav" aria-label={t('app.title')}>
        <div className="nav-inner">
          {NAV.map((n) => (
            <a key={n.path} href={href(n.path)} aria-current={section === n.path ? 'page' : undefined} data-testid={`nav-${n.path || 'home'}`}>
              <Icon name={n.ico} />
              {t(n.key)}
            </a>
          ))}
        </div>
      </nav>
    </>
  );
}
