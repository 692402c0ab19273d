import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/api/root";
import { createContext } from "@/server/api/trpc";
import { withLogContext } from "@/server/platform/logger";

export const dynamic = "force-dynamic";

function handler(req: Request) {
  const requestId = req.headers.get("x-request-id")?.slice(0, 64) || crypto.randomUUID();
  const headers = new Headers(req.headers);
  headers.set("x-request-id", requestId);
  return withLogContext({ requestId }, () =>
    fetchRequestHandler({
      endpoint: "/api/trpc",
      req,
      router: appRouter,
      createContext: ({ resHeaders }) => createContext({ headers, resHeaders }),
      responseMeta() {
        return { headers: { "x-request-id": requestId, "cache-control": "no-store" } };
      },
    }),
  );
}

export { handler as GET, handler as POST };
