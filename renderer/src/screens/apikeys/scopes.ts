import type { TFunction } from 'i18next';
import { PERMISSIONS, type Permission } from '../../../../shared/permissions';

/** A permission in words ("Lihat pelanggan & paket"); its code when no text exists. */
export function permLabel(t: TFunction, p: string): string {
  const key = `apiKeys.perms.${p}`;
  const text = t(key);
  return text === key ? p : text;
}

/** The quick picks of the form, each limited to what the role has. */
export const PRESETS = {
  /** Every "see" permission. */
  read: (own: readonly Permission[]): Permission[] => own.filter((p) => p.endsWith('.read')),
  /** A website's "check and pay your bill" or an accounting link. */
  billing: (own: readonly Permission[]): Permission[] => (['billing.read', 'customers.read', 'payments.collect'] as const).filter((p) => own.includes(p)),
} as const;

/** Scopes in the contract's order (the order the form lists them). */
export const inOrder = (scopes: readonly string[]): Permission[] => PERMISSIONS.filter((p) => scopes.includes(p));
