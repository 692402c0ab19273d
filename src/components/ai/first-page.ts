/*
 * The inputs of the AI pages' first queries, shared by the client components and the
 * pages' server prefetch (src/app/t/[slug]/ai/prefetch.ts), so the query keys match.
 */

export const DOCUMENTS_PAGE = { limit: 25 } as const;

export const CONVERSATIONS_PAGE = { limit: 30 } as const;
