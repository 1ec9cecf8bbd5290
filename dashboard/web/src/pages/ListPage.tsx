import type { ComponentChildren } from 'preact';

/** A page that is one table: its heading, the error if loading failed, loading, empty or rows. */
export function ListPage<T>({ id, title, error, items, empty, columns, row }: {
  id: string; title: string; error: string; items: T[] | null; empty: string;
  columns: string[]; row: (item: T) => ComponentChildren;
}) {
  return (
    <section aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>{title}</h1>
      {error && <p class="error" role="alert">{error}</p>}
      {items === null ? !error && <p role="status">Loading…</p> : items.length === 0 ? <p class="empty">{empty}</p> : (
        <div class="table-wrap"><table class="list">
          <thead><tr>{columns.map(c => <th scope="col">{c}</th>)}</tr></thead>
          <tbody>{items.map(row)}</tbody>
        </table></div>)}
    </section>
  );
}
