import clsx from "clsx";
import { ROLE_LABELS } from "@/server/modules/orgs/roles";
import type { MemberRole } from "@/server/modules/orgs/schema";

const STYLES: Record<MemberRole, string> = {
  owner: "bg-brand-50 text-brand-800 ring-brand-600/25",
  admin: "bg-teal-50 text-teal-800 ring-teal-700/25",
  member: "bg-surface-sunken text-ink-muted ring-gray-400/30",
  viewer: "bg-white text-ink-muted ring-gray-300",
};

export function RoleBadge({ role }: { role: MemberRole }) {
  return (
    <span className={clsx("inline-flex items-center whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset", STYLES[role])}>
      {ROLE_LABELS[role]}
    </span>
  );
}

/** What each role may do, for the invite form. */
export const ROLE_HINTS: Record<MemberRole, string> = {
  owner: "Owners can do everything admins can, and make or manage other owners.",
  admin: "Admins manage the organization's settings, members and invitations.",
  member: "Members work in the organization and see its settings read-only.",
  viewer: "Viewers can look at everything but change nothing.",
};
