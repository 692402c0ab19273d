import { RecordNotFoundPage } from "@/components/crm/shared/record-not-found";

export default function CompanyNotFound() {
  return <RecordNotFoundPage entity="company" />;
}
