import type { ModuleLifecycle } from "../define";
import { createStandardChart } from "./accounts";
import { seedAccountingDemo } from "./demo";

export const accountingLifecycle: ModuleLifecycle = {
  module: "accounting",
  onTenantCreated: createStandardChart,
  seedDemo: (tx, { owner }) => seedAccountingDemo(tx, owner),
};
