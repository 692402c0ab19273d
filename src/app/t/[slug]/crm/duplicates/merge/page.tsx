import type { Metadata } from "next";
import { MergeFlow } from "@/components/crm/merge/merge-flow";
import { ButtonLink } from "@/components/ui/button";
import { getTenantPage } from "@/server/tenant-page";

export const metadata: Metadata = { title: "Merge duplicates" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** /t/[slug]/crm/duplicates/merge?entity=contact|company&a=<id>&b=<id>: compare two records and merge them. */
export default async function MergePage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { slug } = await params;
  const { org } = await getTenantPage(slug);
  const { entity, a, b } = await searchParams;
  const valid = (entity === "contact" || entity === "company") && typeof a === "string" && UUID.test(a) && typeof b === "string" && UUID.test(b) && a !== b;
  if (!valid) {
    return (
      <section className="flex flex-col items-start gap-4 rounded-card border border-gray-200 bg-white p-6 shadow-sm">
        <div>
          <h1 className="text-lg font-semibold text-ink">Nothing to merge here</h1>
          <p className="mt-1 text-sm text-ink-muted">This address does not name two different contacts or companies. Pick a pair from the list of duplicates.</p>
        </div>
        <ButtonLink href={`/t/${org.slug}/crm/duplicates`} variant="secondary">
          See duplicates
        </ButtonLink>
      </section>
    );
  }
  return <MergeFlow key={`${entity}:${a}:${b}`} slug={org.slug} entity={entity} a={a} b={b} role={org.role} />;
}
