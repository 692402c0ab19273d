import type { ModuleLifecycle } from "../define";
import { seedCrmDemo } from "./demo";
import { provisionCrm } from "./settings";

export const crmLifecycle: ModuleLifecycle = {
  module: "crm",
  onTenantCreated: provisionCrm,
  seedDemo: (tx, { owner, colleague }) => seedCrmDemo(tx, owner, colleague.userId),
};
