import type { SessionUser } from "@/server/modules/accounts/service";
import { ResendVerificationButton } from "../auth/resend-verification";
import { Card } from "../ui/card";
import { AvatarForm } from "./avatar-form";
import { ProfileForm } from "./profile-form";

/** Account → Profile: picture, name, time zone and locale (editable), email and its status. */
export function ProfileSection({ user }: { user: SessionUser }) {
  return (
    <Card title="Profile">
      <div className="flex flex-col gap-6">
        <AvatarForm userId={user.id} name={user.name} avatarVersion={user.avatarVersion} />
        <ProfileForm profile={{ name: user.name, timeZone: user.timeZone, locale: user.locale }} />
        <dl className="grid gap-x-6 gap-y-3 border-t border-gray-100 pt-4 text-sm sm:grid-cols-[10rem_1fr]">
          <dt className="text-ink-muted">Email</dt>
          <dd className="break-all font-medium text-ink">{user.email}</dd>
          <dt className="text-ink-muted">Email status</dt>
          <dd className="flex flex-col items-start gap-2">
            {user.emailVerified ? (
              <span className="rounded-full bg-success-50 px-2 py-0.5 text-xs font-medium text-success-700">Confirmed</span>
            ) : (
              <>
                <span className="rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-800">Not confirmed</span>
                <span className="text-ink-muted">Open the link we emailed you, or get a new one.</span>
                <ResendVerificationButton email={user.email} />
              </>
            )}
          </dd>
        </dl>
      </div>
    </Card>
  );
}
