"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { LoadError } from "@/components/ui/list-states";
import { useCallback, useState } from "react";
import { useTRPC } from "@/trpc/client";
import { Button } from "../ui/button";
import { EmptyState } from "../ui/card";
import { readServerError } from "../ui/server-errors";
import { ConfirmDialog } from "./confirm-dialog";
import { NoticeAlert, type Notice } from "./notice";
import { RoleBadge } from "./role-badge";
import type { Invitation } from "./types";
import { SectionCard } from "./section-card";
import { useFormat } from "@/components/format/format-provider";

function InvitationRow({ invitation, now, onNotice }: { invitation: Invitation; now: number; onNotice: (notice: Notice) => void }) {
  const format = useFormat();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirmingRevoke, setConfirmingRevoke] = useState(false);
  const refresh = () => queryClient.invalidateQueries(trpc.invitations.pathFilter());

  const resend = useMutation(
    trpc.invitations.resend.mutationOptions({
      onSuccess: async () => {
        onNotice({ tone: "success", text: `A new invitation was sent to ${invitation.email}. The earlier link no longer works.` });
        await refresh();
      },
      onError: (error) => onNotice({ tone: "error", text: `Could not resend the invitation to ${invitation.email}: ${readServerError(error).message}` }),
    }),
  );
  const revoke = useMutation(
    trpc.invitations.revoke.mutationOptions({
      onSuccess: async () => {
        setConfirmingRevoke(false);
        onNotice({ tone: "success", text: `The invitation to ${invitation.email} was revoked.` });
        await refresh();
      },
      onError: (error) => {
        setConfirmingRevoke(false);
        onNotice({ tone: "error", text: `Could not revoke the invitation to ${invitation.email}: ${readServerError(error).message}` });
      },
    }),
  );
  const sent = invitation.sendCount > 1 ? `sent ${invitation.sendCount} times, last ${format.relative(invitation.lastSentAt, now)}` : `sent ${format.relative(invitation.lastSentAt, now)}`;

  return (
    <li className="flex flex-col gap-3 py-3 sm:flex-row sm:items-center sm:justify-between" data-invitation-id={invitation.id}>
      <div className="min-w-0">
        <div className="flex flex-wrap items-center gap-2">
          <span className="truncate text-sm font-medium text-ink">{invitation.email}</span>
          <RoleBadge role={invitation.role} />
          {invitation.expired && (
            <span className="inline-flex items-center rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-800 ring-1 ring-inset ring-amber-600/25">Expired</span>
          )}
        </div>
        <p className="mt-0.5 text-xs text-ink-muted">
          {invitation.invitedByName ? `Invited by ${invitation.invitedByName}, ` : "Invited, "}
          {sent} ·{" "}
          <time dateTime={invitation.expiresAt.toISOString()} title={format.dateTimeFull(invitation.expiresAt)}>
            {invitation.expired ? "the link has expired: resend it to send a new one" : `expires ${format.until(invitation.expiresAt, now)}`}
          </time>
        </p>
      </div>
      <div className="flex shrink-0 gap-2">
        <Button
          type="button"
          variant="secondary"
          className="px-3 py-1.5"
          pending={resend.isPending}
          disabled={revoke.isPending}
          onClick={() => resend.mutate({ id: invitation.id })}
          aria-label={`Resend the invitation to ${invitation.email}`}
        >
          Resend
        </Button>
        <Button
          type="button"
          variant="ghost"
          className="px-3 py-1.5 text-danger-700! hover:bg-danger-50!"
          disabled={resend.isPending}
          onClick={() => setConfirmingRevoke(true)}
          aria-label={`Revoke the invitation to ${invitation.email}`}
        >
          Revoke
        </Button>
      </div>
      <ConfirmDialog
        open={confirmingRevoke}
        title="Revoke this invitation?"
        confirmLabel="Revoke invitation"
        pending={revoke.isPending}
        onCancel={() => setConfirmingRevoke(false)}
        onConfirm={() => revoke.mutate({ id: invitation.id })}
      >
        <p>The link sent to {invitation.email} stops working. You can invite them again later.</p>
      </ConfirmDialog>
    </li>
  );
}

/** Open invitations (owners and admins only): who, which role, when sent, when it expires. */
export function InvitationsCard({ now }: { now: number }) {
  const trpc = useTRPC();
  const invitations = useQuery(trpc.invitations.list.queryOptions());
  const [notice, setNotice] = useState<Notice | null>(null);
  const clearNotice = useCallback(() => setNotice(null), []);

  return (
    <SectionCard title="Pending invitations">
      <div className="flex flex-col gap-4">
        <NoticeAlert notice={notice} onDismiss={clearNotice} />
        {invitations.isPending ? (
          <>
            <span className="sr-only" role="status">
              Loading invitations…
            </span>
            <div className="flex flex-col gap-2" aria-hidden>
              {[0, 1].map((i) => (
                <div key={i} className="h-12 animate-pulse rounded-lg bg-surface-sunken/70" />
              ))}
            </div>
          </>
        ) : invitations.isError ? (
          <LoadError
            message={`Could not load invitations: ${readServerError(invitations.error).message}`}
            retrying={invitations.isFetching}
            onRetry={() => void invitations.refetch()}
          />
        ) : invitations.data.length === 0 ? (
          <EmptyState title="No pending invitations.">Invite someone above; their invitation shows here until they accept it.</EmptyState>
        ) : (
          <ul className="-my-3 divide-y divide-gray-100" aria-label="Pending invitations">
            {invitations.data.map((invitation) => (
              <InvitationRow key={invitation.id} invitation={invitation} now={now} onNotice={setNotice} />
            ))}
          </ul>
        )}
      </div>
    </SectionCard>
  );
}
