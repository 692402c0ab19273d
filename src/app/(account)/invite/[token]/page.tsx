import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { AcceptInvitationButton, InvitationRegisterForm, SignOutForInvitation } from "@/components/orgs/invite-acceptance";
import type { InvitationPreview } from "@/components/orgs/types";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { ROLE_LABELS } from "@/server/modules/orgs/roles";
import { getSessionUser } from "@/server/session";
import { serverCaller } from "@/trpc/server";

export const metadata: Metadata = { title: "Invitation", referrer: "no-referrer" };
export const dynamic = "force-dynamic";

/** The longest token the API takes; anything longer cannot be an invitation. */
const MAX_TOKEN_LENGTH = 200;

async function preview(token: string): Promise<InvitationPreview> {
  if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) return { status: "invalid" };
  const api = await serverCaller();
  return api.invitations.preview({ token });
}

function roleWithArticle(role: keyof typeof ROLE_LABELS): string {
  const label = ROLE_LABELS[role].toLowerCase();
  return `${/^[aeiou]/.test(label) ? "an" : "a"} ${label}`;
}

const CLOSED: Record<Exclude<InvitationPreview["status"], "valid">, { title: string; text: string }> = {
  expired: {
    title: "This invitation has expired",
    text: "Invitation links work for 7 days. Ask the person who invited you to send a new one: in Settings → Members they can resend it.",
  },
  used: {
    title: "This invitation has already been used",
    text: "Each link works once. If you accepted it, the organization is among yours once you are signed in. Otherwise ask the person who invited you for a new invitation.",
  },
  revoked: {
    title: "This invitation was withdrawn",
    text: "The organization revoked it. If you still should join, ask the person who invited you for a new invitation.",
  },
  invalid: {
    title: "This invitation link is not valid",
    text: "The link may be incomplete (copy the whole link from the email) or replaced by a newer invitation. Ask the person who invited you for a new one.",
  },
};

/**
 * /invite/[token]: the link from an invitation email. Shows what the invitation is for
 * and the one next step that fits: join, sign out of another account, sign in, or
 * create an account. Reveals nothing about the organization unless the token is right.
 */
export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [invitation, user] = await Promise.all([preview(token), getSessionUser()]);
  const here = `/invite/${encodeURIComponent(token)}`;

  if (invitation.status !== "valid") {
    const closed = CLOSED[invitation.status];
    return (
      <AuthCard
        title={closed.title}
        footer={
          <Link href={user ? "/" : "/sign-in"} className="font-medium text-brand-700 hover:underline">
            {user ? "Go to your organizations" : "Sign in to NeuroOps"}
          </Link>
        }
      >
        <p className="text-sm text-ink-muted">{closed.text}</p>
      </AuthCard>
    );
  }

  const org = invitation.organization.name;
  const role = roleWithArticle(invitation.role);
  const subtitle = `${invitation.invitedBy ?? "Someone"} invited you to join ${org} as ${role}.`;

  if (user && user.email.toLowerCase() === invitation.email.toLowerCase()) {
    return (
      <AuthCard title={`Join ${org}`} subtitle={subtitle}>
        <div className="flex flex-col gap-4">
          <p className="text-sm text-ink-muted">
            You are signed in as <span className="font-medium text-ink">{user.email}</span>. Joining adds {org} to your organizations; you can switch
            between them at any time.
          </p>
          <AcceptInvitationButton token={token} orgName={org} />
        </div>
      </AuthCard>
    );
  }

  if (user) {
    return (
      <AuthCard title={`Join ${org}`} subtitle={subtitle}>
        <div className="flex flex-col gap-4">
          <Alert tone="info">
            This invitation is for <span className="font-medium">{invitation.email}</span>, but you are signed in as{" "}
            <span className="font-medium">{user.email}</span>.
          </Alert>
          <p className="text-sm text-ink-muted">Sign out to continue: you come back to this page, where you can sign in or create an account with {invitation.email}.</p>
          <SignOutForInvitation token={token} />
        </div>
      </AuthCard>
    );
  }

  if (invitation.accountExists) {
    return (
      <AuthCard title={`Join ${org}`} subtitle={subtitle}>
        <div className="flex flex-col gap-4">
          <p className="text-sm text-ink-muted">
            There is already a NeuroOps account for <span className="font-medium text-ink">{invitation.email}</span>. Sign in with it to accept.
          </p>
          <ButtonLink href={`/sign-in?callbackUrl=${encodeURIComponent(here)}`} className="w-full">
            Sign in to accept
          </ButtonLink>
        </div>
      </AuthCard>
    );
  }

  return (
    <AuthCard
      title={`Join ${org}`}
      subtitle={`${subtitle} Create your account to accept.`}
      footer="Not for you? Ignore it: nothing happens unless you accept."
    >
      <InvitationRegisterForm token={token} email={invitation.email} orgName={org} />
    </AuthCard>
  );
}
