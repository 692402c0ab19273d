import type { ModuleLifecycle } from "../define";
import { seedDemoActivity } from "./demo/activity";

/** Analytics keeps no tenant data of its own yet; the demo gets two years of trade to analyse (after CRM, inventory and accounting seeded theirs). */
export const analyticsLifecycle: ModuleLifecycle = {
  module: "analytics",
  seedDemo: async (tx, people) => {
    await seedDemoActivity(tx, people);
  },
};
