import type { Metadata } from "next";
import { AuditSentence } from "@/components/audit/audit-sentence";
import { GettingStarted } from "@/components/home/getting-started";
import { HomeSectionCard } from "@/components/home/home-sections";
import { Avatar, avatarUrl } from "@/components/ui/avatar";
import { Card, EmptyState } from "@/components/ui/card";
import { createFormatter, formatSettingsFor } from "@/lib/format";
import { AUDIT } from "@/server/modules/audit/permissions";
import { roleAtLeast, ROLE_LABELS, roleWithArticle } from "@/server/modules/orgs/roles";
import { getTenantPage } from "@/server/tenant-page";
import { serverCaller } from "@/trpc/server";

export const metadata: Metadata = { title: "Home" };
export const dynamic = "force-dynamic";

/**
 * "What needs me today": the getting-started checklist of a new organization, then every
 * module's home sections (src/server/modules/home-types.ts), then the members and, for
 * admins, the organization's latest activity. Everything is fetched at once, on the server.
 */
export default async function TenantHome({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { user, org } = await getTenantPage(slug);
  // The layout shows the suspension notice instead; don't ask the API (it refuses).
  if (org.suspendedAt) return null;
  const api = await serverCaller(org.id);
  const canSeeActivity = roleAtLeast(org.role, AUDIT.read);
  const [summary, home, members, activity] = await Promise.all([api.orgs.current(), api.home.get(), api.members.list(), canSeeActivity ? api.audit.list({ limit: 8 }) : Promise.resolve(null)]);
  const settings = formatSettingsFor(user, { timeZone: home.timeZone });
  const format = createFormatter(settings);
  const now = new Date();
  const base = `/t/${org.slug}`;

  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold text-ink">Welcome, {user.name.split(" ")[0]}</h1>
        <p className="mt-1 text-sm text-ink-muted">
          {summary.name} · you are {roleWithArticle(summary.role)} · today is <time dateTime={format.dayKey(now)}>{format.date(now)}</time> ({home.timeZone.replace(/_/g, " ")})
        </p>
      </div>

      <dl className="grid grid-cols-1 gap-4 sm:grid-cols-3">
        {[
          ["Members", format.number(summary.memberCount)],
          ["Base currency", summary.baseCurrency],
          ["Created", format.date(summary.createdAt)],
        ].map(([label, value]) => (
          <div key={label} className="rounded-card border border-gray-200 bg-white p-4 shadow-sm">
            <dt className="text-xs font-medium uppercase tracking-wide text-ink-faint">{label}</dt>
            <dd className="mt-1 text-lg font-semibold text-ink">{value}</dd>
          </div>
        ))}
      </dl>

      {home.checklist && <GettingStarted steps={home.checklist.steps} base={base} />}

      {/* Headline figures span the page, above the lists. */}
      {home.sections
        .filter((section) => section.kind === "metrics")
        .map((section) => (
          <HomeSectionCard key={section.id} section={section} base={base} settings={settings} now={now} />
        ))}

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
        {home.sections
          .filter((section) => section.kind !== "metrics")
          .map((section) => (
            <HomeSectionCard key={section.id} section={section} base={base} settings={settings} now={now} />
          ))}
      </div>

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
        <Card title="Members">
          <ul className="divide-y divide-gray-100">
            {members.map((member) => (
              <li key={member.userId} className="flex items-center justify-between gap-3 py-2.5">
                <div className="flex min-w-0 items-center gap-3">
                  <Avatar name={member.name} src={avatarUrl({ userId: member.userId, avatarVersion: member.avatarUpdatedAt?.getTime() ?? null }, org.id)} size="sm" />
                  <div className="min-w-0">
                    <p className="truncate text-sm font-medium text-ink">{member.name}</p>
                    <p className="truncate text-xs text-ink-muted">{member.email}</p>
                  </div>
                </div>
                <span className="shrink-0 rounded-full bg-surface-sunken px-2 py-0.5 text-xs font-medium text-ink-muted">{ROLE_LABELS[member.role]}</span>
              </li>
            ))}
          </ul>
        </Card>

        {activity && (
          <Card title="Recent activity">
            {activity.items.length === 0 ? (
              <EmptyState title="No activity yet." />
            ) : (
              <ol className="flex flex-col gap-3">
                {activity.items.map((entry) => (
                  <li key={entry.id} className="text-sm">
                    <p className="text-ink">
                      <AuditSentence entry={entry} actor={entry.actorUserId ? (entry.actorName ?? "Deleted user") : "System"} slug={org.slug} />
                    </p>
                    <p className="text-xs text-ink-faint">
                      <time dateTime={entry.createdAt.toISOString()} title={format.dateTimeFull(entry.createdAt)}>
                        {format.relative(entry.createdAt, now)}
                      </time>
                    </p>
                  </li>
                ))}
              </ol>
            )}
          </Card>
        )}
      </div>
    </div>
  );
}
