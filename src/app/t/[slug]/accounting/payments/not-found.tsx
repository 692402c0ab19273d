import { PaymentNotFound } from "@/components/accounting/payment-record";

export default function PaymentNotFoundPage() {
  return <PaymentNotFound />;
}
