import type { ModuleLifecycle } from "../define";
import { createDefaultWarehouse } from "./catalog/warehouses";
import { seedInventoryDemo } from "./demo";

export const inventoryLifecycle: ModuleLifecycle = {
  module: "inventory",
  onTenantCreated: createDefaultWarehouse,
  seedDemo: (tx, { owner }) => seedInventoryDemo(tx, owner),
};
