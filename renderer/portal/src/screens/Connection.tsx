import type { PortalConnection } from '../../../../shared/contract/portal';
import { call } from '../api';
import { bytes, clock, duration } from '../format';
import { useT } from '../i18n';
import { useLoad } from '../load';
import { href } from '../router';
import { Card, ErrorBox, Pill, Row, Spinner, Title } from '../ui';

export function Connection() {
  const { t } = useT();
  const conn = useLoad(() => call('portal.connection', {}));
  const list = conn.data;
  return (
    <div>
      <Title>{t('conn.title')}</Title>
      {!list && (conn.loading ? <Spinner /> : <ErrorBox error={conn.error} retry={() => void conn.reload()} />)}
      {list && list.length === 0 && <p className="muted">{t('conn.none')}</p>}
      {list?.map((c) => <One key={c.subscriptionId} c={c} />)}
      {list && (
        <>
          <ErrorBox error={conn.error} />
          <button type="button" className="btn btn-ghost" disabled={conn.loading} onClick={() => void conn.reload()} data-testid="conn-refresh">
            {conn.loading ? t('app.loading') : t('conn.refresh')}
          </button>
        </>
      )}
    </div>
  );
}

function One({ c }: { c: PortalConnection }) {
  const { t, lang } = useT();
  const state = c.online === null ? 'unknown' : c.online ? 'online' : 'offline';
  return (
    <Card testId="conn-card">
      <div className="row" style={{ marginBottom: 8 }}>
        <div>
          <div style={{ fontWeight: 700 }}>{c.plan}</div>
          <div className="small muted">{c.username}</div>
        </div>
        <Pill tone={state === 'online' ? 'good' : state === 'offline' ? 'bad' : 'muted'} testId="conn-state">
          <span data-state={state}>{t(`conn.${state}`)}</span>
        </Pill>
      </div>
      {c.error === 'router_unreachable' && (
        <div className="alert alert-warn" data-testid="conn-unreachable">
          {t('conn.unreachable')}
        </div>
      )}
      {state === 'offline' && (
        <div className="alert alert-bad" data-testid="conn-offline-hint">
          <span>
            {t('conn.offlineHint')}{' '}
            <a href={href('report')} style={{ color: 'inherit', fontWeight: 700 }}>
              {t('conn.report')}
            </a>
          </span>
        </div>
      )}
      {c.online && (
        <div className="grid2" style={{ marginBottom: 10 }}>
          <Stat label={t('conn.ip')} value={c.ip ?? '—'} testId="conn-ip" />
          <Stat label={t('conn.uptime')} value={c.uptimeSeconds === null ? '—' : duration(c.uptimeSeconds, lang)} testId="conn-uptime" />
        </div>
      )}
      {(c.session || c.month) && (
        <div className="grid2" style={{ marginBottom: 10 }}>
          {c.session && <Usage title={t('conn.session')} u={c.session} testId="conn-session" />}
          {c.month && <Usage title={t('conn.month')} u={c.month} testId="conn-month" />}
        </div>
      )}
      <Row label={t('conn.speed')} testId="conn-speed">
        {c.speed}
      </Row>
      <p className="small muted" style={{ margin: '8px 0 0' }}>
        {t('conn.checkedAt', { time: clock(c.checkedAt, lang) })}
      </p>
    </Card>
  );
}

function Stat({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="stat" data-testid={testId}>
      <div className="stat-k">{label}</div>
      <div className="stat-v">{value}</div>
    </div>
  );
}

/** On the router's side rx is what the customer sent (upload) and tx what they received (download). */
function Usage({ title, u, testId }: { title: string; u: { rx: number; tx: number }; testId: string }) {
  const { t, lang } = useT();
  return (
    <div className="stat" data-testid={testId}>
      <div className="stat-k">{title}</div>
      <div className="stat-v">{bytes(u.rx + u.tx, lang)}</div>
      <div className="small muted">
        ↓ {t('conn.down')} {bytes(u.tx, lang)}
        <br />↑ {t('conn.up')} {bytes(u.rx, lang)}
      </div>
    </div>
  );
}
