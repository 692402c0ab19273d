import { defineIsolation } from "../../../test/isolation";
import { buildFraudFixture, fraudIsolationCases } from "./fraud/isolation-cases";

/** Analytics (test support for the isolation table): each area's cases and fixture (fraud so far). */
export const analyticsIsolation = defineIsolation({
  module: "analytics",
  async buildFixture(scope) {
    return { fraud: await buildFraudFixture(scope) };
  },
  cases: { ...fraudIsolationCases },
});
