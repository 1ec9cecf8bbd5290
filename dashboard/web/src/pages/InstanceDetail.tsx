import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api';
import { addresses, isTransitional } from '../format';
import { go } from '../route';
import { ServerActions, StatusBadge } from './Instances';
import { consoleLog, getServer, type Server } from './servers';

/** One instance: its details, its fault in full when it failed, actions and the console log. */
export function InstanceDetail({ id }: { id: string }) {
  const [s, setS] = useState<Server | null>(null);
  const [error, setError] = useState('');
  const [log, setLog] = useState<string | null>(null);
  const timer = useRef<number>();
  const load = async () => {
    clearTimeout(timer.current);
    try {
      const server = await getServer(id);
      setS(server);
      timer.current = window.setTimeout(load, isTransitional(server.status, server['OS-EXT-STS:task_state']) ? 2000 : 10000);
    } catch (e) {
      const x = e as ApiError;
      if (x.status === 404) { go('instances'); return; }
      setError(x.message);
    }
  };
  useEffect(() => { load(); return () => clearTimeout(timer.current); }, [id]);
  const showLog = async () => {
    try { setLog((await consoleLog(id)).output || '(the console log is empty)'); } catch (e) { setError((e as ApiError).message); }
  };
  if (!s) return error ? <p class="error" role="alert">{error}</p> : <p role="status">Loading…</p>;
  return (
    <section aria-labelledby="instance-title">
      <p><a href="#/instances">← Instances</a></p>
      <div class="page-head"><h1 id="instance-title">{s.name}</h1><StatusBadge s={s} /></div>
      {error && <p class="error" role="alert">{error}</p>}
      {s.fault && (
        <div class="fault" role="alert"><h2>Fault</h2><p>{s.fault.message}</p>
          {s.fault.details && <pre>{s.fault.details}</pre>}</div>)}
      <dl class="details">
        <dt>ID</dt><dd>{s.id}</dd>
        <dt>Addresses</dt><dd>{addresses(s.addresses) || '—'}</dd>
        <dt>Key pair</dt><dd>{s.key_name || '—'}</dd>
        <dt>Security groups</dt><dd>{(s.security_groups ?? []).map(g => g.name).join(', ') || '—'}</dd>
        <dt>Created</dt><dd>{new Date(s.created).toLocaleString()}</dd>
      </dl>
      <p><ServerActions s={s} onDone={load} onError={setError} />{' '}
        <button onClick={showLog}>Console log</button></p>
      {log !== null && <section aria-label="Console log"><h2>Console log</h2><pre class="console">{log}</pre></section>}
    </section>
  );
}
