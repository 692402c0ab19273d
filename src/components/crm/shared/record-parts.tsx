"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ConfirmDialog } from "@/components/orgs/confirm-dialog";
import { Icon } from "@/components/shell/icons";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { LoadError } from "@/components/ui/list-states";
import { readServerError } from "@/components/ui/server-errors";
import { useTRPC } from "@/trpc/client";
import { ENTITY_LABEL } from "./labels";
import { RecordNotAvailable } from "./record-not-found";
import type { ListEntity } from "./types";

/* Pieces of the contact and company record pages. */

export function Breadcrumb({ base, entity, current }: { base: string; entity: ListEntity; current: string }) {
  return (
    <nav aria-label="Breadcrumb" className="text-sm">
      <ol className="flex min-w-0 items-center gap-1.5 text-ink-muted">
        <li>
          <Link href={`${base}/${entity === "contact" ? "contacts" : "companies"}`} className="hover:text-ink hover:underline">
            {ENTITY_LABEL[entity].title}
          </Link>
        </li>
        <li aria-hidden>/</li>
        <li className="min-w-0 truncate font-medium text-ink" aria-current="page">
          {current}
        </li>
      </ol>
    </nav>
  );
}

/** Follow / unfollow: followed records stay visible when the organization limits members to their own and followed records. */
export function FollowButton({ entity, id, following }: { entity: ListEntity; id: string; following: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const follow = useMutation(trpc.crm.followers.follow.mutationOptions());
  const unfollow = useMutation(trpc.crm.followers.unfollow.mutationOptions());
  const [error, setError] = useState<string | null>(null);
  const pending = follow.isPending || unfollow.isPending;
  const toggle = async () => {
    setError(null);
    try {
      await (following ? unfollow : follow).mutateAsync({ entityType: entity, id });
      if (entity === "contact") await queryClient.invalidateQueries(trpc.crm.contacts.get.queryFilter({ id }));
      else await queryClient.invalidateQueries(trpc.crm.companies.get.queryFilter({ id }));
    } catch (e) {
      setError(readServerError(e).message);
    }
  };
  return (
    <>
      <Button
        type="button"
        variant="secondary"
        pending={pending}
        aria-pressed={following}
        onClick={() => void toggle()}
        title={following ? `Stop following this ${ENTITY_LABEL[entity].one}` : `Follow this ${ENTITY_LABEL[entity].one} to keep it in view`}
      >
        {!pending && <Icon name={following ? "check" : "plus"} className="size-4" />}
        {following ? "Following" : "Follow"}
      </Button>
      {error && (
        <p role="alert" className="basis-full text-sm text-danger-700">
          Could not change following: {error}
        </p>
      )}
    </>
  );
}

/** Delete with a confirmation; back to the list afterwards. */
export function DeleteRecordButton({
  entity,
  id,
  name,
  listHref,
  consequence,
}: {
  entity: ListEntity;
  id: string;
  name: string;
  listHref: string;
  consequence: React.ReactNode;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const removeContact = useMutation(trpc.crm.contacts.delete.mutationOptions());
  const removeCompany = useMutation(trpc.crm.companies.delete.mutationOptions());
  const pending = removeContact.isPending || removeCompany.isPending;
  const noun = ENTITY_LABEL[entity].one;

  const confirm = async () => {
    setError(null);
    try {
      await (entity === "contact" ? removeContact : removeCompany).mutateAsync({ id });
      setOpen(false);
      // Leave first: the record's own query would otherwise refetch and fail.
      router.push(listHref);
      await Promise.all([queryClient.invalidateQueries(trpc.crm.contacts.list.pathFilter()), queryClient.invalidateQueries(trpc.crm.companies.list.pathFilter())]);
    } catch (e) {
      setOpen(false);
      setError(readServerError(e).message);
    }
  };

  return (
    <>
      <Button type="button" variant="ghost" className="text-danger-700! hover:bg-danger-50!" onClick={() => setOpen(true)}>
        Delete
      </Button>
      {error && (
        <div className="basis-full">
          <Alert>
            Could not delete the {noun}: {error}
          </Alert>
        </div>
      )}
      <ConfirmDialog open={open} title={`Delete this ${noun}?`} confirmLabel={`Delete ${noun}`} pending={pending} onConfirm={() => void confirm()} onCancel={() => setOpen(false)}>
        <p>
          <strong className="font-medium text-ink">{name}</strong> moves to the trash. {consequence}
        </p>
        <p className="mt-2">You can restore it from CRM → Trash for 30 days; after that it is deleted for good. The deletion is recorded in the audit log.</p>
      </ConfirmDialog>
    </>
  );
}

/** The record could not be loaded: gone or hidden (NOT_FOUND) reads differently from a failure. */
export function RecordLoadError({ entity, error, listHref, retrying, onRetry }: { entity: ListEntity; error: unknown; listHref: string; retrying: boolean; onRetry: () => void }) {
  const { message } = readServerError(error);
  const code = (error as { data?: { code?: string } } | null)?.data?.code;
  const labels = ENTITY_LABEL[entity];
  if (code === "NOT_FOUND" || code === "BAD_REQUEST") {
    return <RecordNotAvailable entity={entity} listHref={listHref} reason={code === "NOT_FOUND" ? message : `The address does not point to a ${labels.one}.`} />;
  }
  return <LoadError message={`Could not load the ${labels.one}: ${message}`} retrying={retrying} onRetry={onRetry} />;
}

export function RecordSkeleton() {
  return (
    <div className="flex flex-col gap-6" aria-hidden>
      <div className="h-4 w-40 animate-pulse rounded bg-surface-sunken" />
      <div className="h-28 animate-pulse rounded-card bg-surface-sunken" />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <div className="h-80 animate-pulse rounded-card bg-surface-sunken lg:col-span-2" />
        <div className="h-48 animate-pulse rounded-card bg-surface-sunken" />
      </div>
    </div>
  );
}

export function FollowersCard({ followers }: { followers: { id: string; name: string; email: string }[] }) {
  return (
    <section aria-labelledby="followers-heading" className="rounded-card border border-gray-200 bg-white p-5 shadow-sm">
      <h2 id="followers-heading" className="text-base font-semibold text-ink">
        Followers
      </h2>
      {followers.length === 0 ? (
        <p className="mt-2 text-sm text-ink-muted">Nobody follows this record.</p>
      ) : (
        <ul className="mt-3 flex flex-col gap-2">
          {followers.map((f) => (
            <li key={f.id} className="min-w-0 text-sm">
              <span className="block truncate font-medium text-ink">{f.name}</span>
              <span className="block truncate text-xs text-ink-faint">{f.email}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
