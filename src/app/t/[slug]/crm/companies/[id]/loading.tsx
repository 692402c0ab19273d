import { RecordSkeleton } from "@/components/crm/shared/record-parts";

/** Below the record layout's existence check: shown while the page prefetches the rest. */
export default function Loading() {
  return (
    <>
      <span className="sr-only" role="status">
        Loading company…
      </span>
      <RecordSkeleton />
    </>
  );
}
