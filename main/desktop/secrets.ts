import { safeStorage } from 'electron';
import type { SecretBox } from '../core/secrets';
import { SecretUnavailableError, keyFileSecretBox } from '../core/secrets';

/**
 * Desktop: router passwords sealed with Electron's safeStorage (DPAPI on Windows, the keyring on Linux,
 * Keychain on macOS). Where the OS offers no encryption (a Linux PC without a keyring), the data dir's
 * key file is used, as in server mode. Values sealed by the key file stay readable either way.
 */
export function desktopSecretBox(keyFile: string): SecretBox {
  const fallback = keyFileSecretBox(keyFile);
  if (!safeStorage.isEncryptionAvailable()) return fallback;
  return {
    scheme: 'safe',
    seal: (plain) => `v1:safe:${safeStorage.encryptString(plain).toString('base64')}`,
    open(sealed) {
      if (!sealed.startsWith('v1:safe:')) return fallback.open(sealed);
      try {
        return safeStorage.decryptString(Buffer.from(sealed.slice('v1:safe:'.length), 'base64'));
      } catch {
        throw new SecretUnavailableError('This secret was sealed by another computer or user account; enter it again');
      }
    },
  };
}
