import type { Metadata } from "next";
import { MembersSettings } from "@/components/orgs/members-settings";
import { getTenantPage } from "@/server/tenant-page";

export const metadata: Metadata = { title: "Members" };

/** Settings → Members: everyone sees the list and may leave; owners and admins manage people and invitations. */
export default async function MembersSettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { user, org } = await getTenantPage(slug);
  return <MembersSettings role={org.role} currentUserId={user.id} orgName={org.name} />;
}
