import { EntryNotFound } from "@/components/accounting/entry-record";

export default function EntryNotFoundPage() {
  return <EntryNotFound />;
}
