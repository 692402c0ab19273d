"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { keysetOptions } from "@/components/records/hooks";
import type { MemberRole } from "@/server/modules/orgs/schema";
import { useTRPC } from "@/trpc/client";
import { EntityList, trailingColumns, type EntityListInput } from "../shared/entity-list";
import { Empty, TagList } from "../shared/parts";
import type { CompanyRow } from "../shared/types";

function location(c: Pick<CompanyRow, "city" | "country">): string | null {
  return [c.city, c.country].filter(Boolean).join(", ") || null;
}

function useCompanyRows(input: EntityListInput, enabled: boolean) {
  const trpc = useTRPC();
  return useInfiniteQuery(trpc.crm.companies.list.infiniteQueryOptions(input, keysetOptions(enabled)));
}

/** /t/[slug]/crm/companies: like the contact list (filters in the URL, saved views, export). */
export function CompaniesList(props: { tenantId: string; slug: string; userId: string; role: MemberRole }) {
  return (
    <EntityList<CompanyRow>
      {...props}
      entity="company"
      description="The organizations your contacts work at and your deals are made with."
      useRows={useCompanyRows}
      columns={({ base, fields, members, now, format }) => [
        {
          key: "name",
          label: "Name",
          sortField: "name",
          cellClassName: "max-w-[18rem]",
          cell: (c) => (
            <>
              <Link href={`${base}/companies/${c.id}`} className="block truncate font-medium text-ink hover:text-brand-700 hover:underline">
                {c.name}
              </Link>
              {c.domain && <span className="block truncate text-xs text-ink-faint">{c.domain}</span>}
              <span className="mt-0.5 block truncate text-xs text-ink-muted md:hidden">{c.industry}</span>
            </>
          ),
        },
        { key: "industry", label: "Industry", headerClassName: "hidden md:table-cell", cellClassName: "hidden max-w-[12rem] truncate text-ink-muted md:table-cell", cell: (c) => c.industry ?? <Empty /> },
        { key: "size", label: "Size", headerClassName: "hidden lg:table-cell", cellClassName: "hidden whitespace-nowrap text-ink-muted lg:table-cell", cell: (c) => c.size ?? <Empty /> },
        { key: "location", label: "Location", headerClassName: "hidden lg:table-cell", cellClassName: "hidden max-w-[12rem] truncate text-ink-muted lg:table-cell", cell: (c) => location(c) ?? <Empty /> },
        { key: "owner", label: "Owner", headerClassName: "hidden sm:table-cell", cellClassName: "hidden max-w-[10rem] truncate text-ink-muted sm:table-cell", cell: (c) => c.ownerName ?? <Empty /> },
        { key: "tags", label: "Tags", headerClassName: "hidden xl:table-cell", cellClassName: "hidden max-w-[12rem] xl:table-cell", cell: (c) => <TagList tags={c.tags} max={3} /> },
        ...trailingColumns<CompanyRow>(fields, members, now, "2xl:table-cell", format),
      ]}
    />
  );
}
