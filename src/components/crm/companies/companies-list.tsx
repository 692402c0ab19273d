"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { keysetOptions } from "@/components/records/hooks";
import type { MemberRole } from "@/server/modules/orgs/schema";
import { useTRPC } from "@/trpc/client";
import { ownerEdit, textEdit, useCompanySaver } from "../shared/cell-editors";
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

const nameOf = (c: CompanyRow) => c.name;

/** /t/[slug]/crm/companies: like the contact list (filters in the URL, saved views with their columns, cells edited in place, export). */
export function CompaniesList(props: { tenantId: string; slug: string; userId: string; role: MemberRole }) {
  return (
    <EntityList<CompanyRow>
      {...props}
      entity="company"
      description="The organizations your contacts work at and your deals are made with."
      useRows={useCompanyRows}
      labelOf={(c) => c.name}
      useSaver={useCompanySaver}
      columns={({ base, fields, members, now, save, format }) => [
        {
          key: "name",
          label: "Name",
          sortField: "name",
          cellClassName: "max-w-[18rem]",
          cell: (c, layout) => (
            <>
              <Link href={`${base}/companies/${c.id}`} className="block truncate font-medium text-ink hover:text-brand-700 hover:underline">
                {c.name}
              </Link>
              {c.domain && <span className="block truncate text-xs text-ink-faint">{c.domain}</span>}
              {layout.responsive && <span className="mt-0.5 block truncate text-xs text-ink-muted md:hidden">{c.industry}</span>}
            </>
          ),
          edit: save ? { ...textEdit<CompanyRow>(save, (c) => `name of ${c.name}`, "name"), hasLinks: true } : undefined,
        },
        {
          key: "industry",
          label: "Industry",
          hideBelow: "md",
          cellClassName: "max-w-[12rem] truncate text-ink-muted",
          cell: (c) => c.industry ?? <Empty />,
          edit: save ? textEdit<CompanyRow>(save, (c) => `industry of ${c.name}`, "industry", { clearable: true }) : undefined,
        },
        { key: "size", label: "Size", hideBelow: "lg", cellClassName: "whitespace-nowrap text-ink-muted", cell: (c) => c.size ?? <Empty /> },
        { key: "location", label: "Location", hideBelow: "lg", cellClassName: "max-w-[12rem] truncate text-ink-muted", cell: (c) => location(c) ?? <Empty /> },
        {
          key: "owner",
          label: "Owner",
          hideBelow: "sm",
          cellClassName: "max-w-[10rem] truncate text-ink-muted",
          cell: (c) => c.ownerName ?? <Empty />,
          edit: save ? ownerEdit<CompanyRow>(save, members, nameOf) : undefined,
        },
        { key: "tags", label: "Tags", hideBelow: "xl", cellClassName: "max-w-[12rem]", cell: (c) => <TagList tags={c.tags} max={3} /> },
        ...trailingColumns<CompanyRow>({ fields, members, now, save, format }, nameOf),
      ]}
    />
  );
}
