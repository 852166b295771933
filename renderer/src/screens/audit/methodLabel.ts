import type { TFunction } from 'i18next';

/** "users.create" → "Buat pengguna" when the UI knows the operation; the method name otherwise. */
export function methodLabel(t: TFunction, exists: (key: string) => boolean, method: string): string {
  const key = `methods.${method}`;
  return exists(key) ? t(key) : method;
}

export function domainLabel(t: TFunction, exists: (key: string) => boolean, domain: string): string {
  const key = `domains.${domain}`;
  return exists(key) ? t(key) : domain;
}
