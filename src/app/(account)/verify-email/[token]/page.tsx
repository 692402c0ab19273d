import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { ResendVerificationButton } from "@/components/auth/resend-verification";
import { ButtonLink } from "@/components/ui/button";
import { EMAIL_VERIFICATION_VALID_HOURS, verifyEmail } from "@/server/modules/accounts/flows";
import { getSessionUser } from "@/server/session";

export const metadata: Metadata = { title: "Confirm your email" };
export const dynamic = "force-dynamic";

const MAX_TOKEN_LENGTH = 200;

/**
 * The link from the confirmation email: opening it uses the token up (once, on the server,
 * so React's double effects in development cannot call it twice).
 */
export default async function VerifyEmailPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const { verified } = token.length > 0 && token.length <= MAX_TOKEN_LENGTH ? await verifyEmail(token) : { verified: false };
  // Read after verifying: the session user then already shows the confirmed address.
  const user = await getSessionUser();

  if (verified || user?.emailVerified) {
    return (
      <AuthCard
        title={verified ? "Email confirmed" : "Email already confirmed"}
        subtitle={verified ? "Thanks! Your email address is confirmed." : `${user?.email} is confirmed; this link is no longer needed.`}
      >
        <ButtonLink href={user ? "/" : "/sign-in"} className="w-full">
          {user ? "Continue to NeuroOps" : "Sign in to continue"}
        </ButtonLink>
      </AuthCard>
    );
  }

  return (
    <AuthCard title="This link is invalid, used or expired" subtitle={`Confirmation links work once and expire after ${EMAIL_VERIFICATION_VALID_HOURS} hours.`}>
      {user ? (
        <div className="flex flex-col gap-4 text-sm text-ink-muted">
          <p>
            Get a new link sent to <span className="font-medium text-ink">{user.email}</span>:
          </p>
          <ResendVerificationButton email={user.email} label="Send a new link" />
          <Link href="/" className="font-medium text-brand-700 hover:underline">
            Continue to NeuroOps
          </Link>
        </div>
      ) : (
        <p className="text-sm text-ink-muted">
          <Link href={`/sign-in?callbackUrl=${encodeURIComponent("/account")}`} className="font-medium text-brand-700 hover:underline">
            Sign in
          </Link>{" "}
          to get a new link from your account page.
        </p>
      )}
    </AuthCard>
  );
}
