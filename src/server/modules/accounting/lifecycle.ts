import type { ModuleLifecycle } from "../define";
import { createStandardChart } from "./accounts";

export const accountingLifecycle: ModuleLifecycle = {
  module: "accounting",
  onTenantCreated: createStandardChart,
};
