"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { signIn, signOut } from "next-auth/react";
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

/** Signed in with the invited email: one button joins. */
export function AcceptInvitationButton({ token, orgName }: { token: string; orgName: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const accept = useMutation(
    trpc.invitations.accept.mutationOptions({
      onSuccess: ({ organization }) => {
        router.replace(`/t/${organization.slug}`);
        router.refresh();
      },
      onError: (failure) => setError(readServerError(failure).message),
    }),
  );
  return (
    <div className="flex flex-col gap-4">
      {error && <Alert>{error}</Alert>}
      <Button
        type="button"
        className="w-full"
        pending={accept.isPending || accept.isSuccess}
        onClick={() => {
          setError(null);
          accept.mutate({ token });
        }}
      >
        Join {orgName}
      </Button>
    </div>
  );
}

/** Signed in as someone else: sign out and come back to this page. */
export function SignOutForInvitation({ token }: { token: string }) {
  const [pending, setPending] = useState(false);
  return (
    <Button
      type="button"
      variant="secondary"
      className="w-full"
      pending={pending}
      onClick={() => {
        setPending(true);
        void signOut({ callbackUrl: `/invite/${encodeURIComponent(token)}` });
      }}
    >
      Sign out
    </Button>
  );
}

/** The browser's copy of `acceptAsNewUserInput` without the token (src/server/modules/orgs/invitations.ts imports server modules). */
const registerSchema = z.object({
  name: z.string().trim().min(1, "Enter your name.").max(120, "Use at most 120 characters."),
  password: passwordSchema,
});
type Values = z.input<typeof registerSchema>;

/** No account yet: name and password create it (with the invited email), join, sign in. */
export function InvitationRegisterForm({ token, email, orgName }: { token: string; email: string; orgName: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<Values>({ resolver: zodResolver(registerSchema), defaultValues: { name: "", password: "" } });
  const acceptAsNewUser = useMutation(trpc.invitations.acceptAsNewUser.mutationOptions());
  const [redirecting, setRedirecting] = useState(false);
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null);
    let joined: { organization: { slug: string }; email: string };
    try {
      joined = await acceptAsNewUser.mutateAsync({ token, ...values });
    } catch (error) {
      const { message, fieldErrors } = readServerError(error);
      let fieldError = false;
      for (const field of ["name", "password"] as const) {
        const fieldMessage = fieldErrors[field]?.[0];
        if (fieldMessage) {
          form.setError(field, { message: fieldMessage }, { shouldFocus: !fieldError });
          fieldError = true;
        }
      }
      setFormError(fieldError ? "Check the highlighted fields." : message);
      return;
    }
    setRedirecting(true);
    const result = await signIn("credentials", { email: joined.email, password: values.password, redirect: false });
    if (!result || result.error) {
      // The account exists and the membership too; only the automatic sign-in failed.
      router.replace(`/sign-in?callbackUrl=${encodeURIComponent(`/t/${joined.organization.slug}`)}`);
      return;
    }
    router.replace(`/t/${joined.organization.slug}`);
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      {formError && <Alert>{formError}</Alert>}
      <TextField
        label="Email"
        type="email"
        value={email}
        readOnly
        hint="The invitation was sent to this address."
        className="[&_input]:border-gray-200 [&_input]:bg-surface-muted [&_input]:text-ink-muted [&_input]:shadow-none"
      />
      <TextField label="Your name" autoComplete="name" error={errors.name?.message} {...form.register("name")} />
      <TextField
        label="Password"
        type="password"
        autoComplete="new-password"
        hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
        error={errors.password?.message}
        {...form.register("password")}
      />
      <Button type="submit" pending={isSubmitting || redirecting} className="mt-2 w-full">
        Create account and join {orgName}
      </Button>
    </form>
  );
}
