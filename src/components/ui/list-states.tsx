import { Alert } from "./alert";
import { Button } from "./button";

/** A list that could not load at all: the reason and a retry. */
export function LoadError({ message, retrying, onRetry }: { message: string; retrying: boolean; onRetry: () => void }) {
  return (
    <div className="flex flex-col items-start gap-3">
      <Alert>{message}</Alert>
      <Button type="button" variant="secondary" pending={retrying} onClick={onRetry}>
        Try again
      </Button>
    </div>
  );
}

/** Under a cursor-paginated list: how much is shown, and "Load more" while there is more. */
export function ListFooter({
  summary,
  hasMore,
  loadingMore,
  onLoadMore,
}: {
  summary: React.ReactNode;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
}) {
  return (
    <div className="flex flex-col items-center gap-2 sm:flex-row sm:justify-between">
      <p className="text-xs text-ink-faint" role="status">
        {summary}
      </p>
      {hasMore && (
        <Button type="button" variant="secondary" pending={loadingMore} onClick={onLoadMore}>
          Load more
        </Button>
      )}
    </div>
  );
}
