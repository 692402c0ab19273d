"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ORGS } from "@/server/modules/orgs/permissions";
import { MEMBER_ROLES, ROLE_LABELS, roleAtLeast, roleWithArticle } from "@/server/modules/orgs/roles";
import type { MemberRole } from "@/server/modules/orgs/schema";
import { useTRPC } from "@/trpc/client";
import { RelativeTime } from "../jobs/relative-time";
import { Button } from "../ui/button";
import { readServerError } from "../ui/server-errors";
import { ConfirmDialog } from "./confirm-dialog";
import { useFormat } from "../format/format-provider";
import { useTenantId } from "../shell/tenant-context";
import { Avatar, avatarUrl } from "../ui/avatar";
import type { Notice } from "./notice";
import { RoleBadge } from "./role-badge";
import type { Member } from "./types";

type Viewer = { userId: string; role: MemberRole; canManage: boolean; orgName: string };

/** May `viewer` change or remove `member`? Mirrors the server (members.ts): admins do not touch owners; nobody manages themselves here. */
function manageable(viewer: Viewer, member: Member): boolean {
  if (!viewer.canManage || member.userId === viewer.userId) return false;
  return roleAtLeast(viewer.role, ORGS.own) || member.role !== "owner";
}

/** The roles `viewer` may hand out: only owners make owners. */
function assignableRoles(viewer: Viewer, member: Member): MemberRole[] {
  return MEMBER_ROLES.filter((role) => role !== "owner" || roleAtLeast(viewer.role, ORGS.own) || member.role === "owner");
}

function RoleCell({ member, viewer, onNotice }: { member: Member; viewer: Viewer; onNotice: (notice: Notice) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [pendingRole, setPendingRole] = useState<MemberRole | null>(null);
  const change = useMutation(
    trpc.members.changeRole.mutationOptions({
      onSuccess: async (result) => {
        onNotice({ tone: "success", text: `${member.name} is now ${roleWithArticle(result.role)}.` });
        await queryClient.invalidateQueries(trpc.members.pathFilter());
      },
      onError: (error) => onNotice({ tone: "error", text: `Could not change ${member.name}'s role: ${readServerError(error).message}` }),
      onSettled: () => setPendingRole(null),
    }),
  );

  if (!viewer.canManage) return <RoleBadge role={member.role} />;
  const self = member.userId === viewer.userId;
  const disabled = !manageable(viewer, member);
  const why = self ? "You cannot change your own role." : disabled ? "Only an owner can change an owner's role." : undefined;
  return (
    <div className="flex items-center gap-2">
      <select
        aria-label={`Role of ${member.name}`}
        title={why}
        value={pendingRole ?? member.role}
        disabled={disabled || change.isPending}
        onChange={(event) => {
          const role = event.target.value as MemberRole;
          if (role === member.role) return;
          setPendingRole(role);
          change.mutate({ userId: member.userId, role });
        }}
        className="rounded-lg border border-gray-300 bg-white py-1.5 pl-2.5 pr-8 text-sm text-ink shadow-sm focus:border-brand-500 disabled:cursor-not-allowed disabled:bg-surface-muted disabled:text-ink-muted"
      >
        {assignableRoles(viewer, member).map((role) => (
          <option key={role} value={role}>
            {ROLE_LABELS[role]}
          </option>
        ))}
      </select>
      {change.isPending && <span className="size-4 animate-spin rounded-full border-2 border-brand-600 border-t-transparent" role="status" aria-label="Saving role" />}
    </div>
  );
}

function RemoveButton({ member, viewer, onNotice }: { member: Member; viewer: Viewer; onNotice: (notice: Notice) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation(
    trpc.members.remove.mutationOptions({
      onSuccess: async () => {
        setConfirming(false);
        onNotice({ tone: "success", text: `${member.name} was removed from ${viewer.orgName}.` });
        await queryClient.invalidateQueries(trpc.members.pathFilter());
      },
      onError: (error) => {
        setConfirming(false);
        onNotice({ tone: "error", text: `Could not remove ${member.name}: ${readServerError(error).message}` });
      },
    }),
  );
  if (!manageable(viewer, member)) return null;
  return (
    <>
      <Button type="button" variant="ghost" className="px-3 py-1.5 text-danger-700! hover:bg-danger-50!" onClick={() => setConfirming(true)} aria-label={`Remove ${member.name}`}>
        Remove
      </Button>
      <ConfirmDialog
        open={confirming}
        title={`Remove ${member.name}?`}
        confirmLabel="Remove member"
        pending={remove.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={() => remove.mutate({ userId: member.userId })}
      >
        <p>
          {member.name} ({member.email}) loses access to {viewer.orgName} right away. What they created stays. You can invite them again later.
        </p>
      </ConfirmDialog>
    </>
  );
}

export function MembersTable({ members, viewer, now, onNotice }: { members: Member[]; viewer: Viewer; now: number; onNotice: (notice: Notice) => void }) {
  const format = useFormat();
  const tenantId = useTenantId();
  return (
    <div className="-mx-5 overflow-x-auto border-y border-gray-200 sm:mx-0 sm:rounded-lg sm:border">
      <table className="min-w-full divide-y divide-gray-200 text-sm">
        <caption className="sr-only">Members of {viewer.orgName}</caption>
        <thead className="bg-surface-muted text-left text-xs font-medium uppercase tracking-wide text-ink-faint">
          <tr>
            <th scope="col" className="py-2 pl-4 pr-3 font-medium">
              Name
            </th>
            <th scope="col" className="hidden px-3 py-2 font-medium md:table-cell">
              Email
            </th>
            <th scope="col" className="py-2 pl-3 pr-4 font-medium sm:pr-3">
              Role
            </th>
            <th scope="col" className="hidden px-3 py-2 font-medium lg:table-cell">
              Joined
            </th>
            <th scope="col" className="hidden px-3 py-2 font-medium sm:table-cell">
              Last active
            </th>
            {viewer.canManage && (
              <th scope="col" className="hidden py-2 pl-3 pr-4 font-medium sm:table-cell">
                <span className="sr-only">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody className="divide-y divide-gray-100 bg-white">
          {members.map((member) => {
            const self = member.userId === viewer.userId;
            return (
              <tr key={member.userId} data-user-id={member.userId} className="align-middle">
                <th scope="row" className="max-w-[12rem] py-3 pl-4 pr-3 text-left font-normal sm:max-w-xs">
                  <span className="flex items-center gap-2">
                    <Avatar name={member.name} src={avatarUrl({ userId: member.userId, avatarVersion: member.avatarUpdatedAt?.getTime() ?? null }, tenantId ?? undefined)} size="sm" />
                    <span className="truncate font-medium text-ink">{member.name}</span>
                    {self && <span className="shrink-0 rounded-full bg-brand-50 px-1.5 py-0.5 text-[0.6875rem] font-medium text-brand-700">You</span>}
                  </span>
                  <span className="block truncate text-xs text-ink-muted md:hidden">{member.email}</span>
                  <span className="block text-xs text-ink-faint sm:hidden">
                    {member.lastActiveAt ? (
                      <>
                        Active <RelativeTime date={member.lastActiveAt} now={now} />
                      </>
                    ) : (
                      "Not active yet"
                    )}
                  </span>
                </th>
                <td className="hidden max-w-[16rem] truncate px-3 py-3 text-ink-muted md:table-cell">{member.email}</td>
                <td className="py-3 pl-3 pr-4 sm:pr-3">
                  <RoleCell member={member} viewer={viewer} onNotice={onNotice} />
                  {viewer.canManage && (
                    // Small screens have no room for the actions column.
                    <div className="-ml-3 mt-1 sm:hidden">
                      <RemoveButton member={member} viewer={viewer} onNotice={onNotice} />
                    </div>
                  )}
                </td>
                <td className="hidden whitespace-nowrap px-3 py-3 text-ink-muted lg:table-cell">
                  <time dateTime={member.joinedAt.toISOString()}>{format.date(member.joinedAt)}</time>
                </td>
                <td className="hidden px-3 py-3 text-ink-muted sm:table-cell">
                  <RelativeTime date={member.lastActiveAt} now={now} />
                </td>
                {viewer.canManage && (
                  <td className="hidden py-3 pl-3 pr-4 text-right sm:table-cell">
                    <RemoveButton member={member} viewer={viewer} onNotice={onNotice} />
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function MembersTableSkeleton() {
  return (
    <div className="flex flex-col gap-2" aria-hidden>
      <div className="h-9 animate-pulse rounded-lg bg-surface-sunken" />
      {[0, 1, 2].map((i) => (
        <div key={i} className="h-14 animate-pulse rounded-lg bg-surface-sunken/70" />
      ))}
    </div>
  );
}
