"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useNow } from "@/components/jobs/format";
import { RelativeTime } from "@/components/jobs/relative-time";
import { Button } from "@/components/ui/button";
import { LoadError } from "@/components/ui/list-states";
import { readServerError } from "@/components/ui/server-errors";
import { CRM } from "@/server/modules/crm/permissions";
import { roleAtLeast } from "@/server/modules/orgs/roles";
import type { MemberRole } from "@/server/modules/orgs/schema";
import { useTRPC } from "@/trpc/client";
import { ContactForm } from "./contact-form";
import { CustomValuesList } from "../shared/custom-values-list";
import { useFormData } from "../shared/hooks";
import { DetailList, LifecycleBadge, TagList } from "../shared/parts";
import { Breadcrumb, DeleteRecordButton, FollowButton, FollowersCard, RecordLoadError, RecordSkeleton } from "../shared/record-parts";
import { DuplicateSuggestions } from "../merge/duplicate-suggestions";
import { RecentMerges } from "../merge/merge-history";
import { RecordDeals, RecordTimeline } from "../shared/record-slots";
import type { ContactDetail } from "../shared/types";
import { useFormat } from "@/components/format/format-provider";
import { phoneHref } from "@/lib/phones";

function ChannelList({ items, kind }: { items: ContactDetail["emails"]; kind: "email" | "phone" }) {
  if (!items.length) return null;
  return (
    <ul className="flex flex-col gap-1">
      {items.map((item) => (
        <li key={item.id} className="flex min-w-0 flex-wrap items-center gap-2">
          <a href={kind === "email" ? `mailto:${item.value}` : phoneHref(item.value)} className="min-w-0 break-all text-ink hover:text-brand-700 hover:underline">
            {item.value}
          </a>
          {item.label && <span className="text-xs text-ink-muted">{item.label[0]!.toUpperCase() + item.label.slice(1)}</span>}
          {item.isPrimary && items.length > 1 && <span className="rounded bg-brand-50 px-1.5 py-0.5 text-xs font-medium text-brand-800">Primary</span>}
        </li>
      ))}
    </ul>
  );
}

/** /t/[slug]/crm/contacts/[id]: the contact, its details (edited in place), followers, and the deals and timeline slots. */
export function ContactRecord({ slug, id, role }: { slug: string; id: string; role: MemberRole }) {
  const format = useFormat();
  const trpc = useTRPC();
  const base = `/t/${slug}/crm`;
  const canEdit = roleAtLeast(role, CRM.edit);
  const contact = useQuery(trpc.crm.contacts.get.queryOptions({ id }, { retry: false }));
  const formData = useFormData("contact");
  const now = useNow();
  const [editing, setEditing] = useState(false);

  if (contact.isPending) {
    return (
      <>
        <span className="sr-only" role="status">
          Loading contact…
        </span>
        <RecordSkeleton />
      </>
    );
  }
  if (contact.isError) {
    return <RecordLoadError entity="contact" error={contact.error} listHref={`${base}/contacts`} retrying={contact.isFetching} onRetry={() => void contact.refetch()} />;
  }
  const c = contact.data;
  const name = c.name || "Unnamed contact";

  return (
    <div className="flex flex-col gap-6">
      <Breadcrumb base={base} entity="contact" current={name} />

      <header className="flex flex-col gap-4 rounded-card border border-gray-200 bg-white p-5 shadow-sm sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0">
          <h1 className="break-words text-2xl font-semibold text-ink">{name}</h1>
          <p className="mt-1 text-sm text-ink-muted">
            {c.title}
            {c.title && c.company && " at "}
            {c.company && (
              <Link href={`${base}/companies/${c.company.id}`} className="font-medium text-brand-700 hover:underline">
                {c.company.name}
              </Link>
            )}
          </p>
          <div className="mt-3 flex flex-wrap items-center gap-x-4 gap-y-2 text-sm">
            <LifecycleBadge stage={c.lifecycleStage} />
            <span className="text-ink-muted">
              Owner: <span className="font-medium text-ink">{c.owner?.name ?? "nobody"}</span>
            </span>
            <TagList tags={c.tags} />
          </div>
        </div>
        {canEdit && (
          <div className="flex shrink-0 flex-wrap gap-2">
            <FollowButton entity="contact" id={c.id} following={c.following} />
            {!editing && (
              <Button type="button" variant="secondary" onClick={() => setEditing(true)}>
                Edit
              </Button>
            )}
            <DeleteRecordButton
              entity="contact"
              id={c.id}
              name={name}
              listHref={`${base}/contacts`}
              consequence="Its notes, tasks and deal links go with it and come back if it is restored; its deals stay."
            />
          </div>
        )}
      </header>

      <div className="grid grid-cols-1 items-start gap-6 lg:grid-cols-3">
        <div className="flex min-w-0 flex-col gap-6 lg:col-span-2">
          {editing ? (
            formData.ready ? (
              <ContactForm
                key={c.updatedAt.toISOString()}
                slug={slug}
                contact={c}
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
                  { label: c.emails.length > 1 ? "Emails" : "Email", value: c.emails.length ? <ChannelList items={c.emails} kind="email" /> : null },
                  { label: c.phones.length > 1 ? "Phones" : "Phone", value: c.phones.length ? <ChannelList items={c.phones} kind="phone" /> : null },
                  { label: "Job title", value: c.title },
                  {
                    label: "Company",
                    value: c.company ? (
                      <Link href={`${base}/companies/${c.company.id}`} className="text-brand-700 hover:underline">
                        {c.company.name}
                      </Link>
                    ) : null,
                  },
                  { label: "Owner", value: c.owner?.name },
                  { label: "Lifecycle stage", value: <LifecycleBadge stage={c.lifecycleStage} /> },
                  { label: "Source", value: c.source },
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

          {/* slot: timeline + activity composer */}
          <RecordTimeline entityType="contact" id={c.id} />
        </div>

        <aside className="flex min-w-0 flex-col gap-6" aria-label="About this contact">
          {/* slot: deals of this contact */}
          <RecordDeals entityType="contact" id={c.id} />
          <DuplicateSuggestions entityType="contact" id={c.id} />
          <RecentMerges entityType="contact" id={c.id} />
          <FollowersCard followers={c.followers} />
          <section className="rounded-card border border-gray-200 bg-white p-5 text-sm shadow-sm" aria-label="Record history">
            <p className="text-ink-muted">
              Created <span className="text-ink">{format.date(c.createdAt)}</span>
            </p>
            <p className="mt-1 text-ink-muted">
              Updated <RelativeTime date={c.updatedAt} now={Math.max(now, contact.dataUpdatedAt)} />
            </p>
          </section>
        </aside>
      </div>
    </div>
  );
}
