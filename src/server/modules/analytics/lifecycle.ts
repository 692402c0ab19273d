import type { ModuleLifecycle } from "../define";
import { seedDemoActivity } from "./demo/activity";

/** Analytics keeps no tenant data to start with; the demo gets two years of trade to analyse (after CRM, inventory and accounting seeded theirs). */
export const analyticsLifecycle: ModuleLifecycle = {
  module: "analytics",
  seedDemo: async (tx, people) => {
    // 25 calendar months = 24 complete ones and the current one: the forecasts leave the current month out,
    // and a yearly pattern (seasonal ETS) needs two full years; with 24 the demo's revenue had 23.
    await seedDemoActivity(tx, people, { months: 25 });
  },
};
