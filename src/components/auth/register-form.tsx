"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { useForm } from "react-hook-form";
import { PASSWORD_MIN_LENGTH, registerInput } from "@/server/modules/accounts/validation";
import { useTRPC } from "@/trpc/client";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { TextField } from "../ui/field";
import { formServerErrors } from "../ui/server-errors";

type Values = { name: string; email: string; password: string };
const FIELDS = ["name", "email", "password"] as const satisfies readonly (keyof Values)[];

export function RegisterForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<Values>({ resolver: zodResolver(registerInput), defaultValues: { name: "", email: "", password: "" } });
  const register = useMutation(trpc.accounts.register.mutationOptions());
  const { errors, isSubmitting } = form.formState;
  // A refusal's top message is about the values sent: it goes as soon as one is edited
  // (field errors go by themselves, re-validated on change).
  useEffect(() => {
    const subscription = form.watch(() => setFormError(null));
    return () => subscription.unsubscribe();
  }, [form]);

  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null);
    try {
      await register.mutateAsync(values);
    } catch (error) {
      const { formMessage, fields } = formServerErrors(error, FIELDS);
      for (const [field, message] of fields) form.setError(field as keyof Values, { message });
      setFormError(formMessage);
      return;
    }
    const result = await signIn("credentials", { email: values.email, password: values.password, redirect: false });
    if (!result || result.error) {
      // Registration answers the same when the email already had an account (its owner gets an email).
      router.replace("/sign-in?registered=1");
      return;
    }
    router.replace("/orgs/new");
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      {formError && <Alert>{formError}</Alert>}
      <TextField label="Your name" autoComplete="name" error={errors.name?.message} {...form.register("name")} />
      <TextField label="Work email" type="email" autoComplete="email" error={errors.email?.message} {...form.register("email")} />
      <TextField
        label="Password"
        type="password"
        autoComplete="new-password"
        hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
        error={errors.password?.message}
        {...form.register("password")}
      />
      <Button type="submit" pending={isSubmitting} className="mt-2 w-full">
        Create account
      </Button>
    </form>
  );
}
