import type { Capabilities } from "../orgs/roles";

/** AI capabilities (client-safe). The chat answers as the asking user: tools see what their role sees. */
export const AI = {
  /** The document library and the chat (a paid feature: the plan must have `ai_chat`). */
  use: "viewer",
  /** Upload documents, and delete or re-index the ones you uploaded. */
  upload: "member",
  /** Delete or re-index anyone's documents. */
  manageOthers: "admin",
} as const satisfies Capabilities;
