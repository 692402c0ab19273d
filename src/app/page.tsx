import { redirect } from "next/navigation";
import { runtimeDb } from "@/server/db/client";
import { getLastTenantId } from "@/server/modules/accounts/service";
import { listMyOrganizations } from "@/server/modules/orgs/service";
import { getSessionUser } from "@/server/session";

export const dynamic = "force-dynamic";

/** Signed out → sign in; signed in → the last organization used, else the first, else create one. */
export default async function Home() {
  const user = await getSessionUser();
  if (!user) redirect("/sign-in");
  const organizations = await listMyOrganizations(user.id);
  if (organizations.length === 0) redirect("/orgs/new");
  const lastTenantId = await getLastTenantId(runtimeDb(), user.id);
  const target = organizations.find((org) => org.id === lastTenantId) ?? organizations[0]!;
  redirect(`/t/${target.slug}`);
}
