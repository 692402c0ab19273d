import type { Metadata } from "next";
import { NotificationsPage } from "@/components/notifications/notifications-page";
import { getTenantPage } from "@/server/tenant-page";

export const metadata: Metadata = { title: "Notifications" };

/** /t/[slug]/notifications: the signed-in member's notifications in this organization. */
export default async function NotificationsRoute({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { org } = await getTenantPage(slug);
  return <NotificationsPage slug={org.slug} />;
}
