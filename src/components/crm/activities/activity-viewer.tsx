"use client";

import { useQuery } from "@tanstack/react-query";
import { useParams } from "next/navigation";
import { CRM } from "@/server/modules/crm/permissions";
import { roleAtLeast } from "@/server/modules/orgs/roles";
import type { MemberRole } from "@/server/modules/orgs/schema";
import { useTRPC } from "@/trpc/client";

/**
 * Who is looking, for components placed on other pages with only a record's id: the
 * organization's slug (from the URL), the member's role and user id. The role only
 * decides what the UI offers; every procedure checks it again.
 */
export function useViewer(): { slug: string; role: MemberRole | null; userId: string | null; canWrite: boolean } {
  const trpc = useTRPC();
  const params = useParams<{ slug: string }>();
  // Same query (and cache entry) as the forms' useFormData.
  const org = useQuery(trpc.orgs.current.queryOptions(undefined, { staleTime: 5 * 60_000 }));
  const me = useQuery(trpc.accounts.me.queryOptions(undefined, { staleTime: 5 * 60_000 }));
  const role = org.data?.role ?? null;
  return { slug: params.slug, role, userId: me.data?.id ?? null, canWrite: role !== null && roleAtLeast(role, CRM.edit) };
}
