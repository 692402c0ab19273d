// The app's proxy (src/proxy.ts), unchanged, on one path only: (b) and (b+proxy) then differ
// by the proxy alone. Next reads `config` statically, so it is written out here.
export { proxy } from "@/proxy";

export const config = { matcher: ["/api/ladder/proxied/:path*"] };
