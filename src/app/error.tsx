"use client";

import { Button } from "@/components/ui/button";

export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-4 px-4 text-center" role="alert">
      <h1 className="text-xl font-semibold">Something went wrong</h1>
      <p className="max-w-md text-sm text-ink-muted">
        The page could not be loaded. If the database was briefly unavailable, trying again usually helps.
      </p>
      <Button onClick={reset}>Try again</Button>
    </main>
  );
}
