import type { Citation } from "@/server/modules/ai/chat/protocol";
import { citationHref } from "@/server/modules/ai/chat/protocol";

/* Where the AI pages link to, from /t/[slug]. */

export const aiHref = (slug: string, path = "") => `/t/${slug}/ai${path}`;

export const documentHref = (slug: string, id: string) => aiHref(slug, `/documents/${id}`);

export const chatHref = (slug: string, conversationId?: string | null) => aiHref(slug, conversationId ? `/chat/${conversationId}` : "/chat");

/** The uploaded file as received (a download through the tenant gate). */
export const documentFileHref = (tenantId: string, id: string) => `/api/ai/documents/file?tenant=${tenantId}&document=${id}`;

export const billingHref = (slug: string) => `/t/${slug}/settings/billing`;

/** A citation's page: the document viewer at the passage, or the record. */
export const citationLink = (slug: string, citation: Citation) => `/t/${slug}${citationHref(citation)}`;

type PassageRef = Omit<Extract<Citation, { kind: "passage" }>, "kind" | "n" | "excerpt">;

/** A search hit's passage in the viewer: the address its citation would have. */
export const passageLink = (slug: string, passage: PassageRef) => citationLink(slug, { kind: "passage", n: 0, excerpt: "", ...passage });
