import type { ReactNode } from 'react';
import { errorText } from './format';
import { useT } from './i18n';

export function Spinner({ label }: { label?: string }) {
  const { t } = useT();
  return (
    <div className="loading" role="status" data-testid="loading">
      <span className="spin" aria-hidden="true" />
      {label ?? t('app.loading')}
    </div>
  );
}

/** A failed call said in words, with "try again" when there is something to retry. */
export function ErrorBox({ error, retry, testId = 'error' }: { error: unknown; retry?: () => void; testId?: string }) {
  const { t } = useT();
  if (!error) return null;
  return (
    <div className="alert alert-bad" role="alert" data-testid={testId}>
      <span>{errorText(error)}</span>
      {retry && (
        <button type="button" className="btn btn-small btn-ghost" onClick={retry}>
          {t('app.retry')}
        </button>
      )}
    </div>
  );
}

export function Card({ children, className = '', testId }: { children: ReactNode; className?: string; testId?: string }) {
  return (
    <section className={`card ${className}`} data-testid={testId}>
      {children}
    </section>
  );
}

export function Title({ children, back }: { children: ReactNode; back?: string }) {
  const { t } = useT();
  return (
    <div className="title-row">
      {back && (
        <a className="back" href={back} aria-label={t('app.back')} data-testid="back">
          ‹
        </a>
      )}
      <h1>{children}</h1>
    </div>
  );
}

export type Tone = 'good' | 'bad' | 'warn' | 'muted';

export function Pill({ tone, children, testId }: { tone: Tone; children: ReactNode; testId?: string }) {
  return (
    <span className={`pill pill-${tone}`} data-testid={testId}>
      {children}
    </span>
  );
}

/** A label and its value on one line (wraps on a narrow phone). */
export function Row({ label, children, testId }: { label: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <div className="kv" data-testid={testId}>
      <span className="kv-k">{label}</span>
      <span className="kv-v">{children}</span>
    </div>
  );
}

/** A 6-digit code field: numeric keypad, one-time-code autofill from the SMS/WhatsApp notification where the phone offers it. */
export function CodeInput({ value, onChange, testId, label, autoFocus }: { value: string; onChange: (v: string) => void; testId: string; label: string; autoFocus?: boolean }) {
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <input
        className="input code-input"
        inputMode="numeric"
        autoComplete="one-time-code"
        pattern="[0-9]*"
        maxLength={6}
        value={value}
        onChange={(e) => onChange(e.target.value.replace(/\D/g, '').slice(0, 6))}
        autoFocus={autoFocus}
        data-testid={testId}
      />
    </label>
  );
}
