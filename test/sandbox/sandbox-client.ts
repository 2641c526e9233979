import type { SandboxHandle } from '../../sandbox/types';

/** One REST answer as the wire carried it. */
export interface RestAnswer {
  status: number;
  body: Record<string, unknown> & { result?: unknown; error?: unknown; error_description?: unknown; time?: Record<string, unknown> };
}

/** POSTs JSON to a webhook method over real HTTP. */
export async function call(handle: SandboxHandle | string, method: string, params: unknown = {}): Promise<RestAnswer> {
  const base = typeof handle === 'string' ? handle : handle.webhook;
  const response = await fetch(`${base}${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(params),
  });
  return { status: response.status, body: (await response.json()) as RestAnswer['body'] };
}

/** Raw request, for form bodies, query strings and odd paths. */
export async function raw(url: string, init: RequestInit = {}): Promise<RestAnswer> {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: RestAnswer['body'];
  try {
    body = JSON.parse(text) as RestAnswer['body'];
  } catch {
    body = { text } as RestAnswer['body'];
  }
  return { status: response.status, body };
}

/** Calls and asserts success, returning `result`. */
export async function ok<T = any>(handle: SandboxHandle, method: string, params: unknown = {}): Promise<T> {
  const answer = await call(handle, method, params);
  if (answer.status !== 200 || answer.body.error !== undefined) {
    throw new Error(`${method} failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  return answer.body.result as T;
}

/** Creates a smart process and returns its ids. */
export async function makeType(handle: SandboxHandle, fields: Record<string, unknown> = {}): Promise<{ id: number; entityTypeId: number }> {
  const result = await ok<{ type: { id: number; entityTypeId: number } }>(handle, 'crm.type.add', {
    fields: { title: 'Заявки на закупку', isStagesEnabled: 'Y', isCategoriesEnabled: 'Y', ...fields },
  });
  return { id: result.type.id, entityTypeId: result.type.entityTypeId };
}
