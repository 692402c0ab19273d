import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AdminShell } from "@/components/admin/admin-shell";
import { FormatProvider } from "@/components/format/format-provider";
import { avatarUrl } from "@/components/ui/avatar";
import { formatSettingsFor } from "@/lib/format";
import { getSessionUser, requireSessionUser } from "@/server/session";
import { TRPCReactProvider } from "@/trpc/client";

/** Named only for the super admin: everyone else gets the 404, titled as any other. */
export async function generateMetadata(): Promise<Metadata> {
  const user = await getSessionUser();
  return { title: user?.isSuperAdmin ? "Platform admin" : "Page not found", robots: { index: false, follow: false } };
}
export const dynamic = "force-dynamic";

/**
 * /admin: the platform super admin (SUPER_ADMIN_EMAIL) only. Everyone else gets the
 * 404 page, which does not reveal that the area exists. The data comes from the
 * admin procedures, which check the same thing on every call; no tenant is selected
 * (no x-tenant-id), so nothing here can read an organization's data.
 */
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const user = await requireSessionUser("/admin");
  if (!user.isSuperAdmin) notFound();
  return (
    <TRPCReactProvider>
      {/* Outside any organization: the admin's own time zone and locale. */}
      <FormatProvider settings={formatSettingsFor(user)}>
        <AdminShell user={{ name: user.name, email: user.email, avatarUrl: avatarUrl({ userId: user.id, avatarVersion: user.avatarVersion }, undefined, true) }}>{children}</AdminShell>
      </FormatProvider>
    </TRPCReactProvider>
  );
}
