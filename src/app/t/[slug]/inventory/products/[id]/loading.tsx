import { PageSkeleton } from "@/components/ui/page-skeleton";

/** Below the product layout's existence check: shown while the page prefetches the rest. */
export default function Loading() {
  return <PageSkeleton />;
}
