"use client";

import { useQuery } from "@tanstack/react-query";
import { useParams } from "next/navigation";
import Link from "next/link";
import { Icon } from "@/components/shell/icons";
import { LoadError } from "@/components/ui/list-states";
import { readServerError } from "@/components/ui/server-errors";
import { CRM } from "@/server/modules/crm/permissions";
import { roleAtLeast } from "@/server/modules/orgs/roles";
import { useTRPC } from "@/trpc/client";
import { closeDateText, isOverdue, todayIso } from "./deal-format";
import { DealStatusBadge } from "./deal-parts";
import { useFormat } from "@/components/format/format-provider";

/**
 * The deals of a contact or a company on its record page: open ones first, each with
 * stage, amount and expected close, and a "New deal" link prefilled with the record.
 * Viewers get no "New deal" link.
 */
export function RecordDeals({ entityType, id }: { entityType: "contact" | "company"; id: string }) {
  const format = useFormat();
  const trpc = useTRPC();
  const params = useParams<{ slug: string }>();
  const base = `/t/${params.slug}/crm`;
  const org = useQuery(trpc.orgs.current.queryOptions(undefined, { staleTime: 5 * 60_000 }));
  const canCreate = org.data ? roleAtLeast(org.data.role, CRM.edit) : false;
  const deals = useQuery(trpc.crm.deals.forRecord.queryOptions(entityType === "contact" ? { contactId: id } : { companyId: id }));
  const today = todayIso();
  const items = deals.data?.items ?? [];
  const open = items.filter((d) => d.status === "open").length;

  return (
    <section aria-labelledby={`deals-of-${id}`} className="rounded-card border border-gray-200 bg-white p-5 shadow-sm">
      <div className="flex items-center justify-between gap-2">
        <h2 id={`deals-of-${id}`} className="text-base font-semibold text-ink">
          Deals
          {deals.data && items.length > 0 && <span className="ml-1.5 text-sm font-normal text-ink-muted">{open === items.length ? items.length : `${open} open of ${items.length}`}</span>}
        </h2>
        {canCreate && (
          <Link href={`${base}/deals/new?${entityType}=${id}`} className="inline-flex items-center gap-1 text-sm font-medium text-brand-700 hover:underline">
            <Icon name="plus" className="size-4" />
            New deal
          </Link>
        )}
      </div>
      <div className="mt-3">
        {deals.isPending ? (
          <div className="flex flex-col gap-2" aria-hidden>
            {[0, 1].map((i) => (
              <div key={i} className="h-12 animate-pulse rounded-lg bg-surface-sunken" />
            ))}
            <span className="sr-only" role="status">
              Loading deals…
            </span>
          </div>
        ) : deals.isError ? (
          <LoadError message={`Could not load the deals: ${readServerError(deals.error).message}`} retrying={deals.isFetching} onRetry={() => void deals.refetch()} />
        ) : items.length === 0 ? (
          <p className="text-sm text-ink-muted">No deals yet.</p>
        ) : (
          <ul className="-mx-2 flex flex-col">
            {items.map((d) => {
              const close = closeDateText(d, format, today);
              return (
                <li key={d.id}>
                  <Link href={`${base}/deals/${d.id}`} className="flex flex-col gap-0.5 rounded-lg px-2 py-2 hover:bg-surface-muted">
                    <span className="flex items-center justify-between gap-2">
                      <span className="min-w-0 truncate text-sm font-medium text-ink">{d.title}</span>
                      <span className="shrink-0 text-sm font-medium tabular-nums text-ink">{format.money(d.amountMinor, d.currency)}</span>
                    </span>
                    <span className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-ink-muted">
                      {d.status !== "open" && <DealStatusBadge status={d.status} />}
                      <span>{d.stageName}</span>
                      {close && <span className={isOverdue(d, today) ? "font-medium text-danger-700" : undefined}>· {close}</span>}
                    </span>
                  </Link>
                </li>
              );
            })}
          </ul>
        )}
        {deals.data?.hasMore && (
          <p className="mt-2 text-xs text-ink-muted">
            Showing the first 100.{" "}
            <Link href={`${base}/deals/list${entityType === "company" ? `?company=${id}` : ""}`} className="font-medium text-brand-700 hover:underline">
              See all deals
            </Link>
          </p>
        )}
      </div>
    </section>
  );
}
