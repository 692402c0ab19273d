/**
 * The bare baseline of `npm run bench:api`: the audit page query in the same RLS
 * transaction with postgres.js and nothing else. Used by the bare node:http server
 * (bench/api.ts) and by the ladder's "(c) Next route + the same query" (bench/ladder-app).
 */
import postgres from "postgres";

export const APP_ROLE = "neuroops_app"; // the startup option must be a literal, like the app's
export const PAGE = 50;

export type Seeded = { tenantId: string; userId: string };

export type AuditRow = {
  id: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: unknown;
  after: unknown;
  created_at: Date;
  actor_user_id: string | null;
  name: string | null;
  email: string | null;
};

export function createBareSql(url: string, max = 10): postgres.Sql {
  return postgres(url, {
    max,
    prepare: false,
    onnotice: () => {},
    connect_timeout: 5,
    connection: { options: `-c role=${APP_ROLE}` },
  });
}

export async function bareAuditPage(sql: postgres.Sql, { tenantId, userId }: Seeded) {
  const rows = await sql.begin(async (tx) => {
    await tx`select set_config('role', ${APP_ROLE}, true), set_config('app.tenant_id', ${tenantId}, true), set_config('app.user_id', ${userId}, true)`;
    return tx<AuditRow[]>`select a.id, a.action, a.entity_type, a.entity_id, a.before, a.after, a.created_at, a.actor_user_id, u.name, u.email
      from audit_log a left join users u on u.id = a.actor_user_id
      order by a.id desc limit ${PAGE + 1}`;
  });
  const hasMore = rows.length > PAGE;
  const items = hasMore ? rows.slice(0, PAGE) : [...rows];
  return { items, nextCursor: hasMore ? (items[items.length - 1]?.id ?? null) : null };
}
