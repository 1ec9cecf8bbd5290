import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type SessionView } from '../api';
import { bytes } from '../format';

interface Image { id: string; name: string; status: string; size?: number; disk_format?: string; visibility: string; owner: string }

export function Images({ session }: { session: SessionView }) {
  const [images, setImages] = useState<Image[] | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    api<{ images: Image[] }>('image', '/v2/images?limit=200&sort=name:asc').then(r => setImages(r.images))
      .catch((e: ApiError) => setError(e.message));
  }, []);
  return (
    <section aria-labelledby="images-title">
      <h1 id="images-title">Images</h1>
      {error && <p class="error" role="alert">{error}</p>}
      {images === null ? !error && <p role="status">Loading…</p> : images.length === 0 ? <p class="empty">No images.</p> : (
        <div class="table-wrap"><table class="list">
          <thead><tr><th scope="col">Name</th><th scope="col">Status</th><th scope="col">Format</th><th scope="col">Size</th><th scope="col">Visibility</th></tr></thead>
          <tbody>{images.map(i => (
            <tr><th scope="row">{i.name || i.id}{i.owner === session.project?.id && <span class="muted"> (yours)</span>}</th>
              <td data-label="Status"><span class={`badge ${i.status === 'active' ? 'ok' : i.status === 'killed' ? 'bad' : 'busy'}`}>{i.status}</span></td>
              <td data-label="Format">{i.disk_format ?? '—'}</td><td data-label="Size">{bytes(i.size)}</td><td data-label="Visibility">{i.visibility}</td></tr>))}
          </tbody></table></div>)}
    </section>
  );
}
