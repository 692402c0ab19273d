import NextAuth from "next-auth";
import { authOptions } from "@/server/modules/accounts/auth";

export const dynamic = "force-dynamic";

type RouteContext = { params: Promise<{ nextauth: string[] }> };

// Built per request so a missing NEXTAUTH_SECRET fails with its clear message at run time, not at build.
async function handler(req: Request, context: RouteContext) {
  return NextAuth(authOptions())(req, context);
}

export { handler as GET, handler as POST };
