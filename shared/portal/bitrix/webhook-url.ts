import { AppError } from '../../base/errors/errors';

/**
 * A parsed inbound-webhook URL.
 *
 * `baseUrl` ends with `/` and holds the secret: never log it. `display` is the
 * same URL with the secret replaced by `***`, safe for messages and files.
 */
export interface WebhookEndpoint {
  baseUrl: string;
  display: string;
  origin: string;
  userId: string;
  secret: string;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * Checks and splits an inbound-webhook URL `https://host/rest/<user>/<secret>/`.
 *
 * Plain http is accepted only for loopback hosts (the sandbox). A trailing
 * method name is dropped. Errors are `PORTAL_INSECURE_URL` and never quote the
 * secret.
 */
export function parseWebhookUrl(raw: string): WebhookEndpoint {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new AppError('PORTAL_INSECURE_URL', 'The portal address is not a valid URL.', {
      hint: 'Paste the inbound webhook URL as Bitrix24 shows it: https://your-portal.bitrix24.com/rest/1/xxxxxxxx/',
    });
  }
  const match = /^\/rest\/(\d+)\/([^/]+)(?:\/.*)?$/.exec(url.pathname);
  const hint = 'Paste the inbound webhook URL as Bitrix24 shows it: https://your-portal.bitrix24.com/rest/1/xxxxxxxx/';
  if (!match) {
    throw new AppError('PORTAL_INSECURE_URL', `The address ${url.origin} is not an inbound webhook URL (expected /rest/<user id>/<secret>/).`, { hint });
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    throw new AppError('PORTAL_INSECURE_URL', `The portal address ${url.protocol}//${url.host} is not https; the webhook secret would travel in clear text.`, {
      hint: 'Use the https:// address of the portal. Plain http is only allowed for a local sandbox on 127.0.0.1.',
    });
  }
  const userId = match[1] ?? '';
  const secret = match[2] ?? '';
  return {
    baseUrl: `${url.origin}/rest/${userId}/${secret}/`,
    display: `${url.origin}/rest/${userId}/***/`,
    origin: url.origin,
    userId,
    secret,
  };
}

const WEBHOOK_PATH = /^\/rest\/\d{1,12}\/[A-Za-z0-9_-]{1,128}(?:\/(?:[A-Za-z0-9_.]{1,100}\/?)?)?$/;

/**
 * True for text shaped like an inbound webhook URL:
 * `http(s)://host[:port]/rest/<user id>/<secret>/` (a method name may follow),
 * with no user name, password, query or fragment. Any other scheme or path is
 * refused before the core looks at it; whether plain http is acceptable
 * (loopback only) is `parseWebhookUrl`'s to say, with its explanation.
 */
export function isWebhookShapedUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return false;
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '' || url.hostname === '') return false;
  return WEBHOOK_PATH.test(url.pathname);
}

/**
 * Replaces every occurrence of the secret (raw or URL-encoded) with `***`.
 *
 * Used on any text that may have passed near the URL before it is kept.
 */
export function redactSecret(text: string, secret: string): string {
  if (secret === '') return text;
  let out = text.split(secret).join('***');
  const encoded = encodeURIComponent(secret);
  if (encoded !== secret) out = out.split(encoded).join('***');
  return out;
}
