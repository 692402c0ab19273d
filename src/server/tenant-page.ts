import "server-only";
import { notFound, permanentRedirect } from "next/navigation";
import { cache } from "react";
import { findOrganizationForUser, type Organization } from "./modules/orgs/service";
import type { SessionUser } from "./modules/accounts/service";
import { requireSessionUser } from "./session";

/**
 * The signed-in user and the organization of a /t/[slug] page, once per request
 * (layout and page share it). Signed out → sign in, then back to the page's exact address.
 * Not a member → the 404 page, which reveals nothing.
 */
export const getTenantPage = cache(async (slug: string): Promise<{ user: SessionUser; org: Organization }> => {
  const user = await requireSessionUser(`/t/${slug}`);
  const org = await findOrganizationForUser(user.id, slug);
  if (!org) notFound();
  // An old slug (the organization was renamed): send the link to the current address.
  if (org.slug !== slug) permanentRedirect(`/t/${org.slug}`);
  return { user, org };
});
