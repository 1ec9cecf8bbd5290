import { api } from '../api';

export interface Fault { code: number; message: string; details?: string; created?: string }
export interface Server {
  id: string; name: string; status: string; created: string;
  'OS-EXT-STS:task_state'?: string | null; 'OS-EXT-STS:power_state'?: number;
  flavor: { id?: string; original_name?: string }; image: { id?: string } | string;
  addresses?: Record<string, { addr: string; 'OS-EXT-IPS:type'?: string }[]>;
  key_name?: string | null; fault?: Fault; security_groups?: { name: string }[];
}
export interface Flavor { id: string; name: string; vcpus: number; ram: number; disk: number }

export const PAGE_SIZE = 50;

/** One page of the project's servers, newest first, after `marker` (server-side paging). */
export async function listServers(marker?: string): Promise<{ servers: Server[]; more: boolean }> {
  const q = new URLSearchParams({ limit: String(PAGE_SIZE + 1) });
  if (marker) q.set('marker', marker);
  const r = await api<{ servers: Server[] }>('compute', `/servers/detail?${q}`);
  return { servers: r.servers.slice(0, PAGE_SIZE), more: r.servers.length > PAGE_SIZE };
}

export const getServer = (id: string) => api<{ server: Server }>('compute', `/servers/${id}`).then(r => r.server);

export const flavors = () => api<{ flavors: Flavor[] }>('compute', '/flavors/detail').then(r => r.flavors);

/** A server action by its API name: os-stop, os-start, reboot, ... */
export function action(id: string, body: Record<string, unknown>) {
  return api<unknown>('compute', `/servers/${id}/action`, { method: 'POST', body });
}

export const ACTIONS = {
  stop: (id: string) => action(id, { 'os-stop': null }),
  start: (id: string) => action(id, { 'os-start': null }),
  reboot: (id: string) => action(id, { reboot: { type: 'SOFT' } }),
  delete: (id: string) => api<void>('compute', `/servers/${id}`, { method: 'DELETE' }),
};

export function consoleLog(id: string, lines = 200) {
  return action(id, { 'os-getConsoleOutput': { length: lines } }) as Promise<{ output: string }>;
}
