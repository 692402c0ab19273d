import type { Metadata } from "next";
import Link from "next/link";
import { ButtonLink } from "@/components/ui/button";
import { Card, EmptyState } from "@/components/ui/card";
import { contactName } from "@/components/crm/shared/format";
import { LifecycleBadge } from "@/components/crm/shared/parts";
import { Icon } from "@/components/shell/icons";
import { roleAtLeast } from "@/server/modules/orgs/roles";
import { getTenantPage } from "@/server/tenant-page";
import { serverCaller } from "@/trpc/server";
import { CRM } from "@/server/modules/crm/permissions";
import { createFormatter, formatSettingsFor } from "@/lib/format";

export const metadata: Metadata = { title: { absolute: "CRM · NeuroOps" } };

const SECTIONS = [
  { href: "/contacts", title: "Contacts", text: "People you sell to: emails, phones, lifecycle stage and owner." },
  { href: "/companies", title: "Companies", text: "The organizations behind your contacts and deals." },
  { href: "/deals", title: "Deals", text: "Your pipeline: stages, amounts and expected close dates." },
  { href: "/tasks", title: "My tasks", text: "Calls, meetings and to-dos assigned to you, overdue first." },
];

/** /t/[slug]/crm: where to go, and what changed lately. */
export default async function CrmHome({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { user, org } = await getTenantPage(slug);
  const format = createFormatter(formatSettingsFor(user, org));
  const base = `/t/${org.slug}/crm`;
  const canEdit = roleAtLeast(org.role, CRM.edit);
  const api = await serverCaller(org.id);
  const [contacts, companies] = await Promise.all([api.crm.contacts.list({ limit: 5 }), api.crm.companies.list({ limit: 5 })]);

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
        <div>
          <h1 className="text-2xl font-semibold text-ink">CRM</h1>
          <p className="mt-1 text-sm text-ink-muted">Contacts, companies, deals and tasks of {org.name}.</p>
        </div>
        {canEdit && (
          <div className="flex flex-wrap gap-2">
            <ButtonLink href={`${base}/imports/new`} variant="secondary">
              Import CSV
            </ButtonLink>
            <ButtonLink href={`${base}/companies/new`} variant="secondary">
              <Icon name="plus" className="size-4" />
              New company
            </ButtonLink>
            <ButtonLink href={`${base}/contacts/new`}>
              <Icon name="plus" className="size-4" />
              New contact
            </ButtonLink>
          </div>
        )}
      </div>

      <ul className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {SECTIONS.map((section) => (
          <li key={section.href}>
            <Link
              href={`${base}${section.href}`}
              className="flex h-full flex-col gap-1 rounded-card border border-gray-200 bg-white p-4 shadow-sm transition-colors hover:border-brand-300 hover:bg-brand-50/40"
            >
              <span className="font-semibold text-ink">{section.title}</span>
              <span className="text-sm text-ink-muted">{section.text}</span>
            </Link>
          </li>
        ))}
      </ul>

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
        <Card
          title="Recently updated contacts"
          action={
            <Link href={`${base}/contacts`} className="text-sm font-medium text-brand-700 hover:underline">
              All contacts
            </Link>
          }
        >
          {contacts.items.length === 0 ? (
            <EmptyState title="No contacts yet.">{canEdit ? "Create one or import a CSV file." : "Contacts your team adds appear here."}</EmptyState>
          ) : (
            <ul className="divide-y divide-gray-100">
              {contacts.items.map((c) => (
                <li key={c.id} className="flex items-center justify-between gap-3 py-2.5">
                  <div className="min-w-0">
                    <Link href={`${base}/contacts/${c.id}`} className="block truncate text-sm font-medium text-ink hover:text-brand-700 hover:underline">
                      {contactName(c) || "Unnamed contact"}
                    </Link>
                    <p className="truncate text-xs text-ink-faint">{[c.companyName, c.primaryEmail].filter(Boolean).join(" · ") || "\u00a0"}</p>
                  </div>
                  <LifecycleBadge stage={c.lifecycleStage} />
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card
          title="Recently updated companies"
          action={
            <Link href={`${base}/companies`} className="text-sm font-medium text-brand-700 hover:underline">
              All companies
            </Link>
          }
        >
          {companies.items.length === 0 ? (
            <EmptyState title="No companies yet.">{canEdit ? "Create one or import a CSV file." : "Companies your team adds appear here."}</EmptyState>
          ) : (
            <ul className="divide-y divide-gray-100">
              {companies.items.map((c) => (
                <li key={c.id} className="flex items-center justify-between gap-3 py-2.5">
                  <div className="min-w-0">
                    <Link href={`${base}/companies/${c.id}`} className="block truncate text-sm font-medium text-ink hover:text-brand-700 hover:underline">
                      {c.name}
                    </Link>
                    <p className="truncate text-xs text-ink-faint">{[c.industry, c.domain].filter(Boolean).join(" · ") || "\u00a0"}</p>
                  </div>
                  <time className="shrink-0 text-xs text-ink-faint" dateTime={c.updatedAt.toISOString()}>
                    {format.date(c.updatedAt)}
                  </time>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </div>
  );
}
