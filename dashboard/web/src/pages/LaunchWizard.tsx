import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type SessionView } from '../api';
import { bytes, mebibytes } from '../format';
import { go } from '../route';
import { flavors, type Flavor } from './servers';

interface Image { id: string; name: string; status: string; size?: number; visibility: string }
interface Network { id: string; name: string; shared: boolean; 'router:external'?: boolean; subnets: string[] }
interface KeyPair { keypair: { name: string } }
interface SecurityGroup { id: string; name: string; description?: string }

const STEPS = ['Details', 'Source', 'Flavor', 'Networks', 'Access', 'Configuration'];

/** The launch form in steps; every choice comes from the user's own project. */
export function LaunchWizard({ session }: { session: SessionView }) {
  const [step, setStep] = useState(0);
  const [name, setName] = useState('');
  const [count, setCount] = useState(1);
  const [imageId, setImageId] = useState('');
  const [flavorId, setFlavorId] = useState('');
  const [nets, setNets] = useState<string[]>([]);
  const [keyName, setKeyName] = useState('');
  const [groups, setGroups] = useState<string[]>(['default']);
  const [userData, setUserData] = useState('');
  const [images, setImages] = useState<Image[]>([]);
  const [flavorList, setFlavorList] = useState<Flavor[]>([]);
  const [networks, setNetworks] = useState<Network[]>([]);
  const [keys, setKeys] = useState<string[]>([]);
  const [secGroups, setSecGroups] = useState<SecurityGroup[]>([]);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const fail = (e: ApiError) => setError(e.message);
    api<{ images: Image[] }>('image', '/v2/images?status=active&limit=200').then(r => setImages(r.images)).catch(fail);
    flavors().then(fs => setFlavorList(fs.sort((a, b) => a.ram - b.ram || a.vcpus - b.vcpus))).catch(fail);
    api<{ keypairs: KeyPair[] }>('compute', '/os-keypairs').then(r => setKeys(r.keypairs.map(k => k.keypair.name))).catch(fail);
    if (session.services.includes('network')) {
      api<{ networks: Network[] }>('network', '/v2.0/networks').then(r =>
        setNetworks(r.networks.filter(n => !n['router:external'] && n.subnets.length > 0))).catch(fail);
      api<{ security_groups: SecurityGroup[] }>('network', `/v2.0/security-groups?project_id=${session.project!.id}`)
        .then(r => setSecGroups(r.security_groups)).catch(fail);
    }
  }, []);
  const missing = [!name.trim() && 'a name', !imageId && 'an image', !flavorId && 'a flavor'].filter(Boolean);
  const launch = async (e: Event) => {
    e.preventDefault();
    if (missing.length) { setError(`Choose ${missing.join(', ')} first.`); return; }
    setBusy(true);
    setError('');
    const server: Record<string, unknown> = {
      name: name.trim(), imageRef: imageId, flavorRef: flavorId, min_count: count, max_count: count,
      networks: nets.length ? nets.map(uuid => ({ uuid })) : 'auto',
      security_groups: groups.map(g => ({ name: g })),
    };
    if (keyName) server.key_name = keyName;
    if (userData.trim()) server.user_data = btoa(unescape(encodeURIComponent(userData)));
    try {
      await api('compute', '/servers', { method: 'POST', body: { server } });
      go('instances');
    } catch (x) {
      setError(`The launch was refused: ${(x as ApiError).message}`);
      setBusy(false);
    }
  };
  const toggle = (list: string[], set: (l: string[]) => void, v: string) =>
    set(list.includes(v) ? list.filter(x => x !== v) : [...list, v]);
  return (
    <section aria-labelledby="launch-title">
      <p><a href="#/instances">← Instances</a></p>
      <h1 id="launch-title">Launch instance</h1>
      <ol class="steps" aria-label="Steps">{STEPS.map((label, i) => (
        <li><button type="button" aria-current={i === step ? 'step' : undefined} onClick={() => setStep(i)}>{i + 1}. {label}</button></li>))}
      </ol>
      {error && <p class="error" role="alert">{error}</p>}
      <form onSubmit={launch} class="wizard">
        <fieldset hidden={step !== 0}><legend>Details</legend>
          <label>Instance name<input name="name" value={name} onInput={e => setName(e.currentTarget.value)} required maxLength={255} /></label>
          <label>Count<input name="count" type="number" min={1} max={100} value={count} onInput={e => setCount(Math.max(1, +e.currentTarget.value || 1))} /></label>
        </fieldset>
        <fieldset hidden={step !== 1}><legend>Source image</legend>
          {images.length === 0 ? <p class="empty">No active images.</p> : images.map(i => (
            <label class="choice"><input type="radio" name="image" value={i.id} checked={imageId === i.id} onChange={() => setImageId(i.id)} />
              <span>{i.name || i.id}</span><span class="muted">{bytes(i.size)} · {i.visibility}</span></label>))}
        </fieldset>
        <fieldset hidden={step !== 2}><legend>Flavor</legend>
          {flavorList.map(f => (
            <label class="choice"><input type="radio" name="flavor" value={f.id} checked={flavorId === f.id} onChange={() => setFlavorId(f.id)} />
              <span>{f.name}</span><span class="muted">{f.vcpus} VCPU · {mebibytes(f.ram)} RAM · {f.disk} GiB disk</span></label>))}
        </fieldset>
        <fieldset hidden={step !== 3}><legend>Networks</legend>
          {networks.length === 0 ? <p class="muted">No network with a subnet: the compute service allocates one if it can.</p> : networks.map(n => (
            <label class="choice"><input type="checkbox" name="network" value={n.id} checked={nets.includes(n.id)} onChange={() => toggle(nets, setNets, n.id)} />
              <span>{n.name || n.id}</span><span class="muted">{n.shared ? 'shared' : 'project'}</span></label>))}
        </fieldset>
        <fieldset hidden={step !== 4}><legend>Access</legend>
          <label>Key pair<select name="key_name" value={keyName} onChange={e => setKeyName(e.currentTarget.value)}>
            <option value="">None</option>{keys.map(k => <option value={k}>{k}</option>)}</select></label>
          <p class="label">Security groups</p>
          {secGroups.map(g => (
            <label class="choice"><input type="checkbox" name="security_group" value={g.name} checked={groups.includes(g.name)} onChange={() => toggle(groups, setGroups, g.name)} />
              <span>{g.name}</span><span class="muted">{g.description}</span></label>))}
        </fieldset>
        <fieldset hidden={step !== 5}><legend>Configuration</legend>
          <label>User data (cloud-init script or file)<textarea name="user_data" rows={6} value={userData} onInput={e => setUserData(e.currentTarget.value)} /></label>
        </fieldset>
        <div class="wizard-buttons">
          <button type="button" onClick={() => setStep(step - 1)} disabled={step === 0}>Back</button>
          <button type="button" onClick={() => setStep(step + 1)} disabled={step === STEPS.length - 1}>Next</button>
          <button type="submit" class="primary" disabled={busy}>{busy ? 'Launching…' : 'Launch'}</button>
        </div>
      </form>
    </section>
  );
}
