import { useEffect, useState } from 'preact/hooks';
import { ApiError, session, type Project, type SessionView } from '../api';
import { go, useRoute } from '../route';
import { Images } from './Images';
import { Instances } from './Instances';
import { Networks } from './Networks';
import { Overview } from './Overview';
import { Renewal } from './Renewal';

const PAGES: [string, string][] = [['overview', 'Overview'], ['instances', 'Instances'],
  ['images', 'Images'], ['networks', 'Networks']];

/** The signed-in frame: header (project switcher, user, sign out), navigation, the page. */
export function Shell({ session: s, onSession }: { session: SessionView; onSession: (s: SessionView | null) => void }) {
  const route = useRoute();
  const [projects, setProjects] = useState<Project[]>([]);
  const [error, setError] = useState('');
  const [menu, setMenu] = useState(false);
  useEffect(() => { session.projects().then(setProjects).catch(() => setProjects([])); }, [s.user.id]);
  const switchTo = async (id: string) => {
    setError('');
    try { onSession(await session.switchProject(id)); } catch (e) { setError((e as ApiError).message); }
  };
  const signOut = async () => {
    try { await session.signOut(); } catch { /* already gone */ }
    onSession(null);
    go('overview');
  };
  const page = route[0];
  const key = s.project?.id ?? 'none';
  return (
    <div class="shell">
      <a class="skip" href="#main">Skip to content</a>
      <header class="top">
        <button class="menu-toggle" aria-expanded={menu} aria-controls="nav" onClick={() => setMenu(!menu)}>Menu</button>
        <span class="brand">Altus</span>
        <label class="project">
          <span class="sr-only">Project</span>
          <select aria-label="Project" value={s.project?.id ?? ''} onChange={e => switchTo(e.currentTarget.value)} disabled={projects.length < 2}>
            {!s.project && <option value="">No project</option>}
            {(projects.length ? projects : s.project ? [s.project] : []).map(p => <option value={p.id}>{p.name}</option>)}
          </select>
        </label>
        <span class="user" title={`${s.user.name} (${s.user.domain_name})`}>{s.user.name}</span>
        <button class="signout" onClick={signOut}>Sign out</button>
      </header>
      <nav id="nav" class={menu ? 'open' : ''} aria-label="Pages">
        <ul>{PAGES.map(([id, label]) => (
          <li><a href={`#/${id}`} aria-current={page === id ? 'page' : undefined} onClick={() => setMenu(false)}>{label}</a></li>
        ))}</ul>
      </nav>
      <main id="main" tabIndex={-1}>
        <Renewal session={s} onSession={onSession} />
        {error && <p class="error" role="alert">{error}</p>}
        {!s.project ? <p class="notice">You have no project yet: ask an administrator to give you a role on one.</p>
          : page === 'instances' ? <Instances key={key} session={s} route={route} />
          : page === 'images' ? <Images key={key} session={s} />
          : page === 'networks' ? <Networks key={key} session={s} />
          : <Overview key={key} session={s} />}
      </main>
    </div>
  );
}
