import { createTRPCRouter, gatedRoleProcedure } from "../../api/trpc";
import { ALL_LIMITS } from "../index";
import { checkoutInput, startCheckout } from "./checkout";
import { invoicesInput, listInvoices, openCustomerPortal } from "./customer-portal";
import { billingOverview } from "./overview";
import { BILLING } from "./permissions";

/*
 * Settings → Billing. Every procedure may call Stripe, so none holds a tenant transaction
 * open: the gate admits the member first, the services enter the tenant for their short reads
 * and writes (ctx.withTenant) and call Stripe between them.
 */
export const billingRouter = createTRPCRouter({
  overview: gatedRoleProcedure(BILLING.read).query(({ ctx }) => billingOverview(ctx, ALL_LIMITS)),
  invoices: gatedRoleProcedure(BILLING.read)
    .input(invoicesInput)
    .query(({ ctx, input }) => listInvoices({ tenantId: ctx.tenant.id, actor: ctx.actor, withTenant: ctx.withTenant }, input)),
  startCheckout: gatedRoleProcedure(BILLING.manage).input(checkoutInput).mutation(({ ctx, input }) => startCheckout({ tenantId: ctx.tenant.id, actor: ctx.actor }, input)),
  openPortal: gatedRoleProcedure(BILLING.manage).mutation(({ ctx }) => openCustomerPortal({ tenantId: ctx.tenant.id, actor: ctx.actor, withTenant: ctx.withTenant })),
});
