import { defineIsolation, noFixture } from "../../../test/isolation";
import { dashboardIsolationCases } from "./dashboard/isolation-cases";

/** Analytics' procedures: each area's cases, spread in. */
export const analyticsIsolation = defineIsolation({
  module: "analytics",
  buildFixture: noFixture,
  cases: {
    ...dashboardIsolationCases,
  },
});
