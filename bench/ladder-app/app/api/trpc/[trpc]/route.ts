// (e) the app's own tRPC route handler, unchanged, served without the app's proxy (src/proxy.ts).
export const dynamic = "force-dynamic";
export { GET, POST } from "@/app/api/trpc/[trpc]/route";
