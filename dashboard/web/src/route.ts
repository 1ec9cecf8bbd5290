import { useEffect, useState } from 'preact/hooks';

/** The page shown, from the URL's fragment: #/instances, #/instances/ID, #/images... */
export function useRoute(): string[] {
  const read = () => (location.hash.replace(/^#\/?/, '') || 'overview').split('/').map(decodeURIComponent);
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const f = () => setRoute(read());
    addEventListener('hashchange', f);
    return () => removeEventListener('hashchange', f);
  }, []);
  return route;
}

export function go(path: string) { location.hash = '#/' + path; }
