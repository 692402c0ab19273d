// (b+proxy) The constant of (b) behind the app's proxy (bench/ladder-app/proxy.ts).
export const dynamic = "force-dynamic";
export { GET } from "../../constant/route";
