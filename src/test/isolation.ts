import type { SessionUser } from "../server/modules/accounts/service";
import type { MemberRole } from "../server/modules/orgs/roles";
import { callerFor } from "./fixtures";

/**
 * The isolation table's building blocks. Each module declares its cases and the records
 * they need in its own folder (`src/server/modules/<m>/isolation.ts`);
 * src/test/tenant-procedures.ts only combines them. The isolation test calls every tenant
 * procedure across tenants, the role matrix with every role, and the completeness check
 * fails for a procedure of the app router that no module lists.
 */
export type Caller = ReturnType<typeof callerFor>;

/** What a module's fixture builder gets: its tenant, the owner, and the tenant's name (put it in record names: leaks show). */
export type FixtureScope = { tenantId: string; owner: SessionUser; name: string };

export type TenantProcedureCase<Ids> = {
  minimumRole: MemberRole;
  /**
   * It uses up its record (a delete) or changes the caller's own membership: the role
   * matrix gives each call a fresh tenant, so every role acts on a record that exists.
   */
  fresh?: true;
  /**
   * An allowed role may still get NOT_FOUND, because the procedure hides records that are
   * not the caller's (e.g. another member's import). Without it, NOT_FOUND for an allowed
   * role fails the role matrix: a missing record must not pass for a permission check.
   */
  hidesOthersRecords?: true;
  /** Calls the procedure with record ids taken from `ids` (the caller's own tenant, or another one). */
  call: (api: Caller, ids: Ids) => Promise<unknown>;
};

/** Why a procedure needs no tenant check. */
export type NonTenantReason = "public" | "own account" | "super admin";

export type ModuleIsolation<Ids> = {
  module: string;
  /** The records its cases use, made in a fresh tenant. */
  buildFixture(scope: FixtureScope): Promise<Ids>;
  cases: Record<string, TenantProcedureCase<Ids>>;
  nonTenant?: Record<string, NonTenantReason>;
};

export function defineIsolation<Ids>(isolation: ModuleIsolation<Ids>): ModuleIsolation<Ids> {
  return isolation;
}

/** For modules whose procedures need no records of their own. */
export const noFixture = async (): Promise<Record<string, never>> => ({});
