import Link from "next/link";
import type { DescribableAuditEntry } from "@/server/modules/audit/describe";
import { describeAudit } from "@/server/modules/nav";

/** "Dana moved deal “Acme renewal” to Won", the record linked: one wording for the home page and the audit log. */
export function AuditSentence({ entry, actor, slug }: { entry: DescribableAuditEntry; actor: string | null; slug: string }) {
  const description = describeAudit(entry);
  const record = description.name ? `${description.noun} “${description.name}”` : description.noun;
  return (
    <>
      {actor && <span className="font-medium">{actor}</span>} {description.verb}{" "}
      {description.href ? (
        <Link href={`/t/${slug}${description.href}`} className="font-medium text-brand-700 hover:underline">
          {record}
        </Link>
      ) : (
        record
      )}
      {description.detail}
    </>
  );
}
