"use client";

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import clsx from "clsx";
import Link from "next/link";
import { useState } from "react";
import { useNow } from "@/components/jobs/format";
import { RelativeTime } from "@/components/jobs/relative-time";
import { ConfirmDialog } from "@/components/orgs/confirm-dialog";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { ListFooter, LoadError } from "@/components/ui/list-states";
import { ModalForm } from "@/components/ui/modal";
import { readServerError } from "@/components/ui/server-errors";
import { useTRPC } from "@/trpc/client";
import { CONVERSATIONS_PAGE } from "./first-page";
import { chatHref } from "./links";

/* The member's own conversations (private to them), newest activity first: open, rename, delete. */

type Conversation = { id: string; title: string; updatedAt: Date };

function RenameDialog({ conversation, onClose }: { conversation: Conversation; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState(conversation.title);
  const rename = useMutation(trpc.ai.conversations.rename.mutationOptions());
  const error = rename.error ? readServerError(rename.error) : null;
  return (
    <ModalForm
      open
      title="Rename the conversation"
      submitLabel="Rename"
      pending={rename.isPending}
      submitDisabled={!title.trim()}
      error={error && !error.fieldErrors.title ? error.message : null}
      onCancel={onClose}
      onSubmit={() =>
        rename.mutate(
          { id: conversation.id, title: title.trim() },
          {
            onSuccess: async () => {
              onClose();
              await Promise.all([
                queryClient.invalidateQueries(trpc.ai.conversations.list.pathFilter()),
                queryClient.invalidateQueries(trpc.ai.conversations.get.queryFilter({ id: conversation.id })),
              ]);
            },
          },
        )
      }
    >
      <TextField label="Title" value={title} maxLength={200} onChange={(event) => setTitle(event.target.value)} error={error?.fieldErrors.title?.[0]} autoFocus />
    </ModalForm>
  );
}

export function ConversationList({ slug, activeId, onDeletedActive }: { slug: string; activeId: string | null; onDeletedActive: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const now = useNow();
  const [renaming, setRenaming] = useState<Conversation | null>(null);
  const [deleting, setDeleting] = useState<Conversation | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const list = useInfiniteQuery(trpc.ai.conversations.list.infiniteQueryOptions(CONVERSATIONS_PAGE, { getNextPageParam: (page) => page.nextCursor }));
  const remove = useMutation(trpc.ai.conversations.delete.mutationOptions());
  const conversations = list.data?.pages.flatMap((page) => page.items) ?? [];

  const confirmDelete = (conversation: Conversation) => {
    setProblem(null);
    remove.mutate(
      { id: conversation.id },
      {
        onSuccess: async () => {
          setDeleting(null);
          if (conversation.id === activeId) onDeletedActive();
          queryClient.removeQueries(trpc.ai.conversations.get.queryFilter({ id: conversation.id }));
          await queryClient.invalidateQueries(trpc.ai.conversations.list.pathFilter());
        },
        onError: (error) => {
          setDeleting(null);
          setProblem(`Could not delete the conversation: ${readServerError(error).message}`);
        },
      },
    );
  };

  return (
    <nav aria-labelledby="conversations-heading" className="flex h-full min-h-0 flex-col gap-3">
      <h2 id="conversations-heading" className="text-sm font-semibold text-ink">
        Your conversations
      </h2>
      {problem && <Alert>{problem}</Alert>}
      {list.isPending ? (
        <div className="flex flex-col gap-2" aria-hidden>
          {[0, 1, 2, 3].map((i) => (
            <div key={i} className="h-10 animate-pulse rounded-lg bg-surface-sunken" />
          ))}
        </div>
      ) : list.isError && conversations.length === 0 ? (
        <LoadError message={`Could not load your conversations: ${readServerError(list.error).message}`} retrying={list.isFetching} onRetry={() => void list.refetch()} />
      ) : conversations.length === 0 ? (
        <p className="text-sm text-ink-muted">No conversations yet. Your questions and the answers are kept here, visible to you only.</p>
      ) : (
        <>
          <ul className="flex min-h-0 flex-col gap-0.5 overflow-y-auto">
            {conversations.map((conversation) => {
              const active = conversation.id === activeId;
              return (
                <li key={conversation.id} className={clsx("group flex items-center gap-1 rounded-lg pr-1", active ? "bg-brand-50" : "hover:bg-surface-sunken")}>
                  <Link
                    href={chatHref(slug, conversation.id)}
                    aria-current={active ? "page" : undefined}
                    className={clsx("flex min-w-0 flex-1 flex-col px-3 py-2 text-sm", active ? "text-brand-800" : "text-ink")}
                  >
                    <span className="truncate font-medium">{conversation.title}</span>
                    <span className="text-xs text-ink-faint">
                      <RelativeTime date={new Date(conversation.updatedAt)} now={now} />
                    </span>
                  </Link>
                  <button
                    type="button"
                    className="shrink-0 rounded px-1.5 py-1 text-xs text-ink-muted hover:bg-white hover:text-ink"
                    aria-label={`Rename ${conversation.title}`}
                    onClick={() => setRenaming(conversation)}
                  >
                    Rename
                  </button>
                  <button
                    type="button"
                    className="shrink-0 rounded px-1.5 py-1 text-xs text-danger-700 hover:bg-danger-50"
                    aria-label={`Delete ${conversation.title}`}
                    onClick={() => setDeleting(conversation)}
                  >
                    Delete
                  </button>
                </li>
              );
            })}
          </ul>
          {list.hasNextPage && (
            <ListFooter summary={`The ${conversations.length} most recent`} hasMore loadingMore={list.isFetchingNextPage} onLoadMore={() => void list.fetchNextPage()} />
          )}
        </>
      )}
      {renaming && <RenameDialog conversation={renaming} onClose={() => setRenaming(null)} />}
      <ConfirmDialog
        open={deleting !== null}
        title="Delete this conversation?"
        confirmLabel="Delete conversation"
        pending={remove.isPending}
        onCancel={() => setDeleting(null)}
        onConfirm={() => deleting && confirmDelete(deleting)}
      >
        <p>
          <strong className="font-medium text-ink">{deleting?.title}</strong>, its questions and answers are deleted. This cannot be undone.
        </p>
      </ConfirmDialog>
    </nav>
  );
}

/** "New conversation": a button, since a new conversation may already be on screen under its own address. */
export function NewConversationButton({ onClick }: { onClick: () => void }) {
  return (
    <Button type="button" variant="secondary" onClick={onClick}>
      New conversation
    </Button>
  );
}
