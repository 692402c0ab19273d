import { AccountNotFound } from "@/components/accounting/account-not-found";

export default function AccountNotFoundPage() {
  return <AccountNotFound />;
}
