import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { ResetPasswordForm } from "@/components/auth/reset-password-form";

export const metadata: Metadata = { title: "Choose a new password" };
export const dynamic = "force-dynamic";

/** The link from the reset email. The token is only checked (and used up) when the form is sent. */
export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return (
    <AuthCard
      title="Choose a new password"
      subtitle="You will be signed out everywhere else and signed in here with the new password."
      footer={
        <>
          Link not working?{" "}
          <Link href="/forgot-password" className="font-medium text-brand-700 hover:underline">
            Get a new one
          </Link>
        </>
      }
    >
      <ResetPasswordForm token={token} />
    </AuthCard>
  );
}
