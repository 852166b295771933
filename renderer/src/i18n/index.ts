import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import zodEn from 'zod/v4/locales/en.js';
import zodId from 'zod/v4/locales/id.js';
import type { z } from 'zod';
import { LANGUAGES, type Language } from '../../../shared/settings';
import { id } from './id';
import { en } from './en';

const STORAGE_KEY = 'mb.language';

export const isLanguage = (v: unknown): v is Language => typeof v === 'string' && (LANGUAGES as readonly string[]).includes(v);

/** The language chosen on this computer before login (or last used here). */
export function storedLanguage(): Language | null {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return isLanguage(v) ? v : null;
  } catch {
    return null;
  }
}

export function storeLanguage(lang: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Private mode or storage disabled: the choice lasts for this page only.
  }
}

void i18next.use(initReactI18next).init({
  resources: { id: { translation: id }, en: { translation: en } },
  lng: storedLanguage() ?? 'id',
  fallbackLng: 'id',
  supportedLngs: [...LANGUAGES],
  interpolation: { escapeValue: false },
});

document.documentElement.lang = i18next.language;
i18next.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
});

export const currentLanguage = (): Language => (isLanguage(i18next.language) ? i18next.language : 'id');

/** The UI language; the component re-renders when it changes. */
export function useLanguage(): Language {
  const { i18n } = useTranslation();
  return isLanguage(i18n.language) ? i18n.language : 'id';
}

/** Switches every text on screen at once (components re-render on `languageChanged`). */
export async function applyLanguage(lang: Language, persist = true): Promise<void> {
  if (persist) storeLanguage(lang);
  if (i18next.language !== lang) await i18next.changeLanguage(lang);
}

const zodLocales: Record<Language, z.core.$ZodErrorMap> = {
  id: zodId().localeError,
  en: zodEn().localeError,
};

/** zod's own message for an issue, in the UI language. */
export function zodMessage(issue: z.core.$ZodRawIssue | Record<string, unknown>, lang: Language = currentLanguage()): string | null {
  try {
    const out = zodLocales[lang](issue as z.core.$ZodRawIssue);
    return typeof out === 'string' ? out : (out?.message ?? null);
  } catch {
    return null;
  }
}

export { i18next };
