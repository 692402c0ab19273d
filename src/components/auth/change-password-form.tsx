"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordSchema } from "@/server/modules/accounts/validation";
import { useTRPC } from "@/trpc/client";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { TextField } from "../ui/field";
import { readServerError } from "../ui/server-errors";

const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password.").max(PASSWORD_MAX_LENGTH),
    newPassword: passwordSchema,
    confirmPassword: z.string().min(1, "Type the new password again."),
  })
  .refine((values) => values.newPassword === values.confirmPassword, { message: "The passwords do not match.", path: ["confirmPassword"] });
type Values = z.infer<typeof changePasswordSchema>;

const EMPTY: Values = { currentPassword: "", newPassword: "", confirmPassword: "" };

/**
 * Changing the password ends every session of the account, this one included (the session
 * version is bumped), so on success the form signs in again at once with the new password.
 */
export function ChangePasswordForm({ email }: { email: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [formError, setFormError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const form = useForm<Values>({ resolver: zodResolver(changePasswordSchema), defaultValues: EMPTY });
  const changePassword = useMutation(trpc.accounts.changePassword.mutationOptions());
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async ({ currentPassword, newPassword }) => {
    setFormError(null);
    setNotice(null);
    try {
      await changePassword.mutateAsync({ currentPassword, newPassword });
    } catch (error) {
      const { message, fieldErrors } = readServerError(error);
      let shown = false;
      for (const field of ["currentPassword", "newPassword"] as const) {
        const fieldError = fieldErrors[field]?.[0];
        if (fieldError) {
          form.setError(field, { message: fieldError }, { shouldFocus: !shown });
          shown = true;
        }
      }
      if (!shown) setFormError(message);
      return;
    }
    const result = await signIn("credentials", { email, password: newPassword, redirect: false });
    if (!result || result.error) {
      // The password did change; this session ended with it. Sign in again by hand.
      router.replace(`/sign-in?reset=1&callbackUrl=${encodeURIComponent("/account")}`);
      return;
    }
    form.reset(EMPTY);
    setNotice("Password changed. You were signed out everywhere else.");
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      {formError && <Alert>{formError}</Alert>}
      {notice && <Alert tone="success">{notice}</Alert>}
      {/* For password managers: which account this password belongs to. */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <TextField
        label="Current password"
        type="password"
        autoComplete="current-password"
        error={errors.currentPassword?.message}
        {...form.register("currentPassword")}
      />
      <TextField
        label="New password"
        type="password"
        autoComplete="new-password"
        hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
        error={errors.newPassword?.message}
        {...form.register("newPassword")}
      />
      <TextField
        label="Confirm new password"
        type="password"
        autoComplete="new-password"
        error={errors.confirmPassword?.message}
        {...form.register("confirmPassword")}
      />
      <div>
        <Button type="submit" pending={isSubmitting}>
          Change password
        </Button>
      </div>
    </form>
  );
}
