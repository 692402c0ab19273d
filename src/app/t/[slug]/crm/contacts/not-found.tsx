import { RecordNotFoundPage } from "@/components/crm/shared/record-not-found";

export default function ContactNotFound() {
  return <RecordNotFoundPage entity="contact" />;
}
