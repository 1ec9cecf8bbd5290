import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type SessionView } from '../api';
import { ListPage } from './ListPage';

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
  const subnet = (id: string) => subnets[id] ? `${subnets[id].name || id} ${subnets[id].cidr}` : id;
  const kind = (n: Network) => n['router:external'] ? 'external' : n.shared ? 'shared'
    : n.project_id === session.project?.id ? 'project' : 'other project';
  return (
    <ListPage id="networks" title="Networks" error={error} items={networks} empty="No networks."
      columns={['Name', 'Subnets', 'Kind', 'Status']} row={n => (
        <tr><th scope="row">{n.name || n.id}</th>
          <td data-label="Subnets">{n.subnets.map(subnet).join(', ') || '—'}</td>
          <td data-label="Kind">{kind(n)}</td>
          <td data-label="Status"><span class={`badge ${n.status === 'ACTIVE' ? 'ok' : 'off'}`}>{n.status}</span></td></tr>)} />
  );
}
