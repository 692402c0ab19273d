"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { keysetOptions } from "@/components/records/hooks";
import type { MemberRole } from "@/server/modules/orgs/schema";
import { useTRPC } from "@/trpc/client";
import { EntityList, trailingColumns, type EntityListInput } from "../shared/entity-list";
import { contactName } from "../shared/format";
import { Empty, LifecycleBadge, TagList } from "../shared/parts";
import type { ContactRow } from "../shared/types";

function useContactRows(input: EntityListInput, enabled: boolean) {
  const trpc = useTRPC();
  return useInfiniteQuery(trpc.crm.contacts.list.infiniteQueryOptions(input, keysetOptions(enabled)));
}

/**
 * /t/[slug]/crm/contacts: server-sorted, filtered and paginated, with filters and sort
 * in the URL, personal saved views and a CSV export of exactly what is listed.
 */
export function ContactsList(props: { tenantId: string; slug: string; userId: string; role: MemberRole }) {
  return (
    <EntityList<ContactRow>
      {...props}
      entity="contact"
      description="The people you sell to. Filter, sort and save views; everything you choose stays in the address, so you can share or bookmark it."
      useRows={useContactRows}
      columns={({ base, fields, members, now, format }) => [
        {
          key: "name",
          label: "Name",
          sortField: "name",
          cellClassName: "max-w-[16rem]",
          cell: (c) => (
            <>
              <Link href={`${base}/contacts/${c.id}`} className="block truncate font-medium text-ink hover:text-brand-700 hover:underline">
                {contactName(c) || "Unnamed contact"}
              </Link>
              {c.title && <span className="block truncate text-xs text-ink-faint">{c.title}</span>}
              {/* Small screens: the email and stage, whose columns are hidden there. */}
              <span className="mt-0.5 block truncate text-xs text-ink-muted md:hidden">{c.primaryEmail}</span>
              <span className="mt-1 block sm:hidden">
                <LifecycleBadge stage={c.lifecycleStage} />
              </span>
            </>
          ),
        },
        {
          key: "email",
          label: "Email",
          headerClassName: "hidden md:table-cell",
          cellClassName: "hidden max-w-[16rem] md:table-cell",
          cell: (c) =>
            c.primaryEmail ? (
              <a href={`mailto:${c.primaryEmail}`} className="block truncate text-ink-muted hover:text-brand-700 hover:underline">
                {c.primaryEmail}
              </a>
            ) : (
              <Empty />
            ),
        },
        { key: "phone", label: "Phone", headerClassName: "hidden xl:table-cell", cellClassName: "hidden whitespace-nowrap text-ink-muted xl:table-cell", cell: (c) => c.primaryPhone ?? <Empty /> },
        {
          key: "company",
          label: "Company",
          headerClassName: "hidden lg:table-cell",
          cellClassName: "hidden max-w-[12rem] lg:table-cell",
          cell: (c) =>
            c.companyId ? (
              <Link href={`${base}/companies/${c.companyId}`} className="block truncate text-ink hover:text-brand-700 hover:underline">
                {c.companyName}
              </Link>
            ) : (
              <Empty />
            ),
        },
        { key: "owner", label: "Owner", headerClassName: "hidden lg:table-cell", cellClassName: "hidden max-w-[10rem] truncate text-ink-muted lg:table-cell", cell: (c) => c.ownerName ?? <Empty /> },
        { key: "lifecycle", label: "Lifecycle", headerClassName: "hidden sm:table-cell", cellClassName: "hidden sm:table-cell", cell: (c) => <LifecycleBadge stage={c.lifecycleStage} /> },
        { key: "tags", label: "Tags", headerClassName: "hidden 2xl:table-cell", cellClassName: "hidden max-w-[12rem] 2xl:table-cell", cell: (c) => <TagList tags={c.tags} max={3} /> },
        ...trailingColumns<ContactRow>(fields, members, now, "2xl:table-cell", format),
      ]}
    />
  );
}
