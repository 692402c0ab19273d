import { withTenant } from "../../../db/tenant";
import type { FixtureScope, TenantProcedureCase } from "../../../../test/isolation";
import { recordPayment } from "../../accounting/documents/payments";
import { createCompany } from "../../crm/companies/companies";
import { scoreUnscored } from "./service";

/** A scored payment received (the fixture's tenant is on Business, which has fraud scores). */
export async function buildFraudFixture({ tenantId, owner, name }: FixtureScope) {
  return withTenant({ tenantId, userId: owner.id, role: "owner" }, async (tx) => {
    const actor = { userId: owner.id, role: "owner" as const };
    const company = await createCompany(tx, actor, { name: `${name} fraud customer` });
    const payment = await recordPayment(tx, actor, { direction: "received", date: "2026-03-02", companyId: company.id, amount: "125000", reference: `${name} wire` });
    await scoreUnscored(tx);
    return { fraudKind: "customer_payment" as const, fraudItemId: payment.id };
  });
}

type FraudIds = Awaited<ReturnType<typeof buildFraudFixture>>;

export const fraudIsolationCases: Record<string, TenantProcedureCase<{ fraud: FraudIds }>> = {
  "analytics.fraud.status": { minimumRole: "admin", call: (api) => api.analytics.fraud.status() },
  "analytics.fraud.queue": { minimumRole: "admin", call: (api) => api.analytics.fraud.queue({}) },
  "analytics.fraud.label": {
    minimumRole: "admin",
    call: (api, ids) => api.analytics.fraud.label({ kind: ids.fraud.fraudKind, itemId: ids.fraud.fraudItemId, verdict: "dismissed", note: "Known customer" }),
  },
  "analytics.fraud.retrain": { minimumRole: "admin", call: (api) => api.analytics.fraud.retrain() },
  "analytics.fraud.refresh": { minimumRole: "admin", call: (api) => api.analytics.fraud.refresh() },
};
