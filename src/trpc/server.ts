import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import { createCaller } from "@/server/api/root";
import { createContext } from "@/server/api/trpc";

/**
 * A tRPC caller for server components, built per request (React `cache`): the same
 * procedures, checks and tenant transaction as over HTTP.
 */
export const serverCaller = cache(async (tenantId?: string) => {
  const incoming = await headers();
  const forwarded = new Headers(incoming);
  if (tenantId) forwarded.set("x-tenant-id", tenantId);
  else forwarded.delete("x-tenant-id");
  return createCaller(await createContext({ headers: forwarded }));
});
