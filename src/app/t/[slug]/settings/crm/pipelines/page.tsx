import type { Metadata } from "next";
import Link from "next/link";
import { PipelineSettings } from "@/components/crm/settings/pipeline-settings";
import { Icon } from "@/components/shell/icons";
import { ButtonLink } from "@/components/ui/button";
import { roleAtLeast, roleWithArticle } from "@/server/modules/orgs/roles";
import { getTenantPage } from "@/server/tenant-page";
import { CRM } from "@/server/modules/crm/permissions";

export const metadata: Metadata = { title: "Pipelines" };

/** Settings → CRM → Pipelines: admins configure pipelines and stages (the procedures check the role again). */
export default async function PipelinesSettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { org } = await getTenantPage(slug);
  const base = `/t/${org.slug}`;
  return (
    <div className="flex flex-col gap-4">
      <nav aria-label="Breadcrumb" className="text-sm">
        <ol className="flex items-center gap-1.5 text-ink-muted">
          <li>
            <Link href={`${base}/settings/crm`} className="hover:text-ink hover:underline">
              CRM
            </Link>
          </li>
          <li aria-hidden>/</li>
          <li className="font-medium text-ink" aria-current="page">
            Pipelines
          </li>
        </ol>
      </nav>
      {roleAtLeast(org.role, CRM.configure) ? (
        <PipelineSettings slug={org.slug} />
      ) : (
        <section className="flex flex-col items-start gap-4 rounded-card border border-gray-200 bg-white p-6 shadow-sm sm:flex-row">
          <span className="flex size-10 shrink-0 items-center justify-center rounded-full bg-surface-sunken text-ink-muted" aria-hidden>
            <Icon name="lock" />
          </span>
          <div className="flex flex-col gap-3">
            <div>
              <p className="font-medium text-ink">Only owners and admins can change pipelines.</p>
              <p className="mt-1 text-sm text-ink-muted">
                You are {roleWithArticle(org.role)} of {org.name}. The board shows every pipeline and its stages.
              </p>
            </div>
            <ButtonLink href={`${base}/crm/deals`} variant="secondary">
              Go to the deals board
            </ButtonLink>
          </div>
        </section>
      )}
    </div>
  );
}
