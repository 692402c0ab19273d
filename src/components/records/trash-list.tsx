"use client";

import { useState } from "react";
import { ConfirmDialog } from "@/components/orgs/confirm-dialog";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { ListFooter, LoadError } from "@/components/ui/list-states";
import { TableSkeleton } from "./parts";

/*
 * A module's trash page (server: src/server/records/trash.ts): the trashed records the
 * caller can see, newest first, with who deleted them, when and how long they stay;
 * Restore for those who may delete, "Delete forever" (with a confirmation) for admins.
 * The module wires its queries and says how each kind reads and links.
 */

export type TrashRow = {
  kind: string;
  id: string;
  title: string;
  subtitle: string | null;
  deletedAt: Date;
  deletedBy: { id: string; name: string | null } | null;
  purgeAt: Date;
  daysLeft: number;
};

export type TrashKindLabel = { one: string; many: string };

type Props = {
  title: string;
  kinds: Record<string, TrashKindLabel>;
  rows: TrashRow[];
  retentionDays: number;
  loading: boolean;
  error: { message: string } | null;
  retrying: boolean;
  onRetry: () => void;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  canRestore: boolean;
  canPurge: boolean;
  /** Resolves when done; a rejection's message is shown. */
  onRestore: (row: TrashRow) => Promise<void>;
  onPurge: (row: TrashRow) => Promise<void>;
  /** The kind filter, if the page has one. */
  filter?: React.ReactNode;
  /** What "Delete forever" takes with the record (the confirmation's words); the CRM's notes, tasks and links by default. */
  purgeConsequence?: string;
};

const when = (date: Date) => date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
const days = (n: number) => (n === 1 ? "1 day" : `${n} days`);

export function TrashList(props: Props) {
  const { kinds, rows } = props;
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const [confirming, setConfirming] = useState<TrashRow | null>(null);

  async function act(row: TrashRow, action: "restore" | "purge") {
    const label = kinds[row.kind]?.one ?? "record";
    setBusy(`${action}:${row.id}`);
    setMessage(null);
    try {
      await (action === "restore" ? props.onRestore(row) : props.onPurge(row));
      setMessage({ tone: "success", text: action === "restore" ? `Restored ${label} “${row.title}”.` : `Deleted ${label} “${row.title}” forever.` });
      setConfirming(null);
    } catch (error) {
      setMessage({ tone: "error", text: `Could not ${action === "restore" ? "restore" : "delete"} “${row.title}”: ${(error as Error).message}` });
      // Closed, so the refusal (e.g. a product with stock movements) is seen rather than hidden behind the dialog.
      setConfirming(null);
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="flex flex-col gap-6">
      <div className="max-w-2xl">
        <h1 className="text-2xl font-semibold text-ink">{props.title}</h1>
        <p className="mt-1 text-sm text-ink-muted">
          Deleted records stay here for {props.retentionDays} days, with everything attached to them, and can be restored as they were. After that they are
          deleted for good.
        </p>
      </div>
      {props.filter}
      <div aria-live="polite">{message && <Alert tone={message.tone}>{message.text}</Alert>}</div>
      {props.loading ? (
        <div aria-busy="true">
          <span className="sr-only" role="status">
            Loading the trash…
          </span>
          <TableSkeleton rows={4} />
        </div>
      ) : props.error && rows.length === 0 ? (
        <LoadError message={`Could not load the trash: ${props.error.message}`} retrying={props.retrying} onRetry={props.onRetry} />
      ) : rows.length === 0 ? (
        <EmptyState title="The trash is empty.">Records you delete appear here for {props.retentionDays} days.</EmptyState>
      ) : (
        <>
          <div className="overflow-x-auto rounded-card border border-gray-200 bg-white shadow-sm" role="region" aria-label="Deleted records" tabIndex={0}>
            <table className="min-w-full text-left text-sm">
              <thead className="border-b border-gray-200 bg-surface-sunken text-xs uppercase tracking-wide text-ink-muted">
                <tr>
                  <th scope="col" className="px-4 py-2 font-medium">
                    Record
                  </th>
                  <th scope="col" className="px-4 py-2 font-medium">
                    Kind
                  </th>
                  <th scope="col" className="px-4 py-2 font-medium">
                    Deleted
                  </th>
                  <th scope="col" className="px-4 py-2 font-medium">
                    Days left
                  </th>
                  <th scope="col" className="px-4 py-2 font-medium">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-gray-100">
                {rows.map((row) => (
                  <tr key={`${row.kind}:${row.id}`}>
                    <td className="px-4 py-3">
                      <span className="block font-medium text-ink">{row.title}</span>
                      {row.subtitle && <span className="block text-xs text-ink-muted">{row.subtitle}</span>}
                    </td>
                    <td className="px-4 py-3 capitalize text-ink-muted">{kinds[row.kind]?.one ?? row.kind}</td>
                    <td className="px-4 py-3 text-ink-muted">
                      <time dateTime={row.deletedAt.toISOString()}>{when(row.deletedAt)}</time>
                      {row.deletedBy && <span className="block text-xs">by {row.deletedBy.name ?? "a former member"}</span>}
                    </td>
                    <td className="px-4 py-3 text-ink-muted">
                      <span title={`Deleted for good on ${when(row.purgeAt)}`}>{days(row.daysLeft)}</span>
                    </td>
                    <td className="px-4 py-3">
                      <div className="flex justify-end gap-2">
                        {props.canRestore && (
                          <Button type="button" variant="secondary" pending={busy === `restore:${row.id}`} disabled={busy !== null} onClick={() => void act(row, "restore")}>
                            Restore<span className="sr-only"> {row.title}</span>
                          </Button>
                        )}
                        {props.canPurge && (
                          <Button type="button" variant="danger" disabled={busy !== null} onClick={() => setConfirming(row)}>
                            Delete forever<span className="sr-only"> {row.title}</span>
                          </Button>
                        )}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {props.error && <Alert>Could not load more: {props.error.message}</Alert>}
          <ListFooter
            summary={`${rows.length} deleted ${rows.length === 1 ? "record" : "records"} shown${props.hasMore ? "; more below." : "."}`}
            hasMore={props.hasMore}
            loadingMore={props.loadingMore}
            onLoadMore={props.onLoadMore}
          />
        </>
      )}
      <ConfirmDialog
        open={confirming !== null}
        title={`Delete this ${confirming ? (kinds[confirming.kind]?.one ?? "record") : "record"} forever?`}
        confirmLabel="Delete forever"
        pending={busy?.startsWith("purge:") ?? false}
        onConfirm={() => confirming && void act(confirming, "purge")}
        onCancel={() => setConfirming(null)}
      >
        <p>
          <strong className="font-medium text-ink">{confirming?.title}</strong> and what exists only for it (
          {props.purgeConsequence ?? "its notes, tasks and links"}) will be deleted for good. This cannot be undone.
        </p>
      </ConfirmDialog>
    </div>
  );
}
