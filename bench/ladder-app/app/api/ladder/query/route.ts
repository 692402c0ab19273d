// (c) A Next route handler running the bare server's query (same pool options, same
// transaction), no session, no tRPC: Next plus the database path inside Next.
import { bareAuditPage, createBareSql } from "../../../../../lib/api-bare";
import { seeded } from "../../../../lib/env";

export const dynamic = "force-dynamic";

let sql: ReturnType<typeof createBareSql> | undefined;

export async function GET() {
  sql ??= createBareSql(process.env.DATABASE_URL ?? "");
  const page = await bareAuditPage(sql, seeded());
  return Response.json(page);
}
