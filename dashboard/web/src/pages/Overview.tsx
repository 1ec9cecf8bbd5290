import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type SessionView } from '../api';
import { mebibytes, share } from '../format';

interface Meter { label: string; used: number; limit: number; show?: (n: number) => string }

/** One quota as a bar: used of limit, with the figures in words for screen readers too. */
function QuotaBar({ m }: { m: Meter }) {
  const f = m.show ?? String;
  const part = share(m.used, m.limit);
  const words = m.limit < 0 ? `${f(m.used)} used, no limit` : `${f(m.used)} of ${f(m.limit)} used`;
  return (
    <li class="quota">
      <div class="quota-head"><span>{m.label}</span><span class="muted">{words}</span></div>
      <div class="bar" role="meter" aria-label={m.label} aria-valuemin={0} aria-valuemax={m.limit < 0 ? undefined : m.limit}
        aria-valuenow={m.used} aria-valuetext={words}>
        <span class={part >= 0.9 ? 'fill full' : part >= 0.7 ? 'fill high' : 'fill'} style={{ width: `${part * 100}%` }} />
      </div>
    </li>
  );
}

type Absolute = Record<string, number>;
type NetDetails = Record<string, { used: number; limit: number }>;

export function Overview({ session }: { session: SessionView }) {
  const [compute, setCompute] = useState<Meter[] | null>(null);
  const [network, setNetwork] = useState<Meter[] | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    api<{ limits: { absolute: Absolute } }>('compute', '/limits').then(({ limits: { absolute: a } }) => setCompute([
      { label: 'Instances', used: a.totalInstancesUsed, limit: a.maxTotalInstances },
      { label: 'VCPUs', used: a.totalCoresUsed, limit: a.maxTotalCores },
      { label: 'RAM', used: a.totalRAMUsed, limit: a.maxTotalRAMSize, show: mebibytes },
      { label: 'Server groups', used: a.totalServerGroupsUsed ?? 0, limit: a.maxServerGroups ?? -1 },
    ])).catch((e: ApiError) => setError(e.message));
    if (session.services.includes('network')) {
      api<{ quota: NetDetails }>('network', `/v2.0/quotas/${session.project!.id}/details`).then(({ quota: q }) => {
        const m = (label: string, k: string): Meter => ({ label, used: q[k]?.used ?? 0, limit: q[k]?.limit ?? -1 });
        setNetwork([m('Networks', 'network'), m('Subnets', 'subnet'), m('Ports', 'port'), m('Routers', 'router'),
          m('Floating IPs', 'floatingip'), m('Security groups', 'security_group')]);
      }).catch((e: ApiError) => setError(e.message));
    }
  }, []);
  return (
    <section aria-labelledby="overview-title">
      <h1 id="overview-title">Overview <span class="muted">· {session.project?.name}</span></h1>
      {error && <p class="error" role="alert">{error}</p>}
      <div class="cards">
        <article class="card"><h2>Compute</h2>
          {compute ? <ul class="quotas">{compute.map(m => <QuotaBar m={m} />)}</ul> : <p role="status">Loading…</p>}</article>
        {session.services.includes('network') && <article class="card"><h2>Network</h2>
          {network ? <ul class="quotas">{network.map(m => <QuotaBar m={m} />)}</ul> : <p role="status">Loading…</p>}</article>}
      </div>
    </section>
  );
}
