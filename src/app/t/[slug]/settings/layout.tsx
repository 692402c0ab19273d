import type { Metadata } from "next";
import { Icon } from "@/components/shell/icons";
import { ButtonLink } from "@/components/ui/button";
import { roleAtLeast } from "@/server/modules/orgs/roles";
import { getTenantPage } from "@/server/tenant-page";
import { SettingsNav } from "./settings-nav";

export const metadata: Metadata = { title: { default: "Settings", template: "%s · Settings · NeuroOps" } };

/**
 * /t/[slug]/settings/*: owners and admins only. Anyone else gets an explanation
 * instead of the section (each page checks the role again before loading data).
 */
export default async function SettingsLayout({ children, params }: { children: React.ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { org } = await getTenantPage(slug);
  const base = `/t/${org.slug}/settings`;

  if (!roleAtLeast(org.role, "admin")) {
    return (
      <div className="flex flex-col gap-6">
        <h1 className="text-2xl font-semibold text-ink">Settings</h1>
        <section className="flex flex-col items-start gap-4 rounded-card border border-gray-200 bg-white p-6 shadow-sm sm:flex-row">
          <span className="flex size-10 shrink-0 items-center justify-center rounded-full bg-surface-sunken text-ink-muted" aria-hidden>
            <Icon name="lock" />
          </span>
          <div className="flex flex-col gap-3">
            <div>
              <p className="font-medium text-ink">Only owners and admins can open Settings.</p>
              <p className="mt-1 text-sm text-ink-muted">
                You are a {org.role} of {org.name}. Ask an owner or admin if something here needs to change.
              </p>
            </div>
            <ButtonLink href={`/t/${org.slug}`} variant="secondary" className="self-start">
              Back to home
            </ButtonLink>
          </div>
        </section>
      </div>
    );
  }

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-4">
        <div>
          <h1 className="text-2xl font-semibold text-ink">Settings</h1>
          <p className="mt-1 text-sm text-ink-muted">How {org.name} is set up and how its background work is running.</p>
        </div>
        <SettingsNav base={base} />
      </div>
      {children}
    </div>
  );
}
