"use client";

import { usePathname } from "next/navigation";
import { ButtonLink } from "@/components/ui/button";
import { ENTITY_LABEL } from "./labels";

type RecordKind = keyof typeof ENTITY_LABEL;

/** "This contact is not available": the record is missing, deleted, merged away or hidden from this viewer. */
export function RecordNotAvailable({ entity, listHref, reason }: { entity: RecordKind; listHref: string; reason?: string }) {
  const labels = ENTITY_LABEL[entity];
  return (
    <section className="flex flex-col items-start gap-4 rounded-card border border-gray-200 bg-white p-6 shadow-sm">
      <div>
        <h1 className="text-lg font-semibold text-ink">{`This ${labels.one} is not available`}</h1>
        <p className="mt-1 text-sm text-ink-muted">
          {reason ?? `This ${labels.one} does not exist, or you do not have access to it.`} It may have been deleted
          {entity === "deal" ? "" : " or merged into another record"}.
        </p>
      </div>
      <ButtonLink href={listHref} variant="secondary">
        Back to {labels.many}
      </ButtonLink>
    </section>
  );
}

/**
 * A record route's not-found.tsx (the page answered 404): the same words as when the
 * record disappears while open. The list is the address's parent (not-found gets no params).
 */
export function RecordNotFoundPage({ entity }: { entity: RecordKind }) {
  const pathname = usePathname();
  const listHref = pathname.replace(/\/[^/]*$/, "") || "/";
  return <RecordNotAvailable entity={entity} listHref={listHref} />;
}
