/** Paths under the app root that an organization slug must not shadow. */
const RESERVED_SLUGS = new Set(["admin", "api", "app", "new", "orgs", "settings", "sign-in", "register", "t", "help", "www"]);

export const SLUG_MAX_LENGTH = 48;

export function isReservedSlug(slug: string): boolean {
  return RESERVED_SLUGS.has(slug);
}

/** "Acme & Co. GmbH" → "acme-co-gmbh"; accents are folded, anything else dropped. */
export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, SLUG_MAX_LENGTH)
    .replace(/-+$/g, "");
  if (slug.length < 2 || RESERVED_SLUGS.has(slug)) return slug.length < 2 ? "org" : `${slug}-org`;
  return slug;
}

/** Candidates in the order they are tried: acme, acme-2, acme-3, … */
export function slugCandidate(base: string, attempt: number): string {
  if (attempt === 0) return base;
  const suffix = `-${attempt + 1}`;
  return `${base.slice(0, SLUG_MAX_LENGTH - suffix.length).replace(/-+$/g, "")}${suffix}`;
}
