"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { keysetOptions } from "@/components/records/hooks";
import type { MemberRole } from "@/server/modules/orgs/schema";
import { useTRPC } from "@/trpc/client";
import { ownerEdit, textEdit, useContactSaver } from "../shared/cell-editors";
import { EntityList, trailingColumns, type EntityListInput } from "../shared/entity-list";
import { contactName } from "../shared/format";
import { LIFECYCLE_LABEL, LIFECYCLE_STAGES } from "../shared/labels";
import { Empty, LifecycleBadge, TagList } from "../shared/parts";
import type { ContactRow } from "../shared/types";

function useContactRows(input: EntityListInput, enabled: boolean) {
  const trpc = useTRPC();
  return useInfiniteQuery(trpc.crm.contacts.list.infiniteQueryOptions(input, keysetOptions(enabled)));
}

const nameOf = (c: ContactRow) => contactName(c) || "Unnamed contact";

/**
 * /t/[slug]/crm/contacts: server-sorted, filtered and paginated, with filters and sort
 * in the URL, personal saved views with their columns, cells editable in place and a CSV
 * export of exactly what is listed.
 */
export function ContactsList(props: { tenantId: string; slug: string; userId: string; role: MemberRole }) {
  return (
    <EntityList<ContactRow>
      {...props}
      entity="contact"
      description="The people you sell to. Filter, sort and save views; everything you choose stays in the address, so you can share or bookmark it."
      useRows={useContactRows}
      labelOf={(c) => contactName(c) || "Unnamed contact"}
      useSaver={useContactSaver}
      columns={({ base, fields, members, now, save, format }) => [
        {
          key: "name",
          label: "Name",
          sortField: "name",
          cellClassName: "max-w-[16rem]",
          cell: (c, layout) => (
            <>
              <Link href={`${base}/contacts/${c.id}`} className="block truncate font-medium text-ink hover:text-brand-700 hover:underline">
                {nameOf(c)}
              </Link>
              {c.title && <span className="block truncate text-xs text-ink-faint">{c.title}</span>}
              {/* Small screens, default columns: the email and stage, whose columns are hidden there. */}
              {layout.responsive && (
                <>
                  <span className="mt-0.5 block truncate text-xs text-ink-muted md:hidden">{c.primaryEmail}</span>
                  <span className="mt-1 block sm:hidden">
                    <LifecycleBadge stage={c.lifecycleStage} />
                  </span>
                </>
              )}
            </>
          ),
          edit: save
            ? {
                label: (c) => `name of ${nameOf(c)}`,
                hasLinks: true,
                inputs: () => [
                  { kind: "text", name: "firstName", label: "First name" },
                  { kind: "text", name: "lastName", label: "Last name" },
                ],
                initial: (c) => ({ firstName: c.firstName, lastName: c.lastName }),
                save: (c, v) => {
                  const [firstName, lastName] = [v.firstName!.trim(), v.lastName!.trim()];
                  return save(c.id, { firstName, lastName }, { firstName, lastName });
                },
              }
            : undefined,
        },
        {
          key: "email",
          label: "Email",
          hideBelow: "md",
          cellClassName: "max-w-[16rem]",
          cell: (c) =>
            c.primaryEmail ? (
              <a href={`mailto:${c.primaryEmail}`} className="block truncate text-ink-muted hover:text-brand-700 hover:underline">
                {c.primaryEmail}
              </a>
            ) : (
              <Empty />
            ),
          edit: save
            ? {
                ...textEdit<ContactRow>(save, (c) => `primary email of ${nameOf(c)}`, "primaryEmail", { clearable: true, input: { inputMode: "email" }, shown: (v) => v.toLowerCase() }),
                hasLinks: true,
              }
            : undefined,
        },
        {
          key: "phone",
          label: "Phone",
          hideBelow: "xl",
          cellClassName: "whitespace-nowrap text-ink-muted",
          cell: (c) => c.primaryPhone ?? <Empty />,
          edit: save ? textEdit<ContactRow>(save, (c) => `primary phone of ${nameOf(c)}`, "primaryPhone", { clearable: true, input: { inputMode: "tel" } }) : undefined,
        },
        {
          key: "company",
          label: "Company",
          hideBelow: "lg",
          cellClassName: "max-w-[12rem]",
          cell: (c) =>
            c.companyId ? (
              <Link href={`${base}/companies/${c.companyId}`} className="block truncate text-ink hover:text-brand-700 hover:underline">
                {c.companyName}
              </Link>
            ) : (
              <Empty />
            ),
        },
        {
          key: "owner",
          label: "Owner",
          hideBelow: "lg",
          cellClassName: "max-w-[10rem] truncate text-ink-muted",
          cell: (c) => c.ownerName ?? <Empty />,
          edit: save ? ownerEdit<ContactRow>(save, members, nameOf) : undefined,
        },
        {
          key: "lifecycle",
          label: "Lifecycle",
          hideBelow: "sm",
          cell: (c) => <LifecycleBadge stage={c.lifecycleStage} />,
          edit: save
            ? {
                label: (c) => `lifecycle stage of ${nameOf(c)}`,
                inputs: (c) => [{ kind: "select", name: "lifecycleStage", label: `Lifecycle stage of ${nameOf(c)}`, options: LIFECYCLE_STAGES.map((s) => ({ value: s, label: LIFECYCLE_LABEL[s] })) }],
                initial: (c) => ({ lifecycleStage: c.lifecycleStage }),
                save: (c, v) => save(c.id, { lifecycleStage: v.lifecycleStage }, { lifecycleStage: v.lifecycleStage }),
              }
            : undefined,
        },
        { key: "tags", label: "Tags", hideBelow: "2xl", cellClassName: "max-w-[12rem]", cell: (c) => <TagList tags={c.tags} max={3} /> },
        ...trailingColumns<ContactRow>({ fields, members, now, save, format }, nameOf),
      ]}
    />
  );
}
