// The page's only door to the cloud: the dashboard server's /session and /api/<service>/...,
// on this origin. The session cookie is httpOnly (this code never sees the token); the CSRF token
// is kept in memory and sent with every request that changes something.

export interface Project { id: string; name: string; domain_id: string }
export interface SessionView {
  user: { id: string; name: string; domain_id: string; domain_name: string };
  project: Project | null;
  roles: string[];
  services: string[];
  expires_at: string;
  seconds_left: number;
  renew_before_seconds: number;
  csrf_token: string;
}

/** A refusal from the dashboard or a service, in plain words with the service's message. */
export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly requestId?: string) {
    super(message);
  }
}

let csrf = '';
let onSignedOut: () => void = () => {};

export function setCsrf(token: string) { csrf = token; }
/** Called when any request finds the session gone (401): the page shows the sign-in form. */
export function whenSignedOut(f: () => void) { onSignedOut = f; }

/**
 * The message in any of the OpenStack fault formats: compute's {"badRequest": {"message"}},
 * network's {"NeutronError": {"message"}}, identity's {"error": {"message"}}, the image
 * service's plain text, or a bare {"message"}.
 */
export function faultMessage(status: number, body: string): string {
  const text = body.trim();
  if (text.startsWith('{')) {
    try {
      const o = JSON.parse(text);
      const inner = o.NeutronError ?? o.error ?? (Object.keys(o).length === 1 ? Object.values(o)[0] : o);
      if (inner && typeof inner === 'object') {
        const m = (inner as Record<string, unknown>).message ?? (inner as Record<string, unknown>).detail;
        if (typeof m === 'string' && m) return m;
      }
      if (typeof inner === 'string' && inner) return inner;
    } catch { /* not JSON after all: use the text */ }
  }
  if (text && !text.startsWith('<')) {
    // the image service answers "<status line>\n\n<message>": keep the message
    const lines = text.split('\n').map(l => l.trim()).filter(Boolean);
    return lines.length > 1 && /^\d{3} /.test(lines[0]) ? lines.slice(1).join(' ') : lines.join(' ');
  }
  return `The request failed with HTTP ${status}.`;
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  raw?: BodyInit;
}

async function request<T>(url: string, opts: RequestOptions = {}): Promise<T> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
  let body: BodyInit | undefined = opts.raw;
  if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  if (method !== 'GET' && method !== 'HEAD' && csrf) headers['X-CSRF-Token'] = csrf;
  let r: Response;
  try {
    r = await fetch(url, { method, headers, body, credentials: 'same-origin', cache: 'no-store' });
  } catch (e) {
    throw new ApiError(0, `The dashboard cannot be reached (${(e as Error).message}).`);
  }
  const text = await r.text();
  if (!r.ok) {
    if (r.status === 401 && !url.endsWith('/session')) onSignedOut();
    throw new ApiError(r.status, faultMessage(r.status, text), r.headers.get('x-openstack-request-id') ?? undefined);
  }
  return (text ? JSON.parse(text) : undefined) as T;
}

export const session = {
  current: () => request<SessionView>('/session'),
  signIn: (domain: string, username: string, password: string) =>
    request<SessionView>('/session', { method: 'POST', body: { domain, username, password } }),
  projects: () => request<{ projects: Project[] }>('/session/projects').then(r => r.projects),
  switchProject: (projectId: string) =>
    request<SessionView>('/session/project', { method: 'PUT', body: { project_id: projectId } }),
  renew: (password: string) => request<SessionView>('/session/renew', { method: 'POST', body: { password } }),
  signOut: () => request<void>('/session', { method: 'DELETE' }),
};

/** A service's API through the dashboard: api('compute', '/servers/detail'). */
export function api<T>(service: string, path: string, opts?: RequestOptions): Promise<T> {
  return request<T>(`/api/${service}${path}`, opts);
}
