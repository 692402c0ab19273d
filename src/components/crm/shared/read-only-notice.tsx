import { Icon } from "@/components/shell/icons";
import { ButtonLink } from "@/components/ui/button";
import { roleWithArticle } from "@/server/modules/orgs/roles";
import type { MemberRole } from "@/server/modules/orgs/schema";

/** Shown instead of a create form to viewers (the server refuses them anyway). */
export function ReadOnlyNotice({ role, what, backHref }: { role: MemberRole; what: string; backHref: string }) {
  return (
    <section className="flex flex-col items-start gap-4 rounded-card border border-gray-200 bg-white p-6 shadow-sm sm:flex-row">
      <span className="flex size-10 shrink-0 items-center justify-center rounded-full bg-surface-sunken text-ink-muted" aria-hidden>
        <Icon name="lock" />
      </span>
      <div className="flex flex-col gap-3">
        <div>
          <p className="font-medium text-ink">Viewers cannot add {what}.</p>
          <p className="mt-1 text-sm text-ink-muted">
            You are {roleWithArticle(role)}: you can read the CRM. Ask an owner or admin to make you a member if you need to add or change records.
          </p>
        </div>
        <ButtonLink href={backHref} variant="secondary" className="self-start">
          Back to {what}
        </ButtonLink>
      </div>
    </section>
  );
}
