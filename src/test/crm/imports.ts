import type { CrmFixtureScope, TenantProcedureCase } from "../tenant-procedures";

/** Records this area's procedures are called with (in their own tenant, or another tenant's). */
export type Ids = Record<string, never>;

export async function buildFixture(_scope: CrmFixtureScope): Promise<Ids> {
  return {};
}

export const cases: Record<string, TenantProcedureCase<Ids>> = {};
