import { useTranslation } from 'react-i18next';
import type { SummaryParams } from '../../../shared/summaries';
import { useLanguage } from '../i18n';
import { useTimezone } from '../store/session';
import { useJobName } from '../screens/jobs/jobLabels';
import { formatBytes, formatDateTime } from './format';

interface Summarised {
  summary: string | null;
  summaryKey: string | null;
  summaryParams: SummaryParams | null;
}

/**
 * Audit and job summaries arrive as key + params (shared/summaries.ts); this says them in the UI's
 * language, turning role, settings group, job, language, time and size params into words first. Unknown
 * keys (from a newer server) fall back to the server's English text.
 */
export function useSummary(): (s: Summarised) => string {
  const { t, i18n } = useTranslation();
  const tz = useTimezone();
  const lang = useLanguage();
  const jobName = useJobName();
  return (s) => {
    if (!s.summaryKey || !i18n.exists(`summaries.${s.summaryKey}`)) return s.summary ?? '';
    const p: Record<string, string | number | null> = { ...(s.summaryParams ?? {}) };
    if (typeof p.role === 'string') p.role = t(`roles.${p.role}.name`, { defaultValue: p.role });
    if (typeof p.group === 'string') p.group = t(`settings.tabs.${p.group}`, { defaultValue: p.group });
    if (typeof p.job === 'string') p.job = jobName(p.job);
    // A scheduled subscription change names its action by the contract method it stands for.
    if (typeof p.action === 'string') p.action = t(`methods.subscriptions.${p.action}`, { defaultValue: p.action });
    // A ticket's move names its states in words.
    if (s.summaryKey === 'tickets.stateChanged') for (const k of ['from', 'to']) if (typeof p[k] === 'string') p[k] = t(`tickets.states.${p[k]}`, { defaultValue: p[k] });
    if (typeof p.language === 'string') p.language = t(`language.${p.language}`, { defaultValue: p.language });
    if (typeof p.until === 'string') p.until = formatDateTime(p.until, tz, lang);
    if (typeof p.sizeBytes === 'number') p.sizeBytes = formatBytes(p.sizeBytes, lang);
    return t(`summaries.${s.summaryKey}`, p);
  };
}
