"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { inviteeEmailSchema } from "@/server/modules/accounts/validation";
import { ORGS } from "@/server/modules/orgs/permissions";
import { MEMBER_ROLES, ROLE_LABELS, roleAtLeast } from "@/server/modules/orgs/roles";
import type { MemberRole } from "@/server/modules/orgs/schema";
import { useTRPC } from "@/trpc/client";
import { Button } from "../ui/button";
import { TextField } from "../ui/field";
import { readServerError } from "../ui/server-errors";
import { NoticeAlert, type Notice } from "./notice";
import { ROLE_HINTS } from "./role-badge";
import { SelectField } from "../ui/field";
import { SectionCard } from "./section-card";

/** The browser's copy of `createInvitationInput` (src/server/modules/orgs/invitations.ts imports server modules). */
const inviteSchema = z.object({
  email: inviteeEmailSchema,
  role: z.enum(MEMBER_ROLES),
});
type Values = z.input<typeof inviteSchema>;

/** Owners and admins invite by email; only owners may invite owners. */
export function InviteForm({ role }: { role: MemberRole }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<Notice | null>(null);
  const clearNotice = useCallback(() => setNotice(null), []);
  const form = useForm<Values>({ resolver: zodResolver(inviteSchema), defaultValues: { email: "", role: "member" } });
  const create = useMutation(trpc.invitations.create.mutationOptions());
  const { errors, isSubmitting } = form.formState;
  const roles = MEMBER_ROLES.filter((option) => option !== "owner" || roleAtLeast(role, ORGS.own));
  const chosenRole = form.watch("role");

  const onSubmit = form.handleSubmit(async (values) => {
    setNotice(null);
    try {
      const invitation = await create.mutateAsync(values);
      setNotice({ tone: "success", text: `Invitation sent to ${invitation.email}.` });
      form.reset({ email: "", role: values.role });
      await queryClient.invalidateQueries(trpc.invitations.pathFilter());
    } catch (error) {
      const { message, fieldErrors } = readServerError(error);
      let fieldError = false;
      for (const field of ["email", "role"] as const) {
        const fieldMessage = fieldErrors[field]?.[0];
        if (fieldMessage) {
          form.setError(field, { message: fieldMessage }, { shouldFocus: !fieldError });
          fieldError = true;
        }
      }
      setNotice({ tone: "error", text: fieldError ? "Could not send the invitation: check the highlighted fields." : `Could not send the invitation: ${message}` });
    }
  });

  return (
    <SectionCard title="Invite people">
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
        <NoticeAlert notice={notice} onDismiss={clearNotice} />
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-[minmax(0,1fr)_12rem_auto] sm:items-start">
          <TextField label="Email" type="email" autoComplete="off" placeholder="colleague@company.com" error={errors.email?.message} {...form.register("email")} />
          <SelectField label="Role" error={errors.role?.message} {...form.register("role")}>
            {roles.map((option) => (
              <option key={option} value={option}>
                {ROLE_LABELS[option]}
              </option>
            ))}
          </SelectField>
          <Button type="submit" pending={isSubmitting} className="sm:mt-[1.625rem]">
            Send invitation
          </Button>
        </div>
        <p className="text-xs text-ink-faint">
          {ROLE_HINTS[chosenRole]} The link in the email works once and expires in 7 days.
        </p>
      </form>
    </SectionCard>
  );
}
