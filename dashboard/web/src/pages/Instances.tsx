import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, type SessionView } from '../api';
import { addresses, isTransitional, statusTone, taskWords } from '../format';
import { go } from '../route';
import { InstanceDetail } from './InstanceDetail';
import { LaunchWizard } from './LaunchWizard';
import { ACTIONS, flavors, listServers, type Flavor, type Server } from './servers';

const FAST = 2000, SLOW = 10000;

export function StatusBadge({ s }: { s: Server }) {
  const task = s['OS-EXT-STS:task_state'];
  return <span class={`badge ${statusTone(s.status, task)}`}>{s.status}{task ? ` · ${taskWords(task)}` : ''}</span>;
}

/** Row and detail actions, allowed by state; delete asks once more in place. */
export function ServerActions({ s, onDone, onError }: { s: Server; onDone: () => void; onError: (m: string) => void }) {
  const [confirm, setConfirm] = useState(false);
  const run = (f: (id: string) => Promise<unknown>) => async () => {
    setConfirm(false);
    try { await f(s.id); onDone(); } catch (e) { onError(`${s.name}: ${(e as ApiError).message}`); }
  };
  const busy = isTransitional(s.status, s['OS-EXT-STS:task_state']);
  return (
    <span class="actions">
      {s.status === 'SHUTOFF' && <button onClick={run(ACTIONS.start)} disabled={busy} aria-label={`Start ${s.name}`}>Start</button>}
      {s.status === 'ACTIVE' && <button onClick={run(ACTIONS.stop)} disabled={busy} aria-label={`Stop ${s.name}`}>Stop</button>}
      {s.status === 'ACTIVE' && <button onClick={run(ACTIONS.reboot)} disabled={busy} aria-label={`Reboot ${s.name}`}>Reboot</button>}
      {confirm
        ? <button class="danger" onClick={run(ACTIONS.delete)} aria-label={`Confirm delete ${s.name}`} autoFocus onBlur={() => setConfirm(false)}>Confirm delete</button>
        : <button class="danger-outline" onClick={() => setConfirm(true)} aria-label={`Delete ${s.name}`}>Delete</button>}
    </span>
  );
}

export function Instances({ session, route }: { session: SessionView; route: string[] }) {
  if (route[1] === 'launch') return <LaunchWizard session={session} />;
  if (route[1]) return <InstanceDetail id={route[1]} />;
  return <InstanceList />;
}

function InstanceList() {
  const [servers, setServers] = useState<Server[] | null>(null);
  const [flavorNames, setFlavorNames] = useState<Record<string, string>>({});
  const [pages, setPages] = useState<(string | undefined)[]>([undefined]);
  const [more, setMore] = useState(false);
  const [error, setError] = useState('');
  const [updated, setUpdated] = useState<Date | null>(null);
  const timer = useRef<number>();
  const marker = pages[pages.length - 1];
  const load = async () => {
    clearTimeout(timer.current);
    let fast = false;
    try {
      const r = await listServers(marker);
      setServers(r.servers);
      setMore(r.more);
      setUpdated(new Date());
      setError(e => (e.startsWith('Loading') ? '' : e));
      fast = r.servers.some(s => isTransitional(s.status, s['OS-EXT-STS:task_state']));
    } catch (e) {
      setError(`Loading the instances failed: ${(e as ApiError).message}`);
    }
    // live status: quickly while something changes, slowly otherwise, not while the tab is hidden
    timer.current = window.setTimeout(function tick() {
      if (document.hidden) { timer.current = window.setTimeout(tick, FAST); return; }
      load();
    }, fast ? FAST : SLOW);
  };
  useEffect(() => {
    flavors().then(fs => setFlavorNames(Object.fromEntries(fs.map((f: Flavor) => [f.id, f.name])))).catch(() => {});
  }, []);
  useEffect(() => { load(); return () => clearTimeout(timer.current); }, [marker]);
  const flavorName = (s: Server) => s.flavor.original_name ?? flavorNames[s.flavor.id ?? ''] ?? s.flavor.id ?? '';
  return (
    <section aria-labelledby="instances-title">
      <div class="page-head">
        <h1 id="instances-title">Instances</h1>
        <button class="primary" onClick={() => go('instances/launch')}>Launch instance</button>
      </div>
      {error && <p class="error" role="alert">{error}</p>}
      {servers === null ? <p role="status">Loading…</p> : servers.length === 0 && pages.length === 1
        ? <p class="empty">No instances in this project yet.</p>
        : (
          <div class="table-wrap">
            <table class="list" aria-describedby="instances-updated">
              <thead><tr><th scope="col">Name</th><th scope="col">Status</th><th scope="col">Flavor</th><th scope="col">Addresses</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
              <tbody>{servers.map(s => (
                <tr data-server-id={s.id}>
                  <th scope="row"><a href={`#/instances/${s.id}`}>{s.name || s.id}</a>
                    {s.status === 'ERROR' && s.fault && <div class="fault-line">{s.fault.message}</div>}</th>
                  <td data-label="Status"><StatusBadge s={s} /></td>
                  <td data-label="Flavor">{flavorName(s)}</td>
                  <td data-label="Addresses">{addresses(s.addresses)}</td>
                  <td><ServerActions s={s} onDone={load} onError={setError} /></td>
                </tr>))}
              </tbody>
            </table>
          </div>)}
      <div class="pager">
        <button onClick={() => setPages(pages.slice(0, -1))} disabled={pages.length === 1}>Previous</button>
        <span id="instances-updated" class="muted" aria-live="off">{updated && `Updated ${updated.toLocaleTimeString()}`}</span>
        <button onClick={() => servers && setPages([...pages, servers[servers.length - 1].id])} disabled={!more}>Next</button>
      </div>
    </section>
  );
}
