import { RecordNotFoundPage } from "@/components/crm/shared/record-not-found";

export default function DealNotFound() {
  return <RecordNotFoundPage entity="deal" />;
}
