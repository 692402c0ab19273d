import type { ModuleNav } from "../nav-types";
import { aiAuditDescribers } from "./audit-describers";
import { AI } from "./permissions";

// Client-safe (read by the app shell): no server imports here.
export const aiNav: ModuleNav = {
  module: "ai",
  sidebar: [{ key: "ai", label: "AI assistant", href: "/ai", icon: "ai", minimumRole: AI.use }],
  audit: aiAuditDescribers,
};
