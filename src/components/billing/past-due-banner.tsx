"use client";

import Link from "next/link";
import { useFormat } from "@/components/format/format-provider";

/** Owners, on every page of the organization: the last payment failed, and until when the plan holds. */
export function PastDueBanner({ slug, graceEndsAt }: { slug: string; graceEndsAt: Date }) {
  const format = useFormat();
  const over = graceEndsAt.getTime() <= Date.now();
  return (
    <div role="alert" className="border-b border-danger-600/30 bg-danger-50 px-4 py-2 text-sm text-danger-700 lg:px-8">
      {over
        ? "The last payment failed and the grace period is over: Free limits apply (nothing is deleted). "
        : `The last payment failed. Your plan stays in force until ${format.date(graceEndsAt)}, then Free limits apply. `}
      <Link href={`/t/${slug}/settings/billing`} className="font-medium underline">
        Update billing
      </Link>
    </div>
  );
}
