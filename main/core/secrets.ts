import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Encrypts secrets at rest (router passwords, later gateway keys). Server mode: AES-256-GCM with a key
 * file in the data dir (0600). The desktop shell passes one built on Electron's safeStorage (OS keychain /
 * DPAPI). Values carry their scheme, so a database moved between modes says clearly what it cannot read.
 */
export interface SecretBox {
  readonly scheme: string;
  seal(plain: string): string;
  open(sealed: string): string;
}

export class SecretUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretUnavailableError';
  }
}

/** The key is read (or made) on first use, so a data dir without secrets gets no key file. */
export function keyFileSecretBox(file: string): SecretBox {
  let cached: Buffer | null = null;
  const load = (): Buffer => {
    if (cached) return cached;
    if (!fs.existsSync(file)) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
    }
    const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new SecretUnavailableError(`The key file ${file} is damaged (expected 32 bytes)`);
    cached = key;
    return key;
  };
  return {
    scheme: 'aesgcm',
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', load(), iv);
      const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return ['v1', 'aesgcm', iv.toString('base64'), cipher.getAuthTag().toString('base64'), ct.toString('base64')].join(':');
    },
    open(sealed) {
      const [v, scheme, iv, tag, ct] = sealed.split(':');
      if (v !== 'v1' || scheme !== 'aesgcm' || !iv || !tag || ct === undefined) {
        throw new SecretUnavailableError(`This secret was stored by another key store (${scheme ?? 'unknown'}); enter it again`);
      }
      try {
        const d = createDecipheriv('aes-256-gcm', load(), Buffer.from(iv, 'base64'));
        d.setAuthTag(Buffer.from(tag, 'base64'));
        return Buffer.concat([d.update(Buffer.from(ct, 'base64')), d.final()]).toString('utf8');
      } catch {
        throw new SecretUnavailableError('This secret cannot be decrypted with this data folder\'s key; enter it again');
      }
    },
  };
}
