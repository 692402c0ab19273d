"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { LoadError } from "@/components/ui/list-states";
import { readServerError } from "@/components/ui/server-errors";
import { useTRPC } from "@/trpc/client";
import { CompanyForm } from "../companies/company-form";
import { ContactForm } from "../contacts/contact-form";
import { useFormData } from "./hooks";

function FormLoading({ what }: { what: string }) {
  return (
    <div className="flex flex-col gap-5" aria-hidden>
      <span className="sr-only" role="status">
        Opening the {what} form…
      </span>
      {[0, 1, 2].map((i) => (
        <div key={i} className="h-40 animate-pulse rounded-card bg-surface-sunken" />
      ))}
    </div>
  );
}

/** /t/[slug]/crm/contacts/new (?company=<id> starts it at that company). You own what you create, unless you choose someone else. */
export function NewContact({ slug, userId, companyId }: { slug: string; userId: string; companyId?: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const data = useFormData("contact");
  const company = useQuery(trpc.crm.companies.get.queryOptions({ id: companyId ?? "" }, { enabled: Boolean(companyId), retry: false }));
  const companyReady = !companyId || !company.isPending;

  if (data.error) return <LoadError message={`Could not open the form: ${readServerError(data.error).message}`} retrying={data.retrying} onRetry={data.retry} />;
  if (!data.ready || !companyReady) return <FormLoading what="contact" />;
  return (
    <ContactForm
      slug={slug}
      contact={null}
      fields={data.fields}
      members={data.members}
      currency={data.currency}
      defaults={{ ownerId: userId, company: company.data ? { id: company.data.id, name: company.data.name } : null }}
      onCancel={() => router.back()}
    />
  );
}

export function NewCompany({ slug, userId }: { slug: string; userId: string }) {
  const router = useRouter();
  const data = useFormData("company");
  if (data.error) return <LoadError message={`Could not open the form: ${readServerError(data.error).message}`} retrying={data.retrying} onRetry={data.retry} />;
  if (!data.ready) return <FormLoading what="company" />;
  return <CompanyForm slug={slug} company={null} fields={data.fields} members={data.members} currency={data.currency} defaultOwnerId={userId} onCancel={() => router.back()} />;
}
