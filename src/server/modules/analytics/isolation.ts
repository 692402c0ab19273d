import { defineIsolation } from "../../../test/isolation";
import { dashboardIsolationCases } from "./dashboard/isolation-cases";
import { buildFraudFixture, fraudIsolationCases } from "./fraud/isolation-cases";

/** Analytics' procedures: each area's cases and fixture, spread in. */
export const analyticsIsolation = defineIsolation({
  module: "analytics",
  async buildFixture(scope) {
    return { fraud: await buildFraudFixture(scope) };
  },
  cases: {
    ...dashboardIsolationCases,
    ...fraudIsolationCases,
  },
});
