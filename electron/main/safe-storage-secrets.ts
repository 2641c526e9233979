import { safeStorage } from 'electron';
import { createFileSecretStore, type SecretStore } from '../../shared/portal/portals/secret-store';

/**
 * Webhook secrets encrypted with Electron's `safeStorage` (the OS keychain:
 * Keychain, DPAPI, libsecret/kwallet), stored in an owner-only file. Where the
 * OS offers no encryption, the owner-only file alone protects them, and the
 * UI says so.
 */
export function createSafeStorageSecrets(dataDir: string): SecretStore {
  if (!safeStorage.isEncryptionAvailable() || safeStorage.getSelectedStorageBackend?.() === 'basic_text') {
    return createFileSecretStore(dataDir);
  }
  return createFileSecretStore(dataDir, {
    protection: 'os-encryption',
    encode: (secret) => safeStorage.encryptString(secret).toString('base64'),
    decode: (stored) => safeStorage.decryptString(Buffer.from(stored, 'base64')),
  });
}
