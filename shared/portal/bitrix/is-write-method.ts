const READ_SUFFIX = /\.(get|list|fields|getTypes|getByEntityTypeId|search|current|findbycomm|items|types|time)$/i;
const READ_NAMES = new Set(['profile', 'scope', 'methods', 'method.get', 'server.time', 'app.info', 'feature.get']);

/**
 * True unless the method is known to only read.
 *
 * Unknown names count as writes so that an ambiguous failure is never
 * retried blindly.
 */
export function isWriteMethod(method: string): boolean {
  return !(READ_NAMES.has(method) || READ_SUFFIX.test(method));
}
