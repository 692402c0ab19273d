"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import clsx from "clsx";
import Link from "next/link";
import { useState } from "react";
import { Badge, Section, TableFrame, TD, TH } from "@/components/inventory/parts";
import { TableSkeleton } from "@/components/records/parts";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { LoadError } from "@/components/ui/list-states";
import { ModalForm } from "@/components/ui/modal";
import { readServerError } from "@/components/ui/server-errors";
import { useTRPC } from "@/trpc/client";
import { ACCOUNT_TYPE_LABELS, ACCOUNT_TYPE_ORDER } from "./labels";
import { refusalText } from "./parts";
import type { Account, AccountType } from "./types";

/*
 * /t/[slug]/accounting/accounts: the chart of accounts by type. Admins add accounts, change
 * their code and name, deactivate them, and delete the ones nothing was ever posted to
 * (the server refuses the others, and says why).
 */

type Dialog = { kind: "create" } | { kind: "rename"; account: Account } | { kind: "delete"; account: Account } | null;

function fieldError(error: unknown, field: string): string | undefined {
  return error ? readServerError(error).fieldErrors[field]?.[0] : undefined;
}

/** The refusal that belongs to none of the dialog's fields. */
function restError(error: unknown, fields: string[]): string | null {
  if (!error) return null;
  const { message, fieldErrors } = readServerError(error);
  const rest = Object.entries(fieldErrors)
    .filter(([field]) => !fields.includes(field))
    .flatMap(([, messages]) => messages ?? []);
  if (rest.length) return rest.join(" ");
  return fields.some((field) => fieldErrors[field]?.length) ? null : message;
}

function CreateAccount({ accounts, onClose }: { accounts: Account[]; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(trpc.accounting.accounts.create.mutationOptions());
  const [values, setValues] = useState({ code: "", name: "", type: "expense" as AccountType, parentId: "", currency: "", isTax: false });
  const parents = accounts.filter((a) => a.type === values.type);
  return (
    <ModalForm
      open
      size="lg"
      title="New account"
      description="The code orders the chart; the type decides where the account appears in the reports."
      submitLabel="Add the account"
      pending={create.isPending}
      error={restError(create.error, ["code", "name", "type", "parentId", "currency"])}
      onCancel={onClose}
      onSubmit={() =>
        create.mutate(
          { code: values.code, name: values.name, type: values.type, parentId: values.parentId || null, currency: values.currency.trim() || null, isTax: values.isTax },
          {
            onSuccess: async () => {
              await queryClient.invalidateQueries({ queryKey: trpc.accounting.accounts.list.queryKey() });
              onClose();
            },
          },
        )
      }
    >
      <div className="grid gap-4 sm:grid-cols-[8rem_1fr]">
        <TextField label="Code" required value={values.code} error={fieldError(create.error, "code")} onChange={(e) => setValues((v) => ({ ...v, code: e.target.value }))} />
        <TextField label="Name" required value={values.name} error={fieldError(create.error, "name")} onChange={(e) => setValues((v) => ({ ...v, name: e.target.value }))} />
      </div>
      <SelectField label="Type" value={values.type} error={fieldError(create.error, "type")} onChange={(e) => setValues((v) => ({ ...v, type: e.target.value as AccountType, parentId: "" }))}>
        {ACCOUNT_TYPE_ORDER.map((type) => (
          <option key={type} value={type}>
            {ACCOUNT_TYPE_LABELS[type]}
          </option>
        ))}
      </SelectField>
      <SelectField label="Under" value={values.parentId} error={fieldError(create.error, "parentId")} onChange={(e) => setValues((v) => ({ ...v, parentId: e.target.value }))}>
        <option value="">No parent (top level)</option>
        {parents.map((a) => (
          <option key={a.id} value={a.id}>
            {a.code} {a.name}
          </option>
        ))}
      </SelectField>
      <TextField
        label="Currency"
        hint="Empty: any currency. A code like EUR keeps the account in that currency only."
        maxLength={3}
        value={values.currency}
        error={fieldError(create.error, "currency")}
        onChange={(e) => setValues((v) => ({ ...v, currency: e.target.value }))}
      />
      <label className="flex items-center gap-2 text-sm text-ink">
        <input type="checkbox" checked={values.isTax} onChange={(e) => setValues((v) => ({ ...v, isTax: e.target.checked }))} />
        Tax account (the tax lock date applies to entries that touch it)
      </label>
    </ModalForm>
  );
}

function RenameAccount({ account, onClose }: { account: Account; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const update = useMutation(trpc.accounting.accounts.update.mutationOptions());
  const [code, setCode] = useState(account.code);
  const [name, setName] = useState(account.name);
  return (
    <ModalForm
      open
      title={`Rename ${account.code} ${account.name}`}
      submitLabel="Save"
      pending={update.isPending}
      error={restError(update.error, ["code", "name"])}
      onCancel={onClose}
      onSubmit={() =>
        update.mutate(
          { id: account.id, code, name },
          {
            onSuccess: async () => {
              await queryClient.invalidateQueries({ queryKey: trpc.accounting.accounts.list.queryKey() });
              onClose();
            },
          },
        )
      }
    >
      <TextField label="Code" required value={code} error={fieldError(update.error, "code")} onChange={(e) => setCode(e.target.value)} />
      <TextField label="Name" required value={name} error={fieldError(update.error, "name")} onChange={(e) => setName(e.target.value)} />
    </ModalForm>
  );
}

function DeleteAccount({ account, onClose }: { account: Account; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const remove = useMutation(trpc.accounting.accounts.delete.mutationOptions());
  return (
    <ModalForm
      open
      tone="danger"
      focusCancel
      title={`Delete ${account.code} ${account.name}?`}
      description="Only an account nothing was ever written to can be deleted; otherwise deactivate it."
      submitLabel="Delete the account"
      pending={remove.isPending}
      error={remove.error ? refusalText(remove.error) : null}
      onCancel={onClose}
      onSubmit={() =>
        remove.mutate(
          { id: account.id },
          {
            onSuccess: async () => {
              await queryClient.invalidateQueries({ queryKey: trpc.accounting.accounts.list.queryKey() });
              onClose();
            },
          },
        )
      }
    />
  );
}

function ActiveToggle({ account, onRefused }: { account: Account; onRefused: (message: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const update = useMutation(trpc.accounting.accounts.update.mutationOptions());
  return (
    <Button
      type="button"
      variant="ghost"
      className="px-2 py-1"
      pending={update.isPending}
      aria-label={`${account.active ? "Deactivate" : "Activate"} ${account.code} ${account.name}`}
      onClick={() =>
        update.mutate(
          { id: account.id, active: !account.active },
          {
            onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.accounting.accounts.list.queryKey() }),
            onError: (error) => onRefused(refusalText(error)),
          },
        )
      }
    >
      {account.active ? "Deactivate" : "Activate"}
    </Button>
  );
}

export function ChartOfAccounts({ slug, canConfigure }: { slug: string; canConfigure: boolean }) {
  const trpc = useTRPC();
  const accounts = useQuery(trpc.accounting.accounts.list.queryOptions());
  const [dialog, setDialog] = useState<Dialog>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const close = () => setDialog(null);

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
        <div className="max-w-2xl">
          <h1 className="text-2xl font-semibold text-ink">Chart of accounts</h1>
          <p className="mt-1 text-sm text-ink-muted">Every account entries are posted to, by type. An account&apos;s name opens its general ledger.</p>
        </div>
        {canConfigure && (
          <Button type="button" onClick={() => setDialog({ kind: "create" })}>
            New account
          </Button>
        )}
      </div>
      {refusal && (
        <Alert>{refusal}</Alert>
      )}
      {accounts.isPending ? (
        <>
          <span className="sr-only" role="status">
            Loading the chart of accounts…
          </span>
          <TableSkeleton rows={8} />
        </>
      ) : accounts.isError ? (
        <LoadError message={`Could not load the chart of accounts: ${readServerError(accounts.error).message}`} retrying={accounts.isFetching} onRetry={() => void accounts.refetch()} />
      ) : (
        ACCOUNT_TYPE_ORDER.map((type) => {
          const group = accounts.data.filter((a) => a.type === type);
          const depth = (account: Account): number => {
            let d = 0;
            for (let parent = account.parentId; parent && d < 10; d++) parent = accounts.data.find((a) => a.id === parent)?.parentId ?? null;
            return d;
          };
          return (
            <Section key={type} id={`accounts-${type}-heading`} title={ACCOUNT_TYPE_LABELS[type]}>
              {group.length === 0 ? (
                <p className="text-sm text-ink-muted">No {ACCOUNT_TYPE_LABELS[type].toLowerCase()} accounts.</p>
              ) : (
                <TableFrame caption={`${ACCOUNT_TYPE_LABELS[type]} accounts`}>
                  <thead className="bg-surface-muted">
                    <tr>
                      <th scope="col" className={TH}>Code</th>
                      <th scope="col" className={TH}>Name</th>
                      <th scope="col" className={TH}>Currency</th>
                      <th scope="col" className={TH}>Status</th>
                      {canConfigure && (
                        <th scope="col" className={TH}>
                          <span className="sr-only">Actions</span>
                        </th>
                      )}
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-gray-100 bg-white">
                    {group.map((account) => (
                      <tr key={account.id} className={clsx(!account.active && "text-ink-faint")}>
                        <td className={clsx(TD, "tabular-nums")}>{account.code}</td>
                        <td className={TD}>
                          <span style={{ paddingLeft: `${depth(account) * 1.25}rem` }}>
                            <Link href={`/t/${slug}/accounting/accounts/${account.id}`} className="text-brand-700 hover:underline">
                              {account.name}
                            </Link>
                          </span>
                          {account.isTax && (
                            <span className="ml-2">
                              <Badge tone="brand">Tax</Badge>
                            </span>
                          )}
                        </td>
                        <td className={TD}>{account.currency ?? "Any"}</td>
                        <td className={TD}>{account.active ? "Active" : <Badge>Inactive</Badge>}</td>
                        {canConfigure && (
                          <td className={clsx(TD, "whitespace-nowrap text-right")}>
                            <Button type="button" variant="ghost" className="px-2 py-1" aria-label={`Rename ${account.code} ${account.name}`} onClick={() => setDialog({ kind: "rename", account })}>
                              Rename
                            </Button>
                            <ActiveToggle account={account} onRefused={setRefusal} />
                            <Button type="button" variant="ghost" className="px-2 py-1" aria-label={`Delete ${account.code} ${account.name}`} onClick={() => setDialog({ kind: "delete", account })}>
                              Delete
                            </Button>
                          </td>
                        )}
                      </tr>
                    ))}
                  </tbody>
                </TableFrame>
              )}
            </Section>
          );
        })
      )}
      {dialog?.kind === "create" && accounts.data && <CreateAccount accounts={accounts.data} onClose={close} />}
      {dialog?.kind === "rename" && <RenameAccount account={dialog.account} onClose={close} />}
      {dialog?.kind === "delete" && <DeleteAccount account={dialog.account} onClose={close} />}
    </div>
  );
}
