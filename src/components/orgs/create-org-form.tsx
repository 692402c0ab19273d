"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { createOrganizationInput } from "@/server/modules/orgs/validation";
import { useTRPC } from "@/trpc/client";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { TextField } from "../ui/field";
import { readServerError } from "../ui/server-errors";

export function CreateOrgForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<{ name: string }>({ resolver: zodResolver(createOrganizationInput), defaultValues: { name: "" } });
  const create = useMutation(trpc.orgs.create.mutationOptions());

  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null);
    try {
      const org = await create.mutateAsync(values);
      router.push(`/t/${org.slug}`);
      router.refresh();
    } catch (error) {
      const { message, fieldErrors } = readServerError(error);
      if (fieldErrors.name?.[0]) form.setError("name", { message: fieldErrors.name[0] });
      setFormError(message);
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      {formError && <Alert>{formError}</Alert>}
      <TextField
        label="Organization name"
        placeholder="Acme Inc."
        hint="Shown to your team. You can change it later."
        error={form.formState.errors.name?.message}
        {...form.register("name")}
      />
      <Button type="submit" pending={form.formState.isSubmitting} className="w-full">
        Create organization
      </Button>
    </form>
  );
}
