"use client";

import { useQuery } from "@tanstack/react-query";
import { LoadError } from "@/components/ui/list-states";
import { useCallback, useState } from "react";
import { ORGS } from "@/server/modules/orgs/permissions";
import { roleAtLeast, roleWithArticle } from "@/server/modules/orgs/roles";
import type { MemberRole } from "@/server/modules/orgs/schema";
import { useTRPC } from "@/trpc/client";
import { useNow } from "../jobs/format";
import { EmptyState } from "../ui/card";
import { readServerError } from "../ui/server-errors";
import { InvitationsCard } from "./invitations-card";
import { InviteForm } from "./invite-form";
import { LeaveOrganization } from "./leave-organization";
import { MembersTable, MembersTableSkeleton } from "./members-table";
import { NoticeAlert, type Notice } from "./notice";

/**
 * Settings → Members. Everyone sees who is in the organization and may leave it;
 * owners and admins also invite, change roles, remove people and manage invitations.
 */
export function MembersSettings({ role, currentUserId, orgName }: { role: MemberRole; currentUserId: string; orgName: string }) {
  const trpc = useTRPC();
  const canManage = roleAtLeast(role, ORGS.manage);
  const members = useQuery(trpc.members.list.queryOptions());
  const tick = useNow(30_000);
  const now = Math.max(tick, members.dataUpdatedAt);
  const [notice, setNotice] = useState<Notice | null>(null);
  const clearNotice = useCallback(() => setNotice(null), []);
  const count = members.data?.length;

  return (
    <div className="flex flex-col gap-6">
      <div className="max-w-2xl">
        <h2 className="text-lg font-semibold text-ink">Members</h2>
        <p className="mt-1 text-sm text-ink-muted">
          {canManage
            ? "Who is in this organization and what they may do. Invite people by email; only owners can make someone an owner."
            : `Who is in this organization. You are ${roleWithArticle(role)}: owners and admins invite people and change roles.`}
        </p>
      </div>

      {canManage && <InviteForm role={role} />}

      <section aria-labelledby="members-heading" className="rounded-card border border-gray-200 bg-white p-5 shadow-sm">
        <div className="mb-4 flex items-baseline gap-2">
          <h3 id="members-heading" className="text-base font-semibold text-ink">
            People
          </h3>
          {count !== undefined && <span className="text-sm text-ink-faint">{count}</span>}
        </div>
        <div className="flex flex-col gap-4">
          <NoticeAlert notice={notice} onDismiss={clearNotice} />
          {members.isPending ? (
            <>
              <span className="sr-only" role="status">
                Loading members…
              </span>
              <MembersTableSkeleton />
            </>
          ) : members.isError ? (
            <LoadError
              message={`Could not load members: ${readServerError(members.error).message}`}
              retrying={members.isFetching}
              onRetry={() => void members.refetch()}
            />
          ) : members.data.length === 0 ? (
            <EmptyState title="No members yet." />
          ) : (
            <MembersTable members={members.data} viewer={{ userId: currentUserId, role, canManage, orgName }} now={now} onNotice={setNotice} />
          )}
        </div>
      </section>

      {canManage && <InvitationsCard now={now} />}

      <LeaveOrganization orgName={orgName} />
    </div>
  );
}
