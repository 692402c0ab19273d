import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SignInForm } from "@/components/auth/sign-in-form";
import { Alert } from "@/components/ui/alert";
import { safeCallbackUrl } from "@/server/modules/accounts/validation";
import { getSessionUser } from "@/server/session";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; reset?: string; registered?: string }> }) {
  const { callbackUrl, reset, registered } = await searchParams;
  // Already signed in: go where the link wanted (if it is on this app), as /register goes home.
  if (await getSessionUser()) redirect(safeCallbackUrl(callbackUrl));
  return (
    <AuthCard
      title="Sign in to NeuroOps"
      subtitle="Welcome back."
      footer={
        <>
          New here?{" "}
          <Link href="/register" className="font-medium text-brand-700 hover:underline">
            Create an account
          </Link>
        </>
      }
    >
      {reset === "1" && (
        <div className="mb-4">
          <Alert tone="success">Your password was changed. Sign in with the new one.</Alert>
        </div>
      )}
      {registered === "1" && (
        <div className="mb-4">
          <Alert tone="info">
            We have sent an email to the address you registered. Sign in to continue. If it already had an account, use that account&apos;s
            password, or choose a new one with &ldquo;Forgot password?&rdquo;.
          </Alert>
        </div>
      )}
      <SignInForm callbackUrl={callbackUrl} />
    </AuthCard>
  );
}
