import { defineIsolation, noFixture } from "../../../test/isolation";

/** The super admin's procedures sit outside every tenant (checked by the super-admin procedure). */
export const adminIsolation = defineIsolation({
  module: "admin",
  buildFixture: noFixture,
  cases: {},
  nonTenant: {
    "admin.organizations": "super admin",
    "admin.suspend": "super admin",
    "admin.unsuspend": "super admin",
    "admin.setPlan": "super admin",
    "admin.billingEvents": "super admin",
    "admin.billingEvent": "super admin",
    "admin.replayBillingEvent": "super admin",
  },
});
