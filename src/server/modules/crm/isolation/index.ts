import { defineIsolation, type FixtureScope, type TenantProcedureCase } from "../../../../test/isolation";
import * as activities from "./activities";
import * as bulk from "./bulk";
import * as core from "./core";
import * as deals from "./deals";
import * as duplicates from "./duplicates";
import * as imports from "./imports";
import * as trash from "./trash";

/** CRM's isolation cases, one file per area; each area's cases get that area's records. */
const AREAS = { core, deals, activities, duplicates, imports, trash, bulk };
type Area = keyof typeof AREAS;
export type CrmIds = { [A in Area]: Awaited<ReturnType<(typeof AREAS)[A]["buildFixture"]>> };

function cases(): Record<string, TenantProcedureCase<CrmIds>> {
  const all: Record<string, TenantProcedureCase<CrmIds>> = {};
  for (const [area, module] of Object.entries(AREAS) as [Area, (typeof AREAS)[Area]][]) {
    for (const [path, procedure] of Object.entries(module.cases as Record<string, TenantProcedureCase<unknown>>)) {
      all[path] = { ...procedure, call: (api, ids) => procedure.call(api, ids[area]) };
    }
  }
  return all;
}

export const crmIsolation = defineIsolation({
  module: "crm",
  async buildFixture(scope: FixtureScope): Promise<CrmIds> {
    const built: Partial<Record<Area, unknown>> = {};
    for (const [area, module] of Object.entries(AREAS)) built[area as Area] = await module.buildFixture(scope);
    return built as CrmIds;
  },
  cases: cases(),
});
