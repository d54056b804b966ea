/**
 * Every call the console makes: the /v1 API with the user's bearer token, kept in session storage
 * only (gone with the tab, never in local storage or a cookie). The optional access reason is sent
 * as X-Access-Reason, which the access log records beside each read of a person's data.
 */
const TOKEN = 'benefit-ledger.console.token';
const REASON = 'benefit-ledger.console.reason';

export const session = {
  token: () => sessionStorage.getItem(TOKEN),
  setToken: (token: string) => sessionStorage.setItem(TOKEN, token.trim()),
  reason: () => sessionStorage.getItem(REASON) ?? '',
  setReason: (reason: string) => (reason.trim() ? sessionStorage.setItem(REASON, reason.trim()) : sessionStorage.removeItem(REASON)),
  clear: () => {
    sessionStorage.removeItem(TOKEN);
    sessionStorage.removeItem(REASON);
  },
};

/** A problem+json answer (RFC 9457) as the API sends it. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: { title?: string; detail?: string; errors?: { field: string; message: string }[] },
  ) {
    super(`${status} ${problem.title ?? ''}: ${problem.detail ?? ''}${problem.errors?.length ? ` (${problem.errors.map((e) => `${e.field} ${e.message}`).join('; ')})` : ''}`);
  }
}

/** Called when the API refuses the token (401): the console asks for another. */
let onUnauthorised: () => void = () => undefined;
export const whenUnauthorised = (handler: () => void) => (onUnauthorised = handler);

export async function api<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = session.token();
  if (token) headers.authorization = `Bearer ${token}`;
  if (session.reason()) headers['x-access-reason'] = session.reason();
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'omit', cache: 'no-store' });
  const text = await res.text();
  const json = text ? JSON.parse(text) : null;
  if (res.status === 401) onUnauthorised();
  if (!res.ok) throw new ApiError(res.status, json ?? {});
  return json as T;
}

/** What the token says about its holder, for the header only (the API verifies it; this does not). */
export function tokenClaims(token: string): { sub?: string; roles?: string[] } {
  const part = token.split('.')[1];
  if (!part) return { sub: 'admin token', roles: ['admin'] };
  try {
    return JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/')));
  } catch {
    return {};
  }
}

export const q = (params: Record<string, string | undefined>) => {
  const entries = Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '');
  return entries.length ? `?${new URLSearchParams(entries).toString()}` : '';
};
