// Small pure helpers the pages share (tested in format.test.ts).

/** Server statuses that change on their own: the list refreshes quickly while one is shown. */
const TRANSITIONAL = new Set(['BUILD', 'REBOOT', 'HARD_REBOOT', 'RESIZE', 'MIGRATING', 'REBUILD',
  'VERIFY_RESIZE', 'REVERT_RESIZE', 'PASSWORD', 'RESCUE_PENDING']);

export function isTransitional(status: string, taskState?: string | null): boolean {
  return TRANSITIONAL.has(status) || !!taskState;
}

/** The badge class of a status: ok, busy, off or bad. */
export function statusTone(status: string, taskState?: string | null): 'ok' | 'busy' | 'off' | 'bad' {
  if (status === 'ERROR') return 'bad';
  if (isTransitional(status, taskState)) return 'busy';
  if (status === 'ACTIVE') return 'ok';
  return 'off';
}

/** "Deleting", "Powering off": a task state as words. */
export function taskWords(task?: string | null): string {
  if (!task) return '';
  const s = task.replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function mebibytes(mb: number): string {
  if (mb >= 1024 * 1024) return `${+(mb / 1024 / 1024).toFixed(1)} TiB`;
  if (mb >= 1024) return `${+(mb / 1024).toFixed(1)} GiB`;
  return `${mb} MiB`;
}

export function bytes(n: number | null | undefined): string {
  if (n == null) return '—';
  if (n < 1024) return `${n} B`;
  return mebibytes(Math.round(n / 1024 / 1024 * 10) / 10 || 0.1);
}

/** Used of limit as a fraction 0..1 (an unlimited quota, -1, is 0). */
export function share(used: number, limit: number): number {
  if (limit < 0) return 0;
  if (limit === 0) return used > 0 ? 1 : 0;
  return Math.min(1, used / limit);
}

/** Every address of a server, "10.0.0.5, 172.24.4.9 (floating)". */
export function addresses(addrs: Record<string, { addr: string; 'OS-EXT-IPS:type'?: string }[]> | undefined): string {
  if (!addrs) return '';
  return Object.values(addrs).flat()
    .map(a => a['OS-EXT-IPS:type'] === 'floating' ? `${a.addr} (floating)` : a.addr).join(', ');
}
