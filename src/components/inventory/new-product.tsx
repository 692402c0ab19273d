"use client";

import { useQuery } from "@tanstack/react-query";
import { ButtonLink } from "@/components/ui/button";
import { LoadError } from "@/components/ui/list-states";
import { readServerError } from "@/components/ui/server-errors";
import { useTRPC } from "@/trpc/client";
import { Section } from "./parts";
import { ProductForm } from "./product-form";

/** /t/[slug]/inventory/products/new: the form once the organization (its currency) is known. */
export function NewProduct({ slug, canEdit }: { slug: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const org = useQuery(trpc.orgs.current.queryOptions(undefined, { enabled: canEdit }));
  const listHref = `/t/${slug}/inventory`;
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold text-ink">New product</h1>
        <p className="mt-1 text-sm text-ink-muted">The SKU and the name are required; everything else can be added later. Stock is received on the product&apos;s page.</p>
      </div>
      {!canEdit ? (
        <section className="flex flex-col items-start gap-3 rounded-card border border-gray-200 bg-white p-6 shadow-sm">
          <p className="font-medium text-ink">Viewers cannot add products.</p>
          <p className="text-sm text-ink-muted">You can read the inventory. Ask an owner or admin to make you a member if you need to add products or move stock.</p>
          <ButtonLink href={listHref} variant="secondary">
            Back to products
          </ButtonLink>
        </section>
      ) : org.isError ? (
        <LoadError message={`Could not open the form: ${readServerError(org.error).message}`} retrying={org.isFetching} onRetry={() => void org.refetch()} />
      ) : org.isPending ? (
        <p role="status" className="text-sm text-ink-muted">
          Opening the form…
        </p>
      ) : (
        <Section id="new-product-heading" title="Product">
          <ProductForm slug={slug} product={null} onCancel={undefined} />
        </Section>
      )}
    </div>
  );
}
