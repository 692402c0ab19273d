/*
 * Loading states of the tenant pages (their loading.tsx files). Each page has its own
 * boundary, below the layouts: a record page's layout checks the record before anything
 * is streamed, so a missing record can still answer HTTP 404.
 */

/** A page's heading, cards and a body, pulsing while the page renders. */
export function PageSkeleton() {
  return (
    <div className="flex flex-col gap-6" aria-busy="true" aria-live="polite">
      <span className="sr-only">Loading…</span>
      <div className="h-8 w-64 animate-pulse rounded bg-surface-sunken" />
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-3">
        {[0, 1, 2].map((i) => (
          <div key={i} className="h-20 animate-pulse rounded-card bg-surface-sunken" />
        ))}
      </div>
      <div className="h-64 animate-pulse rounded-card bg-surface-sunken" />
    </div>
  );
}

/** A list page: heading, filters and rows. */
export function ListPageSkeleton() {
  return (
    <div className="flex flex-col gap-6" aria-busy="true" aria-live="polite">
      <span className="sr-only">Loading…</span>
      <div className="h-8 w-64 animate-pulse rounded bg-surface-sunken" />
      <div className="h-10 animate-pulse rounded-card bg-surface-sunken" />
      <div className="flex flex-col gap-2">
        {[0, 1, 2, 3, 4, 5].map((i) => (
          <div key={i} className="h-10 animate-pulse rounded bg-surface-sunken" />
        ))}
      </div>
    </div>
  );
}
