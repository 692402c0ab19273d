import type { Metadata } from "next";
import { MyTasksView } from "@/components/crm/activities/task-list";
import { getTenantPage } from "@/server/tenant-page";

export const metadata: Metadata = { title: "My tasks" };

/** /t/[slug]/crm/tasks: the signed-in member's open tasks, overdue first. */
export default async function MyTasksPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { user, org } = await getTenantPage(slug);
  return <MyTasksView slug={org.slug} userId={user.id} role={org.role} />;
}
