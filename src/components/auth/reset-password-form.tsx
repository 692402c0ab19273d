"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { signIn } from "next-auth/react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { PASSWORD_MIN_LENGTH, passwordSchema } from "@/server/modules/accounts/validation";
import { useTRPC } from "@/trpc/client";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { TextField } from "../ui/field";
import { readServerError } from "../ui/server-errors";

const resetPasswordSchema = z
  .object({ password: passwordSchema, confirmPassword: z.string().min(1, "Type the new password again.") })
  .refine((values) => values.password === values.confirmPassword, { message: "The passwords do not match.", path: ["confirmPassword"] });
type Values = z.infer<typeof resetPasswordSchema>;

const INVALID_LINK = "This reset link is invalid, used or expired. Ask for a new one.";

/** Sets a new password from an emailed link, then signs in with it (every other session was ended). */
export function ResetPasswordForm({ token }: { token: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [formError, setFormError] = useState<string | null>(null);
  const [linkInvalid, setLinkInvalid] = useState(false);
  const [done, setDone] = useState(false);
  const form = useForm<Values>({ resolver: zodResolver(resetPasswordSchema), defaultValues: { password: "", confirmPassword: "" } });
  const resetPassword = useMutation(trpc.accounts.resetPassword.mutationOptions());
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async ({ password }) => {
    setFormError(null);
    setLinkInvalid(false);
    let email: string;
    try {
      ({ email } = await resetPassword.mutateAsync({ token, password }));
    } catch (error) {
      const { message, fieldErrors } = readServerError(error);
      if (fieldErrors.token?.length) {
        setLinkInvalid(true);
        return;
      }
      const passwordError = fieldErrors.password?.[0];
      if (passwordError) form.setError("password", { message: passwordError });
      setFormError(message);
      return;
    }
    setDone(true);
    const result = await signIn("credentials", { email, password, redirect: false });
    if (!result || result.error) {
      // The password is changed either way; signing in can still be refused (e.g. rate limited).
      router.replace("/sign-in?reset=1");
      return;
    }
    router.replace("/");
    router.refresh();
  });

  if (done) {
    return <Alert tone="success">Your password was changed. Signing you in…</Alert>;
  }

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      {linkInvalid && (
        <Alert>
          {INVALID_LINK}{" "}
          <Link href="/forgot-password" className="font-medium underline">
            Get a new link
          </Link>
        </Alert>
      )}
      {formError && <Alert>{formError}</Alert>}
      <TextField
        label="New password"
        type="password"
        autoComplete="new-password"
        hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
        error={errors.password?.message}
        {...form.register("password")}
      />
      <TextField
        label="Confirm new password"
        type="password"
        autoComplete="new-password"
        error={errors.confirmPassword?.message}
        {...form.register("confirmPassword")}
      />
      <Button type="submit" pending={isSubmitting} className="mt-2 w-full">
        Set new password
      </Button>
    </form>
  );
}
