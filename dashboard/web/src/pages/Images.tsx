import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type SessionView } from '../api';
import { bytes } from '../format';
import { ListPage } from './ListPage';

interface Image { id: string; name: string; status: string; size?: number; disk_format?: string; visibility: string; owner: string }

export function Images({ session }: { session: SessionView }) {
  const [images, setImages] = useState<Image[] | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    api<{ images: Image[] }>('image', '/v2/images?limit=200&sort=name:asc').then(r => setImages(r.images))
      .catch((e: ApiError) => setError(e.message));
  }, []);
  return (
    <ListPage id="images" title="Images" error={error} items={images} empty="No images."
      columns={['Name', 'Status', 'Format', 'Size', 'Visibility']} row={i => (
        <tr><th scope="row">{i.name || i.id}{i.owner === session.project?.id && <span class="muted"> (yours)</span>}</th>
          <td data-label="Status"><span class={`badge ${i.status === 'active' ? 'ok' : i.status === 'killed' ? 'bad' : 'busy'}`}>{i.status}</span></td>
          <td data-label="Format">{i.disk_format ?? '—'}</td><td data-label="Size">{bytes(i.size)}</td><td data-label="Visibility">{i.visibility}</td></tr>)} />
  );
}
