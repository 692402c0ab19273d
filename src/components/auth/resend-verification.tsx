"use client";

import clsx from "clsx";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/trpc/client";
import { Button } from "../ui/button";
import { readServerError } from "../ui/server-errors";

type Outcome = { tone: "success" | "error"; text: string } | null;

/**
 * "Resend link" for the email confirmation, with its result announced in a live region
 * that is always in the page (so screen readers hear the change). Needs a signed-in user.
 */
export function ResendVerificationButton({
  email,
  label = "Resend link",
  appearance = "button",
  className,
}: {
  email: string;
  label?: string;
  appearance?: "button" | "link";
  className?: string;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [outcome, setOutcome] = useState<Outcome>(null);
  const resend = useMutation(trpc.accounts.resendVerification.mutationOptions());

  const onClick = async () => {
    setOutcome(null);
    try {
      const { sent } = await resend.mutateAsync();
      if (sent) {
        setOutcome({ tone: "success", text: `We sent a new link to ${email}.` });
      } else {
        setOutcome({ tone: "success", text: "Your email address is already confirmed." });
        router.refresh();
      }
    } catch (error) {
      setOutcome({ tone: "error", text: readServerError(error).message });
    }
  };

  return (
    <span className={clsx("inline-flex flex-wrap items-center gap-x-3 gap-y-1", className)}>
      {appearance === "link" ? (
        <button
          type="button"
          onClick={onClick}
          disabled={resend.isPending}
          aria-busy={resend.isPending || undefined}
          className="font-medium underline underline-offset-2 hover:no-underline disabled:cursor-wait disabled:opacity-70"
        >
          {resend.isPending ? "Sending…" : label}
        </button>
      ) : (
        <Button type="button" variant="secondary" onClick={onClick} pending={resend.isPending} className="px-3 py-1.5">
          {label}
        </Button>
      )}
      <span role="status" className={clsx("text-sm", outcome?.tone === "error" ? "font-medium text-danger-700" : "text-success-700")}>
        {outcome?.text}
      </span>
    </span>
  );
}
