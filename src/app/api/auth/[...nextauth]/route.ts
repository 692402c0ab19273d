import NextAuth from "next-auth";
import { authOptions } from "@/server/modules/accounts/auth";
import { instrumentRoute } from "@/server/platform/metrics";

export const dynamic = "force-dynamic";

type RouteContext = { params: Promise<{ nextauth: string[] }> };

// Built per request so a missing NEXTAUTH_SECRET fails with its clear message at run time, not at build.
const handler = instrumentRoute("/api/auth/[...nextauth]", async (req: Request, context: RouteContext): Promise<Response> => {
  // next-auth's App Router handler answers a Response (its types say `any`).
  return (await NextAuth(authOptions())(req, context)) as Response;
});

export { handler as GET, handler as POST };
