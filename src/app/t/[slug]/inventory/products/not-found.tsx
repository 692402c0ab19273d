import { ProductNotFound } from "@/components/inventory/product-record";

export default function ProductNotFoundPage() {
  return <ProductNotFound />;
}
