import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type SessionView } from '../api';

interface Network { id: string; name: string; status: string; shared: boolean; 'router:external'?: boolean; subnets: string[]; project_id: string }
interface Subnet { id: string; name: string; cidr: string; network_id: string }

export function Networks({ session }: { session: SessionView }) {
  const [networks, setNetworks] = useState<Network[] | null>(null);
  const [subnets, setSubnets] = useState<Record<string, Subnet>>({});
  const [error, setError] = useState('');
  useEffect(() => {
    if (!session.services.includes('network')) { setError('There is no network service in your catalog.'); return; }
    const fail = (e: ApiError) => setError(e.message);
    api<{ networks: Network[] }>('network', '/v2.0/networks').then(r => setNetworks(r.networks)).catch(fail);
    api<{ subnets: Subnet[] }>('network', '/v2.0/subnets').then(r => setSubnets(Object.fromEntries(r.subnets.map(s => [s.id, s])))).catch(fail);
  }, []);
  return (
    <section aria-labelledby="networks-title">
      <h1 id="networks-title">Networks</h1>
      {error && <p class="error" role="alert">{error}</p>}
      {networks === null ? !error && <p role="status">Loading…</p> : networks.length === 0 ? <p class="empty">No networks.</p> : (
        <div class="table-wrap"><table class="list">
          <thead><tr><th scope="col">Name</th><th scope="col">Subnets</th><th scope="col">Kind</th><th scope="col">Status</th></tr></thead>
          <tbody>{networks.map(n => (
            <tr><th scope="row">{n.name || n.id}</th>
              <td data-label="Subnets">{n.subnets.map(id => subnets[id] ? `${subnets[id].name || id} ${subnets[id].cidr}` : id).join(', ') || '—'}</td>
              <td data-label="Kind">{n['router:external'] ? 'external' : n.shared ? 'shared' : n.project_id === session.project?.id ? 'project' : 'other project'}</td>
              <td data-label="Status"><span class={`badge ${n.status === 'ACTIVE' ? 'ok' : 'off'}`}>{n.status}</span></td></tr>))}
          </tbody></table></div>)}
    </section>
  );
}
