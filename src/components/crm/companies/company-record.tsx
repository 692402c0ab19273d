"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useNow } from "@/components/jobs/format";
import { RelativeTime } from "@/components/jobs/relative-time";
import { Icon } from "@/components/shell/icons";
import { Button } from "@/components/ui/button";
import { ListFooter, LoadError } from "@/components/ui/list-states";
import { readServerError } from "@/components/ui/server-errors";
import { CRM } from "@/server/modules/crm/permissions";
import { roleAtLeast } from "@/server/modules/orgs/roles";
import type { MemberRole } from "@/server/modules/orgs/schema";
import { useTRPC } from "@/trpc/client";
import { CompanyForm } from "./company-form";
import { CustomValuesList } from "../shared/custom-values-list";
import { contactName, domainHref } from "../shared/format";
import { useFormData } from "../shared/hooks";
import { DetailList, LifecycleBadge, TagList } from "../shared/parts";
import { Breadcrumb, DeleteRecordButton, FollowButton, FollowersCard, RecordLoadError, RecordSkeleton } from "../shared/record-parts";
import { DuplicateSuggestions } from "../merge/duplicate-suggestions";
import { RecentMerges } from "../merge/merge-history";
import { RecordDeals, RecordTimeline } from "../shared/record-slots";
import type { CompanyDetail } from "../shared/types";
import { useFormat } from "@/components/format/format-provider";
import { COMPANY_CONTACTS_PAGE, companyContactsInput } from "../shared/first-page";

const CONTACTS_PAGE = COMPANY_CONTACTS_PAGE;

/** The company's contacts (crm.contacts.list filtered by company), A to Z. */
function CompanyContacts({ base, companyId, count, canEdit }: { base: string; companyId: string; count: number; canEdit: boolean }) {
  const trpc = useTRPC();
  const contacts = useInfiniteQuery(
    trpc.crm.contacts.list.infiniteQueryOptions(
      companyContactsInput(companyId),
      { getNextPageParam: (page) => page.nextCursor },
    ),
  );
  const rows = contacts.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section aria-labelledby="company-contacts-heading" className="rounded-card border border-gray-200 bg-white p-5 shadow-sm">
      <div className="mb-3 flex items-center justify-between gap-2">
        <h2 id="company-contacts-heading" className="text-base font-semibold text-ink">
          Contacts <span className="font-normal text-ink-faint">{count}</span>
        </h2>
        <div className="flex items-center gap-3 text-sm">
          {count > 0 && (
            <Link href={`${base}/contacts?company=${companyId}`} className="font-medium text-brand-700 hover:underline">
              Open as list
            </Link>
          )}
          {canEdit && (
            <Link href={`${base}/contacts/new?company=${companyId}`} className="inline-flex items-center gap-1 font-medium text-brand-700 hover:underline">
              <Icon name="plus" className="size-4" />
              Add contact
            </Link>
          )}
        </div>
      </div>
      {contacts.isPending ? (
        <p role="status" className="text-sm text-ink-muted">
          Loading contacts…
        </p>
      ) : contacts.isError && rows.length === 0 ? (
        <LoadError message={`Could not load the contacts: ${readServerError(contacts.error).message}`} retrying={contacts.isFetching} onRetry={() => void contacts.refetch()} />
      ) : rows.length === 0 ? (
        <p className="text-sm text-ink-muted">No contacts at this company yet.</p>
      ) : (
        <div className="flex flex-col gap-3">
          <ul className="divide-y divide-gray-100">
            {rows.map((c) => (
              <li key={c.id} className="flex flex-col gap-1 py-2.5 sm:flex-row sm:items-center sm:justify-between sm:gap-3">
                <div className="min-w-0">
                  <Link href={`${base}/contacts/${c.id}`} className="block truncate text-sm font-medium text-ink hover:text-brand-700 hover:underline">
                    {contactName(c) || "Unnamed contact"}
                  </Link>
                  <p className="truncate text-xs text-ink-faint">{[c.title, c.primaryEmail].filter(Boolean).join(" · ")}</p>
                </div>
                <LifecycleBadge stage={c.lifecycleStage} />
              </li>
            ))}
          </ul>
          {(contacts.hasNextPage || rows.length > CONTACTS_PAGE) && (
            <ListFooter
              summary={`Showing ${rows.length} of ${count}`}
              hasMore={contacts.hasNextPage}
              loadingMore={contacts.isFetchingNextPage}
              onLoadMore={() => void contacts.fetchNextPage()}
            />
          )}
        </div>
      )}
    </section>
  );
}

function address(c: CompanyDetail): string | null {
  const cityLine = [c.postalCode, c.city].filter(Boolean).join(" ");
  return [c.addressLine, cityLine, c.region, c.country].filter(Boolean).join(", ") || null;
}

/** /t/[slug]/crm/companies/[id]: the company, its details, its contacts, followers and the deals and timeline slots. */
export function CompanyRecord({ slug, id, role }: { slug: string; id: string; role: MemberRole }) {
  const format = useFormat();
  const trpc = useTRPC();
  const base = `/t/${slug}/crm`;
  const canEdit = roleAtLeast(role, CRM.edit);
  const company = useQuery(trpc.crm.companies.get.queryOptions({ id }, { retry: false }));
  const formData = useFormData("company");
  const now = useNow();
  const [editing, setEditing] = useState(false);

  if (company.isPending) {
    return (
      <>
        <span className="sr-only" role="status">
          Loading company…
        </span>
        <RecordSkeleton />
      </>
    );
  }
  if (company.isError) {
    return <RecordLoadError entity="company" error={company.error} listHref={`${base}/companies`} retrying={company.isFetching} onRetry={() => void company.refetch()} />;
  }
  const c = company.data;

  return (
    <div className="flex flex-col gap-6">
      <Breadcrumb base={base} entity="company" current={c.name} />

      <header className="flex flex-col gap-4 rounded-card border border-gray-200 bg-white p-5 shadow-sm sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0">
          <h1 className="break-words text-2xl font-semibold text-ink">{c.name}</h1>
          <p className="mt-1 text-sm text-ink-muted">
            {[c.industry, c.size ? `${c.size} employees` : null].filter(Boolean).join(" · ")}
            {c.domain && (
              <>
                {(c.industry || c.size) && " · "}
                <a href={domainHref(c.domain)} target="_blank" rel="noopener noreferrer" className="font-medium text-brand-700 hover:underline">
                  {c.domain}
                  <span className="sr-only"> (opens in a new tab)</span>
                </a>
              </>
            )}
          </p>
          <div className="mt-3 flex flex-wrap items-center gap-x-4 gap-y-2 text-sm">
            <span className="text-ink-muted">
              Owner: <span className="font-medium text-ink">{c.owner?.name ?? "nobody"}</span>
            </span>
            <span className="text-ink-muted">
              {c.contactCount} {c.contactCount === 1 ? "contact" : "contacts"} · {c.openDealCount} open {c.openDealCount === 1 ? "deal" : "deals"}
            </span>
            <TagList tags={c.tags} />
          </div>
        </div>
        {canEdit && (
          <div className="flex shrink-0 flex-wrap gap-2">
            <FollowButton entity="company" id={c.id} following={c.following} />
            {!editing && (
              <Button type="button" variant="secondary" onClick={() => setEditing(true)}>
                Edit
              </Button>
            )}
            <DeleteRecordButton
              entity="company"
              id={c.id}
              name={c.name}
              listHref={`${base}/companies`}
              consequence="Its contacts and deals stay, shown without the company until it is restored."
            />
          </div>
        )}
      </header>

      <div className="grid grid-cols-1 items-start gap-6 lg:grid-cols-3">
        <div className="flex min-w-0 flex-col gap-6 lg:col-span-2">
          {editing ? (
            formData.ready ? (
              <CompanyForm
                key={c.updatedAt.toISOString()}
                slug={slug}
                company={c}
                fields={formData.fields}
                members={formData.members}
                currency={formData.currency}
                onDone={() => setEditing(false)}
                onCancel={() => setEditing(false)}
              />
            ) : formData.error ? (
              <LoadError message={`Could not open the form: ${readServerError(formData.error).message}`} retrying={formData.retrying} onRetry={formData.retry} />
            ) : (
              <p role="status" className="text-sm text-ink-muted">
                Opening the form…
              </p>
            )
          ) : (
            <section aria-labelledby="details-heading" className="rounded-card border border-gray-200 bg-white p-5 shadow-sm">
              <div className="mb-2 flex items-center justify-between gap-2">
                <h2 id="details-heading" className="text-base font-semibold text-ink">
                  Details
                </h2>
                {canEdit && (
                  <button type="button" onClick={() => setEditing(true)} className="text-sm font-medium text-brand-700 hover:underline">
                    Edit details
                  </button>
                )}
              </div>
              <DetailList
                rows={[
                  {
                    label: "Domain",
                    value: c.domain ? (
                      <a href={domainHref(c.domain)} target="_blank" rel="noopener noreferrer" className="text-brand-700 hover:underline">
                        {c.domain}
                      </a>
                    ) : null,
                  },
                  { label: "Industry", value: c.industry },
                  { label: "Size", value: c.size ? `${c.size} employees` : null },
                  { label: "Address", value: address(c) },
                  { label: "Owner", value: c.owner?.name },
                  { label: "Tags", value: c.tags.length ? <TagList tags={c.tags} /> : null },
                ]}
              />
              <CustomValuesList fields={formData.fields} values={c.custom} members={formData.members} />
              <div className="mt-4 border-t border-gray-100 pt-4">
                <h3 className="text-sm font-medium text-ink">Notes</h3>
                {c.notes ? <p className="mt-1 whitespace-pre-wrap break-words text-sm text-ink">{c.notes}</p> : <p className="mt-1 text-sm text-ink-faint">No notes.</p>}
              </div>
            </section>
          )}

          <CompanyContacts base={base} companyId={c.id} count={c.contactCount} canEdit={canEdit} />

          {/* slot: timeline + activity composer */}
          <RecordTimeline entityType="company" id={c.id} />
        </div>

        <aside className="flex min-w-0 flex-col gap-6" aria-label="About this company">
          {/* slot: deals of this company */}
          <RecordDeals entityType="company" id={c.id} />
          <DuplicateSuggestions entityType="company" id={c.id} />
          <RecentMerges entityType="company" id={c.id} />
          <FollowersCard followers={c.followers} />
          <section className="rounded-card border border-gray-200 bg-white p-5 text-sm shadow-sm" aria-label="Record history">
            <p className="text-ink-muted">
              Created <span className="text-ink">{format.date(c.createdAt)}</span>
            </p>
            <p className="mt-1 text-ink-muted">
              Updated <RelativeTime date={c.updatedAt} now={Math.max(now, company.dataUpdatedAt)} />
            </p>
          </section>
        </aside>
      </div>
    </div>
  );
}
