import type { WireError } from '../../base/errors/errors';

/**
 * What every call returns across a transport: a value, or an error as data.
 */
export type WireResult<T> = { ok: true; value: T } | { ok: false; error: WireError };

/**
 * The generic bridge the Electron preload exposes to the page.
 *
 * It never changes when channels are added: one invoke, one event stream.
 */
export interface Bridge {
  invoke(channel: string, input: unknown): Promise<WireResult<unknown>>;
  subscribe(listener: (name: string, payload: unknown) => void): () => void;
  /**
   * Desktop app only: where a dropped or picked file lives on disk (a DOM
   * `File`; '' when it has no path), so a later sync can re-read the same file.
   */
  pathForFile?(file: unknown): string;
}

const BYTES_TAG = '$bytes';

/**
 * Prepares a value for JSON: every `Uint8Array` becomes `{ $bytes: base64 }`.
 *
 * Structured clone (IPC) carries bytes natively; HTTP needs this codec.
 */
export function encodeWire(value: unknown): unknown {
  if (value instanceof Uint8Array) return { [BYTES_TAG]: bytesToBase64(value) };
  if (Array.isArray(value)) return value.map(encodeWire);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[key] = encodeWire(inner);
    return out;
  }
  return value;
}

/** Reverses `encodeWire`: `{ $bytes: base64 }` objects become `Uint8Array`s again. */
export function decodeWire(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeWire);
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length === 1 && keys[0] === BYTES_TAG && typeof record[BYTES_TAG] === 'string') {
      return base64ToBytes(record[BYTES_TAG]);
    }
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(record)) out[key] = decodeWire(inner);
    return out;
  }
  return value;
}

// 32 KiB keeps String.fromCharCode's argument list well under engine limits.
const CHUNK = 0x8000;

/** Base64 of bytes, without Node's Buffer so the same code runs in the page. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let offset = 0; offset < bytes.length; offset += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(offset, offset + CHUNK));
  }
  return btoa(binary);
}

/** Bytes of a base64 string; throws on malformed input. */
export function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
