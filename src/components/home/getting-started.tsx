"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { ChecklistStep } from "@/server/modules/home-types";
import { useTRPC } from "@/trpc/client";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { readServerError } from "../ui/server-errors";

/** The getting-started checklist of a new organization: gone once every step is done, or when dismissed (for this user). */
export function GettingStarted({ steps, base }: { steps: ChecklistStep[]; base: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const dismiss = useMutation(trpc.home.dismissChecklist.mutationOptions());
  const done = steps.filter((s) => s.done).length;
  return (
    <section aria-labelledby="getting-started" className="rounded-card border border-brand-200 bg-white p-4 shadow-sm">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 id="getting-started" className="text-base font-semibold text-ink">
            Get started
          </h2>
          <p className="text-sm text-ink-muted">
            {done} of {steps.length} done. This list goes away once everything is done.
          </p>
        </div>
        <Button
          type="button"
          variant="ghost"
          pending={dismiss.isPending}
          onClick={async () => {
            setError(null);
            try {
              await dismiss.mutateAsync();
              router.refresh();
            } catch (failure) {
              setError(readServerError(failure).message);
            }
          }}
        >
          Don&apos;t show again
        </Button>
      </div>
      {error && <Alert>{error}</Alert>}
      <ol className="mt-3 flex flex-col gap-2">
        {steps.map((step) => (
          <li key={step.id} className="flex items-start gap-3">
            <span
              aria-hidden="true"
              className={step.done ? "mt-0.5 grid size-5 shrink-0 place-items-center rounded-full bg-success-700 text-xs text-white" : "mt-0.5 size-5 shrink-0 rounded-full border-2 border-gray-400"}
            >
              {step.done ? "✓" : ""}
            </span>
            <div className="min-w-0">
              <p className="text-sm font-medium text-ink">
                {step.href && !step.done ? (
                  <Link href={`${base}${step.href}`} className="text-brand-700 hover:underline">
                    {step.label}
                  </Link>
                ) : (
                  step.label
                )}
                <span className="sr-only">{step.done ? " (done)" : " (to do)"}</span>
              </p>
              <p className="text-xs text-ink-muted">
                {step.description}
                {!step.done && !step.href ? " An admin of your organization can do this." : ""}
              </p>
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
