import type { Metadata } from "next";
import { roleAtLeast } from "@/server/modules/orgs/roles";
import { getTenantPage } from "@/server/tenant-page";
import { SettingsNav, SettingsSectionGate } from "./settings-nav";
import { ORGS } from "@/server/modules/orgs/permissions";

export const metadata: Metadata = { title: { default: "Settings", template: "%s · Settings · NeuroOps" } };

/**
 * /t/[slug]/settings/*: every member sees Organization and Members (read-only below
 * admin); sections with a higher minimum role (Jobs) show an explanation instead.
 * Each page checks the role again before loading data.
 */
export default async function SettingsLayout({ children, params }: { children: React.ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { org } = await getTenantPage(slug);
  const base = `/t/${org.slug}/settings`;
  const admin = roleAtLeast(org.role, ORGS.manage);

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-4">
        <div>
          <h1 className="text-2xl font-semibold text-ink">Settings</h1>
          <p className="mt-1 text-sm text-ink-muted">
            {admin ? `How ${org.name} is set up, who is in it and how its background work is running.` : `How ${org.name} is set up and who is in it.`}
          </p>
        </div>
        <SettingsNav base={base} role={org.role} />
      </div>
      <SettingsSectionGate base={base} role={org.role} orgName={org.name} homeHref={`/t/${org.slug}`}>
        {children}
      </SettingsSectionGate>
    </div>
  );
}
