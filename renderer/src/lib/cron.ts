import type { TFunction } from 'i18next';
import type { Language } from '../../../shared/settings';
import { intlLocale } from './format';

const pad = (n: string) => n.padStart(2, '0');
const NUM = /^\d+$/;

/**
 * A cron expression (minute hour day month weekday) in plain words, for the common shapes; null when
 * the expression is anything else (the UI then shows only the expression).
 */
export function describeCron(expr: string, t: TFunction, lang: Language): string | null {
  const f = expr.trim().split(/\s+/);
  if (f.length !== 5) return null;
  const [min, hour, dom, mon, dow] = f as [string, string, string, string, string];
  const time = NUM.test(min) && NUM.test(hour) ? `${pad(hour)}:${pad(min)}` : null;
  if (mon !== '*') return null;
  if (time && dom === '*' && dow === '*') return t('cron.daily', { time });
  if (time && dom === '*' && NUM.test(dow)) {
    const day = new Intl.DateTimeFormat(intlLocale(lang), { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, 7 + (Number(dow) % 7))));
    return t('cron.weekly', { day, time });
  }
  if (time && NUM.test(dom) && dow === '*') return t('cron.monthly', { day: Number(dom), time });
  if (NUM.test(min) && hour === '*' && dom === '*' && dow === '*') return t('cron.hourly', { minute: pad(min) });
  const every = /^\*\/(\d+)$/.exec(min);
  if (every && hour === '*' && dom === '*' && dow === '*') return t('cron.everyMinutes', { count: Number(every[1]) });
  return null;
}
