import { DocumentNotFound } from "@/components/accounting/document-record";

export default function DocumentNotFoundPage() {
  return <DocumentNotFound />;
}
