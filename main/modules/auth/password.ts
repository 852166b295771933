import argon2 from 'argon2';
import type { PasswordHasher } from '../../core/module';

export type { PasswordHasher };

/** argon2id with the library's defaults (m = 64 MiB, t = 3, p = 4); tests may pass cheaper parameters. */
export function createPasswordHasher(opts: { memoryCost?: number; timeCost?: number } = {}): PasswordHasher {
  const params = { type: argon2.argon2id, ...opts } as const;
  return {
    hash: (password) => argon2.hash(password, params),
    async verify(hash, password) {
      try {
        return await argon2.verify(hash, password);
      } catch {
        return false;
      }
    },
  };
}
