import { useRef, useState, type FormEvent } from 'react';
import type { PortalTicket, TicketCategory, TicketState } from '../../../../shared/contract/portal';
import { call } from '../api';
import { moment } from '../format';
import { useT } from '../i18n';
import { Icon } from '../icons';
import { useLoad } from '../load';
import { scalePhoto, type ScaledPhoto } from '../photo';
import { Card, ErrorBox, Pill, Spinner, Title, type Tone } from '../ui';

/** The contract's categories (a type check keeps the list complete without bundling zod). */
const CATEGORIES = ['no_internet', 'slow', 'intermittent', 'device', 'billing', 'other'] as const satisfies readonly TicketCategory[];
const STATE_TONE: Record<TicketState, Tone> = { open: 'warn', in_progress: 'warn', solved: 'good' };

export function Report() {
  const { t } = useT();
  const tickets = useLoad(() => call('portal.tickets', {}));
  const [sent, setSent] = useState<string | null>(null);
  return (
    <div>
      <Title>{t('rep.title')}</Title>
      {sent && (
        <div className="alert alert-good" role="status" data-testid="report-sent">
          {t('rep.sent', { number: sent })}
        </div>
      )}
      <NewTicket
        onSent={(tk) => {
          setSent(tk.number);
          void tickets.reload();
        }}
      />
      <h2 style={{ margin: '18px 0 10px' }}>{t('rep.mine')}</h2>
      {!tickets.data && (tickets.loading ? <Spinner /> : <ErrorBox error={tickets.error} retry={() => void tickets.reload()} />)}
      {tickets.data && tickets.data.length === 0 && <p className="muted">{t('rep.empty')}</p>}
      {tickets.data?.map((tk) => <TicketCard key={tk.id} tk={tk} />)}
    </div>
  );
}

function NewTicket({ onSent }: { onSent: (t: PortalTicket) => void }) {
  const { t } = useT();
  const [category, setCategory] = useState<TicketCategory>('no_internet');
  const [text, setText] = useState('');
  const [photo, setPhoto] = useState<ScaledPhoto | null>(null);
  const [photoState, setPhotoState] = useState<'idle' | 'busy' | 'failed'>('idle');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [touched, setTouched] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  const pick = async (file: File | undefined) => {
    if (!file) return;
    setPhotoState('busy');
    try {
      setPhoto(await scalePhoto(file));
      setPhotoState('idle');
    } catch {
      setPhoto(null);
      setPhotoState('failed');
    }
  };
  const short = text.trim().length < 3;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (short) return;
    setBusy(true);
    setError(null);
    try {
      const tk = await call('portal.openTicket', { category, text: text.trim(), photo: photo ? { mime: photo.mime, base64: photo.base64 } : null });
      setText('');
      setPhoto(null);
      setTouched(false);
      if (fileInput.current) fileInput.current.value = '';
      onSent(tk);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card testId="report-form">
      <h2>{t('rep.new')}</h2>
      <form onSubmit={(e) => void submit(e)}>
        <label className="field">
          <span className="field-label">{t('rep.category')}</span>
          <select className="input" value={category} onChange={(e) => setCategory(e.target.value as TicketCategory)} data-testid="report-category">
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`rep.cat.${c}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">{t('rep.text')}</span>
          <textarea className="input" value={text} maxLength={2000} placeholder={t('rep.textHint')} onChange={(e) => setText(e.target.value)} data-testid="report-text" />
          {touched && short && (
            <span className="field-hint" style={{ color: 'var(--bad)' }}>
              {t('rep.textShort')}
            </span>
          )}
        </label>
        <div className="field">
          <input ref={fileInput} type="file" accept="image/*" hidden onChange={(e) => void pick(e.target.files?.[0])} data-testid="report-photo-input" />
          {photo && <img className="photo-preview" src={photo.dataUrl} alt="" data-testid="report-photo-preview" data-width={photo.width} data-height={photo.height} />}
          <div className="row" style={{ justifyContent: 'flex-start' }}>
            <button type="button" className="btn btn-ghost btn-small" disabled={photoState === 'busy'} onClick={() => fileInput.current?.click()} data-testid="report-photo">
              <Icon name="camera" size={18} /> {photoState === 'busy' ? t('rep.photoBusy') : photo ? t('rep.photoChange') : t('rep.photo')}
            </button>
            {photo && (
              <button
                type="button"
                className="btn-link"
                onClick={() => {
                  setPhoto(null);
                  if (fileInput.current) fileInput.current.value = '';
                }}
                data-testid="report-photo-remove"
              >
                {t('rep.photoRemove')}
              </button>
            )}
          </div>
          {photoState === 'failed' && (
            <span className="field-hint" style={{ color: 'var(--bad)' }}>
              {t('rep.photoFailed')}
            </span>
          )}
        </div>
        <ErrorBox error={error} />
        <button type="submit" className="btn" disabled={busy || photoState === 'busy'} data-testid="report-send">
          {t('rep.send')}
        </button>
      </form>
    </Card>
  );
}

function TicketCard({ tk }: { tk: PortalTicket }) {
  const { t, lang } = useT();
  return (
    <Card testId="ticket" className="">
      <div data-id={tk.id} data-state={tk.state} data-testid="ticket-head" className="row" style={{ alignItems: 'flex-start' }}>
        <div className="item-main">
          <div className="item-title">
            {t(`rep.cat.${tk.category}`)} · {tk.number}
          </div>
          <div className="item-sub">
            {t('rep.reported', { date: moment(tk.createdAt, lang) })}
          </div>
        </div>
        <Pill tone={STATE_TONE[tk.state]} testId="ticket-state">
          {t(`rep.state.${tk.state}`)}
        </Pill>
      </div>
      <p style={{ margin: '10px 0 0', whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{tk.text}</p>
      {tk.hasPhoto && <img className="photo-preview" src={`/portal/files/ticket/${tk.id}`} alt={t('rep.withPhoto')} loading="lazy" data-testid="ticket-photo" />}
      {tk.updates.length > 0 && (
        <>
          <div className="small muted" style={{ marginTop: 12, fontWeight: 600 }}>
            {t('rep.updates')}
          </div>
          <ul className="timeline" data-testid="ticket-updates">
            {tk.updates.map((u, i) => (
              <li key={i}>
                <div className="small muted">
                  {moment(u.at, lang)} · {t(`rep.state.${u.state}`)}
                </div>
                <div style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{u.note}</div>
              </li>
            ))}
          </ul>
        </>
      )}
    </Card>
  );
}
