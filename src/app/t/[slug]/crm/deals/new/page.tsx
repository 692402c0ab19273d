import type { Metadata } from "next";
import { DealNew } from "@/components/crm/deals/deal-new";
import type { DealFormDefaults } from "@/components/crm/deals/deal-form";
import { isUuid } from "@/components/crm/shared/list-query";
import { roleAtLeast } from "@/server/modules/orgs/roles";
import { getTenantPage } from "@/server/tenant-page";
import { serverCaller } from "@/trpc/server";
import { CRM } from "@/server/modules/crm/permissions";

export const metadata: Metadata = { title: "New deal" };

function one(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * /t/[slug]/crm/deals/new[?company=…&contact=…&pipeline=…&stage=…]: the links from a
 * company, a contact or a board column prefill the form. Records the viewer cannot see
 * are simply not prefilled.
 */
export default async function NewDealPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { slug } = await params;
  const { user, org } = await getTenantPage(slug);
  const search = await searchParams;
  const companyId = one(search.company);
  const contactId = one(search.contact);
  const pipelineId = one(search.pipeline);
  const stageId = one(search.stage);
  const canCreate = roleAtLeast(org.role, CRM.edit);
  const defaults: DealFormDefaults = { company: null, contacts: [], pipelineId: isUuid(pipelineId) ? pipelineId : undefined, stageId: isUuid(stageId) ? stageId : undefined };
  if (canCreate && (isUuid(companyId) || isUuid(contactId))) {
    const api = await serverCaller(org.id);
    const [company, contact] = await Promise.all([
      isUuid(companyId) ? api.crm.companies.get({ id: companyId }).catch(() => null) : null,
      isUuid(contactId) ? api.crm.contacts.get({ id: contactId }).catch(() => null) : null,
    ]);
    if (company) defaults.company = { id: company.id, name: company.name };
    if (contact) {
      defaults.contacts = [{ id: contact.id, name: contact.name || "Unnamed contact" }];
      // A deal with a contact is usually with the contact's company.
      if (!defaults.company && contact.company) defaults.company = { id: contact.company.id, name: contact.company.name };
    }
  }
  return <DealNew slug={org.slug} userId={user.id} canCreate={canCreate} defaults={defaults} />;
}
