import { and, asc, eq, sql } from "drizzle-orm";
import { runtimeDb } from "../../db/client";
import { uuidLiteral } from "../../db/literal";
import { enterTenant, withTenant, withUser, type TenantTx } from "../../db/tenant";
import { sessionStateSql, type SessionState } from "../accounts/sessions";
import { memberDirectory } from "./directory";
import { recordAudit } from "../audit/service";
import { PermanentJobError, type JobActor, type MemberGate } from "../../jobs/define";
import { TENANT_LIFECYCLE } from "../lifecycle";
import { roleAtLeast } from "./roles";
import { memberships, tenants, type MemberRole } from "./schema";
import { slugCandidate, slugify } from "./slug";
import { createOrganizationInput } from "./validation";

export type Organization = {
  id: string;
  slug: string;
  name: string;
  role: MemberRole;
  suspendedAt: Date | null;
  suspendedReason?: string | null;
  /** IANA zone of the organization: dates on its pages are shown in it (src/lib/format.ts). */
  timeZone?: string;
};

const MAX_SLUG_ATTEMPTS = 50;

/**
 * Creates a tenant with its creator as owner, in one transaction: the tenant row
 * (global table), then, inside that tenant's scope, the membership and the audit entry.
 */
export async function createOrganization(
  userId: string,
  rawInput: { name: string },
  requestId?: string,
): Promise<Organization> {
  const { name } = createOrganizationInput.parse(rawInput);
  const base = slugify(name);
  return runtimeDb().transaction(async (tx) => {
    let tenant: typeof tenants.$inferSelect | undefined;
    for (let attempt = 0; !tenant && attempt < MAX_SLUG_ATTEMPTS; attempt++) {
      const slug = slugCandidate(base, attempt);
      // A slug another organization had before a rename still redirects there: skip it too.
      const [formerlyUsed] = await tx.select({ id: tenants.id }).from(tenants).where(sql`${slug} = any(${tenants.previousSlugs})`).limit(1);
      if (formerlyUsed) continue;
      [tenant] = await tx.insert(tenants).values({ name, slug, createdBy: userId }).onConflictDoNothing({ target: tenants.slug }).returning();
    }
    if (!tenant) {
      // Practically unreachable; a random suffix always resolves it.
      [tenant] = await tx
        .insert(tenants)
        .values({ name, slug: `${base.slice(0, 38)}-${crypto.randomUUID().slice(0, 8)}`, createdBy: userId })
        .returning();
    }
    const created = tenant!;
    const scoped = await enterTenant(tx, { tenantId: created.id, userId, requestId });
    await scoped.insert(memberships).values({ userId, role: "owner", lastActiveAt: new Date() });
    for (const { onTenantCreated } of TENANT_LIFECYCLE) await onTenantCreated?.(scoped);
    await recordAudit(scoped, {
      action: "organization.created",
      entityType: "organization",
      entityId: created.id,
      after: { name: created.name, slug: created.slug },
    });
    return { id: created.id, slug: created.slug, name: created.name, role: "owner", suspendedAt: null };
  });
}

const organizationColumns = {
  id: tenants.id,
  slug: tenants.slug,
  name: tenants.name,
  role: memberships.role,
  suspendedAt: tenants.suspendedAt,
  suspendedReason: tenants.suspendedReason,
  timeZone: tenants.timeZone,
};

/** The organizations this user belongs to, by name. */
export async function listMyOrganizations(userId: string): Promise<Organization[]> {
  return withUser(userId, (tx) =>
    tx
      .select(organizationColumns)
      .from(memberships)
      .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
      .where(eq(memberships.userId, userId))
      .orderBy(asc(tenants.name)),
  );
}

/**
 * The organization with this slug (or one it had before a rename: compare the
 * returned slug to redirect) if the user is a member of it, else null.
 */
export async function findOrganizationForUser(userId: string, slug: string): Promise<Organization | null> {
  const rows = await withUser(userId, (tx) =>
    tx
      .select(organizationColumns)
      .from(memberships)
      .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
      .where(and(eq(memberships.userId, userId), sql`(${tenants.slug} = ${slug} or ${slug} = any(${tenants.previousSlugs}))`)),
  );
  return rows.find((row) => row.slug === slug) ?? rows[0] ?? null;
}

/**
 * The caller's membership in the transaction's tenant, checked on every tenant
 * request (hence plain SQL: it is the hottest query of the app); null when they are
 * not a member. Also returns the user's session version, checked against the JWT: the
 * one place outside accounts that reads `users` itself (not the user_profiles view,
 * which leaves session versions out), to keep the check to one statement; and, given the
 * request's session id, that session's state (accounts' `sessionStateSql`: a primary-key
 * lookup in the same statement, so no extra round trip). Without one (jobs) it reads "ended".
 * Its ids are literals, not parameters (db/literal.ts: UUIDs only): a statement without
 * parameters takes one round trip and is sent right behind the tenant settings
 * (withTenantPipelined).
 */
export async function findMembership(
  tx: TenantTx,
  tenantId: string,
  userId: string,
  sessionId?: string,
): Promise<(Organization & { plan: string; sessionVersion: number; sessionState: SessionState; user: { name: string; email: string }; activeRecently: boolean }) | null> {
  const sessionState = sessionId ? sessionStateSql(sessionId, userId) : sql`'ended'`;
  const rows = await tx.execute<{
    id: string;
    slug: string;
    name: string;
    role: MemberRole;
    suspended_at: string | null;
    suspended_reason: string | null;
    plan: string;
    session_version: number;
    session_state: SessionState;
    user_name: string;
    user_email: string;
    active_recently: boolean;
  }>(sql`
    select t.id, t.slug, t.name, m.role, t.suspended_at, t.suspended_reason, t.plan, u.session_version, u.name as user_name, u.email as user_email,
           ${sessionState} as session_state,
           coalesce(m.last_active_at > now() - interval '5 minutes', false) as active_recently,
           -- The member's role for the rest of this transaction (the CRM visibility policy reads it).
           set_config('app.role', m.role::text, true) as role_set
      from memberships m
      join tenants t on t.id = m.tenant_id
      join users u on u.id = m.user_id
     where m.tenant_id = ${uuidLiteral(tenantId)} and m.user_id = ${uuidLiteral(userId)}`);
  const row = rows[0];
  if (!row) return null;
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    role: row.role,
    suspendedAt: row.suspended_at ? new Date(row.suspended_at) : null,
    suspendedReason: row.suspended_reason,
    // For the API rate limit (api/tenant-rate-limit.ts): read here so it costs no query of its own.
    plan: row.plan,
    sessionVersion: row.session_version,
    sessionState: row.session_state,
    user: { name: row.user_name, email: row.user_email },
    activeRecently: row.active_recently,
  };
}

export async function getOrganizationSummary(tx: TenantTx) {
  const [row] = await tx
    .select({
      id: tenants.id,
      slug: tenants.slug,
      name: tenants.name,
      baseCurrency: tenants.baseCurrency,
      createdAt: tenants.createdAt,
      memberCount: sql<number>`(select count(*)::int from ${memberships})`,
    })
    .from(tenants)
    .where(eq(tenants.id, sql`(select nullif(current_setting('app.tenant_id', true), '')::uuid)`));
  return row ?? null;
}

/** The tenant's members by name (Settings → Members, and every people picker through the directory). */
export async function listMembers(tx: TenantTx) {
  return tx
    .select({
      userId: memberDirectory.userId,
      name: memberDirectory.name,
      email: memberDirectory.email,
      role: memberDirectory.role,
      joinedAt: memberDirectory.joinedAt,
      lastActiveAt: memberDirectory.lastActiveAt,
      avatarUpdatedAt: memberDirectory.avatarUpdatedAt,
    })
    .from(memberDirectory)
    .orderBy(asc(memberDirectory.name));
}

/** Whether an organization with this id exists (the Inngest functions refuse events of unknown tenants). */
export async function tenantExists(tenantId: string): Promise<boolean> {
  const [row] = await runtimeDb().select({ id: tenants.id }).from(tenants).where(eq(tenants.id, tenantId));
  return Boolean(row);
}

/**
 * The member a job acts for (`ctx.asMember`), checked when the job runs rather than
 * when it was queued: a member removed, demoted or suspended since then is refused, and
 * retrying cannot change that, so the refusal is permanent.
 */
export const memberGateForJobs: MemberGate = async (tx, tenantId, userId, minimumRole): Promise<JobActor> => {
  const membership = await findMembership(tx, tenantId, userId);
  if (!membership) throw new PermanentJobError(`user ${userId} is no longer a member of this organization`);
  if (membership.suspendedAt) throw new PermanentJobError("the organization is suspended");
  if (!roleAtLeast(membership.role, minimumRole)) {
    throw new PermanentJobError(`user ${userId} is now ${membership.role}; this work needs ${minimumRole} or higher`);
  }
  return { userId, role: membership.role };
};

/** An organization's id by its slug (current or former), for operator commands run on the server (no member involved). */
export async function findTenantIdBySlug(slug: string): Promise<string | null> {
  const [row] = await runtimeDb()
    .select({ id: tenants.id })
    .from(tenants)
    .where(sql`${tenants.slug} = ${slug} or ${slug} = any(${tenants.previousSlugs})`)
    .orderBy(sql`${tenants.slug} = ${slug} desc`)
    .limit(1);
  return row?.id ?? null;
}

/** The longest-standing owner of an organization, for operator commands that act on its behalf. */
export async function findOwnerId(tenantId: string): Promise<string | null> {
  return withTenant({ tenantId, role: "system" }, async (tx) => {
    const [row] = await tx.select({ userId: memberships.userId }).from(memberships).where(eq(memberships.role, "owner")).orderBy(asc(memberships.createdAt)).limit(1);
    return row?.userId ?? null;
  });
}

/** The tenant's members (not open invitations): what billing charges seats for. */
export async function countMembers(tx: TenantTx): Promise<number> {
  const [row] = await tx.select({ n: sql<number>`count(*)::int` }).from(memberships);
  return row?.n ?? 0;
}
