"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { emailSchema } from "@/server/modules/accounts/validation";
import { useTRPC } from "@/trpc/client";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { TextField } from "../ui/field";
import { readServerError } from "../ui/server-errors";

const forgotPasswordSchema = z.object({ email: emailSchema });
type Values = { email: string };

/**
 * Asks for a reset link. The answer is the same whether or not the email has an account,
 * so this form never tells which addresses are registered.
 */
export function ForgotPasswordForm() {
  const trpc = useTRPC();
  const [formError, setFormError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const form = useForm<Values>({ resolver: zodResolver(forgotPasswordSchema), defaultValues: { email: "" } });
  const requestReset = useMutation(trpc.accounts.requestPasswordReset.mutationOptions());
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null);
    setNotice(null);
    try {
      const { message } = await requestReset.mutateAsync(values);
      setNotice(message);
    } catch (error) {
      const { message, fieldErrors } = readServerError(error);
      const emailError = fieldErrors.email?.[0];
      if (emailError) form.setError("email", { message: emailError });
      setFormError(message);
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      {formError && <Alert>{formError}</Alert>}
      {notice && <Alert tone="success">{notice}</Alert>}
      <TextField label="Email" type="email" autoComplete="email" error={errors.email?.message} {...form.register("email")} />
      <Button type="submit" pending={isSubmitting} className="mt-2 w-full">
        {notice ? "Send another link" : "Send reset link"}
      </Button>
    </form>
  );
}
